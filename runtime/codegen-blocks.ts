/**
 * The building blocks of generated row classes: exactly the names of the runtime's symbol table
 * (symbols.ts), from their home modules; a test holds the two to the same list. Converters such
 * as `toBigInt`, violation constructors, guards: not an API for people. Generated code reaches
 * them through `legolas-ts/codegen` (codegen.ts); the shipped schemas' generated modules import
 * this module directly (`--runtime ../codegen-blocks.js`), since codegen.ts exports them.
 * Browser-safe.
 */
export { RowValidationError } from "./errors.js";
export { defineSchemaVersion, type SchemaVersion } from "./schema-version.js";
export {
  checkFailed,
  collectViolations,
  compliesSafely,
  constraintViolated,
  incorrectType,
  missingField,
  type Violation,
} from "./violations.js";
export {
  codePointLength,
  convertInput,
  isDateTime,
  isDay,
  isFloat32,
  isInt64,
  isTimeOfDay,
  isUint64,
  isUuid,
  isWellFormedText,
  toArray,
  toBigInt,
  toDate,
  toDateTime,
  toFloat32,
  toRecord,
  toStruct,
  toTimestamp,
  toTypedArray,
  toUuid,
  toWeightsValue,
  type Unchecked,
  wellFormedLength,
} from "./convert.js";
export { parseRow, type ParseResult } from "./parse-row.js";
export { patternAutomaton, type PatternAutomaton } from "./patterns.js";
export { standardSchema, type StandardSchemaProps } from "./standard-schema.js";
export { rowFromJson, rowToJson, type JsonFloat, type WeightsJson } from "./json.js";
export { isWeights, toWeights, type Weights, type WeightsInput } from "./weights/weights.js";
export { isList } from "./arrays.js";

/**
 * What generated code imports, as `legolas-ts/codegen`: exactly the names of the runtime's symbol
 * table (symbols.ts), from their home modules; a test holds the two to the same list. These are
 * the generated classes' building blocks (converters such as `toBigInt`, violation constructors,
 * guards), not an API for people: the package entry (`legolas-ts`) and
 * `legolas-ts/runtime` export only what users call. Browser-safe, like core.ts.
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

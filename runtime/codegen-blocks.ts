/**
 * The building blocks of generated row classes: exactly the names of the runtime's symbol table
 * (symbols.ts), from their home modules; a test holds the two to the same list. Converters such
 * as `toBigInt`, violation constructors, guards: not an API for people. Generated code reaches
 * them through `legolas-ts/codegen` (codegen.ts); the shipped schemas' generated modules import
 * this module directly (`--runtime ../codegen-blocks.js`), since codegen.ts exports them.
 * Browser-safe.
 */
export { defineSchemaVersion, type SchemaVersion } from "./schema-version.js";
export { LegolasRow } from "./legolas-row.js";
export { holdsMisspeltOptionalKey } from "./misspelt-keys.js";
export {
  isRow,
  report,
  reportRefusedText,
  rowError,
  unreadableInputError,
  validateRecord,
  validateRow,
  validateTextElements,
} from "./row-validation.js";
export {
  checkFailed,
  constraintViolated,
  incorrectType,
  missingField,
  missingOrIncorrectType,
  symbolWithoutNul,
  type Violation,
  wellFormedUnicode,
} from "./violations.js";
export {
  codePointLength,
  convertInput,
  isDateTime,
  isDay,
  isFloat32,
  isFloat64,
  isInt64,
  isPromiseOrCollection,
  isReadable,
  isRowObject,
  isStructObject,
  isTimeOfDay,
  isUint64,
  isUuid,
  isWellFormedText,
  toArray,
  toBigInt,
  toDate,
  toDateTime,
  toFloat32,
  toInteger,
  toRecord,
  toStruct,
  toSet,
  placeInInput,
  valuePlaceInInput,
  toTuple,
  toMap,
  toUnion,
  toTimestamp,
  toTypedArray,
  toUuid,
  toWeightsValue,
  type Unchecked,
} from "./convert.js";
export { isInt8, isInt16, isInt32, isUint8, isUint16, isUint32 } from "./int-ranges.js";
export { patternAutomaton, type PatternAutomaton } from "./patterns.js";
export type { StandardSchemaProps } from "./standard-schema.js";
export type { ParseResult } from "./parse-row.js";
export type { Complying } from "./complying.js";
export type { JsonFloat, JsonValue, WeightsJson } from "./json.js";
export { isWeights, type Weights, type WeightsInput } from "./weights/weights.js";
export { isList } from "./arrays.js";
export { computedField } from "./field-expressions.js";
export {
  isChar,
  isFloat16,
  isInt128,
  isInteger,
  isListedSchemaVersion,
  isReal,
  isSchemaVersionIdentifier,
  isUint128,
  isVersion,
  toFloat16,
  toVersion,
} from "./julia-scalars.js";

/**
 * What generated code imports, as `legolas-ts/codegen`: exactly the names of the runtime's symbol
 * table (symbols.ts), from their home modules; a test holds the two to the same list. These are
 * the generated classes' building blocks (converters such as `toBigInt`, violation constructors,
 * guards), not an API for people: the package entry (`legolas-ts`) and
 * `legolas-ts/runtime` export only what users call. Browser-safe, like core.ts.
 */
export { defineSchemaVersion, type SchemaVersion } from "./schema-version.js";
export { LegolasRow } from "./legolas-row.js";
export { isRow, report, rowError, validateRecord, validateRow } from "./row-validation.js";
export { checkFailed, constraintViolated, incorrectType, missingField, type Violation } from "./violations.js";
export {
  codePointLength,
  convertInput,
  isDateTime,
  isDay,
  isFloat32,
  isFloat64,
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
export { isInt8, isInt16, isInt32, isUint8, isUint16, isUint32 } from "./int-ranges.js";
export { standardSchema, type StandardSchemaProps } from "./standard-schema.js";
export type { JsonFloat, WeightsJson } from "./json.js";
export { isWeights, type Weights, type WeightsInput } from "./weights/weights.js";

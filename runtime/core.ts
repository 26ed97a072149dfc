/**
 * The runtime core: everything that works on bytes and needs no Node API (no `node:` module, no
 * `Buffer`, `process` or file system), so it bundles for browsers and workers as it is. Users
 * import it as `legolas-ts/runtime` (the package's "browser" condition maps that name here; in
 * Node, runtime/index.ts re-exports all of it and adds the file-based I/O). What only generated
 * code calls (converters, violation constructors, guards) is not here: it is
 * `legolas-ts/codegen` (codegen.ts).
 */
export * from "./errors.js";
export * from "./identifier.js";
export * from "./field-types.js";
export * from "./field-names.js";
export {
  describeValue,
  LISTED_VIOLATIONS,
  renderViolations,
  violationMessage,
  type UnreadableValue,
  type Violation,
  type ViolationCode,
} from "./violations.js";
export { inputFields, NANOSECONDS_PER_DAY, type NestedRowClass, type Unchecked } from "./convert.js";
export * from "./registry.js";
export {
  defineSchemaVersion,
  type CheckDescriptor,
  type FieldDeclaration,
  type RowClass,
  type SchemaVersion,
  type SchemaVersionDeclaration,
} from "./schema-version.js";
export type { ParsableRowClass, ParseResult } from "./parse-row.js";
export {
  pathSegments,
  STANDARD_SCHEMA_VENDOR,
  type StandardIssue,
  type StandardPathSegment,
  type StandardResult,
  type StandardSchemaProps,
} from "./standard-schema.js";
export { DATE_TEXT, type JsonFloat, type JsonObject, type JsonValue, type WeightsJson } from "./json.js";
export * from "./json-schema.js";
export * from "./weights/element-types.js";
export {
  FlatArray,
  flatArrayProblem,
  isWeights,
  mixedElementTypes,
  Weights,
  type FlatArrayInput,
  type WeightsInput,
} from "./weights/weights.js";
export * from "./arrow/metadata.js";
export * from "./arrow/errors.js";
export { arrowSchemaOf, arrowFieldOf, arrowTypeOf } from "./arrow/schema.js";
export { readWeightsColumn } from "./arrow/read-weights-column.js";
export { validateTable, assertTableValid, compliesWith } from "./arrow/validate/table-schema.js";
export {
  validateRecordBatch,
  recordBatchComplies,
  columnValidator,
  type RowViolations,
  type BatchValidationOptions,
  type ColumnValidator,
} from "./arrow/validate/batch.js";
export { readTableBytes, type ReadTableOptions, type ReadTableResult } from "./arrow/read-bytes.js";
export { writeTableBytes, type TableInput, type WriteTableOptions } from "./arrow/write-bytes.js";
export { prepareCompression, type TableCompression } from "./arrow/ipc/codecs.js";
export type { RowValidation } from "./arrow/rows/batch-rows.js";
export {
  MODEL_SCHEMA,
  ModelRowError,
  readModelRowBytes,
  writeModelRowBytes,
  type ModelRowFields,
} from "./model-rows.js";
export * from "./sources.js";

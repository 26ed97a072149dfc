/**
 * legolas-ts without Node APIs: the package entry `legolas-ts` under the `browser` export
 * condition (browsers, workers, bundlers), and everything the Node entry (index.ts) exports
 * besides file paths. Schema versions and rows, validation, tables and model rows on bytes,
 * `Weights`, and the shipped `legolas-flux.model@1`. Nothing here loads TensorFlow.js: the tfjs
 * bridge is `legolas-ts/tfjs`. What only generated code calls is `legolas-ts/codegen`.
 *
 * Every name is listed here on purpose (the API report, api/legolas-ts.api.md, pins them);
 * internals the package's own tools use are reached through `legolas-ts/internal/*`.
 */

// Errors every reader and row may throw; handle them by `code`.
export { FileAccessError, FileChangedError, type FileOperation, LegolasError, RowValidationError } from "./errors.js";
export { formatIdentifier, formatSchemaVersionName, parseIdentifier, type SchemaVersionName } from "./identifier.js";
export { IdentifierError } from "./errors.js";

// Schema versions (descriptors) and the registry that finds them from a table's metadata.
export type { CheckDescriptor, RowClass, SchemaVersion } from "./schema-version.js";
export type { Constraints, FieldDescriptor, FieldType, JuliaContainerType } from "./schema-version-types.js";
export { findSchemaVersion, registeredSchemaVersions } from "./registry.js";
export { SchemaVersionConflictError } from "./errors.js";
export { propertyKey } from "./field-names.js";
export type { JsonSchema } from "./json-schema.js";

// Rows: violations as data, `X.parse`'s result, the JSON form.
export {
  KEPT_VIOLATIONS,
  renderViolations,
  type Violation,
  type ViolationCode,
  violationCount,
  violationMessage,
  type Violations,
} from "./violations.js";
export type { ParseResult } from "./parse-row.js";
export type { Complying } from "./complying.js";
export type { JsonFloat, WeightsJson } from "./json.js";

// Weights: LegolasFlux.jl's arrays of model parameters.
export {
  FlatArray,
  type FlatArrayInput,
  isWeights,
  Weights,
  type WeightsInput,
} from "./weights/weights.js";
export type { WeightsLayout } from "./weights-shape.js";
export { WeightsLayoutError } from "./weights/errors.js";
export { type FlatArrayVec, float16Value, type WeightsElementType } from "./weights/element-types.js";
export { DetachedWeightsError } from "./weights/errors.js";
export { JuliaUnreadableWeightsError, WeightsElementTypeError } from "./weights/errors.js";

// Tables on bytes and Arrow data.
export { type ReadAs, readTableBytes, type ReadTableOptions, type ReadTableResult } from "./arrow/read-bytes.js";
export { type TableInput, type WriteTableOptions, writeTableBytes } from "./arrow/write-bytes.js";
export type { RowValidation } from "./arrow/rows/batch-rows.js";
export { prepareCompression, type TableCompression } from "./arrow/ipc/codecs.js";
export { assertTableValid, compliesWith, validateTable } from "./arrow/validate/table-schema.js";
export {
  type BatchValidationOptions,
  type ColumnValidator,
  columnValidator,
  recordBatchComplies,
  type RowViolations,
  validateRecordBatch,
} from "./arrow/validate/batch.js";
export { readWeightsColumn } from "./arrow/read-weights-column.js";
export {
  type LegolasTableMetadata,
  PROVIDER_NAME_KEY,
  PROVIDER_VERSION_KEY,
  readTableMetadata,
  SCHEMA_QUALIFIED_KEY,
  WEIGHTS_LAYOUT_KEY,
} from "./arrow/metadata.js";
export {
  AnyColumnError,
  ColumnTooLargeError,
  CompressionUnavailableError,
  CorruptTableError,
  ExtraKeyError,
  InvalidOptionError,
  UnstorableValueError,
  UnrepresentableValueError,
  legacyLayoutHint,
  MissingSchemaMetadataError,
  NotArrowFileError,
  SchemaVersionMismatchError,
  StreamRandomAccessError,
  TableFileClosedError,
  RowsConsumedError,
  TableSchemaError,
  UnknownColumnError,
  UnknownOptionError,
  UnknownSchemaVersionError,
  UnreadFieldsError,
  UnsupportedCompressionError,
} from "./arrow/errors.js";

// Tables batch by batch and column by column, from URLs (range requests), Blobs and bytes.
export type { ColumnName, Projected } from "./arrow/projection.js";
export type {
  InvalidRows,
  ReadBatchOptions,
  ReadTableBatchesOptions,
  TableBatch,
  TableFile,
} from "./arrow/table-batches.js";
export type { ReadManyTablesOptions } from "./arrow/many-tables.js";
export { openTableFile, readTableBatches } from "./arrow/table-sources.js";
// What a read takes that Legolas.jl cannot read, which every writer refuses: found on request.
export { findJuliaUnreadableColumns } from "./arrow/julia-readable-schema.js";
export { findJuliaUnreadableRows } from "./arrow/julia-unreadable-rows.js";
// Bytes that come once, in order (stdin, a response body): a message at a time.
export { openPipedTable } from "./arrow/piped-table.js";
export { SourceListError } from "./arrow/source/errors.js";

// Model rows on bytes, and byte sources (URLs, responses, files) for browsers.
export { type ModelRow, type ModelRowFields, readModelRowBytes, writeModelRowBytes } from "./model-rows.js";
export { ModelRowError } from "./errors.js";
export {
  type ByteSource,
  readModelRowFrom,
  readSourceBytes,
  readTableFrom,
  type SourceOptions,
  SourceReadError,
} from "./sources.js";

// The shipped schema every model row extends.
export {
  ModelV1,
  type ModelV1Fields,
  type ModelV1Input,
  type ModelV1Json,
  ModelV1SchemaVersion,
} from "./generated/index.js";

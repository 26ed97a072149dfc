/**
 * The legolas-ts runtime core: what generated code imports (as `legolas-ts/runtime`). It does
 * not load TensorFlow.js; the tfjs bridge is exported from the package entry, `legolas-ts`.
 */
export * from "./errors.js";
export * from "./identifier.js";
export * from "./field-types.js";
export * from "./violations.js";
export * from "./convert.js";
export * from "./registry.js";
export * from "./schema-version.js";
export * from "./weights/weights.js";
export * from "./symbols.js";
export * from "./arrow/metadata.js";
export * from "./arrow/errors.js";
export { arrowSchemaOf, arrowFieldOf, arrowTypeOf } from "./arrow/schema.js";
export { validateTable, assertTableValid, compliesWith } from "./arrow/validate-table.js";
export { readTableBytes, type ReadTableOptions, type ReadTableResult } from "./arrow/read.js";
export { writeTableBytes, type TableInput, type WriteTableOptions } from "./arrow/write.js";
export type { RowValidation } from "./arrow/rows.js";
export { writeTable, readTable } from "./arrow/tables.js";
export { isTemporaryFileName } from "./arrow/file-io.js";
export { readTableBatches, type TableBatch } from "./arrow/stream.js";
export * from "./model-rows.js";

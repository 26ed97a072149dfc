/**
 * The legolas-ts runtime for Node, as `legolas-ts/runtime` (generated code imports
 * `legolas-ts/codegen` instead, codegen.ts). It is the browser-safe core (core.ts: bytes,
 * validation, Weights) plus the file-based I/O, which uses `node:fs`: `readTable`/`writeTable`
 * (atomic), `openTableFile`/`readTableBatches`, `readModelRow`/`writeModelRow`. It does not load TensorFlow.js;
 * the tfjs bridge is exported from the package entry, `legolas-ts`.
 */
export * from "./core.js";
export { writeTable, readTable } from "./arrow/table-files.js";
export { isTemporaryFileName } from "./replace-file.js";
export {
  openTableFile,
  readTableBatches,
  type InvalidRows,
  type ReadTableBatchesOptions,
  type TableBatch,
  type TableFile,
} from "./arrow/table-batches.js";
export { readModelRow, writeModelRow } from "./model-row-files.js";

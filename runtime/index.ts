/**
 * legolas-ts for Node: the package entry `legolas-ts`. Everything of core.ts (the same API on
 * bytes, the browser build) plus what works on file paths: `readTable`/`writeTable` (atomic),
 * `openTableFile`/`readTableBatches` (batch by batch), `readModelRow`/`writeModelRow`.
 * TensorFlow.js is never loaded from here: the tfjs bridge is `legolas-ts/tfjs`.
 */
export * from "./core.js";
export { readTable, writeTable } from "./arrow/table-files.js";
export {
  type InvalidRows,
  openTableFile,
  readTableBatches,
  type ReadTableBatchesOptions,
  type TableBatch,
  type TableFile,
} from "./arrow/table-batches.js";
export { readModelRow, writeModelRow } from "./model-row-files.js";

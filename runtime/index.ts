/**
 * legolas-ts for Node: the package entry `legolas-ts`. Everything of core.ts (the same API on
 * bytes, the browser build) plus what works on file paths: `readTable`/`writeTable` (atomic),
 * `openTableFile`/`readTableBatches` (batch by batch, paths and globs besides URLs), `readModelRow`/`writeModelRow`.
 * TensorFlow.js is never loaded from here: the tfjs bridge is `legolas-ts/tfjs`.
 */
export * from "./core.js";
// Paths and glob patterns too, where core.ts's readers take URLs, Blobs and bytes.
export {
  openTableFile,
  readTable,
  readTableBatches,
  type WriteTableFileOptions,
  writeTable,
} from "./arrow/table-files.js";
export type { TableSource } from "./arrow/source/node-sources.js";
export { readModelRow, writeModelRow } from "./model-row-files.js";

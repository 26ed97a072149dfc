/**
 * The legolas-ts runtime for Node, as `legolas-ts/runtime` (generated code imports
 * `legolas-ts/codegen` instead, codegen.ts). It is the browser-safe core (core.ts: bytes,
 * validation, Weights) plus the file-based I/O, which uses `node:fs`: `readTable`/`writeTable`
 * (atomic), `openTableFile`/`readTableBatches` (which core.ts has for URLs, `Blob`s and bytes: here
 * they take paths and glob patterns too), `readModelRow`/`writeModelRow`. It does not load
 * TensorFlow.js; the tfjs bridge is exported from the package entry, `legolas-ts`.
 */
export * from "./core.js";
export { writeTable, readTable, openTableFile, readTableBatches } from "./arrow/table-files.js";
export type { TableSource } from "./arrow/source/node-sources.js";
export { isTemporaryFileName } from "./replace-file.js";
export { readModelRow, writeModelRow } from "./model-row-files.js";

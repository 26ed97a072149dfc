/**
 * The TensorFlow.js bridge for Node: `legolas-ts/tfjs`. Everything of core.ts plus model rows on
 * file paths through tfjs's `IOHandler`: `legolasModelRow(path)` and `loadModelRow(model, path)`.
 */
export * from "./core.js";
export { legolasModelRow, loadModelRow } from "./io-handler.js";

/**
 * The TensorFlow.js bridge: moving a tfjs model's weights in and out of `Weights`, and model rows
 * through tfjs's `IOHandler`. core.ts is the browser-safe part; this adds the file paths (Node).
 */
export * from "./core.js";
export * from "./io-handler.js";

/**
 * legolas-ts: the runtime core, the TensorFlow.js bridge, and the shipped schemas
 * (`legolas-flux.model@1` as `ModelV1`).
 */
export * from "./node.js";
export * from "./tfjs/index.js";
export * from "./generated/index.js";

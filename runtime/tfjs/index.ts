/** The TensorFlow.js bridge: moving a tfjs model's weights in and out of `Weights`. */
export * from "./errors.js";
export * from "./model-variables.js";
export * from "./fetch-weights.js";
export * from "./load-weights.js";
export * from "./weights-fit.js";
export * from "./conv-kernels.js";
export * from "./io-handler.js";

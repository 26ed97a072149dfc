/**
 * The TensorFlow.js bridge without Node APIs: moving a tfjs model's weights in and out of
 * `Weights`, and model rows from URLs, `Response`s, `File`s and bytes. index.ts adds the
 * file-path versions (`legolasModelRow`, `loadModelRow`).
 */
export * from "./errors.js";
export * from "./model-variables.js";
export * from "./fetch-weights.js";
export * from "./load-weights.js";
export * from "./weights-fit.js";
export * from "./conv-kernels.js";
export * from "./flux-layers.js";
export * from "./flux-layer-norm.js";
export {
  ArchitectureVersionMismatchError,
  ModelRowHandlerError,
  type LegolasModelRowOptions,
  type LoadModelRowOptions,
  type ModelRowFieldsInput,
} from "./model-row-handler.js";
export * from "./browser-io.js";

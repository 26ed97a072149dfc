/**
 * The TensorFlow.js bridge without Node APIs: `legolas-ts/tfjs` under the `browser` export
 * condition, and everything the Node bridge (index.ts) exports besides file paths. Moving a tfjs
 * model's weights in and out of `Weights`, converting Flux layouts, and model rows from URLs,
 * `Response`s, `File`s and bytes through tfjs's `IOHandler`. The only entry that loads
 * `@tensorflow/tfjs`.
 */
export {
  DisposedModelError,
  UnsupportedWeightDtypeError,
  WeightsMismatchError,
  type WeightsMismatchFacts,
  type WeightsMismatchReason,
} from "./errors.js";
export { fetchWeights, type FetchWeightsOptions } from "./fetch-weights.js";
export { loadWeights, type LoadWeightsOptions } from "./load-weights.js";
export { findWeightsMismatch } from "./weights-fit.js";
export { type ModelVariable, modelVariables } from "./model-variables.js";
export { type FluxConvOptions, fluxConvToTfjs, tfjsConvToFlux } from "./conv-kernels.js";
export {
  FluxConversionError,
  type FluxConversionOptions,
  type FluxConversionReason,
  type FluxLayerInfo,
  type FluxLayerOptions,
  fluxToTfjs,
  tfjsToFlux,
} from "./flux-layers.js";
export { FluxLayerNorm, type FluxLayerNormArgs, fluxLayerNorm } from "./flux-layer-norm.js";
export type {
  LegolasModelRowOptions,
  LoadedModelRow,
  LoadModelRowOptions,
  ModelRowFieldsInput,
} from "./model-row-handler.js";
export { ArchitectureVersionMismatchError } from "./errors.js";
export { ModelRowHandlerError } from "./errors.js";
export { type LegolasModelRowFromOptions, legolasModelRowFrom, loadModelRowFrom } from "./browser-io.js";

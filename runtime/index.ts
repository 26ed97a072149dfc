/**
 * The legolas-ts runtime core: what generated code imports (as `legolas-ts/runtime`). It does
 * not load TensorFlow.js; the tfjs bridge is exported from the package entry, `legolas-ts`.
 */
export * from "./errors.js";
export * from "./identifier.js";
export * from "./field-types.js";
export * from "./violations.js";
export * from "./convert.js";
export * from "./registry.js";
export * from "./schema-version.js";
export * from "./weights/weights.js";
export * from "./symbols.js";

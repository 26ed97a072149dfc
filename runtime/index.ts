/** The legolas-ts runtime: what generated code and users import. */
export * from "./errors.js";
export * from "./identifier.js";
export * from "./field-types.js";
export * from "./violations.js";
export * from "./convert.js";
export * from "./registry.js";
export * from "./schema-version.js";
export * from "./weights/weights.js";
export * from "./symbols.js";
export * from "./tfjs/errors.js";
export * from "./tfjs/model-variables.js";
export * from "./tfjs/fetch-weights.js";
export * from "./tfjs/load-weights.js";
export * from "./tfjs/weights-fit.js";
export * from "./tfjs/conv-kernels.js";

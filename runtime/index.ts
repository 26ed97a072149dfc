/** The legolas-ts runtime: what generated code and users import. */
export * from "./errors.js";
export * from "./identifier.js";
export * from "./field-types.js";
export * from "./violations.js";
export * from "./convert.js";
export * from "./registry.js";
export * from "./schema-version.js";
export * from "./weights/weights.js";

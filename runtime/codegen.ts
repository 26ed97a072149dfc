/**
 * What generated code imports, as `legolas-ts/codegen` (and nothing else): the building blocks
 * of generated row classes (codegen-blocks.ts, listed by name there: exactly the symbol table,
 * symbols.ts) and the shipped schemas that a user's schema may extend or nest, so a generated
 * `digits-model@1` reaches its parent `legolas-flux.model@1` through the same door. No
 * TensorFlow.js and no Node API behind it.
 *
 * The blocks are re-exported as a whole because the shipped schemas' own generated modules
 * import them from codegen-blocks.ts: they cannot import this module, which exports them.
 */
export * from "./codegen-blocks.js";
export {
  ModelV1,
  type ModelV1Fields,
  type ModelV1Input,
  type ModelV1Json,
  ModelV1SchemaVersion,
} from "./generated/index.js";

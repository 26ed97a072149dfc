/**
 * legolas-ts for browsers and workers (the package's "browser" export condition): the runtime
 * core on bytes, the TensorFlow.js bridge, and the shipped schemas, with no Node API inside.
 * Every name here is also exported, with the same meaning, by the Node entry (index.ts); what is
 * missing here works on file paths (`readTable`, `writeTable`, `readTableBatches`, `readModelRow`,
 * `writeModelRow`, `legolasModelRow`, `loadModelRow`): use `readTableFrom`, `readModelRowFrom`,
 * `loadModelRowFrom`, `legolasModelRowFrom` (URLs, `Response`s, `File`s, bytes) and
 * `writeTableBytes` / `writeModelRowBytes` instead.
 */
export * from "./core.js";
export * from "./tfjs/core.js";
export * from "./generated/index.js";

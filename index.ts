/** legolas-ts: the runtime plus the shipped schemas (`legolas-flux.model@1`). */
export * from "./runtime/index.js";
export * from "./generated/index.js";

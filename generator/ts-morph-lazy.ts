/**
 * ts-morph, and the TypeScript compiler it bundles, loaded on first use. Loading them costs
 * ~0.3 s of CPU (a 9 MB compiler), which most runs never need: emit/printer.ts prints the
 * structures itself, and only schemas with row checks parse or type-check TypeScript.
 */
import { createRequire } from "node:module";

type TsMorph = typeof import("ts-morph");

let loaded: TsMorph | undefined;

export function tsMorph(): TsMorph {
  return (loaded ??= createRequire(import.meta.url)("ts-morph") as TsMorph);
}

/** The TypeScript compiler API bundled in ts-morph. */
export function typescript(): TsMorph["ts"] {
  return tsMorph().ts;
}

/**
 * refa (patterns to automata), loaded on first use, by `require`: only schemas with a `pattern`
 * need it, and Node's loader of ES modules would first lex its 1 MB of CommonJS for the names it
 * exports, ~70 ms of a cold `legolas generate` (BENCHMARKS.md, "Issue 14: `generate --check`
 * cold").
 */
import { createRequire } from "node:module";

type Refa = typeof import("refa");

let loaded: Refa | undefined;

export function refa(): Refa {
  return (loaded ??= createRequire(import.meta.url)("refa") as Refa);
}

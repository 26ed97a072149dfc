/**
 * The generator loads what generating needs: the runtime's type model, identifiers and file
 * writing, not its table reader (apache-arrow, ~0.45 s of CPU to load), nor the TypeScript compiler
 * (~0.3 s) when no schema has a row check, nor refa (patterns to automata) until a pattern asks. Runs the built packages (npm test builds them first).
 */
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { loadedModules, packagesOf } from "../helpers/loaded-modules.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

test("importing the generator's pipeline (generate, the output folder's writer and comparer) loads no apache-arrow, no refa", () => {
  const run = loadedModules(
    [
      "--input-type=module",
      "-e",
      'await import("legolas-ts-cli/internal/generate"); await import("legolas-ts-cli/internal/write/output-folder");',
    ],
    ROOT,
  );
  expect(run.stderr).toBe("");
  expect(run.modules.some((module) => module.endsWith("generator/dist/generate.js"))).toBe(true);
  expect([...packagesOf(run.modules)].sort()).toEqual(["signal-exit", "yaml"]);
});

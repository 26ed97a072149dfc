/**
 * The packages' entries are listed once, in each package.json's `exports`; Vitest, the demo
 * page's Vite config and the bundle test read them through tools/source-entries.mjs. The
 * tsconfig files are JSON and cannot import it, so their `paths` are held to the same list here:
 * an entry added to `exports` and not to `paths` (or the reverse) would type-check against one
 * file and run another.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { sourceEntries } from "../../tools/source-entries.mjs";
import { REPOSITORY_ROOT } from "./import-graph.js";

/** A tsconfig's `paths` as specifier -> file relative to the repository's root (tsconfig is JSON with comments). */
function pathsOf(tsconfig: string): Record<string, string> {
  const text = readFileSync(join(REPOSITORY_ROOT, tsconfig), "utf8").replace(/^\s*\/\/.*$/gm, "");
  const { compilerOptions } = JSON.parse(text) as { compilerOptions: { paths: Record<string, [string]> } };
  const folder = join(REPOSITORY_ROOT, tsconfig, "..");
  return Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([specifier, [target]]) => [
      specifier,
      join(folder, target).slice(REPOSITORY_ROOT.length).replace(/^\//, ""),
    ]),
  );
}

/** As `paths` write them: a pattern's match gets its `.ts` from TypeScript's module resolution. */
const asRecord = (entries: readonly { specifier: string; source: string }[]) =>
  Object.fromEntries(entries.map(({ specifier, source }) => [specifier, source.replace(/\*\.ts$/, "*")]));

test("tsconfig.json's paths are the packages' exports, each to the source it is built from", () => {
  expect(pathsOf("tsconfig.json")).toEqual(asRecord(sourceEntries()));
});

test("the demo page type-checks against the browser condition's sources", () => {
  const browser = asRecord(sourceEntries({ browser: true }));
  const paths = pathsOf("examples/browser/tsconfig.json");
  // The page imports only the user entries; each it names is the browser condition's file.
  for (const [specifier, source] of Object.entries(paths)) expect(source, specifier).toBe(browser[specifier]);
  expect(Object.keys(paths).sort()).toEqual(["legolas-ts", "legolas-ts/codegen", "legolas-ts/tfjs"]);
});

/**
 * Golden files: each folder under test/golden holds YAML schemas and the exact TypeScript the
 * generator must print for them. `npm run golden:update` rewrites the expected files; review
 * the diff like any other change. The expected files are also type-checked (`npm run typecheck`)
 * and imported by the behaviour tests.
 *
 * A case whose schemas are shared with other tests names them in `schemas.json` (paths from the
 * repository root) instead of holding a `schemas/` folder: `all-types` prints the every-type
 * fixture of test/schemas, so that a new type is added to one fixture only.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generate } from "../../generator/generate.js";
import type { SourceText } from "../../generator/generate.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../generator/schema-folder.js";
import { compareOutput, writeOutput } from "../../generator/write/output-folder.js";

const GOLDEN = "test/golden";
const cases = readdirSync(GOLDEN, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

/** A case's schemas: its own `schemas/` folder, or the files its `schemas.json` lists. */
async function caseSchemas(folder: string): Promise<SourceText[]> {
  const list = join(folder, "schemas.json");
  if (!existsSync(list)) return readSchemaFolder(join(folder, "schemas"));
  const paths = JSON.parse(readFileSync(list, "utf8")) as string[];
  return Promise.all(paths.map(async (path) => ({ path, text: await readFile(path, "utf8") })));
}

describe.each(cases)("golden case %s", (name) => {
  test("generates exactly the checked-in output", async () => {
    const folder = join(GOLDEN, name);
    const outDir = join(folder, "expected");
    const files = generate(await caseSchemas(folder), {
      outDir,
      shipped: await readSchemaFolder(shippedSchemaFolder()),
      omitVersion: true,
    });
    if (process.env.UPDATE_GOLDEN === "1") await writeOutput(outDir, files);
    const stale = await compareOutput(outDir, files);
    expect(stale.map((s) => `${s.status}: ${s.path}\n${s.diff}`)).toEqual([]);
  });
});

test("every golden case has expected output checked in", () => {
  for (const name of cases) {
    expect(readFileSync(join(GOLDEN, name, "expected", "index.ts"), "utf8")).toContain("@generated");
  }
});

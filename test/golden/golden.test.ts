/**
 * Golden files: each folder under test/golden holds YAML schemas and the exact TypeScript the
 * generator must print for them. `npm run golden:update` rewrites the expected files; review
 * the diff like any other change. The expected files are also type-checked (`npm run typecheck`)
 * and imported by the behaviour tests.
 *
 * The every-type fixture is not a case here: test/schemas is generated into test/generated (kept
 * current by test/cli/generate.test.ts), which the behaviour tests import and the strictest
 * type-check covers, so a new type is added to one fixture only.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generate } from "../../generator/generate.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../generator/schema-folder.js";
import { compareOutput, writeOutput } from "../../generator/write/output-folder.js";
import { gitPatch } from "../../generator/write/patch.js";

const GOLDEN = "test/golden";
const cases = readdirSync(GOLDEN, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe.each(cases)("golden case %s", (name) => {
  test("generates exactly the checked-in output", async () => {
    const folder = join(GOLDEN, name);
    const outDir = join(folder, "expected");
    const files = generate(await readSchemaFolder(join(folder, "schemas")), {
      outDir,
      shipped: await readSchemaFolder(shippedSchemaFolder()),
      omitVersion: true,
    });
    if (process.env.UPDATE_GOLDEN === "1") await writeOutput(outDir, files);
    const stale = await compareOutput(outDir, files);
    expect(gitPatch(stale, outDir)).toBe("");
  });
});

test("every golden case has expected output checked in", () => {
  for (const name of cases) {
    expect(readFileSync(join(GOLDEN, name, "expected", "index.ts"), "utf8")).toContain("@generated");
  }
});

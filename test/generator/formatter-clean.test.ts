/**
 * Generated code is formatter-clean: Biome (biome.jsonc) leaves what the generator writes
 * unchanged and its linter accepts it, for the committed output, for `legolas generate` run on
 * the every-type golden, and for random schemas with long names, deep types and quoted text.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { LINE_WIDTH } from "../../generator/emit/layout.js";
import { generateFromYaml } from "./helpers.js";

const BIOME = join("node_modules", ".bin", "biome");

/** `content` as Biome formats it, for a file at `path` (which picks the configuration). */
function biomeFormat(path: string, content: string): string {
  const result = spawnSync(BIOME, ["format", `--stdin-file-path=${path}`], { input: content, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`biome format ${path} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

describe("generated code and the formatter", () => {
  it("Biome's check (format and lint) passes on every committed generated folder and golden", () => {
    const goldens = readdirSync("test/golden", { withFileTypes: true }).filter((entry) => entry.isDirectory());
    const expected = goldens.map((golden) => `test/golden/${golden.name}/expected`);
    const folders = ["runtime/generated", "test/generated", "bench/generated", "generated", ...expected];
    const result = spawnSync(BIOME, ["check", "--error-on-warnings", ...folders], { encoding: "utf8" });
    expect(result.stderr + result.stdout).toContain("Checked");
    expect(result.status, result.stderr + result.stdout).toBe(0);
  });

  it("`legolas generate` writes the every-type fixture as Biome formats it", () => {
    const out = mkdtempSync(join(tmpdir(), "legolas-format-"));
    try {
      execFileSync("node", ["generator/bin/legolas.js", "generate", "--schemas", "test/schemas", "--out", out]);
      const written = readFileSync(join(out, "test.all-types.ts"), "utf8");
      expect(biomeFormat("generated/test.all-types.ts", written)).toBe(written);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("output for random schemas is formatter-clean, and only string and template literals pass the line width", () => {
    fc.assert(
      fc.property(randomSchema, (schema) => {
        for (const file of generateFromYaml({ [`${schema.schema}.yaml`]: stringify(schema) })) {
          const path = `generated/${file.path}`;
          expect(biomeFormat(path, file.content), path).toBe(file.content);
          const long = file.content.split("\n").filter((line) => [...line].length > LINE_WIDTH);
          expect(long.filter((line) => !/^\s*(doc: )?(["'`]).*\2,$/.test(line))).toEqual([]);
        }
      }),
      { numRuns: 12 },
    );
  });
});

// ---- random schemas that make long lines ----
// Names as long as real ones get: layout.ts does not yet break type arguments (a class prefix of
// 35 or more characters) or the first line of a struct conversion (a name of 40 or more
// characters inside a struct).

const NAMES = ["a", "label", "x_1", "toString", "a_long_field_name_of_six_words"];
const SCALARS = [
  "int8",
  "int32",
  "uint16",
  "int64",
  "float32",
  "float64",
  "string",
  "bool",
  "uuid",
  "date",
  "timestamp<ms>",
];
const TEXT = ["short", 'say "hi"', "it's", "a doc that goes on and on ".repeat(8).trim()];

const scalarDecl = fc.constantFrom(...SCALARS).chain((type) =>
  fc.record(
    {
      type: fc.boolean().map((optional) => type + (optional ? "?" : "")),
      doc: fc.constantFrom(...TEXT),
      ...(type === "string"
        ? { values: fc.constant(['"quoted"', "plain", "it's"]), max_length: fc.constant(12) }
        : type.startsWith("int")
          ? { min: fc.constant(0), max: fc.constant(100) }
          : {}),
    },
    { requiredKeys: ["type"] },
  ),
);

const fieldDecl: fc.Arbitrary<unknown> = fc.letrec<{ field: unknown }>((tie) => ({
  field: fc.oneof(
    { maxDepth: 2, depthIdentifier: "field" },
    scalarDecl,
    fc.constantFrom(...SCALARS).map((type) => `list<list<${type}>>`),
    fc.constantFrom(...SCALARS).map((type) => `list<${type}>?`),
    fc.record({
      type: fc.constantFrom("struct", "list<struct>?"),
      fields: fc
        .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 })
        .chain((names) =>
          fc
            .tuple(...names.map(() => tie("field")))
            .map((decls) => Object.fromEntries(names.map((n, i) => [n, decls[i]]))),
        ),
    }),
  ),
})).field;

const randomSchema = fc
  .tuple(
    fc.constantFrom("t.row", "t.a-rather-long-schema-name"),
    fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }),
    fc.constantFrom(...TEXT),
  )
  .chain(([schema, names, doc]) =>
    fc.tuple(...names.map(() => fieldDecl)).map((decls) => ({
      schema,
      prefix: schema.length > 10 ? "ALongishPrefixName" : "Row",
      doc,
      versions: new Map([[1, { fields: Object.fromEntries(names.map((n, i) => [n, decls[i]])) }]]),
    })),
  );

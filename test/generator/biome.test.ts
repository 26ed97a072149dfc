/**
 * Generated code and Biome: every generated file tells Biome's formatter to leave it as printed
 * (`biome-ignore-all format`; emit/printer.ts has the layout), and Biome's linter accepts it, for
 * the committed output and for random schemas with long names, deep types and quoted text.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { generateFromYaml } from "./helpers.js";

const BIOME = resolve("node_modules", ".bin", "biome");

/** `biome check --error-on-warnings` of `paths` from `cwd`: its exit status and what it printed. */
function biomeCheck(cwd: string, paths: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(BIOME, ["check", "--error-on-warnings", ...paths], { cwd, encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("generated code and Biome", () => {
  it("Biome's check passes on every committed generated folder and golden", () => {
    const goldens = readdirSync("test/golden", { withFileTypes: true }).filter((entry) => entry.isDirectory());
    const expected = goldens.map((golden) => `test/golden/${golden.name}/expected`);
    const result = biomeCheck(".", [
      "runtime/generated",
      "test/generated",
      "bench/generated",
      "generated",
      ...expected,
    ]);
    expect(result.output).toContain("Checked");
    expect(result.status, result.output).toBe(0);
  });

  it("output for random schemas is left as printed by the formatter and passes the linter", () => {
    // Biome reads only files under its project root: a folder of its own, under this repository's settings.
    const folder = mkdtempSync(join(tmpdir(), "legolas-biome-"));
    try {
      const settings = { extends: [resolve("biome.jsonc")], vcs: { enabled: false } };
      writeFileSync(join(folder, "biome.json"), JSON.stringify(settings));
      fc.sample(randomSchema, 12).forEach((schema, run) => {
        for (const file of generateFromYaml({ [`${schema.schema}.yaml`]: stringify(schema) })) {
          const path = join(folder, "generated", String(run), file.path);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, file.content);
        }
      });
      const result = biomeCheck(folder, ["generated"]);
      expect(result.output).toContain("Checked 24 files");
      expect(result.status, result.output).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

// ---- random schemas that make long lines ----

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

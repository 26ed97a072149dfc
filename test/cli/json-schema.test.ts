/**
 * legolas-schema.json, the JSON Schema of the YAML language that editors use (through the YAML
 * language server's `# yaml-language-server: $schema=` hint): it accepts every valid schema file
 * in the repository and rejects the structurally invalid ones. Rules that need other files or the
 * field's type to judge a value (unknown parent, cycles, narrowing, defaults that do not fit) are
 * beyond a JSON Schema; the last tests pin down that boundary.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { parseSchemaFile } from "../../generator/parse/parse-schema-file.js";
import { parseTypeText } from "../../generator/parse/type-expression.js";
import { Diagnostics } from "../../generator/diagnostics.js";
import { generate } from "../../generator/generate.js";
import { FIELD_NAME_PATTERN, STRUCT_CHILD_NAME_PATTERN } from "../../runtime/field-names.js";
import { declarationErrors } from "../generator/helpers.js";

const root = join(import.meta.dirname, "..", "..");
const jsonSchema = JSON.parse(readFileSync(join(root, "generator/legolas-schema.json"), "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addVocabulary(["patternErrorMessage"]);
const validate = ajv.compile(jsonSchema);

function accepts(yamlText: string): boolean {
  return validate(parse(yamlText, { maxAliasCount: 100 })) === true;
}

function yamlFilesIn(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort()
    .map((name) => join(folder, name));
}

const goldenFolders = readdirSync(join(root, "test/golden")).filter((name) =>
  statSync(join(root, "test/golden", name)).isDirectory(),
);
const validFiles = [
  ...yamlFilesIn(join(root, "runtime/schemas")),
  ...yamlFilesIn(join(root, "test/schemas")),
  ...goldenFolders.flatMap((name) => yamlFilesIn(join(root, "test/golden", name, "schemas"))),
  ...yamlFilesIn(join(root, "bench/schemas")),
  ...yamlFilesIn(join(root, "schemas")),
];

test("the JSON Schema is a valid draft-07 schema and the shipped and example schemas point their editor hint at it", () => {
  expect(ajv.validateSchema(jsonSchema)).toBe(true);
  for (const file of yamlFilesIn(join(root, "runtime/schemas"))) {
    expect(readFileSync(file, "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../legolas-ts-cli/legolas-schema.json",
    );
  }
  for (const file of yamlFilesIn(join(root, "schemas"))) {
    expect(readFileSync(file, "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../../generator/legolas-schema.json",
    );
  }
});

test("the field-name and struct-child-name patterns are the runtime's rules (runtime/field-names.ts)", () => {
  type Names = { propertyNames: { pattern: string } };
  const { definitions } = jsonSchema as { definitions: { fields: Names; structFields: Names } };
  expect(definitions.fields.propertyNames.pattern).toBe(FIELD_NAME_PATTERN);
  expect(definitions.structFields.propertyNames.pattern).toBe(STRUCT_CHILD_NAME_PATTERN);
});

describe("every valid schema file in the repository is accepted", () => {
  test("there are files to check", () => expect(validFiles.length).toBeGreaterThanOrEqual(15));
  test.each(validFiles.map((file) => [file.slice(root.length + 1), file]))("%s", (_name, file) => {
    const accepted = validate(parse(readFileSync(file, "utf8")));
    expect(validate.errors ?? []).toEqual([]);
    expect(accepted).toBe(true);
  });
});

function schema(name: string, prefix: string, versions: string): string {
  return `schema: ${name}\nprefix: ${prefix}\nversions:\n${versions}`;
}
const field = (declaration: string) =>
  schema("a", "A", `  1:\n    fields:\n      ${declaration.replaceAll("\n", "\n      ")}\n`);

/**
 * The structural cases of test/generator/declaration-errors.test.ts (same YAML, same rule), plus
 * a few more shapes: the generator rejects each, and so must the JSON Schema.
 */
const structural: [rule: string, yaml: string][] = [
  ["schema-name", schema("A_b", "Ab", "  1:\n")],
  ["prefix", schema("a", "lower", "  1:\n")],
  ["version-number (negative)", schema("a", "A", "  -1:\n")],
  ["version-number (not an integer)", schema("a", "A", "  v1:\n")],
  ["version-number (beyond 2^53 - 1)", schema("a", "A", "  9007199254740992:\n")],
  ["unknown-key (version)", schema("a", "A", "  1:\n    field:\n      x: int8\n")],
  ["parent-identifier", schema("a", "A", "  1:\n    extends: Nowhere\n")],
  ["field-name (leading _)", field("_x: int8")],
  ["field-name (not an identifier)", field("a-b: int8")],
  ["field-name (Julia keyword)", field("end: int8")],
  ["field-name ($ is not in Julia identifiers)", field("$x: int8")],
  ["unknown-type", field("x: int")],
  ["unknown-type (time unit)", field("x: timestamp<days>")],
  ["struct-fields (short form)", field("x: struct")],
  ["constraint-type (min on bool)", field("x:\n  type: bool\n  min: 0")],
  // Beyond declaration-errors.test.ts:
  ["missing-key (schema)", "prefix: A\nversions:\n  1:\n"],
  ["missing-key (versions)", "schema: a\nprefix: A\n"],
  ["file-shape (not a mapping)", "- schema: a\n"],
  ["file-shape (no versions)", "schema: a\nprefix: A\nversions: {}\n"],
  ["unknown-key (file)", "schema: a\nprefix: A\nversion:\n  1:\n"],
  ["unknown-key (field)", field("x:\n  type: int8\n  minimum: 0")],
  ["version-shape", schema("a", "A", "  1: [x]\n")],
  ["fields-shape", schema("a", "A", "  1:\n    fields: [x]\n")],
  ["field-shape (no type)", field("x:\n  doc: no type")],
  ["field-shape (a list)", field("x: [int8]")],
  ["unknown-type (not a string)", field("x: 5")],
  ["unknown-type (optional list element)", field("x: list<int8?>")],
  ["unknown-type (arguments on a plain type)", field("x: int8<ms>")],
  ["unknown-type (bad time zone)", field("x: timestamp<ms, U T C>")],
  ["unknown-type (record without version)", field("x: other-schema")],
  ["struct-fields (fields on a non-struct)", field("x:\n  type: int8\n  fields:\n    y: int8")],
  ["struct-fields (long form without fields)", field("x:\n  type: list<struct>?")],
  ["checks-shape (not a list)", schema("a", "A", "  1:\n    checks: row.x > 0\n")],
  ["checks-shape (no message)", schema("a", "A", "  1:\n    checks:\n      - check: row.x > 0\n")],
  ["wrong-value (doc not a string)", "schema: a\nprefix: A\ndoc: [x]\nversions:\n  1:\n"],
  ["constraint-type (pattern on int)", field("x:\n  type: int8\n  pattern: x")],
  ["constraint-type (length on int)", field("x:\n  type: int8\n  max_length: 3")],
  ["constraint-type (negative length)", field("x:\n  type: string\n  max_length: -1")],
  ["constraint-type (empty values)", field("x:\n  type: string\n  values: []")],
];

describe("structurally invalid schema files are rejected", () => {
  test.each(structural)("%s", (_rule, yaml) => {
    expect(declarationErrors({ "a.yaml": yaml }).length).toBeGreaterThan(0);
    expect(accepts(yaml)).toBe(false);
  });
});

/**
 * What only the generator can tell: rules over several files, over the parent chain, or over a
 * value given the field's type. (YAML syntax errors and duplicate keys never reach a JSON Schema:
 * the YAML language server reports them itself.) The JSON Schema accepts these; `legolas generate`
 * reports them at their `file:line:col`.
 */
const base =
  'schema: base\nprefix: Base\nversions:\n  1:\n    fields:\n      a: int64?\n      b:\n        type: string\n        pattern: "^x"\n';
const semantic: [rule: string, files: Record<string, string>][] = [
  ["file-name", { "other.yaml": schema("a", "A", "  1:\n") }],
  ["unknown-parent", { "a.yaml": schema("a", "A", "  1:\n    extends: nowhere@1\n") }],
  ["extends-own-schema", { "a.yaml": schema("a", "A", "  1:\n  2:\n    extends: a@1\n") }],
  [
    "cycle",
    { "a.yaml": schema("a", "A", "  1:\n    extends: b@1\n"), "b.yaml": schema("b", "B", "  1:\n    extends: a@1\n") },
  ],
  ["cycle (a record containing itself)", { "a.yaml": field("me: a@1?") }],
  ["unknown-type (undeclared record)", { "a.yaml": field("x: b@1") }],
  [
    "narrowing (another type)",
    { "base.yaml": base, "a.yaml": schema("a", "A", "  1:\n    extends: base@1\n    fields:\n      a: int32?\n") },
  ],
  [
    "narrowing (required made optional)",
    { "base.yaml": base, "a.yaml": schema("a", "A", "  1:\n    extends: base@1\n    fields:\n      b: string?\n") },
  ],
  ["default-type", { "a.yaml": field('x:\n  type: int32\n  default: "3"') }],
  ["default-type (out of range)", { "a.yaml": field("x:\n  type: uint8\n  default: 256") }],
  ["default-type (breaks its own max)", { "a.yaml": field("x:\n  type: int32\n  max: 2\n  default: 3") }],
  ["constraint-type (invalid regular expression)", { "a.yaml": field('x:\n  type: string\n  pattern: "("') }],
  ["constraint-type (values that do not fit)", { "a.yaml": field("x:\n  type: int8\n  values: [1, x]") }],
  [
    "check-expression",
    { "a.yaml": schema("a", "A", '  1:\n    checks:\n      - check: "true; process.exit(1)"\n        message: m\n') },
  ],
  ["prefix-clash", { "a.yaml": schema("a", "Same", "  1:\n"), "b.yaml": schema("b", "Same", "  1:\n") }],
  ["unknown-type (unbalanced brackets: a pattern cannot count them)", { "a.yaml": field("x: list<int8>>") }],
  ["unknown-type (a container's arguments: a pattern cannot count them)", { "a.yaml": field("x: map<string>") }],
  ["unknown-type (a union of members JavaScript cannot tell apart)", { "a.yaml": field("x: union<int32, float64>") }],
  ["julia-unreadable (a type no file Julia reads has)", { "a.yaml": field("x: vector<integer>") }],
];

describe("semantic errors are left to the generator", () => {
  test.each(semantic)("%s", (_rule, files) => {
    expect(declarationErrors(files).length).toBeGreaterThan(0);
    for (const text of Object.values(files)) expect(accepts(text)).toBe(true);
  });
});

describe("the type pattern follows the type grammar", () => {
  const typeTexts = [
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "string",
    "binary",
    "uuid",
    "date",
    "datetime",
    "time",
    "Weights",
    "list<datetime>",
    "datetime?",
    "times",
    "datetime<ms>",
    "timestamp",
    "timestamp<s>",
    "timestamp<ms, UTC>",
    "timestamp < us , Europe/Berlin >",
    "timestamp<ns, +01:00>",
    "duration",
    "duration<us>",
    "list<int8>",
    "list<list<list<float64>>>",
    "list<timestamp<ms, UTC>>",
    "list< string >",
    "digits-model@1",
    "legolas-flux.model@0",
    "list<a.b@12>",
    "int8?",
    "list<int8>?",
    "int64 ?",
    "Int8",
    "integer",
    "int",
    "float",
    "list",
    "list<>",
    "list<int8?>",
    "timestamp<>",
    "timestamp<days>",
    "timestamp<ms, UTC, x>",
    "timestamp<ms,>",
    "duration<ms, UTC>",
    "int8<ms>",
    "Digits@1",
    "digits@01",
    "digits@",
    "@1",
    "?",
    "int8??",
    "weights",
    "struct<int8>",
    "list<int8>x",
    "vector<float64>",
    "ntuple<float32, 3>",
    "ntuple<uint8, 16>?",
    "set<string>",
    "tuple<int64, string>",
    "tuple<timestamp<ms, UTC>, list<ntuple<int8, 2>>>",
    "map<string, map<int32, list<string>>>",
    "union<int64, string>?",
    "union < float64 , list<string> , datetime >",
    "vector<>",
    "set<int8?>",
    "ntuple<int8, >",
    "map<string int8>",
    "tuple<int8>x",
  ];
  test.each(typeTexts)("%s", (text) => {
    let valid = true;
    try {
      parseTypeText(text);
    } catch {
      valid = false;
    }
    const yaml = field(`x: ${JSON.stringify(text)}`);
    expect(accepts(yaml)).toBe(valid);
  });
});

// The hostile-input corpus (written separately): whatever the generator accepts, the JSON Schema
// accepts; whatever the parse stage rejects for its shape, the JSON Schema rejects.
const hostileFolder = join(root, "test/hostile/yaml");
const hostileFiles = yamlFilesIn(hostileFolder);
const YAML_LEVEL_RULES = new Set(["yaml-syntax", "duplicate-key", "yaml-aliases"]);

describe.runIf(hostileFiles.length > 0)("the hostile YAML corpus", () => {
  test.each(hostileFiles.map((file) => [file.slice(root.length + 1), file]))("%s", (_name, file) => {
    const text = readFileSync(file, "utf8");
    const diagnostics = new Diagnostics();
    let rules: string[] = [];
    parseSchemaFile(file, text, diagnostics);
    try {
      diagnostics.throwIfAny();
    } catch (error) {
      rules = ((error as { diagnostics?: { rule: string }[] }).diagnostics ?? []).map((d) => d.rule);
    }
    if (rules.some((rule) => YAML_LEVEL_RULES.has(rule))) return; // the YAML language server's job
    let json: unknown;
    try {
      json = parse(text, { maxAliasCount: 100 });
    } catch {
      return;
    }
    if (rules.length > 0) {
      expect(validate(json), `parse stage reports ${rules.join(", ")}`).toBe(false);
      return;
    }
    let generated = true;
    try {
      generate([{ path: file, text }], { outDir: "generated", omitVersion: true, shipped: [] });
    } catch {
      generated = false;
    }
    if (generated) expect(validate(json)).toBe(true);
  });
});

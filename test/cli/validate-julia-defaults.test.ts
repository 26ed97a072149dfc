/**
 * `legolas validate` of a file holding nulls under a field's default in a field not marked
 * nullable, run as a user runs it (the built CLI): a top-level column, a struct's child, a nested
 * record's field, a list's records. legolas-ts reads the default there, Julia the value stored
 * under the null, so each such row is `invalid` (exit 1), the row and the place named with both
 * values and the rewrite, in the text and in `--json`; a file without them is `ok` (exit 0). The
 * files are built with apache-arrow alone, as a validated write refuses them.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeBuilder, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { FileReport } from "../../generator/cli/table-validation.js";
import { loadSchemaFolders } from "../../generator/cli/schema-loader.js";
import { findSchemaVersion } from "../../runtime/index.js";

const CLI = join(import.meta.dirname, "../../generator/bin/legolas.js");

const SEEDED_YAML = `schema: cli.seeded
prefix: Seeded
versions:
  1:
    fields:
      seed:
        type: int64
        default: 5
`;

const DEFAULTS_YAML = `schema: cli.defaults
prefix: Defaults
versions:
  1:
    fields:
      n: int64
      seed:
        type: int64
        default: 5
      s:
        type: struct
        fields:
          a: int64
          rate:
            type: float64
            default: 0.5
      o: cli.seeded@1?
      rs: list<cli.seeded@1>
`;

let dir: string;
let schemas: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "legolas-validate-defaults-"));
  schemas = join(dir, "schemas");
  mkdirSync(schemas);
  writeFileSync(join(schemas, "cli.seeded.yaml"), SEEDED_YAML);
  writeFileSync(join(schemas, "cli.defaults.yaml"), DEFAULTS_YAML);
  await loadSchemaFolders([schemas]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  readonly seed: bigint | null;
  readonly s: { readonly a: bigint; readonly rate: number | null };
  readonly o: { readonly seed: bigint | null } | null;
  readonly rs: readonly { readonly seed: bigint | null }[];
}

/**
 * A cli.defaults@1 file of `rows` laid out as the version says (no field marked nullable but the
 * optional `o`), each null in its validity bitmap over the builders' 0, as apache-arrow writes it.
 */
function write(name: string, rows: readonly Row[]): string {
  const version = findSchemaVersion("cli.defaults@1")!;
  const { fields } = version.arrowSchema;
  const builders = fields.map((field) => makeBuilder({ type: field.type, nullValues: [null] }));
  rows.forEach((row, k) => {
    for (const [builder, value] of builders.map((b, i) => [b, [BigInt(k), row.seed, row.s, row.o, row.rs][i]] as const))
      builder.append(value);
  });
  const schema = new Schema(fields, new Map([["legolas_schema_qualified", version.identifier]]));
  const children = builders.map((builder) => builder.finish().flush());
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows.length, children }));
  const path = join(dir, name);
  writeFileSync(path, tableToIPC(new Table([batch]), "file"));
  return path;
}

function validate(...argv: string[]): { code: number; out: string } {
  const run = spawnSync(process.execPath, [CLI, "validate", "--schemas", schemas, ...argv], { encoding: "utf8" });
  return { code: run.status ?? -1, out: run.stdout };
}

const present: Row = { seed: 1n, s: { a: 1n, rate: 0.25 }, o: null, rs: [{ seed: 2n }] };
const ROWS: Row[] = [
  present,
  { ...present, seed: null },
  { ...present, s: { a: 2n, rate: null }, rs: [{ seed: 3n }, { seed: null }] },
  { ...present, o: { seed: null } },
];

const expected = "a value: the field is not marked nullable, so Julia reads the value stored under a null";
/** What a row's violation says of a null under `default`, 0 stored under it. */
const found = (value: string) =>
  `a null, which legolas-ts reads as the field's default, ${value}, but Julia as the value stored under the null, 0, never missing: ` +
  "Arrow.jl reads a field not marked nullable without its nulls, so the default is never taken; " +
  "rewrite the file with writeTable(path, rows, version) of its rows (readTable's result.rows), which hold the default";

test("each null under a default, in a column or a struct's, a nested record's or a list's records' field, names its row and place with what each reads and the rewrite: invalid, exit 1", () => {
  const path = write("nulls-under-defaults.arrow", ROWS);
  const { code, out } = validate(path);
  expect(code).toBe(1);
  expect(out.split("\n").slice(0, 9)).toEqual([
    `invalid  ${path}: 3 of 4 rows violate cli.defaults@1 (4 violations):`,
    "  row 1:",
    `    - seed: expected ${expected}, found ${found("5")}`,
    "  row 2:",
    `    - s.rate: expected ${expected}, found ${found("0.5")}`,
    `    - rs[].seed: expected ${expected}, found ${found("5")}`,
    "  row 3:",
    `    - o.seed: expected ${expected}, found ${found("5")}`,
    "1 file: 0 valid, 1 invalid, 0 unreadable",
  ]);
});

test("--json names each row and place, with the same words", () => {
  const path = write("nulls-under-defaults.json.arrow", ROWS);
  const { code, out } = validate("--json", path);
  expect(code).toBe(1);
  const place = (row: number, at: string, value: string) => ({
    row,
    code: "incorrect_type",
    path: at,
    expected,
    found: found(value),
  });
  expect((JSON.parse(out) as { files: FileReport[] }).files).toEqual([
    {
      file: path,
      status: "invalid",
      schemaVersion: "cli.defaults@1",
      identifier: "cli.defaults@1",
      rows: 4,
      invalidRows: 3,
      violationCount: 4,
      violations: [
        place(1, "seed", "5"),
        place(2, "s.rate", "0.5"),
        place(2, "rs[].seed", "5"),
        place(3, "o.seed", "5"),
      ],
    },
  ]);
});

test("a file whose only nulls are where the version allows one (a missing optional record) is ok, exit 0", () => {
  const path = write("no-nulls-under-defaults.arrow", [present, { ...present, o: { seed: 4n } }]);
  expect(validate("--json", path)).toEqual({
    code: 0,
    out: expect.stringContaining(`"status": "ok"`),
  });
  const { code, out } = validate(path);
  expect([code, out.split("\n")[0]]).toEqual([0, `ok       ${path}: 2 rows of cli.defaults@1`]);
});

/**
 * `legolas validate` on files laid out otherwise than Julia reads them, which a validated write
 * would lay out for Julia (julia-readable-schema.ts): a nullable column of a required field (as
 * apache-arrow's `tableFromJSON`, pyarrow and Polars mark everything), a list's nullable element,
 * a struct's optional child not nullable, an extension name missing, a legacy name of UTC, a null
 * under a default in a column not nullable. Each is `invalid` (exit 1), the place named with what
 * Julia does and how to rewrite it; readTable still reads the file. The files are our writer's with
 * one field's flags changed through apache-arrow alone, and one Polars wrote.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Data,
  Field,
  Int64,
  List,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeUnit,
  Timestamp,
  tableToIPC,
  Uint32,
  vectorFromArray,
} from "apache-arrow";
import pl from "nodejs-polars";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "./helpers.js";
import type { FileReport, PlacedViolation } from "../../generator/cli/table-validation.js";
import { loadSchemaFolders } from "../../generator/cli/schema-loader.js";
import { findSchemaVersion, readTable, writeTableBytes } from "../../runtime/index.js";
import { encodeRows } from "../../runtime/arrow/rows/row-encoder.js";

const LAYOUT_YAML = `schema: cli.layout
prefix: Layout
versions:
  1:
    fields:
      n: int64
      seed:
        type: int64
        default: 5
      xs: list<int64>
      at: timestamp<ms, UTC>?
      s:
        type: struct
        fields:
          a: int64
          note: string?
      v: version?
`;

/** What a Polars frame of two numeric columns holds. */
const PAIR_YAML = `schema: cli.pair
prefix: Pair
versions:
  1:
    fields:
      n: int64
      x: float64
      note: string?
`;

let dir: string;
let schemas: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "legolas-validate-layout-"));
  schemas = join(dir, "schemas");
  mkdirSync(schemas);
  writeFileSync(join(schemas, "cli.layout.yaml"), LAYOUT_YAML);
  writeFileSync(join(schemas, "cli.pair.yaml"), PAIR_YAML);
  await loadSchemaFolders([schemas]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const version = () => findSchemaVersion("cli.layout@1")!;

async function validate(
  name: string,
  bytes: Uint8Array,
  ...argv: string[]
): Promise<{ code: number; file: FileReport; path: string }> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const result = await runCli("validate", "--json", "--schemas", schemas, ...argv, path);
  return { code: result.code, file: (JSON.parse(result.out) as { files: FileReport[] }).files[0]!, path };
}

function violationsOf(file: FileReport): PlacedViolation[] {
  return file.status === "invalid" ? file.violations : [];
}

const ROWS = [
  { n: 1n, seed: 7n, xs: [1n, 2n], at: null, s: { a: 1n, note: "x" }, v: null },
  { n: 2n, seed: 8n, xs: [], at: null, s: { a: 2n, note: null }, v: null },
];

/** Our validated write's table of ROWS, one field of it replaced by `field` (same data). */
function withField(name: string, field: (written: Field) => Field): Uint8Array {
  const written = new Table(encodeRows(version(), ROWS));
  const fields = written.schema.fields.map((f) => (f.name === name ? field(f) : f));
  const schema = new Schema(fields, written.schema.metadata);
  return tableToIPC(new Table(written.batches.map((b) => new RecordBatch(schema, b.data))), "file");
}

function ourWrite(): Uint8Array {
  return writeTableBytes(ROWS, version());
}

describe("a layout Julia refuses, which a validated write rewrites", () => {
  test("a file our writer wrote is ok", async () => {
    const { code, file } = await validate("written.arrow", ourWrite());
    expect(file.status).toBe("ok");
    expect(code).toBe(0);
  });

  test("a nullable column of a required field is invalid, exit 1, with what Julia reads and the rewrite; readTable reads it", async () => {
    const bytes = withField("n", (f) => new Field(f.name, f.type, true, f.metadata));
    const { code, file, path } = await validate("nullable-n.arrow", bytes);
    expect(code).toBe(1);
    expect(file.status).toBe("invalid");
    const found = violationsOf(file).filter((v) => v.path === "n");
    expect(found).toHaveLength(1);
    expect(found[0]!.row).toBeNull();
    expect(found[0]!.found).toContain("Union{Missing, T}");
    expect(found[0]!.found).toContain("writeTable(");
    expect((await readTable(path, { schemaVersion: version() })).rows.map((r) => (r as { n: bigint }).n)).toEqual([
      1n,
      2n,
    ]);
  });

  test("a nullable column under a default, a list's nullable element, a struct's optional child not nullable: each named", async () => {
    const bytes = withField("seed", (f) => new Field(f.name, f.type, true, f.metadata));
    expect(violationsOf((await validate("nullable-seed.arrow", bytes)).file).map((v) => v.path)).toEqual(["seed"]);
    const nullableElement = withField("xs", (f) => {
      const element = (f.type as List).children[0]!;
      return new Field(f.name, new List(new Field(element.name, element.type, true)), f.nullable, f.metadata);
    });
    expect(violationsOf((await validate("nullable-element.arrow", nullableElement)).file).map((v) => v.path)).toEqual([
      "xs[]",
    ]);
    const requiredNote = withField("s", (f) => {
      const children = (f.type as Struct).children.map((c) => new Field(c.name, c.type, false, c.metadata));
      return new Field(f.name, new Struct(children), f.nullable, f.metadata);
    });
    const found = violationsOf((await validate("required-note.arrow", requiredNote)).file);
    expect(found.map((v) => v.path)).toEqual(["s.note"]);
    expect(found[0]!.found).toContain("NamedTuple");
  });

  test("a VersionNumber without its extension name is invalid (Arrow.jl reads a NamedTuple), named with the extension name", async () => {
    const bytes = withField("v", (f) => new Field(f.name, f.type, f.nullable));
    const found = violationsOf((await validate("no-extension.arrow", bytes)).file);
    expect(found.map((v) => [v.path, v.expected])).toEqual([["v", "the extension name JuliaLang.VersionNumber"]]);
  });

  test("a VersionNumber whose parts are marked nullable is ok (Julia builds VersionNumber(major, ...) of their values); a null in one holds no version, and the file is unreadable (exit 2), as readTable refuses it", async () => {
    const rows = ROWS.map((row, k) => ({ ...row, v: k === 0 ? "1.2.3" : null }));
    const written = new Table(encodeRows(version(), rows));
    const k = written.schema.fields.findIndex((f) => f.name === "v");
    const withMajor = (major: Data) => {
      const v = written.batches[0]!.data.children[k]!;
      const parts = (v.type as Struct).children.map((part) => new Field(part.name, part.type, true, part.metadata));
      const type = new Struct(parts);
      const field = new Field("v", type, true, written.schema.fields[k]!.metadata);
      const fields = written.schema.fields.map((f, j) => (j === k ? field : f));
      const children = written.batches[0]!.data.children.map((c, j) =>
        j === k
          ? makeData({
              type,
              length: 2,
              nullCount: v.nullCount,
              nullBitmap: v.nullBitmap,
              children: [major, ...v.children.slice(1)],
            })
          : c,
      );
      const schema = new Schema(fields, written.schema.metadata);
      return tableToIPC(
        new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length: 2, children }))]),
        "file",
      );
    };
    const major = written.batches[0]!.data.children[k]!.children[0]!;
    // Row 1's version is missing: its parts' nulls there are read by no one.
    const absentUnderMissing = makeData({
      type: new Uint32(),
      length: 2,
      data: major.values,
      nullBitmap: Uint8Array.of(0b01),
      nullCount: 1,
    });
    expect((await validate("nullable-version-parts.arrow", withMajor(absentUnderMissing))).file.status).toBe("ok");
    const absent = makeData({
      type: new Uint32(),
      length: 2,
      data: major.values,
      nullBitmap: Uint8Array.of(0b10),
      nullCount: 1,
    });
    // The bytes under the null are no part: reading them gave "1.2.3" for a version with no major.
    const { code, file, path } = await validate("null-major.arrow", withMajor(absent));
    expect([code, file.status]).toEqual([2, "unreadable"]);
    expect(JSON.stringify(file)).toContain("a VersionNumber value's major is null");
    await expect(readTable(path, { schemaVersion: version() })).rejects.toMatchObject({
      name: "CorruptTableError",
      message: expect.stringContaining("VersionNumber(major, minor, patch, prerelease, build)"),
    });
    // A read that trusts the values refuses it too, as it refuses a value no row can hold, never a lazy row's getter later.
    await expect(readTable(path, { schemaVersion: version(), validate: "columns" })).rejects.toThrow(
      /a VersionNumber value's major is null/,
    );
  });

  test("a timestamp in Etc/UTC is invalid (TimeZones.jl refuses the legacy name); in +00:00, GMT or UTC it is ok", async () => {
    const inZone = (zone: string) =>
      withField("at", (f) => new Field(f.name, new Timestamp(TimeUnit.MILLISECOND, zone), f.nullable, f.metadata));
    const found = violationsOf((await validate("etc-utc.arrow", inZone("Etc/UTC"))).file);
    expect(found.map((v) => v.path)).toEqual(["at"]);
    expect(found[0]!.found).toContain("TimeZones.jl");
    for (const zone of ["+00:00", "GMT", "UTC"])
      expect((await validate(`zone-${zone}.arrow`, inZone(zone))).file.status).toBe("ok");
  });

  test("a null under a default in a column not marked nullable (Julia reads the value under it) names its row; readTable reads the default", async () => {
    const written = new Table(encodeRows(version(), ROWS));
    const k = written.schema.fields.findIndex((f) => f.name === "seed");
    const children = written.batches[0]!.data.children.slice();
    children[k] = vectorFromArray([7n, null], new Int64()).data[0]!;
    const type = new Struct(written.schema.fields);
    const schema = new Schema(written.schema.fields, written.schema.metadata);
    const batch = new RecordBatch(schema, makeData({ type, length: 2, children }));
    const { code, file, path } = await validate("null-under-default.arrow", tableToIPC(new Table([batch]), "file"));
    expect(code).toBe(1);
    const found = violationsOf(file);
    expect(found.map((v) => [v.row, v.path])).toEqual([[1, "seed"]]);
    expect(found[0]!.found).toContain("but Julia as the value stored under the null, 0,");
    expect((await readTable(path, { schemaVersion: version() })).rows.map((r) => (r as { seed: bigint }).seed)).toEqual(
      [7n, 5n],
    );
  });
});

describe("a file Polars wrote", () => {
  test("Polars marks every column nullable: each required one is named, exit 1; readTable reads it", async () => {
    const frame = pl.DataFrame({
      n: pl.Series("n", [1, 2], pl.Int64),
      x: pl.Series("x", [0.5, 1.5], pl.Float64),
    });
    const { code, file, path } = await validate("polars.arrow", frame.writeIPC(), "--as", "cli.pair@1");
    expect(code).toBe(1);
    expect(violationsOf(file).map((v) => [v.row, v.path])).toEqual([
      [null, "n"],
      [null, "x"],
    ]);
    const read = await readTable(path, { schemaVersion: findSchemaVersion("cli.pair@1")! });
    expect(read.rows.map((r) => (r as { x: number }).x)).toEqual([0.5, 1.5]);
  });

  test("--no-julia checks what legolas-ts reads only: the same file is ok, exit 0; a row that breaks the version is still invalid", async () => {
    const frame = pl.DataFrame({
      n: pl.Series("n", [1, 2], pl.Int64),
      x: pl.Series("x", [0.5, 1.5], pl.Float64),
    });
    const passed = await validate("polars-no-julia.arrow", frame.writeIPC(), "--as", "cli.pair@1", "--no-julia");
    expect([passed.code, passed.file.status]).toEqual([0, "ok"]);
    const broken = pl.DataFrame({ n: pl.Series("n", [1, null], pl.Int64), x: pl.Series("x", [0.5, 1.5], pl.Float64) });
    const invalid = await validate("polars-missing-n.arrow", broken.writeIPC(), "--as", "cli.pair@1", "--no-julia");
    expect(invalid.code).toBe(1);
    expect(violationsOf(invalid.file).map((v) => [v.row, v.path, v.code])).toEqual([[1, "n", "missing_field"]]);
  });
});

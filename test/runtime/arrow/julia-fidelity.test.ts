/**
 * `writeTable` as `Legolas.write` behaves (a `metadata` option, the Legolas key always winning),
 * strictness where Legolas.jl is strict (a nested record labelled as another schema version; a
 * null in a required field at any depth, whatever the column's nullability), the field metadata
 * of Julia types legolas-ts reads as plain values kept when a table is written back, and the
 * placeholders Arrow.jl writes under a missing struct row, which are no values to judge.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Bool,
  DateMillisecond,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  List,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from "apache-arrow";
import { afterAll, describe, expect, test } from "vitest";
import {
  FlatArray,
  findSchemaVersion,
  ModelV1SchemaVersion,
  readTable,
  readTableBytes,
  SCHEMA_QUALIFIED_KEY,
  type SchemaVersion,
  validateTable,
  Weights,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";
import {
  AllTypesV1SchemaVersion,
  Issue94ParentV1SchemaVersion,
  NestedV1SchemaVersion,
  SignalV2SchemaVersion,
} from "../../generated/index.js";
import { arrowJlExtension, labelsOf, withoutLabels } from "./helpers/arrow-jl-extension.js";
import { juliaTable, legolasTable } from "./helpers/legolas-table.js";
import { loadYamlSchemas } from "./helpers/row-path.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-fidelity-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const ROW = { flag: true, small: 1, ubyte: 2, uint: 3, double: 0.5 };

describe("writeTable's metadata option, like Legolas.write", () => {
  test("entries are added to the table metadata; legolas_schema_qualified is always the schema version's", async () => {
    const path = join(folder, "metadata.arrow");
    await writeTable(path, [ROW], AllTypesV1SchemaVersion, {
      metadata: { source: "lab 3", [SCHEMA_QUALIFIED_KEY]: "something-else@9" },
    });
    const metadata = tableFromIPC(readFileSync(path)).schema.metadata;
    expect(Object.fromEntries(metadata)).toEqual({
      source: "lab 3",
      [SCHEMA_QUALIFIED_KEY]: AllTypesV1SchemaVersion.identifier,
    });
    expect((await readTable(path)).identifier).toBe(AllTypesV1SchemaVersion.identifier);
  });

  test("an Arrow table input keeps its metadata and extra columns; the option's entries go over its own", () => {
    const own = tableFromIPC(
      writeTableBytes([ROW], AllTypesV1SchemaVersion, {
        metadata: new Map([
          ["kept", "1"],
          ["replaced", "old"],
        ]),
      }),
    );
    const extra = own.schema.fields.length;
    const withExtra = new Table(
      own.batches.map((batch) => {
        const data = batch.data;
        const more = vectorFromArray(["x"]).data[0]!;
        const schema = new Schema([...own.schema.fields, new Field("note", more.type, true)], own.schema.metadata);
        return new RecordBatch(
          schema,
          data.clone(new Struct(schema.fields), 0, data.length, 0, undefined, [...data.children, more]),
        );
      }),
    );
    const written = tableFromIPC(
      writeTableBytes(withExtra, AllTypesV1SchemaVersion, { metadata: { replaced: "new" } }),
    );
    expect(Object.fromEntries(written.schema.metadata)).toEqual({
      kept: "1",
      replaced: "new",
      [SCHEMA_QUALIFIED_KEY]: AllTypesV1SchemaVersion.identifier,
    });
    expect(written.schema.fields.length).toBe(extra + 1);
    expect(written.getChild("note")!.get(0)).toBe("x");
  });

  test("a value that is not a string is refused before anything is written", () => {
    expect(() =>
      writeTableBytes([ROW], AllTypesV1SchemaVersion, { metadata: { count: 3 as unknown as string } }),
    ).toThrow(/metadata "count": values must be strings/);
  });
});

describe("a nested record labelled as another schema version is refused, never re-labelled", () => {
  /** An issue-94 parent table whose record column says it holds `label`. */
  function labelled(label: string | null): Table {
    const table = tableFromIPC(writeTableBytes([{ x: { a: 1, b: 2 } }], Issue94ParentV1SchemaVersion));
    const column = table.schema.fields[0]!;
    const metadata = new Map(column.metadata);
    if (label === null) metadata.delete("ARROW:extension:name");
    else metadata.set("ARROW:extension:name", label);
    const schema = new Schema([new Field(column.name, column.type, column.nullable, metadata)], table.schema.metadata);
    return new Table(table.batches.map((batch) => new RecordBatch(schema, batch.data)));
  }

  test.each(["JuliaLang.Legolas.Generated.test.issue-94-child.2", "JuliaLang.Legolas.Generated.test.other.1"])(
    "%s: a TableSchemaError on read and on write",
    async (label) => {
      const table = labelled(label);
      expect(validateTable(table, Issue94ParentV1SchemaVersion)).toEqual([
        expect.objectContaining({
          code: "incorrect_type",
          path: "x",
          found: expect.stringMatching(new RegExp(`^Arrow Struct<.*> labelled ${label.replaceAll(".", "\\.")}$`)),
        }),
      ]);
      expect(() => readTableBytes(tableToIPC(table, "file"))).toThrow(
        expect.objectContaining({ name: "TableSchemaError" }),
      );
      await expect(
        writeTable(join(folder, "relabelled.arrow"), table, Issue94ParentV1SchemaVersion),
      ).rejects.toMatchObject({ name: "TableSchemaError" });
    },
  );

  test("its own label, or none (Arrow.jl leaves some out), is accepted", () => {
    expect(
      validateTable(labelled("JuliaLang.Legolas.Generated.test.issue-94-child.1"), Issue94ParentV1SchemaVersion),
    ).toEqual([]);
    expect(validateTable(labelled(null), Issue94ParentV1SchemaVersion)).toEqual([]);
  });

  /** `table` with the columns `names` stripped of their labels at every depth. */
  function unlabelled(table: Table, names: readonly string[]): Table {
    const stripped = new Schema(
      table.schema.fields.map((field) => (names.includes(field.name) ? withoutLabels(field) : field)),
      table.schema.metadata,
    );
    return new Table(table.batches.map((batch) => new RecordBatch(stripped, batch.data)));
  }
  const WEIGHTS_LABELS = [
    "JuliaLang.LegolasFlux.Weights",
    [null, ["JuliaLang.LegolasFlux.FlatArray", [null, [null]], [null, [null]]]],
  ];

  test("a record, a version and Weights without their labels are written with Arrow.jl's, as Julia reads them", () => {
    // Unlabelled, Arrow.jl reads each as a NamedTuple, which Legolas.validate refuses for a
    // field of the record type, VersionNumber or Weights.
    const weights = new Weights([new FlatArray(new Float32Array([1, 2]), [2])]);
    const row = { ...ROW, child: { a: 1n, b: 2n }, release: "1.2.3", weights };
    const ours = tableFromIPC(writeTableBytes([row], AllTypesV1SchemaVersion));
    const input = unlabelled(ours, ["child", "release", "weights"]);
    const written = tableFromIPC(writeTableBytes(input, AllTypesV1SchemaVersion));
    expect(written.schema.fields.map(labelsOf)).toEqual(ours.schema.fields.map(labelsOf));
    expect(labelsOf(written.schema.fields.find((field) => field.name === "weights")!)).toEqual(WEIGHTS_LABELS);
  });

  // LegolasFlux labels Weights{T} alike for every T; Julia reads the element type from `vec`.
  test.each([
    ["Float64 (Flux's f64(model))", Float64Array.of(0.1, -2)],
    ["Float16", Uint16Array.of(0x3c00, 0xc000)],
    ["Int32", Int32Array.of(-3, 7)],
    ["UInt8", Uint8Array.of(0, 255)],
  ])("%s Weights without their labels are written with Arrow.jl's, their element type kept", (_, vec) => {
    const weights = new Weights([new FlatArray(vec, [2])]);
    const ours = tableFromIPC(writeTableBytes([{ weights }], ModelV1SchemaVersion));
    const written = readTableBytes(writeTableBytes(unlabelled(ours, ["weights"]), ModelV1SchemaVersion), {
      schemaVersion: ModelV1SchemaVersion,
    });
    expect(labelsOf(written.table.schema.fields[0]!)).toEqual(WEIGHTS_LABELS);
    expect(written.rows[0]!.weights!.arrays[0]!.vec).toEqual(vec);
  });

  // Legolas.jl builds a record from its struct's children by name (`fromarrowstruct`), so their
  // order and an untyped child's storage are free; the label alone makes the column the record.
  const unlabelledRecords: {
    what: string;
    schemaVersion: SchemaVersion;
    label: string;
    fields: Field[];
    columns: unknown[][];
  }[] = [
    {
      what: "its children in another order than declared (Arrow.jl's own issue-94 file)",
      schemaVersion: Issue94ParentV1SchemaVersion,
      label: "JuliaLang.Legolas.Generated.test.issue-94-child.1",
      fields: [
        new Field("x", new Struct([new Field("a", new Int64(), false), new Field("b", new Int64(), false)]), false),
      ],
      columns: [[{ a: 1n, b: 2n }]],
    },
    {
      what: "an untyped child (GrandchildV1's z) holding Int64",
      schemaVersion: NestedV1SchemaVersion,
      label: "JuliaLang.Legolas.Generated.test.grandchild.1",
      fields: [
        new Field(
          "gc",
          new Struct([
            new Field("x", new List(new Field("", new Int64(), false)), false),
            new Field("y", new Utf8(), false),
            new Field("z", new Int64(), false),
            new Field("a", new Int32(), false),
          ]),
          false,
        ),
        new Field("k", new Int64(), false),
      ],
      columns: [[{ x: [1n], y: "hi", z: 3n, a: 2 }], [1n]],
    },
  ];
  test.each(unlabelledRecords)(
    "an unlabelled record with $what is written with its label",
    ({ schemaVersion, label, fields, columns }) => {
      const input = juliaTable(schemaVersion.identifier, fields, columns);
      expect(validateTable(input, schemaVersion)).toEqual([]);
      const written = tableFromIPC(writeTableBytes(input, schemaVersion));
      expect(written.schema.fields[0]!.metadata.get("ARROW:extension:name")).toBe(label);
    },
  );
});

describe("a required field in a nullable column passes only when it holds no null, at every depth", () => {
  const required = (n: number) => ({
    flag: vectorFromArray(Array.from({ length: n }, () => true)),
    ubyte: vectorFromArray(Array.from({ length: n }, () => 1)),
    uint: vectorFromArray(Array.from({ length: n }, () => 1)),
    double: vectorFromArray(
      Array.from({ length: n }, () => 1),
      new Float64(),
    ),
  });
  function table(columns: Record<string, Vector>): Table {
    const plain = new Table({ ...required(2), ...columns });
    // The required unsigned columns must be Uint8/Uint32: take them from a table we write.
    const typed = tableFromIPC(writeTableBytes([ROW, ROW], AllTypesV1SchemaVersion));
    const fields = plain.schema.fields.map(
      (f) => typed.schema.fields.find((t) => t.name === f.name && ["ubyte", "uint"].includes(f.name)) ?? f,
    );
    const data = plain.batches[0]!.data;
    const children = data.children.map((child, k) =>
      ["ubyte", "uint"].includes(fields[k]!.name) ? typed.getChild(fields[k]!.name)!.data[0]! : child,
    );
    const schema = new Schema(
      fields.map((f) => new Field(f.name, f.type, true, f.metadata)),
      new Map([[SCHEMA_QUALIFIED_KEY, AllTypesV1SchemaVersion.identifier]]),
    );
    return new Table([
      new RecordBatch(schema, data.clone(new Struct(schema.fields), 0, data.length, 0, undefined, children)),
    ]);
  }

  test("nullable columns without nulls pass; a null in one is a violation that counts them", () => {
    expect(validateTable(table({ small: vectorFromArray([1, 2], new Int16()) }), AllTypesV1SchemaVersion)).toEqual([]);
    expect(validateTable(table({ small: vectorFromArray([1, null], new Int16()) }), AllTypesV1SchemaVersion)).toEqual([
      { code: "missing_field", path: "small", expected: "int16", found: "1 null" },
    ]);
  });

  const point = new Struct([new Field("x", new Float64(), true), new Field("note", new Utf8(), true)]);
  const floats = new List(new Field("", new Float32(), true));

  test("a null in a struct's required child is a violation where the struct is present, not where it is missing", () => {
    const missingStruct = table({
      small: vectorFromArray([1, 2], new Int16()),
      point: vectorFromArray([{ x: 1, note: null }, null], point),
    });
    expect(validateTable(missingStruct, AllTypesV1SchemaVersion)).toEqual([]);
    const nullChild = table({
      small: vectorFromArray([1, 2], new Int16()),
      point: vectorFromArray(
        [
          { x: 1, note: null },
          { x: null, note: null },
        ],
        point,
      ),
    });
    expect(validateTable(nullChild, AllTypesV1SchemaVersion)).toEqual([
      { code: "missing_field", path: "point.x", expected: "float64", found: "1 null" },
    ]);
  });

  test("a null list element is a violation, also when rows are read without validating them", () => {
    const nullElement = table({
      small: vectorFromArray([1, 2], new Int16()),
      floats: vectorFromArray([[1, null], null], floats),
    });
    expect(validateTable(nullElement, AllTypesV1SchemaVersion)).toEqual([
      expect.objectContaining({ code: "incorrect_type", path: "floats", found: "1 null element" }),
    ]);
    expect(() => readTableBytes(tableToIPC(nullElement, "file"), { validate: "columns" })).toThrow(
      expect.objectContaining({
        name: "TableSchemaError",
        message: expect.stringContaining("floats: expected list<float32>, found 1 null element"),
      }),
    );
  });
  test("such a table is written with what the version requires not nullable, as Julia reads a field of type T", () => {
    // Arrow.jl reads a nullable column as Union{T, Missing} (src/eltypes.jl), which Legolas.validate
    // refuses for a field of type T, and a nullable list element as Vector{Union{Missing, T}}.
    const input = table({
      small: vectorFromArray([1, 2], new Int16()),
      point: vectorFromArray([{ x: 1, note: null }, null], point),
      floats: vectorFromArray([[1, 2], null], floats),
    });
    const nullability = (field: Field): string =>
      `${field.name}${field.nullable ? "?" : ""}${(field.type.children ?? []).length === 0 ? "" : `[${(field.type.children as Field[]).map(nullability).join(", ")}]`}`;
    const written = tableFromIPC(writeTableBytes(input, AllTypesV1SchemaVersion));
    expect(written.schema.fields.map(nullability)).toEqual([
      "flag",
      "ubyte",
      "uint",
      "double",
      "small",
      "point?[x, note?]",
      "floats?[]",
    ]);
    expect(readTableBytes(tableToIPC(written, "file"), { schemaVersion: AllTypesV1SchemaVersion }).rows).toEqual(
      readTableBytes(tableToIPC(input, "file"), { schemaVersion: AllTypesV1SchemaVersion }).rows,
    );
    // Unvalidated, nothing says a required column holds no null: its schema is written as it is.
    const unvalidated = tableFromIPC(writeTableBytes(input, AllTypesV1SchemaVersion, { validate: false }));
    expect(unvalidated.schema.fields.map(nullability)).toEqual(input.schema.fields.map(nullability));
  });

  test("a struct's optional child is written nullable, as Julia reads a NamedTuple field of Union{Missing, T}", () => {
    // Legolas.jl refuses NamedTuple{(:x, :note), Tuple{Float64, String}} for a field of
    // NamedTuple{(:x, :note), Tuple{Float64, Union{Missing, String}}}: a NamedTuple is invariant.
    const notNullable = new Struct([new Field("x", new Float64(), false), new Field("note", new Utf8(), false)]);
    const input = table({
      small: vectorFromArray([1, 2], new Int16()),
      point: vectorFromArray([{ x: 1, note: "a" }, null], notNullable),
    });
    const written = tableFromIPC(writeTableBytes(input, AllTypesV1SchemaVersion));
    const point = written.schema.fields.find((field) => field.name === "point")!;
    expect((point.type.children as Field[]).map((child) => [child.name, child.nullable])).toEqual([
      ["x", false],
      ["note", true],
    ]);
  });

  test("a struct whose children are not the declared ones in order reads, and is refused on write: Julia reads another NamedTuple", () => {
    const x = new Field("x", new Float64(), false);
    const note = new Field("note", new Utf8(), true);
    const unreadable = {
      "in another order": vectorFromArray([{ note: "a", x: 1 }, null], new Struct([note, x])),
      "without its optional child": vectorFromArray([{ x: 1 }, null], new Struct([x])),
      "with another child": vectorFromArray(
        [{ x: 1, note: "a", extra: true }, null],
        new Struct([x, note, new Field("extra", new Bool(), true)]),
      ),
    };
    for (const [what, point] of Object.entries(unreadable)) {
      const input = table({ small: vectorFromArray([1, 2], new Int16()), point });
      expect(validateTable(input, AllTypesV1SchemaVersion), what).toEqual([]);
      expect(() => writeTableBytes(input, AllTypesV1SchemaVersion), what).toThrow(
        expect.objectContaining({
          name: "TableSchemaError",
          violations: [
            expect.objectContaining({
              code: "incorrect_type",
              path: "point",
              expected: 'the children "x", "note", in this order',
            }),
          ],
        }),
      );
    }
  });

  test("a date stored as Date(MILLISECOND) reads, and is refused on write: Julia reads a DateTime", () => {
    const day = vectorFromArray([new Date(86_400_000), null], new DateMillisecond());
    const input = table({ small: vectorFromArray([1, 2], new Int16()), day });
    expect(validateTable(input, AllTypesV1SchemaVersion)).toEqual([]);
    expect(() => writeTableBytes(input, AllTypesV1SchemaVersion)).toThrow(
      expect.objectContaining({
        name: "TableSchemaError",
        violations: [
          expect.objectContaining({ code: "incorrect_type", path: "day", expected: "date (Arrow Date<DAY>)" }),
        ],
      }),
    );
  });

  test("a record's children may come in any order: Legolas.jl builds the record by their names", () => {
    const child = vectorFromArray(
      [{ b: 2n, a: 1n }, null],
      new Struct([new Field("b", new Int64(), false), new Field("a", new Int64(), false)]),
    );
    const written = tableFromIPC(
      writeTableBytes(table({ small: vectorFromArray([1, 2], new Int16()), child }), AllTypesV1SchemaVersion),
    );
    const { rows } = readTableBytes(tableToIPC(written, "file"), { schemaVersion: AllTypesV1SchemaVersion });
    expect(rows[0]!.child).toEqual({ a: 1n, b: 2n });
  });
});

describe("Julia extension types legolas-ts reads as plain values keep their field metadata", () => {
  const spanShape = (field: Field | undefined): unknown => ({
    metadata: Object.fromEntries(field!.metadata),
    children: (field!.type as DataType).children.map((c: Field) => Object.fromEntries(c.metadata)),
  });
  const julia = {
    metadata: { "ARROW:extension:name": "JuliaLang.TimeSpan", "ARROW:extension:metadata": "" },
    children: [1, 2].map(() => ({ "ARROW:extension:name": "JuliaLang.Dates.Period", "ARROW:extension:metadata": "" })),
  };

  testWithJuliaFixtures(
    "test.onda.signal.arrow's span (JuliaLang.TimeSpan of JuliaLang.Dates.Period) survives a read and a write of its rows",
    async () => {
      const read = await readTable(juliaFixture("test.onda.signal.arrow"), { schemaVersion: SignalV2SchemaVersion });
      expect(spanShape(read.table.schema.fields.find((f) => f.name === "span"))).toEqual(julia);
      const rowsPath = join(folder, "signal-rows.arrow");
      await writeTable(rowsPath, read.rows, SignalV2SchemaVersion, { fieldMetadataFrom: read.table });
      const written = tableFromIPC(readFileSync(rowsPath));
      expect(spanShape(written.schema.fields.find((f) => f.name === "span"))).toEqual(julia);
      // Our own metadata (the UUID extension of `recording`) is unchanged, and the rows are too.
      expect(written.schema.fields.find((f) => f.name === "recording")!.metadata.get("ARROW:extension:name")).toBe(
        "JuliaLang.UUID",
      );
      expect((await readTable(rowsPath)).rows).toEqual(read.rows);
      const tablePath = join(folder, "signal-table.arrow");
      await writeTable(tablePath, read.table, SignalV2SchemaVersion);
      expect(spanShape(tableFromIPC(readFileSync(tablePath)).schema.fields.find((f) => f.name === "span"))).toEqual(
        julia,
      );
    },
  );
});

test("a missing struct or record row holds Arrow.jl's defaults in its children, which no constraint judges", async () => {
  // Arrow.jl writes a missing row of a struct column with ArrowTypes.default of each child's type
  // in the children, never a null: 0 for an Int64, "" for a String (src/arraytypes/struct.jl,
  // `ToStruct`'s getindex; src/ArrowTypes/src/ArrowTypes.jl, `default`). Both break the rules below.
  await loadYamlSchemas([
    {
      schema: "defaults.inner",
      prefix: "DefaultsInner",
      version: { fields: { n: { type: "int64", min: 1 }, s: { type: "string", min_length: 1 } } },
    },
    {
      schema: "defaults.outer",
      prefix: "DefaultsOuter",
      version: {
        fields: {
          st: { type: "struct?", fields: { n: { type: "int64", min: 1 }, s: { type: "string", min_length: 1 } } },
          rec: "defaults.inner@1?",
        },
      },
    },
  ]);
  const children = () => [new Field("n", new Int64(), false), new Field("s", new Utf8(), false)];
  const missingFirst = () =>
    makeData({
      type: new Struct(children()),
      length: 2,
      nullCount: 1,
      nullBitmap: Uint8Array.of(0b10),
      children: [vectorFromArray([0n, 5n], new Int64()).data[0]!, vectorFromArray(["", "abc"], new Utf8()).data[0]!],
    });
  const fields = [
    new Field("st", new Struct(children()), true),
    new Field("rec", new Struct(children()), true, arrowJlExtension("JuliaLang.Legolas.Generated.defaults.inner.1")),
  ];
  const table = legolasTable("defaults.outer@1", fields, [missingFirst(), missingFirst()]);
  const outer = findSchemaVersion("defaults.outer@1")!;
  expect(validateTable(table, outer)).toEqual([]);
  for (const validate of ["rows", "columns"] as const) {
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: outer, validate });
    const [missing, present] = rows as readonly { st: unknown; rec: object | null }[];
    expect([missing!.st, missing!.rec]).toEqual([null, null]);
    expect(present!.st).toEqual({ n: 5n, s: "abc" });
    expect({ ...present!.rec }).toEqual({ n: 5n, s: "abc" });
  }
});

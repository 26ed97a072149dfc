/**
 * Julia's containers and unions as Legolas fields (issue 23): a table laid out as Arrow.jl writes
 * `AbstractVector`, `NTuple`, `Set`, `Tuple`, `Dict` and `Union` columns (built here with
 * apache-arrow, Arrow.jl's storage and extension names as arrow-julia's src/ArrowTypes and
 * src/arraytypes write them) reads with exact values; what we write has that same Arrow schema;
 * the other storages Arrow.jl reads as the same Julia type are accepted, and what Julia would
 * refuse is a `TableSchemaError`. Rows convert and validate as their TypeScript types say, and
 * their JSON form and JSON Schema agree.
 */
import {
  type Data,
  DataType,
  Type,
  DenseUnion,
  Dictionary,
  Field,
  FixedSizeBinary,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  Int8,
  Int64,
  LargeList,
  List,
  Map_,
  makeBuilder,
  makeData,
  makeVector,
  Null,
  Schema,
  SparseUnion,
  Struct,
  TimeUnit,
  Timestamp,
  Uint16,
  Uint32,
  Uint8,
  Utf8,
  type Vector,
  vectorFromArray,
  Bool,
  Duration,
  tableToIPC,
  tableFromIPC,
} from "apache-arrow";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import {
  CorruptTableError,
  findSchemaVersion,
  openTableFile,
  readTableBytes,
  TableSchemaError,
  validateRecordBatch,
  validateTable,
  violationMessage,
  writeTableBytes,
} from "legolas-ts";
import {
  JuliaContainersNarrowedV1,
  JuliaContainersNarrowedV1SchemaVersion,
  JuliaContainersV1,
  JuliaContainersV1SchemaVersion,
} from "../../generated/index.js";
import { loadYamlSchemas } from "./helpers/row-path.js";
import { legolasTable } from "./helpers/legolas-table.js";
import { tableToIPCAsArrowJl } from "./helpers/arrow-jl-unions.js";
import { arrowJlExtension } from "./helpers/arrow-jl-extension.js";
import { withLargeLists } from "./helpers/arrow-jl-large-lists.js";

const list = (type: DataType) => new List(new Field("", type, false));
/** `counts` (a `Dict{String, Int64}`) as Arrow.jl writes it; `nullValues`: its values' column may hold nulls. */
const countsField = (nullValues: boolean) =>
  new Field(
    "counts",
    new Map_(
      new Field(
        "entries",
        new Struct<{ key: Utf8; value: Int64 }>([
          new Field("key", new Utf8(), false),
          new Field("value", new Int64(), nullValues),
        ]),
      ),
    ),
    false,
  );
const UUID_ONE = "00000000-0000-0000-0000-000000000001";
/** Arrow.jl's UUID: its UInt128, little-endian. */
const UUID_ONE_BYTES = Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0));

interface JuliaColumn {
  readonly field: Field;
  readonly values: readonly unknown[];
  /** Its data built by hand, where apache-arrow's builders would lay `values` out otherwise than Arrow.jl. */
  readonly data?: Data;
}

const dense = (children: readonly Field[], childOf: (value: unknown) => number) => ({
  type: new DenseUnion(
    children.map((_, k) => k),
    [...children],
  ),
  childOf,
});

/** The columns of two rows of `test.julia-containers@1` as Arrow.jl lays them out. */
function juliaColumns(): Record<string, JuliaColumn & { union?: (value: unknown) => number }> {
  const uuidField = new Field("1", new FixedSizeBinary(16), false, arrowJlExtension("JuliaLang.UUID"));
  const either = dense([new Field("", new Int64(), true), new Field("", new Utf8(), false)], (v) =>
    typeof v === "bigint" ? 0 : 1,
  );
  const maybe = dense(
    [
      new Field("", new Null(), true),
      new Field("", new Float64(), false),
      new Field("", list(new Utf8()), false),
      new Field("", new Timestamp(TimeUnit.MILLISECOND), false, arrowJlExtension("JuliaLang.DateTime")),
    ],
    (v) => (v === null ? 0 : typeof v === "number" ? 1 : Array.isArray(v) ? 2 : 3),
  );
  return {
    samples: { field: new Field("samples", list(new Float64()), false), values: [[1, 2.5], []] },
    labels: { field: new Field("labels", list(new Utf8()), true), values: [["a"], null] },
    position: {
      field: new Field("position", new FixedSizeList(3, new Field("", new Float32(), false)), false),
      values: [
        [1, 2, 3],
        [0, 0, 0.5],
      ],
    },
    corners: {
      field: new Field("corners", new FixedSizeList(2, new Field("", new Utf8(), false)), true),
      values: [["x", "y"], null],
    },
    digest: { field: new Field("digest", new FixedSizeBinary(4), true), values: [Uint8Array.of(1, 2, 3, 255), null] },
    tags: {
      field: new Field("tags", list(new Utf8()), false, arrowJlExtension("JuliaLang.Set")),
      values: [["p", "q"], []],
    },
    ids: { field: new Field("ids", list(new Int64()), true, arrowJlExtension("JuliaLang.Set")), values: [null, [7n]] },
    // A Set{Symbol} and a Set{Char}: the List labelled JuliaLang.Set, its child labelled as its
    // element type (src/arraytypes/arraytypes.jl, arrowvector: every level labels its own eltype;
    // src/ArrowTypes: a Symbol is Utf8 `JuliaLang.Symbol`, a Char its UInt32 `JuliaLang.Char`).
    symbols: {
      field: new Field(
        "symbols",
        new List(new Field("", new Utf8(), false, arrowJlExtension("JuliaLang.Symbol"))),
        true,
        arrowJlExtension("JuliaLang.Set"),
      ),
      values: [["red", "green"], null],
    },
    letters: {
      field: new Field(
        "letters",
        new List(new Field("", new Uint32(), false, arrowJlExtension("JuliaLang.Char"))),
        true,
        arrowJlExtension("JuliaLang.Set"),
      ),
      values: [null, [0x61, 0x1f600]],
    },
    span: {
      field: new Field(
        "span",
        new Struct([new Field("1", new Int64(), false), new Field("2", new Utf8(), false)]),
        false,
        arrowJlExtension("JuliaLang.Tuple"),
      ),
      values: [
        { "1": 5n, "2": "five" },
        { "1": -1n, "2": "" },
      ],
    },
    window: {
      field: new Field(
        "window",
        new Struct([
          new Field("1", new Timestamp(TimeUnit.MILLISECOND), false, arrowJlExtension("JuliaLang.DateTime")),
          new Field("2", new Duration(TimeUnit.MILLISECOND), false, arrowJlExtension("JuliaLang.Dates.Period")),
          new Field("3", new Bool(), false),
        ]),
        true,
        arrowJlExtension("JuliaLang.Tuple"),
      ),
      values: [{ "1": 86_400_000, "2": 60_000n, "3": true }, null],
    },
    counts: {
      field: countsField(false),
      values: [new Map([["a", 1n]]), new Map()],
    },
    notes: {
      field: new Field(
        "notes",
        new Map_(
          new Field(
            "entries",
            new Struct<{ key: Int32; value: DataType }>([
              new Field("key", new Int32(), false),
              new Field("value", list(new Utf8()), false),
            ]),
          ),
        ),
        true,
      ),
      values: [new Map([[7, ["seven"]]]), null],
    },
    // A Dict{Symbol, Int64}: the key child labelled JuliaLang.Symbol (src/arraytypes/map.jl, a KeyValue struct's fields).
    options: {
      field: new Field(
        "options",
        new Map_(
          new Field(
            "entries",
            new Struct<{ key: Utf8; value: Int64 }>([
              new Field("key", new Utf8(), false, arrowJlExtension("JuliaLang.Symbol")),
              new Field("value", new Int64(), false),
            ]),
          ),
        ),
        true,
      ),
      values: [null, new Map([["verbose", 2n]])],
    },
    nested: {
      field: new Field(
        "nested",
        new List(
          new Field(
            "",
            new Struct([uuidField, new Field("2", list(new Uint16()), false, arrowJlExtension("JuliaLang.Set"))]),
            false,
            arrowJlExtension("JuliaLang.Tuple"),
          ),
        ),
        true,
      ),
      values: [[{ "1": UUID_ONE_BYTES, "2": [1, 2] }], null],
    },
    // Nullable, as its first child: Arrow.jl writes a field nullable when its type holds Missing (src/write.jl, `fieldoffset`).
    either: { field: new Field("either", either.type, true), values: [5n, "five"], union: either.childOf },
    maybe: { field: new Field("maybe", maybe.type, true), values: [["x"], null], union: maybe.childOf },
    origin: {
      field: new Field(
        "origin",
        new Struct([new Field("x", new Float64(), false), new Field("label", new Utf8(), true)]),
        true,
      ),
      values: [null, { x: 1.5, label: null }],
    },
  };
}

/** `DateTime(1, 1, 1, 1, 1, 1)`, `ArrowTypes.default(DateTime)`, in milliseconds since 1970. */
const DEFAULT_DATETIME = -62_135_593_139_000;

/**
 * A `Union` column written with `denseunions=false` as Arrow.jl writes it (src/arraytypes/unions.jl,
 * `sparsetypeids` and `ToSparseUnion`): each child as long as the column, nullable only for
 * `Missing`, the slots of the other members holding `ArrowTypes.default` of its type (0, "", a
 * `[""]` for a `Vector{String}`, `DEFAULT_DATETIME`), never a null; `typeIds[i]` picks row i's child.
 */
function sparseAsArrowJl(name: string, children: readonly [Field, Vector][], typeIds: readonly number[]): JuliaColumn {
  const type = new SparseUnion(
    children.map((_, k) => k),
    children.map(([field]) => field),
  );
  const nullable = DataType.isNull(type.children[0]!.type);
  const data = makeData({
    type,
    length: typeIds.length,
    nullCount: 0,
    typeIds: Int8Array.from(typeIds),
    children: children.map(([, vector]) => vector.data[0]!),
  });
  return { field: new Field(name, type, nullable), values: [], data };
}

/**
 * `column` as Arrow.jl writes it with `dictencode=true` (src/arraytypes/arraytypes.jl, `arrowvector`;
 * src/arraytypes/dictencoding.jl): the values pooled by `PooledArray(x; signed=true, compress=true)`,
 * in order of first appearance, a `missing` among them as any other value (PooledArrays.jl has no
 * special case for it), so a missing row is null in the indices' validity and points at a null of
 * the dictionary; indices of the smallest signed type that holds the pool (Int8 here); the field's
 * name, nullability and extension metadata those of the column; dictionary id `id`.
 */
function dictEncodedAsArrowJl(column: JuliaColumn & { union?: (value: unknown) => number }, id: number): JuliaColumn {
  const pool = [...new Set(column.values)];
  const type = new Dictionary(column.field.type, new Int8(), id);
  const dictionary = makeVector(vectorOf({ ...column, values: pool }).data[0]!);
  const data = makeData({
    type,
    length: column.values.length,
    nullCount: column.values.filter((value) => value === null).length,
    nullBitmap: Uint8Array.of(
      column.values.reduce<number>((bits, value, i) => (value === null ? bits : bits | (1 << i)), 0),
    ),
    data: Int8Array.from(column.values, (value) => pool.indexOf(value)),
    dictionary,
  });
  return { ...column, field: new Field(column.field.name, type, column.field.nullable, column.field.metadata), data };
}

/** A column's values as apache-arrow builds them (a union's children picked by `union`). */
function vectorOf({ field, values, union }: JuliaColumn & { union?: (value: unknown) => number }): Vector {
  if (union === undefined) return vectorFromArray(values as unknown[], field.type);
  const builder = makeBuilder({
    type: field.type,
    nullValues: [],
    valueToChildTypeId: (_: unknown, value: unknown) => union(value),
  } as never);
  for (const value of values) builder.append(value);
  return builder.finish().toVector();
}

/** An IPC file (or stream) of `columns` in one batch, labelled `identifier` as Legolas.jl labels a table. */
function juliaFile(
  columns: readonly JuliaColumn[],
  identifier = JuliaContainersV1SchemaVersion.identifier,
  format: "file" | "stream" = "file",
): Uint8Array {
  const fields = columns.map((c) => c.field);
  const children = columns.map((c) => c.data ?? vectorOf(c).data[0]!);
  return tableToIPCAsArrowJl(legolasTable(identifier, fields, children), format);
}

function fileWith(overrides: Record<string, JuliaColumn & { union?: (value: unknown) => number }> = {}): Uint8Array {
  return juliaFile(Object.values({ ...juliaColumns(), ...overrides }));
}

const expectedRows = [
  new JuliaContainersV1({
    samples: [1, 2.5],
    labels: ["a"],
    position: [1, 2, 3],
    corners: ["x", "y"],
    digest: [1, 2, 3, 255],
    tags: ["p", "q"],
    symbols: ["red", "green"],
    span: [5n, "five"],
    window: [new Date(86_400_000), 60_000n, true],
    counts: [["a", 1n]],
    notes: [[7, ["seven"]]],
    nested: [[UUID_ONE, [1, 2]]],
    either: 5n,
    maybe: ["x"],
  }),
  new JuliaContainersV1({
    samples: [],
    position: [0, 0, 0.5],
    tags: [],
    ids: [7n],
    letters: ["a", "😀"],
    span: [-1n, ""],
    counts: new Map(),
    options: [["verbose", 2n]],
    either: "five",
    origin: { x: 1.5 },
  }),
];

/** An Arrow field as text: its type, nullability and extension name, its children's alike. */
function describeField(field: Field): string {
  const name = field.metadata.get("ARROW:extension:name");
  const children = (field.type.children ?? []) as Field[];
  const size = DataType.isFixedSizeList(field.type) ? `[${field.type.listSize}]` : "";
  const type = children.length === 0 ? String(field.type) : `${Type[field.type.typeId]}${size}`;
  // apache-arrow writes a child's name "" as absent, which reads back as null.
  const own = `${field.name ?? ""}: ${type}${field.nullable ? "?" : ""}${name === undefined ? "" : ` {${name}}`}`;
  return children.length === 0 ? own : `${own} [${children.map(describeField).join(", ")}]`;
}

describe("a table laid out as Arrow.jl writes Julia's containers and unions", () => {
  test("reads with exact values, validated by rows and by columns", () => {
    const bytes = fileWith();
    for (const validate of ["rows", "columns"] as const) {
      const { rows } = readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion, validate });
      expect(rows).toStrictEqual(expectedRows);
    }
    const [first] = readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion }).rows;
    expect(first!.tags).toEqual(new Set(["p", "q"]));
    expect(first!.symbols).toEqual(new Set(["red", "green"]));
    expect(first!.counts.get("a")).toBe(1n);
    expect(first!.span).toEqual([5n, "five"]);
    expect(first!.digest).toEqual(Uint8Array.of(1, 2, 3, 255));
  });

  test("with dictencode=true, every column dictionary-encoded as Arrow.jl writes it, reads with exact values", () => {
    const columns = Object.values(juliaColumns()).map((column, k) => dictEncodedAsArrowJl(column, k + 1));
    const bytes = juliaFile(columns);
    expect(tableFromIPC(bytes).schema.fields.every((field) => DataType.isDictionary(field.type))).toBe(true);
    for (const validate of ["rows", "columns"] as const) {
      const { rows } = readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion, validate });
      expect(rows).toStrictEqual(expectedRows);
    }
  });

  test("with largelists=true (every List a LargeList, every Utf8 a LargeUtf8), reads with exact values", () => {
    const columns = Object.values(juliaColumns()).map((column) =>
      DataType.isMap(column.field.type) ? column : { ...column, field: withLargeLists(column.field) },
    );
    const bytes = juliaFile(columns);
    expect(String(tableFromIPC(bytes).schema.fields.find((field) => field.name === "nested")!.type)).toContain(
      "LargeList",
    );
    for (const validate of ["rows", "columns"] as const) {
      const { rows } = readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion, validate });
      expect(rows).toStrictEqual(expectedRows);
    }
  });

  test("what we write has the Arrow schema Arrow.jl writes, and reads back as the same rows", () => {
    const bytes = writeTableBytes(expectedRows, JuliaContainersV1SchemaVersion);
    const ours = tableFromIPC(bytes).schema.fields.map(describeField);
    const julias = tableFromIPC(fileWith()).schema.fields.map(describeField);
    // One difference, on purpose: Arrow.jl writes a Union{Int64, String} with its first child
    // nullable, and so reads it as Union{Missing, Int64, String} (src/eltypes.jl: a union is its
    // children's types, a nullable one's with Missing), which Legolas.validate refuses for the
    // field. Ours has no nullable child, and reads in Julia as Union{Int64, String}.
    const isEither = (field: string) => field.startsWith("either:");
    expect(ours.filter((field) => !isEither(field))).toEqual(julias.filter((field) => !isEither(field)));
    expect(julias).toContain("either: Union? [: Int64?, : Utf8]");
    expect(ours).toContain("either: Union [: Int64, : Utf8]");
    // Arrow.jl's table, read and written back, is written so too.
    const again = writeTableBytes(readTableBytes(fileWith()).table, JuliaContainersV1SchemaVersion);
    expect(tableFromIPC(again).schema.fields.map(describeField)).toEqual(ours);
    expect(ours).toContain("position: FixedSizeList[3] [: Float32]");
    expect(ours).toContain("tags: List {JuliaLang.Set} [: Utf8]");
    expect(ours).toContain("symbols: List? {JuliaLang.Set} [: Utf8 {JuliaLang.Symbol}]");
    expect(ours).toContain("letters: List? {JuliaLang.Set} [: Uint32 {JuliaLang.Char}]");
    expect(ours).toContain("options: Map? [entries: Struct [key: Utf8 {JuliaLang.Symbol}, value: Int64]]");
    expect(ours).toContain("span: Struct {JuliaLang.Tuple} [1: Int64, 2: Utf8]");
    expect(ours).toContain("digest: FixedSizeBinary[4]?");
    expect(ours).toContain("counts: Map [entries: Struct [key: Utf8, value: Int64]]");
    // A NamedTuple: a Struct of its names, no extension name (ArrowTypes.jl: StructKind, no arrowname).
    expect(ours).toContain("origin: Struct? [x: Float64, label: Utf8?]");
    expect(ours).toContain(
      "maybe: Union? [: Null?, : Float64, : List [: Utf8], : Timestamp<MILLISECOND> {JuliaLang.DateTime}]",
    );
    expect(readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion }).rows).toStrictEqual(expectedRows);
  });
});

describe("a union as Arrow.jl writes it: without type ids, so that a value's type id is its child's index", () => {
  const eitherOf = (bytes: Uint8Array) => tableFromIPC(bytes).schema.fields.find((f) => f.name === "either")!;

  test("reads on every path: the whole file or stream, and batch by batch by the footer or as a stream", async () => {
    const columns = Object.values(juliaColumns());
    for (const format of ["file", "stream"] as const) {
      const bytes = juliaFile(columns, undefined, format);
      expect((eitherOf(bytes).type as DenseUnion).typeIds, format).toHaveLength(0);
      // The Arrow tables and record batches themselves, before any row is read.
      const { table } = readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion });
      expect(table.getChild("either")!.toArray(), format).toEqual([5n, "five"]);
      for await (const batch of (await openTableFile(bytes)).recordBatches())
        expect(batch.getChild("either")!.toArray(), format).toEqual([5n, "five"]);
      expect(readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion }).rows, format).toStrictEqual(
        expectedRows,
      );
      const batched: JuliaContainersV1[] = [];
      const file = await openTableFile(bytes);
      for await (const batch of file.readBatches({ schemaVersion: JuliaContainersV1SchemaVersion }))
        batched.push(...batch.rows);
      expect(batched, format).toStrictEqual(expectedRows);
    }
  });

  test("an untyped field holding a union (Julia's values of two types) reads its values, on every path", async () => {
    await loadYamlSchemas([{ schema: "untyped.union", prefix: "UntypedUnion", version: { fields: { c: "any" } } }]);
    const schemaVersion = findSchemaVersion("untyped.union@1")!;
    const either = juliaColumns().either!;
    const column = { ...either, field: new Field("c", either.field.type, false) };
    for (const format of ["file", "stream"] as const) {
      const bytes = juliaFile([column], schemaVersion.identifier, format);
      const values = readTableBytes(bytes, { schemaVersion }).rows.map((row) => (row as { c: unknown }).c);
      expect(values, format).toEqual([5n, "five"]);
      const batched: unknown[] = [];
      for await (const batch of (await openTableFile(bytes)).readBatches({ schemaVersion }))
        batched.push(...batch.rows.map((row) => (row as { c: unknown }).c));
      expect(batched, format).toEqual([5n, "five"]);
    }
  });
});

test("a null where a container's element, part, key or value is required is refused by the column check with the row class's code and expected type", () => {
  const nullable = (type: DataType) => new Field("", type, true);
  /** `path`: the column violation's, where the row class's (`rowPath`) names the row's element. */
  const nulls: Record<string, JuliaColumn & { path: string; rowPath: string; found: string }> = {
    // A vector or NTuple of numbers is one typed array: with a null in it, the row's is of another type.
    samples: {
      field: new Field("samples", new List(nullable(new Float64())), false),
      values: [[1, null], []],
      path: "samples",
      rowPath: "samples",
      found: "1 null element",
    },
    position: {
      field: new Field("position", new FixedSizeList(3, nullable(new Float32())), false),
      values: [
        [1, null, 3],
        [0, 0, 0.5],
      ],
      path: "position",
      rowPath: "position",
      found: "1 null element",
    },
    tags: {
      field: new Field("tags", new List(nullable(new Utf8())), false, arrowJlExtension("JuliaLang.Set")),
      values: [["p", null], []],
      path: "tags[]",
      rowPath: "tags[1]",
      found: "1 null",
    },
    span: {
      field: new Field(
        "span",
        new Struct([new Field("1", new Int64(), false), new Field("2", new Utf8(), true)]),
        false,
        arrowJlExtension("JuliaLang.Tuple"),
      ),
      values: [
        { "1": 5n, "2": null },
        { "1": -1n, "2": null },
      ],
      path: "span[1]",
      rowPath: "span[1]",
      found: "2 nulls",
    },
    counts: {
      field: countsField(true),
      values: [new Map([["a", null]]), new Map()],
      path: "counts[][1]",
      rowPath: "counts[0][1]",
      found: "1 null",
    },
    corners: {
      field: new Field("corners", new FixedSizeList(2, nullable(new Utf8())), true),
      values: [["x", null], null],
      path: "corners[]",
      rowPath: "corners[1]",
      found: "1 null",
    },
  };
  for (const [name, { path, rowPath, found, ...column }] of Object.entries(nulls)) {
    const bytes = fileWith({ [name]: column });
    const table = tableFromIPC(bytes);
    const [row] = validateRecordBatch(table, JuliaContainersV1SchemaVersion)[0]!.violations;
    expect(row, name).toMatchObject({ path: rowPath });
    const refused = { code: row!.code, path, expected: row!.expected, found };
    expect(validateTable(table, JuliaContainersV1SchemaVersion), name).toEqual([refused]);
    for (const validate of ["rows", "columns"] as const) {
      expect(() => readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion, validate }), name).toThrow(
        `${path}: ${violationMessage(refused)}`,
      );
    }
  }
  // A missing list and a null element in another: two faults, each as its row reports it.
  const both = fileWith({
    samples: { field: new Field("samples", new List(nullable(new Float64())), true), values: [null, [1, null]] },
  });
  const table = tableFromIPC(both);
  const rows = validateRecordBatch(table, JuliaContainersV1SchemaVersion).map(({ violations: [row] }) => row!.code);
  expect(rows).toEqual(["missing_field", "incorrect_type"]);
  expect(validateTable(table, JuliaContainersV1SchemaVersion)).toEqual([
    { code: "missing_field", path: "samples", expected: "vector<float64>", found: "1 null" },
    { code: "incorrect_type", path: "samples", expected: "vector<float64>", found: "1 null element" },
  ]);
});

describe("the other storages Arrow.jl reads as the same Julia type", () => {
  const read = (bytes: Uint8Array) => readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion }).rows;

  test("a LargeList for a vector, a FixedSizeList of UInt8 for an NTuple{N, UInt8}", () => {
    const rows = read(
      fileWith({
        samples: {
          field: new Field("samples", new LargeList(new Field("", new Float64(), false)), false),
          values: [[1, 2.5], []],
        },
        digest: {
          field: new Field("digest", new FixedSizeList(4, new Field("", new Uint8(), false)), true),
          values: [[1, 2, 3, 255], null],
        },
      }),
    );
    expect(rows).toStrictEqual(expectedRows);
  });

  test("a union's members in another order, a sparse union, a union of fewer members, one member's plain column", () => {
    const int64First = (v: unknown) => (typeof v === "bigint" ? 1 : 0);
    const stringFirst = [new Field("", new Utf8(), true), new Field("", new Int64(), false)];
    const reordered = {
      field: new Field("either", dense(stringFirst, int64First).type, false),
      values: [5n, "five"],
      union: int64First,
    };
    expect(read(fileWith({ either: reordered }))).toStrictEqual(expectedRows);
    const sparse = {
      either: sparseAsArrowJl(
        "either",
        [
          [new Field("", new Utf8(), false), vectorFromArray(["", "five"], new Utf8())],
          [new Field("", new Int64(), false), vectorFromArray([5n, 0n], new Int64())],
        ],
        [1, 0],
      ),
      maybe: sparseAsArrowJl(
        "maybe",
        [
          [new Field("", new Null(), true), vectorFromArray([null, null], new Null())],
          [new Field("", new Float64(), false), vectorFromArray([0, 0], new Float64())],
          [new Field("", list(new Utf8()), false), vectorFromArray([["x"], [""]], list(new Utf8()))],
          [
            new Field("", new Timestamp(TimeUnit.MILLISECOND), false, arrowJlExtension("JuliaLang.DateTime")),
            vectorFromArray([DEFAULT_DATETIME, DEFAULT_DATETIME], new Timestamp(TimeUnit.MILLISECOND)),
          ],
        ],
        [2, 0],
      ),
    };
    for (const validate of ["rows", "columns"] as const)
      expect(
        readTableBytes(fileWith(sparse), { schemaVersion: JuliaContainersV1SchemaVersion, validate }).rows,
      ).toStrictEqual(expectedRows);
    const narrow = dense([new Field("", new Null(), true), new Field("", new Float64(), false)], (v) =>
      v === null ? 0 : 1,
    );
    const [first] = read(
      fileWith({ maybe: { field: new Field("maybe", narrow.type, true), values: [1.5, null], union: narrow.childOf } }),
    );
    expect(first!.maybe).toBe(1.5);
    const plain = read(fileWith({ either: { field: new Field("either", new Utf8(), false), values: ["a", "b"] } }));
    expect(plain.map((row) => row.either)).toEqual(["a", "b"]);
  });

  test("a table of the narrowed child (a union's member as a plain column) reads as the parent", () => {
    const child = new JuliaContainersNarrowedV1({ ...expectedRows[0]!, either: 5n, maybe: 2.5, samples: [1] });
    const bytes = writeTableBytes([child], JuliaContainersNarrowedV1SchemaVersion);
    expect(String(tableFromIPC(bytes).schema.fields.find((f) => f.name === "either")!.type)).toBe("Int64");
    const [asParent] = readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion }).rows;
    expect(asParent!.either).toBe(5n);
    expect(asParent!.maybe).toBe(2.5);
  });

  test("a child's NTuple{N, UInt8} (a FixedSizeBinary) reads as its parent's NTuple of a type holding a UInt8", async () => {
    await loadYamlSchemas([
      {
        schema: "bytes.parent",
        prefix: "BytesParent",
        version: {
          fields: {
            pair: "ntuple<union<uint8, int64>, 2>",
            counts: "ntuple<integer, 2>",
            part: "tuple<ntuple<union<string, uint8>, 3>, string>?",
          },
        },
      },
      {
        schema: "bytes.child",
        prefix: "BytesChild",
        version: {
          extends: "bytes.parent@1",
          fields: { pair: "ntuple<uint8, 2>", counts: "ntuple<uint8, 2>", part: "tuple<ntuple<uint8, 3>, string>?" },
        },
      },
    ]);
    const parent = findSchemaVersion("bytes.parent@1")!;
    const child = findSchemaVersion("bytes.child@1")!;
    const Child = child.rowClass as unknown as new (input: unknown) => object;
    const Parent = parent.rowClass as unknown as new (input: unknown) => object;
    const bytes = writeTableBytes(
      [
        new Child({ pair: [1, 255], counts: [0, 7], part: [[6, 7, 8], "s"] }),
        new Child({ pair: [0, 9], counts: [2, 3], part: null }),
      ],
      child,
    );
    expect(String(tableFromIPC(bytes).schema.fields[0]!.type)).toBe("FixedSizeBinary[2]");
    const asParent = [
      new Parent({ pair: [1, 255], counts: [0, 7], part: [[6, 7, 8], "s"] }),
      new Parent({ pair: [0, 9], counts: [2, 3], part: null }),
    ];
    for (const validate of ["rows", "columns"] as const)
      expect(readTableBytes(bytes, { schemaVersion: parent, validate }).rows).toStrictEqual(asParent);
    expect(validateTable(tableFromIPC(bytes), parent)).toEqual([]);
    expect(validateRecordBatch(tableFromIPC(bytes), parent)).toEqual([]);
  });

  test("a child's Tuple of its parent's NTuple element's subtypes (a JuliaLang.Tuple struct) reads as the parent's NTuple", async () => {
    await loadYamlSchemas([
      {
        schema: "tuples.parent",
        prefix: "TuplesParent",
        version: { fields: { pair: "ntuple<integer, 2>", triple: "ntuple<real, 3>?" } },
      },
      {
        schema: "tuples.child",
        prefix: "TuplesChild",
        // Tuple{Int64, Int32} <: NTuple{2, Integer}, as Legolas.jl accepts the re-declaration.
        version: {
          extends: "tuples.parent@1",
          fields: { pair: "tuple<int64, int32>", triple: "tuple<float64, int64, float32>?" },
        },
      },
    ]);
    const parent = findSchemaVersion("tuples.parent@1")!;
    const child = findSchemaVersion("tuples.child@1")!;
    const Child = child.rowClass as unknown as new (input: unknown) => object;
    const Parent = parent.rowClass as unknown as new (input: unknown) => object;
    const bytes = writeTableBytes(
      [new Child({ pair: [2n ** 60n, -3], triple: [0.5, 7n, 1.5] }), new Child({ pair: [1n, 2], triple: null })],
      child,
    );
    const stored = tableFromIPC(bytes).schema.fields[0]!;
    expect([String(stored.type), stored.metadata.get("ARROW:extension:name")]).toEqual([
      "Struct<{1:Int64, 2:Int32}>",
      "JuliaLang.Tuple",
    ]);
    // Each part as the parent's element reads its storage: an Int64 a bigint, an Int32 a number.
    const asParent = [
      new Parent({ pair: [2n ** 60n, -3], triple: [0.5, 7n, 1.5] }),
      new Parent({ pair: [1n, 2], triple: null }),
    ];
    for (const validate of ["rows", "columns"] as const)
      expect(readTableBytes(bytes, { schemaVersion: parent, validate }).rows).toStrictEqual(asParent);
    expect(validateTable(tableFromIPC(bytes), parent)).toEqual([]);
    expect(validateRecordBatch(tableFromIPC(bytes), parent)).toEqual([]);
  });
});

describe("what Julia would refuse is a TableSchemaError that names the column", () => {
  test.each([
    [
      "tags",
      "a List without JuliaLang.Set (Arrow.jl reads a Vector)",
      { field: new Field("tags", list(new Utf8()), false), values: [[], []] },
      "Arrow List<Utf8> without the extension label JuliaLang.Set",
    ],
    [
      "span",
      "a Struct without JuliaLang.Tuple (Arrow.jl reads a NamedTuple)",
      {
        field: new Field(
          "span",
          new Struct([new Field("1", new Int64(), false), new Field("2", new Utf8(), false)]),
          false,
        ),
        values: [
          { "1": 1n, "2": "" },
          { "1": 1n, "2": "" },
        ],
      },
      "Arrow Struct<{1:Int64, 2:Utf8}> without the extension label JuliaLang.Tuple",
    ],
    [
      "span",
      "a JuliaLang.Tuple of three parts (Arrow.jl reads a Tuple{Int64, String, Int64})",
      {
        field: new Field(
          "span",
          new Struct([
            new Field("1", new Int64(), false),
            new Field("2", new Utf8(), false),
            new Field("3", new Int64(), false),
          ]),
          false,
          arrowJlExtension("JuliaLang.Tuple"),
        ),
        values: [
          { "1": 1n, "2": "", "3": 2n },
          { "1": 1n, "2": "", "3": 2n },
        ],
      },
      "Arrow Struct<{1:Int64, 2:Utf8, 3:Int64}>",
    ],
    [
      "span",
      "a JuliaLang.Tuple whose parts are out of order (Arrow.jl reads them by position: a Tuple{String, Int64})",
      {
        field: new Field(
          "span",
          new Struct([new Field("2", new Utf8(), false), new Field("1", new Int64(), false)]),
          false,
          arrowJlExtension("JuliaLang.Tuple"),
        ),
        values: [
          { "2": "", "1": 1n },
          { "2": "", "1": 1n },
        ],
      },
      "Arrow Struct<{2:Utf8, 1:Int64}>",
    ],
    [
      "samples",
      "a List labelled JuliaLang.Set for a vector (Arrow.jl reads a Set)",
      {
        field: new Field("samples", list(new Float64()), false, arrowJlExtension("JuliaLang.Set")),
        values: [[1], [2]],
      },
      "Arrow List<Float64> labelled JuliaLang.Set, where vector<float64> has no extension label",
    ],
    [
      "samples",
      "a FixedSizeList for a vector (Arrow.jl reads an NTuple, no AbstractVector)",
      {
        field: new Field("samples", new FixedSizeList(1, new Field("", new Float64(), false)), false),
        values: [[1], [2]],
      },
      "Arrow FixedSizeList[1]<Float64>",
    ],
    [
      "position",
      "an NTuple of another length",
      {
        field: new Field("position", new FixedSizeList(2, new Field("", new Float32(), false)), false),
        values: [
          [1, 2],
          [3, 4],
        ],
      },
      "Arrow FixedSizeList[2]<Float32>",
    ],
    [
      "either",
      "a union holding missing values where the field is required",
      {
        field: new Field(
          "either",
          dense([new Field("", new Null(), true), new Field("", new Int64(), false)], () => 0).type,
          false,
        ),
        values: [null, null],
        union: (v: unknown) => (v === null ? 0 : 1),
      },
      "Arrow Union<Null | Int64>",
    ],
    [
      "either",
      "a union member the field does not declare",
      {
        field: new Field(
          "either",
          dense([new Field("", new Int64(), true), new Field("", new Float64(), false)], () => 0).type,
          false,
        ),
        values: [1n, 2.5],
        union: (v: unknown) => (typeof v === "bigint" ? 0 : 1),
      },
      "Arrow Union<Int64 | Float64>",
    ],
    [
      "counts",
      "a List of key-value structs for a Dict",
      { field: new Field("counts", list(new Utf8()), false), values: [[], []] },
      "Arrow List<Utf8>",
    ],
  ])("%s: %s", (name, _what, column, found) => {
    const read = () =>
      readTableBytes(fileWith({ [name]: column as JuliaColumn }), { schemaVersion: JuliaContainersV1SchemaVersion });
    expect(read).toThrow(TableSchemaError);
    expect(read).toThrow(new RegExp(`${name}`));
    // Where the storage is right, what is found names the label that is missing or wrong.
    expect(read).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ path: name, found })] }));
  });
});

test("a union member's plain column without its label names the label that member's storage needs", async () => {
  await loadYamlSchemas([
    { schema: "labels.union", prefix: "LabelsUnion", version: { fields: { u: "union<set<int64>, string>" } } },
  ]);
  const schema = new Schema([new Field("u", list(new Int64()), false)]);
  expect(validateTable(schema, findSchemaVersion("labels.union@1")!)).toEqual([
    {
      code: "incorrect_type",
      path: "u",
      expected: "union<set<int64>, string> (Arrow Union<List<Int64> | Utf8>)",
      found: "Arrow List<Int64> without the extension label JuliaLang.Set",
    },
  ]);
});

describe("rows of Julia's containers and unions", () => {
  const base = {
    samples: [],
    position: [0, 0, 0],
    tags: [],
    span: [0, ""] as const,
    counts: [],
    either: 0n,
  };

  test("inputs convert as Julia's constructors would: arrays to a Set, pairs to a Map, a tuple's parts", () => {
    const row = new JuliaContainersV1({
      ...base,
      tags: ["a", "b", "a"],
      ids: [1, 2n],
      counts: [
        ["x", 1],
        ["x", 2],
      ],
      span: [3, "s"],
      window: ["2024-01-02T03:04:05", 10, false],
      nested: [[UUID_ONE.toUpperCase(), [1, 1]]],
    });
    expect(row.tags).toEqual(new Set(["a", "b"]));
    expect(row.ids).toEqual(new Set([1n, 2n]));
    expect(row.counts).toEqual(new Map([["x", 2n]]));
    expect(row.span).toEqual([3n, "s"]);
    expect(row.window).toEqual([new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), 10n, false]);
    expect(row.nested).toEqual([[UUID_ONE, new Set([1])]]);
  });

  test("values of the wrong shape are violations with paths that follow the JSON form", () => {
    const violations = JuliaContainersV1.validate({
      ...JuliaContainersV1.convert(base),
      position: new Float32Array(2),
      tags: new Set([1]),
      span: [1n],
      counts: new Map([[1, 1n]]),
      either: 5,
      maybe: new Set(),
      notes: new Map([[1, ["a", 2]]]),
    });
    expect(violations.map((v) => `${v.path}: ${v.expected}`)).toEqual([
      "position: ntuple<float32, 3>",
      "tags[0]: string",
      "span: tuple<int64, string>",
      "counts[0][0]: string",
      "notes[0][1][1]: string",
      "either: union<int64, string>",
      "maybe: union<float64, list<string>, datetime>",
    ]);
  });

  test("row checks read sets and maps (`size`, `has`, `get`)", () => {
    expect(() => new JuliaContainersV1({ ...base, tags: ["a", "b", "c"], counts: [["total", 0n]] })).not.toThrow();
    expect(() => new JuliaContainersV1({ ...base, tags: ["a", "b", "c", "d"] })).toThrow(/at most 3 tags/);
    expect(() => new JuliaContainersV1({ ...base, tags: [""] })).toThrow(/at most 3 tags/);
    expect(() => new JuliaContainersV1({ ...base, counts: [["total", -1n]] })).toThrow(/a total never negative/);
  });

  test("a union's member is its value's class, in TypeScript and in JSON", () => {
    const asString = new JuliaContainersV1({ ...base, either: "5", maybe: new Date(0) });
    const asInt = new JuliaContainersV1({ ...base, either: 5n, maybe: 0.5 });
    expect(asString.toJSON().either).toEqual({ string: "5" });
    expect(asInt.toJSON().either).toEqual({ int64: "5" });
    expect(asString.toJSON().maybe).toEqual({ datetime: "1970-01-01T00:00:00.000Z" });
    expect(JuliaContainersV1.fromJSON(asString.toJSON())).toStrictEqual(asString);
    expect(JuliaContainersV1.fromJSON(asInt.toJSON())).toStrictEqual(asInt);
    expect(() => JuliaContainersV1.fromJSON({ ...asInt.toJSON(), either: { float64: 5 } })).toThrow(/either/);
  });

  test("the JSON form of every row satisfies the version's JSON Schema", () => {
    const ajv = new Ajv2020({ strict: true, validateFormats: false });
    const validate = ajv.compile(JuliaContainersV1SchemaVersion.jsonSchema);
    for (const row of expectedRows) {
      const json = JSON.parse(JSON.stringify(row));
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(json.counts).toEqual(row === expectedRows[0] ? [["a", "1"]] : []);
    }
    expect(validate({ ...JSON.parse(JSON.stringify(expectedRows[0])), span: ["1"] })).toBe(false);
    expect(validate({ ...JSON.parse(JSON.stringify(expectedRows[0])), tags: ["a", "a"] })).toBe(false);
  });
});

describe("a damaged union column", () => {
  test.each([
    ["a type id that names no child", Int8Array.of(0, 5), Int32Array.of(0, 0), /type id 5, which names no child/],
    ["an offset beyond its child", Int8Array.of(0, 1), Int32Array.of(0, 7), /outside its child \(at 7 of 1\)/],
  ])("%s is a CorruptTableError, never a wrong value", (_what, typeIds, valueOffsets, message) => {
    const columns = juliaColumns();
    const either = columns.either!;
    const [int64s, strings] = [vectorFromArray([5n], new Int64()), vectorFromArray(["five"], new Utf8())];
    const damaged = makeData({
      type: either.field.type as DenseUnion,
      length: 2,
      nullCount: 0,
      typeIds,
      valueOffsets,
      children: [int64s.data[0]!, strings.data[0]!],
    });
    const fields = Object.values(columns).map((c) => c.field);
    const children = Object.values(columns).map((c) => (c === either ? damaged : vectorOf(c).data[0]!));
    const bytes = tableToIPC(legolasTable(JuliaContainersV1SchemaVersion.identifier, fields, children), "file");
    const read = () => readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion });
    expect(read).toThrow(CorruptTableError);
    expect(read).toThrow(message);
  });
});

describe("nested records inside containers and unions", () => {
  test("convert from plain objects (a union's by its member's class), round-trip through Arrow and JSON", async () => {
    await loadYamlSchemas([
      { schema: "containers.inner", prefix: "ContainersInner", version: { fields: { n: "int64", s: "string?" } } },
      {
        schema: "containers.outer",
        prefix: "ContainersOuter",
        version: {
          fields: {
            m: "map<string, containers.inner@1>",
            t: "tuple<containers.inner@1, int8>?",
            v: "vector<containers.inner@1>",
            u: "union<float32, list<containers.inner@1>>",
          },
        },
      },
    ]);
    const version = findSchemaVersion("containers.outer@1")!;
    const Outer = version.rowClass as unknown as (new (input: unknown) => object) & { fromJSON(json: unknown): object };
    const row = new Outer({ m: [["a", { n: 1 }]], t: [{ n: 2n, s: "x" }, 3], v: [{ n: 4 }], u: [{ n: 5 }] });
    const inner = findSchemaVersion("containers.inner@1")!.rowClass;
    expect((row as { u: unknown[] }).u[0]).toBeInstanceOf(inner);
    expect((new Outer({ m: [], v: [], u: 0.1 }) as { u: number }).u).toBe(Math.fround(0.1));
    const bytes = writeTableBytes([row], version);
    for (const validate of ["rows", "columns"] as const)
      expect(readTableBytes(bytes, { schemaVersion: version, validate }).rows).toStrictEqual([row]);
    expect(Outer.fromJSON(JSON.parse(JSON.stringify(row)))).toStrictEqual(row);
  });
});

test("a union's 128-bit integer member takes its bigint values, through Arrow and JSON, beside a number member", async () => {
  await loadYamlSchemas([
    { schema: "unions.wide", prefix: "UnionsWide", version: { fields: { u: "union<int128, float64, string>" } } },
  ]);
  const version = findSchemaVersion("unions.wide@1")!;
  const Wide = version.rowClass as unknown as (new (input: unknown) => object) & { fromJSON(json: unknown): object };
  const rows = [new Wide({ u: -(2n ** 100n) }), new Wide({ u: 0.5 }), new Wide({ u: "x" })];
  const bytes = writeTableBytes(rows, version);
  for (const validate of ["rows", "columns"] as const)
    expect(readTableBytes(bytes, { schemaVersion: version, validate }).rows).toStrictEqual(rows);
  for (const row of rows) expect(Wide.fromJSON(JSON.parse(JSON.stringify(row)))).toStrictEqual(row);
});

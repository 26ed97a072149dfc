/**
 * `any` columns (Julia's untyped fields: Legolas's `@version ChildV1 > ParentV1 begin z end`,
 * mirrored by test/schemas/test.child.yaml): every Arrow storage reads, as its decoded values;
 * a table read and written back (with `fieldMetadataFrom`) keeps the column byte for byte, its
 * extension name included; rows of fresh values get an inferred type, or an AnyColumnError.
 */
import {
  type Data,
  type DataType,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  Map_,
  Null,
  Schema,
  Struct,
  type Table,
  TimeUnit,
  Timestamp,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { describe, expect, test } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTableBytes, validateTable, writeTable, writeTableBytes } from "legolas-ts";
import { ChildV1, ChildV1SchemaVersion, NestedV1, NestedV1SchemaVersion } from "../../generated/index.js";
import { columnBytes } from "./helpers/column-bytes.js";
import { legolasTable } from "./helpers/legolas-table.js";
import { arrowJlExtension } from "./helpers/arrow-jl-extension.js";

const IDENTIFIER = "test.child@1>test.parent@1";

/**
 * A test.child@1 table as Arrow.jl writes one: x List<Int64> (child named ""), y Utf8, and `z` as
 * given (its data, or built from `values`).
 */
function childTable(z: Field, values: readonly unknown[], data?: Data): Table {
  const x = vectorFromArray(
    values.map((_, i) => [BigInt(i)]),
    new List(new Field("", new Int64(), false)),
  );
  const y = vectorFromArray(
    values.map((_, i) => `y${i}`),
    new Utf8(),
  );
  const zData = data ?? vectorFromArray(values as unknown[], z.type as DataType).data[0]!;
  const fields = [new Field("x", x.type, false), new Field("y", new Utf8(), false), z];
  const children = [x.data[0]!, y.data[0]!, zData];
  return legolasTable(IDENTIFIER, fields, children);
}

const CONFIG = new Struct([
  new Field("1", new Utf8(), false),
  new Field("2", new Int64(), false),
  new Field(
    "3",
    new Struct([new Field("seed", new Int64(), false), new Field("dropout_rate", new Float32(), false)]),
    false,
  ),
]);

/** Columns of several Arrow types, each with the values it decodes to. */
const COLUMNS: readonly { what: string; field: Field; stored: unknown[]; decoded: unknown[]; data?: Data }[] = [
  {
    what: "Int64",
    field: new Field("z", new Int64(), false),
    stored: [1n, -(2n ** 63n)],
    decoded: [1n, -(2n ** 63n)],
  },
  {
    what: "Utf8 labelled JuliaLang.Symbol (Julia's z=:three)",
    field: new Field("z", new Utf8(), false, arrowJlExtension("JuliaLang.Symbol")),
    stored: ["three", "four"],
    decoded: ["three", "four"],
  },
  {
    what: "nullable Int32 with a missing value",
    field: new Field("z", new Int32(), true),
    stored: [7, null],
    decoded: [7, null],
    // Buffers of their own length, as Arrow.jl writes them (apache-arrow's builder pads bitmaps to 64 bytes).
    data: makeData({
      type: new Int32(),
      length: 2,
      nullCount: 1,
      nullBitmap: Uint8Array.of(1),
      data: Int32Array.of(7, 0),
    }),
  },
  {
    what: "List<Float64>",
    field: new Field("z", new List(new Field("", new Float64(), false)), false),
    stored: [[0.5, 1.5], []],
    decoded: [Float64Array.of(0.5, 1.5), new Float64Array(0)],
  },
  {
    what: "Struct labelled JuliaLang.digits-config@1 (LegolasFlux's legacy config)",
    field: new Field("z", CONFIG, false, arrowJlExtension("JuliaLang.digits-config@1")),
    stored: [
      { 1: "digits-config", 2: 1n, 3: { seed: 5n, dropout_rate: 0 } },
      { 1: "digits-config", 2: 2n, 3: { seed: 6n, dropout_rate: 0.5 } },
    ],
    decoded: [
      { 1: "digits-config", 2: 1n, 3: { seed: 5n, dropout_rate: 0 } },
      { 1: "digits-config", 2: 2n, 3: { seed: 6n, dropout_rate: 0.5 } },
    ],
  },
  {
    what: "Timestamp(ms) labelled JuliaLang.DateTime: a Date, as a datetime field reads it",
    field: new Field("z", new Timestamp(TimeUnit.MILLISECOND), false, arrowJlExtension("JuliaLang.DateTime")),
    stored: [Date.UTC(2024, 1, 29), 0],
    decoded: [new Date(Date.UTC(2024, 1, 29)), new Date(0)],
  },
];

describe("every storage reads as its decoded values, and writes back byte for byte", () => {
  test.each(COLUMNS)("$what", ({ field, stored, decoded, data }) => {
    const table = childTable(field, stored, data);
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: ChildV1SchemaVersion });
    expect(rows.map((row) => row.z)).toEqual(decoded);
    const written = tableFromIPC(writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom: table }));
    expect(columnBytes(written, "z")).toEqual(columnBytes(table, "z"));
    const z = written.schema.fields.find((f) => f.name === "z")!;
    expect([String(z.type), z.nullable, Object.fromEntries(z.metadata)]).toEqual([
      String(field.type),
      field.nullable,
      Object.fromEntries(field.metadata),
    ]);
  });

  test("a Null column (Arrow.jl's Vector{Missing}) reads as nulls and is written as Null again", () => {
    const table = childTable(new Field("z", new Null(), true), [null, null]);
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: ChildV1SchemaVersion });
    expect(rows.map((row) => row.z)).toEqual([null, null]);
    const written = tableFromIPC(writeTableBytes(rows, ChildV1SchemaVersion));
    expect(String(written.schema.fields[2]!.type)).toBe("Null");
  });

  test("a dictionary inside a List or Struct (Arrow.jl's pooled elements) reads as its values, as the plain storage does", () => {
    // z = (n = [5, 7] or [5], when = DateTime) per row, n's elements and when pooled: Int32 indices into a dictionary.
    const pooled = <T extends DataType>(type: T, values: unknown[], indices: number[]) =>
      makeData({
        type: new Dictionary(type, new Int32(), 0, false),
        length: indices.length,
        nullCount: 0,
        data: Int32Array.from(indices),
        dictionary: vectorFromArray(values, type),
      });
    const dateTime = new Field(
      "when",
      new Timestamp(TimeUnit.MILLISECOND),
      false,
      arrowJlExtension("JuliaLang.DateTime"),
    );
    const n = new Field("n", new List(new Field("", new Dictionary(new Int64(), new Int32(), 0, false), false)), false);
    const when = new Field("when", dateTime.type, false, dateTime.metadata);
    const zType = new Struct([
      n,
      new Field("when", new Dictionary(dateTime.type, new Int32(), 1, false), false, dateTime.metadata),
    ]);
    const nData = makeData({
      type: n.type as List,
      length: 2,
      nullCount: 0,
      valueOffsets: Int32Array.of(0, 2, 3),
      child: pooled(new Int64(), [5n, 7n], [0, 1, 0]),
    });
    const whenData = pooled(when.type, [86_400_000, 0], [0, 1]);
    const z = makeData({ type: zType, length: 2, nullCount: 0, children: [nData, whenData] });
    const table = childTable(new Field("z", zType, false), [null, null], z);
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: ChildV1SchemaVersion });
    expect(rows.map((row) => row.z)).toEqual([
      { n: BigInt64Array.of(5n, 7n), when: new Date(86_400_000) },
      { n: BigInt64Array.of(5n), when: new Date(0) },
    ]);
  });

  test("a storage no legolas-ts type has (Map) reads as plain values, and an Arrow table input keeps it", () => {
    const entries = new Struct<{ key: Utf8; value: Int64 }>([
      new Field("key", new Utf8(), false),
      new Field("value", new Int64(), true),
    ]);
    const map = new Map_(new Field("entries", entries, false));
    const table = childTable(new Field("z", map, false), [new Map([["a", 1n]]), new Map()]);
    const bytes = tableToIPC(table, "file");
    const { rows } = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion });
    expect(rows.map((row) => row.z)).toEqual([new Map([["a", 1n]]), new Map()]);
    const written = tableFromIPC(writeTableBytes(tableFromIPC(bytes), ChildV1SchemaVersion));
    expect(columnBytes(written, "z")).toEqual(columnBytes(table, "z"));
    expect(() => writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom: table })).toThrow(
      expect.objectContaining({
        name: "AnyColumnError",
        code: "any_column_unwritable",
        message: expect.stringMatching(/is written unchanged from an Arrow table, not from row values/),
      }),
    );
  });

  test("a struct child named __proto__ reads as the object's own key, never as its prototype", () => {
    // A file's child names are the writer's, and a JSON body's keys are the sender's.
    const z = JSON.parse('{"__proto__": {"isAdmin": true}, "y": 2}');
    const bytes = writeTableBytes([new ChildV1({ x: [1n], y: "y", z })], ChildV1SchemaVersion);
    expect(String(tableFromIPC(bytes).schema.fields[2]!.type)).toBe(
      "Struct<{__proto__:Struct<{isAdmin:Bool}>, y:Float64}>",
    );
    for (const validate of ["rows", "columns"] as const) {
      const read = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion, validate }).rows[0]!.z as object;
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
      expect("isAdmin" in read).toBe(false);
      expect(Object.entries(read)).toEqual([
        ["__proto__", { isAdmin: true }],
        ["y", 2],
      ]);
    }
  });

  test("keys that Object.prototype has (constructor, toString, hasOwnProperty) are an any value's data: written and read as they are", () => {
    // A declared field named toString is the property toString$; an any value's struct is the object's own keys.
    const z = { constructor: 5, toString: "x", hasOwnProperty: true, toJSON: 1.5 };
    const bytes = writeTableBytes([new ChildV1({ x: [1n], y: "y", z })], ChildV1SchemaVersion);
    expect(String(tableFromIPC(bytes).schema.fields[2]!.type)).toBe(
      "Struct<{constructor:Float64, toString:Utf8, hasOwnProperty:Bool, toJSON:Float64}>",
    );
    for (const validate of ["rows", "columns"] as const) {
      const read = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion, validate }).rows[0]!.z;
      expect(Object.entries(read as object)).toEqual([
        ["constructor", 5],
        ["toString", "x"],
        ["hasOwnProperty", true],
        ["toJSON", 1.5],
      ]);
    }
  });

  test("such a key that some rows' objects lack is missing there (null), not the method Object.prototype has", () => {
    const rows = [
      new ChildV1({ x: [1n], y: "y", z: { constructor: "a", toString: [1.5], n: 1 } }),
      new ChildV1({ x: [2n], y: "y", z: { n: 2 } }),
    ];
    for (const fieldMetadataFrom of [undefined, tableFromIPC(writeTableBytes(rows, ChildV1SchemaVersion))]) {
      const bytes = writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom });
      const read = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion }).rows.map((row) => row.z);
      expect(read).toEqual([
        { constructor: "a", toString: Float64Array.of(1.5), n: 1 },
        { constructor: null, toString: null, n: 2 },
      ]);
    }
  });

  test("a key missing in every object is a Null child: read back as null, rows and columns alike, and written back", () => {
    const rows = [
      new ChildV1({ x: [1n], y: "y", z: { a: 1n, b: null, c: { d: undefined } } }),
      new ChildV1({ x: [2n], y: "y", z: { a: 2n, c: { d: null } } }),
      new ChildV1({ x: [3n], y: "y", z: null }),
    ];
    const expected = [{ a: 1n, b: null, c: { d: null } }, { a: 2n, b: null, c: { d: null } }, null];
    const bytes = writeTableBytes(rows, ChildV1SchemaVersion);
    expect(String(tableFromIPC(bytes).schema.fields[2]!.type)).toBe("Struct<{a:Int64, b:Null, c:Struct<{d:Null}>}>");
    for (const validate of ["rows", "columns"] as const)
      expect(readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion, validate }).rows.map((row) => row.z)).toEqual(
        expected,
      );
    const again = writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom: tableFromIPC(bytes) });
    expect(readTableBytes(again, { schemaVersion: ChildV1SchemaVersion }).rows.map((row) => row.z)).toEqual(expected);
    expect(rows[0]!.toJSON().z).toEqual({ a: "1", b: null, c: { d: null } });
  });

  test("a vector<any> field whose elements are all missing (Arrow.jl's Vector{Missing} in an AbstractVector field) is a List of Null, and reads back", () => {
    const rows = [[null], [null, null], []].map((x) => new ChildV1({ x, y: "y", z: 1n }));
    const bytes = writeTableBytes(rows, ChildV1SchemaVersion);
    expect(String(tableFromIPC(bytes).schema.fields[0]!.type)).toBe("List<Null>");
    for (const validate of ["rows", "columns"] as const)
      expect(readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion, validate }).rows.map((row) => row.x)).toEqual(
        [[null], [null, null], []],
      );
    expect(validateTable(tableFromIPC(bytes), ChildV1SchemaVersion)).toEqual([]);
  });

  test("lists whose elements are all missing are a List of Null (Arrow.jl's Vector{Missing}): read back as nulls, and written back", () => {
    const rows = [[null, null], [undefined], [], null, { a: [null] }].map(
      (z, i) => new ChildV1({ x: [BigInt(i)], y: "y", z: i === 4 ? null : z }),
    );
    const expected = [[null, null], [null], [], null, null];
    const bytes = writeTableBytes(rows, ChildV1SchemaVersion);
    const z = tableFromIPC(bytes).schema.fields[2]!;
    // The child is nullable, as Arrow.jl's `nullable = T >: Missing` makes a Missing element's.
    expect([String(z.type), (z.type as List).children[0]!.nullable]).toEqual(["List<Null>", true]);
    for (const validate of ["rows", "columns"] as const)
      expect(readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion, validate }).rows.map((row) => row.z)).toEqual(
        expected,
      );
    // An Arrow.jl table's List<Null> (and a list's objects' key of them) is written back from rows.
    const julia = childTable(new Field("z", new List(new Field("", new Null(), true)), true), [[null], null]);
    const read = readTableBytes(tableToIPC(julia, "file"), { schemaVersion: ChildV1SchemaVersion }).rows;
    expect(read.map((row) => row.z)).toEqual([[null], null]);
    const again = writeTableBytes(read, ChildV1SchemaVersion, { fieldMetadataFrom: julia });
    const againZ = tableFromIPC(again).schema.fields[2]!;
    expect([String(againZ.type), againZ.nullable, (againZ.type as List).children[0]!.nullable]).toEqual([
      "List<Null>",
      true,
      true,
    ]);
    expect(readTableBytes(again, { schemaVersion: ChildV1SchemaVersion }).rows.map((row) => row.z)).toEqual([
      [null],
      null,
    ]);
    expect(() =>
      writeTableBytes([{ x: [1n], y: "y", z: [1n] }], ChildV1SchemaVersion, { fieldMetadataFrom: julia }),
    ).toThrow(/row 0, z\[0\] holds the bigint 1 where its Arrow type stores only missing elements \(a List of Null\)/);
    const nested = [{ a: [null] }, { a: [] }].map((z, i) => new ChildV1({ x: [BigInt(i)], y: "y", z }));
    const nestedBytes = writeTableBytes(nested, ChildV1SchemaVersion);
    expect(String(tableFromIPC(nestedBytes).schema.fields[2]!.type)).toBe("Struct<{a:List<Null>}>");
    expect(readTableBytes(nestedBytes, { schemaVersion: ChildV1SchemaVersion }).rows.map((row) => row.z)).toEqual([
      { a: [null] },
      { a: [] },
    ]);
    expect(rows[0]!.toJSON().z).toEqual([null, null]);
  });

  test("a value changed to another type than the column's is refused, not stored as something else", () => {
    const table = childTable(COLUMNS[0]!.field, COLUMNS[0]!.stored);
    const rows = [{ x: [1n], y: "a", z: "one" }];
    expect(() => writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom: table })).toThrow(
      /column "z" \(type any\) cannot be written: row 0 holds a string where its Arrow type stores an int64 bigint/,
    );
  });
  test("under fieldMetadataFrom's struct, a value it cannot hold whole is refused, not written without its other keys", () => {
    const struct = new Schema([new Field("z", new Struct([new Field("a", new Float64(), true)]), false)]);
    const write = (z: unknown) =>
      writeTableBytes([{ x: [1n], y: "a", z }], ChildV1SchemaVersion, { fieldMetadataFrom: struct });
    expect(readTableBytes(write({ a: 1, b: null }), { schemaVersion: ChildV1SchemaVersion }).rows[0]!.z).toEqual({
      a: 1,
    });
    for (const [z, reason] of [
      [{ a: 1, b: 2 }, /row 0 has the key "b", which its Arrow struct has no field for \(it would be dropped\)/],
      [{ a: 1, [Symbol("s")]: 2 }, /row 0 has the key Symbol\(s\), which its Arrow struct has no field for/],
      [new Map([["a", 1]]), /row 0 holds a Map where a struct \(a plain object\) is stored/],
      [new Date(0), /row 0 holds a Date .* where a struct \(a plain object\) is stored/],
      [
        new (class Point {
          a = 1;
        })(),
        /row 0 holds a Point where a struct/,
      ],
    ] as const)
      expect(() => write(z)).toThrow(
        expect.objectContaining({ name: "AnyColumnError", message: expect.stringMatching(reason) }),
      );
    // Inferred from the values, a symbol key is refused too: no struct field can be named by it.
    expect(() => writeTableBytes([{ x: [1n], y: "a", z: { a: 1, [Symbol("s")]: 2 } }], ChildV1SchemaVersion)).toThrow(
      /row 0 has the key Symbol\(s\), which no Arrow struct field can be named \(it would be dropped\)/,
    );
  });

  test("a string with a lone surrogate is refused at any depth, never written as U+FFFD", () => {
    const text = new Schema([new Field("z", new Utf8(), false)]);
    expect(() =>
      writeTableBytes([{ x: [1n], y: "a", z: "a\uD800" }], ChildV1SchemaVersion, { fieldMetadataFrom: text }),
    ).toThrow(
      /column "z" \(type any\) cannot be written: row 0 holds a string with a lone surrogate, which UTF-8 cannot hold/,
    );
    // The value's path names where inside it the string is, as an inferred type's refusal does.
    expect(() =>
      writeTableBytes([{ x: [1n], y: "a", z: { note: ["a", "b\uD800"] } }], ChildV1SchemaVersion, {
        fieldMetadataFrom: new Schema([
          new Field("z", new Struct([new Field("note", new List(new Field("", new Utf8(), false)), false)]), false),
        ]),
      }),
    ).toThrow(/cannot be written: row 0, z\.note\[1\] holds a string with a lone surrogate/);
    for (const z of ["\uDC00", ["a", "b\uD800"], { note: "\uD800" }, { ["k\uD800"]: 1 }])
      expect(() => writeTableBytes([{ x: [1n], y: "a", z }], ChildV1SchemaVersion)).toThrow(
        expect.objectContaining({ name: "AnyColumnError", message: expect.stringMatching(/lone surrogate/) }),
      );
  });
});

describe("rows of fresh values: the column's type is inferred from them", () => {
  const write = (z: readonly unknown[]) =>
    tableFromIPC(
      writeTableBytes(
        z.map((value, i) => new ChildV1({ x: [BigInt(i)], y: "y", z: value })),
        ChildV1SchemaVersion,
      ),
    ).schema.fields[2]!;

  test.each([
    ["numbers", [1.5, null], "Float64"],
    ["bigints", [1n, 2n], "Int64"],
    ["strings", ["a", "b"], "Utf8"],
    ["booleans", [true, false], "Bool"],
    ["Dates (Julia's DateTime)", [new Date(0)], "Timestamp<MILLISECOND>"],
    ["Uint8Arrays", [Uint8Array.of(1)], "Binary"],
    ["Float32Arrays", [Float32Array.of(1)], "List<Float32>"],
    ["arrays of strings, one empty", [["a"], []], "List<Utf8>"],
    ["plain objects, a key missing in one", [{ a: 1n, b: "x" }, { a: 2n }], "Struct<{a:Int64, b:Utf8}>"],
    ["nothing but missing values (Julia's Vector{Missing})", [null, undefined], "Null"],
    // Arrow.jl writes NamedTuples (a = 1, b = missing) so: b's element type is Missing.
    ["plain objects, a key missing in every one", [{ a: 1n, b: null }, { a: 2n }, null], "Struct<{a:Int64, b:Null}>"],
    ["a missing key inside a list's objects", [[{ a: 1n, b: undefined }], []], "List<Struct<{a:Int64, b:Null}>>"],
    ["lists whose elements are all missing, one empty", [[null, null], [undefined], []], "List<Null>"],
    // No 64-bit integer but UInt64 holds both, and Julia reads UInt64(1) == 1: the same numbers, never wrapped.
    ["bigints under and over 2^63, none negative", [1n, 2n ** 63n + 5n, null], "Uint64"],
    ["such bigints in lists and objects", [[1n], [2n ** 63n]], "List<Uint64>"],
    ["bigints of a BigUint64Array and an array", [BigUint64Array.of(1n), [2n]], "List<Uint64>"],
    ["lists of such lists", [[[null]], [[]]], "List<List<Null>>"],
  ])("%s", (_, values, type) => {
    expect(String(write(values).type)).toBe(type);
  });

  test("bigints under and over 2^63, none negative, read back as the same numbers, at any depth", () => {
    const values = [1n, 2n ** 63n + 5n, 2n ** 64n - 1n, 0n];
    for (const z of [values, values.map((n) => [n]), values.map((n) => ({ a: n }))]) {
      const rows = z.map((value, i) => new ChildV1({ x: [BigInt(i)], y: "y", z: value }));
      const read = readTableBytes(writeTableBytes(rows, ChildV1SchemaVersion), { schemaVersion: ChildV1SchemaVersion });
      expect(read.rows.map((row) => row.z)).toEqual(
        z.map((value) => (Array.isArray(value) ? BigUint64Array.from(value as bigint[]) : value)),
      );
    }
  });

  test("a Date column carries Julia's DateTime extension name, as a datetime field does, and reads back as Dates", () => {
    expect(write([new Date(0)]).metadata.get("ARROW:extension:name")).toBe("JuliaLang.DateTime");
    const rows = [new Date(0), new Date(1_709_164_800_123)].map((z, i) => new ChildV1({ x: [BigInt(i)], y: "y", z }));
    const read = readTableBytes(writeTableBytes(rows, ChildV1SchemaVersion), { schemaVersion: ChildV1SchemaVersion });
    expect(read.rows.map((row) => row.z)).toEqual([new Date(0), new Date(1_709_164_800_123)]);
  });

  test.each([
    ["values of two types", [1n, "a"], /its values are of more than one type \(int64 and string, row 1\)/],
    ["a class instance", [new Error("x")], /row 0 holds an Error, whose Arrow type cannot be inferred/],
    [
      "a missing list element beside present ones",
      [[1, null]],
      /a list holds missing elements beside float64 ones \(row 0, z\[1\]\), and a list's elements are either all missing/,
    ],
    ["missing list elements in one row, present ones in another", [[null], [1n]], /beside int64 ones \(row 1\)/],
    // An empty array is a present element, which a List of Null does not hold.
    [
      "a missing list element beside an empty array",
      [[[], null]],
      /missing elements beside list ones \(row 0, z\[1\]\)/,
    ],
    ["a missing list element beside an empty array before it", [[null, []]], /beside list ones \(row 0, z\[1\]\)/],
    ["missing list elements in one row, empty arrays in another", [[null], [[]]], /beside list ones \(row 1\)/],
    ["only empty lists", [[], []], /every list is empty/],
    [
      "bigints below 0 and past Int64's range",
      [-1n, 5n, 2n ** 63n],
      /row 2 holds 9223372036854775808n, past Int64's range, and row 0 holds -1n, below UInt64's: no 64-bit integer holds both; declare the field with a type that holds both \(int128/,
    ],
    [
      "such bigints in a list's objects",
      [[{ a: 2n ** 63n }], [{ a: -(2n ** 63n) }]],
      /row 0, z\[0\]\.a holds 9223372036854775808n, past Int64's range, and row 1, z\[0\]\.a holds -9223372036854775808n/,
    ],
    ["a bigint beyond 64 bits", [2n ** 64n], /row 0 holds 18446744073709551616n, beyond 64 bits/],
    [
      "a BigInt64Array beside a bigint past Int64's range",
      [BigInt64Array.of(1n), [2n ** 63n]],
      /row 1, z\[0\] holds 9223372036854775808n, which the BigInt64Array's Int64 elements in the same place cannot be typed with: no 64-bit integer holds both.*int128/,
    ],
    [
      "a BigUint64Array beside a negative bigint",
      [BigUint64Array.of(1n), [-1n]],
      /row 1, z\[0\] holds -1n, which the BigUint64Array's UInt64 elements in the same place cannot be typed with: no 64-bit integer holds both.*int128/,
    ],
    ["a key holding only empty lists", [{ a: [] }, { a: null }], /a list is empty in every row/],
    [
      "an object that holds itself",
      [
        (() => {
          const node: Record<string, unknown> = { a: 1 };
          node.next = { back: node };
          return node;
        })(),
      ],
      /row 0, z\.next\.back is row 0 itself \(a circular structure\), which no Arrow value can hold/,
    ],
    [
      "an array that holds itself",
      [
        (() => {
          const list: unknown[] = [[1]];
          list.push(list);
          return list;
        })(),
      ],
      /row 0, z\[1\] is row 0 itself \(a circular structure\)/,
    ],
  ])("%s: an AnyColumnError saying what to declare instead", (_, values, reason) => {
    expect(() => write(values)).toThrow(
      expect.objectContaining({ name: "AnyColumnError", column: "z", message: expect.stringMatching(reason) }),
    );
    expect(() => write(values)).toThrow(/declare the field with a type/);
  });

  test("values nested deeper than the 64 levels a reader takes are refused, not written as a file no reader reads", () => {
    // z is level 1 of the schema, each object around the innermost value one more.
    const nestedObjects = (levels: number): unknown => (levels === 1 ? 1n : { a: nestedObjects(levels - 1) });
    const deepest = writeTableBytes([new ChildV1({ x: [1n], y: "y", z: nestedObjects(64) })], ChildV1SchemaVersion);
    expect(readTableBytes(deepest).table.numRows).toBe(1);
    // 3,000 levels overflowed the stack.
    for (const levels of [65, 3000])
      expect(() => write([nestedObjects(levels)])).toThrow(
        expect.objectContaining({
          name: "AnyColumnError",
          message: expect.stringMatching(
            /row 0, z(\.a){64} nests arrays or objects deeper than the 64 levels of a table's schema that legolas-ts reads; store such a value flatter/,
          ),
        }),
      );
  });

  test("a missing list element or key is a level too: its Null field nests no deeper than a value's may", () => {
    // Arrays around the innermost value: z is level 1, a List<Null>'s Null (or a struct's Null child) one below its list.
    const nestedArrays = (arrays: number, inner: unknown): unknown =>
      arrays === 0 ? inner : [nestedArrays(arrays - 1, inner)];
    for (const [deepest, tooDeep, where] of [
      [
        nestedArrays(63, null),
        nestedArrays(64, null),
        /row 0, z(\[0\]){64} nests arrays or objects deeper than the 64 levels/,
      ],
      [
        nestedArrays(62, { a: null }),
        nestedArrays(63, { a: null }),
        /row 0, z(\[0\]){63}\.a nests arrays or objects deeper/,
      ],
    ] as const) {
      expect(
        readTableBytes(writeTableBytes([{ x: [1n], y: "y", z: deepest }], ChildV1SchemaVersion)).table.numRows,
      ).toBe(1);
      expect(() => write([tooDeep])).toThrow(
        expect.objectContaining({ name: "AnyColumnError", message: expect.stringMatching(where) }),
      );
    }
  });

  test("rows from an iterator need fieldMetadataFrom: their schema is written before the first row", async () => {
    function* rows() {
      yield new ChildV1({ x: [1n], y: "y", z: 1n });
    }
    const path = join(mkdtempSync(join(tmpdir(), "legolas-any-")), "t.arrow");
    await expect(writeTable(path, rows(), ChildV1SchemaVersion)).rejects.toThrow(/pass fieldMetadataFrom/);
    // x is vector<any> (Julia's bare Vector): typed by its values too.
    const from = new Schema([
      new Field("x", new List(new Field("", new Int64(), false)), false),
      new Field("z", new Int64(), false),
    ]);
    await writeTable(path, rows(), ChildV1SchemaVersion, { fieldMetadataFrom: from });
    expect(tableFromIPC(readFileSync(path)).getChild("z")!.toArray()).toEqual(BigInt64Array.of(1n));
  });
});

describe("an any field of a nested record (Legolas.jl's NestedV1: gc::GrandchildV1, whose z is untyped)", () => {
  const nested = (z: unknown) => new NestedV1({ gc: { x: [1n], y: "yy", z, a: 1 }, k: 0 });
  const zOf = (bytes: Uint8Array) => (tableFromIPC(bytes).schema.fields[0]!.type as Struct).children[2]!;

  test("is typed from its values, as a top-level one is, nullable only when one is missing", () => {
    const z = zOf(writeTableBytes([nested(1n), nested(2n)], NestedV1SchemaVersion));
    expect([String(z.type), z.nullable]).toEqual(["Int64", false]);
    expect(zOf(writeTableBytes([nested("a"), nested(null)], NestedV1SchemaVersion)).nullable).toBe(true);
    const { rows } = readTableBytes(writeTableBytes([nested([1.5])], NestedV1SchemaVersion), {
      schemaVersion: NestedV1SchemaVersion,
    });
    expect(rows[0]!.gc.z).toEqual(Float64Array.of(1.5));
  });

  test("takes its type from fieldMetadataFrom's struct child of the same name, extension name and all", () => {
    const symbol = new Field("z", new Utf8(), false, arrowJlExtension("JuliaLang.Symbol"));
    const gc = new Field("gc", new Struct([symbol]), false);
    const z = zOf(writeTableBytes([nested("three")], NestedV1SchemaVersion, { fieldMetadataFrom: new Schema([gc]) }));
    expect([String(z.type), z.metadata.get("ARROW:extension:name")]).toEqual(["Utf8", "JuliaLang.Symbol"]);
  });

  test("of two types, is the AnyColumnError naming the field by its path", () => {
    expect(() => writeTableBytes([nested(1n), nested("a")], NestedV1SchemaVersion)).toThrow(
      expect.objectContaining({ name: "AnyColumnError", column: "gc.z" }),
    );
  });

  test("nests no deeper than a top-level one can, counted from the table's columns", () => {
    // gc is level 1 and its z level 2: 62 arrays around a number reach level 64.
    const nestedArrays = (levels: number): unknown => (levels === 0 ? 1.5 : [nestedArrays(levels - 1)]);
    expect(readTableBytes(writeTableBytes([nested(nestedArrays(62))], NestedV1SchemaVersion)).table.numRows).toBe(1);
    expect(() => writeTableBytes([nested(nestedArrays(63))], NestedV1SchemaVersion)).toThrow(
      expect.objectContaining({
        name: "AnyColumnError",
        column: "gc.z",
        message: expect.stringContaining("deeper than the 64 levels"),
      }),
    );
  });

  test("from an iterator, needs fieldMetadataFrom", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "legolas-any-")), "nested.arrow");
    await expect(writeTable(path, [nested(1n)].values(), NestedV1SchemaVersion)).rejects.toThrow(
      /pass fieldMetadataFrom/,
    );
  });
});

test("any holds every value, null included, and its JSON form is the JSON value", () => {
  const row = new ChildV1({
    x: [1n],
    y: "y",
    z: { at: new Date(0), n: 2n, bytes: Uint8Array.of(255), f: [Number.NaN], s: new Set([1n, "a"]) },
  });
  expect(ChildV1.validate({ ...row, z: Symbol.iterator })).toEqual([]);
  expect(new ChildV1({ x: [1n], y: "y" }).z).toBeNull();
  expect(row.toJSON().z).toEqual({
    at: "1970-01-01T00:00:00.000Z",
    n: "2",
    bytes: "/w==",
    f: ["NaN"],
    s: ["1", "a"], // A Set's elements, as a set<T> field's JSON holds them (not {}, which drops them).
  });
  expect(ChildV1.fromJSON(row.toJSON()).z).toEqual(row.toJSON().z);
  expect(ChildV1SchemaVersion.fields.find((field) => field.name === "z")).toMatchObject({ optional: true });
  // The empty JSON Schema: every JSON value, null included.
  expect((ChildV1SchemaVersion.jsonSchema as { properties: Record<string, unknown> }).properties.z).toEqual({});
});

/**
 * `vector<any>`, Julia's bare `AbstractVector` (and `Vector`): Legolas.jl's tour `d` in
 * example.foo@1. Every List or LargeList column reads, whatever its elements, as Arrow.jl reads
 * it as a `Vector`; any other storage (a FixedSizeList is an `NTuple`) is refused by its type; a
 * write takes the column's type from `fieldMetadataFrom`, byte for byte, or from the values' one
 * element type, in the List Arrow.jl writes for that `Vector{T}`.
 */
import {
  Bool,
  type DataType,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int64,
  LargeList,
  List,
  Schema,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { AnyColumnError, readTableBytes, TableSchemaError, writeTableBytes } from "legolas-ts";
import { FooV1, FooV1SchemaVersion } from "../../generated/index.js";
import { columnBytes } from "./helpers/column-bytes.js";
import { legolasTable } from "./helpers/legolas-table.js";
import { storage } from "./helpers/random-storages.js";
import { trimmed } from "./helpers/trimmed-data.js";

const list = (element: DataType, nullable = false) => new List(new Field("", element, nullable));

/** An example.foo@1 table as Arrow.jl writes one, its `d` the field given, holding `values`. */
function fooTable(d: Field, values: readonly unknown[]): Uint8Array {
  const fields = [new Field("a", new Float64(), false), new Field("b", new Utf8(), false), d];
  const children = [
    vectorFromArray(
      values.map(() => 1),
      new Float64(),
    ).data[0]!,
    vectorFromArray(
      values.map(() => "hi"),
      new Utf8(),
    ).data[0]!,
    trimmed(vectorFromArray([...values], d.type).data[0]!),
  ];
  // Through a file, as a table Julia wrote is read: its buffers are the file's.
  return tableToIPC(tableFromIPC(tableToIPC(legolasTable("example.foo@1", fields, children), "file")), "file");
}

const readD = (bytes: Uint8Array) =>
  readTableBytes(bytes, { schemaVersion: FooV1SchemaVersion }).rows.map((row) => row.d);

describe("reading Julia's tables: every List is a Vector", () => {
  test.each([
    ["List<Int64>", list(new Int64()), [[1n, 2n, 3n], []]],
    ["List<Float64>", list(new Float64()), [[0.5, -1.5], [Number.MAX_VALUE]]],
    ["List<Utf8>", list(new Utf8()), [["a", "σ²"], []]],
    ["List<Union{Missing, Int64}>", list(new Int64(), true), [[1n, null], [null]]],
    ["List<List<Bool>>", list(list(new Bool())), [[[true], [false, true]], []]],
    ["LargeList<Int64>", new LargeList(new Field("", new Int64(), false)), [[7n], [8n, 9n]]],
  ])("%s reads as arrays of its elements", (_, type, values) => {
    expect(readD(fooTable(new Field("d", type, false), values))).toEqual(values);
  });

  test.each([
    ["Int64", new Int64(), [2n]],
    ["Utf8", new Utf8(), ["abc"]],
    [
      "FixedSizeList(2)<Int64> (an NTuple to Arrow.jl)",
      new FixedSizeList(2, new Field("", new Int64(), false)),
      [[1n, 2n]],
    ],
  ])("a column of %s is refused by its type, as Legolas.jl refuses it", (_, type, values) => {
    expect(() => readD(fooTable(new Field("d", type, false), values))).toThrow(TableSchemaError);
    expect(() => readD(fooTable(new Field("d", type, false), values))).toThrow(/d.*vector<any>/);
  });

  test("a List labelled JuliaLang.Set is refused: a Set is no AbstractVector", () => {
    const set = new Map([
      ["ARROW:extension:name", "JuliaLang.Set"],
      ["ARROW:extension:metadata", ""],
    ]);
    expect(() => readD(fooTable(new Field("d", list(new Int64()), false, set), [[1n]]))).toThrow(TableSchemaError);
  });
});

describe("writing: the List Arrow.jl writes for the values' Vector{T}", () => {
  const writtenD = (d: readonly unknown[]) =>
    tableFromIPC(
      writeTableBytes(
        d.map((value) => new FooV1({ a: 1, b: "hi", d: value as unknown[] })),
        FooV1SchemaVersion,
      ),
    ).schema.fields.find((field) => field.name === "d")!;

  test.each([
    ["Vector{Int64}", [[1n, 2n], []], list(new Int64())],
    ["Vector{Float64}", [[0.5], [1, 2]], list(new Float64())],
    ["Vector{String}", [["a"], ["b", "c"]], list(new Utf8())],
    ["Vector{Bool}", [[true, false]], list(new Bool())],
    ["Vector{Vector{Int64}}", [[BigInt64Array.of(1n), BigInt64Array.of()]], list(list(new Int64()))],
  ])("%s", (_, values, expected) => {
    const field = writtenD(values);
    expect(String(field.type)).toBe(String(expected));
    expect(field.nullable).toBe(false);
    expect((field.type as List).children[0]!.nullable).toBe(false);
    expect(
      readD(
        writeTableBytes(
          values.map((d) => new FooV1({ a: 1, b: "hi", d })),
          FooV1SchemaVersion,
        ),
      ),
    ).toEqual(values);
  });

  test("a typed array is a vector of its elements", () => {
    const rows = [{ a: 1, b: "hi", d: Float32Array.of(0.5, 1.5) as unknown as unknown[] }];
    const bytes = writeTableBytes(rows, FooV1SchemaVersion);
    expect(String(tableFromIPC(bytes).schema.fields.find((field) => field.name === "d")!.type)).toBe(
      String(list(new Float32())),
    );
    expect(readD(bytes)).toEqual([[0.5, 1.5]]);
  });

  test("values of no one element type, or no list at all, are an AnyColumnError; nothing is written", () => {
    const rows = (...d: unknown[]) => d.map((value) => ({ a: 1, b: "hi", d: value as unknown[] }));
    expect(() => writeTableBytes(rows([1n], ["a"]), FooV1SchemaVersion)).toThrow(AnyColumnError);
    expect(() => writeTableBytes(rows([1n], ["a"]), FooV1SchemaVersion)).toThrow(
      /column "d" \(type vector<any>\) cannot be written/,
    );
    // fieldMetadataFrom's element type holds every element (named by its row and index there), or nothing is written.
    const int64s = new Schema([new Field("d", list(new Int64()), false)]);
    expect(() => writeTableBytes(rows([1n], [2n, "x"]), FooV1SchemaVersion, { fieldMetadataFrom: int64s })).toThrow(
      'column "d[]" (type any) cannot be written: row 1, d[1] holds a string where its Arrow type stores an int64 bigint',
    );
    const scalar = new Table({ d: vectorFromArray([1n]) });
    expect(() => writeTableBytes(rows([1n]), FooV1SchemaVersion, { fieldMetadataFrom: scalar })).toThrow(
      /vector<any> \(Julia's AbstractVector\) is stored as a List/,
    );
  });

  test("its JSON form is each element's any JSON, and reads back", () => {
    const d = [1n, "x", 0.5, [true]];
    const json = new FooV1({ a: 1, b: "hi", d }).toJSON();
    // Each element travels as the untyped field `c` holding it does (a bigint as its decimal string).
    const asC = (c: unknown) => new FooV1({ a: 1, b: "hi", c, d: [] }).toJSON().c;
    expect(json.d).toEqual(d.map(asC));
    expect(json.d).toEqual(["1", "x", 0.5, [true]]);
    const readC = (c: unknown) => FooV1.fromJSON({ ...json, c, d: [] }).c;
    expect(FooV1.fromJSON(JSON.parse(JSON.stringify(json))).d).toEqual(json.d.map(readC));
    const properties = FooV1SchemaVersion.jsonSchema.properties as Record<string, unknown>;
    expect(properties["d"]).toEqual({ type: "array", items: {} });
  });
});

test("a random List or LargeList column read and written back with fieldMetadataFrom is the same column, byte for byte", () => {
  fc.assert(
    fc.property(
      storage.chain(({ type, value }) =>
        fc.record({
          type: fc.constant(type),
          large: fc.boolean(),
          values: fc.array(fc.array(value, { maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        }),
      ),
      fc.context(),
      ({ type, large, values }, context) => {
        const child = new Field("", type, false);
        const metadata = new Map([["comment", "kept as it was"]]);
        const file = fooTable(new Field("d", large ? new LargeList(child) : new List(child), false, metadata), values);
        context.log(`${large ? "LargeList" : "List"}<${type}>`);
        const { rows } = readTableBytes(file, { schemaVersion: FooV1SchemaVersion });
        const written = writeTableBytes(rows, FooV1SchemaVersion, { fieldMetadataFrom: tableFromIPC(file) });
        expect(columnBytes(tableFromIPC(written), "d")).toEqual(columnBytes(tableFromIPC(file), "d"));
      },
    ),
    { numRuns: 100 },
  );
});

/**
 * Dictionary-encoded columns, as Arrow.jl writes pooled and categorical columns
 * (`src/arraytypes/dictencoding.jl`): accepted wherever their value type is (top level, list
 * elements, struct children), validated, and decoded to plain values on every read path, also
 * when the dictionary batches are compressed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Bool,
  Dictionary,
  Field,
  Float64,
  Int16,
  Int32,
  Int8,
  List,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Uint32,
  Uint8,
  Utf8,
  Vector,
  vectorFromArray,
  type DataType,
} from "apache-arrow";
import { afterAll, describe, expect, test, vi } from "vitest";
import {
  FlatArray,
  ModelV1SchemaVersion,
  prepareCompression,
  readTable,
  readTableBatches,
  readTableBytes,
  readTableFrom,
  SCHEMA_QUALIFIED_KEY,
  validateTable,
  Weights,
  writeModelRowBytes,
  writeTableBytes,
} from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../../generated/index.js";
import { deltaChainFile, deltaChainValues, dictionaryReplacementFile } from "../../hostile/helpers/crafted-batches.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-dictionary-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const strings = () => new Dictionary(new Utf8(), new Int32());

/** A Legolas table of `test.all-types@1` from named vectors. */
function legolasTable(columns: Record<string, Vector>): Table {
  const plain = new Table(columns);
  const schema = new Schema(plain.schema.fields, new Map([[SCHEMA_QUALIFIED_KEY, AllTypesV1SchemaVersion.identifier]]));
  return new Table(plain.batches.map((batch) => new RecordBatch(schema, batch.data)));
}

const required = (n: number) => ({
  flag: vectorFromArray(
    Array.from({ length: n }, (_, i) => i % 2 === 0),
    new Bool(),
  ),
  small: vectorFromArray(
    Array.from({ length: n }, (_, i) => i),
    new Int16(),
  ),
  ubyte: vectorFromArray(
    Array.from({ length: n }, () => 1),
    new Uint8(),
  ),
  uint: vectorFromArray(
    Array.from({ length: n }, () => 2),
    new Uint32(),
  ),
  double: vectorFromArray(
    Array.from({ length: n }, () => 0.5),
    new Float64(),
  ),
});

const TEXT = ["low", null, "high", "low"];
const MEDIUM = [7, 7, null, -3];
const NAMES = [["a", "b"], [], ["b", "b", "c"], ["a"]];
const POINTS = [{ x: 1, note: "p" }, { x: 2, note: null }, null, { x: 4, note: "p" }];

/** Dictionary columns at the top level (strings with Int8 indices, integers), inside a list and inside a struct. */
function dictionaryTable(): Table {
  return legolasTable({
    ...required(4),
    text: vectorFromArray(TEXT, new Dictionary(new Utf8(), new Int8())),
    medium: vectorFromArray(MEDIUM, new Dictionary(new Int32(), new Int16())),
    names: vectorFromArray(NAMES, new List(new Field("", strings(), false))),
    point: vectorFromArray(
      POINTS,
      new Struct([new Field("x", new Float64(), false), new Field("note", strings(), true)]),
    ),
  });
}

function expectPlainValues(rows: readonly object[]): void {
  const values = rows.map((row) => {
    const { text, medium, names, point } = row as Record<string, unknown>;
    return { text, medium, names, point };
  });
  expect(values).toEqual(TEXT.map((text, i) => ({ text, medium: MEDIUM[i], names: NAMES[i], point: POINTS[i] })));
}

describe("dictionary-encoded columns", () => {
  test("the table really is dictionary-encoded, and validateTable accepts it", () => {
    const table = dictionaryTable();
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({ text: "Dictionary<Int8, Utf8>", medium: "Dictionary<Int16, Int32>" });
    expect(String((table.schema.fields.find((f) => f.name === "names")!.type as DataType).children[0]!.type)).toBe(
      "Dictionary<Int32, Utf8>",
    );
    expect(validateTable(table, AllTypesV1SchemaVersion)).toEqual([]);
  });

  test("readTableBytes, readTable, readTableBatches and readTableFrom decode them to plain values", async () => {
    const bytes = tableToIPC(dictionaryTable(), "file");
    expectPlainValues(readTableBytes(bytes).rows);
    const path = join(folder, "dictionary.arrow");
    writeFileSync(path, bytes);
    expectPlainValues((await readTable(path)).rows);
    const batched: object[] = [];
    for await (const batch of readTableBatches(path)) batched.push(...batch.rows);
    expectPlainValues(batched);
    expectPlainValues((await readTableFrom(new Blob([bytes as BlobPart]))).rows);
    expectPlainValues(readTableBytes(bytes, { validate: "columns" }).rows);
  });

  test.each(["lz4", "zstd"] as const)(
    "written again by us, %s-compressed (dictionary batches too), they read the same",
    async (codec) => {
      await prepareCompression(codec);
      const bytes = writeTableBytes(dictionaryTable(), AllTypesV1SchemaVersion, { compression: codec });
      const { rows, table } = readTableBytes(bytes);
      expect(String(table.schema.fields.find((f) => f.name === "text")!.type)).toBe("Dictionary<Int8, Utf8>");
      expectPlainValues(rows);
    },
  );

  test("a dictionary of the wrong value type is a column violation that names the column", () => {
    const table = legolasTable({
      ...required(2),
      text: vectorFromArray([1, 2], new Dictionary(new Int32(), new Int8())),
    });
    expect(validateTable(table, AllTypesV1SchemaVersion)).toEqual([
      expect.objectContaining({ code: "incorrect_type", path: "text", found: "Arrow Dictionary<Int8, Int32>" }),
    ]);
    expect(() => readTableBytes(tableToIPC(table, "file"))).toThrow(
      expect.objectContaining({ name: "TableSchemaError" }),
    );
  });

  test("a required field in a dictionary column with nulls is a violation", () => {
    const table = legolasTable({
      ...required(2),
      small: vectorFromArray([1, null], new Dictionary(new Int16(), new Int8())),
    });
    expect(validateTable(table, AllTypesV1SchemaVersion)).toEqual([
      expect.objectContaining({ path: "small", found: "1 null" }),
    ]);
  });

  test("a required field whose dictionary points at a null value is a violation, with validate: 'columns' too", () => {
    // The indices are all present; the dictionary's second value is null.
    const type = new Dictionary(new Int16(), new Int8());
    const small = makeVector(
      makeData({
        type,
        length: 2,
        nullCount: 0,
        data: Int8Array.of(0, 1),
        dictionary: vectorFromArray([7, null], new Int16()),
      }),
    );
    const table = legolasTable({ ...required(2), small });
    expect(validateTable(table, AllTypesV1SchemaVersion)).toEqual([
      expect.objectContaining({ path: "small", found: "1 null" }),
    ]);
    const bytes = tableToIPC(table, "file");
    const expected = { name: "TableSchemaError", message: expect.stringMatching(/small/) };
    expect(() => readTableBytes(bytes, { validate: "columns" })).toThrow(expect.objectContaining(expected));
    expect(() => readTableBytes(bytes)).toThrow();
  });

  test("a dictionary-encoded list, struct or Weights column (Arrow.jl's dictencode=true) reads as its values; a null inside a value rows refer to is a violation, with validate: 'columns' too", () => {
    const encoded = (values: Vector, indices: number[]) =>
      makeVector(
        makeData({
          type: new Dictionary(values.type, new Int32()),
          length: indices.length,
          nullCount: 0,
          data: Int32Array.from(indices),
          dictionary: values,
        }),
      );
    const weights = new Weights([new FlatArray(Float32Array.of(1, 2, 3, 4), [2, 2])]);
    const storedWeights = tableFromIPC(writeModelRowBytes({ weights }, ModelV1SchemaVersion)).getChild("weights")!;
    const pointType = new Struct([new Field("x", new Float64(), false), new Field("note", new Utf8(), true)]);
    const table = legolasTable({
      ...required(3),
      names: encoded(vectorFromArray([["a", "b"], []], new List(new Field("", new Utf8(), false))), [1, 0, 0]),
      point: encoded(vectorFromArray([{ x: 1, note: "p" }], pointType), [0, 0, 0]),
      weights: encoded(storedWeights, [0, 0, 0]),
    });
    expect(validateTable(table, AllTypesV1SchemaVersion)).toEqual([]);
    const rows = readTableBytes(tableToIPC(table, "file"), { schemaVersion: AllTypesV1SchemaVersion }).rows;
    expect(rows.map((row) => row.names)).toEqual([[], ["a", "b"], ["a", "b"]]);
    expect(rows[2]!.point).toEqual({ x: 1, note: "p" });
    expect([...rows[1]!.weights!.arrays[0]!.vec]).toEqual([1, 2, 3, 4]);

    // Each list below holds a null element; only the first is referred to by a row.
    const names = vectorFromArray([["a", null], ["b"], [null]], new List(new Field("", new Utf8(), true)));
    const withNull = legolasTable({ ...required(2), names: encoded(names, [0, 1]) });
    expect(validateTable(withNull, AllTypesV1SchemaVersion)).toEqual([
      { code: "incorrect_type", path: "names[]", expected: "string", found: "1 null" },
    ]);
    expect(() => readTableBytes(tableToIPC(withNull, "file"), { validate: "columns" })).toThrow(
      expect.objectContaining({ name: "TableSchemaError", message: expect.stringContaining("names[]") }),
    );
  });

  test("an index outside its dictionary is a corrupt file, refused before any row is read", () => {
    const dictionary = vectorFromArray(["only"], new Utf8());
    const type = new Dictionary(new Utf8(), new Int8());
    const text = makeVector(makeData({ type, length: 2, nullCount: 0, data: Int8Array.of(0, 5), dictionary }));
    const bytes = tableToIPC(legolasTable({ ...required(2), text }), "file");
    expect(() => readTableBytes(bytes)).toThrow(
      expect.objectContaining({
        name: "CorruptTableError",
        code: "corrupt_table",
        message: expect.stringMatching(/column "text": index 5 at 1 lies outside its dictionary of 1 values/),
      }),
    );
  });
});

/** The `text` of each row. */
const texts = (rows: readonly object[]): unknown[] => rows.map((row) => (row as { text?: unknown }).text);

describe("dictionary replacements", () => {
  test("in the stream format, each batch reads with the dictionary it was written with", async () => {
    const bytes = dictionaryReplacementFile("stream");
    expect(texts(readTableBytes(bytes).rows)).toEqual(["a", "z"]);
    const path = join(folder, "replacement.arrows");
    writeFileSync(path, bytes);
    const batched: unknown[] = [];
    for await (const batch of readTableBatches(path)) batched.push(...texts(batch.rows));
    expect(batched).toEqual(["a", "z"]);
  });

  test("in the file format, which forbids them, one is refused (apache-arrow read both rows as 'z')", async () => {
    const bytes = dictionaryReplacementFile("file");
    const expected = {
      name: "NotArrowFileError",
      code: "not_arrow_file",
      message: expect.stringMatching(/a dictionary batch replaces dictionary 0, which the file format forbids/),
    };
    expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining(expected));
    const path = join(folder, "replacement.arrow");
    writeFileSync(path, bytes);
    await expect(readTable(path)).rejects.toMatchObject(expected);
    await expect(readTableBatches(path).next()).rejects.toMatchObject(expected);
  });
});

describe("delta dictionaries", () => {
  const PAIRS = 1000;

  test.each(["stream", "file"] as const)(
    "%s format: 1,000 delta/record batch pairs read with every value on every path, each delta added once",
    async (form) => {
      const bytes = deltaChainFile(PAIRS, form);
      const expected = deltaChainValues(PAIRS);
      // apache-arrow's reader appended each delta with Vector.concat, rebuilding a vector of every chunk so far.
      const concat = vi.spyOn(Vector.prototype, "concat");
      try {
        const { rows, table } = readTableBytes(bytes);
        expect(texts(rows)).toEqual(expected);
        expect(texts(readTableBytes(bytes, { validate: "columns" }).rows)).toEqual(expected);
        // apache-arrow's own reading of the table gives the same values.
        expect(table.getChild("text")!.toArray()).toEqual(expected);
        expect(concat).not.toHaveBeenCalled();
      } finally {
        concat.mockRestore();
      }
      const path = join(folder, `deltas.${form}`);
      writeFileSync(path, bytes);
      const batched: unknown[] = [];
      for await (const batch of readTableBatches(path)) batched.push(...texts(batch.rows));
      expect(batched).toEqual(expected);
    },
  );

  test("each record batch sees the dictionary as it stood when the batch was written", () => {
    const { table } = readTableBytes(deltaChainFile(5, "stream"));
    // Batch k's dictionary holds k + 1 values, whatever came after it.
    expect(table.batches.map((batch) => batch.getChild("text")!.data[0]!.dictionary!.length)).toEqual([1, 2, 3, 4, 5]);
    expect(table.batches.map((batch) => [...batch.getChild("text")!.data[0]!.dictionary!])).toEqual([
      ["value 0"],
      ["value 0", "value 1"],
      ["value 0", "value 1", "value 2"],
      ["value 0", "value 1", "value 2", "value 3"],
      ["value 0", "value 1", "value 2", "value 3", "value 4"],
    ]);
  });

  test("an index past the dictionary its batch had (though inside a later delta) is a corrupt file", () => {
    // The batch with one value points at index 1, which only the next delta brings.
    const bytes = deltaChainFile(3, "stream", (k) => (k === 0 ? 1 : k));
    expect(() => readTableBytes(bytes)).toThrow(
      expect.objectContaining({
        name: "CorruptTableError",
        message: expect.stringMatching(/index 1 at 0 lies outside its dictionary of 1 values/),
      }),
    );
  });
});

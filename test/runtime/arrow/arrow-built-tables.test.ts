/**
 * Tables that users build with apache-arrow's own API (`new Table({...vectors})`, `slice`,
 * `concat`, builders), handed to every door that takes one: the writers, the column checks and
 * the columnar validators. Random tables and their slices are in round-trip.property.test.ts and
 * column-validation.property.test.ts; here are the shapes apache-arrow makes that random tables
 * do not reach.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Bool,
  Dictionary,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  List,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  Uint32,
  Uint8,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import {
  compliesWith,
  readTable,
  readWeightsColumn,
  readTableBytes,
  recordBatchComplies,
  validateRecordBatch,
  validateTable,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { AllTypesV1SchemaVersion, DigitsConfigV1SchemaVersion } from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-arrow-built-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The required columns of test.all-types@1, `n` rows of them. */
function requiredColumns(n: number) {
  const rows = Array.from({ length: n }, (_, i) => i);
  return {
    flag: vectorFromArray(
      rows.map((i) => i % 2 === 0),
      new Bool(),
    ),
    small: vectorFromArray(rows, new Int16()),
    ubyte: vectorFromArray(rows, new Uint8()),
    uint: vectorFromArray(rows, new Uint32()),
    double: vectorFromArray(
      rows.map((i) => i + 0.5),
      new Float64(),
    ),
  };
}

describe("an empty table made of empty vectors", () => {
  // apache-arrow's `new Table({ x: emptyVector })` makes one batch of no rows whose children are the Vectors themselves.
  const table = new Table(requiredColumns(0));

  test("is valid at every door", () => {
    expect(validateTable(table, AllTypesV1SchemaVersion)).toStrictEqual([]);
    expect(compliesWith(table, AllTypesV1SchemaVersion)).toBe(true);
    expect(validateRecordBatch(table, AllTypesV1SchemaVersion)).toStrictEqual([]);
    expect(recordBatchComplies(table, AllTypesV1SchemaVersion)).toBe(true);
    expect(recordBatchComplies(table.batches[0]!, AllTypesV1SchemaVersion)).toBe(true);
  });

  test("is written as an empty table with its columns", async () => {
    const path = join(folder, "empty.arrow");
    await writeTable(path, table, AllTypesV1SchemaVersion);
    for (const { table: back, rows } of [
      readTableBytes(writeTableBytes(table, AllTypesV1SchemaVersion)),
      await readTable(path),
    ]) {
      expect(rows).toStrictEqual([]);
      expect(back.schema.fields.map((field) => [field.name, String(field.type)])).toStrictEqual(
        table.schema.fields.map((field) => [field.name, String(field.type)]),
      );
    }
  });
});

describe("a RecordBatch given Vectors where it takes Data (new RecordBatch({ x: vector }))", () => {
  // apache-arrow keeps the Vectors as the batch's columns; every door said "offset undefined is not an offset" or worse.
  const batch = new RecordBatch(requiredColumns(2) as never);
  const says = expect.objectContaining({
    name: "TypeError",
    message: expect.stringMatching(
      /holds an apache-arrow Vector as column "flag" where a RecordBatch holds Data: .*new Table\(\{ "flag": vector \}\).*vector\.data\[0\]/,
    ),
  });

  test("is refused at every door, saying how to build the table", async () => {
    const table = new Table(batch);
    for (const door of [
      () => validateTable(table, AllTypesV1SchemaVersion),
      () => compliesWith(table, AllTypesV1SchemaVersion),
      () => validateRecordBatch(batch, AllTypesV1SchemaVersion),
      () => recordBatchComplies(batch, AllTypesV1SchemaVersion),
      () => readWeightsColumn(batch, "flag"),
      () => writeTableBytes(table, AllTypesV1SchemaVersion),
      () => writeTableBytes(table, AllTypesV1SchemaVersion, { validate: false }),
    ])
      expect(door).toThrow(says);
    await expect(writeTable(join(folder, "vectors.arrow"), table, AllTypesV1SchemaVersion)).rejects.toThrow(says);
    // A batch iterates as rows, which writeTable takes.
    await expect(writeTable(join(folder, "vectors.arrow"), batch as never, AllTypesV1SchemaVersion)).rejects.toThrow(
      says,
    );
  });

  test("built as the message says, it is written", () => {
    const columns = requiredColumns(2);
    const fromData = new RecordBatch(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.data[0]!])));
    for (const table of [new Table(columns), new Table(fromData)])
      expect(readTableBytes(writeTableBytes(table, AllTypesV1SchemaVersion)).rows).toHaveLength(2);
  });
});

test("a slice past a list with a null element holds no null element", () => {
  // apache-arrow's slice cuts a list's offsets and keeps its child whole, the first list's elements included.
  const names = vectorFromArray([["a", null], ["b"], ["c", "d"]], new List(new Field("", new Utf8(), true)));
  const table = new Table({ ...requiredColumns(3), names });
  expect(validateTable(table, AllTypesV1SchemaVersion)).toStrictEqual([
    { code: "incorrect_type", path: "names[]", expected: "string", found: "1 null" },
  ]);
  const slice = table.slice(1);
  expect(validateTable(slice, AllTypesV1SchemaVersion)).toStrictEqual([]);
  expect(compliesWith(slice, AllTypesV1SchemaVersion)).toBe(true);
  expect(
    readTableBytes(writeTableBytes(slice, AllTypesV1SchemaVersion), {
      schemaVersion: AllTypesV1SchemaVersion,
    }).rows.map((row) => row.names),
  ).toStrictEqual([["b"], ["c", "d"]]);
});

test("a slice of a dictionary-encoded column whose dictionary holds a null counts the nulls its rows refer to", () => {
  // Arrow.jl can put a missing value in the dictionary itself; apache-arrow's slice cuts the indices.
  const dictionary = vectorFromArray([null, 1.5, 2.5], new Float64());
  const type = new Dictionary(new Float64(), new Int32());
  fc.assert(
    fc.property(
      fc
        .array(fc.nat(2), { minLength: 1, maxLength: 20 })
        .chain((indices) => fc.tuple(fc.constant(indices), fc.nat(indices.length), fc.nat(indices.length))),
      ([indices, a, b]) => {
        const [from, to] = [Math.min(a, b), Math.max(a, b)];
        const data = makeData({
          type,
          length: indices.length,
          nullCount: 0,
          data: Int32Array.from(indices),
          dictionary,
        });
        const { double: _, ...columns } = requiredColumns(indices.length);
        const slice = new Table({ ...columns, double: makeVector(data) }).slice(from, to);
        const nulls = indices.slice(from, to).filter((index) => index === 0).length;
        const expected =
          nulls === 0
            ? []
            : [
                {
                  code: "missing_field",
                  path: "double",
                  expected: "float64",
                  found: `${nulls} null${nulls === 1 ? "" : "s"}`,
                },
              ];
        expect(validateTable(slice, AllTypesV1SchemaVersion)).toStrictEqual(expected);
        expect(compliesWith(slice, AllTypesV1SchemaVersion)).toBe(nulls === 0);
        expect(validateRecordBatch(slice, AllTypesV1SchemaVersion).length).toBe(nulls);
      },
    ),
  );
});

test("a column that holds nulls under a field not marked nullable is written nullable", () => {
  // apache-arrow's Field is not nullable unless told, and its tables do not check the data against it;
  // Arrow.jl types a column by its field, and would read these nulls as the zeros under them.
  const columns = {
    ...requiredColumns(3),
    medium: vectorFromArray([1, null, 3], new Int32()),
    extra: vectorFromArray(["a", null, "c"], new Utf8()),
  };
  const schema = new Schema(Object.entries(columns).map(([name, vector]) => new Field(name, vector.type)));
  const table = new Table(schema, columns);
  expect(table.schema.fields.some((field) => field.nullable)).toBe(false);
  for (const validate of [true, false]) {
    const written = tableFromIPC(writeTableBytes(table, AllTypesV1SchemaVersion, { validate }));
    const nullable = written.schema.fields.filter((field) => field.nullable).map((field) => field.name);
    expect(nullable).toStrictEqual(["medium", "extra"]);
    expect(written.getChild("medium")!.toJSON()).toStrictEqual([1, null, 3]);
  }
});

test("a null under a child field not marked nullable marks that child nullable, at any depth", () => {
  const item = new Field("item", new Int32());
  const columns = {
    ...requiredColumns(3),
    pair: vectorFromArray([{ a: 1 }, { a: null }, { a: 3 }], new Struct([new Field("a", new Int32())])),
    lists: vectorFromArray([[1, null], [], [3]], new List(item)),
  };
  const schema = new Schema(Object.entries(columns).map(([name, vector]) => new Field(name, vector.type)));
  const table = new Table(schema, columns);
  for (const validate of [true, false]) {
    const written = tableFromIPC(writeTableBytes(table, AllTypesV1SchemaVersion, { validate }));
    const child = (name: string) =>
      (written.schema.fields.find((field) => field.name === name)!.type as Struct).children[0]!;
    expect([child("pair").nullable, child("lists").nullable]).toStrictEqual([true, true]);
    expect(
      written
        .getChild("pair")!
        .toJSON()
        .map((value) => value?.toJSON()),
    ).toStrictEqual([{ a: 1 }, { a: null }, { a: 3 }]);
  }
});

test("a null a reader never reads, under a null struct or fixed-size list, leaves the child not nullable", () => {
  // apache-arrow's builders put a null in each child of a null struct or fixed-size list. Arrow.jl
  // reads no child there; a child marked nullable would read in Julia as Union{Missing, T}, which
  // Legolas.validate refuses for the declared point.x::Float64 (a NamedTuple is invariant).
  const point = vectorFromArray(
    [{ x: 1, note: "a" }, null, { x: 3, note: null }],
    new Struct([new Field("x", new Float64()), new Field("note", new Utf8(), true)]),
  );
  const pair = vectorFromArray([[1, 2], null, [5, 6]], new FixedSizeList(2, new Field("", new Int32())));
  expect([point.data[0]!.children[0]!.nullCount, pair.data[0]!.children[0]!.nullCount]).toStrictEqual([1, 2]);
  const columns = { ...requiredColumns(3), point, pair };
  const schema = new Schema(
    Object.entries(columns).map(([name, vector]) => new Field(name, vector.type, name !== "flag")),
  );
  const table = new Table(schema, columns);
  for (const validate of [true, false]) {
    const written = tableFromIPC(writeTableBytes(table, AllTypesV1SchemaVersion, { validate }));
    const children = (name: string) =>
      (written.schema.fields.find((field) => field.name === name)!.type as Struct).children.map(
        (child) => child.nullable,
      );
    // note holds a null under a present point: it stays nullable.
    expect([children("point"), children("pair")]).toStrictEqual([[false, true], [false]]);
    const { rows } = readTableBytes(writeTableBytes(table, AllTypesV1SchemaVersion, { validate }), {
      schemaVersion: AllTypesV1SchemaVersion,
    });
    expect(rows.map((row) => row.point)).toStrictEqual([{ x: 1, note: "a" }, null, { x: 3, note: null }]);
  }
});

describe("a table joined from tables whose dictionary-encoded column has its own dictionary", () => {
  // concat keeps each batch's dictionary; an Arrow file holds one per column, which later batches may only extend.
  const dictionary = () => new Dictionary(new Utf8(), new Int8());
  const part = (texts: (string | null)[]) =>
    new Table({ ...requiredColumns(texts.length), text: vectorFromArray(texts, dictionary()) });
  const table = part(["a", "b"]).concat(part([]), part(["c", null, "a"]), part(["d"]));

  test("is written with the values it holds", async () => {
    const path = join(folder, "dictionaries.arrow");
    await writeTable(path, table, AllTypesV1SchemaVersion);
    for (const { rows } of [
      readTableBytes(writeTableBytes(table, AllTypesV1SchemaVersion), { schemaVersion: AllTypesV1SchemaVersion }),
      await readTable(path, { schemaVersion: AllTypesV1SchemaVersion }),
    ]) {
      expect(rows.map((row) => row.text)).toStrictEqual(["a", "b", "c", null, "a", "d"]);
    }
  });

  test("is refused with a typed error when its indices cannot reach every dictionary's values", () => {
    const wide = part(Array.from({ length: 100 }, (_, i) => `v${i}`));
    const joined = wide.concat(part(Array.from({ length: 100 }, (_, i) => `w${i}`)));
    expect(() => writeTableBytes(joined, AllTypesV1SchemaVersion)).toThrow(
      expect.objectContaining({ code: "table_schema_invalid", message: expect.stringContaining("use wider indices") }),
    );
  });

  test("is refused with a typed error naming the column when a nested column's dictionaries differ", () => {
    const elements = () => new List(new Field("", dictionary(), true));
    const listPart = (lists: string[][]) =>
      new Table({ ...requiredColumns(lists.length), names: vectorFromArray(lists, elements()) });
    const joined = listPart([["a", "b"], ["c"]]).concat(listPart([["d"]]));
    expect(() => writeTableBytes(joined, AllTypesV1SchemaVersion)).toThrow(
      expect.objectContaining({
        code: "table_schema_invalid",
        message: expect.stringMatching(/names\[\].*different dictionaries.*one dictionary/),
      }),
    );
  });

  test("is written whatever index a null slot holds, which refers to no value", () => {
    const wide = part(Array.from({ length: 100 }, (_, i) => `v${i}`));
    const withNull = part(["x", null]);
    // The format leaves a null slot's index undefined: here one that, moved past 100 values, no Int8 holds.
    (withNull.getChild("text")!.data[0]!.values as Int8Array)[1] = 127;
    const { rows } = readTableBytes(writeTableBytes(wide.concat(withNull), AllTypesV1SchemaVersion), {
      schemaVersion: AllTypesV1SchemaVersion,
    });
    expect(rows.slice(99).map((row) => row.text)).toStrictEqual(["v99", "x", null]);
  });
});

test("a null a field's default stands for is refused in a table written as it is: Julia would read the value under it", () => {
  // digits-config@1: seed::Int = coalesce(seed, 5). Julia reads a column marked without nulls as
  // plain Int64, never looking at its validity: under the null it would see 0 where we read 5.
  const table = new Table({
    seed: vectorFromArray([1n, null], new Int64()),
    dropout_rate: vectorFromArray([0.5, 0.5], new Float32()),
  });
  expect(validateTable(table, DigitsConfigV1SchemaVersion)).toEqual([]);
  expect(() => writeTableBytes(table, DigitsConfigV1SchemaVersion)).toThrow(
    expect.objectContaining({
      code: "table_schema_invalid",
      message: expect.stringMatching(/seed: expected no null.*found nulls; write the rows/),
    }),
  );
  // Written as rows, the row class puts the default in.
  const { table: written } = readTableBytes(
    writeTableBytes(
      [...table].map((row) => row.toJSON()),
      DigitsConfigV1SchemaVersion,
    ),
  );
  expect([...written.getChild("seed")!]).toEqual([1n, 5n]);
});

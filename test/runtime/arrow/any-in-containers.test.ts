/**
 * An `any` field of a record held in a container (a list, map, tuple or inline struct of records, a union's member,
 * as Legolas.jl's `Vector{GrandchildV1}` holds untyped fields): written from rows, it is typed from
 * all the values in that place of the column, as a record field's `any` is (docs/julia.md,
 * untyped fields), and reads back.
 */
import { describe, expect, test } from "vitest";
import { Field, Int32, List, Schema, Struct, tableFromIPC, Utf8 } from "apache-arrow";
import { findSchemaVersion, readTableBytes, type SchemaVersion, writeTableBytes } from "legolas-ts";
import { loadYamlSchemas } from "./helpers/row-path.js";

await loadYamlSchemas([
  { schema: "test.any-leaf", prefix: "AnyLeaf", version: { fields: { id: "int32", z: "any" } } },
  // Its any field computed by a `value:` expression (the identity).
  { schema: "test.any-computed", prefix: "AnyComputed", version: { fields: { z: { type: "any", value: "row.z" } } } },
  {
    schema: "test.any-holder",
    prefix: "AnyHolder",
    version: {
      fields: {
        direct: "test.any-leaf@1?",
        many: "list<test.any-leaf@1>?",
        keyed: "map<string, test.any-leaf@1>?",
        pair: "tuple<test.any-leaf@1, int32>?",
        inner: { type: "struct?", fields: { leaf: "test.any-leaf@1" } },
        computed: "test.any-computed@1?",
        fixed: "ntuple<test.any-leaf@1, 2>?",
        computedInner: { type: "struct?", fields: { pair: "tuple<test.any-computed@1, int32>" } },
        either: "union<list<test.any-leaf@1>, string>?",
      },
    },
  },
]);
const holder = findSchemaVersion("test.any-holder@1") as SchemaVersion<object, unknown>;
const leaf = (id: number, z: unknown) => ({ id, z });

describe("an any field of a record in a container is typed from its values and reads back", () => {
  test.each([
    ["a record", "direct", leaf(1, "three"), null],
    ["a list of records", "many", [leaf(1, "three"), leaf(2, null), leaf(3, "four")], []],
    ["a map of records", "keyed", new Map([["k", leaf(1, 3n)]]), new Map([["j", leaf(2, 4n)]])],
    ["a tuple holding a record", "pair", [leaf(1, new Date(0)), 5], null],
    ["an optional ntuple of records (a missing one takes its slots)", "fixed", null, [leaf(1, "a"), leaf(2, "b")]],
    ["an inline struct holding a record", "inner", { leaf: leaf(1, { a: true }) }, { leaf: leaf(2, { a: false }) }],
    ["a union's member holding records", "either", [leaf(1, 3n), leaf(2, null)], "text"],
  ])("%s", (_, name, first, second) => {
    const rows = [{ [name]: first }, { [name]: second }];
    const { rows: read } = readTableBytes(writeTableBytes(rows, holder), { schemaVersion: holder });
    expect(read.map((row) => (row as Record<string, unknown>)[name])).toEqual([first, second]);
  });

  test.each([
    ["an optional record", "computed", { z: 1.5 }],
    ["a record in a missing struct", "computedInner", { pair: [{ z: "a" }, 1] }],
  ])("a computed any field of %s is typed from the values present, a missing one aside", (_, name, value) => {
    const rows = [{ [name]: value }, { [name]: null }];
    const { rows: read } = readTableBytes(writeTableBytes(rows, holder), { schemaVersion: holder });
    expect(read.map((row) => (row as Record<string, unknown>)[name])).toEqual([value, null]);
  });

  test("a list of numbers in it reads as a Float64Array, as a column's does", () => {
    const rows = [{ many: [leaf(1, [1.5, 2]), leaf(2, [])] }];
    const { rows: read } = readTableBytes(writeTableBytes(rows, holder), { schemaVersion: holder });
    expect((read[0] as { many: unknown }).many).toEqual([leaf(1, Float64Array.of(1.5, 2)), leaf(2, Float64Array.of())]);
  });

  test("a row whose container is of another type is the RowValidationError, written unvalidated too", () => {
    for (const validate of [true, false])
      for (const wrong of [{ keyed: 7 }, { many: 7 }, { pair: 7 }, { inner: 7 }, { keyed: [7] }])
        expect(() => writeTableBytes([{ many: [leaf(1, "a")] }, wrong], holder, { validate })).toThrow(
          expect.objectContaining({ name: "RowValidationError", rowIndex: 1 }),
        );
  });

  test("of two types in that place, is the AnyColumnError", () => {
    expect(() => writeTableBytes([{ many: [leaf(1, "a"), leaf(2, 2)] }], holder)).toThrow(
      expect.objectContaining({ name: "AnyColumnError", code: "any_column_unwritable" }),
    );
  });

  // Every holder's record has a field z: the error names which, as violations name paths.
  test.each([
    ["many", "many[].z", [{ many: [leaf(1, "a"), leaf(2, 2)] }]],
    ["direct", "direct.z", [{ direct: leaf(1, "a") }, { direct: leaf(2, 2) }]],
    ["inner", "inner.leaf.z", [{ inner: { leaf: leaf(1, "a") } }, { inner: { leaf: leaf(2, 2) } }]],
    ["pair", "pair.1.z", [{ pair: [leaf(1, "a"), 5] }, { pair: [leaf(2, 2), 5] }]],
    [
      "keyed",
      "keyed.value.z",
      [
        {
          keyed: new Map([
            ["a", leaf(1, "a")],
            ["b", leaf(2, 2)],
          ]),
        },
      ],
    ],
    ["fixed", "fixed[].z", [{ fixed: [leaf(1, "a"), leaf(2, 2)] }]],
  ])("its AnyColumnError names the place, %s's z as %s", (_, path, rows) => {
    expect(() => writeTableBytes(rows, holder)).toThrow(
      expect.objectContaining({
        name: "AnyColumnError",
        column: path,
        message: expect.stringMatching(new RegExp(`^column "${path.replace(/[.[\]]/g, "\\$&")}" \\(type any\\)`)),
      }),
    );
  });

  // A value below a list, map or ntuple by its table row and its index there, as violations name elements (points[1].x).
  test.each([
    ["one row's list", [{ many: [leaf(1, 1), leaf(2, "two")] }], "row 0, many[1].z"],
    [
      "the second row's list",
      [{ many: [leaf(1, 1), leaf(2, 2)] }, { many: [leaf(3, 3), leaf(4, "x")] }],
      "row 1, many[1].z",
    ],
    [
      "a map's entries",
      [
        {
          keyed: new Map([
            ["a", leaf(1, 1)],
            ["b", leaf(2, "x")],
          ]),
        },
      ],
      "row 0, keyed[1].value.z",
    ],
    [
      "an ntuple after a missing one's slots",
      [{ fixed: null }, { fixed: [leaf(1, 1), leaf(2, "x")] }],
      "row 1, fixed[1].z",
    ],
    ["a key of an object in it", [{ many: [leaf(1, { a: 1 }), leaf(2, { a: "x" })] }], "row 0, many[1].z.a"],
  ])("its AnyColumnError names the table row and the element in it, in %s", (_, rows, where) => {
    expect(() => writeTableBytes(rows, holder)).toThrow(
      expect.objectContaining({
        name: "AnyColumnError",
        message: expect.stringContaining(`its values are of more than one type (float64 and string, ${where})`),
      }),
    );
  });

  test("its AnyColumnError names the table row and the element when fieldMetadataFrom's type refuses a value", () => {
    const leafType = new Struct([new Field("id", new Int32(), false), new Field("z", new Utf8(), true)]);
    const from = new Schema([new Field("many", new List(new Field("", leafType, false)), true)]);
    const rows = [{ many: [leaf(1, "a")] }, { many: [leaf(2, "b"), leaf(3, 3)] }];
    expect(() => writeTableBytes(rows, holder, { fieldMetadataFrom: from })).toThrow(
      'column "many[].z" (type any) cannot be written: row 1, many[1].z holds the number 3 where its Arrow type stores a string',
    );
  });

  test("its AnyColumnError names the place when fieldMetadataFrom's type refuses a value, and for rows from an iterator", async () => {
    const leafType = new Struct([new Field("id", new Int32(), false), new Field("z", new Utf8(), true)]);
    const from = new Schema([new Field("many", new List(new Field("", leafType, false)), true)]);
    expect(() => writeTableBytes([{ many: [leaf(1, "a"), leaf(2, 2)] }], holder, { fieldMetadataFrom: from })).toThrow(
      expect.objectContaining({ name: "AnyColumnError", column: "many[].z" }),
    );
    expect(() => writeTableBytes([{ many: [leaf(1, "a")] }].values(), holder)).toThrow(
      expect.objectContaining({ name: "AnyColumnError", column: "direct.z" }),
    );
  });

  test("in a union's member, is typed from the values of that member, read back under both validations and written back", () => {
    const rows = [{ either: [leaf(1, { a: 1n })] }, { either: "text" }, { either: null }, { either: [leaf(2, null)] }];
    const bytes = writeTableBytes(rows, holder);
    const either = tableFromIPC(bytes).schema.fields.find((f) => f.name === "either")!;
    expect(String(either.type)).toBe("Union<Null | List<Struct<{id:Int32, z:Struct<{a:Int64}>}>> | Utf8>");
    const expected = [[leaf(1, { a: 1n })], "text", null, [leaf(2, null)]];
    for (const validate of ["rows", "columns"] as const) {
      const read = readTableBytes(bytes, { schemaVersion: holder, validate }).rows;
      expect(read.map((row) => (row as { either: unknown }).either)).toEqual(expected);
    }
    const read = readTableBytes(bytes, { schemaVersion: holder }).rows;
    const again = writeTableBytes(read, holder, { fieldMetadataFrom: tableFromIPC(bytes) });
    expect(String(tableFromIPC(again).schema.fields.find((f) => f.name === "either")!.type)).toBe(String(either.type));
    expect(() => writeTableBytes([{ either: [leaf(1, 1), leaf(2, "x")] }], holder)).toThrow(
      expect.objectContaining({
        name: "AnyColumnError",
        column: "either|0[].z",
        message: expect.stringContaining(
          "its values are of more than one type (float64 and string, row 0, either[1].z)",
        ),
      }),
    );
  });

  test("takes its type from fieldMetadataFrom's field in that place", () => {
    const leafType = new Struct([new Field("id", new Int32(), false), new Field("z", new Utf8(), true)]);
    const from = new Schema([new Field("many", new List(new Field("", leafType, false)), true)]);
    const bytes = writeTableBytes([{ many: [leaf(1, "a"), leaf(2, null)] }], holder, { fieldMetadataFrom: from });
    expect(String(tableFromIPC(bytes).schema.fields.find((f) => f.name === "many")!.type)).toBe(
      "List<Struct<{id:Int32, z:Utf8}>>",
    );
  });
});

/**
 * Where an `any` column's refusal says a value lies below its column's own value: by its row and
 * its whole place in that row (`row 0, z[1]`, `row 0, gc.z.a`), as a column below a list names
 * its values (`row 0, many[1].z`), never by a row and a bare index (`row 0[1]`). Each reason of
 * inference (types.ts's), and of a value held to fieldMetadataFrom's type (the encoder's), at the
 * top, in a nested record, in a list's records and in a vector<any>.
 */
import { Field, Float64, Int64, List, Schema, Struct, Utf8 } from "apache-arrow";
import { describe, expect, test } from "vitest";
import { findSchemaVersion, type SchemaVersion, writeTableBytes } from "legolas-ts";
import { ChildV1SchemaVersion, NestedV1SchemaVersion } from "../../generated/index.js";
import { loadYamlSchemas } from "./helpers/row-path.js";

await loadYamlSchemas([
  { schema: "test.any-place-leaf", prefix: "AnyPlaceLeaf", version: { fields: { z: "any" } } },
  {
    schema: "test.any-place-holder",
    prefix: "AnyPlaceHolder",
    version: { fields: { readings: "list<test.any-place-leaf@1>", d: "vector<any>?" } },
  },
]);
const holder = findSchemaVersion("test.any-place-holder@1") as SchemaVersion<object, unknown>;

const child = (z: unknown) => ({ x: [1n], y: "y", z });
const nested = (z: unknown) => ({ gc: { x: [1n], y: "yy", z, a: 1 }, k: 0 });
const readings = (...zs: unknown[]) => ({ readings: zs.map((z) => ({ z })), d: null });
const circular = () => {
  const node: Record<string, unknown> = { a: 1 };
  node.next = { back: node };
  return node;
};
const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });

describe("a refusal names a value inside an any value by its row and whole place", () => {
  test.each([
    // A top-level column's own value is its row; a part of it is the row and the column's path.
    [
      "a value of another type in a list",
      ChildV1SchemaVersion,
      [child([1n, "a"])],
      'column "z" (type any) cannot be written: its values are of more than one type (int64 and string, row 0, z[1])',
    ],
    [
      "a missing element beside present ones",
      ChildV1SchemaVersion,
      [child([1, null])],
      "a list holds missing elements beside float64 ones (row 0, z[1])",
    ],
    [
      "a negative bigint beside one past Int64",
      ChildV1SchemaVersion,
      [child({ a: [2n ** 63n] }), child({ a: [-1n] })],
      "row 0, z.a[0] holds 9223372036854775808n, past Int64's range, and row 1, z.a[0] holds -1n, below UInt64's",
    ],
    [
      "a typed array beside a bigint it cannot hold",
      ChildV1SchemaVersion,
      [child(BigInt64Array.of(1n)), child([2n ** 63n])],
      "row 1, z[0] holds 9223372036854775808n, which the BigInt64Array's Int64 elements",
    ],
    [
      "a bigint beyond 64 bits",
      ChildV1SchemaVersion,
      [child({ a: 2n ** 64n })],
      "row 0, z.a holds 18446744073709551616n, beyond 64 bits",
    ],
    [
      "a value of no Arrow type",
      ChildV1SchemaVersion,
      [child([Symbol("s")])],
      "row 0, z[0] holds a symbol, whose Arrow type cannot be inferred",
    ],
    [
      "a circular value",
      ChildV1SchemaVersion,
      [child(circular())],
      "row 0, z.next.back is row 0 itself (a circular structure)",
    ],
    [
      "too deep a value",
      ChildV1SchemaVersion,
      [child(deep(70))],
      `row 0, z${".a".repeat(64)} nests arrays or objects deeper than the 64 levels`,
    ],
    // A nested record's any field (gc.z): its values are the rows' too.
    [
      "in a nested record",
      NestedV1SchemaVersion,
      [nested([1n, "a"])],
      'column "gc.z" (type any) cannot be written: its values are of more than one type (int64 and string, row 0, gc.z[1])',
    ],
    [
      "two kinds of bigints in a nested record",
      NestedV1SchemaVersion,
      [nested([2n ** 63n]), nested([-1n])],
      "row 0, gc.z[0] holds 9223372036854775808n, past Int64's range, and row 1, gc.z[0] holds -1n",
    ],
    // A list's records: each value by its row and index (unchanged: already whole).
    [
      "in a list's records",
      holder,
      [readings({ extra: 1n }, { extra: "a" })],
      'column "readings[].z" (type any) cannot be written: its values are of more than one type (int64 and string, row 0, readings[1].z.extra)',
    ],
    // vector<any>: the column's values are arrays, typed by their elements.
    [
      "in a vector<any>",
      holder,
      [{ readings: [], d: [1n, "a"] }],
      'column "d" (type vector<any>) cannot be written: its values are of more than one type (int64 and string, row 0, d[1])',
    ],
  ])("%s", (_, schemaVersion, rows, message) => {
    expect(() => writeTableBytes(rows, schemaVersion as SchemaVersion<object, unknown>)).toThrow(
      expect.objectContaining({
        name: "AnyColumnError",
        code: "any_column_unwritable",
        message: expect.stringContaining(message),
      }),
    );
  });
});

describe("a value held to fieldMetadataFrom's type names its part the same way", () => {
  const z = (type: Struct | List) => new Schema([new Field("z", type, false)]);
  const note = z(new Struct([new Field("note", new List(new Field("", new Utf8(), false)), false)]));
  const gc = (type: Struct) => new Schema([new Field("gc", new Struct([new Field("z", type, false)]), false)]);
  test.each([
    [
      "a string with a lone surrogate",
      ChildV1SchemaVersion,
      note,
      [child({ note: ["a", "b\uD800"] })],
      'column "z" (type any) cannot be written: row 0, z.note[1] holds a string with a lone surrogate',
    ],
    [
      "a value of another type in a list",
      ChildV1SchemaVersion,
      z(new List(new Field("", new Int64(), false))),
      [child([1n, "a"])],
      "row 0, z[1] holds a string where its Arrow type stores an int64 bigint",
    ],
    [
      "a missing key its struct has no nulls for",
      ChildV1SchemaVersion,
      note,
      [child({ note: null })],
      "row 0, z.note is missing, and its Arrow field has no nulls",
    ],
    [
      "a key its struct has no field for",
      ChildV1SchemaVersion,
      z(new Struct([new Field("a", new Float64(), true)])),
      [child({ a: 1, b: 2 })],
      'row 0 has the key "b", which its Arrow struct has no field for',
    ],
    [
      "in a nested record",
      NestedV1SchemaVersion,
      gc(new Struct([new Field("a", new Float64(), false)])),
      [nested({ a: "x" })],
      'column "gc.z" (type any) cannot be written: row 0, gc.z.a holds a string where its Arrow type stores a number',
    ],
    [
      "the column's own value",
      ChildV1SchemaVersion,
      z(new List(new Field("", new Int64(), false))),
      [child("a")],
      'column "z" (type any) cannot be written: row 0 holds a string where a list is stored',
    ],
  ])("%s", (_, schemaVersion, from, rows, message) => {
    expect(() =>
      writeTableBytes(rows, schemaVersion as SchemaVersion<object, unknown>, { fieldMetadataFrom: from }),
    ).toThrow(expect.objectContaining({ name: "AnyColumnError", message: expect.stringContaining(message) }));
  });
});

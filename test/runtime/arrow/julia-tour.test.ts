/**
 * Legolas.jl's tour (examples/tour.jl) and the schemas of its test/runtests.jl, declared field for
 * field in test/schemas (issue 23): each one's `@test` lines hold for its row class, a table laid
 * out as Arrow.jl writes it (built with apache-arrow, Arrow.jl's storage and extension names)
 * reads with exact values, and what we write from those rows has that same Arrow schema.
 */
import {
  type DataType,
  Field,
  FixedSizeBinary,
  Float64,
  Int32,
  Int64,
  List,
  Null,
  Struct,
  type Table,
  tableFromIPC,
  tableToIPC,
  Uint32,
  Utf8,
} from "apache-arrow";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { juliaTable, shape } from "./helpers/legolas-table.js";
import { arrowJlExtension } from "./helpers/arrow-jl-extension.js";
import { readTableBytes, type SchemaVersion, writeTableBytes } from "legolas-ts";
import {
  AcceptedV1SchemaVersion,
  ChildParamV1,
  ChildParamV1SchemaVersion,
  ClampV1,
  ClampV1SchemaVersion,
  FinitePositiveV1,
  FinitePositiveV1SchemaVersion,
  FooV1,
  FooV1SchemaVersion,
  FooV2,
  FooV2SchemaVersion,
  GrandchildV1,
  Issue94ChildV1,
  Issue94ParentV1SchemaVersion,
  MissingOnlyV1,
  MissingOnlyV1SchemaVersion,
  MutuallyExclusiveV1,
  MutuallyExclusiveV1SchemaVersion,
  NestedAgainV1SchemaVersion,
  NestedV1,
  NestedV1SchemaVersion,
  ParamV1,
  ParamV1SchemaVersion,
  TestParamV1,
  TestParamV1SchemaVersion,
  UnionMissingV1,
  UnionMissingV1SchemaVersion,
  UnionWithParamV1SchemaVersion,
} from "../../generated/index.js";
import { juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";

const list = (type: DataType) => new List(new Field("", type, false));
const record = (identifier: string) => arrowJlExtension(`JuliaLang.Legolas.Generated.${identifier.replace("@", ".")}`);

/** Reads Julia's table, then writes its rows: the rows, and our table's Arrow schema beside Julia's. */
function readAndWriteBack<Row extends object>(table: Table, schemaVersion: SchemaVersion<Row, never>) {
  const bytes = tableToIPC(table, "file");
  expect(readTableBytes(bytes).schemaVersion).toBe(schemaVersion);
  const { rows } = readTableBytes(bytes, { schemaVersion });
  const ours = tableFromIPC(writeTableBytes<Row, never>(rows, schemaVersion)).schema;
  expect(ours.fields.map(shape)).toEqual(table.schema.fields.map(shape));
  expect(ours.metadata.get("legolas_schema_qualified")).toBe(schemaVersion.identifier);
  return rows.map((row) => ({ ...row }));
}

/** Legolas's `CheckConstraintError` for the `@check` whose message is `message`, alone. */
const checkFailure = (message: string) =>
  expect.objectContaining({
    name: "RowValidationError",
    violations: [expect.objectContaining({ code: "check_failed", expected: message })],
  });

describe("examples/tour.jl", () => {
  test("FooV1 (a::Real, b::String, c, d::AbstractVector): the constructor's stated results", () => {
    const fields = { a: 1.0, b: "hi", c: Math.PI, d: [1n, 2n, 3n] };
    // @test NamedTuple(FooV1(; fields...)) == fields, and the undeclared x is ignored.
    expect({ ...new FooV1(fields) }).toEqual(fields);
    const withX = { ...fields, x: "x" };
    expect({ ...new FooV1(withX) }).toEqual(fields);
    // Eliding c: it is missing.
    expect({ ...new FooV1({ a: 1.0, b: "hi", d: [1n, 2n, 3n] }) }).toEqual({ ...fields, c: null });
    // @test_throws ArgumentError FooV1(; a=1.0, b="hi", d=2), and with d missing.
    expect(() => new FooV1({ a: 1.0, b: "hi", d: 2 } as never)).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ code: "incorrect_type", path: "d" })] }),
    );
    expect(() => new FooV1({ a: 1.0, b: "hi" } as never)).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ code: "missing_field", path: "d" })] }),
    );
  });

  test("FooV1: Julia's table reads with exact values and is written with its Arrow schema", () => {
    const table = juliaTable(
      "example.foo@1",
      [
        new Field("a", new Float64(), false),
        new Field("b", new Utf8(), false),
        new Field("c", new Float64(), false),
        new Field("d", list(new Int64()), false),
      ],
      [[1.0], ["hi"], [Math.PI], [[1n, 2n, 3n]]],
    );
    expect(readAndWriteBack(table, FooV1SchemaVersion)).toEqual([{ a: 1, b: "hi", c: Math.PI, d: [1n, 2n, 3n] }]);
    expect(FooV1SchemaVersion.identifier).toBe("example.foo@1");
    // Tables.Schema((:a, :x, :b, :y, :d), (Int, Any, String, Any, Vector)) complies too: an Int64 `a`,
    // any List `d`, `c` elided (missing), undeclared columns beside them.
    const ints = juliaTable(
      "example.foo@1",
      [
        new Field("a", new Int64(), false),
        new Field("x", new Float64(), false),
        new Field("b", new Utf8(), false),
        new Field("d", list(new Utf8()), false),
      ],
      [[1n], [0.5], ["hi"], [["p"]]],
    );
    const read = readTableBytes(tableToIPC(ints, "file"), { schemaVersion: FooV1SchemaVersion });
    expect({ ...read.rows[0] }).toEqual({ a: 1n, b: "hi", c: null, d: ["p"] });
    expect(read.table.getChild("x")!.toArray()).toEqual(Float64Array.of(0.5));
    // Tables.Schema((:a, :c, :d), (Int, Float64, Vector)): find_violation(s, FooV1SchemaVersion()) == (:b => missing).
    const noB = juliaTable(
      "example.foo@1",
      [
        new Field("a", new Int64(), false),
        new Field("c", new Float64(), false),
        new Field("d", list(new Int64()), false),
      ],
      [[1n], [0.5], [[1n]]],
    );
    expect(() => readTableBytes(tableToIPC(noB, "file"))).toThrow(
      expect.objectContaining({
        name: "TableSchemaError",
        violations: [expect.objectContaining({ code: "missing_field", path: "b" })],
      }),
    );
    // A `d` that is no list is refused by its type, as Julia refuses it.
    const scalar = juliaTable(
      "example.foo@1",
      [new Field("a", new Int64(), false), new Field("b", new Utf8(), false), new Field("d", new Int64(), false)],
      [[1n], ["hi"], [2n]],
    );
    expect(() => readTableBytes(tableToIPC(scalar, "file"))).toThrow(
      expect.objectContaining({
        name: "TableSchemaError",
        violations: [expect.objectContaining({ code: "incorrect_type", path: "d" })],
      }),
    );
  });

  test("FooV2 (a::Float64, b::String, c::Int, d::Vector): NamedTuple(FooV2(fields)) == fields, Julia's table", () => {
    // @test FooV2SchemaVersion() == Legolas.SchemaVersion("example.foo", 2)
    expect(FooV2SchemaVersion.identifier).toBe("example.foo@2");
    const fields = { a: 1.0, b: "b", c: 3n, d: [1n, 2n, 3n] };
    expect({ ...new FooV2(fields) }).toEqual(fields);
    const table = juliaTable(
      "example.foo@2",
      [
        new Field("a", new Float64(), false),
        new Field("b", new Utf8(), false),
        new Field("c", new Int64(), false),
        new Field("d", list(new Int64()), false),
      ],
      [[1.0], ["b"], [3n], [[1n, 2n, 3n]]],
    );
    expect(readAndWriteBack(table, FooV2SchemaVersion)).toEqual([{ a: 1, b: "b", c: 3n, d: [1n, 2n, 3n] }]);
  });

  test("FinitePositiveV1: @check a > 0 and @check isfinite(a), each its own failure", () => {
    expect({ ...new FinitePositiveV1({ a: 1 }) }).toEqual({ a: 1 });
    expect(() => new FinitePositiveV1({ a: -1 })).toThrow(checkFailure("a > 0"));
    expect(() => new FinitePositiveV1({ a: Number.POSITIVE_INFINITY })).toThrow(checkFailure("isfinite(a)"));
    expect({ ...new FinitePositiveV1({ a: 2n }) }).toEqual({ a: 2n });
    const table = juliaTable("example.finite-positive@1", [new Field("a", new Float64(), false)], [[1.5]]);
    expect(readAndWriteBack(table, FinitePositiveV1SchemaVersion)).toEqual([{ a: 1.5 }]);
    // FinitePositiveV1(; a=1) is an Int64 column in Julia: it reads as Julia's Int; `real` writes Float64.
    const int = juliaTable("example.finite-positive@1", [new Field("a", new Int64(), false)], [[1n]]);
    expect({ ...readTableBytes(tableToIPC(int, "file")).rows[0] }).toEqual({ a: 1n });
    const stored = juliaTable("example.finite-positive@1", [new Field("a", new Float64(), false)], [[-1]]);
    expect(() => readTableBytes(tableToIPC(stored, "file"))).toThrow(checkFailure("a > 0"));
  });

  test("ClampV1: b = clamp(b, 1, 5) before @check a == b", () => {
    // @test NamedTuple(ClampV1(; a=1, b=0)) == (a=1, b=1)
    expect({ ...new ClampV1({ a: 1, b: 0 }) }).toEqual({ a: 1, b: 1 });
    expect({ ...new ClampV1({ a: 1n, b: 0n }) }).toEqual({ a: 1n, b: 1n });
    // Julia's == compares across number types: 5 == 5.0.
    expect({ ...new ClampV1({ a: 5n, b: 9 }) }).toEqual({ a: 5n, b: 5 });
    expect(() => new ClampV1({ a: 3, b: 7 })).toThrow(checkFailure("a == b"));
    expect(() => new ClampV1({ a: Number.NaN, b: Number.NaN })).toThrow(checkFailure("a == b"));
    expect({ ...new ClampV1({ a: "s", b: "s" }) }).toEqual({ a: "s", b: "s" });
    const table = juliaTable(
      "example.clamp@1",
      [new Field("a", new Int64(), false), new Field("b", new Int64(), false)],
      [[1n], [1n]],
    );
    expect(readAndWriteBack(table, ClampV1SchemaVersion)).toEqual([{ a: 1n, b: 1n }]);
  });

  test("MutuallyExclusiveV1: !ismissing(x) ⊻ !ismissing(y) ⊻ !ismissing(z)", () => {
    const xor = "!ismissing(x) ⊻ !ismissing(y) ⊻ !ismissing(z)";
    expect(() => new MutuallyExclusiveV1({ x: 1, y: "hi" })).toThrow(checkFailure(xor));
    expect(() => new MutuallyExclusiveV1({ x: 1, z: "a" })).toThrow(checkFailure(xor));
    expect({ ...new MutuallyExclusiveV1({ x: 1 }) }).toEqual({ x: 1, y: null, z: null });
    const table = juliaTable(
      "example.mutually-exclusive@1",
      [
        new Field("x", new Float64(), true),
        new Field("y", new Utf8(), true),
        new Field("z", new Uint32(), true, arrowJlExtension("JuliaLang.Char")),
      ],
      [
        [1.5, null, null],
        [null, "hi", null],
        [null, null, 0x1f600],
      ],
    );
    expect(readAndWriteBack(table, MutuallyExclusiveV1SchemaVersion)).toEqual([
      { x: 1.5, y: null, z: null },
      { x: null, y: "hi", z: null },
      { x: null, y: null, z: "😀" },
    ]);
  });

  test("ParamV1 (a::Int, b::(<:Real), c, d::(<:Union{Real,Missing})): the values Julia's type parameters come from", () => {
    // typeof(ParamV1(a=1, b=2.0, c="3")) === ParamV1{Float64,Missing}: b a Float64, d missing.
    expect({ ...new ParamV1({ a: 1n, b: 2.0, c: "3" }) }).toEqual({ a: 1n, b: 2, c: "3", d: null });
    // ParamV1{Float64,Int}: d an Int.
    expect({ ...new ParamV1({ a: 1n, b: 2.0, c: "3", d: 4n }) }).toEqual({ a: 1n, b: 2, c: "3", d: 4n });
    // A column of rows with and without d is Union{Missing,Float64}, as Arrow.jl widens it.
    const table = juliaTable(
      "example.param@1",
      [
        new Field("a", new Int64(), false),
        new Field("b", new Float64(), false),
        new Field("c", new Utf8(), false),
        new Field("d", new Float64(), true),
      ],
      [
        [1n, 2n],
        [2.0, 0.5],
        ["3", "4"],
        [4.5, null],
      ],
    );
    expect(readAndWriteBack(table, ParamV1SchemaVersion)).toEqual([
      { a: 1n, b: 2, c: "3", d: 4.5 },
      { a: 2n, b: 0.5, c: "4", d: null },
    ]);
  });

  test("ChildParamV1 narrows c to (<:Union{Real,String}) and adds e", () => {
    // typeof(ChildParamV1(a=1, b=2.0, c="3", e=5)) === ChildParamV1{String,Missing}
    expect({ ...new ChildParamV1({ a: 1n, b: 2.0, c: "3", e: 5n }) }).toEqual({ a: 1n, b: 2, c: "3", d: null, e: 5n });
    expect({ ...new ChildParamV1({ a: 1n, b: 2.0, c: 3n, d: 4n, e: 5n }) }).toEqual({
      a: 1n,
      b: 2,
      c: 3n,
      d: 4n,
      e: 5n,
    });
    expect(() => new ChildParamV1({ a: 1n, b: 2.0, c: [3], e: 5n })).toThrow(checkFailure("c isa Union{Real,String}"));
    const table = juliaTable(
      "example.child-param@1>example.param@1",
      [
        new Field("a", new Int64(), false),
        new Field("b", new Float64(), false),
        new Field("c", new Utf8(), false),
        new Field("d", new Float64(), true),
        new Field("e", new Int64(), false),
      ],
      [[1n], [2.0], ["3"], [null], [5n]],
    );
    expect(readAndWriteBack(table, ChildParamV1SchemaVersion)).toEqual([{ a: 1n, b: 2, c: "3", d: null, e: 5n }]);
  });
});

describe("test/runtests.jl", () => {
  const grandchildFields = [
    new Field("x", list(new Int64()), false),
    new Field("y", new Utf8(), false),
    new Field("z", new Int64(), false),
    new Field("a", new Int32(), false),
  ];
  const grandchild = new Struct(grandchildFields);
  const nestedFields = [
    new Field("gc", grandchild, false, record("test.grandchild@1")),
    new Field("k", new Utf8(), false),
  ];

  test("NestedV1 (gc::GrandchildV1, k::(<:Any)): a record holding an untyped field, read and written as Julia's", () => {
    const gc = { x: [42n], y: "foo", z: 3n, a: 1.3 };
    const nested = new NestedV1({ gc, k: "k" });
    expect(nested.gc).toBeInstanceOf(GrandchildV1);
    expect({ ...nested.gc }).toEqual({ x: [42n], y: "fo", z: 3n, a: 1 });
    const table = juliaTable("test.nested@1", nestedFields, [[{ x: [42n], y: "fo", z: 3n, a: 1 }], ["k"]]);
    const [row] = readAndWriteBack(table, NestedV1SchemaVersion);
    expect({ ...row!.gc }).toEqual({ x: [42n], y: "fo", z: 3n, a: 1 });
    expect(row!.k).toBe("k");
  });

  test("a nested record's stored values go through its expressions on read, as through NestedV1's constructor, at every depth", () => {
    // Stored y = "foo", as another tool may write it: GrandchildV1's y = string(y[1:2]) makes it "fo".
    const stored = { x: [42n], y: "foo", z: 3n, a: 1 };
    const made = { ...new NestedV1({ gc: stored, k: "k" }).gc };
    expect(made.y).toBe("fo");
    const bytes = tableToIPC(juliaTable("test.nested@1", nestedFields, [[stored], ["k"]]), "file");
    for (const rows of ["lazy", "eager"] as const) {
      const [row] = readTableBytes(bytes, { schemaVersion: NestedV1SchemaVersion, rows }).rows;
      expect({ ...row!.gc }, rows).toEqual(made);
    }
    const twice = juliaTable(
      "test.nested-again@1",
      [new Field("n", new Struct(nestedFields), false, record("test.nested@1")), new Field("h", new Float64(), false)],
      [[{ gc: stored, k: "k" }], [0.25]],
    );
    const [row] = readTableBytes(tableToIPC(twice, "file"), { schemaVersion: NestedAgainV1SchemaVersion }).rows;
    expect({ ...row!.n.gc }).toEqual(made);
  });

  test("NestedAgainV1 (n::(<:NestedV1), h::(<:Any)): two levels of records", () => {
    const table = juliaTable(
      "test.nested-again@1",
      [new Field("n", new Struct(nestedFields), false, record("test.nested@1")), new Field("h", new Float64(), false)],
      [[{ gc: { x: [1n, 2n], y: "ab", z: 7n, a: 2 }, k: "k" }], [0.25]],
    );
    const [row] = readAndWriteBack(table, NestedAgainV1SchemaVersion);
    expect({ ...row!.n.gc }).toEqual({ x: [1n, 2n], y: "ab", z: 7n, a: 2 });
    expect([row!.n.k, row!.h]).toEqual(["k", 0.25]);
  });

  test("AcceptedV1 (id::UUID, sym::Symbol)", () => {
    const table = juliaTable(
      "test.accepted@1",
      [
        new Field("id", new FixedSizeBinary(16), false, arrowJlExtension("JuliaLang.UUID")),
        new Field("sym", new Utf8(), false, arrowJlExtension("JuliaLang.Symbol")),
      ],
      [[Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0))], ["three"]],
    );
    expect(readAndWriteBack(table, AcceptedV1SchemaVersion)).toEqual([
      { id: "00000000-0000-0000-0000-000000000001", sym: "three" },
    ]);
  });

  test("ParamV1 (i::(<:Integer)): an integer, whatever its width; 1.1 is no integer", () => {
    expect({ ...new TestParamV1({ i: 1n }) }).toEqual({ i: 1n });
    // ParamV1{Int}(; i=1.0) converts; ParamV1{Int}(; i=1.1) is an ArgumentError.
    expect(() => new TestParamV1({ i: 1.1 })).toThrow(expect.objectContaining({ name: "RowValidationError" }));
    const table = juliaTable("test.param@1", [new Field("i", new Int64(), false)], [[1n]]);
    expect(readAndWriteBack(table, TestParamV1SchemaVersion)).toEqual([{ i: 1n }]);
    const int32 = juliaTable("test.param@1", [new Field("i", new Int32(), false)], [[7]]);
    expect({ ...readTableBytes(tableToIPC(int32, "file")).rows[0] }).toEqual({ i: 7 });
  });

  test("UnionWithParamV1 (xs::Union{Vector{String},Missing}) and UnionMissingV1 (a, b::Union{Int,Missing})", () => {
    const xs = juliaTable("test.union-with-param@1", [new Field("xs", list(new Utf8()), true)], [[["a", "b"], null]]);
    expect(readAndWriteBack(xs, UnionWithParamV1SchemaVersion)).toEqual([{ xs: ["a", "b"] }, { xs: null }]);
    // u1 = UnionMissingV1(; a=missing, b=1), u2 = UnionMissingV1(; a=missing, b=2): isequal(u1, u2) is false.
    expect(new UnionMissingV1({ b: 1n })).not.toEqual(new UnionMissingV1({ b: 2n }));
    expect(new UnionMissingV1({ b: 1n })).toEqual(new UnionMissingV1({ a: null, b: 1n }));
    const table = juliaTable(
      "test.union-missing@1",
      [new Field("a", new Int64(), true), new Field("b", new Int64(), true)],
      [
        [null, 3n],
        [1n, null],
      ],
    );
    expect(readAndWriteBack(table, UnionMissingV1SchemaVersion)).toEqual([
      { a: null, b: 1n },
      { a: 3n, b: null },
    ]);
  });

  test("MissingOnlyV1 (i::Missing): a Null column, read and written; a value is refused", () => {
    expect({ ...new MissingOnlyV1({}) }).toEqual({ i: null });
    expect(() => new MissingOnlyV1({ i: 1n })).toThrow(checkFailure("i isa Missing"));
    const table = juliaTable("test.missing@1", [new Field("i", new Null(), true)], [[null, null]]);
    expect(readAndWriteBack(table, MissingOnlyV1SchemaVersion)).toEqual([{ i: null }, { i: null }]);
  });

  testWithJuliaFixtures(
    "Issue94ParentV1: Julia's issue-94.arrow, its child stored a, b, reads by name; we write b, a as Julia declares it",
    () => {
      const { rows } = readTableBytes(new Uint8Array(readFileSync(juliaFixture("issue-94.arrow"))), {
        schemaVersion: Issue94ParentV1SchemaVersion,
      });
      // @test Arrow.Table("issue-94.arrow").x[1] == Issue94ChildV1(; a=1, b=2)
      expect(rows[0]!.x).toBeInstanceOf(Issue94ChildV1);
      expect({ ...rows[0]!.x }).toEqual({ b: 2n, a: 1n });
      const x = tableFromIPC(writeTableBytes(rows, Issue94ParentV1SchemaVersion)).schema.fields[0]!;
      expect(shape(x)).toEqual(
        shape(
          new Field(
            "x",
            new Struct([new Field("b", new Int64(), false), new Field("a", new Int64(), false)]),
            false,
            record("test.issue-94-child@1"),
          ),
        ),
      );
    },
  );
});

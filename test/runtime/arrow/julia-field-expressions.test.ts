/**
 * Legolas.jl's field right-hand sides, mirrored as `value:` expressions (test/schemas): the cases
 * of Legolas.jl's test/runtests.jl (`test.parent`, `test.child`, `test.grandchild`) and of
 * examples/tour.jl (`example.bar`, `example.baz`), as Legolas's own tests state them, and tables
 * written the way Julia writes them read with exact values.
 */
import { Field, Int8, Int32, Int64, List, Table, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { legolasTable } from "./helpers/legolas-table.js";
import { openTableFile, readTableBatches, readTableBytes, type RowValidationError, writeTableBytes } from "legolas-ts";
import {
  BarV1,
  BarV1SchemaVersion,
  BazV1,
  ChildV1,
  AbsoluteChildV1,
  AbsoluteChildV1SchemaVersion,
  DefaultedComputedV1,
  DefaultedComputedV1SchemaVersion,
  GrandchildV1,
  GrandchildV1SchemaVersion,
  ParentV1,
} from "../../generated/index.js";

// runtests.jl: r0 = (x=[42], y="foo", z=:three, a=1.3); a Symbol is a string here.
const r0 = { x: [42n], y: "foo", z: "three", a: 1.3 };

describe("Legolas.jl test/runtests.jl", () => {
  test("ParentV1(r0), ChildV1(r0) keep their own fields; GrandchildV1(r0) applies a = round(Int32, a), y = string(y[1:2])", () => {
    expect({ ...new ParentV1(r0) }).toEqual({ x: [42n], y: "foo" });
    expect({ ...new ChildV1(r0) }).toEqual({ x: [42n], y: "foo", z: "three" });
    expect({ ...new GrandchildV1(r0) }).toEqual({ x: [42n], y: "fo", z: "three", a: 1 });
  });

  test("the constructor is idempotent: GrandchildV1(GrandchildV1(r0)) == GrandchildV1(r0)", () => {
    const once = new GrandchildV1(r0);
    expect(new GrandchildV1(once)).toEqual(once);
    expect(GrandchildV1.convert(GrandchildV1.convert(r0))).toEqual(GrandchildV1.convert(r0));
  });

  test("an expression's error is the field's violation: round(Int32, missing) has no value", () => {
    let error: RowValidationError | undefined;
    try {
      new GrandchildV1({ x: [1n], y: "foo" });
    } catch (e) {
      error = e as RowValidationError;
    }
    expect(error?.violations).toEqual([expect.objectContaining({ code: "missing_field", path: "a" })]);
    // Reading a missing parent field throws inside the expression: reported at the field, never thrown.
    expect(GrandchildV1.validate(GrandchildV1.convert({ x: [1n], a: 1 }))).toEqual([
      expect.objectContaining({
        code: "incorrect_type",
        path: "y",
        found: "a value whose reading threw: Cannot read properties of null (reading 'slice')",
      }),
    ]);
  });

  test("a grandchild table written as Julia writes it (z a JuliaLang.Symbol) reads with exact values", () => {
    const fields = [
      new Field("x", new List(new Field("", new Int64(), false)), false),
      new Field("y", new Utf8(), false),
      new Field(
        "z",
        new Utf8(),
        false,
        new Map([
          ["ARROW:extension:name", "JuliaLang.Symbol"],
          ["ARROW:extension:metadata", ""],
        ]),
      ),
      new Field("a", new Int32(), false),
    ];
    const children = [
      vectorFromArray([[42n]], fields[0]!.type).data[0]!,
      vectorFromArray(["fo"], new Utf8()).data[0]!,
      vectorFromArray(["three"], new Utf8()).data[0]!,
      vectorFromArray([1], new Int32()).data[0]!,
    ];
    const table = legolasTable("test.grandchild@1>test.child@1>test.parent@1", fields, children);
    const { rows, schemaVersion } = readTableBytes(tableToIPC(table, "file"));
    expect(schemaVersion).toBe(GrandchildV1SchemaVersion);
    expect(rows[0]).toBeInstanceOf(GrandchildV1);
    expect({ ...rows[0] }).toEqual({ x: [42n], y: "fo", z: "three", a: 1 });
  });

  test("a table another tool wrote, holding what the expressions change, reads as the constructor makes it", () => {
    // Stored y = "foo": reading runs the record constructor, as `GrandchildV1(row)` on a read row does.
    const table = new Table({
      x: vectorFromArray([[1n]], new List(new Field("", new Int64(), false))),
      y: vectorFromArray(["foo"], new Utf8()),
      z: vectorFromArray([1n], new Int64()),
      a: vectorFromArray([2], new Int32()),
    });
    table.schema.metadata.set("legolas_schema_qualified", "test.grandchild@1>test.child@1>test.parent@1");
    const { rows } = readTableBytes(tableToIPC(table, "file"));
    expect({ ...rows[0] }).toEqual({ x: [1n], y: "fo", z: 1n, a: 2 });
  });
});

describe("Legolas.jl examples/tour.jl, custom field assignments", () => {
  test("BarV1: x clamped to Int8, y = string(y), z defaults to string(y, '_', x)", () => {
    expect({ ...new BarV1({ x: 200, y: "hi" }) }).toEqual({ x: 127, y: "hi", z: "hi_127" });
    expect({ ...new BarV1({ y: "hi" }) }).toEqual({ x: null, y: "hi", z: "hi_missing" });
    expect({ ...new BarV1({ x: 200, y: "hi", z: "bye" }) }).toEqual({ x: 127, y: "hi", z: "bye" });
    const fields = { x: 200, y: "hi" };
    expect(new BarV1(new BarV1(fields))).toEqual(new BarV1(fields));
  });

  test("BazV1 applies BarV1's assignments first, then its own: k = length(z)", () => {
    expect({ ...new BazV1({ x: 200, y: "hi" }) }).toEqual({ x: 127, y: "hi", z: "hi_127", k: 6n });
    // `example.baz@1` does not allow x::Missing.
    expect(() => new BazV1({ y: "hi" })).toThrow(expect.objectContaining({ name: "RowValidationError" }));
  });
});

test("a child's re-declaration (a default, a narrowed type) converts what the parent's expressions made, as Julia's child constructor calls the parent's", () => {
  // AbsoluteChildV1(; n=-500, m=-3, w=:abc): AbsoluteV1's n = abs(n), m = abs(m), w = uppercase(string(w)) first, then n::Int64 = coalesce(n, 50), m::Int64, w::String.
  expect({ ...new AbsoluteChildV1({ n: -500, m: -3, w: "abc" }) }).toEqual({ n: 500n, m: 3n, w: "ABC" });
  expect({ ...new AbsoluteChildV1({ m: 1n, w: "x" }) }).toEqual({ n: 50n, m: 1n, w: "X" });
  expect(AbsoluteChildV1.parse({ n: -7n, m: -2n, w: "y" })).toEqual({
    ok: true,
    value: expect.objectContaining({ n: 7n, m: 2n, w: "Y" }),
  });
  // Written from plain objects and read back: the parent's expressions applied once, on the way in.
  const { rows } = readTableBytes(writeTableBytes([{ n: -500, m: -3, w: "abc" }], AbsoluteChildV1SchemaVersion));
  expect({ ...rows[0] }).toEqual({ n: 500n, m: 3n, w: "ABC" });
});

test("a child's table another tool wrote reads as its constructor makes it, the parent's expression on an untyped field the child narrowed included", () => {
  const table = new Table({
    n: vectorFromArray([-5n], new Int64()),
    m: vectorFromArray([-2n], new Int64()),
    w: vectorFromArray(["abc"], new Utf8()),
  });
  table.schema.metadata.set("legolas_schema_qualified", AbsoluteChildV1SchemaVersion.identifier);
  const bytes = tableToIPC(table, "file");
  for (const validate of [undefined, "columns"] as const) {
    const { rows } = readTableBytes(bytes, validate === undefined ? {} : { validate });
    expect({ ...rows[0] }, `validate: ${validate}`).toEqual({ n: 5n, m: 2n, w: "ABC" });
  }
  for (const rows of ["lazy", "eager"] as const) {
    const some = readTableBytes(bytes, { schemaVersion: AbsoluteChildV1SchemaVersion, columns: ["w"], rows }).rows;
    expect({ ...some[0] }, rows).toEqual({ w: "ABC" });
  }
});

test('read with validate: "columns", a version with value: expressions still applies them (its conversion), unvalidated', () => {
  const table = new Table({
    x: vectorFromArray([[1n]], new List(new Field("", new Int64(), false))),
    y: vectorFromArray(["foo"], new Utf8()),
    z: vectorFromArray([1n], new Int64()),
    a: vectorFromArray([null], new Int32()),
  });
  table.schema.metadata.set("legolas_schema_qualified", "test.grandchild@1>test.child@1>test.parent@1");
  const bytes = tableToIPC(table, "file");
  expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining({ name: "RowValidationError", rowIndex: 0 }));
  const { rows } = readTableBytes(bytes, { validate: "columns" });
  expect(rows[0]).toBeInstanceOf(GrandchildV1);
  expect({ ...rows[0] }).toEqual({ x: [1n], y: "fo", z: 1n, a: null });
});

test("a computed field may be missing from a table, or null in it: its expression computes it on read", () => {
  const table = new Table({
    x: vectorFromArray([127, null], new Int8()),
    y: vectorFromArray(["hi", "yo"], new Utf8()),
  });
  table.schema.metadata.set("legolas_schema_qualified", "example.bar@1");
  const { rows } = readTableBytes(tableToIPC(table, "file"));
  expect(rows.map((row) => ({ ...row }))).toEqual([
    { x: 127, y: "hi", z: "hi_127" },
    { x: null, y: "yo", z: "yo_missing" },
  ]);
});

test("a row that an expression refuses is named by its index in the table, whichever batch holds it and however it is read", async () => {
  // Grandchild rows in batches of 3 and 2; table row 4 has no `a`, which round(Int32, a) refuses.
  const grandchildren = (a: (number | null)[]) =>
    new Table({
      x: vectorFromArray(
        a.map(() => [1n]),
        new List(new Field("", new Int64(), false)),
      ),
      y: vectorFromArray(
        a.map(() => "foo"),
        new Utf8(),
      ),
      z: vectorFromArray(
        a.map(() => 1n),
        new Int64(),
      ),
      a: vectorFromArray(a, new Int32()),
    });
  const table = new Table([...grandchildren([1, 2, 3]).batches, ...grandchildren([4, null]).batches]);
  table.schema.metadata.set("legolas_schema_qualified", "test.grandchild@1>test.child@1>test.parent@1");
  const folder = await mkdtemp(join(tmpdir(), "legolas-expression-rows-"));
  try {
    const path = join(folder, "grandchildren.arrow");
    await writeFile(path, tableToIPC(table, "file"));
    const refused = expect.objectContaining({ name: "RowValidationError", rowIndex: 4 });
    expect(() => readTableBytes(tableToIPC(table, "file"))).toThrow(refused);
    await expect(
      (async () => {
        for await (const _ of readTableBatches(path, { schemaVersion: GrandchildV1SchemaVersion }));
      })(),
    ).rejects.toEqual(refused);
    const file = await openTableFile(path);
    try {
      await expect(file.readBatch(1, { schemaVersion: GrandchildV1SchemaVersion })).rejects.toEqual(refused);
    } finally {
      await file.close();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test("a read of some columns gives a computed field as a whole read computes it, from every field its expression reads", () => {
  const table = new Table({
    x: vectorFromArray([127, null], new Int8()),
    y: vectorFromArray(["hi", "yo"], new Utf8()),
  });
  table.schema.metadata.set("legolas_schema_qualified", "example.bar@1");
  const bytes = tableToIPC(table, "file");
  const whole = readTableBytes(bytes, { schemaVersion: BarV1SchemaVersion }).rows.map((row) => row.z);
  expect(whole).toEqual(["hi_127", "yo_missing"]);
  for (const rows of ["lazy", "eager"] as const) {
    const some = readTableBytes(bytes, { schemaVersion: BarV1SchemaVersion, columns: ["z"], rows }).rows;
    expect(
      some.map((row) => ({ ...row })),
      rows,
    ).toEqual(whole.map((z) => ({ z })));
  }
});

test("a field with a default and a value: expression reads as its row class makes it: a table without its column gives the default", () => {
  // The constructor computes first and takes the default when the expression gives none.
  expect(new DefaultedComputedV1({ id: 1 }).x).toBe(1);
  expect(new DefaultedComputedV1({ id: 1, x: null }).x).toBe(1);
  expect(new DefaultedComputedV1({ id: 1, x: 2 }).x).toBe(20);
  const withoutColumn = new Table({ id: vectorFromArray([1, 2], new Int32()) });
  const withColumn = new Table({
    id: vectorFromArray([1, 2], new Int32()),
    x: vectorFromArray([null, 2], new Int32()),
  });
  const read = (table: Table) => {
    table.schema.metadata.set("legolas_schema_qualified", "test.defaulted-computed@1");
    const bytes = tableToIPC(table, "file");
    return readTableBytes(bytes, { schemaVersion: DefaultedComputedV1SchemaVersion }).rows.map((row) => row.x);
  };
  expect(read(withoutColumn)).toEqual([1, 1]);
  expect(read(withColumn)).toEqual([1, 20]);
});

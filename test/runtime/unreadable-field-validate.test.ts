/**
 * `X.validate(row)` and a constructor's error for a row whose field's reading throws (a getter, a
 * Proxy's get trap): the violation is at the field that threw, as the writers' errors are
 * (arrow/rows/unreadable-rows.ts), what was thrown its `found`, a nested record's field by its
 * path (unreadable-places.ts); at the row when no declared field's reading throws once more. It
 * says the field's type is expected, as the constructor's does (`validate()` said "a value that
 * can be read", which tells no one what to put there).
 */
import { describe, expect, test } from "vitest";
import { writeTableBytes } from "legolas-ts";
import { AllTypesV1, AllTypesV1SchemaVersion, FooV1, Issue94ChildV1, Issue94ParentV1 } from "../generated/index.js";

const boom = new Error("boom: b is gone");
const atB = {
  code: "incorrect_type",
  path: "b",
  expected: "string",
  found: "a value whose reading threw: boom: b is gone",
};

function hostile(): Record<string, unknown> {
  return {
    a: 1n,
    get b(): string {
      throw boom;
    },
    c: null,
    d: [],
  };
}

describe("a getter throwing on field b", () => {
  test("validate() of a plain object gives the violation at b", () => {
    expect(FooV1.validate(hostile())).toEqual([atB]);
  });

  test("validate() of an instance whose b became a throwing getter gives it at b", () => {
    const row = new FooV1({ a: 1n, b: "x", d: [] });
    Object.defineProperty(row, "b", {
      get() {
        throw boom;
      },
    });
    expect(FooV1.validate(row)).toEqual([atB]);
  });

  test("validate() of a Proxy whose get trap throws for b gives it at b", () => {
    const row = new Proxy(
      { a: 1n, b: "x", c: null, d: [] },
      {
        get(target, key, receiver) {
          if (key === "b") throw boom;
          return Reflect.get(target, key, receiver);
        },
      },
    );
    expect(FooV1.validate(row)).toEqual([atB]);
  });

  test("a reading that throws once only (no declared field throws again) stays at the row", () => {
    let reads = 0;
    const row = {
      a: 1n,
      get b(): string {
        reads++;
        if (reads === 1) throw boom;
        return "x";
      },
      c: null,
      d: [],
    };
    expect(FooV1.validate(row)).toEqual([{ ...atB, path: "", expected: "a row whose values can be read" }]);
  });
});

test("the constructor given a plain object whose b getter throws refuses it at b as validate() does, what it threw as cause", () => {
  expect(() => new FooV1(hostile() as never)).toThrow(expect.objectContaining({ violations: [atB], cause: boom }));
});

describe("a getter throwing on field a of the nested record x", () => {
  const atXA = { ...atB, path: "x.a", expected: "int64" };
  const child = () => ({
    b: 2n,
    get a(): bigint {
      throw boom;
    },
  });

  test("validate() of plain objects gives the violation at x.a, not at the row", () => {
    expect(Issue94ParentV1.validate({ x: child() })).toEqual([atXA]);
  });

  test("validate() of instances whose nested a became a throwing getter gives it at x.a", () => {
    const row = new Issue94ParentV1({ x: new Issue94ChildV1({ a: 1n, b: 2n }) });
    Object.defineProperty(row.x, "a", {
      get() {
        throw boom;
      },
    });
    expect(Issue94ParentV1.validate(row)).toEqual([atXA]);
  });

  test("the constructor and parse refuse it at x.a as validate() does", () => {
    expect(() => new Issue94ParentV1({ x: child() } as never)).toThrow(
      expect.objectContaining({ violations: [atXA], cause: boom }),
    );
    expect(Issue94ParentV1.parse({ x: child() })).toEqual({ ok: false, violations: [atXA] });
  });
});

describe("a getter throwing on the listed-values field kind (string, one of a, b, c)", () => {
  const atKind = { ...atB, path: "kind", expected: 'string, one of "a", "b", "c"' };
  const row = () =>
    Object.defineProperty({ flag: true, small: 1, ubyte: 1, uint: 1, double: 1 }, "kind", {
      enumerable: true,
      get: () => {
        throw boom;
      },
    });

  test("validate() names the listed values, as the constructor, parse and the writers do", () => {
    expect(AllTypesV1.validate(row())).toEqual([atKind]);
    expect(() => new AllTypesV1(row() as never)).toThrow(
      expect.objectContaining({ violations: [atKind], cause: boom }),
    );
    expect(AllTypesV1.parse(row())).toEqual({ ok: false, violations: [atKind] });
    expect(() => writeTableBytes([row()], AllTypesV1SchemaVersion)).toThrow(
      expect.objectContaining({ violations: [atKind] }),
    );
  });
});

/**
 * What users rely on from generated row classes, exercised on the golden outputs (so the code
 * under test is exactly the checked-in generated code).
 */
import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, test, vi } from "vitest";
import { FlatArray, Weights, type RowValidationError, type Violation } from "legolas-ts";
import { ModelV1, type ModelV1Fields } from "legolas-ts";
import { DigitsRowV1 } from "../../generated/index.js";
import { BaseV1 } from "../golden/chain-across-files/expected/example.base.js";
import { MiddleV1, type MiddleV1Fields } from "../golden/chain-across-files/expected/example.middle.js";
import { TopV1, TopV1SchemaVersion, type TopV1Fields } from "../golden/chain-across-files/expected/example.top.js";
import { AllTypesV1 } from "../generated/test.all-types.js";
import { Issue94ChildV1 } from "../generated/test.issue-94-child.js";
import { JuliaContainersNarrowedV1 } from "../generated/test.julia-containers-narrowed.js";
import { NastyV1 } from "../golden/nasty-names/expected/example.nasty.js";

const minimalAllTypes = { flag: true, small: -3, ubyte: 1, uint: 2, double: 0.5 };

function violationsOf(construct: () => unknown): Violation[] {
  try {
    construct();
  } catch (error) {
    expect((error as Error).name).toBe("RowValidationError");
    return [...(error as RowValidationError).violations];
  }
  throw new Error("expected a RowValidationError");
}

describe("construction and conversion", () => {
  test("converts inputs to the declared value types", () => {
    const row = new AllTypesV1({
      ...minimalAllTypes,
      big: 9_007_199_254_740_991,
      single: 0.1,
      id: "6F1C8A4E-1B2D-4C3E-8F90-0A1B2C3D4E5F",
      day: "2024-02-29",
      moment: "2024-02-29T07:08:09.12",
      clock: 5,
      at: new Date("2024-01-01T00:00:00.001Z"),
      at_ms_utc: new Date("2024-01-01T00:00:00.001Z"),
      elapsed: 5,
      floats: [0.5, 1.5],
      ints: [1, 2n],
      matrix: [[1, 2], new Float64Array([3])],
      point: { x: 1 },
      points: [{ x: 1, y: 2 }],
      child: { a: 1, b: 2 },
    });
    expect(row.big).toBe(9_007_199_254_740_991n);
    expect(row.single).toBe(Math.fround(0.1));
    expect(row.id).toBe("6f1c8a4e-1b2d-4c3e-8f90-0a1b2c3d4e5f");
    expect(row.day).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(row.moment).toEqual(new Date(Date.UTC(2024, 1, 29, 7, 8, 9, 120)));
    expect(row.clock).toBe(5n);
    expect(row.at).toBe(1_704_067_200_001_000_000n);
    expect(row.at_ms_utc).toBe(1_704_067_200_001n);
    expect(row.elapsed).toBe(5n);
    expect(row.floats).toEqual(new Float32Array([0.5, 1.5]));
    expect(row.ints).toEqual(new BigInt64Array([1n, 2n]));
    expect(row.matrix).toEqual([new Float64Array([1, 2]), new Float64Array([3])]);
    expect(row.point).toEqual({ x: 1, note: null });
    expect(row.points).toEqual([{ x: 1, y: 2 }]);
    expect(row.child).toBeInstanceOf(Issue94ChildV1);
    expect(row.child).toEqual(new Issue94ChildV1({ a: 1n, b: 2n }));
  });

  test("missing fields become null, or take their default", () => {
    const row = new AllTypesV1({ ...minimalAllTypes, kind: null });
    expect(row.medium).toBeNull();
    expect(row.weights).toBeNull();
    expect(row.kind).toBe("a");
    expect(new AllTypesV1(minimalAllTypes).kind).toBe("a");
  });

  test("keeps only declared fields, as own enumerable data, in declaration order", () => {
    const row = new TopV1({ id: "t", count: 20, label: "large", extra: "dropped" } as never);
    expect(Object.keys(row)).toEqual(["id", "count", "label", "score", "created"]);
    expect(structuredClone(row)).toEqual({ ...row });
    expect(JSON.stringify(row)).not.toContain("dropped");
  });

  test("is idempotent", () => {
    const weights = new Weights([FlatArray.fromShape(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3])]);
    const input = { ...minimalAllTypes, ints: [1, 2], child: { a: 3, b: 4 }, weights, day: "2020-01-01" };
    const once = new AllTypesV1(input);
    const twice = new AllTypesV1(once);
    expect(twice).toEqual(once);
    expect(twice.weights).toBe(weights);
  });
});

describe("each row validated once", () => {
  const input = { ...minimalAllTypes, child: { a: 1, b: 2 } };

  test("a nested record given as an object is checked once, and becomes a row as the constructor builds it", () => {
    const childIs = vi.spyOn(Issue94ChildV1, "is");
    try {
      const row = new AllTypesV1(input);
      expect(childIs).toHaveBeenCalledTimes(1);
      expect(row.child).toBeInstanceOf(Issue94ChildV1);
      expect(Object.keys(row.child!)).toEqual(Object.keys(new Issue94ChildV1({ a: 1n, b: 2n })));
      expect(row.child).toEqual(new Issue94ChildV1({ a: 1n, b: 2n }));
    } finally {
      childIs.mockRestore();
    }
  });

  test("an invalid nested record stays a plain object, reported at its path", () => {
    const invalid = { ...input, child: { a: 1, b: "two" } } as never;
    const converted = AllTypesV1.convert(invalid);
    expect(Object.getPrototypeOf(converted.child)).toBe(Object.prototype);
    expect(converted.child).toEqual({ a: 1n, b: "two" });
    expect(violationsOf(() => new AllTypesV1(invalid))).toMatchObject([{ code: "incorrect_type", path: "child.b" }]);
  });

  test("parse returns the row the constructor builds, checking it once", () => {
    const is = vi.spyOn(AllTypesV1, "is");
    try {
      const parsed = AllTypesV1.parse(input);
      expect(is).toHaveBeenCalledTimes(1);
      if (!parsed.ok) throw new Error("expected the input to parse");
      const constructed = new AllTypesV1(input);
      expect(Object.getPrototypeOf(parsed.value)).toBe(AllTypesV1.prototype);
      expect(Object.keys(parsed.value)).toEqual(Object.keys(constructed));
      expect(parsed.value).toEqual(constructed);
    } finally {
      is.mockRestore();
    }
  });

  test("parse of an invalid input builds no row", () => {
    const parsed = AllTypesV1.parse({ ...input, small: "x" } as never);
    expect(parsed).toMatchObject({ ok: false, violations: [{ code: "incorrect_type", path: "small" }] });
  });
});

describe("validation", () => {
  test("reports every violation in one error, each with its field path", () => {
    const violations = violationsOf(
      () =>
        new AllTypesV1({
          flag: "yes",
          tiny: 300,
          small: 1,
          big: 1.5,
          ubyte: 1,
          uint: 1,
          id: "not-a-uuid",
          clock: 86_400_000_000_000n,
          point: { x: "1" },
          points: [{ x: 1, y: 2 }, { y: 1 }],
          child: { b: 1 },
          bounded: 2,
          label: "far too long",
          kind: "z",
          tag: new Uint8Array(3),
          few_names: ["a", "b", "c", "d"],
        } as never),
    );
    expect(violations.map((v) => `${v.code} ${v.path}`)).toEqual([
      "incorrect_type flag",
      "incorrect_type tiny",
      "incorrect_type big",
      "missing_field double",
      "incorrect_type id",
      "incorrect_type clock",
      "incorrect_type point.x",
      "missing_field points[1].x",
      "missing_field child.a",
      "constraint_violated bounded",
      "constraint_violated label",
      "constraint_violated kind",
      "constraint_violated tag",
      "constraint_violated few_names",
    ]);
  });

  test("a required field that is absent, undefined or null is missing; any other value of another type, or a null element, is incorrect", () => {
    const violations = AllTypesV1.validate({
      ...minimalAllTypes,
      flag: null,
      small: undefined,
      double: "0.5",
      names: [null, undefined, 1, "ok"],
    });
    expect(violations.map((v) => `${v.code} ${v.path}`)).toEqual([
      "missing_field flag",
      "missing_field small",
      "incorrect_type double",
      "incorrect_type names[0]",
      "incorrect_type names[1]",
      "incorrect_type names[2]",
    ]);
    expect(violations[0]).toEqual({ code: "missing_field", path: "flag", expected: "bool" });
    // A union's test refuses a missing value too: told apart from a value of no member's class.
    const union = (maybe: unknown) =>
      JuliaContainersNarrowedV1.validate({ maybe }).filter((violation) => violation.path === "maybe");
    expect(union(null)).toEqual([{ code: "missing_field", path: "maybe", expected: "union<float64, datetime>" }]);
    expect(union(undefined)).toEqual(union(null));
    expect(union("x")).toMatchObject([{ code: "incorrect_type", path: "maybe", found: '"x" (a string)' }]);
  });

  test("renders one readable message", () => {
    expect(() => new MiddleV1({ id: "m", count: 101 })).toThrow(
      "example.middle@1>example.base@1 has 1 violation:\n  - count: must be <= 100, found 101",
    );
  });

  test("a re-declared field narrows: optional in the parent, required in the child", () => {
    expect(new BaseV1({ id: "b" }).count).toBeNull();
    expect(violationsOf(() => new MiddleV1({ id: "m" } as never))).toEqual([
      { code: "missing_field", path: "count", expected: "int32" },
    ]);
  });

  test("row checks run after the fields, parents' checks included", () => {
    expect(violationsOf(() => new BaseV1({ id: "b", count: 5000 }))).toEqual([
      { code: "check_failed", path: "", expected: "count must stay below 1000" },
    ]);
    expect(violationsOf(() => new TopV1({ id: "t", count: 5, label: "large" }))).toEqual([
      { code: "check_failed", path: "", expected: "a large top needs a count of at least 10" },
    ]);
    expect(new TopV1({ id: "t", count: 5, label: "small" }).count).toBe(5);
  });

  test("validate and is judge plain values without converting them", () => {
    expect(TopV1.is({ id: "t", count: 10, label: "large", score: 0.5, created: null })).toBe(true);
    expect(TopV1.validate({ id: "t", count: 10, label: "large", score: 0.5, created: 1 })).toEqual([
      {
        code: "incorrect_type",
        path: "created",
        expected: "timestamp<ms, UTC>",
        found: "1 (a timestamp<ms, UTC> is a bigint or a Date: pass 1n)",
      },
    ]);
    expect(ModelV1.validate("a string")).toEqual([
      { code: "incorrect_type", path: "", expected: "a legolas-flux.model@1 row", found: '"a string" (a string)' },
    ]);
  });

  test("is and validate agree, each walk stopping or going on as asked, on valid and invalid rows of a chain", () => {
    const rows: unknown[] = [
      { id: "t", count: 10, label: "large", score: 0.5, created: null },
      { id: "t", count: 5, label: "large", score: 0.5, created: null },
      { id: "t", count: 101, label: "huge", score: "x", created: 1 },
      { id: 1, count: null, label: "small" },
      null,
      [],
    ];
    for (const row of rows) expect(TopV1.is(row)).toBe(TopV1.validate(row).length === 0);
    expect(TopV1.validate(rows[2]).map((v) => v.path)).toEqual(["count", "label", "score", "created"]);
  });

  test("the doors every row class shares work detached and convert a child's inherited defaults", () => {
    const inputs = [{ id: "a", count: 10, label: "small" }, { id: "b" }];
    const [ok, failed] = inputs.map(TopV1.parse);
    expect(ok).toMatchObject({ ok: true, value: { id: "a", count: 10, label: "small", score: 0.5, created: null } });
    expect(ok?.ok && ok.value).toBeInstanceOf(TopV1);
    expect(failed).toMatchObject({ ok: false, violations: [{ path: "count" }, { path: "label" }] });
    const row = new TopV1({ id: "a", count: 10, label: "small", created: 5n });
    expect([JSON.parse(JSON.stringify(row))].map(TopV1.fromJSON)).toEqual([row]);
    expect(row.toJSON()).toEqual({ id: "a", count: 10, label: "small", score: 0.5, created: "5" });
  });

  test("a user's subclass of a row class has its doors: toJSON, parse and fromJSON are the class's", () => {
    class MyTop extends TopV1 {}
    const row = new MyTop({ id: "a", count: 10, label: "small", created: 5n });
    expect(row.toJSON()).toEqual({ id: "a", count: 10, label: "small", score: 0.5, created: "5" });
    expect(MyTop.fromJSON(row.toJSON())).toEqual(new TopV1(row));
    expect(MyTop.parse({ id: "a", count: 10, label: "small", created: "5" })).toMatchObject({ ok: true });
  });

  test("digits-model@1 mirrors LegolasFlux's declaration: it accepts every row Julia accepts (no bounds, patterns or checks)", () => {
    expect(
      DigitsRowV1.validate({
        weights: null,
        architecture_version: null,
        epoch: -1n,
        accuracy: 2,
        commit_sha: "not a sha",
      }),
    ).toEqual([]);
    expect(
      DigitsRowV1.validate({ weights: null, architecture_version: null, epoch: 1, accuracy: null, commit_sha: null }),
    ).toMatchObject([{ code: "incorrect_type", path: "epoch" }]);
  });
});

describe("types", () => {
  test("a child row is usable where its parent's fields are expected", () => {
    expectTypeOf<DigitsRowV1>().toExtend<ModelV1Fields>();
    expectTypeOf<TopV1Fields>().toExtend<MiddleV1Fields>();
    expectTypeOf<TopV1Fields["count"]>().toEqualTypeOf<number>();
    expectTypeOf<TopV1Fields["label"]>().toEqualTypeOf<"small" | "large">();
  });

  test("a child row is no instance of its parent's class, as its doc comment says; the parent's `is` holds for it", () => {
    const row = new DigitsRowV1({ epoch: 1, architecture_version: 2 });
    expect(row instanceof ModelV1).toBe(false);
    expect(ModelV1.is(row)).toBe(true);
    expect(new ModelV1(row)).toEqual(new ModelV1({ architecture_version: 2 }));
    const source = readFileSync(new URL("../../generated/digits-model.ts", import.meta.url), "utf8");
    expect(source.replace(/\n \* /g, " ")).toContain(
      "Not an instance of `ModelV1` (row classes do not inherit); `ModelV1.is(row)` holds for it.",
    );
  });

  test("the descriptor knows its chain", () => {
    expect(TopV1SchemaVersion.identifier).toBe("example.top@1>example.middle@1>example.base@1");
    expect(TopV1SchemaVersion.parent?.parent?.identifier).toBe("example.base@1");
    expect(TopV1SchemaVersion.fields.map((f) => f.name)).toEqual(["id", "count", "label", "score", "created"]);
  });
});

describe("names and strings that could break generated code", () => {
  test("are kept verbatim and behave", () => {
    const row = new NastyV1({
      toString$: "s",
      valueOf$: 1,
      hasOwnProperty$: true,
      größe: 2,
      "σ²": 0.5,
      constructor$: "c",
    });
    expect(row.toString$).toBe("s");
    expect(String(row)).toBe("[object Object]");
    expect(row.größe).toBe(2);
    expect(row["σ²"]).toBe(0.5);
    expect(row.constructor$).toBe("c");
    expect(row.constructor).toBe(NastyV1);
    expect(row.quote_default).toBe('"); process.exit(1); ("');
    expect(NastyV1.validate({ ...row, new_line: "a*/b" })).toEqual([
      {
        code: "constraint_violated",
        path: "new_line",
        expected: "a match of /^[^\\n*/]*$/",
        found: '"a*/b" (a string)',
      },
    ]);
  });
});

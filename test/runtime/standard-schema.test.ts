/**
 * Generated row classes are Standard Schema v1 validators and parse without throwing, taking a
 * row's input form or its JSON form (`JSON.stringify(row)` posted as a body): checked against the
 * spec's own types (`@standard-schema/spec`) and a real consumer of the spec (Hono's
 * `@hono/standard-validator`, as docs/schemas.md uses it), on the generated output.
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { sValidator } from "@hono/standard-validator";
import fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, expectTypeOf, test } from "vitest";
import { FlatArray, type ParseResult, Weights } from "legolas-ts";
import { DigitsRowV1 } from "../../generated/index.js";
import { AllTypesV1, type AllTypesV1Input, type AllTypesV1Json } from "../generated/test.all-types.js";
import { JuliaNamesV1 } from "../generated/test.julia-names.js";
import { TopV1 } from "../golden/chain-across-files/expected/example.top.js";
import { allTypesRow, anyWeights } from "../helpers/all-types-rows.js";

const valid = { flag: true, small: -3, ubyte: 1, uint: 2, double: 0.5, big: 5 };
const invalid = { ...valid, flag: "yes", point: { x: "one" }, points: [{ x: 1, y: 2 }, { y: 1 }] };

describe("Standard Schema v1", () => {
  test("the class has the spec's type, with the row as output and the Input type or the JSON type as input", () => {
    const schema: StandardSchemaV1<AllTypesV1Input | AllTypesV1Json, AllTypesV1> = AllTypesV1;
    expectTypeOf<StandardSchemaV1.InferOutput<typeof AllTypesV1>>().toEqualTypeOf<AllTypesV1>();
    expectTypeOf<StandardSchemaV1.InferInput<typeof AllTypesV1>>().toEqualTypeOf<AllTypesV1Input | AllTypesV1Json>();
    expect(schema["~standard"]).toMatchObject({ version: 1, vendor: "legolas-ts" });
  });

  test("validate converts and returns the row instance", () => {
    const result = AllTypesV1["~standard"].validate(valid) as StandardSchemaV1.Result<AllTypesV1>;
    expect(result.issues).toBeUndefined();
    expect((result as StandardSchemaV1.SuccessResult<AllTypesV1>).value).toEqual(new AllTypesV1(valid));
    expect((result as StandardSchemaV1.SuccessResult<AllTypesV1>).value).toBeInstanceOf(AllTypesV1);
  });

  test("issues carry paths as keys, list indexes as numbers, and a message without the path", () => {
    const result = AllTypesV1["~standard"].validate(invalid) as StandardSchemaV1.FailureResult;
    expect(result.issues).toEqual([
      { path: ["flag"], message: 'expected bool, found "yes" (a string)' },
      { path: ["point", "x"], message: 'expected float64, found "one" (a string)' },
      { path: ["points", 1, "x"], message: "required field is missing (expected int32)" },
    ]);
  });

  test("a field of listed values that is missing or of another type is told its values, not only its type", () => {
    const result = AllTypesV1["~standard"].validate({ ...valid, kind: 3 }) as StandardSchemaV1.FailureResult;
    expect(result.issues).toEqual([{ path: ["kind"], message: 'expected string, one of "a", "b", "c", found 3' }]);
  });

  test("an issue's path names the property the value was given under: toString$ for a field named toString, in either form", () => {
    const input = { "σ²": 1, moment: new Date(0), toString$: 5, nested: { constructor$: "no" } };
    const json = {
      ...new JuliaNamesV1({ "σ²": 1, moment: new Date(0) }).toJSON(),
      toString$: 5,
      nested: { constructor$: "no" },
    };
    for (const value of [input, json]) {
      const result = JuliaNamesV1["~standard"].validate(value) as StandardSchemaV1.FailureResult;
      expect(result.issues.map((issue) => issue.path)).toEqual([["toString$"], ["nested", "constructor$"]]);
    }
  });

  test("validate and parse take a row's JSON form: any row of every type, through JSON text, comes back equal", () => {
    fc.assert(
      fc.property(allTypesRow, fc.option(anyWeights, { nil: null }), (input, weights) => {
        const row = new AllTypesV1({ ...input, weights });
        const body: unknown = JSON.parse(JSON.stringify(row));
        const result = AllTypesV1["~standard"].validate(body) as StandardSchemaV1.SuccessResult<AllTypesV1>;
        expect(result.issues).toBeUndefined();
        expect(result.value).toStrictEqual(row);
        expect(AllTypesV1.parse(body)).toStrictEqual({ ok: true, value: row });
      }),
      { numRuns: 100 },
    );
  });

  test("a body mixing the two forms is taken; what is in neither form is an issue at its path", () => {
    const json = new AllTypesV1(valid).toJSON();
    const mixed = AllTypesV1["~standard"].validate({ ...json, big: 2n ** 60n, ints: ["1", 2n] });
    expect(mixed).toEqual({ value: new AllTypesV1({ ...valid, big: 2n ** 60n, ints: [1n, 2n] }) });
    const result = AllTypesV1["~standard"].validate({
      ...json,
      big: "12x",
      flag: "true",
    }) as StandardSchemaV1.FailureResult;
    expect(result.issues).toEqual([
      { path: ["flag"], message: 'expected bool, found "true" (a string)' },
      {
        path: ["big"],
        message: 'expected int64, found "12x" (a string); an int64 is a bigint, or in JSON decimal text such as "12"',
      },
    ]);
  });

  test("a row check's failure is an issue at the row, without a path", () => {
    const result = TopV1["~standard"].validate({ id: "a", count: 5, label: "large" }) as StandardSchemaV1.FailureResult;
    expect(result.issues).toEqual([{ message: "check failed: a large top needs a count of at least 10" }]);
  });

  test("Hono's standard validator accepts a generated class and rejects bad input with paths", async () => {
    const app = new Hono().post("/rows", sValidator("json", AllTypesV1), (c) => {
      const row = c.req.valid("json");
      expectTypeOf(row).toEqualTypeOf<AllTypesV1>();
      return c.json({ big: String(row.big), instance: row instanceof AllTypesV1 });
    });
    const post = (body: unknown) =>
      app.request("/rows", {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      });

    const accepted = await post(valid);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ big: "5", instance: true });

    const rejected = await post(invalid);
    expect(rejected.status).toBe(400);
    const { error } = (await rejected.json()) as { error: StandardSchemaV1.Issue[] };
    expect(error.map((issue) => issue.path)).toEqual([["flag"], ["point", "x"], ["points", 1, "x"]]);
  });
});

describe("the Hono example of docs/schemas.md, with bodies that are JSON.stringify(row)", () => {
  const app = new Hono().post("/runs", sValidator("json", DigitsRowV1), (c) => {
    const row = c.req.valid("json"); // a DigitsRowV1; bad bodies get a 400 with the issues
    expectTypeOf(row).toEqualTypeOf<DigitsRowV1>();
    return c.json({ row, instance: row instanceof DigitsRowV1, epoch: String(row.epoch) });
  });
  const post = (body: string) =>
    app.request("/runs", { method: "POST", body, headers: { "content-type": "application/json" } });

  test("a row with an int64 above 2^53 and Weights passes and arrives equal", async () => {
    const row = new DigitsRowV1({
      epoch: 2n ** 60n + 1n,
      accuracy: 0.97,
      architecture_version: 3,
      commit_sha: "0123abc",
      weights: new Weights([
        new FlatArray(Float32Array.of(0.25, -1.5, 3), [3, 1]),
        new FlatArray(Float32Array.of(2), [1]),
      ]),
    });
    const response = await post(JSON.stringify(row));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ row: row.toJSON(), instance: true, epoch: "1152921504606846977" });
  });

  test("a body that is not a row gets a 400 naming each bad field", async () => {
    const response = await post(JSON.stringify({ epoch: "3.5", accuracy: "high", weights: [{ vec: [1], size: [2] }] }));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: StandardSchemaV1.Issue[] };
    expect(error.map((issue) => issue.path)).toEqual([["weights"], ["epoch"], ["accuracy"]]);
  });
});

describe("parse", () => {
  test("returns the row when the converted input complies", () => {
    const result = AllTypesV1.parse(valid);
    expect(result).toEqual({ ok: true, value: new AllTypesV1(valid) });
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<AllTypesV1>();
  });

  test("returns every violation instead of throwing, for any input", () => {
    const result = AllTypesV1.parse(invalid);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.violations.map((v) => v.path)).toEqual(["flag", "point.x", "points[1].x"]);
    for (const input of [
      null,
      undefined,
      42,
      "row",
      [],
      new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error("trap");
          },
        },
      ),
    ]) {
      expect(AllTypesV1.parse(input).ok).toBe(false);
    }
  });

  test("parse and fromJSON called detached, as docs/schemas.md shows them, are typed by the row", () => {
    const results = [valid, invalid].map(AllTypesV1.parse);
    expectTypeOf(results).toEqualTypeOf<ParseResult<AllTypesV1>[]>();
    expect(results.map((result) => result.ok && result.value.double)).toEqual([valid.double, false]);
    const rows = [JSON.parse(JSON.stringify(new AllTypesV1(valid)))].map(AllTypesV1.fromJSON);
    expectTypeOf(rows).toEqualTypeOf<AllTypesV1[]>();
    expect(rows[0]?.double).toBe(valid.double);
  });
});

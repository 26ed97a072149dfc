/**
 * Julia's scalar types of issue 23 in a row's JSON form (runtime/json.ts) and its JSON Schema
 * (runtime/json-schema.ts, checked with Ajv in strict mode): 128-bit integers and a `period` as
 * decimal text, like int64; `integer` and `real` keep a number a number and a bigint text, so
 * that `fromJSON(toJSON(row))` gives the row back; `char`, `symbol`, `version` and `SchemaVersion`
 * as their strings; a float16 as the number it is.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { JuliaScalarsV1, JuliaScalarsV1SchemaVersion } from "../generated/index.js";

const ajv = new Ajv2020({ strict: true, validateFormats: false });
const complies = ajv.compile(JuliaScalarsV1SchemaVersion.jsonSchema);

const row = new JuliaScalarsV1({
  half: Number.NEGATIVE_INFINITY,
  wide: -(2n ** 127n),
  unsigned_wide: 2n ** 128n - 1n,
  name: "alpha",
  letter: "😀",
  release: "2.0.1",
  schema: "a@1>b@2",
  count: 2n ** 62n,
  score: 2n,
  amount: Number.NaN,
  any_number: -0.5,
  elapsed: -5n,
  halves: [65504, 2 ** -24],
  letters: ["\u{10ffff}"],
});

describe("the JSON form of Julia's scalars", () => {
  test("what toJSON writes: wide integers as text, numbers as numbers", () => {
    const json = row.toJSON();
    expect(json).toMatchObject({
      half: "-Infinity",
      wide: "-170141183460469231731687303715884105728",
      unsigned_wide: "340282366920938463463374607431768211455",
      letter: "😀",
      release: "2.0.1",
      count: "4611686018427387904",
      score: "2",
      amount: "NaN",
      any_number: -0.5,
      elapsed: "-5",
      halves: [65504, 2 ** -24],
    });
  });

  test("fromJSON(toJSON(row)) is the row, through JSON text", () => {
    const text = JSON.stringify(row.toJSON());
    expect({ ...JuliaScalarsV1.fromJSON(JSON.parse(text)) }).toStrictEqual({ ...row });
  });

  test("the JSON Schema accepts what toJSON writes and refuses what fromJSON refuses", () => {
    const json = row.toJSON() as unknown as Record<string, unknown>;
    expect(complies(json)).toBe(true);
    for (const [key, bad] of [
      ["letter", "ab"],
      ["release", "1.2.3-rc1"],
      ["wide", 1.5],
      ["count", 1.5],
      ["score", 11],
    ] as const) {
      expect(complies({ ...json, [key]: bad }), key).toBe(false);
      expect(() => JuliaScalarsV1.fromJSON({ ...json, [key]: bad }), key).toThrow();
    }
  });
});

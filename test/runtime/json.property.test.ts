/**
 * Property: any valid row of every field type survives `toJSON` -> `JSON.stringify` ->
 * `JSON.parse` -> `fromJSON` unchanged, and its JSON form complies with the version's JSON Schema.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { expect, test } from "vitest";
import { AllTypesV1, AllTypesV1SchemaVersion } from "../generated/index.js";
import { allTypesRow } from "../helpers/all-types-rows.js";

const complies = new Ajv2020({ strict: true, validateFormats: false }).compile(AllTypesV1SchemaVersion.jsonSchema);

test("random rows of every type round-trip through JSON text and match the JSON Schema", () => {
  fc.assert(
    fc.property(allTypesRow, (input) => {
      const row = new AllTypesV1(input);
      const json: unknown = JSON.parse(JSON.stringify(row));
      expect(complies(json), JSON.stringify(complies.errors)).toBe(true);
      expect(AllTypesV1.fromJSON(json)).toStrictEqual(row);
    }),
    { numRuns: 200 },
  );
});

test("the JSON form: int64 as decimal strings, binary as base64, dates as YYYY-MM-DD, special floats as strings", () => {
  const row = new AllTypesV1({
    flag: true,
    small: 1,
    ubyte: 2,
    uint: 3,
    double: Number.NaN,
    big: 2n ** 62n,
    blob: new Uint8Array([1, 2, 255]),
    day: "2024-02-29",
    ints: [1n, -2n],
    single: -0,
  });
  expect(row.toJSON()).toMatchObject({
    big: "4611686018427387904",
    blob: "AQL/",
    day: "2024-02-29",
    ints: ["1", "-2"],
    double: "NaN",
    single: "-0",
  });
});

test("fromJSON reports what is not in the JSON form with its path, like the constructor", () => {
  const json = {
    ...new AllTypesV1({ flag: true, small: 1, ubyte: 2, uint: 3, double: 0 }).toJSON(),
    big: "12x",
    ints: ["1", 2.5],
  };
  expect(() => AllTypesV1.fromJSON(json)).toThrow(/big: expected int64[\s\S]*ints: expected list<int64>/);
});

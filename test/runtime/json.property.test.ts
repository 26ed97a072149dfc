/**
 * Property: any valid row of every field type survives `toJSON` -> `JSON.stringify` ->
 * `JSON.parse` -> `fromJSON` unchanged (Weights of every element type included), and its JSON
 * form complies with the version's JSON Schema.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { expect, test } from "vitest";
import { findSchemaVersion, FlatArray, readTableBytes, Weights, writeTableBytes } from "legolas-ts";
import { AllTypesV1, AllTypesV1SchemaVersion } from "../generated/index.js";
import { allTypesRow, anyWeights } from "../helpers/all-types-rows.js";
import { loadYamlSchemas } from "./arrow/helpers/row-path.js";
import { INTEGERS_AT_EVERY_DEPTH } from "../helpers/negative-zero.js";

const complies = new Ajv2020({ strict: true, validateFormats: false }).compile(AllTypesV1SchemaVersion.jsonSchema);

test("random rows of every type round-trip through JSON text and match the JSON Schema", () => {
  fc.assert(
    fc.property(allTypesRow, fc.option(anyWeights, { nil: null }), (input, weights) => {
      const row = new AllTypesV1({ ...input, weights });
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

test("JSON's -0 in an integer is 0, on every JSON door, at any depth, as Arrow gives it back; a float keeps -0", async () => {
  await loadYamlSchemas([
    {
      schema: "json.negative-zero",
      prefix: "JsonNegativeZero",
      version: {
        fields: INTEGERS_AT_EVERY_DEPTH,
      },
    },
  ]);
  const schemaVersion = findSchemaVersion("json.negative-zero@1")!;
  const { rowClass } = schemaVersion as unknown as {
    rowClass: {
      fromJSON(json: unknown): Record<string, unknown>;
      parse(json: unknown): { value?: Record<string, unknown> };
      "~standard": { validate(json: unknown): { value?: Record<string, unknown> } };
    };
  };
  // A body as a client sends it: JSON.stringify would write 0, a hand or another language -0.
  const body = () =>
    JSON.parse(
      '{"a": -0, "b": -0, "c": -0, "d": [-0, "s"], "e": [["k", -0]], "f": {"int32": -0}, "g": {"x": -0}, "r": -0, "z": -0}',
    );
  const integers = (row: Record<string, unknown>) => [
    row.a,
    row.b,
    row.c,
    (row.d as unknown[])[0],
    (row.e as Map<string, unknown>).get("k"),
    row.f,
    (row.g as { x: unknown }).x,
  ];
  const doors = [
    rowClass.fromJSON(body()),
    rowClass.parse(body()).value!,
    rowClass["~standard"].validate(body()).value!,
  ];
  for (const row of doors) {
    for (const value of integers(row)) expect(Object.is(value, 0), String(value)).toBe(true);
    // A Julia Real or Float64 holds -0.0: kept.
    expect(Object.is(row.r, -0) && Object.is(row.z, -0)).toBe(true);
    const [back] = readTableBytes(writeTableBytes([row], schemaVersion), { schemaVersion }).rows;
    // What Arrow gives back (an `integer` as its Int64's bigint): the same zeros.
    expect(integers(back as Record<string, unknown>).map(Number)).toStrictEqual(integers(row));
  }
});

test("fromJSON reports what is not in the JSON form with its path, like the constructor", () => {
  const json = {
    ...new AllTypesV1({ flag: true, small: 1, ubyte: 2, uint: 3, double: 0 }).toJSON(),
    big: "12x",
    ints: ["1", 2.5],
  };
  expect(() => AllTypesV1.fromJSON(json)).toThrow(/big: expected int64[\s\S]*ints: expected list<int64>/);
});

const weightsRow = (weights: Weights) =>
  new AllTypesV1({ flag: true, small: 1, ubyte: 2, uint: 3, double: 0, weights });
const throughJson = (row: AllTypesV1) => AllTypesV1.fromJSON(JSON.parse(JSON.stringify(row)));

test("Weights keep their element type through JSON: float16 values as numbers, float64 exact", () => {
  const half = weightsRow(new Weights([new FlatArray(Uint16Array.of(0x3c00, 0xc000, 0x0001, 0x7bff), [4])]));
  expect(half.toJSON().weights).toEqual([{ vec: [1, -2, 2 ** -24, 65504], size: [4], elementType: "float16" }]);
  expect(throughJson(half).weights!.arrays[0]!.vec).toStrictEqual(Uint16Array.of(0x3c00, 0xc000, 0x0001, 0x7bff));

  const double = weightsRow(new Weights([new FlatArray(Float64Array.of(1e300, 0.1, -0), [3])]));
  expect(double.toJSON().weights).toEqual([{ vec: [1e300, 0.1, "-0"], size: [3], elementType: "float64" }]);
  expect(throughJson(double).weights!.arrays[0]!.vec).toStrictEqual(Float64Array.of(1e300, 0.1, -0));

  const single = weightsRow(new Weights([new FlatArray(Float32Array.of(0.5), [1])]));
  expect(single.toJSON().weights).toEqual([{ vec: [0.5], size: [1] }]);
});

test("integer Weights keep their type through JSON: their values as integers, exactly", () => {
  for (const vec of [
    Int8Array.of(-128, 127),
    Int16Array.of(-32768, 32767),
    Int32Array.of(-(2 ** 31), 2 ** 31 - 1),
    Uint8Array.of(0, 255),
    Uint32Array.of(0, 2 ** 32 - 1),
  ]) {
    const row = weightsRow(new Weights([new FlatArray(vec, [2])]));
    const elementType = row.weights!.elementType;
    expect(row.toJSON().weights).toEqual([{ vec: [...vec], size: [2], elementType }]);
    expect(throughJson(row).weights!.arrays[0]!.vec).toStrictEqual(vec);
  }
});

test("Weights JSON that its element type cannot hold is refused with its path, never turned into an infinity, wrapped or rounded", () => {
  const json = weightsRow(new Weights([])).toJSON();
  for (const weights of [
    [{ vec: [70000], size: [1], elementType: "float16" }],
    [{ vec: [1e39], size: [1] }],
    [{ vec: [1], size: [1], elementType: "int64" }],
    [{ vec: [128], size: [1], elementType: "int8" }],
    [{ vec: [-1], size: [1], elementType: "uint32" }],
    [{ vec: [1.5], size: [1], elementType: "int32" }],
  ]) {
    expect(AllTypesV1.parse({ ...json, weights })).toMatchObject({ ok: false, violations: [{ path: "weights" }] });
  }
});

test("int64 text longer than any 64-bit integer is refused without being parsed", () => {
  const json = { ...weightsRow(new Weights([])).toJSON(), big: "9".repeat(1_000_000) };
  expect(() => AllTypesV1.fromJSON(json)).toThrow(/big: expected int64, found "9{40}…" \(a string\)/);
});

test("fromJSON of a value whose getter throws is a RowValidationError, not the getter's error", () => {
  const json = Object.defineProperty({ ...weightsRow(new Weights([])).toJSON() }, "big", {
    enumerable: true,
    get() {
      throw new Error("hostile getter");
    },
  });
  expect(() => AllTypesV1.fromJSON(json)).toThrow(expect.objectContaining({ name: "RowValidationError" }));
});

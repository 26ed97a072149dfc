/**
 * Weights in the JSON form keep their element type and every value (issue 22, item 4: `toJSON`
 * wrote float16 weights as their raw bits and `fromJSON` built a Float32Array, so 1.0 came back
 * as 15360; float64 1e300 came back as Infinity). A number the element type cannot hold is
 * refused with its place, never rounded.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FlatArray, float16Value, ModelV1, Weights } from "legolas-ts";
import { float16Bits } from "../../../runtime/weights/element-types.js";

/** A row's JSON text and back, as an HTTP API would carry it. */
const throughJson = (row: ModelV1): ModelV1 => ModelV1.fromJSON(JSON.parse(JSON.stringify(row)));

/** Any float16 bits but NaN payloads, which JSON's one NaN cannot tell apart. */
const float16 = fc.integer({ min: 0, max: 0xffff }).map((bits) => float16Bits(float16Value(bits))!);

const weightsOf = <V extends Float32Array | Float64Array | Uint16Array>(vecs: fc.Arbitrary<V>) =>
  fc.array(vecs, { maxLength: 4 }).map((arrays) => new Weights(arrays.map((vec) => new FlatArray(vec, [vec.length]))));

describe("every element type survives JSON text exactly", () => {
  test.each([
    ["float16", weightsOf(fc.array(float16, { maxLength: 50 }).map((bits) => Uint16Array.from(bits)))],
    ["float32", weightsOf(fc.float32Array({ maxLength: 50 }))],
    ["float64", weightsOf(fc.float64Array({ maxLength: 50 }))],
  ] as const)("%s", (elementType, weights) => {
    fc.assert(
      fc.property(weights, (value) => {
        const back = throughJson(new ModelV1({ weights: value })).weights!;
        expect(back).toStrictEqual(value);
        for (const array of back.arrays) expect(array.elementType).toBe(elementType);
      }),
      { numRuns: 200 },
    );
  });

  test("float16 values are written as the numbers they are, and the JSON says which type", () => {
    const row = new ModelV1({ weights: new Weights([new FlatArray(Uint16Array.of(0x3c00, 0x7c00, 0x8000), [3])]) });
    expect(row.toJSON().weights).toEqual([{ vec: [1, "Infinity", "-0"], size: [3], elementType: "float16" }]);
    expect(throughJson(row).weights!.arrays[0]!.vec).toStrictEqual(Uint16Array.of(0x3c00, 0x7c00, 0x8000));
  });

  test("float32, the default, is written without an element type", () => {
    const row = new ModelV1({ weights: new Weights([new FlatArray(Float32Array.of(0.5), [1])]) });
    expect(row.toJSON().weights).toEqual([{ vec: [0.5], size: [1] }]);
  });

  test("a float64 beyond float32's range stays itself", () => {
    const row = new ModelV1({ weights: new Weights([new FlatArray(Float64Array.of(1e300, -5e-324), [2])]) });
    expect(throughJson(row).weights!.arrays[0]!.vec).toStrictEqual(Float64Array.of(1e300, -5e-324));
  });

  test("the layout the weights say survives JSON text, so a model row sent as JSON still loads as it did", () => {
    fc.assert(
      fc.property(
        weightsOf(fc.float32Array({ minLength: 1, maxLength: 8 })),
        fc.constantFrom("tfjs", "flux"),
        (value, layout) => {
          const stated = value.withLayout(layout);
          const back = throughJson(new ModelV1({ weights: stated })).weights!;
          // No array, nothing to carry it: such weights have nothing to load wrongly either.
          expect(back).toStrictEqual(stated.arrays.length === 0 ? value : stated);
        },
      ),
      { numRuns: 100 },
    );
    const row = new ModelV1({ weights: new Weights([new FlatArray(Float32Array.of(0.5), [1])], { layout: "tfjs" }) });
    expect(row.toJSON().weights).toEqual([{ vec: [0.5], size: [1], layout: "tfjs" }]);
  });

  test("arrays saying different layouts, or one no legolas-ts knows, are refused, not read as one", () => {
    const refusal = (layouts: unknown[]) =>
      ModelV1.parse({
        weights: layouts.map((layout) => ({ vec: [0.5], size: [1], ...(layout === undefined ? {} : { layout }) })),
        architecture_version: null,
      });
    for (const layouts of [["tfjs", "flux"], ["tfjs", undefined], ["keras"]])
      expect(refusal(layouts)).toMatchObject({
        ok: false,
        violations: [{ path: "weights", found: expect.stringContaining("layout") }],
      });
    expect(refusal(["flux", "flux"]).ok).toBe(true);
  });

  test("JSON written before the form carried an element type reads as float32", () => {
    const row = ModelV1.fromJSON({ weights: [{ vec: [0.5, "NaN"], size: [2] }], architecture_version: null });
    expect(row.weights!.arrays[0]!.vec).toStrictEqual(Float32Array.of(0.5, Number.NaN));
  });
});

describe("a value the element type cannot hold is refused, not rounded", () => {
  test("float16Bits rounds to the nearest float16 (ties to even), so fromJSON compares before it keeps", () => {
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and the next: to the even 1
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway above an odd step: up
    expect(float16Bits(2 ** -25)).toBe(0x0000); // half the smallest subnormal: to the even 0
    expect(float16Bits(65519.99)).toBe(0x7bff); // just under the halfway point to infinity
    expect(float16Bits(65520)).toBeNull();
    expect(float16Value(float16Bits(0.1)!)).not.toBe(0.1);
  });

  const refused = (weights: unknown) => () => ModelV1.fromJSON({ weights, architecture_version: null });

  test.each([
    [
      [{ vec: [1, 0.1], size: [2], elementType: "float16" }],
      "arrays[0]: vec[1] is 0.1, which float16 cannot hold exactly",
    ],
    [
      [{ vec: [65520], size: [1], elementType: "float16" }],
      "arrays[0]: vec[0] is 65520, which float16 cannot hold exactly",
    ],
    [
      [{ vec: [1e300], size: [1], elementType: "float32" }],
      "arrays[0]: vec[0] is 1e+300, which float32 cannot hold exactly",
    ],
    [[{ vec: [0.1], size: [1] }], "arrays[0]: vec[0] is 0.1, which float32 cannot hold exactly"],
    [
      [{ vec: [1], size: [1], elementType: "int64" }],
      'arrays[0]: elementType must be one of float16, float32, float64, int8, int16, int32, uint8, uint32, not "int64"',
    ],
    [[{ vec: [128], size: [1], elementType: "int8" }], "arrays[0]: vec[0] is 128, which int8 cannot hold exactly"],
    [[{ vec: [-1], size: [1], elementType: "uint32" }], "arrays[0]: vec[0] is -1, which uint32 cannot hold exactly"],
    [[{ vec: [1.5], size: [1], elementType: "int32" }], "arrays[0]: vec[0] is 1.5, which int32 cannot hold exactly"],
    // The shape too is found in the JSON as given: an array, not the object fromJSON would make of it.
    [[{ vec: [1, 2], size: [3] }], "arrays[0]: size [3] holds 3 values but vec has 2"],
    [[{ vec: [1, 2] }], "arrays[0]: size must be an array of dimensions"],
    [
      [
        { vec: [], size: [0] },
        { vec: [1], size: [-1], elementType: "int8" },
      ],
      "arrays[1]: size[0] must be a non-negative integer (size [-1])",
    ],
  ])("%j", (weights, reason) => {
    expect(refused(weights)).toThrow(
      expect.objectContaining({
        name: "RowValidationError",
        violations: [
          {
            code: "incorrect_type",
            path: "weights",
            expected: "Weights",
            found: `an array of length ${(weights as unknown[]).length} (${reason})`,
          },
        ],
      }),
    );
  });
});

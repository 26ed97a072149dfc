/**
 * runtime/weights/weights.ts: LegolasFlux.jl's `FlatArray` and `Weights` as values. A FlatArray
 * holds its dimensions in Julia's order (`size` is tfjs's `shape` reversed) and refuses a `vec`
 * and `size` that disagree, saying why; a Weights value holds one element type, as `Weights{T}`
 * does, and survives a structured clone as a Weights.
 */
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  FlatArray,
  type FlatArrayVec,
  isWeights,
  ModelV1,
  type RowValidationError,
  Weights,
  WeightsElementTypeError,
  type WeightsInput,
} from "legolas-ts";
import { flatArrayProblem, weightsProblem } from "../../../runtime/weights/weights.js";

describe("FlatArray", () => {
  test("size is Julia's column-major order: the reverse of tfjs's shape, kept frozen", () => {
    const kernel = FlatArray.fromShape(new Float32Array(6), [2, 3]);
    expect(kernel.size).toEqual([3, 2]);
    expect(kernel.shape).toEqual([2, 3]);
    expect(Object.isFrozen(kernel.size)).toBe(true);
    const size = [3, 2];
    const array = new FlatArray(new Float64Array(6), size);
    size[0] = 7;
    expect(array.size).toEqual([3, 2]);
    expect(array.elementType).toBe("float64");
    expect(new FlatArray(new Uint16Array(1), []).elementType).toBe("float16");
    expect(new FlatArray(new Float32Array(0), [0, 5]).size).toEqual([0, 5]);
  });

  const NOT_A_VEC =
    "vec must be a Float32Array, a Float64Array, a Uint16Array of float16 bits, or an integer typed array " +
    "(Int8Array, Int16Array, Int32Array, Uint8Array, Uint32Array)";
  test.each<[string, unknown, unknown, string]>([
    ["a Uint8ClampedArray vec", new Uint8ClampedArray(2), [2], NOT_A_VEC],
    ["a plain array vec", [1, 2], [2], NOT_A_VEC],
    // Julia's Int64 weights as bigints: told how to convert them (Float32Array.from(vec) throws on bigints).
    ...(["BigInt64Array", "BigUint64Array"] as const).map((name): [string, unknown, unknown, string] => [
      `a ${name} vec`,
      new globalThis[name](2),
      [2],
      `${NOT_A_VEC}, not a ${name} (no 64-bit integer weights): convert it first, ` +
        "e.g. Float32Array.from(vec, Number), or Int32Array.from(vec, Number) when its values fit",
    ]),
    ["a size that is not an array", new Float32Array(2), 2, "size must be an array of dimensions"],
    ["a negative dimension", new Float32Array(2), [-1, -2], "size[0] must be a non-negative integer (size [-1,-2])"],
    ["a fractional dimension", new Float32Array(2), [0.5, 4], "size[0] must be a non-negative integer (size [0.5,4])"],
    ["a count that does not match", new Float32Array(5), [2, 3], "size [2,3] holds 6 values but vec has 5"],
    // Julia's Int64 sizes, read or parsed as bigints, and a NaN are named as they are, not as JSON would.
    ["a bigint dimension", new Float32Array(2), [2n], "size[0] must be a non-negative integer (size [2n])"],
    ["a NaN dimension", new Float32Array(2), [Number.NaN, 2], "size[0] must be a non-negative integer (size [NaN,2])"],
    // An empty buffer reads as a detached one did before ArrayBuffer.prototype.detached (Node 20).
    ["an empty vec for values", new Float32Array(0), [2], "size [2] holds 2 values but vec has 0"],
    ["an empty vec for a 0-dimensional array", new Float64Array(0), [], "size [] holds 1 values but vec has 0"],
  ])("%s is refused with the reason", (_what, vec, size, problem) => {
    expect(flatArrayProblem(vec, size)).toBe(problem);
    expect(() => new FlatArray(vec as Float32Array, size as number[])).toThrow(
      new TypeError(`invalid FlatArray: ${problem}`),
    );
  });

  test("a vec whose buffer was transferred away is named as detached, not as a count mismatch", () => {
    const vec = new Float32Array(6);
    structuredClone(vec.buffer, { transfer: [vec.buffer] });
    expect(flatArrayProblem(vec, [2, 3])).toBe(
      "vec's buffer is detached (transferred to a worker or by structuredClone), so its 6 values are gone",
    );
  });
});

describe("Weights", () => {
  const a = new FlatArray(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
  const b = new FlatArray(new Float32Array([7]), []);

  test("counts its parameters, keeps its arrays in order and frozen", () => {
    const weights = new Weights([a, b]);
    expect(weights.parameterCount).toBe(7);
    expect(weights.arrays).toEqual([a, b]);
    expect(Object.isFrozen(weights.arrays)).toBe(true);
    expect(weights.elementType).toBe("float32");
    expect(new Weights([]).elementType).toBe("float32");
    expect(new Weights([new FlatArray(new Float64Array(1), [1])]).elementType).toBe("float64");
  });

  test("one FlatArray without its brackets, or nothing, is a TypeError saying what to pass", () => {
    expect(() => new Weights(a as never)).toThrow(
      new TypeError("a Weights value holds an array of FlatArrays ([array] for one), not a FlatArray"),
    );
    expect(() => new Weights(undefined as never)).toThrow(/not undefined$/);
  });

  test("arrays given as plain { vec, size } are checked and made FlatArrays, as a row and a write take them", () => {
    // A structured clone's arrays, or plain JavaScript: made FlatArrays, with their element type.
    const plain = new Weights([{ vec: new Float64Array(2), size: [2] }] as never);
    expect(plain.arrays[0]).toBeInstanceOf(FlatArray);
    expect([plain.elementType, plain.arrays[0]!.shape]).toEqual(["float64", [2]]);
    expect(new ModelV1({ weights: plain }).weights).toBe(plain);
    // What a row and a write refuse is refused here, not held under a wrong element type.
    expect(() => new Weights([{ vec: new BigInt64Array([1n, 2n]), size: [2] }] as never)).toThrow(
      /^invalid FlatArray \(arrays\[0\]\): vec must be .* not a BigInt64Array \(no 64-bit integer weights\)/,
    );
    expect(() => new Weights([a, { vec: new Float32Array(2), size: [3] }] as never)).toThrow(
      new TypeError("invalid FlatArray (arrays[1]): size [3] holds 3 values but vec has 2"),
    );
    expect(() => new Weights([a, null] as never)).toThrow(
      new TypeError("invalid FlatArray (arrays[1]): a FlatArray or its { vec, size }, not null"),
    );
    expect(
      () =>
        new Weights([
          { vec: new Float32Array(1), size: [1] },
          { vec: new Int32Array(1), size: [1] },
        ] as never),
    ).toThrow(WeightsElementTypeError);
  });

  test("arrays of two float types widen to the wider, exactly, as Julia's Weights(v) promotes", () => {
    const half = new FlatArray(Uint16Array.of(0x3c00, 0x3555), [2]); // 1 and 0.333251953125
    const double = new FlatArray(Float64Array.of(0.1), [1]);
    const weights = new Weights<FlatArrayVec>([a, half, double]);
    expect(weights.elementType).toBe("float64");
    expect(weights.arrays.map((array) => array.elementType)).toEqual(["float64", "float64", "float64"]);
    expect([...weights.arrays[1]!.vec]).toEqual([1, 0.333251953125]);
    expect(weights.arrays[0]!.vec).toEqual(Float64Array.from(a.vec));
    expect(weights.arrays[2]).toBe(double); // already the widest: kept, not copied
    expect(new Weights<FlatArrayVec>([half, b]).arrays.map((array) => array.vec)).toEqual([
      Float32Array.of(1, 0.333251953125),
      b.vec,
    ]);
  });

  test("an integer type mixed with another type is a WeightsElementTypeError that says how to convert", () => {
    for (const other of [a, new FlatArray(Int16Array.of(1), [1])]) {
      expect(() => new Weights<FlatArrayVec>([new FlatArray(Int8Array.of(1), [1]), other])).toThrow(
        expect.objectContaining({
          name: "WeightsElementTypeError",
          code: "weights_element_type",
          message: expect.stringContaining("Float32Array.from(vec)"),
        }),
      );
    }
    expect(new Weights([new FlatArray(Int8Array.of(1), [1]), new FlatArray(Int8Array.of(2, 3), [2])]).elementType).toBe(
      "int8",
    );
  });

  test("isWeights: an instance or its structured clone; not broken, unpromotable or other values", () => {
    const weights = new Weights([a, b]);
    expect(isWeights(weights)).toBe(true);
    expect(isWeights(structuredClone(weights))).toBe(true);
    expect(isWeights({ arrays: [] })).toBe(true);
    expect(isWeights({ arrays: [{ vec: new Float32Array(2), size: [3] }] })).toBe(false);
    // Float types a constructor would widen are Weights; an integer mixed in is not.
    expect(
      isWeights({
        arrays: [
          { vec: new Float32Array(1), size: [1] },
          { vec: new Float64Array(1), size: [1] },
        ],
      }),
    ).toBe(true);
    expect(
      isWeights({
        arrays: [
          { vec: new Float32Array(1), size: [1] },
          { vec: new Int32Array(1), size: [1] },
        ],
      }),
    ).toBe(false);
    expect([null, undefined, [], { arrays: {} }, { arrays: [null] }, "weights"].some(isWeights)).toBe(false);
  });

  test("isWeights narrows to what it takes, a clone included: a WeightsInput, not the class with its getters", () => {
    const clone: unknown = structuredClone(new Weights([a, b]));
    expect(isWeights(clone)).toBe(true);
    if (isWeights(clone)) {
      expectTypeOf(clone).toEqualTypeOf<WeightsInput>();
      expect(clone).not.toBeInstanceOf(Weights);
      // @ts-expect-error: a clone keeps no getters
      expect(clone.parameterCount).toBeUndefined();
    }
  });

  test("a structured clone keeps its layout; a layout that is neither tfjs's nor flux's is named", () => {
    expect(structuredClone(new Weights([a], { layout: "flux" })).layout).toBe("flux");
    expect(isWeights({ arrays: [a], layout: "tfjs" })).toBe(true);
    expect(isWeights({ arrays: [a], layout: "keras" })).toBe(false);
    expect(weightsProblem({ arrays: [a], layout: "keras" })).toBe('layout must be "tfjs" or "flux", not "keras"');
  });

  test("a row's weights with a size in bigints are refused for that size, not as a value whose reading threw", () => {
    const weights = { arrays: [{ vec: new Float32Array(2), size: [2n] }] };
    expect(() => new ModelV1({ weights } as never)).toThrow(
      expect.objectContaining<Partial<RowValidationError>>({
        violations: [
          expect.objectContaining({
            path: "weights",
            found: expect.stringContaining("size[0] must be a non-negative integer (size [2n])"),
          }),
        ] as never,
      }),
    );
  });
});

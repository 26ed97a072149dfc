/**
 * runtime/weights/weights.ts: LegolasFlux.jl's `FlatArray` and `Weights` as values. A FlatArray
 * holds its dimensions in Julia's order (`size` is tfjs's `shape` reversed) and refuses a `vec`
 * and `size` that disagree, saying why; a Weights value holds one element type, as `Weights{T}`
 * does, and survives a structured clone as a Weights.
 */
import { describe, expect, test } from "vitest";
import { FlatArray, isWeights, Weights } from "legolas-ts";
import { flatArrayProblem, mixedElementTypes, weightsProblem } from "../../../runtime/weights/weights.js";

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

  test.each<[string, unknown, unknown, string]>([
    [
      "an Int32Array vec",
      new Int32Array(2),
      [2],
      "vec must be a Float32Array, a Float64Array, or a Uint16Array of float16 bits",
    ],
    ["a plain array vec", [1, 2], [2], "vec must be a Float32Array, a Float64Array, or a Uint16Array of float16 bits"],
    ["a size that is not an array", new Float32Array(2), 2, "size must be an array of dimensions"],
    ["a negative dimension", new Float32Array(2), [-1, -2], "size[0] must be a non-negative integer (size [-1,-2])"],
    ["a fractional dimension", new Float32Array(2), [0.5, 4], "size[0] must be a non-negative integer (size [0.5,4])"],
    ["a count that does not match", new Float32Array(5), [2, 3], "size [2,3] holds 6 values but vec has 5"],
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

  test("arrays of two element types are a WeightsElementTypeError that says how to convert", () => {
    const mixed: FlatArray[] = [a, new FlatArray(new Float64Array(1), [1])];
    expect(mixedElementTypes(mixed)).toBe("float32 and float64");
    expect(() => new Weights(mixed)).toThrow(
      expect.objectContaining({
        name: "WeightsElementTypeError",
        code: "weights_element_type",
        message: expect.stringContaining("Float32Array.from(vec)"),
      }),
    );
    expect(mixedElementTypes([a, b])).toBeNull();
  });

  test("isWeights: an instance or its structured clone; not broken, mixed or other values", () => {
    const weights = new Weights([a, b]);
    expect(isWeights(weights)).toBe(true);
    expect(isWeights(structuredClone(weights))).toBe(true);
    expect(isWeights({ arrays: [] })).toBe(true);
    expect(isWeights({ arrays: [{ vec: new Float32Array(2), size: [3] }] })).toBe(false);
    expect(
      isWeights({
        arrays: [
          { vec: new Float32Array(1), size: [1] },
          { vec: new Float64Array(1), size: [1] },
        ],
      }),
    ).toBe(false);
    expect([null, undefined, [], { arrays: {} }, { arrays: [null] }, "weights"].some(isWeights)).toBe(false);
  });

  test("a structured clone keeps its layout; a layout that is neither tfjs's nor flux's is named", () => {
    expect(structuredClone(new Weights([a], { layout: "flux" })).layout).toBe("flux");
    expect(isWeights({ arrays: [a], layout: "tfjs" })).toBe(true);
    expect(isWeights({ arrays: [a], layout: "keras" })).toBe(false);
    expect(weightsProblem({ arrays: [a], layout: "keras" })).toBe('layout must be "tfjs" or "flux", not "keras"');
  });
});

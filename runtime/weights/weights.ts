/**
 * LegolasFlux.jl's weights: a model's numeric parameters, and nothing of its code. A `Weights`
 * is a list of `FlatArray`s, each the values of one array with its dimensions in Julia's
 * column-major order. A tfjs tensor of row-major `shape` has exactly the memory of a Julia
 * array of `size = shape.reverse()`, so `vec` is the tensor's data as it is: no transpose.
 */

/** One array of weights: `vec` holds the values, `size` the dimensions in Julia order. */
export class FlatArray {
  readonly vec: Float32Array;
  /** Dimensions in Julia's (column-major) order: a tfjs kernel `[in, out]` has size `[out, in]`. */
  readonly size: readonly number[];

  constructor(vec: Float32Array, size: readonly number[]) {
    const problem = flatArrayProblem(vec, size);
    if (problem !== null) throw new TypeError(`invalid FlatArray: ${problem}`);
    this.vec = vec;
    this.size = Object.freeze([...size]);
  }

  /** Builds a FlatArray from row-major (tfjs) dimensions. */
  static fromShape(vec: Float32Array, shape: readonly number[]): FlatArray {
    return new FlatArray(vec, [...shape].reverse());
  }

  /** Dimensions in row-major (tfjs) order: `size` reversed. */
  get shape(): number[] {
    return [...this.size].reverse();
  }
}

/** The weights of a whole model: one FlatArray per variable, in the model's layer order. */
export class Weights {
  readonly arrays: readonly FlatArray[];

  constructor(arrays: readonly FlatArray[]) {
    this.arrays = Object.freeze([...arrays]);
  }

  /** How many numbers all arrays hold together. */
  get parameterCount(): number {
    return this.arrays.reduce((sum, array) => sum + array.vec.length, 0);
  }
}

/** What a row constructor accepts for a `Weights` field. */
export type WeightsInput = Weights | { readonly arrays: readonly FlatArrayInput[] };
export type FlatArrayInput = FlatArray | { readonly vec: Float32Array; readonly size: readonly number[] };

/** Why `vec` and `size` do not make a FlatArray, or `null` when they do. */
export function flatArrayProblem(vec: unknown, size: unknown): string | null {
  if (!(vec instanceof Float32Array)) return "vec must be a Float32Array";
  if (!Array.isArray(size)) return "size must be an array of dimensions";
  let product = 1;
  for (const dimension of size as unknown[]) {
    if (typeof dimension !== "number" || !Number.isSafeInteger(dimension) || dimension < 0) {
      return `size ${JSON.stringify(size)} must hold non-negative integers`;
    }
    product *= dimension;
  }
  if (product !== vec.length) {
    return `size ${JSON.stringify(size)} holds ${product} values but vec has ${vec.length}`;
  }
  return null;
}

/** `true` when `value` is a Weights value (a class instance or a structured clone of one). */
export function isWeights(value: unknown): value is Weights {
  if (typeof value !== "object" || value === null) return false;
  const arrays: unknown = (value as { arrays?: unknown }).arrays;
  if (!Array.isArray(arrays)) return false;
  return arrays.every(
    (array: unknown) =>
      typeof array === "object" &&
      array !== null &&
      flatArrayProblem((array as FlatArray).vec, (array as FlatArray).size) === null,
  );
}

/** Converts a {@link WeightsInput} to `Weights`; anything else is returned as is for the validator. */
export function toWeights(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Weights || !isWeights(value)) return value;
  const arrays: readonly FlatArrayInput[] = value.arrays;
  return new Weights(arrays.map((array) => (array instanceof FlatArray ? array : new FlatArray(array.vec, array.size))));
}

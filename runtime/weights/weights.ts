/**
 * LegolasFlux.jl's weights: a model's numeric parameters, and nothing of its code. A `Weights`
 * is a list of `FlatArray`s, each the values of one array with its dimensions in Julia's
 * column-major order. A tfjs tensor of row-major `shape` has exactly the memory of a Julia
 * array of `size = shape.reverse()`, so `vec` is the tensor's data as it is: no transpose.
 *
 * Element types follow LegolasFlux's `FlatArray{T}` / `Weights{T}` (see element-types.ts):
 * float32 (tfjs's and Flux's default), float64, float16 or an integer type, one type for all
 * arrays of a value.
 */
import { describeValue, nameClass } from "../violations.js";
import { widenedFloats } from "./element-types.js";
import { WeightsElementTypeError } from "./errors.js";
import { markUnknownLayout, unknownLayoutOf } from "./unknown-layout.js";
import {
  elementTypeOf,
  flatArrayProblem,
  promotedElementType,
  weightsProblem,
  type FlatArrayVec,
  type WeightsElementType,
  isWeightsLayout,
  type WeightsLayout,
} from "../weights-shape.js";

export * from "./element-types.js";
export {
  flatArrayProblem,
  isWeightsLayout,
  unpromotableElementTypes,
  type WeightsLayout,
  weightsProblem,
} from "../weights-shape.js";

/** One array of weights: `vec` holds the values, `size` the dimensions in Julia order. */
export class FlatArray<V extends FlatArrayVec = FlatArrayVec> {
  readonly vec: V;
  /** Dimensions in Julia's (column-major) order: a tfjs kernel `[in, out]` has size `[out, in]`. */
  readonly size: readonly number[];

  constructor(vec: V, size: readonly number[]) {
    const problem = flatArrayProblem(vec, size);
    if (problem !== null) throw new TypeError(`invalid FlatArray: ${problem}`);
    this.vec = vec;
    this.size = Object.freeze([...size]);
  }

  /** Builds a FlatArray from row-major (tfjs) dimensions. */
  static fromShape<V extends FlatArrayVec>(vec: V, shape: readonly number[]): FlatArray<V> {
    return new FlatArray(vec, [...shape].reverse());
  }

  /** Dimensions in row-major (tfjs) order: `size` reversed. */
  get shape(): number[] {
    return [...this.size].reverse();
  }

  /** `float32`, `float64`, `float16` (whose `vec` is a `Uint16Array` of the IEEE half bits), or an integer type. */
  get elementType(): WeightsElementType {
    return elementTypeOf(this.vec)!;
  }
}

/** The weights of a whole model: one FlatArray per variable, in the model's layer order. */
export class Weights<V extends FlatArrayVec = FlatArrayVec> {
  readonly arrays: readonly FlatArray<V>[];
  /**
   * Whose layout the arrays are in, when known (see {@link WeightsLayout}); absent for a value
   * built by hand. Loading into tfjs refuses `"flux"`, `fluxToTfjs` refuses `"tfjs"`.
   */
  declare readonly layout?: WeightsLayout;
  /**
   * What the weights' table stated as its layout when this version does not know it (a newer
   * writer's `legolas_ts_weights_layout`, or not ours); absent otherwise. Such weights say no
   * `layout` and neither load nor convert; `withLayout` states one you know for them.
   */
  declare readonly unknownLayout?: string;

  /**
   * Arrays of different float types are widened to the widest, exactly, as Julia's `Weights(v)`
   * promotes them (Float16 < Float32 < Float64): those arrays are copies, the others kept as given.
   *
   * An array given as plain data (`{ vec, size }`, from JavaScript or a structured clone, as a
   * row's conversion takes it) is checked as `new FlatArray(vec, size)` checks it and made one.
   *
   * @throws WeightsElementTypeError when the arrays mix an integer type with another type.
   * @throws TypeError when `arrays` is no array, one of them is no valid FlatArray (a `vec` of no
   * element type, a `size` that does not fit it), or `options.layout` is neither `"tfjs"` nor `"flux"`.
   */
  constructor(arrays: readonly FlatArray<V>[], options: { readonly layout?: WeightsLayout | undefined } = {}) {
    // Such as one FlatArray without its brackets, from plain JavaScript.
    if (!Array.isArray(arrays as unknown))
      throw new TypeError(
        `a Weights value holds an array of FlatArrays ([array] for one), not ${describeValue(arrays)}`,
      );
    const flat = arrays.every((array) => array instanceof FlatArray) ? arrays : arrays.map(flatArrayOf<V>);
    this.arrays = Object.freeze(promotedArrays(flat));
    const layout = options.layout;
    if (layout !== undefined) {
      if (!isWeightsLayout(layout))
        throw new TypeError(`a Weights layout is "tfjs" or "flux", not ${JSON.stringify(layout)}`);
      // An own, enumerable property only when known: a structured clone keeps it.
      (this as { layout?: WeightsLayout }).layout = layout;
    }
  }

  /** The same arrays (not copied), said to be in `layout`. */
  withLayout(layout: WeightsLayout): Weights<V> {
    return new Weights(this.arrays, { layout });
  }

  /** How many numbers all arrays hold together. */
  get parameterCount(): number {
    let count = 0;
    for (const array of this.arrays) count += array.vec.length;
    return count;
  }

  /** The element type of every array (`float32` for a value without arrays). */
  get elementType(): WeightsElementType {
    return this.arrays[0]?.elementType ?? "float32";
  }
}

// Messages name them so in a minified bundle too, which renames classes (violations.ts).
nameClass(FlatArray, "FlatArray");
nameClass(Weights, "Weights");

/** What a row constructor accepts for a `Weights` field (a structured clone of a Weights value included). */
export type WeightsInput =
  | Weights
  | {
      readonly arrays: readonly FlatArrayInput[];
      readonly layout?: WeightsLayout | undefined;
      readonly unknownLayout?: string | undefined;
    };
export type FlatArrayInput<V extends FlatArrayVec = FlatArrayVec> =
  | FlatArray<V>
  | { readonly vec: V; readonly size: readonly number[] };

/**
 * `array` (the `index`th of a Weights value) as a FlatArray: itself, or plain `{ vec, size }`
 * checked as the FlatArray constructor checks it, so that a Weights value never holds what a row
 * and a write refuse (a BigInt64Array, a size that does not fit its values) under an element type
 * it does not have.
 */
function flatArrayOf<V extends FlatArrayVec>(array: unknown, index: number): FlatArray<V> {
  if (array instanceof FlatArray) return array as FlatArray<V>;
  const problem =
    typeof array === "object" && array !== null
      ? flatArrayProblem((array as FlatArrayInput).vec, (array as FlatArrayInput).size)
      : `a FlatArray or its { vec, size }, not ${describeValue(array)}`;
  if (problem !== null) throw new TypeError(`invalid FlatArray (arrays[${index}]): ${problem}`);
  const { vec, size } = array as FlatArrayInput<V>;
  return new FlatArray(vec, size);
}

/** `arrays` of one element type: the widest float type of theirs (see `promotedElementType`). */
function promotedArrays<V extends FlatArrayVec>(arrays: readonly FlatArray<V>[]): FlatArray<V>[] {
  const types = new Set(arrays.map((array) => array.elementType));
  const type = promotedElementType(types);
  if (type === null) {
    const mixed = [...types].join(" and ");
    throw new WeightsElementTypeError(
      mixed,
      `a Weights value holds one element type, as LegolasFlux's Weights{T} does, but these arrays hold ${mixed}; ` +
        `float types are widened for you, integers are not (Julia would round them): convert them to one type ` +
        `first (e.g. Float32Array.from(vec))`,
    );
  }
  if (types.size <= 1) return [...arrays];
  return arrays.map((array) =>
    array.elementType === type ? array : new FlatArray(widenedVec(array.vec, type) as V, array.size),
  );
}

/**
 * `vec` as `type`, a float type at least as wide (see `promotedElementType`): exact; `vec` itself
 * when it is of that type already.
 */
export function widenedVec(vec: FlatArrayVec, type: WeightsElementType): FlatArrayVec {
  if (elementTypeOf(vec) === type) return vec;
  return widenedFloats(vec as Uint16Array | Float32Array, type as "float32" | "float64");
}

/**
 * `true` when `value` is a Weights value: a class instance, or plain data a row takes as one (a
 * structured clone of one, which keeps no class, so neither its getters nor `withLayout`);
 * {@link weightsProblem} says why not. `new Weights(...)` or a row's conversion makes the data an instance.
 */
export function isWeights(value: unknown): value is WeightsInput {
  return weightsProblem(value) === null;
}

/** Converts a {@link WeightsInput} to `Weights`; anything else is returned as is for the validator. */
export function toWeights(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Weights || !isWeights(value)) return value;
  const arrays: readonly FlatArrayInput[] = value.arrays;
  const weights = new Weights(
    arrays.map((array) => (array instanceof FlatArray ? array : new FlatArray(array.vec, array.size))),
    { layout: value.layout },
  );
  const stated = unknownLayoutOf(value);
  if (stated !== null) markUnknownLayout(weights, stated);
  return weights;
}

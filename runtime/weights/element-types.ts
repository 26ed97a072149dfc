/**
 * The element types a `FlatArray` may hold. LegolasFlux.jl declares `FlatArray{T <: Number}` and
 * `Weights{T}` (src/LegolasFlux.jl): one element type for all arrays of a model, whatever Flux
 * held. Flux models are Float32 by default, Float64 after `f64(model)`, Float16 after
 * `f16(model)`; Arrow.jl stores `Vector{T}` as a List of Arrow's Float16/Float32/Float64.
 *
 * Here those are a `Float32Array`, a `Float64Array`, or, since JavaScript engines before ES2025
 * have no `Float16Array`, a `Uint16Array` holding the IEEE 754 half-precision bits exactly as
 * Arrow stores them. Integer element types (a Flux model never has them as weights) are refused
 * with {@link WeightsElementTypeError}, never read as something else.
 *
 * Values change type in one place only: {@link float32ValuesOf} on the way into tfjs, which computes
 * in float32. Nothing here casts on write: a row keeps the element type it was read with.
 */
import { LegolasError } from "../errors.js";
import type { FlatArrayVec } from "./weights-shape.js";

export { elementTypeOf, isDetached, type FlatArrayVec, type WeightsElementType } from "./weights-shape.js";

/**
 * A Weights value, column or file whose element type legolas-ts does not take: an integer or
 * other non-float Arrow type on read, or arrays of different float types in one Weights value or
 * one column on write (Arrow, like LegolasFlux's `Weights{T}`, has one element type per column).
 */
export class WeightsElementTypeError extends LegolasError {
  override readonly name = "WeightsElementTypeError";
  readonly code = "weights_element_type";
  constructor(
    /** What was found: an Arrow type (`Int32`) or the element types that were mixed. */
    readonly found: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** `vec`'s values as float32, tfjs's only float type; a Float32Array is returned as it is (no copy). */
export function float32ValuesOf(vec: FlatArrayVec): Float32Array {
  if (vec instanceof Float32Array) return vec;
  // Float64 -> float32 through Float32Array's conversion, ECMAScript's ToFloat32: round to
  // nearest, ties to even; values beyond float32's range become +-Infinity, as in Julia's
  // `Float32(x)`. Float16 -> float32 is exact: every half-precision value is a float32.
  if (vec instanceof Float64Array) return Float32Array.from(vec);
  const out = new Float32Array(vec.length);
  for (let i = 0; i < vec.length; i++) out[i] = float16Value(vec[i]!);
  return out;
}

/**
 * The IEEE 754 half-precision bits of `value`, or `null` when float16 cannot hold it exactly
 * (the inverse of {@link float16Value}; every NaN becomes the one quiet NaN, 0x7e00).
 */
export function float16Bits(value: number): number | null {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  if (magnitude === Number.POSITIVE_INFINITY) return sign | 0x7c00;
  if (magnitude < 2 ** -14) {
    const fraction = magnitude * 2 ** 24; // zero and subnormals: fraction * 2^-24, exactly
    return Number.isInteger(fraction) ? sign | fraction : null;
  }
  let exponent = Math.floor(Math.log2(magnitude));
  if (2 ** exponent > magnitude) exponent--; // log2 may round across a power of two
  if (2 ** (exponent + 1) <= magnitude) exponent++;
  if (exponent > 15) return null;
  const fraction = (magnitude / 2 ** exponent - 1) * 1024;
  return Number.isInteger(fraction) ? sign | ((exponent + 15) << 10) | fraction : null;
}

/** The number that the IEEE 754 half-precision `bits` encode. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (0x400 + fraction) * 2 ** (exponent - 25);
}

/**
 * A `vec` whose memory is gone: its buffer was transferred or detached. With `loadWeights(...,
 * { copy: false })` the model's variables are those very `vec`s, so detaching their buffer after
 * loading breaks the model too (it then predicts NaN); see `loadWeights`.
 */
export class DetachedWeightsError extends LegolasError {
  override readonly name = "DetachedWeightsError";
  readonly code = "weights_detached";
  constructor(readonly index: number) {
    super(
      `weights.arrays[${index}].vec has a detached buffer (it was transferred, e.g. by postMessage or ` +
        `structuredClone with transfer), so its values are gone. Read the weights again, or transfer a copy ` +
        `(vec.slice()) instead of the buffer the row views.`,
    );
  }
}

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
 * The IEEE 754 half-precision bits nearest to `value` (ties to even), or `null` when `value` is
 * finite but beyond float16's range (it would become an infinity). The inverse of
 * {@link float16Value} on every float16 value; NaN becomes the canonical quiet NaN (0x7e00).
 */
export function float16Bits(value: number): number | null {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  if (magnitude === Number.POSITIVE_INFINITY) return sign | 0x7c00;
  // 65504 is the largest float16; from halfway to the next step (65520) on, it rounds to infinity.
  if (magnitude >= 65520) return null;
  // Subnormals count units of 2^-24; 1024 units round up into the smallest normal, whose bits follow.
  if (magnitude < 2 ** -14) return sign | roundHalfToEven(magnitude * 2 ** 24);
  let exponent = Math.floor(Math.log2(magnitude));
  if (2 ** exponent > magnitude) exponent--; // log2 may round across a power of two
  // 11 significant bits, the leading one included; a carry into 2048 moves to the next exponent.
  const significand = roundHalfToEven(magnitude * 2 ** (10 - exponent));
  return sign | (((exponent + 15) << 10) + significand - 0x400);
}

/** `x` (scaled exactly by a power of two, so `x - floor(x)` is exact) rounded to an integer, ties to even. */
function roundHalfToEven(x: number): number {
  const whole = Math.floor(x);
  const rest = x - whole;
  return rest > 0.5 || (rest === 0.5 && whole % 2 === 1) ? whole + 1 : whole;
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

/**
 * The element types a `FlatArray` may hold. LegolasFlux.jl declares `FlatArray{T <: Number}` and
 * `Weights{T}` (src/LegolasFlux.jl): one element type for all arrays of a value. Flux models are
 * Float32 by default, Float64 after `f64(model)`, Float16 after `f16(model)`; a `Weights{Int8}`
 * (a quantized or binarized model) is as valid; Arrow.jl stores `Vector{T}` as a List of T.
 *
 * Here the floats are a `Float32Array`, a `Float64Array`, or, since JavaScript engines before
 * ES2025 have no `Float16Array`, a `Uint16Array` holding the IEEE 754 half-precision bits exactly
 * as Arrow stores them; the integers are the typed array of their width (`Int8Array`,
 * `Int16Array`, `Int32Array`, `Uint8Array`, `Uint32Array`), so every `vec` holds numbers. Three
 * Julia types are refused with {@link WeightsElementTypeError}, as is any non-number Arrow type,
 * never read as something else: `UInt16` (a `Uint16Array` is float16 here), and `Int64`/`UInt64`,
 * whose arrays would hold bigints that no numeric code on weights expects (convert them in Julia,
 * e.g. `Int32.(w)`, or read the column as Arrow).
 *
 * Values change type in two places only, both as Julia changes them: arrays of different float
 * types in one Weights value are widened to the widest (`promotedElementType`, Julia's
 * `Weights(v)` promotes Float16 < Float32 < Float64, exactly), and on the way into tfjs every
 * type becomes float32 ({@link float32ValuesOf}, Julia's `Float32(x)`). Nothing else casts: a row
 * keeps the element type it was read with.
 */
import type { FlatArrayVec } from "../weights-shape.js";

export {
  elementTypeOf,
  isDetached,
  promotedElementType,
  vecArrayOf,
  type FlatArrayVec,
  type WeightsElementType,
} from "../weights-shape.js";

/**
 * `vec`'s values as float32, tfjs's only float type, each as Julia's `Float32(x)` gives it; a
 * Float32Array is returned as it is (no copy). Float16 widens exactly. Float64 and integers round
 * to nearest, ties to even (ECMAScript's ToFloat32: integers of up to 24 bits arrive exact),
 * float64 beyond float32's range becoming +-Infinity.
 */
export function float32ValuesOf(vec: FlatArrayVec): Float32Array {
  if (vec instanceof Float32Array) return vec;
  if (!(vec instanceof Uint16Array)) return Float32Array.from(vec);
  return widenedFloats(vec, "float32") as Float32Array;
}

/**
 * `vec`'s elements as values that keep every bit when moved, a view of its memory: a float32 or
 * float64 `vec` as 32-bit words (two a float64), since a JavaScript number quietens a signalling
 * NaN; any other (integers, float16's bits) as it is, its numbers exact.
 */
export function exactElements(vec: FlatArrayVec): Exclude<FlatArrayVec, Float32Array | Float64Array> | Uint32Array {
  return vec instanceof Float32Array || vec instanceof Float64Array
    ? new Uint32Array(vec.buffer, vec.byteOffset, vec.byteLength / 4)
    : vec;
}

/**
 * Float16 (`Uint16Array` bits) or float32 values as a wider float type, exactly, as Julia's
 * `Float32(x)` and `Float64(x)` (LLVM's `fpext`) give them: a NaN keeps its sign and payload, made
 * quiet, where a round trip through a JavaScript number would leave the one NaN JavaScript has.
 */
export function widenedFloats(
  vec: Uint16Array | Float32Array,
  type: "float32" | "float64",
): Float32Array | Float64Array {
  const out = type === "float64" ? new Float64Array(vec.length) : new Float32Array(vec.length);
  const words = new Uint32Array(out.buffer);
  const half = vec instanceof Uint16Array;
  const bits = exactElements(vec);
  for (let i = 0; i < vec.length; i++) {
    const value = half ? float16Value(vec[i]!) : vec[i]!;
    if (!Number.isNaN(value)) {
      out[i] = value;
      continue;
    }
    const word = bits[i]!;
    const sign = half ? (word & 0x8000) << 16 : word & 0x80000000;
    const payload = half ? word & 0x3ff : word & 0x7fffff;
    if (type === "float32") {
      words[i] = sign | 0x7fc00000 | (payload << 13);
    } else {
      // The payload at the top of float64's 52 fraction bits: from bit 42 (float16) or 29 (float32) on.
      words[2 * i] = half ? 0 : (payload & 7) << 29;
      words[2 * i + 1] = sign | 0x7ff80000 | (half ? payload << 10 : payload >>> 3);
    }
  }
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

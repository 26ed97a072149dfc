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
import { LegolasError } from "../errors.js";

export type WeightsElementType = "float16" | "float32" | "float64" | "int8" | "int16" | "int32" | "uint8" | "uint32";
type FloatElementType = Extract<WeightsElementType, `float${string}`>;

/** The values of one FlatArray; a `Uint16Array` holds float16 bits. */
export type FlatArrayVec =
  | Float32Array
  | Float64Array
  | Uint16Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint32Array;

const VEC_ARRAYS = {
  float16: Uint16Array,
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint32: Uint32Array,
} as const;

/** The order in which Julia's `promote_type` widens floats. */
const FLOAT_WIDTHS: readonly FloatElementType[] = ["float16", "float32", "float64"];

/** The typed array a `vec` of `type` is (float16: a `Uint16Array` of its bits); `undefined` for no element type. */
export function vecArrayOf<T extends WeightsElementType>(type: T): (typeof VEC_ARRAYS)[T] {
  return VEC_ARRAYS[type];
}

/** The element type `vec` holds, or `null` when it is no FlatArray vector at all. */
export function elementTypeOf(vec: unknown): WeightsElementType | null {
  if (!ArrayBuffer.isView(vec)) return null;
  for (const [type, Array] of Object.entries(VEC_ARRAYS)) if (vec instanceof Array) return type as WeightsElementType;
  return null;
}

/**
 * The one element type of a Weights value (or column) whose arrays hold `types`: that type when
 * they agree, the widest when they are all floats (as Julia's `Weights(v)` promotes: every
 * float16 is a float32, every float32 a float64), and `null` when they mix an integer type with
 * another type, which Julia would round (an Int64 into a Float16) and is left to the caller.
 * Float32 for no arrays at all.
 */
export function promotedElementType(types: Iterable<WeightsElementType>): WeightsElementType | null {
  const distinct = new Set(types);
  if (distinct.size <= 1) return distinct.values().next().value ?? "float32";
  let widest = -1;
  for (const type of distinct) {
    const width = FLOAT_WIDTHS.indexOf(type as FloatElementType);
    if (width < 0) return null;
    widest = Math.max(widest, width);
  }
  return FLOAT_WIDTHS[widest]!;
}

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

/**
 * `vec`'s values as float32, tfjs's only float type, each as Julia's `Float32(x)` gives it; a
 * Float32Array is returned as it is (no copy). Float16 widens exactly. Float64 and integers round
 * to nearest, ties to even (ECMAScript's ToFloat32: integers of up to 24 bits arrive exact),
 * float64 beyond float32's range becoming +-Infinity.
 */
export function float32ValuesOf(vec: FlatArrayVec): Float32Array {
  if (vec instanceof Float32Array) return vec;
  if (!(vec instanceof Uint16Array)) return Float32Array.from(vec);
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
 * Whether `vec` no longer has its memory: its buffer was transferred (`postMessage(x, [buffer])`,
 * `structuredClone(x, { transfer })`) or otherwise detached. Such a view reads as empty.
 */
export function isDetached(vec: ArrayBufferView): boolean {
  const buffer = vec.buffer as ArrayBuffer & { readonly detached?: boolean };
  // `detached` is ES2024 (not in Node 20); before it a detached buffer reads as 0 bytes long.
  return buffer.detached ?? (buffer.byteLength === 0 && vec.byteOffset === 0 && vec.byteLength === 0);
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

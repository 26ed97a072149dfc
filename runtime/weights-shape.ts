/**
 * Whether values make up Weights, and what is wrong when they do not: the shape rules of
 * LegolasFlux's `FlatArray` and `Weights`, with no imports beyond arrays.ts, so that the
 * violation messages (violations.ts) can say why a value is no Weights ("its buffer is
 * detached") rather than only that it is not ("found a Weights"). Hence its place outside
 * weights/, whose classes describe their inputs through violations.ts.
 *
 * Every walk here stops at the first problem, and a list with holes is refused at its first
 * hole (arrays.ts): a `size` or `arrays` list of length 1e9 costs no more than its real elements.
 */
import { firstHole, isList } from "./arrays.js";

export type WeightsElementType = "float16" | "float32" | "float64" | "int8" | "int16" | "int32" | "uint8" | "uint32";
type FloatElementType = Extract<WeightsElementType, `float${string}`>;

/**
 * Whose order and layout a model's arrays are in. The same numbers mean different things to the
 * two frameworks (a BatchNorm holds β, γ, μ, σ² in Flux and gamma first in tfjs; a conv kernel's
 * axes differ), so a `Weights` value says which it holds when that is known:
 *
 *  - `"tfjs"`: what `fetchWeights` gives and `loadWeights` takes (tfjs's variables, in the order of
 *    `modelVariables`); also what `fluxToTfjs` gives.
 *  - `"flux"`: what LegolasFlux.jl's `fetch_weights` stores and `load_weights!` takes (Flux's
 *    arrays in `Functors.fcollect` order); also what `tfjsToFlux` gives.
 *
 * A table records it in its metadata (`legolas_ts_weights_layout`, arrow/weights-layout.ts); a
 * table without that key was written by LegolasFlux.jl, and its weights are Flux's.
 */
export type WeightsLayout = "tfjs" | "flux";

export function isWeightsLayout(value: unknown): value is WeightsLayout {
  return value === "tfjs" || value === "flux";
}

/** The values of one FlatArray; a `Uint16Array` holds float16 bits (see weights/element-types.ts). */
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

/** The typed array a `vec` of `type` is (float16: a `Uint16Array` of its bits); `undefined` for no element type. */
export function vecArrayOf<T extends WeightsElementType>(type: T): (typeof VEC_ARRAYS)[T] {
  return VEC_ARRAYS[type];
}

/** `true` when `value` names an element type a `FlatArray` may hold. */
export function isWeightsElementType(value: unknown): value is WeightsElementType {
  return typeof value === "string" && Object.hasOwn(VEC_ARRAYS, value);
}

/** Every element type, as messages list them. */
export const WEIGHTS_ELEMENT_TYPES = Object.keys(VEC_ARRAYS) as readonly WeightsElementType[];

/** The element type `vec` holds, or `null` when it is no FlatArray vector at all. */
export function elementTypeOf(vec: unknown): WeightsElementType | null {
  if (!ArrayBuffer.isView(vec)) return null;
  for (const [type, Array] of Object.entries(VEC_ARRAYS)) if (vec instanceof Array) return type as WeightsElementType;
  return null;
}

/** The order in which Julia's `promote_type` widens floats. */
const FLOAT_WIDTHS: readonly FloatElementType[] = ["float16", "float32", "float64"];

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
 * Whether `memory` (a view, or a buffer) no longer has its bytes: its buffer was transferred
 * (`postMessage(x, [buffer])`, `structuredClone(x, { transfer })`) or otherwise detached. Such a
 * view reads as empty.
 */
export function isDetached(memory: ArrayBufferView | ArrayBuffer): boolean {
  const buffer = (ArrayBuffer.isView(memory) ? memory.buffer : memory) as ArrayBuffer & { readonly detached?: boolean };
  if (buffer.detached !== undefined) return buffer.detached;
  // `detached` is ES2024 (not in Node 20). Before it a detached buffer reads as 0 bytes long, as
  // an empty one does, but only a detached one refuses a view.
  if (buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/** Why `vec` and `size` do not make a FlatArray, or `null` when they do. */
export function flatArrayProblem(vec: unknown, size: unknown): string | null {
  // A part that is null (as a table stores a missing one) is named so before what it should be.
  const missing = nullPart("vec", vec) ?? nullPart("size", size);
  if (missing !== null) return missing;
  if (elementTypeOf(vec) === null) {
    const held =
      "vec must be a Float32Array, a Float64Array, a Uint16Array of float16 bits, or an integer typed array " +
      "(Int8Array, Int16Array, Int32Array, Uint8Array, Uint32Array)";
    // Julia's Int64 weights as JavaScript holds them: Float32Array.from(vec) throws on their bigints.
    return vec instanceof BigInt64Array || vec instanceof BigUint64Array
      ? `${held}, not a ${vec.constructor.name} (no 64-bit integer weights): convert it first, ` +
          "e.g. Float32Array.from(vec, Number), or Int32Array.from(vec, Number) when its values fit"
      : held;
  }
  if (!Array.isArray(size)) return "size must be an array of dimensions";
  let product = 1;
  for (let i = 0; i < size.length; i++) {
    const dimension: unknown = size[i];
    if (typeof dimension !== "number" || !Number.isSafeInteger(dimension) || dimension < 0) {
      return `size[${i}] must be a non-negative integer (size ${dimensions(size)})`;
    }
    product *= dimension;
  }
  const values = vec as FlatArrayVec;
  if (product !== values.length) {
    if (product > 0 && isDetached(values)) {
      return `vec's buffer is detached (transferred to a worker or by structuredClone), so its ${product} values are gone`;
    }
    return `size ${dimensions(size)} holds ${product} values but vec has ${values.length}`;
  }
  return null;
}

/** `vec is null` or `vec[3] is null` for a `part` that is null or a list holding one, else `null`. */
function nullPart(name: string, part: unknown): string | null {
  if (part === null) return `${name} is null`;
  const index = isList(part) ? part.indexOf(null) : -1;
  return index < 0 ? null : `${name}[${index}] is null`;
}

/**
 * The element types of `arrays` (FlatArrays) joined for a message (`int8 and float32`) when they
 * make no one type (see {@link promotedElementType}: float types widen), else `null`.
 */
export function unpromotableElementTypes(arrays: readonly { readonly vec: unknown }[]): string | null {
  const types = new Set<WeightsElementType>();
  for (const array of arrays) types.add(elementTypeOf(array.vec)!);
  return promotedElementType(types) === null ? [...types].join(" and ") : null;
}

/** Why `value` is no Weights value (neither a class instance nor a structured clone of one), or `null`. */
export function weightsProblem(value: unknown): string | null {
  const arrays: unknown =
    typeof value === "object" && value !== null ? (value as { arrays?: unknown }).arrays : undefined;
  if (arrays === null) return "arrays is null";
  if (!Array.isArray(arrays)) return "arrays must be an array of FlatArrays";
  const layout: unknown = (value as { layout?: unknown }).layout;
  if (layout !== undefined && !isWeightsLayout(layout)) {
    return `layout must be "tfjs" or "flux", not ${JSON.stringify(layout) ?? String(layout)}`;
  }
  const hole = firstHole(arrays);
  if (hole >= 0) return `arrays has a hole at index ${hole}`;
  for (let i = 0; i < arrays.length; i++) {
    const array: unknown = arrays[i];
    if (array === null) return `arrays[${i}] is null`;
    if (typeof array !== "object") return `arrays[${i}] is not a FlatArray`;
    const problem = flatArrayProblem((array as { vec?: unknown }).vec, (array as { size?: unknown }).size);
    if (problem !== null) return `arrays[${i}]: ${problem}`;
  }
  const mixed = unpromotableElementTypes(arrays as { vec: unknown }[]);
  return mixed === null
    ? null
    : `its arrays hold ${mixed}; a Weights value holds one element type (float types widen, integers do not)`;
}

/** `size` for a message: in full when short, else by its length (it may be a billion holes long). */
function dimensions(size: readonly unknown[]): string {
  return size.length <= 8 ? `[${Array.from(size, dimension).join(",")}]` : `of ${size.length} dimensions`;
}

/**
 * One dimension as written, whatever it is: JSON would throw on a bigint (Julia's Int64, as a
 * caller may hold it) and print NaN as null, and a message must never throw.
 */
function dimension(value: unknown): string {
  switch (typeof value) {
    case "bigint":
      return `${value}n`;
    case "string":
      return JSON.stringify(value);
    case "number":
    case "boolean":
    case "undefined":
      return String(value);
    case "object":
      return value === null ? "null" : "an object";
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Whether values make up Weights, and what is wrong when they do not: the shape rules of
 * LegolasFlux's `FlatArray` and `Weights`, with no imports beyond arrays.ts, so that the
 * violation messages (violations.ts) can say why a value is no Weights ("its buffer is
 * detached") rather than only that it is not ("found a Weights").
 *
 * Every walk here stops at the first problem, and a list with holes is refused at its first
 * hole (arrays.ts): a `size` or `arrays` list of length 1e9 costs no more than its real elements.
 */
import { firstHole } from "../arrays.js";

export type WeightsElementType = "float16" | "float32" | "float64";

/** Whose order and layout a model's arrays are in (layout.ts says what each means). */
export type WeightsLayout = "tfjs" | "flux";

export function isWeightsLayout(value: unknown): value is WeightsLayout {
  return value === "tfjs" || value === "flux";
}

/** The values of one FlatArray; a `Uint16Array` holds float16 bits. */
export type FlatArrayVec = Float32Array | Float64Array | Uint16Array;

/** The element type `vec` holds, or `null` when it is no FlatArray vector at all. */
export function elementTypeOf(vec: unknown): WeightsElementType | null {
  if (vec instanceof Float32Array) return "float32";
  if (vec instanceof Float64Array) return "float64";
  if (vec instanceof Uint16Array) return "float16";
  return null;
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

/** Why `vec` and `size` do not make a FlatArray, or `null` when they do. */
export function flatArrayProblem(vec: unknown, size: unknown): string | null {
  if (elementTypeOf(vec) === null) {
    return "vec must be a Float32Array, a Float64Array, or a Uint16Array of float16 bits";
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

/** The element types of `arrays` joined for a message (`float32 and float64`) when they differ, else `null`. */
export function mixedElementTypes(arrays: readonly { readonly vec: unknown }[]): string | null {
  const types = new Set<string>();
  for (const array of arrays) types.add(elementTypeOf(array.vec) ?? "other");
  return types.size > 1 ? [...types].join(" and ") : null;
}

/** Why `value` is no Weights value (neither a class instance nor a structured clone of one), or `null`. */
export function weightsProblem(value: unknown): string | null {
  const arrays: unknown = typeof value === "object" && value !== null ? (value as { arrays?: unknown }).arrays : null;
  if (!Array.isArray(arrays)) return "arrays must be an array of FlatArrays";
  const layout: unknown = (value as { layout?: unknown }).layout;
  if (layout !== undefined && !isWeightsLayout(layout)) {
    return `layout must be "tfjs" or "flux", not ${JSON.stringify(layout) ?? String(layout)}`;
  }
  const hole = firstHole(arrays);
  if (hole >= 0) return `arrays has a hole at index ${hole}`;
  for (let i = 0; i < arrays.length; i++) {
    const array: unknown = arrays[i];
    if (typeof array !== "object" || array === null) return `arrays[${i}] is not a FlatArray`;
    const problem = flatArrayProblem((array as { vec?: unknown }).vec, (array as { size?: unknown }).size);
    if (problem !== null) return `arrays[${i}]: ${problem}`;
  }
  const mixed = mixedElementTypes(arrays as { vec: unknown }[]);
  return mixed === null ? null : `its arrays hold ${mixed}; a Weights value holds one element type`;
}

/** `size` for a message: in full when short, else by its length (it may be a billion holes long). */
function dimensions(size: readonly unknown[]): string {
  return size.length <= 8 ? JSON.stringify(size) : `of ${size.length} dimensions`;
}

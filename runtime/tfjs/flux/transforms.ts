/**
 * How one array moves between Flux and tfjs, once the graph has said what it is. A tfjs variable
 * of row-major shape `[d1, ..., dn]` has the memory of the Julia array of size `(dn, ..., d1)`, so
 * most arrays move as they are (`same`); kernels change axes (conv-kernels.ts), and the arrays
 * that meet a flattened image meet its values in another order (`input-rows`, `positions`).
 */
import { FlatArray, type FlatArrayInput, type FlatArrayVec } from "../../weights/weights.js";
import { fluxConvToTfjs, tfjsConvToFlux } from "../conv-kernels.js";
import { samePositions } from "./layouts.js";

export type Transform =
  | { readonly kind: "same" }
  /** A convolution kernel, `[k..., in, out]` in tfjs, `(k reversed..., in, out)` in Flux; `Conv` flips it. */
  | { readonly kind: "conv-kernel"; readonly flip: boolean }
  /** A transposed convolution's kernel, `[k..., out, in]` / `(k reversed..., out, in)`, always flipped. */
  | { readonly kind: "transposed-kernel" }
  /** A depthwise kernel, `[k..., C, m]` in tfjs, a grouped Conv's `(k reversed..., 1, C*m)` in Flux. */
  | { readonly kind: "depthwise-kernel"; readonly flip: boolean }
  /** A Dense kernel `[in, out]` whose input `t` is Flux's input `fluxIndex[t]`: rows permuted. */
  | { readonly kind: "input-rows"; readonly fluxIndex: Int32Array }
  /** A vector whose value `t` is Flux's value `fluxIndex[t]` (a BatchNorm after a flatten). */
  | { readonly kind: "positions"; readonly fluxIndex: Int32Array };

export const SAME: Transform = { kind: "same" };

/** Whether `a` and `b` move an array alike (their positions compared value by value). */
export function sameTransform(a: Transform, b: Transform): boolean {
  if (a.kind !== b.kind) return false;
  if ("flip" in a && "flip" in b) return a.flip === b.flip;
  if ("fluxIndex" in a && "fluxIndex" in b) return samePositions(a.fluxIndex, b.fluxIndex);
  return true;
}

/** The Julia size of the Flux array that becomes a tfjs variable of `shape`. */
export function fluxSizeOf(transform: Transform, shape: readonly number[]): number[] {
  switch (transform.kind) {
    case "conv-kernel":
    case "transposed-kernel":
      return [...shape.slice(0, -2).reverse(), ...shape.slice(-2)];
    case "depthwise-kernel": {
      const [channels, multiplier] = shape.slice(-2) as [number, number];
      return [...shape.slice(0, -2).reverse(), 1, channels * multiplier];
    }
    default:
      return [...shape].reverse();
  }
}

/** Flux's array as the tfjs variable of `shape` (a new array of the same element type, unless `same`). */
export function toTfjs(transform: Transform, array: FlatArrayInput, shape: readonly number[]): FlatArray {
  switch (transform.kind) {
    case "same":
      return array instanceof FlatArray ? array : new FlatArray(array.vec, array.size);
    case "conv-kernel":
      return fluxConvToTfjs(array, { layer: transform.flip ? "Conv" : "CrossCor" });
    case "transposed-kernel":
      return fluxConvToTfjs(array, { layer: "Conv" });
    case "depthwise-kernel":
      // Flux's (k..., 1, C*m) holds, channel by channel, the m kernels of each input channel: as
      // a kernel of 1 input and C*m outputs it moves like any other, into tfjs's [k..., C, m].
      return FlatArray.fromShape(fluxConvToTfjs(array, { layer: transform.flip ? "Conv" : "CrossCor" }).vec, shape);
    case "input-rows":
      return new FlatArray(moveBlocks(array.vec, array.size[0]!, transform.fluxIndex, "to-tfjs"), array.size);
    case "positions":
      return new FlatArray(moveBlocks(array.vec, 1, transform.fluxIndex, "to-tfjs"), array.size);
  }
}

/** The tfjs variable's array (of `shape`) as Flux's, the inverse of {@link toTfjs}. */
export function toFlux(transform: Transform, array: FlatArray, shape: readonly number[]): FlatArray {
  switch (transform.kind) {
    case "same":
      return array;
    case "conv-kernel":
      return tfjsConvToFlux(array, { layer: transform.flip ? "Conv" : "CrossCor" });
    case "transposed-kernel":
      return tfjsConvToFlux(array, { layer: "Conv" });
    case "depthwise-kernel": {
      // tfjs's [k..., C, m] read as [k..., 1, C*m] is the same memory.
      const asConv = new FlatArray(array.vec, [shape.at(-2)! * shape.at(-1)!, 1, ...shape.slice(0, -2).reverse()]);
      return tfjsConvToFlux(asConv, { layer: transform.flip ? "Conv" : "CrossCor" });
    }
    case "input-rows":
      return new FlatArray(moveBlocks(array.vec, array.size[0]!, transform.fluxIndex, "to-flux"), array.size);
    case "positions":
      return new FlatArray(moveBlocks(array.vec, 1, transform.fluxIndex, "to-flux"), array.size);
  }
}

/**
 * Moves blocks of `block` values: tfjs's block `t` is Flux's block `fluxIndex[t]`. A Dense weight
 * (out, in) holds one input's `out` values together, as does the tfjs kernel [in, out]; a vector
 * after a flatten moves value by value. The values move as the unsigned integers of their bytes,
 * so every bit stays (a float's NaN payload too), in one loop over a precomputed index: a
 * `subarray` and `set` per block cost 70 ms per million blocks of one value (BENCHMARKS.md,
 * "2026-12-07 session 30: the Flux reorder after a flatten").
 */
function moveBlocks<V extends FlatArrayVec>(
  vec: V,
  block: number,
  fluxIndex: Int32Array,
  direction: "to-tfjs" | "to-flux",
): V {
  const result = new (vec.constructor as new (length: number) => V)(vec.length);
  const source = bitsOf(vec);
  const target = bitsOf(result);
  const width = block * (vec.BYTES_PER_ELEMENT / source.BYTES_PER_ELEMENT);
  if (direction === "to-tfjs") gatherBlocks(target, source, fluxIndex, width);
  else scatterBlocks(target, source, fluxIndex, width);
  return result;
}

type Bits = Uint8Array | Uint16Array | Uint32Array;

/** `vec`'s bytes as unsigned integers of its element's width (two 32-bit words for a float64). */
function bitsOf(vec: FlatArrayVec): Bits {
  const { buffer, byteOffset, byteLength } = vec;
  switch (vec.BYTES_PER_ELEMENT) {
    case 1:
      return new Uint8Array(buffer, byteOffset, byteLength);
    case 2:
      return new Uint16Array(buffer, byteOffset, byteLength / 2);
    default:
      return new Uint32Array(buffer, byteOffset, byteLength / 4);
  }
}

/** Longer blocks than this are copied by `set`, whose call costs more than a short loop. */
const SHORT_BLOCK = 16;

/** `target`'s block `t` is `source`'s block `index[t]`, blocks of `width` words. */
function gatherBlocks(target: Bits, source: Bits, index: Int32Array, width: number): void {
  const count = index.length;
  if (width === 1) {
    for (let t = 0; t < count; t++) target[t] = source[index[t]!]!;
    return;
  }
  for (let t = 0; t < count; t++) {
    const from = index[t]! * width;
    const to = t * width;
    if (width > SHORT_BLOCK) target.set(source.subarray(from, from + width), to);
    else for (let k = 0; k < width; k++) target[to + k] = source[from + k]!;
  }
}

/** `target`'s block `index[t]` is `source`'s block `t`, blocks of `width` words. */
function scatterBlocks(target: Bits, source: Bits, index: Int32Array, width: number): void {
  const count = index.length;
  if (width === 1) {
    for (let t = 0; t < count; t++) target[index[t]!] = source[t]!;
    return;
  }
  for (let t = 0; t < count; t++) {
    const from = t * width;
    const to = index[t]! * width;
    if (width > SHORT_BLOCK) target.set(source.subarray(from, from + width), to);
    else for (let k = 0; k < width; k++) target[to + k] = source[from + k]!;
  }
}

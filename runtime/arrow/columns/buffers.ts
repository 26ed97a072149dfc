/**
 * Buffer helpers shared by the column encoders and decoders: validity bitmaps, offsets, and the
 * concatenation of typed arrays that avoids copying when the arrays are already contiguous.
 */
import { type Data, DataType } from "apache-arrow";
import { ColumnTooLargeError, MAX_COLUMN_OFFSET } from "../errors.js";
import { gatheredPlaceholder } from "../ipc/gathered-values.js";

export type NumericArray =
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** The constructor of a numeric typed array: a new array of `length`, or a view of a buffer. */
export interface NumericArrayConstructor<A extends NumericArray> {
  new (length: number): A;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): A;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * The arrays' elements, one after the other, in one array. When they already are: views of one
 * buffer, each starting where the previous ends (as the FlatArrays of a Weights value read from
 * a file are), the result is a view spanning them and nothing is copied.
 */
export function concatTyped<A extends NumericArray>(arrays: readonly A[], type: NumericArrayConstructor<A>): A {
  const first = arrays[0];
  if (first !== undefined && first instanceof type && contiguous(arrays)) {
    const length = arrays.reduce((sum, a) => sum + a.length, 0);
    return new type(first.buffer, first.byteOffset, length);
  }
  const out = new type(arrays.reduce((sum, a) => sum + a.length, 0));
  let at = 0;
  for (const array of arrays) {
    (out as Float64Array).set(array as unknown as Float64Array, at);
    at += array.length;
  }
  return out;
}

/**
 * The arrays' elements as one array for the file writer, without copying them: when they are
 * not contiguous already, a placeholder whose arrays the file writer writes one after the other
 * in its place (ipc/gathered-values.ts). The placeholder is empty: only a batch that goes
 * straight to the file writer (as the row encoder's do) may hold one, and its column's length
 * is the arrays' total, given apart. Moving a model's weights to a file so copies nothing;
 * arrays averaging under 64 KiB are joined instead (a copy costs less than a write call each).
 */
export function gatheredTyped<A extends NumericArray>(arrays: readonly A[], type: NumericArrayConstructor<A>): A {
  const first = arrays[0];
  if (arrays.length <= 1 || (first instanceof type && contiguous(arrays))) return concatTyped(arrays, type);
  if (!arrays.every((array) => array instanceof type)) return concatTyped(arrays, type);
  // Small arrays are cheaper to copy than to hand to the file one write each.
  const bytes = arrays.reduce((sum, a) => sum + a.byteLength, 0);
  if (bytes < MIN_GATHERED_PART_BYTES * arrays.length) return concatTyped(arrays, type);
  return gatheredPlaceholder(arrays, type);
}

/** The average size of the arrays below which {@link gatheredTyped} joins them rather than gathering them. */
const MIN_GATHERED_PART_BYTES = 64 * 1024;

function contiguous(arrays: readonly NumericArray[]): boolean {
  for (let k = 1; k < arrays.length; k++) {
    const previous = arrays[k - 1]!;
    const array = arrays[k]!;
    if (array.buffer !== previous.buffer || array.byteOffset !== previous.byteOffset + previous.byteLength)
      return false;
    if (array.constructor !== previous.constructor) return false;
  }
  return true;
}

/** A column's nulls as Arrow stores them: their count, and a bitmap of the present values (none when nothing is null). */
export interface Validity {
  readonly nullCount: number;
  readonly nullBitmap: Uint8Array | undefined;
}

/** Bytes of a bitmap of `length` bits, padded to 8 bytes as Arrow asks of every buffer. */
export function bitmapByteLength(length: number): number {
  return ((length + 63) >> 6) << 3;
}

/**
 * The validity bitmap of a column's values, `null` and `undefined` being missing. A column
 * without nulls gets no bitmap at all. A non-nullable column never gets one: its missing
 * values can only be placeholders under a missing parent, and Arrow.jl writes none there.
 */
export function validityOf(values: readonly unknown[], nullable: boolean): Validity {
  if (!nullable) return { nullCount: 0, nullBitmap: undefined };
  let nullCount = 0;
  for (const value of values) if (value === null || value === undefined) nullCount++;
  if (nullCount === 0) return { nullCount, nullBitmap: undefined };
  const nullBitmap = new Uint8Array(bitmapByteLength(values.length));
  values.forEach((value, i) => {
    if (value !== null && value !== undefined) nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullCount, nullBitmap };
}

/**
 * The nulls of `data`'s own validity bitmap. A union has none (apache-arrow's `nullCount` of one
 * sums its children's): its missing values are its children's, which its decoder reads.
 */
export function bitmapNullCount(data: Data): number {
  return DataType.isUnion(data.type) ? 0 : data.nullCount;
}

/** Whether value `i` of `data` is present: not null in its own validity bitmap. */
export function isPresent(data: Data, i: number): boolean {
  if (bitmapNullCount(data) === 0) return true;
  const bit = data.offset + i;
  return (data.nullBitmap[bit >> 3]! & (1 << (bit & 7))) !== 0;
}

/**
 * Offsets of a variable-width column as numbers, whether Arrow stores them as Int32 or Int64; of a
 * FixedSizeList, the multiples of its size (apache-arrow slices its child with it, so from 0).
 */
export function numberOffsets(data: Data): ArrayLike<number> {
  if (DataType.isFixedSizeList(data.type)) {
    const size = data.type.listSize;
    return Float64Array.from({ length: data.length + 1 }, (_, i) => i * size);
  }
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  return offsets instanceof BigInt64Array ? Float64Array.from(offsets, Number) : offsets;
}

/** Where a column sits in a record batch, for errors about its size and its values. */
export interface ColumnPlace {
  /** The column's path, e.g. `text`, `point.note`, `names[]`. */
  readonly path: string;
  /** Rows in the batch. */
  readonly rows: number;
  /**
   * Where the column's value `index` sits, for a column below a list, map or ntuple (its values
   * are the elements of all rows, one after another): the row holding it and its path with the
   * elements' indexes (`many[1].z`). Absent where value `index` is row `index`.
   */
  readonly locate?: (index: number) => ValuePlace;
}

/** A value's place in a table: its row, and its path there with element indexes (`many[1].z`). */
export interface ValuePlace {
  readonly row: number;
  readonly path: string;
}

/**
 * Where value `index` of the column at `place` is, as errors name it: `row 3`, or `row 0, many[1].z`
 * below a list; `part` a place inside the value (`[1]`, `.a[0]`), named by the row and its whole
 * path there (`row 3, z[1]`, `row 0, many[1].z.a[0]`), never by the row alone (`row 3[1]`).
 */
export function valueAt(place: ColumnPlace, index: number, part = ""): string {
  if (place.locate === undefined) return part === "" ? `row ${index}` : `row ${index}, ${place.path}${part}`;
  const { row, path } = place.locate(index);
  return `row ${row}, ${path}${part}`;
}

/** The place of a member (`.z`, `.1`) of the values at `place`: its values are in theirs' positions. */
export function memberPlace(place: ColumnPlace, member: string): ColumnPlace {
  const { locate } = place;
  return {
    path: `${place.path}${member}`,
    rows: place.rows,
    ...(locate && {
      locate: (index: number) => {
        const outer = locate(index);
        return { row: outer.row, path: `${outer.path}${member}` };
      },
    }),
  };
}

/**
 * The place of the elements of the values at `place` (`suffix`: `[]`, a map's `.value`): value
 * `i` holds elements `offsets[i]` to `offsets[i + 1]` (a number: each holds that many, an
 * ntuple's), element `k` of a value named by `step(k)` (`[1]`, `[1].value`).
 */
export function elementsPlace(
  place: ColumnPlace,
  offsets: ArrayLike<number> | number,
  suffix = "[]",
  step = (k: number) => `[${k}]`,
): ColumnPlace {
  const locate = (index: number): ValuePlace => {
    // The value holding element `index`: the last whose elements start at or before it (a search,
    // as inferred-types.ts names every value it types).
    let i: number;
    let start: number;
    if (typeof offsets === "number") {
      i = Math.floor(index / offsets);
      start = i * offsets;
    } else {
      let [low, high] = [0, offsets.length - 2];
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (offsets[middle]! <= index) low = middle;
        else high = middle - 1;
      }
      i = low;
      start = offsets[i]!;
    }
    const outer = place.locate?.(i) ?? { row: i, path: place.path };
    return { row: outer.row, path: `${outer.path}${step(index - start)}` };
  };
  return { path: `${place.path}${suffix}`, rows: place.rows, locate };
}

/**
 * Offsets of values of these lengths (list elements, or bytes): `[0, l0, l0 + l1, ...]`. More
 * than 32-bit offsets can address is a `ColumnTooLargeError` about `place` ({@link assertOffsetsFit}),
 * whose values' sizes are `sizes()`: the lengths, unless a row's value spans several of them.
 */
export function offsetsOf(
  lengths: readonly number[],
  place: ColumnPlace,
  unit: "bytes" | "elements" = "elements",
  sizes: () => readonly number[] = () => lengths,
): Int32Array {
  const offsets = new Int32Array(lengths.length + 1);
  // Summed as a double, which holds any total exactly; a total past the limit is refused below.
  let end = 0;
  for (let i = 0; i < lengths.length; i++) {
    end += lengths[i]!;
    offsets[i + 1] = end;
  }
  assertOffsetsFit(end, place, unit, sizes);
  return offsets;
}

/**
 * Refuses a column whose values total more units than Arrow's 32-bit offsets address: the
 * `ColumnTooLargeError` about `place`, its values' sizes given by `sizes()` (asked only then).
 */
export function assertOffsetsFit(
  total: number,
  place: ColumnPlace,
  unit: "bytes" | "elements",
  sizes: () => readonly number[],
): void {
  if (total <= MAX_COLUMN_OFFSET) return;
  let largest = 0;
  for (const size of sizes()) if (size > largest) largest = size;
  throw new ColumnTooLargeError(place.path, unit, total, place.rows, largest);
}

/**
 * The text of a batch is UTF-8. Arrow's Utf8, LargeUtf8 and Utf8View hold UTF-8 by the format's
 * rule (Arrow C++'s `ValidateFull` and Polars refuse anything else), but Julia's `String` holds any
 * bytes and Arrow.jl writes them as they are. Decoded, each invalid sequence would become U+FFFD:
 * a value silently altered, and two distinct elements of a `set<string>` (or keys of a map) made
 * one, so that a value is lost. Such a table is refused, at any depth (struct children, list and
 * map elements, dictionaries, union members), before any row is given.
 *
 * Fast: one range check per text `Data` over the bytes its values span (`node:buffer`'s
 * `isAscii`, then `isUtf8`, columns/node-utf8.ts). Valid UTF-8 over the range, with no value
 * starting on a continuation byte (0x80-0xBF), means every value is valid: each value then starts
 * and ends on a sequence boundary. Otherwise each present value is judged alone (bytes under a
 * null are no value, as Arrow C++ does not judge them), and the first invalid one is named.
 */
import { DataType, Type, type Data, type Dictionary, type Field, type Struct } from "apache-arrow";
import { dictionaryChunks, type DictionaryChain } from "../columns/dictionary-chunks.js";
import { firstInvalidUtf8, utf8RangeCheck } from "../columns/utf8.js";

/** Where a value of a `Data` stands, as an error names it ("row 3, element 1"), or `null` when no row holds it. */
type Locate = (index: number) => string | null;

/** Says what is wrong at `where` (`, column "tags", row 0, element 1`) and throws. */
export type TextFailure = (where: string, problem: string) => never;

/** Throws through `fail` when a text value of `column` (a batch's column `name`, checked by data-bounds.ts) is not UTF-8. */
export function checkColumnText(column: Data, name: string, fail: TextFailure): void {
  checkText(column, name, (index) => `row ${index}`, fail);
}

function checkText(data: Data, path: string, locate: Locate, fail: TextFailure): void {
  const { type, length } = data;
  if (length === 0) return;
  switch (type.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
      return checkOffsetText(data, path, locate, fail);
    case Type.Utf8View:
      return checkViewText(data, path, locate, fail);
    case Type.List:
    case Type.LargeList:
    case Type.Map: {
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      // apache-arrow slices a list's offsets but not its child, and writes of a slice only the
      // elements its lists hold: those are judged, as are those of a list read from a file.
      const first = Number(offsets[0]);
      const child = data.children[0]!.slice(first, Number(offsets[length]) - first);
      return checkText(child, path, (j) => listElement(offsets, length, first + j, locate), fail);
    }
    case Type.FixedSizeList: {
      const stride = data.stride;
      // apache-arrow slices a fixed-size list's child with it.
      return checkText(data.children[0]!, path, (j) => element(locate(Math.floor(j / stride)), j % stride), fail);
    }
    case Type.Struct: {
      const fields = (type as Struct).children;
      // apache-arrow slices a struct's children with it: child value j is the struct's value j.
      data.children.forEach((child, k) => checkText(child, `${path}.${fields[k]?.name ?? k}`, locate, fail));
      return;
    }
    case Type.Union:
      return checkUnionText(data, path, locate, fail);
    case Type.Dictionary:
      return checkDictionaryText(data, path, locate, fail);
    default:
      return;
  }
}

function element(parent: string | null, index: number): string | null {
  return parent === null ? null : `${parent}, element ${index}`;
}

/** The place of a list's child value `j`: the list whose offsets hold it, and its index there. */
function listElement(offsets: ArrayLike<number | bigint>, length: number, j: number, locate: Locate): string | null {
  for (let i = 0; i < length; i++) {
    const start = Number(offsets[i]);
    if (start <= j && j < Number(offsets[i + 1])) return element(locate(i), j - start);
  }
  return null;
}

function checkUnionText(data: Data, path: string, locate: Locate, fail: TextFailure): void {
  const type = data.type as DataType & { typeIdToChildIndex: Record<number, number>; children: Field[] };
  const dense = DataType.isDenseUnion(type);
  const { typeIds, length } = data;
  data.children.forEach((child, k) => {
    const owner = (j: number): string | null => {
      if (!dense) return locate(j);
      for (let i = 0; i < length; i++)
        if (type.typeIdToChildIndex[typeIds[i]!] === k && (data.valueOffsets as Int32Array)[i] === j) return locate(i);
      return null;
    };
    checkText(child, path, owner, fail);
  });
}

/** Text dictionary chunks judged sound: chunks do not change once read, and batches share them. */
const checkedChunks = new WeakMap<DictionaryChain, number>();

function checkDictionaryText(data: Data, path: string, locate: Locate, fail: TextFailure): void {
  if (!holdsText((data.type as Dictionary).dictionary)) return;
  const { chain, count } = dictionaryChunks(data.dictionary)!;
  const indices = data.values as ArrayLike<number | bigint>;
  for (let k = checkedChunks.get(chain) ?? 0; k < count; k++) {
    const first = chain.starts[k]!;
    // A dictionary value's place: the first row of this batch that picks it.
    const owner = (j: number): string | null => {
      for (let i = 0; i < data.length; i++) if (data.getValid(i) && Number(indices[i]) === first + j) return locate(i);
      return null;
    };
    checkText(chain.chunks[k]!, path, owner, fail);
    checkedChunks.set(chain, k + 1);
  }
}

/** Whether values of `type` may hold text (a dictionary's values are checked only then). */
function holdsText(type: DataType): boolean {
  switch (type.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return true;
    case Type.Dictionary:
      return holdsText((type as Dictionary).dictionary);
    default:
      return (type.children ?? []).some((child: Field) => holdsText(child.type));
  }
}

/** Utf8 and LargeUtf8: the range the values span at once, then, if it fails, each value. */
function checkOffsetText(data: Data, path: string, locate: Locate, fail: TextFailure): void {
  const { length } = data;
  const values = data.values as Uint8Array;
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  // apache-arrow slices the offsets with the data (not the values): offsets[0..length] are this data's.
  const start = Number(offsets[0]);
  const end = Number(offsets[length]);
  if (start === end) return;
  const { isAscii, isUtf8 } = utf8RangeCheck;
  if (isAscii(values, start, end)) return;
  if (isUtf8(values, start, end) && startsOnSequences(values, offsets, length, end)) return;
  for (let i = 0; i < length; i++) {
    if (!data.getValid(i)) continue;
    const from = Number(offsets[i]);
    const bad = firstInvalidUtf8(values, from, Number(offsets[i + 1]));
    if (bad !== -1) refuse(values.subarray(from, Number(offsets[i + 1])), bad - from, path, locate(i), fail);
  }
}

/** Whether no value of `offsets` starts on a continuation byte (0x80-0xBF) inside the range ending at `end`. */
function startsOnSequences(
  values: Uint8Array,
  offsets: Int32Array | BigInt64Array,
  length: number,
  end: number,
): boolean {
  if (offsets instanceof BigInt64Array) {
    for (let i = 1; i < length; i++) {
      const at = Number(offsets[i]!);
      if (at < end && (values[at]! & 0xc0) === 0x80) return false;
    }
    return true;
  }
  for (let i = 1; i < length; i++) {
    const at = offsets[i]!;
    if (at < end && (values[at]! & 0xc0) === 0x80) return false;
  }
  return true;
}

/** Utf8View: each present value alone (short ones sit inside their views, long ones anywhere in their buffers). */
function checkViewText(data: Data, path: string, locate: Locate, fail: TextFailure): void {
  const views = data.values as Uint8Array;
  const view = new DataView(views.buffer, views.byteOffset, views.byteLength);
  const buffers = (data as Data & { variadicBuffers?: Uint8Array[] }).variadicBuffers ?? [];
  for (let i = 0; i < data.length; i++) {
    const at = i * 16; // apache-arrow slices the views with their data
    const length = view.getInt32(at, true);
    const bytes =
      length <= 12
        ? views.subarray(at + 4, at + 4 + length)
        : buffers[view.getInt32(at + 8, true)]!.subarray(
            view.getInt32(at + 12, true),
            view.getInt32(at + 12, true) + length,
          );
    const bad = firstInvalidUtf8(bytes, 0, bytes.length);
    if (bad !== -1 && data.getValid(i)) refuse(bytes, bad, path, locate(i), fail);
  }
}

function refuse(bytes: Uint8Array, bad: number, path: string, place: string | null, fail: TextFailure): never {
  const hex = bytes[bad]!.toString(16).padStart(2, "0");
  return fail(
    `, column ${JSON.stringify(path)}, ${place ?? "a value no row holds"}`,
    `its bytes are not UTF-8 (${hex} at byte ${bad}), as Arrow's Utf8 must be: ` +
      "Julia's String may hold any bytes, but Arrow's text and JavaScript's strings hold only UTF-8; " +
      "read the other columns with { columns: [...] }, or make the strings valid where they are written (in Julia, isvalid(s) tells)",
  );
}

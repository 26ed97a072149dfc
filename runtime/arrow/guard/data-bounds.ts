/**
 * Structural checks of decoded Arrow data, before any value is read. apache-arrow takes the
 * lengths, null counts and offsets of a file's metadata at their word: a file that lies about
 * them (corruption, truncation inside the body, or malice) gives `Data` whose buffers are
 * shorter than its length says, or whose offsets point past the end of their values. The
 * decoders (columns/decode.ts, columns/weights.ts) index buffers with those numbers and size arrays by
 * them, so a lie would read garbage, loop for billions of rows, or allocate without bound.
 *
 * Here every `Data` of a batch is checked against its own buffers, recursively: the work is
 * linear in the file's size (one pass over the offsets), and after it every length and offset a
 * decoder uses is backed by bytes that exist, so memory stays proportional to the file.
 */
import { DataType, Type, type Data, type RecordBatch } from "apache-arrow";
import { CorruptTableError } from "../errors.js";
import { dictionaryChunks, type DictionaryChain } from "../columns/dictionary-chunks.js";
import { checkColumnText } from "./utf8-text.js";

/**
 * Rows a batch may declare when no column holds any buffer to back them (every column of the
 * Null type, or none at all): reading them costs memory that no byte of the file accounts for.
 */
export const MAX_UNBACKED_ROWS = 1 << 20;

/**
 * Throws `CorruptTableError` when a batch's data contradicts its own buffers, or (with `text`,
 * the default) when a text value is not UTF-8 (guard/utf8-text.ts). A read of some columns checks
 * the structure of all first, and then the text of those it reads only ({@link checkBatchText}).
 */
export function checkBatchData(batch: RecordBatch, batchIndex: number, source?: string, text = true): void {
  for (const _ of batchDataSteps(batch, batchIndex, source, text));
}

/**
 * {@link checkBatchData} column by column: a step before each column's checks yields its index,
 * so that a read can wait for that column's bytes (pipelined-read.ts), in `order` (a permutation
 * of the column indexes; default, theirs); the batch's row count is checked before the first,
 * and that some column holds data after the last.
 */
export function* batchDataSteps(
  batch: RecordBatch,
  batchIndex: number,
  source?: string,
  text = true,
  order?: readonly number[],
): Generator<number, void> {
  const fail = batchFailure(batchIndex, source);
  const rows = batch.data.length;
  if (!Number.isSafeInteger(rows) || rows < 0) fail("", `its row count ${rows} is not a length`);
  // No value of an empty batch is read, and its columns need not be data: apache-arrow's
  // `new Table({ x: emptyVector })` makes one whose children are the Vectors themselves.
  if (rows === 0) return;
  let backed = false;
  const { children } = batch.data;
  for (let j = 0; j < children.length; j++) {
    const k = order === undefined ? j : order[j]!;
    yield k;
    const column = children[k]!;
    const name = columnName(batch, k);
    const where = `, column ${JSON.stringify(name)}`;
    checkData(column, (problem) => fail(where, problem));
    if (column.length < rows) fail(where, `it holds ${column.length} values for ${rows} rows`);
    if (text) checkColumnText(column, name, fail);
    if (!DataType.isNull(column.type)) backed = true;
  }
  if (!backed && rows > MAX_UNBACKED_ROWS) {
    fail(
      "",
      `it declares ${rows} rows but no column holds any data (more than ${MAX_UNBACKED_ROWS} such rows are refused)`,
    );
  }
}

/** The text half of {@link checkBatchData}, for a batch whose structure it has checked. */
export function checkBatchText(batch: RecordBatch, batchIndex: number, source?: string): void {
  if (batch.data.length === 0) return;
  const fail = batchFailure(batchIndex, source);
  batch.data.children.forEach((column, k) => checkColumnText(column, columnName(batch, k), fail));
}

/** Throws the `CorruptTableError` of batch `batchIndex`: `where` in it (`, column "x"`), `problem` there. */
function batchFailure(batchIndex: number, source: string | undefined): (where: string, problem: string) => never {
  return (where, problem) => {
    throw new CorruptTableError(`record batch ${batchIndex}${where}: ${problem}`, source);
  };
}

/** The name a batch's schema gives column `k`, or its index where the schema has no field for it. */
function columnName(batch: RecordBatch, k: number): string {
  return batch.schema.fields[k]?.name ?? String(k);
}

function checkData(data: Data, fail: (problem: string) => never): void {
  const { length, offset, type } = data;
  if (!Number.isSafeInteger(length) || length < 0) fail(`length ${length} is not a length`);
  if (!Number.isSafeInteger(offset) || offset < 0) fail(`offset ${offset} is not an offset`);
  const end = offset + length;
  if (type.typeId === Type.Null || end === 0) return;
  // A dictionary-encoded column's type answers its values' children; its own data holds indices only.
  const expectedChildren = DataType.isDictionary(type) ? 0 : (type.children?.length ?? 0);
  if (data.children.length < expectedChildren)
    fail(`it has ${data.children.length} child arrays where its type has ${expectedChildren}`);

  const nullCount = (data as unknown as { _nullCount?: number })._nullCount ?? 0;
  if (nullCount > length) fail(`it says ${nullCount} of its ${length} values are null`);
  const bitmapBits = (data.nullBitmap?.length ?? 0) * 8;
  // -1: apache-arrow counts the nulls later from the bitmap (it does so for view types); without one there are none.
  const mayHaveNulls = nullCount > 0 || (nullCount === -1 && bitmapBits > 0);
  if (mayHaveNulls && bitmapBits < end) fail(`its validity bitmap covers ${bitmapBits} of ${end} values`);

  // apache-arrow's `slice` keeps the offset and the validity bitmap, and cuts every other buffer
  // but a Bool's bits to start at the slice: a buffer is indexed from its data's first value.
  switch (type.typeId) {
    case Type.Bool:
      return checkFixed(data.values, Math.ceil(end / 8), "bytes of bits", fail);
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.Duration:
    case Type.Interval:
    case Type.Decimal:
    case Type.FixedSizeBinary:
      return checkFixed(data.values, length * data.stride, "values", fail);
    case Type.Utf8:
    case Type.Binary:
    case Type.LargeUtf8:
    case Type.LargeBinary:
      return checkOffsets(data, data.values?.length ?? 0, "bytes", fail);
    case Type.List:
    case Type.LargeList:
    case Type.Map: {
      const child = data.children[0];
      if (child === undefined) fail("a list without its child data");
      checkData(child!, fail);
      return checkOffsets(data, child!.length, "child values", fail);
    }
    case Type.FixedSizeList: {
      const child = data.children[0];
      if (child === undefined) fail("a list without its child data");
      checkData(child!, fail);
      if (child!.length < length * data.stride)
        fail(`its child holds ${child!.length} values, fewer than ${length} lists of ${data.stride}`);
      return;
    }
    case Type.Struct:
      for (const child of data.children) {
        checkData(child, fail);
        if (child.length < length) fail(`a struct child holds ${child.length} values for ${length} rows`);
      }
      return;
    case Type.Dictionary:
      return checkDictionary(data, mayHaveNulls, fail);
    case Type.Utf8View:
    case Type.BinaryView:
      return checkViews(data, fail);
    case Type.Union:
      return checkUnion(data, fail);
    default:
      // Types no Legolas field is stored as: the column check refuses them where a declared
      // field sits, and nothing here decodes them.
      return;
  }
}

/**
 * A union (`union<A, B>`, Arrow.jl's DenseUnion; or sparse): every type id names a child, and
 * every value lies inside its child (a dense union's offset; a sparse union's own index).
 */
function checkUnion(data: Data, fail: (problem: string) => never): void {
  // apache-arrow slices a union's type ids and offsets with it, and a sparse union's children.
  const type = data.type as DataType & { typeIdToChildIndex: Record<number, number> };
  const dense = DataType.isDenseUnion(type);
  const { typeIds, length } = data;
  checkFixed(typeIds, length, "type ids", fail);
  if (dense) checkFixed(data.valueOffsets, length, "offsets", fail);
  for (const child of data.children) checkData(child, fail);
  for (let i = 0; i < length; i++) {
    const child = data.children[type.typeIdToChildIndex[typeIds[i]!]!];
    if (child === undefined) fail(`value ${i} has type id ${typeIds[i]}, which names no child`);
    const at = dense ? (data.valueOffsets as Int32Array)[i]! : i;
    if (!(at >= 0 && at < child!.length)) fail(`value ${i} lies outside its child (at ${at} of ${child!.length})`);
  }
}

/**
 * Dictionary-encoded data: its indices, its dictionary's chunks, and every index of a valid slot
 * inside the dictionary. Record batches share a dictionary's chunks (a delta adds one): each
 * chunk is checked once, whatever the number of batches that use it.
 */
function checkDictionary(data: Data, mayHaveNulls: boolean, fail: (problem: string) => never): void {
  const { offset, length } = data;
  checkFixed(data.values, length, "indices", fail);
  const dictionary = dictionaryChunks(data.dictionary);
  if (dictionary === null || dictionary.count === 0) fail("a dictionary-encoded column without its dictionary");
  const { chain, count, length: size } = dictionary!;
  for (let k = checkedChunks.get(chain) ?? 0; k < count; k++) {
    checkData(chain.chunks[k]!, fail);
    checkedChunks.set(chain, k + 1);
  }
  const indices = data.values as ArrayLike<number | bigint>;
  const bitmap = data.nullBitmap;
  for (let i = 0; i < length; i++) {
    // A null slot's index may be anything (the format leaves it undefined).
    const bit = offset + i;
    if (mayHaveNulls && (bitmap[bit >> 3]! & (1 << (bit & 7))) === 0) continue;
    const index = Number(indices[i]);
    if (!(index >= 0 && index < size)) fail(`index ${index} at ${i} lies outside its dictionary of ${size} values`);
  }
}

/** How many of a dictionary chain's first chunks are known sound: chunks do not change once read. */
const checkedChunks = new WeakMap<DictionaryChain, number>();

/** View data (Utf8View, BinaryView): 16 bytes a value; a long value's buffer index and range inside its buffers. */
function checkViews(data: Data, fail: (problem: string) => never): void {
  const views = data.values as Uint8Array | undefined;
  checkFixed(views, data.length * 16, "bytes of views", fail);
  const view = new DataView(views!.buffer, views!.byteOffset, views!.byteLength);
  const buffers = (data as Data & { variadicBuffers?: Uint8Array[] }).variadicBuffers ?? [];
  for (let at = 0; at < data.length * 16; at += 16) {
    const length = view.getInt32(at, true);
    if (length < 0) fail(`a view of length ${length}`);
    if (length <= 12) continue;
    const buffer = buffers[view.getInt32(at + 8, true)];
    const start = view.getInt32(at + 12, true);
    if (buffer === undefined) fail(`a view refers to data buffer ${view.getInt32(at + 8, true)} of ${buffers.length}`);
    if (start < 0 || start + length > buffer!.length)
      fail(`a view of ${length} bytes at ${start} runs past its data buffer of ${buffer!.length}`);
  }
}

function checkFixed(
  values: ArrayLike<unknown> | undefined,
  needed: number,
  what: string,
  fail: (problem: string) => never,
): void {
  const available = values?.length ?? 0;
  if (available < needed) fail(`it needs ${needed} ${what} but its buffer holds ${available}`);
}

/** Offsets of a variable-width column: enough of them, non-decreasing, within `size`. */
function checkOffsets(data: Data, size: number, what: string, fail: (problem: string) => never): void {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array | undefined;
  const last = data.length;
  if (offsets === undefined || offsets.length < last + 1) {
    fail(`it needs ${last + 1} offsets but its buffer holds ${offsets?.length ?? 0}`);
  }
  const previous = Number(offsets![0]);
  if (previous < 0) fail(`offset ${previous} is negative`);
  const decreaseAt =
    offsets instanceof BigInt64Array ? firstLargeDecrease(offsets, last) : firstDecrease(offsets!, last);
  if (decreaseAt !== -1)
    fail(`its offsets decrease (${offsets![decreaseAt - 1]} then ${offsets![decreaseAt]} at ${decreaseAt})`);
  const reach = Number(offsets![last]);
  if (reach > size) fail(`its offsets reach ${reach} but it holds ${size} ${what}`);
}

/**
 * The first index in `(0, last]` whose offset is below the one before, or -1. Two loops, one
 * per element kind, so that V8 compiles each for one: this one, over `Int32Array`s (every Utf8,
 * Binary and List column), checks a million offsets in ~1 ms, where one loop converting both
 * kinds with `Number` took ~9.5 ms and one loop seeing both kinds ~4 ms (measured); holding the
 * previous offset in a variable rather than loading it again saves a fifth more.
 */
function firstDecrease(offsets: Int32Array, last: number): number {
  let previous = offsets[0]!;
  for (let i = 1; i <= last; i++) {
    const offset = offsets[i]!;
    if (offset < previous) return i;
    previous = offset;
  }
  return -1;
}

/** {@link firstDecrease} for the 64-bit offsets of the Large types. */
function firstLargeDecrease(offsets: BigInt64Array, last: number): number {
  let previous = offsets[0]!;
  for (let i = 1; i <= last; i++) {
    const offset = offsets[i]!;
    if (offset < previous) return i;
    previous = offset;
  }
  return -1;
}

/**
 * Bounds of compressed record-batch bodies, checked before apache-arrow decompresses anything.
 * A compressed buffer starts with an 8-byte length prefix, the size of its decompressed bytes
 * (Message.fbs `BodyCompression`), and the decoder allocates that much: a file of a few bytes
 * could otherwise ask for gigabytes. Each prefix is checked against what the batch declares:
 *
 * - buffers whose size follows from a row count (validity bitmaps, offsets, fixed-width values,
 *   dictionary indices, string views) may declare at most what their field node's length needs,
 *   rounded up to 64 bytes (writers pad buffers);
 * - buffers of variable-length bytes (string and binary data) have no such bound, nor have
 *   entries of the batch's buffer vector past those its layout names (apache-arrow decompresses
 *   every entry, used or not), so every decompressed byte of a read counts against one budget: the larger of 64 MiB and 1024 times
 *   the file's size. Real data (weights, strings) compresses 1.1-20 times; a file that needs
 *   more is refused as a decompression bomb.
 *
 * The walk knows which buffers belong to which field from the schema (the Arrow columnar
 * format's buffer layout per type), and reads only the 8-byte prefixes of the body.
 */
import { codecName } from "../ipc/codecs.js";
import { UnsupportedCompressionError } from "../errors.js";
import type { FlatBuffer, Walk } from "./flatbuffer.js";

/** What one buffer of a field holds: its bound from the node's value count `n`, or `null` for the budget only. */
type BufferBound = (n: number) => number | null;

interface FieldLayout {
  readonly buffers: readonly BufferBound[];
  readonly children: readonly FieldLayout[];
  /** A view type (Utf8View, BinaryView): variadic data buffers follow, counted by the batch. */
  readonly variadic: boolean;
}

/** The buffer layout of a schema's fields, and of each dictionary's values by dictionary id. */
export interface SchemaLayout {
  readonly fields: readonly FieldLayout[];
  readonly dictionaries: ReadonlyMap<number, FieldLayout>;
}

/** Decompressed bytes a whole read may still allocate. */
export interface DecompressionBudget {
  remaining: number;
}

const MIN_BUDGET = 64 * 1024 * 1024;
const MAX_RATIO = 1024;

/**
 * The decompressed bytes a file of `fileSize` bytes may declare in all: the larger of 64 MiB and
 * 1024 times its size. The reader refuses a file over it; our writer keeps every file it writes
 * under it (ipc/file-writer.ts stores a buffer uncompressed where compressing it would not be).
 */
export function decompressionLimit(fileSize: number): number {
  return Math.max(MIN_BUDGET, MAX_RATIO * fileSize);
}

export function decompressionBudget(fileSize: number): DecompressionBudget {
  return { remaining: decompressionLimit(fileSize) };
}

const validity: BufferBound = (n) => Math.ceil(n / 8);
const fixed =
  (bytes: number): BufferBound =>
  (n) =>
    n * bytes;
const offsets =
  (bytes: number): BufferBound =>
  (n) =>
    (n + 1) * bytes;
const variable: BufferBound = () => null;

/** Type union members of Schema.fbs. */
export enum TypeId {
  Null = 1,
  Int,
  FloatingPoint,
  Binary,
  Utf8,
  Bool,
  Decimal,
  Date,
  Time,
  Timestamp,
  Interval,
  List,
  Struct,
  Union,
  FixedSizeBinary,
  FixedSizeList,
  Map,
  Duration,
  LargeBinary,
  LargeUtf8,
  LargeList,
  RunEndEncoded,
  BinaryView,
  Utf8View,
  ListView,
  LargeListView,
}

/** The types whose child fields are part of their layout, as apache-arrow decodes a schema. */
const NESTED: ReadonlySet<number> = new Set([
  TypeId.List,
  TypeId.LargeList,
  TypeId.Struct,
  TypeId.Union,
  TypeId.FixedSizeList,
  TypeId.Map,
]);

export function schemaLayout(fb: FlatBuffer, schema: number): SchemaLayout {
  const dictionaries = new Map<number, FieldLayout>();
  const fields: FieldLayout[] = [];
  fb.tables(schema, 1, (field) => fields.push(fieldLayout(fb, field, dictionaries, true)));
  return { fields, dictionaries };
}

/** A scalar of a table, or `otherwise` when it is absent. */
function scalar(
  fb: FlatBuffer,
  table: number,
  slot: number,
  read: "u8" | "i16" | "i32" | "i64",
  otherwise: number,
): number {
  const at = table === 0 ? 0 : fb.field(table, slot);
  return at === 0 ? otherwise : fb[read](at);
}

function fieldLayout(
  fb: FlatBuffer,
  field: number,
  dictionaries: Map<number, FieldLayout>,
  encoded: boolean,
): FieldLayout {
  const dictionaryAt = encoded ? fb.field(field, 4) : 0;
  if (dictionaryAt !== 0) {
    // A dictionary-encoded field: the batch holds its indices; its values come in dictionary batches.
    const dictionary = fb.table(dictionaryAt);
    const indexTypeAt = fb.field(dictionary, 1);
    const indexBits = indexTypeAt === 0 ? 32 : scalar(fb, fb.table(indexTypeAt), 0, "i32", 32);
    dictionaries.set(scalar(fb, dictionary, 0, "i64", 0), fieldLayout(fb, field, dictionaries, false));
    return { buffers: [validity, fixed(indexBits / 8)], children: [], variadic: false };
  }
  const typeAt = fb.field(field, 3);
  const type = typeAt === 0 ? 0 : fb.table(typeAt);
  const typeId = scalar(fb, field, 2, "u8", 0);
  const children: FieldLayout[] = [];
  // apache-arrow reads the child fields of these types only (a damaged schema may give others
  // some): counting the children it ignores would put every later column at another field node.
  if (NESTED.has(typeId)) fb.tables(field, 5, (child) => children.push(fieldLayout(fb, child, dictionaries, true)));
  const layout = (buffers: BufferBound[], variadic = false): FieldLayout => ({ buffers, children, variadic });
  switch (typeId) {
    case TypeId.Null:
    case TypeId.RunEndEncoded:
      return layout([]);
    case TypeId.Bool:
      return layout([validity, validity]);
    case TypeId.Int:
      return layout([validity, fixed(scalar(fb, type, 0, "i32", 32) / 8)]);
    case TypeId.FloatingPoint:
      return layout([validity, fixed(2 << scalar(fb, type, 0, "i16", 0))]);
    case TypeId.Decimal:
      return layout([validity, fixed(scalar(fb, type, 2, "i32", 128) / 8)]);
    case TypeId.Date:
      return layout([validity, fixed(scalar(fb, type, 0, "i16", 1) === 0 ? 4 : 8)]);
    case TypeId.Time:
      return layout([validity, fixed(scalar(fb, type, 1, "i32", 32) / 8)]);
    case TypeId.Timestamp:
    case TypeId.Duration:
      return layout([validity, fixed(8)]);
    case TypeId.Interval:
      return layout([validity, fixed([4, 8, 16][scalar(fb, type, 0, "i16", 0)] ?? 16)]);
    case TypeId.FixedSizeBinary:
      return layout([validity, fixed(scalar(fb, type, 0, "i32", 0))]);
    case TypeId.Binary:
    case TypeId.Utf8:
      return layout([validity, offsets(4), variable]);
    case TypeId.LargeBinary:
    case TypeId.LargeUtf8:
      return layout([validity, offsets(8), variable]);
    case TypeId.List:
    case TypeId.Map:
      return layout([validity, offsets(4)]);
    case TypeId.LargeList:
      return layout([validity, offsets(8)]);
    case TypeId.ListView:
      return layout([validity, fixed(4), fixed(4)]);
    case TypeId.LargeListView:
      return layout([validity, fixed(8), fixed(8)]);
    case TypeId.Struct:
    case TypeId.FixedSizeList:
      return layout([validity]);
    case TypeId.Union:
      return layout(scalar(fb, type, 0, "i16", 0) === 1 ? [fixed(1), fixed(4)] : [fixed(1)]);
    case TypeId.BinaryView:
    case TypeId.Utf8View:
      return layout([validity, fixed(16)], true);
    default:
      // A type this walk does not know: apache-arrow refuses it; bound its buffers by the budget.
      return layout([]);
  }
}

/**
 * Checks the length prefixes of a compressed batch's buffers (a RecordBatch table of `fb`, whose
 * body starts at `bodyStart` in the file). Uncompressed batches pass at once. `fields`: the
 * layouts of the batch's columns (a dictionary batch: the dictionary's values). `counted`, when
 * given, the indexes of the columns that will be decompressed: only their buffers are read and
 * counted (a projected read, arrow/ipc/batch-loader.ts, decompresses no other). The entries past
 * the layout are counted on every read: a file whose projected read fits the budget while its
 * whole read does not would be valid to one reader and a bomb to another. Returns the batch's codec (Message.fbs `CompressionType`), `null` when it is
 * not compressed.
 */
export function* checkCompressedBody(
  fb: FlatBuffer,
  batch: number,
  fields: readonly FieldLayout[],
  bodyStart: number,
  budget: DecompressionBudget,
  fail: (problem: string) => never,
  source?: string,
  counted?: ReadonlySet<number>,
): Walk<number | null> {
  const compressionAt = fb.field(batch, 3);
  if (compressionAt === 0) return null;
  const compression = fb.table(compressionAt);
  const codec = scalar(fb, compression, 0, "u8", 0);
  const method = scalar(fb, compression, 1, "u8", 0);
  if (codec > 1) throw new UnsupportedCompressionError(codecName(codec), source);
  if (method !== 0)
    throw new UnsupportedCompressionError(
      `${codecName(codec)} with compression method ${method} (only BUFFER exists)`,
      source,
    );

  const nodes = fb.vector(batch, 1, 16);
  const buffers = fb.vector(batch, 2, 16);
  const variadicCounts = fb.vector(batch, 4, 8);
  let node = 0;
  let buffer = 0;
  let view = 0;
  // Entries may share a frame (each still counts): its prefix is read once.
  const declaredAt = new Map<number, number>();

  function* checkBuffer(bound: BufferBound, values: number, read: boolean): Walk {
    if (buffer >= buffers.length) fail(`a compressed batch has fewer buffers than its schema needs`);
    const offset = fb.i64(buffers.start + 16 * buffer);
    const length = fb.i64(buffers.start + 16 * buffer + 8);
    buffer++;
    if (length === 0 || !read) return;
    if (length < 8) fail(`a compressed buffer of ${length} bytes cannot hold its 8-byte length prefix`);
    let declared = declaredAt.get(offset);
    if (declared === undefined) {
      const prefix = yield { at: bodyStart + offset, length: 8 };
      declared = Number(new DataView(prefix.buffer, prefix.byteOffset, 8).getBigInt64(0, true));
      declaredAt.set(offset, declared);
    }
    if (declared === -1) return; // stored uncompressed
    if (declared < 0) fail(`a compressed buffer declares ${declared} decompressed bytes`);
    const limit = bound(values);
    if (limit !== null && declared > Math.ceil(limit / 64) * 64) {
      fail(
        `a compressed buffer declares ${declared} decompressed bytes where its ${values} values need at most ${limit}`,
      );
    }
    budget.remaining -= declared;
    if (budget.remaining < 0) {
      fail(
        `its compressed buffers declare more decompressed bytes than a file of its size may (the larger of 64 MiB and ${MAX_RATIO} times its size): a decompression bomb?`,
      );
    }
  }

  function* checkField(field: FieldLayout, read: boolean): Walk {
    if (node >= nodes.length) fail(`a compressed batch has fewer field nodes than its schema has fields`);
    const values = fb.i64(nodes.start + 16 * node);
    node++;
    if (values < 0) fail(`a field node of ${values} values`);
    for (const bound of field.buffers) yield* checkBuffer(bound, values, read);
    if (field.variadic) {
      const count = view < variadicCounts.length ? fb.i64(variadicCounts.start + 8 * view) : 0;
      view++;
      for (let k = 0; k < count; k++) yield* checkBuffer(variable, values, read);
    }
    for (const child of field.children) yield* checkField(child, read);
  }

  for (const [index, field] of fields.entries()) yield* checkField(field, counted?.has(index) ?? true);
  // apache-arrow decompresses every entry of the vector, not only those the layout names: an
  // entry past them has no bound of its own, but its bytes are allocated all the same.
  while (buffer < buffers.length) yield* checkBuffer(variable, 0, true);
  return codec;
}

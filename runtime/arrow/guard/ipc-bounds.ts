/**
 * Bounds of an Arrow IPC file's flatbuffer metadata, checked before apache-arrow parses it.
 * apache-arrow believes every count in the metadata: a footer claiming 2^31 record batches, a
 * schema claiming 2^31 fields, or one child table shared a thousand times at ten levels (a
 * flatbuffer may point many offsets at one table) make it loop for hours or exhaust memory on
 * a file of a few kilobytes. This walk reads the same structures with every read bounds-checked,
 * every vector's elements inside the bytes, every block inside the file, and a budget on the
 * number of tables visited that no honest file of this size can exceed; a file that breaks any
 * of these is refused with a `NotArrowFileError` before apache-arrow sees it; a column name or
 * metadata text that is not UTF-8 with a `CorruptTableError`, as a text column's value is.
 *
 * Layout (format/File.fbs, Schema.fbs, Message.fbs): a file is "ARROW1", padding, the stream of
 * messages, the Footer flatbuffer, its int32 length and "ARROW1"; a stream is a sequence of
 * messages, each a continuation marker 0xFFFFFFFF, an int32 metadata length, a Message
 * flatbuffer and a body of `bodyLength` bytes.
 */
import {
  checkCompressedBody,
  decompressionBudget,
  schemaLayout,
  type DecompressionBudget,
  type SchemaLayout,
  TypeId,
} from "./compressed-bodies.js";
import { CorruptTableError, NotArrowFileError } from "../errors.js";
import { firstInvalidUtf8 } from "../columns/utf8.js";
import { checkBufferAlignment, checkColumnLengths } from "./batch-layout.js";
import { Corrupt, CutShort, FlatBuffer, type Walk } from "./flatbuffer.js";

/**
 * Nesting deeper than this in a schema is refused (Legolas schemas nest a few levels); a top-level
 * column is level 1, its list's element or struct's field level 2. The writers infer no deeper type.
 */
export const MAX_SCHEMA_DEPTH = 64;

/** Valid Arrow that apache-arrow, and so every reader here, cannot read: said as it is, not as corruption. */
class Unreadable extends Error {}

/**
 * A name or metadata text that is not UTF-8: the file's structure reads, but apache-arrow would
 * decode each invalid sequence as U+FFFD (a metadata value silently altered, two column names made
 * one), so it is refused as a text column holding such bytes is, with a `CorruptTableError`.
 */
class NotUtf8 extends Error {}

/** Throws `NotArrowFileError` when the metadata of an IPC file or stream is out of bounds. */
export function checkIpcBounds(bytes: Uint8Array, source?: string): void {
  walkBytes(walkIpc(bytes.length, bytes[0] === 0x41, source, new Set()).steps, piecesOf(bytes), source);
}

/** The pieces of bytes in memory, each a view. */
const piecesOf =
  (bytes: Uint8Array): PieceAt =>
  (at, length) =>
    bytes.subarray(at, at + length);

/** A piece of bytes in memory, whole: `length` bytes at `at`. */
export type PieceAt = (at: number, length: number) => Uint8Array;

/** Gives a walk of bytes in memory the pieces it asks for. */
export function walkBytes(walk: Walk, pieceAt: PieceAt, source: string | undefined): void {
  try {
    for (let step = walk.next(); !step.done; ) {
      const { at, length } = step.value;
      step = walk.next(pieceAt(at, length));
    }
  } catch (error) {
    throw refusal(error, source);
  }
}

/** What the check of a file not in memory reads on its way. */
export interface IpcFacts {
  /** The codecs (Message.fbs `CompressionType`) of its compressed batches. */
  readonly codecs: ReadonlySet<number>;
  /**
   * In the stream format, whether it ends with the end-of-stream marker (a zero length, after a
   * continuation marker since Arrow 0.15) that a writer writes when it closes the stream.
   */
  readonly streamFinished: boolean;
  /**
   * The messages longer than the `longerThan` given to {@link checkIpcBoundsAt}, each as its first
   * byte and its end, one after the other in file order: a reader of the stream fetches each
   * whole, its header and body in one read (source/read-window.ts). Empty when none was asked for.
   */
  readonly longMessages: readonly number[];
}

/**
 * The same check of a file of `size` bytes that is not in memory: `readAt` fetches each piece
 * (the footer, then each block's message metadata), so memory holds one piece at a time.
 * `isFile`: the file format (it starts with "ARROW1"), else the stream format. `longerThan`: the
 * length past which a stream's messages are listed in the facts' `longMessages`.
 */
export async function checkIpcBoundsAt(
  size: number,
  isFile: boolean,
  readAt: ReadAt,
  source?: string,
  longerThan = Number.POSITIVE_INFINITY,
): Promise<IpcFacts> {
  const codecs = new Set<number>();
  const walk = walkIpc(size, isFile, source, codecs);
  const longMessages: number[] = [];
  walk.state.longMessages = { longerThan, found: longMessages };
  await walkAt(walk.steps, readAt, source);
  return { codecs, streamFinished: walk.state.streamFinished === true, longMessages };
}

/** Fetches the pieces a walk of a file not in memory asks for, one at a time. */
export type ReadAt = (at: number, length: number) => Promise<Uint8Array>;

async function walkAt(walk: Walk, readAt: ReadAt, source: string | undefined): Promise<void> {
  try {
    for (let step = walk.next(); !step.done; ) {
      const { at, length } = step.value;
      const piece = await readAt(at, length);
      // Only a file changed under the reader gives fewer bytes than the walk checked it has.
      if (piece.length !== length)
        throw new Corrupt(`it changed while it was read (${piece.length} of ${length} bytes at ${at})`);
      step = walk.next(piece);
    }
  } catch (error) {
    throw refusal(error, source);
  }
}

/**
 * The metadata of the Schema message an IPC file's stream starts with (after the magic and its
 * padding), checked as every message's is: the copy of the schema Arrow.jl reads, where
 * apache-arrow reads the footer's (ipc/schema-copies.ts holds the two alike), with where the
 * message ends (where the stream's next message starts). `null` when the stream starts with
 * another message, as apache-arrow's file writer writes none, or with none. `footerStart`: where
 * the file's footer starts, which the message must end before.
 */
export function fileStreamSchema(bytes: Uint8Array, footerStart: number, source?: string): StreamSchema | null {
  const found: { message: StreamSchema | null } = { message: null };
  walkBytes(walkStreamSchema(footerStart, found), piecesOf(bytes), source);
  return found.message;
}

/** {@link fileStreamSchema} of a file not in memory, its pieces fetched by `readAt`. */
export async function fileStreamSchemaAt(
  footerStart: number,
  readAt: ReadAt,
  source?: string,
): Promise<StreamSchema | null> {
  const found: { message: StreamSchema | null } = { message: null };
  await walkAt(walkStreamSchema(footerStart, found), readAt, source);
  return found.message;
}

/** The Schema message an IPC file's stream starts with: its metadata, and the byte after its end. */
export interface StreamSchema {
  readonly metadata: Uint8Array;
  readonly end: number;
}

/** Where a file's stream starts: after the magic "ARROW1" and two bytes of padding. */
const FILE_STREAM_START = 8;

function* walkStreamSchema(footerStart: number, found: { message: StreamSchema | null }): Walk {
  const at = FILE_STREAM_START;
  if (footerStart - at < 8) return;
  const head = yield { at, length: 8 };
  let length = int32(head, 0);
  let prefix = 4;
  if (length === -1) {
    length = int32(head, 4);
    prefix = 8;
  }
  // The end-of-stream marker: a stream of no message.
  if (length === 0) return;
  if (length < 0 || at + prefix + length > footerStart)
    throw new Corrupt(`the first message of its stream (${length} metadata bytes) runs into its footer`);
  const metadata: Uint8Array = yield { at: at + prefix, length };
  const message = new FlatBuffer(metadata);
  const { type, bodyLength, header } = checkMessage(message);
  if (type !== SCHEMA) return;
  // Its layout too, as the walk of a stream checks every Schema message: the copy that a reader
  // of the stream (Arrow.jl, a table piped in) reads its batches by must not be damaged where
  // the footer's, which this read uses, is whole.
  if (header !== 0) schemaLayout(message, header);
  found.message = { metadata, end: at + prefix + length + bodyLength };
}

/** An IPC file's footer checked by {@link checkFooterAt}: what the checks of its blocks need. */
export interface CheckedFooter {
  readonly size: number;
  readonly layout: SchemaLayout;
}

/**
 * The footer of an IPC file of `size` bytes, for readers that read its blocks one at a time
 * (arrow/ipc/batch-loader.ts): the footer, its schema and the place of every block are checked
 * as {@link checkIpcBoundsAt} checks them, but no block's message is read; each is checked by
 * {@link checkBlockAt} when it is read.
 */
export async function checkFooterAt(size: number, readAt: ReadAt, source?: string): Promise<CheckedFooter> {
  const state: WalkState = {
    layout: null,
    budget: decompressionBudget(size),
    source,
    codecs: new Set(),
    dictionaryIds: new Set(),
  };
  await walkAt(walkFile(size, state, false), readAt, source);
  return { size, layout: state.layout! };
}

/** A block of a file as its footer lists it. */
export interface FileBlock {
  readonly offset: number;
  readonly metaDataLength: number;
  readonly bodyLength: number;
}

/**
 * One block of a file whose footer passed {@link checkFooterAt}: exactly one message of `kind`,
 * its metadata in bounds. `body` says which compressed buffers of its body are checked against
 * the decompression budget (their length prefixes read through `readAt`): `"none"` reads nothing
 * of the body, `"all"` every buffer, a set only the buffers of those top-level fields (the ones a
 * projected read decompresses). Each call has the budget of a whole read of the file. A
 * dictionary batch replacing an earlier one is the reader's to refuse: the blocks it reads are
 * its choice (batch-loader.ts).
 */
export async function checkBlockAt(
  footer: CheckedFooter,
  block: FileBlock,
  kind: "record batch" | "dictionary batch",
  body: "none" | "all" | ReadonlySet<number>,
  readAt: ReadAt,
  source?: string,
): Promise<void> {
  const state: WalkState = {
    layout: footer.layout,
    budget: decompressionBudget(footer.size),
    source,
    codecs: new Set(),
    dictionaryIds: null,
    skipsBody: body === "none",
    ...(typeof body === "object" ? { fields: body } : {}),
  };
  const { offset, metaDataLength, bodyLength } = block;
  const type = kind === "record batch" ? RECORD_BATCH : DICTIONARY_BATCH;
  await walkAt(walkMessages(offset, offset + metaDataLength + bodyLength, state, type, metaDataLength), readAt, source);
}

const corrupt = (problem: string): never => {
  throw new Corrupt(problem);
};

export function refusal(error: unknown, source: string | undefined): unknown {
  if (error instanceof NotUtf8) return new CorruptTableError(error.message, source);
  if (error instanceof Unreadable) return new NotArrowFileError(error.message, source);
  if (error instanceof CutShort) return new NotArrowFileError(error.message, source);
  return error instanceof Corrupt ? new NotArrowFileError(`${error.message}; the file is corrupt`, source) : error;
}

/** The little-endian int32 at `at` of a piece. */
function int32(piece: Uint8Array, at: number): number {
  return piece[at]! | (piece[at + 1]! << 8) | (piece[at + 2]! << 16) | (piece[at + 3]! << 24);
}

/**
 * What a walk carries from message to message: the schema's buffer layout, the decompression
 * budget, the codecs of the compressed batches met so far, in the file format the dictionaries
 * seen so far, and in the stream format whether its end has been met.
 */
export interface WalkState {
  layout: SchemaLayout | null;
  readonly budget: DecompressionBudget;
  readonly source: string | undefined;
  readonly codecs: Set<number>;
  /** The ids of the dictionaries given so far, in the file format; `null` in the stream format. */
  readonly dictionaryIds: Set<number> | null;
  /** In the stream format, set once the walk meets the end-of-stream marker. */
  streamFinished?: true;
  /** Where a stream's messages longer than `longerThan` start and end are added to `found` (IpcFacts). */
  longMessages?: { readonly longerThan: number; readonly found: number[] };
  /** The top-level fields whose compressed buffers a record batch's check reads; all when absent. */
  readonly fields?: ReadonlySet<number>;
  /** Check the metadata only: read no compressed buffer's length prefix (a block's first check, before its body is fetched). */
  readonly skipsBody?: boolean;
}

/** The walk of a whole file or stream, and the state it leaves what it found in. */
function walkIpc(
  size: number,
  isFile: boolean,
  source: string | undefined,
  codecs: Set<number>,
): { steps: Walk; state: WalkState } {
  const state: WalkState = {
    layout: null,
    budget: decompressionBudget(size),
    source,
    codecs,
    dictionaryIds: isFile ? new Set() : null,
  };
  return { steps: isFile ? walkFile(size, state) : walkMessages(0, size, state), state };
}

/** `blocks`: walk the message of every block the footer lists too (else only their places are checked). */
function* walkFile(size: number, state: WalkState, blocks = true): Walk {
  if (size < 20) throw new Corrupt(`${size} bytes cannot hold an Arrow file`);
  const footerLength = int32(yield { at: size - 10, length: 4 }, 0);
  const footerStart = size - 10 - footerLength;
  if (footerLength <= 0 || footerStart < 8)
    throw new Corrupt(`its footer length ${footerLength} does not fit in ${size} bytes`);
  const footer = new FlatBuffer(yield { at: footerStart, length: footerLength });
  const root = footer.table(0);
  const schema = footer.field(root, 1);
  if (schema === 0) throw new Corrupt("its footer has no schema");
  const schemaTable = footer.table(schema);
  checkSchema(footer, schemaTable);
  state.layout = schemaLayout(footer, schemaTable);
  for (const slot of [2, 3]) {
    // dictionaries, recordBatches: vectors of Block {offset: int64, metaDataLength: int32, bodyLength: int64}
    const { start, length } = footer.vector(root, slot, 24);
    // A reader by the footer reads the dictionary blocks of its dictionary-encoded fields only,
    // apache-arrow's every one: a block no field can use would be read by one of the two alone.
    if (slot === 2 && length > 0 && state.layout.dictionaries.size === 0)
      throw new Corrupt(
        `its footer lists ${length} dictionary batch${length === 1 ? "" : "es"}, but its schema encodes no field with a dictionary`,
      );
    for (let k = 0; k < length; k++) {
      const block = start + 24 * k;
      const offset = footer.i64(block);
      const metadataLength = footer.i32(block + 8);
      const bodyLength = footer.i64(block + 16);
      if (offset < 8 || metadataLength < 8 || bodyLength < 0 || offset + metadataLength + bodyLength > footerStart) {
        throw new Corrupt(
          `its footer points at a block (${offset}, ${metadataLength}, ${bodyLength}) outside the file`,
        );
      }
      if (!blocks) continue;
      // apache-arrow's file reader retries a block whose message is not what the footer says it
      // is, forever: each block must hold exactly one message of its kind.
      yield* walkMessages(
        offset,
        offset + metadataLength + bodyLength,
        state,
        slot === 2 ? DICTIONARY_BATCH : RECORD_BATCH,
        metadataLength,
      );
    }
  }
}

/** Schema.fbs `MetadataVersion` V4: Arrow 0.8 and later; V5 (4) since 1.0. */
const METADATA_V4 = 3;

export const SCHEMA = 1;
export const DICTIONARY_BATCH = 2;
export const RECORD_BATCH = 3;

/**
 * The messages between `from` and `to`, their bodies skipped; with `only`, exactly one message,
 * of that header type (a block of a file). `metadataLength`, the footer's length of a block's
 * prefix and metadata, lets one read fetch both (a file read piece by piece makes one read per
 * block, not two); the message's own length still decides, as it does for apache-arrow.
 */
export function* walkMessages(from: number, to: number, state: WalkState, only?: number, metadataLength = 8): Walk {
  let at = from;
  if (only !== undefined && at + 8 > to) throw new Corrupt(`a block of ${to - from} bytes cannot hold a message`);
  for (let seen = 0; (only === undefined || seen < 1) && at + 8 <= to; seen++) {
    // The prefix: a continuation marker 0xFFFFFFFF and the length, or (before Arrow 0.15) the length alone.
    const head = yield { at, length: Math.min(Math.max(8, metadataLength), to - at) };
    let length = int32(head, 0);
    let prefix = 4;
    if (length === -1) {
      length = int32(head, 4);
      prefix = 8;
    }
    at += prefix;
    if (length === 0 && only === undefined) {
      // A reader stops at the marker: what follows it would be dropped without a word (a
      // continuation marker zeroed, two streams joined).
      if (at < to)
        throw new Corrupt(`its stream ends at byte ${at} (an end-of-stream marker), and ${to - at} more bytes follow`);
      state.streamFinished = true;
      return;
    }
    if (length <= 0) throw new Corrupt(`a message of ${length} metadata bytes runs past the end`);
    if (at + length > to) throw pastTheEnd(`a message of ${length} metadata bytes`, to - at, only);
    const message = new FlatBuffer(
      prefix + length <= head.length ? head.subarray(prefix, prefix + length) : yield { at, length },
    );
    const { type, bodyLength, header } = checkMessage(message);
    // apache-arrow skips a message of another type without reading its body, which it then
    // reads as the messages after it, where this walk would skip it.
    if (type !== SCHEMA && type !== DICTIONARY_BATCH && type !== RECORD_BATCH)
      throw new Corrupt(`it holds a message of type ${type}, which no Arrow table holds`);
    if (only !== undefined && type !== only)
      throw new Corrupt(`a block holds a message of type ${type} where the footer says ${only}`);
    // A file read by its footer finds a block's body by the footer's lengths, a whole read by the
    // message's own: a footer that says otherwise would have the two read different bytes.
    if (only !== undefined && metadataLength !== prefix + length)
      throw new Corrupt(`a block's footer says ${metadataLength} metadata bytes, its message ${prefix + length}`);
    at += length;
    if (bodyLength < 0) throw new Corrupt(`a message body of ${bodyLength} bytes runs past the end`);
    if (at + bodyLength > to) throw pastTheEnd(`a message body of ${bodyLength} bytes`, to - at, only);
    if (only !== undefined && at + bodyLength !== to)
      throw new Corrupt(`a block's footer says ${to - at} body bytes, its message ${bodyLength}`);
    yield* checkBody(message, type, header, at, state);
    const start = at - length - prefix;
    at += bodyLength;
    const long = state.longMessages;
    if (long !== undefined && only === undefined && at - start > long.longerThan) long.found.push(start, at);
  }
  if (only === undefined && at < to) yield* checkStreamEnd(at, to, state);
}

/**
 * A message that runs past the bytes it was found in (`present` of them left). In a block the
 * footer places, the footer and the message disagree: corrupt. In a stream, whose last bytes
 * are the file's, the stream is cut inside the message, or the length is damaged.
 */
function pastTheEnd(what: string, present: number, only: number | undefined): Corrupt {
  if (only !== undefined) return new Corrupt(`${what} runs past the end`);
  return new CutShort(
    `${what} runs past the end of the stream (${present} of its bytes there): the stream is cut inside a message (was its writer stopped, or is it still writing?), or the message's length is damaged`,
  );
}

/**
 * The last bytes of a stream, too few for a message prefix. apache-arrow reads them as one, and
 * with a negative length its reader moves backwards, so the file read after it starts before
 * the file (a stream ending in 00 00 00 80 01 02 was a FileChangedError "ended after
 * -4294951254 bytes", and readTableBytes read it). Only a stream's end before Arrow 0.15 (a
 * zero length) may stand there.
 */
function* checkStreamEnd(at: number, to: number, state: WalkState): Walk {
  const rest = yield { at, length: to - at };
  if (rest.length < 4 || int32(rest, 0) !== 0)
    throw new CutShort(
      `it ends with ${to - at} bytes that are no whole message prefix: the stream is cut short (was its writer stopped, or is it still writing?), or a message's length is damaged`,
    );
  state.streamFinished = true;
}

/**
 * A message's body, when it is compressed: its buffers' length prefixes (guard/compressed-bodies.ts).
 * A Schema message gives the layout the batches after it are checked with, and a record batch's
 * columns must be as long as the batch (guard/batch-layout.ts), even where its body is not read.
 */
function* checkBody(message: FlatBuffer, type: number, header: number, bodyStart: number, state: WalkState): Walk {
  if (header === 0) return;
  if (type === SCHEMA) {
    state.layout = schemaLayout(message, header);
    return;
  }
  if (type !== RECORD_BATCH && type !== DICTIONARY_BATCH) return;
  // A batch before any schema is refused by apache-arrow; nothing of it is decompressed.
  if (state.layout === null) return;
  if (type === RECORD_BATCH) checkColumnLengths(message, header, state.layout.fields, corrupt);
  if (state.skipsBody) return;
  let codec: number | null;
  if (type === RECORD_BATCH) {
    codec = yield* checkCompressedBody(
      message,
      header,
      state.layout.fields,
      bodyStart,
      state.budget,
      corrupt,
      state.source,
      state.fields,
    );
  } else {
    const idAt = message.field(header, 0);
    const id = idAt === 0 ? 0 : message.i64(idAt);
    checkReplacement(message, header, id, state);
    const data = message.field(header, 1);
    if (data === 0) return;
    const values = state.layout.dictionaries.get(id);
    if (values === undefined) throw new Corrupt("a dictionary batch for a dictionary its schema does not have");
    codec = yield* checkCompressedBody(
      message,
      message.table(data),
      [values],
      bodyStart,
      state.budget,
      corrupt,
      state.source,
    );
  }
  if (codec !== null) state.codecs.add(codec);
}

/**
 * The file format allows a dictionary to grow by deltas but not to be replaced (Arrow columnar
 * format, "Dictionary Messages"): its reader reads every dictionary batch before any record
 * batch, and apache-arrow's would read the batches written before a replacement with the
 * replacement's values. A DictionaryBatch that is no delta (`isDelta`, slot 2) of a dictionary
 * given before is refused.
 */
function checkReplacement(message: FlatBuffer, header: number, id: number, state: WalkState): void {
  const seen = state.dictionaryIds;
  if (seen === null) return;
  const isDeltaAt = message.field(header, 2);
  if (seen.has(id) && (isDeltaAt === 0 || message.u8(isDeltaAt) === 0)) {
    throw new Corrupt(dictionaryReplacement(id));
  }
  seen.add(id);
}

/** Why a file-format DictionaryBatch that replaces dictionary `id` is refused (every reader says it alike). */
export function dictionaryReplacement(id: number): string {
  return `a dictionary batch replaces dictionary ${id}, which the file format forbids (only deltas may follow its first batch)`;
}

/** A Message: its header (Schema, DictionaryBatch or RecordBatch); returns its type, body length and header table (0: none). */
export function checkMessage(buffer: FlatBuffer): { type: number; bodyLength: number; header: number } {
  const root = buffer.table(0);
  // apache-arrow reads a message of metadata version V1-V3 (0-2; absent is V1) with the Buffer
  // struct of those versions, 8 bytes longer, where this walk checks V4's and V5's.
  const versionAt = buffer.field(root, 0);
  const version = versionAt === 0 ? 0 : buffer.i16(versionAt);
  if (version < METADATA_V4)
    throw new Corrupt(
      `a message states metadata version ${version}, where files of Arrow 0.8 and later state V4 (3) or V5 (4)`,
    );
  const typeAt = buffer.field(root, 1);
  const headerAt = buffer.field(root, 2);
  const bodyAt = buffer.field(root, 3);
  const bodyLength = bodyAt === 0 ? 0 : buffer.i64(bodyAt);
  const type = typeAt === 0 ? 0 : buffer.u8(typeAt);
  if (headerAt === 0) return { type: 0, bodyLength, header: 0 };
  const header = buffer.table(headerAt);
  switch (type) {
    case SCHEMA:
      checkSchema(buffer, header);
      break;
    case DICTIONARY_BATCH: {
      const data = buffer.field(header, 1);
      if (data !== 0) checkRecordBatch(buffer, buffer.table(data), bodyLength);
      break;
    }
    case RECORD_BATCH:
      checkRecordBatch(buffer, header, bodyLength);
      break;
  }
  return { type, bodyLength, header };
}

function checkRecordBatch(buffer: FlatBuffer, batch: number, bodyLength: number): void {
  buffer.vector(batch, 1, 16); // nodes: FieldNode {length: int64, null_count: int64}
  const buffers = buffer.vector(batch, 2, 16); // Buffer {offset: int64, length: int64}
  for (let k = 0; k < buffers.length; k++) {
    const offset = buffer.i64(buffers.start + 16 * k);
    const length = buffer.i64(buffers.start + 16 * k + 8);
    if (offset < 0 || length < 0 || offset + length > bodyLength) {
      throw new Corrupt(`a buffer (${offset}, ${length}) lies outside its message body of ${bodyLength} bytes`);
    }
    checkBufferAlignment(k, offset, length, corrupt);
  }
  buffer.vector(batch, 4, 8); // variadicBufferCounts
}

/** Schema.fbs `Endianness`: Little = 0 (the default, when the field is absent), Big = 1. */
const BIG_ENDIAN = 1;

function checkSchema(buffer: FlatBuffer, schema: number): void {
  // apache-arrow (and Arrow.jl) read every buffer as little-endian whatever the schema says: a
  // big-endian file's numbers would come out byte-swapped, without an error.
  const endiannessAt = buffer.field(schema, 0);
  if (endiannessAt !== 0 && buffer.i16(endiannessAt) === BIG_ENDIAN) {
    throw new Unreadable(
      "it is big-endian (its schema's endianness is Big), and legolas-ts reads little-endian Arrow only: " +
        "its numbers would read byte-swapped. Rewrite it little-endian, e.g. with pyarrow on a little-endian " +
        "machine, which converts it as it reads (pyarrow.ipc.open_file), then writes it (pyarrow.ipc.new_file)",
    );
  }
  buffer.tables(schema, 1, (field) => checkField(buffer, field, 1, () => ""));
  buffer.tables(schema, 2, (keyValue) => checkKeyValue(buffer, keyValue, () => "the table's"));
  buffer.vector(schema, 3, 8); // features
}

/** Child fields the Type union's nested members must have (Schema.fbs). */
const CHILDREN_OF_TYPE = new Map([
  [TypeId.List, 1],
  [TypeId.FixedSizeList, 1],
  [TypeId.Map, 1],
  [TypeId.LargeList, 1],
  [TypeId.ListView, 1],
  [TypeId.LargeListView, 1],
  [TypeId.RunEndEncoded, 2],
]);

/** `parent`: the path of the field's parent with a dot (`"tags."`, `"a.b."`), empty at the top level; read only to name a field in an error. */
function checkField(buffer: FlatBuffer, field: number, depth: number, parent: () => string): void {
  if (depth > MAX_SCHEMA_DEPTH) throw new Corrupt(`its schema nests deeper than ${MAX_SCHEMA_DEPTH} levels`);
  const nameAt = buffer.field(field, 0);
  checkString(buffer, nameAt, (name) => `the name of column ${JSON.stringify(`${parent()}${name}`)}`);
  const path = () => `${parent()}${stringAt(buffer, nameAt)}`;
  const typeTypeAt = buffer.field(field, 2);
  const type = buffer.field(field, 3);
  if (type !== 0) buffer.table(type);
  const dictionary = buffer.field(field, 4);
  if (dictionary !== 0) buffer.table(dictionary);
  // apache-arrow builds a list type without its element field when the schema gives none, and
  // then fails, or a decoder does, on `children[0]` (in a file without batches, only the decoder).
  const children = buffer.vector(field, 5, 4).length;
  const typeId = typeTypeAt === 0 ? 0 : buffer.u8(typeTypeAt);
  if (!arrowJsReads(typeId)) throw unreadableType(buffer, field, typeId);
  if (typeId === TypeId.Union) checkUnion(buffer, type, children);
  const needed = CHILDREN_OF_TYPE.get(typeId);
  if (needed !== undefined && children !== needed)
    throw new Corrupt(`a field of a list or map type has ${children} child fields where it needs ${needed}`);
  buffer.tables(field, 5, (child) => {
    // A Map's one child is its entries, a Struct of key and value (Schema.fbs): apache-arrow's Map
    // type reads their fields without asking, and threw a TypeError on a damaged schema's entries.
    if (typeId === TypeId.Map && !isKeyValueStruct(buffer, child))
      throw new Corrupt("a field of a map type has entries that are no struct of a key and a value");
    checkField(buffer, child, depth + 1, () => `${path()}.`);
  });
  buffer.tables(field, 6, (keyValue) => checkKeyValue(buffer, keyValue, () => `column ${JSON.stringify(path())}'s`));
}

/**
 * A union's mode is Sparse (0) or Dense (1) (Schema.fbs `UnionMode`). apache-arrow keeps any
 * other number, and its readers tell the two apart by testing for one or the other, so that a
 * whole read and a read by the footer laid the same bytes out as two different unions. Its type
 * ids lie inside the metadata, 4-byte aligned: apache-arrow views them as an Int32Array over the
 * bytes it holds, the whole file's in a whole read and the message's alone in a read by batches,
 * so ids outside the message were other bytes of the file to one and a RangeError to the other.
 * They are optional (Arrow.jl writes none), and given, one for each of its `children` (Schema.fbs):
 * apache-arrow pairs them with the children by place, so ids past the last child named none
 * (a value of such an id was refused by a reader of that copy), and its comparison of two types
 * reads the first one's ids alone, so a copy of the schema with more ids than the other passed
 * for the same.
 */
function checkUnion(buffer: FlatBuffer, type: number, children: number): void {
  if (type === 0) return;
  const union = buffer.table(type);
  const modeAt = buffer.field(union, 0);
  const mode = modeAt === 0 ? UNION_SPARSE : buffer.i16(modeAt);
  if (mode !== UNION_SPARSE && mode !== UNION_DENSE)
    throw new Corrupt(`a union field's mode is ${mode}, neither Sparse (0) nor Dense (1)`);
  const ids = buffer.vector(union, 1, 4);
  if (ids.start % 4 !== 0) throw new Corrupt("a union field's type ids are not 4-byte aligned");
  if (ids.length !== 0 && ids.length !== children)
    throw new Corrupt(`a union field lists ${ids.length} type ids for its ${children} children`);
}

const UNION_SPARSE = 0;
const UNION_DENSE = 1;

/**
 * Whether apache-arrow 21 reads fields of the Type union member `typeId` (ipc/metadata/message.ts
 * `decodeFieldType`, which reads 0, NONE, as Null): not RunEndEncoded, ListView, LargeListView
 * (which pyarrow, arrow-rs and DuckDB can write) nor a member newer than those. Such a field met
 * the batch checks first, which count no field nodes for its children (apache-arrow reads none),
 * and was called corrupt for the next column's length.
 */
function arrowJsReads(typeId: number): boolean {
  return typeId <= TypeId.LargeList || typeId === TypeId.BinaryView || typeId === TypeId.Utf8View;
}

function unreadableType(buffer: FlatBuffer, field: number, typeId: number): Unreadable {
  const type = TypeId[typeId] ?? `type ${typeId}`;
  return new Unreadable(
    `its field ${JSON.stringify(stringAt(buffer, buffer.field(field, 0)))} is stored as Arrow ${type}, a layout ` +
      "apache-arrow (which every read here goes through) cannot read; write the column with its values' plain type",
  );
}

function isKeyValueStruct(buffer: FlatBuffer, field: number): boolean {
  const typeTypeAt = buffer.field(field, 2);
  return typeTypeAt !== 0 && buffer.u8(typeTypeAt) === TypeId.Struct && buffer.vector(field, 5, 4).length === 2;
}

/** `owner`: whose metadata it is, as a message says it (`its`, `column "id"'s`). */
function checkKeyValue(buffer: FlatBuffer, keyValue: number, owner: () => string): void {
  const keyAt = buffer.field(keyValue, 0);
  checkString(buffer, keyAt, (key) => `${owner()} metadata key ${JSON.stringify(key)}`);
  checkString(
    buffer,
    buffer.field(keyValue, 1),
    () => `the value of ${owner()} metadata key ${JSON.stringify(stringAt(buffer, keyAt))}`,
  );
}

/** The text of a string that {@link checkString} passed; empty when absent. */
function stringAt(buffer: FlatBuffer, p: number): string {
  if (p === 0) return "";
  const at = p + buffer.u32(p);
  return new TextDecoder().decode(buffer.bytes.subarray(at + 4, at + 4 + buffer.u32(at)));
}

/**
 * Checks that the string at `p` lies inside the metadata, and that it is UTF-8; `what` names it
 * in the error from its text (each invalid sequence shown as U+FFFD).
 */
function checkString(buffer: FlatBuffer, p: number, what?: (text: string) => string): void {
  if (p === 0) return;
  const at = p + buffer.u32(p);
  const length = buffer.u32(at);
  if (at + 4 + length > buffer.bytes.length)
    throw new Corrupt(`a string of ${length} bytes runs past the end of its metadata`);
  if (what === undefined) return;
  const bad = firstInvalidUtf8(buffer.bytes, at + 4, at + 4 + length);
  if (bad === -1) return;
  const hex = buffer.bytes[bad]!.toString(16).padStart(2, "0");
  throw new NotUtf8(
    `${what(stringAt(buffer, p))} is not UTF-8 (${hex} at byte ${bad - at - 4}), as Arrow's names and metadata must be: ` +
      "Julia's String may hold any bytes, but Arrow's text and JavaScript's strings hold only UTF-8; " +
      "make it valid where it is written (in Julia, isvalid(s) tells)",
  );
}

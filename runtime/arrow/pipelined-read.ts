/**
 * `readTable(path)` of a large file with the read and the validation overlapped: the file's
 * metadata (its footer, the stream's Schema message, each record batch's message) is read first
 * and parsed into a table whose data are views of a buffer still being filled; the bodies are
 * then read column by column (those holding text first: they cost validation most), three reads in
 * flight on libuv's thread pool, while the main thread checks and validates each column of each
 * batch as soon as its bytes are in (guard/data-bounds.ts `batchDataSteps`, validate/batch.ts
 * `scanSteps`: the steps of the one validation path, waited on here). The gain needs a core the
 * main thread leaves free (BENCHMARKS.md, "Issue 24, session 17"); files under 16 MiB are read
 * whole first, as before.
 *
 * Optimistic by design: anything the pipeline does not fully understand (the stream format,
 * dictionaries, compressed bodies, blocks out of order, a buffer apache-arrow copied) and any
 * error on the way hands the file to the sequential path ({@link readCheckedBytes} of the whole
 * bytes, once read and found unchanged), which then gives exactly its result or error, with its
 * precedence. The pipeline itself ends only in a result, or in the first invalid row's
 * `RowValidationError` once every structural check has passed and the file is found unchanged.
 */
import { Message } from "apache-arrow/ipc/metadata/message";
import { type Data, DataType, type RecordBatch } from "apache-arrow";
import type { Checked } from "./options.js";
import { ReadableFile } from "./guard/checked-file.js";
import { batchDataSteps } from "./guard/data-bounds.js";
import { checkBlockAt, type FileBlock } from "./guard/ipc-bounds.js";
import { type DecodedFooter, decodeFooterAt } from "./ipc/footer.js";
import {
  ARROW_MAGIC,
  loadTable,
  readCheckedBytes,
  readResult,
  type ReadTableOptions,
  type ReadTableResult,
  resolveSchemaVersion,
} from "./read-bytes.js";
import { projectionOf } from "./projection.js";
import { schemaPlan } from "./read-plans.js";

/**
 * How the pipeline reads: files smaller than `minBytes` are read whole, then checked (nothing to
 * gain), and so are files whose record batches average less than `minBlockBytes` (each block
 * costs the pipeline a read of its metadata and a round of checks: 1M rows of `bench.reading@1`
 * in 10 or 25 batches read in 0.89x and 0.94x the whole-bytes time, in 50 batches 1.0x, in 100
 * batches 1.07x, BENCHMARKS.md session 17); the last `tailBytes` first (the footer, where it is no larger: one read); bodies are read `pieceBytes` at a time, `depth` reads in flight (three since
 * the pattern scans take a fifth of their time: a read finishing while the main thread checks a
 * column waits for it to issue the next, and two left the disk idle, 129 against 112 ms on
 * `bench.reading@1`; four of 16 or 32 MiB, 118-120 ms, compete with the main thread for two cores). Internal: tests set them to force the pipeline
 * on small files (test/runtime/arrow/helpers/pipelined-read.ts); `beforeRead` lets them fill the buffer with
 * garbage first, so that a check reading bytes before they are in would show.
 */
export const pipelineSettings: {
  minBytes: number;
  minBlockBytes: number;
  tailBytes: number;
  pieceBytes: number;
  depth: number;
  beforeRead: ((bytes: Uint8Array) => void) | undefined;
} = {
  minBytes: 16 * 2 ** 20,
  minBlockBytes: 6 * 2 ** 20,
  tailBytes: 64 * 2 ** 10,
  pieceBytes: 32 * 2 ** 20,
  depth: 3,
  beforeRead: undefined,
};

/** Blocks past this many are read the sequential way (one metadata read each). */
const MAX_BLOCKS = 1024;
/** A file's start (its magic and Schema message) larger than this is read the sequential way. */
const MAX_HEAD_BYTES = 4 * 2 ** 20;

/** readTable(path) without `columns`: the whole file, read and validated. */
export async function readWholeTableFile(
  path: string,
  options: Checked<ReadTableOptions<object, string>>,
): Promise<ReadTableResult<object, string>> {
  const file = await ReadableFile.open(path);
  try {
    // The bytes are the read's own on every path: its rows may keep them sealed (read-bytes.ts readResult).
    if (file.size < pipelineSettings.minBytes) return readCheckedBytes(await file.readAll(), options, path, true);
    return await pipelinedRead(file, options);
  } finally {
    await file.close();
  }
}

async function pipelinedRead(
  file: ReadableFile,
  options: Checked<ReadTableOptions<object, string>>,
): Promise<ReadTableResult<object, string>> {
  const bytes = file.wholeBuffer();
  pipelineSettings.beforeRead?.(bytes);
  const bodies = await readMetadata(file, bytes);
  let steps: ReturnType<typeof prepare> = null;
  try {
    if (bodies !== null) steps = prepare(bytes, options, file.path);
  } catch {
    steps = null;
  }
  if (bodies === null || steps === null) return handOver(file, bytes, options, true);
  const orders = steps.table.batches.map(readOrder);
  const plan = pieces(steps.table.batches, orders, bodies);
  const reader = new BodyReader(file, bytes, plan.pieces, pipelineSettings.depth);
  let scanned: Map<RecordBatch, Uint8Array | null> | undefined;
  try {
    scanned = await checkAsRead(steps, orders, plan.spans, reader, file.path);
  } catch {
    scanned = undefined;
  }
  await reader.done();
  await file.assertUnchanged();
  if (scanned === undefined) return handOver(file, bytes, options, false);
  const { table, projection, identifier, validator } = steps;
  return readResult(
    table,
    projection,
    identifier,
    options,
    file.path,
    validator === null ? undefined : { validator, suspects: scanned },
    true,
  );
}

/**
 * The sequential path, for what the pipeline does not take or refused: its result or its error,
 * with its precedence. `read`: the bodies are still to be read (else they are, and found unchanged).
 */
async function handOver(
  file: ReadableFile,
  bytes: Uint8Array,
  options: Checked<ReadTableOptions<object, string>>,
  read: boolean,
): Promise<ReadTableResult<object, string>> {
  return readCheckedBytes(read ? await file.readAllInto(bytes) : bytes, options, file.path, true);
}

/**
 * Reads the footer, the file's start up to its first block, each block's metadata and what
 * follows the last block into `bytes`: the byte ranges of the bodies left to read, in file order,
 * or `null` when the file is not one the pipeline takes.
 */
async function readMetadata(file: ReadableFile, bytes: Uint8Array): Promise<[number, number][] | null> {
  const size = bytes.length;
  const at = (start: number, end: number) => file.readInto(bytes.subarray(start, end), start);
  // The footer's length and magic, and the footer itself where it is as small as most are: one read.
  let readFrom = size - Math.min(size, Math.max(ARROW_MAGIC.length + 4, pipelineSettings.tailBytes));
  await at(readFrom, size);
  let readFailure: unknown;
  /** The footer's checks and decoding ask for bytes of the file's end: read into `bytes` once. */
  const tailBytes = async (from: number, length: number) => {
    if (!(Number.isSafeInteger(from) && from >= 8 && length >= 0 && from + length <= size))
      throw new RangeError("not the footer");
    if (from < readFrom) {
      await at(from, readFrom).catch((error: unknown) => {
        readFailure = error;
        throw error;
      });
      readFrom = from;
    }
    return bytes.subarray(from, from + length);
  };
  let footer: DecodedFooter | null;
  try {
    footer = await decodeFooterAt(size, tailBytes, file.path);
  } catch (error) {
    // A failed read (the file changed) ends the read; a footer out of bounds or unparsable is
    // the sequential path's to refuse, in its words.
    if (error === readFailure) throw error;
    return null;
  }
  if (footer === null) return null;
  const { recordBatches: blocks, checked, start: footerStart } = footer;
  if (footer.dictionaryBatches.length !== 0 || !(blocks.length >= 1 && blocks.length <= MAX_BLOCKS)) return null;
  // Small batches cost the pipeline more than the overlap gives back (pipelineSettings.minBlockBytes).
  if (blocks.length * pipelineSettings.minBlockBytes > size) return null;
  // Blocks one after the other, in order, after the file's start and before its footer.
  let end = blocks[0]!.offset;
  if (!(Number.isSafeInteger(end) && end >= 8 && end <= MAX_HEAD_BYTES)) return null;
  for (const { offset, metaDataLength, bodyLength } of blocks) {
    if (offset !== end || !(Number.isSafeInteger(metaDataLength) && metaDataLength >= 8)) return null;
    if (!(Number.isSafeInteger(bodyLength) && bodyLength >= 0)) return null;
    end = offset + metaDataLength + bodyLength;
    if (end > footerStart) return null;
  }
  // The stream's end-of-stream marker (and padding) between the last block and the footer.
  if (footerStart - end > 64) return null;
  const metadata: Promise<void>[] = [at(0, blocks[0]!.offset), at(end, footerStart)];
  for (const { offset, metaDataLength } of blocks) metadata.push(at(offset, offset + metaDataLength));
  await Promise.all(metadata);
  // The stream's Schema message fills the file's start after the magic; each block holds one plain batch.
  if (blocks[0]!.offset < 16 || !messageFills(bytes, 8, blocks[0]!.offset - 8)) return null;
  const metadataBytes = (from: number, length: number) => Promise.resolve(bytes.subarray(from, from + length));
  try {
    // Each block's message bounded before apache-arrow decodes it, as the footer reader does (the body unread).
    for (const block of blocks) await checkBlockAt(checked, block, "record batch", "none", metadataBytes, file.path);
  } catch {
    return null;
  }
  if (!blocks.every((block) => plainBatch(bytes, block))) return null;
  return blocks.map(({ offset, metaDataLength, bodyLength }) => [
    offset + metaDataLength,
    offset + metaDataLength + bodyLength,
  ]);
}

/**
 * Whether the message at `offset` is a record batch whose body is not compressed (whose load
 * reads no body byte), prefixed as the footer's block says (a continuation marker and a length
 * that fill `length` bytes) and whose body is the block's: so that the walk of the stream's
 * messages (guard/ipc-bounds.ts) reads the bytes read first only.
 */
function plainBatch(bytes: Uint8Array, { offset, metaDataLength, bodyLength }: FileBlock): boolean {
  if (!messageFills(bytes, offset, metaDataLength)) return false;
  try {
    const message = Message.decode(bytes.subarray(offset + 8, offset + metaDataLength));
    return message.isRecordBatch() && message.bodyLength === bodyLength && message.header().compression === null;
  } catch {
    return false;
  }
}

/** Whether the message at `offset` starts with a continuation marker and a length that fill `length` bytes. */
function messageFills(bytes: Uint8Array, offset: number, length: number): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  return view.getInt32(0, true) === -1 && 8 + view.getInt32(4, true) === length;
}

/**
 * The table parsed from the metadata alone, its schema version resolved and its columns checked,
 * or `null` when apache-arrow copied a buffer (its data would not see the bytes read later) or the
 * columns do not comply (the sequential path throws their error).
 * Throws what the sequential path would throw first, or later: the caller hands the file over.
 */
function prepare(bytes: Uint8Array, options: Checked<ReadTableOptions<object, string>>, source: string) {
  const table = loadTable(bytes, source);
  if (!table.batches.every((batch) => batch.data.children.every((data) => viewsOf(data, bytes.buffer)))) return null;
  const { schemaVersion, identifier } = resolveSchemaVersion(table.schema, options.schemaVersion, source);
  const projection = projectionOf(schemaVersion, table.schema, undefined, source);
  // The columns' names and types: their null counts read the bodies, and are checked once they are in (readResult).
  const plan = schemaPlan(table.schema, projection.validateAs, projection.rowsAs, options);
  if (plan === null) return null;
  return { table, projection, identifier, validator: plan.rows.validator };
}

/**
 * Checks every batch, column by column as its bytes come in (the data checks of
 * guard/data-bounds.ts, then the validator's scans of the columns checked): each batch's rows to
 * confirm. Throws any check's error.
 */
async function checkAsRead(
  { table, validator }: NonNullable<ReturnType<typeof prepare>>,
  orders: readonly (readonly number[])[],
  spans: readonly (readonly PieceSpan[])[],
  reader: BodyReader,
  source: string,
): Promise<Map<RecordBatch, Uint8Array | null>> {
  const suspects = new Map<RecordBatch, Uint8Array | null>();
  for (const [index, batch] of table.batches.entries()) {
    const { children } = batch.data;
    const order = orders[index]!;
    const checked = new Uint8Array(children.length);
    const scans = validator?.scanSteps(batch, order);
    let scan = scans?.next();
    /** Runs the scans whose columns are checked; -1 (the row checks): once all are. */
    const advance = (all: boolean) => {
      while (scan !== undefined && scan.done !== true && (scan.value === -1 ? all : checked[scan.value] === 1)) {
        scan = scans!.next();
      }
    };
    const data = batchDataSteps(batch, index, source, true, order);
    let previous = -1;
    for (let step = data.next(); ; step = data.next()) {
      if (previous !== -1) {
        checked[previous] = 1;
        advance(false);
      }
      if (step.done === true) break;
      previous = step.value;
      // The checks of a column (20 ms for a UUID column's million values) outlast reads in flight,
      // whose ends issue the next reads only once the main thread lets their callbacks run: let
      // them run between two columns, where a wait on bytes already in would not (1M rows of
      // bench.reading@1, alternating in one process: in 25 batches 128-131 -> 122-123 ms, in 10
      // 125 -> 122, in one 118-123 -> 115-123).
      await new Promise((resume) => setImmediate(resume));
      await reader.until(spans[index]![step.value]!);
    }
    advance(true);
    if (scan !== undefined) suspects.set(batch, scan.done === true ? scan.value : null);
  }
  return suspects;
}

/**
 * The order in which a batch's columns are read and checked: those holding text first (their
 * UTF-8, lengths and patterns are what validation spends most on: the main thread starts on them
 * while the rest is read), then the others, each group in file order.
 */
function readOrder(batch: RecordBatch): number[] {
  const columns = batch.data.children.map((data, k) => ({ k, text: holdsText(data.type) }));
  return [...columns.filter((c) => c.text), ...columns.filter((c) => !c.text)].map((c) => c.k);
}

function holdsText(type: DataType): boolean {
  return (
    DataType.isUtf8(type) || DataType.isLargeUtf8(type) || (type.children ?? []).some((child) => holdsText(child.type))
  );
}

/** The pieces a column's bytes are read in: indexes [first, last) of the read's pieces. */
type PieceSpan = readonly [first: number, last: number];

/**
 * The pieces the bodies are read in: each batch's columns in `orders` (a column's buffers lie
 * together in its batch's body), cut at `pipelineSettings.pieceBytes`, then what lies between
 * them; and the span of pieces that hold each column's bytes (`spans[batch][column]`), so that
 * waiting for a column looks at its own pieces only (not at every piece of the file, for each
 * of its columns: quadratic in the column count).
 */
function pieces(
  batches: readonly RecordBatch[],
  orders: readonly (readonly number[])[],
  bodies: readonly [number, number][],
): { pieces: [number, number][]; spans: PieceSpan[][] } {
  const { pieceBytes } = pipelineSettings;
  const out: [number, number][] = [];
  /**
   * Cuts [start, end) into pieces, its start joined to the last piece where it follows it and that
   * one is not full (small columns one after the other: one read for many, not one each); returns
   * the index of the piece holding its first byte.
   */
  const cut = (start: number, end: number): number => {
    let at = start;
    let first = out.length;
    const last = out[out.length - 1];
    if (at < end && last !== undefined && last[1] === at && last[1] - last[0] < pieceBytes) {
      first = out.length - 1;
      at = last[1] = Math.min(last[0] + pieceBytes, end);
    }
    for (; at < end; at += pieceBytes) out.push([at, Math.min(at + pieceBytes, end)]);
    return first;
  };
  const taken: [number, number][] = [];
  const spans = batches.map((batch, index) => {
    const span: PieceSpan[] = new Array(batch.data.children.length);
    for (const k of orders[index]!) {
      const [start, end] = rangeOf(batch.data.children[k]!);
      span[k] = [cut(start, end), out.length];
      if (end > start) taken.push([start, end]);
    }
    return span;
  });
  // What the columns take, as disjoint ranges in file order; the bodies are too: one walk of both.
  taken.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of taken) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  let j = 0;
  for (const [start, end] of bodies) {
    while (j < merged.length && merged[j]![1] <= start) j++;
    let at = start;
    for (let i = j; i < merged.length && merged[i]![0] < end; i++) {
      const [from, to] = merged[i]!;
      if (from > at) cut(at, from);
      at = Math.max(at, to);
    }
    if (at < end) cut(at, end);
  }
  return { pieces: out, spans };
}

/** The bytes of the file (its buffer starting at 0) that `data` and its children hold: [start, end). */
function rangeOf(data: Data): [number, number] {
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  const visit = (each: Data) => {
    for (const buffer of buffersOf(each)) {
      start = Math.min(start, buffer.byteOffset);
      end = Math.max(end, buffer.byteOffset + buffer.byteLength);
    }
    for (const child of each.children) visit(child);
  };
  visit(data);
  return end === 0 ? [0, 0] : [start, end];
}

/** Whether every buffer of `data` (children included) is a view of `buffer`, or empty. */
function viewsOf(data: Data, buffer: ArrayBufferLike): boolean {
  if (data.dictionary !== undefined) return false;
  return (
    buffersOf(data).every((each) => each.buffer === buffer) && data.children.every((child) => viewsOf(child, buffer))
  );
}

/** The buffers of `data` itself (not its children's) that hold any byte. */
function buffersOf(data: Data): ArrayBufferView[] {
  return (
    [data.values, data.valueOffsets, data.nullBitmap, data.typeIds] as (ArrayBufferView | null | undefined)[]
  ).filter((buffer): buffer is ArrayBufferView => buffer !== undefined && buffer !== null && buffer.byteLength > 0);
}

/**
 * Reads `pieces` in their order, `depth` reads in flight (a read finished while the main thread
 * checks a column waits for it to issue the next: a second one keeps the disk busy);
 * {@link until} waits for a span of them. Exported for test/runtime/arrow/pipelined-read.test.ts,
 * which counts what its waits look at (each piece of a span once, so a read's waits grow with its
 * pieces and columns, not their product).
 */
export class BodyReader {
  private failure: { error: unknown } | undefined;
  /** Each waiter's next piece not known to be in, the end of its span, and how to wake it. */
  private waiting: { at: number; last: number; wake: () => void }[] = [];
  private readonly finished: Promise<void>;
  private readonly read: Uint8Array;

  constructor(file: ReadableFile, bytes: Uint8Array, pieces: readonly [number, number][], depth: number) {
    const read = (this.read = new Uint8Array(pieces.length));
    let next = 0;
    let inFlight = 0;
    let count = 0;
    this.finished = new Promise((resolve) => {
      const issue = () => {
        if (inFlight === 0 && (count === pieces.length || this.failure !== undefined)) {
          this.wake();
          resolve();
          return;
        }
        while (this.failure === undefined && inFlight < depth && next < pieces.length) {
          const k = next++;
          const [start, end] = pieces[k]!;
          inFlight++;
          file.readInto(bytes.subarray(start, end), start).then(
            () => {
              inFlight--;
              read[k] = 1;
              count++;
              this.wake();
              issue();
            },
            (error: unknown) => {
              inFlight--;
              this.failure ??= { error };
              this.wake();
              issue();
            },
          );
        }
      };
      issue();
    });
  }

  /** The first piece of [at, last) not read yet (`last` when all are). */
  private firstUnread(from: number, last: number): number {
    let at = from;
    while (at < last && this.read[at] === 1) at++;
    return at;
  }

  private wake(): void {
    this.waiting = this.waiting.filter((waiter) => {
      waiter.at = this.firstUnread(waiter.at, waiter.last);
      if (this.failure === undefined && waiter.at < waiter.last) return true;
      waiter.wake();
      return false;
    });
  }

  /**
   * Resolves once the pieces [first, last) are in (every byte of a column: the pieces cut from
   * its range; another piece holding some of its bytes reads the same); rejects when the read failed.
   */
  until([first, last]: PieceSpan): Promise<void> | undefined {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    const at = this.firstUnread(first, last);
    if (at === last) return undefined;
    return new Promise((resolve, reject) => {
      this.waiting.push({
        at,
        last,
        wake: () => (this.failure === undefined ? resolve() : reject(this.failure.error)),
      });
    });
  }

  /**
   * Resolves once every piece is read; throws the first read's error (a `FileChangedError` when
   * the file ended early) once no read is in flight.
   */
  async done(): Promise<void> {
    await this.finished;
    if (this.failure !== undefined) throw this.failure.error;
  }
}

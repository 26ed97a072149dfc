/**
 * An Arrow file (either IPC format) read batch by batch from a {@link RandomAccessSource}, for
 * tables larger than memory, on disk or in object storage. What makes the batches a Legolas table
 * (its schema version, its columns and rows checked) is table-batches.ts.
 *
 * - The IPC file format (what writeTable and Arrow.jl write) is read through its footer
 *   (ipc/footer.ts): any batch by its index, and of each batch only the columns asked for
 *   (ipc/batch-loader.ts), so memory holds one batch and the bytes read are the columns read.
 * - The stream format has no footer: its messages' metadata is bounds-checked from its start
 *   (guard/ipc-bounds.ts), each body skipped, then apache-arrow's reader reads its batches in
 *   order, each whole; the columns asked for are picked from each.
 *
 * Either way every batch is checked against its own buffers (guard/data-bounds.ts) and given only
 * once the source is known unchanged after reading it, so a file truncated, rewritten or replaced
 * on its server while read is a `FileChangedError`, never a loop, a short read or rows from two files.
 */
import { makeData, RecordBatch, RecordBatchReader, Schema, Struct, util } from "apache-arrow";
import { _InternalEmptyPlaceholderRecordBatch as NoRecordBatch } from "apache-arrow/recordbatch";
// A type only (apache-arrow names its file handles by it); nothing of Node is loaded.
import type { FileHandle } from "node:fs/promises";
import { type BudgetTicket, ByteBudget } from "../concurrency.js";
import { FileChangedError } from "../errors.js";
import { NotArrowFileError, StreamRandomAccessError } from "./errors.js";
import { checkBatchData, checkBatchText } from "./guard/data-bounds.js";
import { checkIpcBoundsAt, type IpcFacts } from "./guard/ipc-bounds.js";
import { BatchLoader, changedFirst } from "./ipc/batch-loader.js";
import { compressionsOf, type TableCompression } from "./ipc/codecs.js";
import { readFooter } from "./ipc/footer.js";
import { useLinearArrow } from "./ipc/linear-arrow.js";
import { useUtf8DecoderInArrow } from "./ipc/arrow-text.js";
import { parsingAsync } from "./ipc/parse-failure.js";
import { withUnionTypeIds } from "./ipc/union-type-ids.js";
import type { RandomAccessSource } from "./source/byte-source.js";
import { READ_WINDOW_BYTES, windowedReads } from "./source/read-window.js";

/** Batches of the file format read ahead of the one being used, at most. */
const BATCHES_AHEAD = 2;
/**
 * The bytes of buffers that the batch being used and the batches read ahead of it may hold
 * together: small batches are read ahead (BENCHMARKS.md, "Read-ahead by bytes"), a batch larger
 * than this is read alone, once the one before it is done with.
 */
const READ_AHEAD_BYTES = 16 * 2 ** 20;

/**
 * A table read once as its bytes come (arrow/piped-table.ts), as a stream of messages whatever
 * its format: the format it is in, what the checks of its messages have found so far, and the
 * checks of its end (an IPC file's footer), which run once its last batch has been read, or
 * before a refusal of what its schema says is believed.
 */
export interface PipedTable {
  readonly format: "file" | "stream";
  readonly facts: IpcFacts;
  finish(): Promise<void>;
  refusalOfSchema(refusal: unknown): Promise<unknown>;
  refusalOfFirstBatch(damage: unknown): Promise<unknown>;
}

export class ArrowBatchFile {
  /** Whether the batches of a stream have been read (they can be, once). */
  private streamRead = false;
  private readonly schemas = new Map<string, Schema>();

  private constructor(
    private readonly source: RandomAccessSource,
    readonly schema: Schema,
    /** The file format's batches, by index; `null` for a stream. */
    private readonly loader: BatchLoader | null,
    /** A stream's batches, in order; `null` for the file format. */
    private readonly stream: RecordBatchReader | null,
    /** What the walk of a stream's metadata found when it was opened (its codecs, its end). */
    private readonly streamFacts: IpcFacts | null = null,
    /** A table read as its bytes come; `null` for a source read anywhere. */
    private readonly piped: PipedTable | null = null,
  ) {}

  /**
   * Opens the messages of a table read once as its bytes come, each checked before it is given
   * (arrow/piped-table.ts), as a stream: batch by batch, in order. `source` names it and is
   * closed on failure (and on {@link close}).
   */
  static async openPiped(
    source: RandomAccessSource,
    messages: AsyncIterable<Uint8Array>,
    piped: PipedTable,
  ): Promise<ArrowBatchFile> {
    useLinearArrow();
    useUtf8DecoderInArrow();
    const { name } = source;
    try {
      const reader = await parsingAsync(async () => RecordBatchReader.from(messages), name);
      await parsingAsync(() => reader.open(), name);
      if (reader.schema === undefined)
        throw new NotArrowFileError("it ends before its schema; the file is corrupt", name);
      return new ArrowBatchFile(source, withUnionTypeIds(reader.schema), null, reader, piped.facts, piped);
    } catch (error) {
      await source.close();
      throw error;
    }
  }

  /** Opens `source`, which it closes on failure (and on {@link close}). */
  static async open(source: RandomAccessSource): Promise<ArrowBatchFile> {
    useLinearArrow();
    useUtf8DecoderInArrow();
    const { name, size } = source;
    try {
      const footer = await readFooter(source);
      if (footer !== null) {
        const loader = new BatchLoader(source, footer);
        // The first batch's metadata (at the file's start, after the schema): checked and parsed
        // now, so that its codec is known at open.
        if (loader.batchCount > 0) await loader.rowCount(0);
        await source.assertUnchanged();
        return new ArrowBatchFile(source, footer.schema, loader, null);
      }
      // The messages longer than a window, which the reader then fetches whole, each in one read.
      const facts = await checkIpcBoundsAt(size, false, windowedReads(source), name, READ_WINDOW_BYTES);
      const handle = arrowFileHandle(source, facts.longMessages);
      const reader = await parsingAsync(async () => RecordBatchReader.from(handle), name);
      await parsingAsync(() => reader.open(), name);
      await source.assertUnchanged();
      // A stream that ends before its Schema message leaves the reader without one.
      if (reader.schema === undefined)
        throw new NotArrowFileError("it ends before its schema; the file is corrupt", name);
      return new ArrowBatchFile(source, withUnionTypeIds(reader.schema), null, reader, facts);
    } catch (error) {
      await source.close();
      throw error;
    }
  }

  /** `file`: the Arrow IPC file format (`ARROW1` magic, a footer); `stream`: the IPC stream format. */
  get format(): "file" | "stream" {
    return this.piped?.format ?? (this.loader === null ? "stream" : "file");
  }

  /** The file's size in bytes, when it was opened. */
  get byteLength(): number {
    return this.source.size;
  }

  /** Bytes fetched from the source so far. */
  get bytesRead(): number {
    return this.source.bytesRead;
  }

  /**
   * The codecs of its compressed batches, from their metadata: a stream's all of them, the file
   * format's those of its first batch (read when opened) and of every batch read since.
   */
  get compression(): readonly TableCompression[] {
    return compressionsOf(this.loader?.codecs ?? this.streamFacts?.codecs ?? new Set());
  }

  /** In the stream format, whether it ends with its end-of-stream marker; `null` for the file format. */
  get streamFinished(): boolean | null {
    return this.format === "file" ? null : (this.streamFacts?.streamFinished ?? null);
  }

  /** The number of record batches the footer lists; `null` for the stream format, which has none. */
  get batchCount(): number | null {
    return this.loader?.batchCount ?? null;
  }

  /** The rows of batch `index`, from its metadata alone; the file format only. */
  rowCount(index: number): Promise<number> {
    return this.fileLoader("counting the rows of a batch without reading it").rowCount(index);
  }

  /**
   * Batch `index` with the columns at `columns` (ascending indexes into the schema) only, as a
   * batch of `schema` (their {@link schemaOf}); the file format only.
   */
  readBatch(index: number, columns: readonly number[], schema: Schema): Promise<RecordBatch> {
    return this.fileLoader("reading a batch by its index").readBatch(index, columns, schema);
  }

  /** The schema of the batches of the columns at `columns`: the file's, with those fields only (one object per set). */
  schemaOf(columns: readonly number[]): Schema {
    const key = columns.join(",");
    let schema = this.schemas.get(key);
    if (schema === undefined) {
      const { fields, metadata } = this.schema;
      schema = new Schema(
        columns.map((column) => fields[column]!),
        metadata,
      );
      this.schemas.set(key, schema);
    }
    return schema;
  }

  /**
   * The record batches in order, with the columns at `columns` only, as batches of `schema`
   * (their {@link schemaOf}). Of the file format, up to {@link BATCHES_AHEAD} batches are read
   * while this one is used, so that the reads' waits (a round trip over HTTP) overlap, as long
   * as their buffers and this one's stay within `readAheadBytes` (a batch is done with when the
   * next is asked for); small batches are fetched many in one read, within the same bytes
   * (`BatchLoader.fetchSmallBlocksFrom`). A stream's batches are read one at a time. Left early,
   * or failed, with reads ahead in flight, it closes the file, which ends them.
   */
  async *batches(
    columns: readonly number[],
    schema: Schema,
    readAheadBytes = READ_AHEAD_BYTES,
  ): AsyncGenerator<RecordBatch> {
    const { loader } = this;
    if (loader === null) return yield* this.streamBatches(columns, schema);
    const budget = new ByteBudget(readAheadBytes);
    const reading: { batch: Promise<RecordBatch>; ticket: BudgetTicket }[] = [];
    let next = 0;
    try {
      for (let index = 0; index < loader.batchCount; index++) {
        while (next < loader.batchCount && next <= index + BATCHES_AHEAD) {
          const ticket = budget.ticket();
          loader.fetchSmallBlocksFrom(next, readAheadBytes);
          const batch = loader.readBatch(next++, columns, schema, (bytes) => ticket.take(bytes));
          // Its failure is thrown in its turn; until then it is not "unhandled".
          batch.catch(() => undefined);
          reading.push({ batch, ticket });
        }
        const { batch, ticket } = reading.shift()!;
        const read = await batch;
        // Read ahead before the signal aborted, it is not given after.
        this.source.assertNotAborted();
        yield read;
        ticket.release();
      }
    } finally {
      budget.close();
      if (reading.length > 0) {
        // Left early (or failed): no batch is read again, as the file is closed after its one pass.
        // Closed now, the reads still in flight end at once (a URL's requests are aborted, where a
        // read ahead that its server does not answer would hold the loop's `break` for ever) and
        // are dropped.
        await this.close();
        await Promise.allSettled(reading.map(({ batch }) => batch));
      }
    }
  }

  private fileLoader(operation: string): BatchLoader {
    if (this.loader === null) throw new StreamRandomAccessError(operation, this.source.name);
    return this.loader;
  }

  private async *streamBatches(columns: readonly number[], schema: Schema): AsyncGenerator<RecordBatch> {
    const { name } = this.source;
    if (this.streamRead)
      throw new Error(`the batches of ${name} have been read already: open it again to read them again`);
    this.streamRead = true;
    const all = columns.length === this.schema.fields.length;
    let firstSchema: Schema | undefined;
    const batches = this.stream![Symbol.asyncIterator]();
    for (let batchIndex = 0; ; batchIndex++) {
      const next = await parsingAsync(() => batches.next(), name).catch(async (error: unknown) => {
        await changedFirst(this.source, error);
        throw await this.damageAt(batchIndex, error);
      });
      await this.source.assertUnchanged();
      // apache-arrow gives a stream of no record batch an empty batch of its own making: the
      // stream has none, as a file of no record batch has none.
      if (next.done || next.value instanceof NoRecordBatch) {
        await this.piped?.finish();
        return;
      }
      const batch = next.value;
      // apache-arrow pads a column shorter than its batch with nulls and marks it nullable in the
      // batch's schema. readTableBytes refuses a batch whose schema then differs from the first
      // batch's (apache-arrow's Table does); so does this reader, so that the two agree.
      firstSchema ??= batch.schema;
      if (!util.compareSchemas(firstSchema, batch.schema)) {
        throw new NotArrowFileError(
          `record batch ${batchIndex}: its columns do not match those of the first batch (a column of another length than its batch); the file is corrupt`,
          name,
        );
      }
      // The structure of every column, the text of those read only.
      try {
        checkBatchData(batch, batchIndex, name, all);
      } catch (damage) {
        throw await this.damageAt(batchIndex, damage);
      }
      this.source.assertNotAborted();
      if (all) {
        yield batch;
        continue;
      }
      const children = columns.map((column) => batch.data.children[column]!);
      const projected = new RecordBatch(
        schema,
        makeData({ type: new Struct(schema.fields), length: batch.numRows, children }),
      );
      checkBatchText(projected, batchIndex, name);
      yield projected;
    }
  }

  /**
   * What to throw for `refusal`, the refusal of the table for what its schema says, made before
   * any batch was read: for a table piped in, whose footer's copy of the schema comes last, the
   * damage its end shows, if any (`PipedTable.refusalOfSchema`); else `refusal` (a file read by
   * its footer had the two copies compared when it was opened).
   */
  async refusalOfSchema(refusal: unknown): Promise<unknown> {
    return this.piped === null ? refusal : this.piped.refusalOfSchema(refusal);
  }

  /**
   * What to throw for `damage` met at batch `batchIndex` of a stream: at the first batch of a
   * table piped in, what its end shows first, if anything (`PipedTable.refusalOfFirstBatch`: a
   * damaged copy of the schema shows there, where a read by its path compares it with the footer's).
   */
  private async damageAt(batchIndex: number, damage: unknown): Promise<unknown> {
    return batchIndex === 0 && this.piped !== null ? this.piped.refusalOfFirstBatch(damage) : damage;
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}

/**
 * The source as apache-arrow's file reader takes a Node `FileHandle` (it checks `fd` and `stat`,
 * io/file.ts `AsyncRandomAccessFile`, and uses these four members only): its size is the one the
 * source had when opened, and each read is whole or throws, where apache-arrow's own loop would
 * ask again forever when a read returns nothing (a file that shrank). No Node API is used.
 */
function arrowFileHandle(source: RandomAccessSource, longMessages: readonly number[]): FileHandle {
  // apache-arrow reads a message's length, its metadata and its body, each a read of its own.
  const readAt = windowedReads(source, READ_WINDOW_BYTES, longMessages);
  const handle = {
    fd: -1,
    stat: async () => ({ size: source.size }),
    read: async (target: Uint8Array, offset: number, length: number, position: number) => {
      const bytes = await readAt(position, length);
      if (bytes.length !== length)
        throw new FileChangedError(source.name, `a read of ${length} bytes at ${position} gave ${bytes.length}`);
      target.set(bytes, offset);
      return { bytesRead: length, buffer: target };
    },
    // The source is closed by whoever opened it (close above), once, after apache-arrow is done.
    close: async () => undefined,
  };
  return handle as unknown as FileHandle;
}

/**
 * Reading an Arrow file batch by batch, for files larger than memory. apache-arrow's file reader
 * over a file handle reads the footer and schema first, then each record batch when asked, so
 * memory holds one batch at a time. What makes the batches a Legolas table (its schema version,
 * its columns and rows checked) is table-batches.ts.
 *
 * apache-arrow believes every count in the file's metadata, so before it sees the handle the
 * metadata is bounds-checked as readTableBytes checks it (guard/ipc-bounds.ts), reading only the
 * footer and each message's metadata from the file, never a body: memory stays one batch. A
 * file in the stream format (no footer) is checked the same way, message by message from its
 * start, skipping each body by its length; a file handle can seek, so no footer is needed.
 *
 * The file is read through guard/checked-file.ts: a regular file only, every read whole, and the file
 * checked unchanged (same size and times) once its schema is read and after each batch,
 * so a file truncated or rewritten in place is a `FileChangedError`, never a loop, a short read
 * or rows from two files.
 */
import { RecordBatchReader, util, type RecordBatch, type Schema } from "apache-arrow";
import { LegolasError } from "../errors.js";
import { checkBatchData } from "./guard/data-bounds.js";
import { NotArrowFileError } from "./errors.js";
import { isSystemError } from "../file-errors.js";
import { ReadableFile } from "./guard/checked-file.js";
import { checkIpcBoundsAt } from "./guard/ipc-bounds.js";
import { checkArrowEnds } from "./read-bytes.js";
import { compressionsOf, type TableCompression } from "./ipc/codecs.js";
import { useLinearArrow } from "./ipc/linear-arrow.js";

/**
 * An Arrow file (either IPC format) opened for reading batch by batch: its schema at once, then
 * its record batches, each checked against its own buffers and the first batch's columns, and
 * the file checked unchanged after each (guard/checked-file.ts). The public `TableFile` (table-batches.ts)
 * reads Legolas tables from it.
 */
export class ArrowBatchFile {
  private constructor(
    private readonly file: ReadableFile,
    private readonly reader: RecordBatchReader,
    readonly schema: Schema,
    /** The codecs of its compressed batches, from their metadata; empty when none is compressed. */
    readonly compression: readonly TableCompression[],
  ) {}

  /** `file`: the Arrow IPC file format (`ARROW1` magic, a footer); `stream`: the IPC stream format. */
  get format(): "file" | "stream" {
    return this.reader.isFile() ? "file" : "stream";
  }

  /** The file's size in bytes, when it was opened. */
  get byteLength(): number {
    return this.file.size;
  }

  /** The number of record batches the footer lists; `null` for the stream format, which has none. */
  get batchCount(): number | null {
    return this.reader.isFile() ? this.reader.numRecordBatches : null;
  }

  static async open(path: string): Promise<ArrowBatchFile> {
    useLinearArrow();
    const file = await ReadableFile.open(path);
    try {
      const { size } = file;
      const head = await file.readAt(0, Math.min(8, size));
      const tail = await file.readAt(size - Math.min(6, size), Math.min(6, size));
      checkArrowEnds(head, tail, size, path);
      const codecs = await checkIpcBoundsAt(size, head[0] === 0x41, (at, length) => file.readAt(at, length), path);
      const reader = await parsing(() => RecordBatchReader.from(file.forArrow()), path);
      await parsing(() => reader.open(), path);
      await file.assertUnchanged();
      // A stream that ends before its Schema message leaves the reader without one.
      if (reader.schema === undefined)
        throw new NotArrowFileError("it ends before its schema; the file is corrupt", path);
      return new ArrowBatchFile(file, reader, reader.schema, compressionsOf(codecs));
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** The record batches, in order; a batch is given only once the file is known unchanged after reading it. */
  async *batches(): AsyncGenerator<RecordBatch> {
    const { path } = this.file;
    let firstSchema: Schema | undefined;
    const batches = this.reader[Symbol.asyncIterator]();
    for (let batchIndex = 0; ; batchIndex++) {
      const next = await parsing(() => batches.next(), path);
      await this.file.assertUnchanged();
      if (next.done) return;
      const batch = next.value;
      // apache-arrow pads a column shorter than its batch with nulls and marks it nullable in the
      // batch's schema. readTableBytes refuses a batch whose schema then differs from the first
      // batch's (apache-arrow's Table does); so does this reader, so that the two agree.
      firstSchema ??= batch.schema;
      if (!util.compareSchemas(firstSchema, batch.schema)) {
        throw new NotArrowFileError(
          `record batch ${batchIndex}: its columns do not match those of the first batch (a column of another length than its batch); the file is corrupt`,
          path,
        );
      }
      checkBatchData(batch, batchIndex, path);
      yield batch;
    }
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/**
 * An apache-arrow step, its failures to parse reported as readTableBytes reports them (a
 * `NotArrowFileError`); the file's own errors (it changed, it could not be read) pass through.
 */
async function parsing<T>(step: () => Promise<T>, source: string): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof LegolasError || isSystemError(error)) throw error;
    throw new NotArrowFileError(
      `apache-arrow could not parse it: ${(error as Error)?.message ?? String(error)}`,
      source,
      { cause: error },
    );
  }
}

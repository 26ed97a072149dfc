/**
 * Arrow IPC *file* bytes that Arrow.jl can read, produced batch by batch.
 *
 * Arrow JS's RecordBatchFileWriter writes the magic and then record batches, keeping the schema
 * only in the footer. Arrow.jl ignores the footer and reads the messages after the magic as a
 * stream, which must begin with a Schema message ("first arrow ipc message MUST be a schema
 * message"), and the Arrow spec describes the file body as a stream too. So our writer puts the
 * schema message back where the spec and Julia's files have it; everything else, footer included,
 * is apache-arrow's.
 */
import {
  compressionRegistry,
  DataType,
  Field,
  Message,
  RecordBatchFileWriter,
  Schema,
  type Data,
  type RecordBatch,
} from "apache-arrow";
import { BufferRegion } from "apache-arrow/ipc/metadata/message";
import { decompressionLimit } from "../guard/compressed-bodies.js";
import { compressionType, type TableCompression } from "./codecs.js";
import { ColumnTooLargeError, MAX_COLUMN_OFFSET } from "../errors.js";
import { gatheredLayout, gatheredParts, holdsPlaceholder, paddedLength, writtenByteLength } from "./gathered-values.js";
import { joinedBytes } from "../source/byte-source.js";

class LegolasFileWriter extends RecordBatchFileWriter {
  protected override _writeSchema(schema: Schema): this {
    // The magic and its padding (what the base class writes), then the stream's Schema message.
    this._writeMagic()._writePadding(2);
    return this._writeMessage(Message.from(withEmptyNamesWritten(schema)));
  }

  protected override _writeFooter(schema: Schema): this {
    return super._writeFooter(withEmptyNamesWritten(schema));
  }

  /** Decompressed bytes the compressed buffers written so far declare. */
  #declared = 0;

  /**
   * apache-arrow's layout of a batch's body, with each placeholder of gathered values
   * (gathered-values.ts) counted at the size of the arrays it stands for. Compressed bodies are
   * laid out by `_compressBodyBuffers`, which joins those arrays.
   */
  protected override _assembleRecordBatch(
    batch: Parameters<RecordBatchFileWriter["_assembleRecordBatch"]>[0],
  ): ReturnType<RecordBatchFileWriter["_assembleRecordBatch"]> {
    const assembled = super._assembleRecordBatch(batch);
    if (this._compression != null || !holdsPlaceholder(assembled.buffers)) return assembled;
    return { ...assembled, ...gatheredLayout(assembled.buffers) };
  }

  /** Writes each buffer, or in place of a placeholder (gathered-values.ts) its arrays, one after the other. */
  protected override _writeBodyBuffers(buffers: ArrayBufferView[]): this {
    if (this._compression != null || !holdsPlaceholder(buffers)) return super._writeBodyBuffers(buffers);
    for (const buffer of buffers) {
      const byteLength = writtenByteLength(buffer);
      if (byteLength === 0) continue;
      for (const part of gatheredParts(buffer) ?? [buffer]) this._write(part);
      this._writePadding(paddedLength(byteLength) - byteLength);
    }
    return this;
  }

  /**
   * The bodies of record and dictionary batches, compressed buffer by buffer as apache-arrow's
   * own writer does (a buffer that compression does not shrink is stored as it is, its prefix
   * -1), with two differences:
   *
   * - the 8-byte prefix holds the decompressed length, as the format says: apache-arrow 21
   *   writes the compressed one, which its own reader ignores but Arrow.jl, Arrow C++/Rust,
   *   Polars and our reader size their output by;
   * - a buffer is stored uncompressed where its decompressed length would take the file past
   *   the budget our reader allows a file of its size (guard/compressed-bodies.ts,
   *   `decompressionLimit`): 68 MB of zeros compress to a few KB, which a reader cannot tell
   *   from a decompression bomb. The file's size so far is a lower bound of its final size, so
   *   no file this writer makes is refused as a bomb.
   */
  protected override _compressBodyBuffers(
    buffers: ArrayBufferView[],
  ): ReturnType<RecordBatchFileWriter["_compressBodyBuffers"]> {
    const encode = compressionRegistry.get(this._compression!.type)!.encode!;
    const parts: Uint8Array[] = [];
    const bufferRegions: BufferRegion[] = [];
    let offset = 0;
    for (const buffer of buffers) {
      // A codec needs each buffer whole: a placeholder's arrays (gathered-values.ts) are joined first.
      const gathered = gatheredParts(buffer);
      const bytes =
        gathered === undefined
          ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
          : joinedBytes(gathered, writtenByteLength(buffer));
      if (bytes.length === 0) {
        parts.push(bytes, bytes);
        bufferRegions.push(new BufferRegion(offset, 0));
        continue;
      }
      offset = paddedLength(offset);
      const packed = encode(bytes);
      const compress =
        packed.length < bytes.length &&
        this.#declared + bytes.length <= decompressionLimit(this._position + offset + 8 + packed.length);
      const stored = compress ? packed : bytes;
      const prefix = new Uint8Array(8);
      new DataView(prefix.buffer).setBigInt64(0, compress ? BigInt(bytes.length) : -1n, true);
      if (compress) this.#declared += bytes.length;
      parts.push(prefix, stored);
      bufferRegions.push(new BufferRegion(offset, 8 + stored.length));
      offset += 8 + stored.length;
    }
    return { byteLength: paddedLength(offset), bufferRegions, buffers: parts };
  }
}

/** A writer whose record-batch bodies are compressed with `compression` (its encoder loaded), or not at all. */
function fileWriter(compression: TableCompression | undefined): LegolasFileWriter {
  return new LegolasFileWriter({ compressionType: compressionType(compression) });
}

/**
 * apache-arrow leaves out a field name that is "" (it tests the name for truth), but Arrow.jl
 * names list elements "" and Arrow's Rust implementation (Polars) refuses a field without a
 * name ("Every field in IPC must have a name"). An empty `Uint8Array` is truthy and the
 * flatbuffer builder writes it as the empty string: this copy of the schema, used only to encode
 * it, carries one wherever a name is empty.
 */
const EMPTY_NAME = new Uint8Array(0) as unknown as string;

function withEmptyNamesWritten(schema: Schema): Schema {
  return new Schema(
    schema.fields.map(withEmptyNameWritten),
    schema.metadata,
    schema.dictionaries,
    schema.metadataVersion,
  );
}

function withEmptyNameWritten(field: Field): Field {
  let type: DataType = field.type;
  const children = (type.children as Field[] | undefined) ?? [];
  // A dictionary's children belong to its value type, which it shares: left as it is.
  if (children.length > 0 && !DataType.isDictionary(type))
    type = withChildren(type, children.map(withEmptyNameWritten));
  return new Field(
    field.name === "" || field.name == null ? EMPTY_NAME : field.name,
    type,
    field.nullable,
    field.metadata,
  );
}

/** A copy of a nested type (list, struct, map ...) with other child fields; apache-arrow has no generic way. */
export function withChildren(type: DataType, children: Field[]): DataType {
  return Object.create(Object.getPrototypeOf(type), {
    ...Object.getOwnPropertyDescriptors(type),
    children: { value: children, enumerable: true },
  }) as DataType;
}

/**
 * The whole file at once, for tables that are in memory anyway (browser builds, tests). Typed
 * as bytes of an `ArrayBuffer`, which they are (apache-arrow joins what it wrote into a buffer it
 * made), so that they go to `new Blob([bytes])` and `fetch(url, { body: bytes })` as they are.
 */
export function ipcFileBytes(
  schema: Schema,
  batches: Iterable<RecordBatch>,
  compression?: TableCompression,
): Uint8Array<ArrayBuffer> {
  const writer = fileWriter(compression);
  let started = false;
  for (const batch of batches) {
    // As in ipcFileChunks: the file's schema is its first batch's.
    if (!started) writer.reset(undefined, batch.schema);
    started = true;
    writer.write(buffersChecked(batch));
  }
  if (!started) writer.reset(undefined, schema);
  writer.finish();
  return writer.toUint8Array(true) as Uint8Array<ArrayBuffer>;
}

/**
 * `batch`, once every buffer of every column, padded to 8 bytes as it is written, is known to be
 * under 2 GiB: apache-arrow's writer pads buffer lengths in 32-bit arithmetic (`(length + 7) & ~7`
 * in `addBuffer`), so a larger buffer, or one of 2^31 - 7 bytes or more, would make a corrupt file
 * that no reader opens. Measured: a 2.3 GB single-batch table.
 */
function buffersChecked(batch: RecordBatch): RecordBatch {
  batch.schema.fields.forEach((field, k) => checkBuffers(field.name, batch.data.children[k]!, batch.numRows));
  return batch;
}

function checkBuffers(path: string, data: Data, rows: number): void {
  for (const buffer of [data.values, data.valueOffsets, data.nullBitmap] as (ArrayBufferView | undefined)[]) {
    const written = buffer === undefined ? 0 : paddedLength(writtenByteLength(buffer));
    // The buffer of a one-row batch is that row's value (a model row's weights): no batch size splits it.
    const largestValue = rows === 1 ? written : 0;
    if (written > MAX_COLUMN_OFFSET)
      throw new ColumnTooLargeError(path, "bytes", written, rows, largestValue, "buffer");
  }
  data.children.forEach((child, k) => checkBuffers(childPath(path, data.type, k), child, rows));
}

/** A child column's path as the encoders name it: `points[]` for a list's elements, `point.x` for a struct's field. */
function childPath(path: string, type: DataType, k: number): string {
  if (DataType.isList(type) || DataType.isFixedSizeList(type) || DataType.isMap(type)) return `${path}[]`;
  return `${path}.${(type.children as Field[] | undefined)?.[k]?.name ?? k}`;
}

const NOT_READY = Symbol("not ready");
const notReady = Promise.resolve(NOT_READY);

/**
 * The file's bytes as chunks, produced while `batches` is consumed: after each batch the chunks
 * written so far are handed on, so memory holds about one batch, whatever the file's size. The
 * chunks are views of the batches' own buffers (arrow pads them), but for runs of small pieces
 * (message headers, padding, offsets), which are copied into one chunk: each chunk costs its
 * caller a write call (a model row of 20 arrays: 22 chunks, against 39 uncoalesced).
 */
export async function* ipcFileChunks(
  schema: Schema,
  batches: Iterable<RecordBatch> | AsyncIterable<RecordBatch>,
  compression?: TableCompression,
): AsyncGenerator<Uint8Array> {
  const writer = fileWriter(compression);
  const queue = writer[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<Uint8Array>> | null = null;

  // The writer's queue resolves `next()` at once while it holds chunks and leaves it pending
  // when empty; racing it against an already-resolved promise tells the two apart without
  // losing the pending read, which is kept for the next round.
  async function* written(): AsyncGenerator<Uint8Array> {
    for (;;) {
      pending ??= queue.next();
      const result = await Promise.race([pending, notReady]);
      if (result === NOT_READY) return;
      pending = null;
      if (result.done === true) return;
      yield result.value;
    }
  }

  async function* rest(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const result = await (pending ?? queue.next());
      pending = null;
      if (result.done === true) return;
      yield result.value;
    }
  }

  let started = false;
  for await (const batch of batches) {
    // The schema's message goes out with the first batch's (one chunk, when small), and is that
    // batch's: rows from an iterator say their weights' layout as they come (weights-layout.ts).
    if (!started) writer.reset(undefined, batch.schema);
    started = true;
    writer.write(buffersChecked(batch));
    yield* coalesced(written());
  }
  if (!started) writer.reset(undefined, schema);
  writer.finish();
  yield* coalesced(rest());
}

/** Chunks under this size are copied together: a write call each costs more than the copy. */
const SMALL_CHUNK_BYTES = 64 * 1024;

/** `chunks` with each run of small ones (under {@link SMALL_CHUNK_BYTES}) copied into one chunk; the others as they are. */
async function* coalesced(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let run: Uint8Array[] = [];
  let runBytes = 0;
  const flush = () => {
    const chunk = run.length === 1 ? run[0]! : joinedBytes(run, runBytes);
    run = [];
    runBytes = 0;
    return chunk;
  };
  for await (const chunk of chunks) {
    const small = chunk.byteLength < SMALL_CHUNK_BYTES;
    if (small) {
      run.push(chunk);
      runBytes += chunk.byteLength;
    }
    if (run.length > 0 && (runBytes >= SMALL_CHUNK_BYTES || !small)) yield flush();
    if (!small) yield chunk;
  }
  if (run.length > 0) yield flush();
}

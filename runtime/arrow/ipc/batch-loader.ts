/**
 * Record batches of an Arrow IPC file read one at a time, by their place in the footer, and only
 * the columns asked for. apache-arrow's readers take a batch's whole body; this loader reads the
 * batch's metadata, picks the field nodes and buffers of the wanted columns (column-parts.ts),
 * fetches those buffers alone (merged where adjacent, byte-source.ts), decompresses only them,
 * and has apache-arrow's own `VectorLoader` build the `Data` from them.
 *
 * Every check of the whole-file read holds, in the same order: a block's message metadata is
 * bounds-checked before apache-arrow parses it, the compressed buffers it will decompress are
 * checked against the decompression budget first (guard/ipc-bounds.ts, `checkBlockAt`), each
 * batch's data against its buffers after (guard/data-bounds.ts), and the source is checked
 * unchanged after each batch. Dictionaries are read once, when a column that needs them is, each
 * chunk decoded once; the file format forbids replacing a dictionary, so a file that does is refused.
 */
import {
  compressionRegistry,
  type Data,
  DataType,
  type Field,
  makeData,
  RecordBatch,
  type Schema,
  Struct,
  Vector,
} from "apache-arrow";
import {
  type BodyCompression,
  Message,
  type RecordBatch as BatchHeader,
  type DictionaryBatch,
} from "apache-arrow/ipc/metadata/message";
import { CompressedVectorLoader } from "apache-arrow/visitor/vectorloader";
import { CorruptTableError, NotArrowFileError } from "../errors.js";
import { checkBatchData } from "../guard/data-bounds.js";
import { checkBlockAt, dictionaryReplacement, type FileBlock } from "../guard/ipc-bounds.js";
import { type RandomAccessSource, readRange } from "../source/byte-source.js";
import { type BatchMetadata, type ColumnParts, pickColumnParts } from "./column-parts.js";
import type { FileFooter } from "./footer.js";
import { parsing } from "./parse-failure.js";

/** Bytes already fetched, at their place in the file. */
interface Piece {
  readonly at: number;
  readonly bytes: Uint8Array;
}

/**
 * Blocks this small, read in order, are fetched with the small blocks after them: a batch of a
 * few rows costs a read of its metadata, one of its buffers and a check of the source, each a
 * system call (a round trip over HTTP) worth more than its bytes. 20,000 one-row batches took
 * 4.5 s where apache-arrow reads the same bytes in 0.3 s (BENCHMARKS.md, "Many small batches").
 */
const SMALL_BLOCK_BYTES = 64 * 2 ** 10;
/** The most bytes of small blocks fetched together (and less when the reader's read-ahead budget is less). */
const SMALL_BLOCKS_READ_BYTES = 2 ** 20;

export class BatchLoader {
  private readonly rowCounts: (number | undefined)[];
  private readonly dictionaries = new Map<number, Vector>();
  private dictionariesLoaded: Promise<void> = Promise.resolve();
  /** The codecs (Message.fbs `CompressionType`) of the compressed batches whose metadata has been read. */
  readonly codecs = new Set<number>();
  /** The dictionary id of each dictionary block, once its metadata has been read. */
  private readonly dictionaryBlockIds: (number | undefined)[];
  /** A run of small record batch blocks fetched together ({@link fetchSmallBlocksFrom}), `end` exclusive. */
  private smallBlocks: { readonly at: number; readonly end: number; readonly bytes: Promise<Uint8Array> } | null = null;

  constructor(
    private readonly source: RandomAccessSource,
    private readonly footer: FileFooter,
  ) {
    this.rowCounts = new Array(footer.recordBatches.length);
    this.dictionaryBlockIds = new Array(footer.dictionaryBatches.length);
  }

  get batchCount(): number {
    return this.footer.recordBatches.length;
  }

  /** The rows of batch `index`, from its metadata alone (read once). */
  async rowCount(index: number): Promise<number> {
    const known = this.rowCounts[index];
    if (known !== undefined) return known;
    // Rows are counted through the blocks in order (the batches before one read by its index, or
    // all of them), so small ones are fetched many at a read; batch 0's metadata came with the footer.
    if (index > 0) this.fetchSmallBlocksFrom(index, SMALL_BLOCKS_READ_BYTES);
    const { header } = await this.readMessage(this.footer.recordBatches[index]!, "record batch");
    return this.countRows(index, header as BatchHeader);
  }

  /**
   * For a reader going through the batches in order: when batch `index`'s block is small, fetches
   * it with the small blocks that follow it in the file, up to {@link SMALL_BLOCKS_READ_BYTES} or
   * `maxBytes` (the reader's read-ahead budget), in one read that their reads then take their
   * bytes from (all of each block, whatever the columns: at this size the read is the cost, not
   * the bytes). A block read alone by its index stays a read of its own columns.
   */
  fetchSmallBlocksFrom(index: number, maxBytes: number): void {
    const blocks = this.footer.recordBatches;
    const first = blocks[index]!;
    // The first batch's metadata was read with the footer (footer.ts): a run from it starts after.
    const at = index === 0 ? first.offset + first.metaDataLength : first.offset;
    const held = this.smallBlocks;
    if (held !== null && at >= held.at && blockEnd(first) <= held.end) return;
    let end = first.offset;
    let count = 0;
    for (let k = index; k < blocks.length; k++, count++) {
      const block = blocks[k]!;
      const contiguous = block.offset === end;
      if (!contiguous || blockEnd(block) - block.offset > SMALL_BLOCK_BYTES) break;
      if (blockEnd(block) - first.offset > Math.min(SMALL_BLOCKS_READ_BYTES, maxBytes)) break;
      end = blockEnd(block);
    }
    // A lone small block gains nothing from a read of its own.
    if (count < 2) return;
    const bytes = readRange(this.source, at, end - at);
    const run = { at, end, bytes };
    // Its failure is thrown to the reads waiting on it, and no later one: they fetch their bytes
    // again. Until then it is not "unhandled".
    bytes.catch(() => {
      if (this.smallBlocks === run) this.smallBlocks = null;
    });
    this.smallBlocks = run;
  }

  /** The bytes of `ranges`: from the small blocks fetched together where they hold them all, else from the source. */
  private async read(ranges: readonly { readonly at: number; readonly length: number }[]): Promise<Uint8Array[]> {
    const held = this.smallBlocks;
    if (held === null || !ranges.every(({ at, length }) => at >= held.at && at + length <= held.end))
      return this.source.read(ranges);
    const bytes = await held.bytes;
    return ranges.map(({ at, length }) => bytes.subarray(at - held.at, at - held.at + length));
  }

  /**
   * Batch `index` (which must be in range) with the columns at `columns` (indexes into the
   * schema, ascending) and no other, as a batch of `projected` (the file's schema with those
   * fields only). `take`, when given, is awaited with the bytes of the batch's buffers once its
   * metadata says how many, before they are fetched (a read ahead waits there for room).
   */
  async readBatch(
    index: number,
    columns: readonly number[],
    projected: Schema,
    take?: (bytes: number) => Promise<void>,
  ): Promise<RecordBatch> {
    try {
      return await this.loadBatch(index, columns, projected, take);
    } catch (error) {
      await changedFirst(this.source, error);
      throw error;
    }
  }

  private async loadBatch(
    index: number,
    columns: readonly number[],
    projected: Schema,
    take?: (bytes: number) => Promise<void>,
  ): Promise<RecordBatch> {
    const { source, footer } = this;
    const { schema } = footer;
    const block = footer.recordBatches[index]!;
    const { metadata, header: decoded } = await this.readMessage(block, "record batch");
    const header = decoded as BatchHeader;
    const rows = this.countRows(index, header);
    const fail = (problem: string): never => {
      throw new NotArrowFileError(`record batch ${index}: ${problem}; the file is corrupt`, source.name);
    };
    const parts = pickColumnParts(footer.checked.layout, header, columns, fail);
    const fields = columns.map((column) => schema.fields[column]!);
    // Batches read at once wait for one load of the dictionaries, in turn. A load that fails
    // fails its read alone: the next read loads them again (a server that failed once, say),
    // as a read of other columns reads them again.
    const loading = this.dictionariesLoaded.then(() => this.loadDictionaries(fields));
    this.dictionariesLoaded = loading.catch(() => undefined);
    await loading;
    await take?.(parts.buffers.reduce((bytes, buffer) => bytes + buffer.length, 0));
    const children = await this.loadColumns(
      block,
      metadata,
      "record batch",
      parts,
      header.compression,
      new Set(columns),
      fields,
    );
    // apache-arrow's RecordBatch would pad or cut a column of another length than the batch's
    // without a word; the metadata check refused such a batch (guard/batch-layout.ts).
    const batch = parsing(
      () => new RecordBatch(projected, makeData({ type: new Struct(fields), length: rows, children })),
      source.name,
    );
    checkBatchData(batch, index, source.name);
    await source.assertUnchanged();
    return batch;
  }

  /** A batch's row count, as apache-arrow's `Data` takes it (a negative count is none), kept for {@link rowCount}. */
  private countRows(index: number, header: BatchMetadata & { readonly length: number }): number {
    const rows = Math.max(header.length, 0);
    if (!Number.isSafeInteger(rows)) {
      throw new CorruptTableError(`record batch ${index}: its row count ${rows} is not a length`, this.source.name);
    }
    this.rowCounts[index] = rows;
    return rows;
  }

  /** A block's message: its metadata read, bounds-checked, then parsed; and its header. */
  private async readMessage(
    block: FileBlock,
    kind: "record batch" | "dictionary batch",
  ): Promise<{ metadata: Uint8Array; header: BatchHeader | DictionaryBatch }> {
    const { source } = this;
    const { firstBatchMetadata, recordBatches } = this.footer;
    // The first batch's metadata was read with the footer (footer.ts).
    const metadata =
      block === recordBatches[0] ? firstBatchMetadata : await this.readOne(block.offset, block.metaDataLength);
    await checkBlockAt(
      this.footer.checked,
      block,
      kind,
      "none",
      this.readerOf([{ at: block.offset, bytes: metadata }]),
      source.name,
    );
    // The prefix: a continuation marker 0xFFFFFFFF and the length, or (before Arrow 0.15) the length alone.
    const view = new DataView(metadata.buffer, metadata.byteOffset, metadata.byteLength);
    const marked = view.getInt32(0, true) === -1;
    const prefix = marked ? 8 : 4;
    const length = view.getInt32(marked ? 4 : 0, true);
    // The check has made sure the message lies inside its block; a longer one than the footer says is read whole.
    const bytes =
      prefix + length <= metadata.length
        ? metadata.subarray(prefix, prefix + length)
        : await this.readOne(block.offset + prefix, length);
    // apache-arrow decodes the header on demand: its failures (a length past 2^53) are parse failures too.
    const header = parsing(() => Message.decode(bytes).header() as BatchHeader | DictionaryBatch, source.name);
    const { compression } = "data" in header ? header.data : header;
    if (compression != null) this.codecs.add(compression.type);
    return { metadata, header };
  }

  /** `readAt` for a guard walk: from the pieces already fetched where they hold the range, else from the source. */
  private readerOf(pieces: readonly Piece[]): (at: number, length: number) => Promise<Uint8Array> {
    return async (at, length) => {
      for (const piece of pieces) {
        if (at >= piece.at && at + length <= piece.at + piece.bytes.length)
          return piece.bytes.subarray(at - piece.at, at - piece.at + length);
      }
      return this.readOne(at, length);
    };
  }

  private async readOne(at: number, length: number): Promise<Uint8Array> {
    const [bytes] = await this.read([{ at, length }]);
    return bytes!;
  }

  /**
   * The dictionaries the columns of `fields` need, read once: the dictionary blocks' metadata
   * (the footer does not say which dictionary each holds) until every needed one is found.
   */
  private async loadDictionaries(fields: readonly Field[]): Promise<void> {
    const needed = new Set<number>();
    for (const field of fields) dictionaryIds(field.type, needed);
    for (const id of this.dictionaries.keys()) needed.delete(id);
    if (needed.size === 0) return;
    const chunks = new Map<number, Data[]>();
    for (const [k, block] of this.footer.dictionaryBatches.entries()) {
      if (this.dictionaryBlockIds[k] !== undefined && !needed.has(this.dictionaryBlockIds[k]!)) continue;
      const { metadata, header: decoded } = await this.readMessage(block, "dictionary batch");
      const header = decoded as DictionaryBatch;
      this.dictionaryBlockIds[k] = header.id;
      if (!needed.has(header.id)) continue;
      const type = this.footer.schema.dictionaries.get(header.id)!;
      const earlier = chunks.get(header.id) ?? [];
      if (earlier.length > 0 && !header.isDelta) {
        throw new NotArrowFileError(`${dictionaryReplacement(header.id)}; the file is corrupt`, this.source.name);
      }
      const { data } = header;
      const [values] = await this.loadColumns(block, metadata, "dictionary batch", data, data.compression, "all", [
        type,
      ]);
      earlier.push(values!);
      chunks.set(header.id, earlier);
    }
    for (const [id, data] of chunks) this.dictionaries.set(id, new Vector(data));
  }

  /**
   * The `Data` of `types` from the `parts` of a block's body: their buffers fetched (merged where
   * close, byte-source.ts), checked against the decompression budget and decompressed when the
   * block is compressed (`counted`: the columns whose buffers are), then built by apache-arrow's
   * `VectorLoader`.
   */
  private async loadColumns(
    block: FileBlock,
    metadata: Uint8Array,
    kind: "record batch" | "dictionary batch",
    parts: ColumnParts,
    compression: BodyCompression | null,
    counted: "all" | ReadonlySet<number>,
    types: readonly (Field | DataType)[],
  ): Promise<Data[]> {
    const { source, footer } = this;
    const bodyAt = block.offset + block.metaDataLength;
    const regions = parts.buffers.map(({ offset, length }) => ({ at: bodyAt + offset, length }));
    let buffers = (await this.read(regions)).map(aligned);
    if (compression != null) {
      const pieces = [
        { at: block.offset, bytes: metadata },
        ...regions.map(({ at }, k) => ({ at, bytes: buffers[k]! })),
      ];
      await checkBlockAt(footer.checked, block, kind, counted, this.readerOf(pieces), source.name);
      buffers = decompress(buffers, compression.type, source.name);
    }
    return parsing(
      () =>
        new CompressedVectorLoader(
          buffers,
          parts.nodes,
          parts.buffers,
          this.dictionaries,
          footer.schema.metadataVersion,
          parts.variadicBufferCounts,
        ).visitMany([...types]),
      source.name,
    );
  }
}

/** Where a block ends in the file: the offset just past its body. */
function blockEnd(block: FileBlock): number {
  return block.offset + block.metaDataLength + block.bodyLength;
}

/** The ids of the dictionaries a column of `type` is encoded with, at any depth. */
function dictionaryIds(type: DataType, out: Set<number>): void {
  if (DataType.isDictionary(type)) {
    out.add(type.id);
    dictionaryIds(type.dictionary, out);
  }
  for (const child of type.children ?? []) dictionaryIds(child.type, out);
}

/**
 * `buffer`, at an 8-byte boundary of its memory, where apache-arrow views 64-bit values (it
 * refuses a BigInt64Array elsewhere). A file's buffers are 8-aligned in the file, so bytes read
 * into their own buffer are; a view into bytes the caller gave, or into an HTTP source's tail,
 * may not be, and is copied.
 */
function aligned(buffer: Uint8Array): Uint8Array {
  return buffer.byteOffset % 8 === 0 ? buffer : buffer.slice();
}

/**
 * The buffers of a compressed batch, decompressed: each starts with its decompressed length (8
 * bytes), -1 for a buffer stored as it is (Arrow's BodyCompression). The lengths were checked
 * against the budget (guard/compressed-bodies.ts); the codecs (ipc/codecs.ts) decode into exactly that.
 */
function decompress(buffers: readonly Uint8Array[], codecType: number, name: string): Uint8Array[] {
  const codec = compressionRegistry.get(codecType);
  return buffers.map((buffer) => {
    if (buffer.length === 0) return buffer;
    const declared = new DataView(buffer.buffer, buffer.byteOffset, 8).getBigInt64(0, true);
    const body = buffer.subarray(8);
    return declared === -1n ? body : parsing(() => codec!.decode!(body), name);
  });
}

/**
 * Throws `FileChangedError` when `error` refuses bytes as no Arrow (or corrupt Arrow) and
 * `source` changed since it was opened: bytes read while a writer rewrote the file in place break
 * the format where the file was sound, and "corrupt, write it again from its source" would send
 * the user after a fault the file does not have. Any other error is left as it is.
 */
export async function changedFirst(source: RandomAccessSource, error: unknown): Promise<void> {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "not_arrow_file" || code === "corrupt_table") await source.assertUnchanged();
}

/**
 * The footer of an Arrow IPC file, read from a {@link RandomAccessSource}: the table's schema and
 * where each record batch and dictionary batch lies, which is what lets a reader fetch one batch,
 * or some columns of it, without the rest of the file (Arrow columnar format, "IPC File Format").
 *
 * The footer is bounds-checked (guard/ipc-bounds.ts, `checkFooterAt`) before apache-arrow parses
 * it; the messages it points at are checked one by one when read (ipc/batch-loader.ts).
 */
import type { Schema } from "apache-arrow";
import { Footer } from "apache-arrow/ipc/metadata/file";
import {
  type CheckedFooter,
  checkFooterAt,
  type FileBlock,
  fileStreamSchemaAt,
  type ReadAt,
} from "../guard/ipc-bounds.js";
import { ARROW_MAGIC, checkArrowEnds } from "../read-bytes.js";
import { type RandomAccessSource, readRange } from "../source/byte-source.js";
import { parsing } from "./parse-failure.js";
import { checkSchemaCopies, checkStreamEnd, streamBlocksEnd } from "./schema-copies.js";
import { withUnionTypeIds } from "./union-type-ids.js";

/** A file's footer, found, bounds-checked and decoded ({@link decodeFooterAt}). */
export interface DecodedFooter {
  readonly schema: Schema;
  readonly recordBatches: readonly FileBlock[];
  readonly dictionaryBatches: readonly FileBlock[];
  /** What the checks of each block need (guard/ipc-bounds.ts). */
  readonly checked: CheckedFooter;
  /** Where the footer's bytes start in the file. */
  readonly start: number;
}

export interface FileFooter extends Omit<DecodedFooter, "start"> {
  /** The metadata of the first record batch (its prefix and message), read with the file's first bytes; empty without one. */
  readonly firstBatchMetadata: Uint8Array;
}

/** The footer's int32 length and the closing magic. */
export const FOOTER_TRAILER = 4 + ARROW_MAGIC.length;
/**
 * Bytes past the footer's length that the read of a file's start takes: room for the stream's
 * Schema message's prefix and header beside the schema the footer holds too.
 */
const HEAD_SLACK = 1024;

/**
 * The footer of `source`, or `null` when it is in the stream format (which has none). Throws
 * `NotArrowFileError` when it is neither format, is truncated, or its footer is out of bounds.
 *
 * Its end is read first (over HTTP, the tail the source fetched when opened: no request), then
 * its start (the magic and the Schema message of its stream) and its first record batch's
 * metadata in one read where they are near (one request): so opening a table knows its codec
 * (writers compress every batch of a file alike) for the cost of knowing its format, and that
 * its stream's schema is its footer's (ipc/schema-copies.ts; a `CorruptTableError` when not).
 */
export async function readFooter(source: RandomAccessSource): Promise<FileFooter | null> {
  const { size, name } = source;
  // The footer's checks and decoding read its magic, its length and itself; each is kept, not read twice.
  const pieces = new Map<string, Promise<Uint8Array>>();
  const readAt = (at: number, length: number) => {
    const key = `${at}+${length}`;
    if (!pieces.has(key)) pieces.set(key, readRange(source, at, length));
    return pieces.get(key)!;
  };
  const tail = await readAt(size - Math.min(ARROW_MAGIC.length, size), Math.min(ARROW_MAGIC.length, size));
  const decoded = await decodeFooterAt(size, readAt, name);
  if (decoded === null) {
    // No footer: a stream, or no Arrow file at all (checkArrowEnds says which).
    checkArrowEnds(await readRange(source, 0, Math.min(8, size)), tail, size, name);
    return null;
  }
  const { start: footerStart, checked, ...footer } = decoded;
  const footerLength = size - FOOTER_TRAILER - footerStart;
  const first = footer.recordBatches[0];
  // The stream's Schema message (what Arrow.jl reads for the schema) lies between the magic and
  // the first block in every writer's files: read with the first batch's metadata, as far as an
  // honest one reaches (the footer holds the same schema); one that reaches further is read on.
  let blocksStart = footerStart;
  for (const block of [footer.recordBatches, footer.dictionaryBatches].flat())
    blocksStart = Math.min(blocksStart, block.offset);
  const headLength = Math.max(8, Math.min(blocksStart, 8 + footerLength + HEAD_SLACK));
  const [head, firstBatchMetadata] = await source.read([
    { at: 0, length: headLength },
    { at: first?.offset ?? 0, length: first?.metaDataLength ?? 0 },
  ]);
  checkArrowEnds(head!.subarray(0, 8), tail, size, name);
  // A stream (its first bytes a continuation marker) that happens to end like a file is read as a stream.
  if (head![0] !== ARROW_MAGIC[0]) return null;
  const inHead = (at: number, length: number) =>
    at + length <= head!.length ? Promise.resolve(head!.subarray(at, at + length)) : readRange(source, at, length);
  const streamSchema = await fileStreamSchemaAt(footerStart, inHead, name);
  checkSchemaCopies(footer.schema, streamSchema, name);
  if (streamSchema !== null) {
    // The stream Arrow.jl reads holds the blocks the footer lists and no other message.
    const end = streamBlocksEnd([...footer.recordBatches, ...footer.dictionaryBatches], streamSchema, name);
    const length = Math.min(8, footerStart - end);
    checkStreamEnd(length > 0 ? await inHead(end, length) : new Uint8Array(0), end, name);
  }
  return { ...footer, checked, firstBatchMetadata: firstBatchMetadata! };
}

/**
 * The footer of a file of `size` bytes read through `readAt`, or `null` when the file does not
 * end in Arrow's magic (or is too short to: a stream, or no Arrow file). Its length is the int32
 * before the magic; the footer is bounds-checked (guard/ipc-bounds.ts, `checkFooterAt`) before
 * apache-arrow decodes it, and its blocks are listed. Throws `NotArrowFileError` when its length
 * or its contents are out of bounds or do not parse (`readAt` may throw too). The one place the
 * footer is found and decoded: {@link readFooter} (every random-access read) and the pipelined
 * read (arrow/pipelined-read.ts).
 */
export async function decodeFooterAt(size: number, readAt: ReadAt, source?: string): Promise<DecodedFooter | null> {
  if (size < 2 * ARROW_MAGIC.length + 8) return null;
  const tail = await readAt(size - ARROW_MAGIC.length, ARROW_MAGIC.length);
  if (!ARROW_MAGIC.every((byte, k) => tail[k] === byte)) return null;
  const checked = await checkFooterAt(size, readAt, source);
  const lengthBytes = await readAt(size - FOOTER_TRAILER, 4);
  const length = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 4).getInt32(0, true);
  const start = size - FOOTER_TRAILER - length;
  const footerBytes = await readAt(start, length);
  // apache-arrow decodes the blocks on demand: their failures (an offset past 2^53) are parse failures too.
  const footer = parsing(() => {
    const decoded = Footer.decode(footerBytes);
    return {
      schema: withUnionTypeIds(decoded.schema),
      recordBatches: [...decoded.recordBatches()],
      dictionaryBatches: [...decoded.dictionaryBatches()],
    };
  }, source);
  return { ...footer, checked, start };
}

/**
 * The footer of an IPC file read once as its bytes come (arrow/piped-table.ts), which comes after
 * the stream it describes, whose batches have been read: checked as a read by the footer checks
 * it (guard/ipc-bounds.ts), then against that stream, as a read from a path holds the two alike
 * (ipc/footer.ts, ipc/schema-copies.ts): its schema is the stream's Schema message's, and its
 * blocks are the stream's messages, each record batch and dictionary batch, in order, with their
 * lengths. A footer that says otherwise is a `CorruptTableError`: readers by the footer
 * (apache-arrow, pyarrow) would read other rows than were read here and than Arrow.jl reads.
 */
import { CorruptTableError, NotArrowFileError } from "../errors.js";
import { DICTIONARY_BATCH, type FileBlock, type PieceAt, RECORD_BATCH } from "../guard/ipc-bounds.js";
import { decodeFooterAt, FOOTER_TRAILER } from "./footer.js";
import { checkSchemaCopies, noStreamMessage, streamBlocksEnd, unlisted } from "./schema-copies.js";

/** A message of the stream, where it lies, as a footer's block places it. */
export interface StreamMessage extends FileBlock {
  /** Message.fbs `MessageHeader`: Schema 1, DictionaryBatch 2, RecordBatch 3. */
  readonly type: number;
}

/**
 * How much of a footer {@link checkPipedFooter} checks: `"all"`, or `"as-opened"`, what a read by
 * its path checks when it opens the file, before its schema is read (the footer, its copy of the
 * schema, where its blocks lie, the first record batch's block); the other blocks it checks only
 * as it reads them.
 */
export type FooterChecks = "all" | "as-opened";

/**
 * Checks the footer of a file of `size` bytes whose stream ended at `streamEnd` (its end-of-stream
 * marker, or the first bytes that are no message: its footer), after `messages`, the first of them
 * the Schema message of `schemaMetadata`. `pieceAt` holds the file's last `reach` bytes, or its
 * bytes from `streamEnd` on where fewer: a footer that starts before them is refused.
 */
export async function checkPipedFooter(
  size: number,
  streamEnd: number,
  messages: readonly StreamMessage[],
  schemaMetadata: Uint8Array,
  pieceAt: PieceAt,
  source: string,
  checks: FooterChecks = "all",
  reach = Number.POSITIVE_INFINITY,
): Promise<void> {
  const readAt = async (at: number, length: number) => {
    // A footer that starts inside the stream: its length is damaged.
    if (at < streamEnd)
      throw new NotArrowFileError(
        `its footer starts at byte ${at}, inside its stream (which ends at byte ${streamEnd}): its length is damaged; the file is corrupt`,
        source,
      );
    if (at < size - reach)
      throw new NotArrowFileError(
        `its footer of ${size - FOOTER_TRAILER - at} bytes is longer than one listing the ${messages.length} messages of its stream can be (${reach} bytes at most): it lists blocks its stream does not hold, or its length is damaged; the file is corrupt`,
        source,
      );
    return pieceAt(at, length);
  };
  const footer = await decodeFooterAt(size, readAt, source);
  if (footer === null) throw new NotArrowFileError("it does not end with its footer; the file is corrupt", source);
  const schema = messages[0]!;
  const streamSchema = { metadata: schemaMetadata, end: schema.offset + schema.metaDataLength + schema.bodyLength };
  checkSchemaCopies(footer.schema, streamSchema, source);
  // As a read by the footer checks the blocks, first where they lie, then each block's message.
  const blocks = [...footer.recordBatches, ...footer.dictionaryBatches];
  const end = streamBlocksEnd(blocks, streamSchema, source);
  const byOffset = new Map(messages.map((message) => [message.offset, message]));
  // A message of the stream after the last block (before its end-of-stream marker).
  if (byOffset.has(end)) throw unlisted(end, source);
  if (checks === "as-opened") {
    const first = footer.recordBatches[0];
    if (first !== undefined) checkBlock(first, byOffset.get(first.offset), RECORD_BATCH, source);
    return;
  }
  for (const [list, type] of [
    [footer.recordBatches, RECORD_BATCH],
    [footer.dictionaryBatches, DICTIONARY_BATCH],
  ] as const)
    for (const block of list) checkBlock(block, byOffset.get(block.offset), type, source);
  checkOrder(footer.recordBatches, messages, RECORD_BATCH, "record batch", source);
  checkOrder(footer.dictionaryBatches, messages, DICTIONARY_BATCH, "dictionary batch", source);
}

/**
 * What a read by its path refuses a file of `size` bytes for before it reads any message, when a
 * piped read has met damage at the first message after the Schema message (which a damaged copy
 * of the schema causes): its footer damaged, or its copy of the schema other than the stream's,
 * whose Schema message's metadata is `schemaMetadata`. `tail`: the file's last bytes; a footer
 * longer is not looked at (`null`, as when neither).
 */
export async function refusalBeforeMessages(
  size: number,
  tail: Uint8Array,
  schemaMetadata: Uint8Array,
  source: string,
): Promise<unknown> {
  const tailStart = size - tail.length;
  const beyondTail = new RangeError("the footer starts before the bytes kept");
  const readAt = async (at: number, length: number) => {
    if (at < tailStart) throw beyondTail;
    return tail.subarray(at - tailStart, at - tailStart + length);
  };
  try {
    const footer = await decodeFooterAt(size, readAt, source);
    if (footer !== null) checkSchemaCopies(footer.schema, { metadata: schemaMetadata, end: 0 }, source);
    return null;
  } catch (refusal) {
    return refusal === beyondTail ? null : refusal;
  }
}

/**
 * A block the footer lists must be a message of the stream, of the type it says, with its
 * lengths: refused as a read by the footer refuses it when it reads that block (guard/ipc-bounds.ts).
 */
function checkBlock(block: FileBlock, message: StreamMessage | undefined, type: number, source: string): void {
  if (message === undefined) throw noStreamMessage(block, source);
  const problem =
    message.type !== type
      ? `a block holds a message of type ${message.type} where the footer says ${type}`
      : message.metaDataLength !== block.metaDataLength
        ? `a block's footer says ${block.metaDataLength} metadata bytes, its message ${message.metaDataLength}`
        : message.bodyLength !== block.bodyLength
          ? `a block's footer says ${block.bodyLength} body bytes, its message ${message.bodyLength}`
          : null;
  if (problem !== null) throw new NotArrowFileError(`${problem}; the file is corrupt`, source);
}

/**
 * The blocks of one kind must list the stream's messages of that kind in the stream's order, once
 * each: a reader by the footer reads its batches in the footer's order, Arrow.jl in the stream's.
 */
function checkOrder(
  blocks: readonly FileBlock[],
  messages: readonly StreamMessage[],
  type: number,
  kind: string,
  source: string,
): void {
  const inStream = messages.filter((message) => message.type === type);
  const k = inStream.findIndex((message, index) => blocks[index]?.offset !== message.offset);
  if (k === -1 && blocks.length === inStream.length) return;
  const at = k === -1 ? inStream.length : k;
  throw new CorruptTableError(
    `its footer lists ${blocks.length} ${kind}es, its stream holds ${inStream.length}, and they differ from ${kind} ${at} on (the footer ${blocks[at] === undefined ? "ends there" : `at byte ${blocks[at]!.offset}`}, the stream ${inStream[at] === undefined ? "ends there" : `at byte ${inStream[at]!.offset}`}): ` +
      "Arrow.jl (Legolas.jl) reads the batches in the stream's order, apache-arrow and pyarrow in the footer's, so the two would read different rows: write the file again from its source",
    source,
  );
}

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
import { type CheckedFooter, checkFooterAt, type FileBlock } from "../guard/ipc-bounds.js";
import { checkArrowEnds } from "../read-bytes.js";
import { type RandomAccessSource, readRange } from "../source/byte-source.js";
import { parsing } from "./parse-failure.js";

export interface FileFooter {
  readonly schema: Schema;
  readonly recordBatches: readonly FileBlock[];
  readonly dictionaryBatches: readonly FileBlock[];
  /** What the checks of each block need (guard/ipc-bounds.ts). */
  readonly checked: CheckedFooter;
}

const MAGIC_LENGTH = 6;
/** The footer's int32 length and the closing magic. */
const FOOTER_TRAILER = 4 + MAGIC_LENGTH;

/**
 * The footer of `source`, or `null` when it is in the stream format (which has none). Throws
 * `NotArrowFileError` when it is neither format, is truncated, or its footer is out of bounds.
 */
export async function readFooter(source: RandomAccessSource): Promise<FileFooter | null> {
  const { size, name } = source;
  const [head, tail] = await source.read([
    { at: 0, length: Math.min(8, size) },
    { at: size - Math.min(MAGIC_LENGTH, size), length: Math.min(MAGIC_LENGTH, size) },
  ]);
  checkArrowEnds(head!, tail!, size, name);
  if (head![0] !== 0x41) return null; // the stream format: it starts with a continuation marker
  // The check reads the footer's length and the footer; they are kept, not read twice.
  const pieces = new Map<string, Promise<Uint8Array>>();
  const readAt = (at: number, length: number) => {
    const key = `${at}+${length}`;
    if (!pieces.has(key)) pieces.set(key, readRange(source, at, length));
    return pieces.get(key)!;
  };
  const checked = await checkFooterAt(size, readAt, name);
  const lengthBytes = await readAt(size - FOOTER_TRAILER, 4);
  const footerLength = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 4).getInt32(0, true);
  const footerBytes = await readAt(size - FOOTER_TRAILER - footerLength, footerLength);
  // apache-arrow decodes the blocks on demand: their failures (an offset past 2^53) are parse failures too.
  return parsing(() => {
    const footer = Footer.decode(footerBytes);
    return {
      schema: footer.schema,
      recordBatches: [...footer.recordBatches()],
      dictionaryBatches: [...footer.dictionaryBatches()],
      checked,
    };
  }, name);
}

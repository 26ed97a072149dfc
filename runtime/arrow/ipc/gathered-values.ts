/**
 * Column values the IPC file writer gathers from several arrays (gather writes): how a model's
 * weights go from its tensors to a file without being copied into one buffer first.
 *
 * A column's values are one Arrow buffer. When they are many arrays (a Weights column's
 * FlatArrays, each a tensor's own data), the column holds a placeholder in its place: an empty
 * array registered here with those arrays. file-writer.ts writes the arrays one after the other
 * where the buffer goes and counts their bytes in the record batch's metadata (the buffer
 * regions and the body length), so the file is the one the joined buffer would have made, byte
 * for byte. Nothing the size of the values is allocated: a 40 MB stand-in of the model's size,
 * even never touched, made V8 count 40 MB of external memory and collect garbage for it on
 * every save (two scavenges and a mark-compact; about half the save's CPU time, measured).
 *
 * A placeholder holds no values: only a batch that goes straight to the file writer (as the row
 * encoder's do) may hold one. A codec needs each buffer whole, so compressed writes join the
 * parts first (file-writer.ts, `_compressBodyBuffers`).
 */
import { BufferRegion } from "apache-arrow/ipc/metadata/message";

/** What a placeholder stands for: the arrays written in its place, and their bytes in all. */
interface Gathered {
  readonly parts: readonly ArrayBufferView[];
  readonly byteLength: number;
}

/** Placeholders by their buffer: apache-arrow hands the writer views of a column's values (`subarray`), never the array itself. */
const placeholders = new WeakMap<ArrayBufferLike, Gathered>();

/**
 * An empty array of `type` standing for `parts`, one after the other, as a column's values. The
 * column's length must be given apart (`makeData({ length })`): the placeholder's own is 0.
 */
export function gatheredPlaceholder<A extends ArrayBufferView>(
  parts: readonly ArrayBufferView[],
  type: new (length: number) => A,
): A {
  const placeholder = new type(0);
  let byteLength = 0;
  for (const part of parts) byteLength += part.byteLength;
  placeholders.set(placeholder.buffer, { parts, byteLength });
  return placeholder;
}

/** The arrays to write in place of `buffer` when it is (a view of) a placeholder, else `undefined`. */
export function gatheredParts(buffer: ArrayBufferView): readonly ArrayBufferView[] | undefined {
  return placeholders.get(buffer.buffer)?.parts;
}

/** The bytes written for `buffer`: its own, or those of the arrays a placeholder stands for. */
export function writtenByteLength(buffer: ArrayBufferView): number {
  return placeholders.get(buffer.buffer)?.byteLength ?? buffer.byteLength;
}

/** `true` when one of `buffers` is a placeholder. */
export function holdsPlaceholder(buffers: readonly ArrayBufferView[]): boolean {
  return buffers.some((buffer) => placeholders.has(buffer.buffer));
}

/**
 * The body's buffer regions and length with each placeholder counted at its parts' size, laid
 * out as apache-arrow's assembler lays out every buffer: one after the other, each padded to 8
 * bytes, the region's length the padded one (so a batch without placeholders gets its own back).
 */
export function gatheredLayout(buffers: readonly ArrayBufferView[]): {
  bufferRegions: BufferRegion[];
  byteLength: number;
} {
  const bufferRegions: BufferRegion[] = [];
  let byteLength = 0;
  for (const buffer of buffers) {
    const padded = paddedLength(writtenByteLength(buffer));
    bufferRegions.push(new BufferRegion(byteLength, padded));
    byteLength += padded;
  }
  return { bufferRegions, byteLength };
}

/**
 * `byteLength` rounded up to the 8-byte boundary Arrow aligns buffers to. In arithmetic, not
 * bitwise (`& ~7` is 32-bit): a compressed record batch's body, whose offsets this pads too, may
 * pass 2 GiB.
 */
export function paddedLength(byteLength: number): number {
  return Math.ceil(byteLength / 8) * 8;
}

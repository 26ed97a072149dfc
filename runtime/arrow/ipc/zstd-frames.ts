/**
 * ZSTD decoding into an output of exactly the length an Arrow buffer's prefix declares, with
 * fzstd (pure JavaScript, synchronous, in Node and browsers), refusing any frame whose content
 * is not exactly that long: the Zstandard format (RFC 8878) lets a frame leave out its content
 * size (Arrow's Rust writer, and so Polars, always does), and fzstd given an output neither says
 * how much it wrote nor refuses a frame that writes more or less (a short frame came back
 * zero-padded, a long one truncated).
 *
 * A small wrapper around fzstd's own `decompress(data, output)` makes both knowable:
 *
 * - the input is split into frames here, by their headers and block headers (cheap: no block
 *   is decoded), and each frame is decoded on its own, into the output after the previous one
 *   (fzstd restarts every frame at the start of its output);
 * - each frame is given one more block after its last: a raw block of one byte. fzstd writes a
 *   raw block with `output.set(bytes, position)`, so the position of that last write is exactly
 *   the frame's decoded length, whatever its header says; a frame that writes past the output
 *   makes that write throw;
 * - fzstd tests its output with `output == 1`, which turns a Uint8Array into a string of its
 *   elements (slow, and "Invalid string length" past 256 MiB): the output it is given converts
 *   to a number at once.
 */
import { decompress } from "fzstd";

const corrupt = (problem: string): Error => new Error(`a ZSTD buffer is corrupt: ${problem}`);

/** A zstd frame of the input, or a skippable frame (RFC 8878 section 3.1.2), which holds no content. */
interface Frame {
  readonly start: number;
  readonly end: number;
  /** Where the header of its last block starts; -1 for a skippable frame. */
  readonly lastBlock: number;
  /** Where its blocks end (its checksum, when it has one, follows). */
  readonly blocksEnd: number;
  /** Frame_Content_Size, or `null` when the header leaves it out. */
  readonly contentSize: number | null;
}

/** Decodes the frames of `source` into exactly `length` bytes, or throws saying why they are not. */
export function decodeZstdFrames(source: Uint8Array, length: number): Uint8Array {
  // One byte more than declared: the marker block of a frame that ends exactly at `length` lands there.
  const output = new Uint8Array(length + 1);
  let position = 0;
  for (const frame of framesOf(source)) {
    if (frame.lastBlock < 0) continue;
    if (frame.contentSize !== null && position + frame.contentSize > length) {
      throw corrupt(`a frame holds ${frame.contentSize} bytes where its length prefix declares ${length}`);
    }
    const written = decodeFrame(source, frame, output.subarray(position));
    if (frame.contentSize !== null && written !== frame.contentSize) {
      throw corrupt(`a frame decodes to ${written} bytes where its header says ${frame.contentSize}`);
    }
    position += written;
  }
  if (position !== length) throw corrupt(`it decodes to ${position} bytes where its length prefix declares ${length}`);
  return output.subarray(0, length);
}

/** The frames of `source`, in order, each within it; throws when they do not cover it exactly. */
export function framesOf(source: Uint8Array): Frame[] {
  const frames: Frame[] = [];
  for (let at = 0; at < source.length; ) {
    const frame = frameAt(source, at);
    frames.push(frame);
    at = frame.end;
  }
  if (frames.length === 0) throw corrupt("it holds no zstd frame");
  return frames;
}

const MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC = 0x184d2a50; // the low 4 bits are free

function frameAt(source: Uint8Array, start: number): Frame {
  const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
  const need = (at: number, what: string): void => {
    if (at > source.length) throw corrupt(`it ends inside ${what}`);
  };
  need(start + 4, "a frame's magic number");
  const magic = view.getUint32(start, true);
  if ((magic & 0xfffffff0) === SKIPPABLE_MAGIC) {
    need(start + 8, "a skippable frame's header");
    const end = start + 8 + view.getUint32(start + 4, true);
    need(end, "a skippable frame");
    return { start, end, lastBlock: -1, blocksEnd: end, contentSize: null };
  }
  if (magic !== MAGIC) throw corrupt("it does not start with a zstd frame");
  need(start + 5, "a frame header");
  const descriptor = source[start + 4]!;
  if ((descriptor & 0x08) !== 0) throw corrupt("a frame header sets its reserved bit");
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3]!;
  const sizeBytes = [singleSegment, 2, 4, 8][descriptor >> 6]!;
  let at = start + 5 + (singleSegment === 1 ? 0 : 1);
  need(at + dictionaryBytes + sizeBytes, "a frame header");
  for (let k = 0; k < dictionaryBytes; k++) {
    if (source[at + k] !== 0) throw corrupt("a frame needs a zstd dictionary, which Arrow never uses");
  }
  at += dictionaryBytes;
  let contentSize: number | null = null;
  if (sizeBytes > 0) {
    contentSize = 0;
    for (let k = sizeBytes - 1; k >= 0; k--) contentSize = contentSize * 256 + source[at + k]!;
    if (sizeBytes === 2) contentSize += 256;
    at += sizeBytes;
  }
  const window = singleSegment === 1 ? (contentSize ?? 0) : windowSize(source[start + 5]!);
  const blockMaximum = Math.min(window, 128 * 1024);
  // The blocks: each a 3-byte header (last flag, type, size), then its bytes.
  for (;;) {
    need(at + 3, "a block header");
    const header = source[at]! | (source[at + 1]! << 8) | (source[at + 2]! << 16);
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === 3) throw corrupt("a block of the reserved type 3");
    if (size > blockMaximum)
      throw corrupt(`a block of ${size} bytes in a frame whose blocks hold at most ${blockMaximum}`);
    const end = at + 3 + (type === 1 ? 1 : size);
    need(end, "a block");
    if ((header & 1) === 1) {
      const checksumBytes = (descriptor >> 2) & 1 ? 4 : 0;
      need(end + checksumBytes, "a frame's checksum");
      return { start, end: end + checksumBytes, lastBlock: at, blocksEnd: end, contentSize };
    }
    at = end;
  }
}

/** Window_Size from a frame's Window_Descriptor byte (RFC 8878 section 3.1.1.1.2). */
function windowSize(descriptor: number): number {
  const base = 2 ** (10 + (descriptor >> 3));
  return base + (base / 8) * (descriptor & 7);
}

/** A raw block of one byte, marked last (header: last = 1, type = raw, size = 1). */
const MARKER_BLOCK = Uint8Array.of(0x09, 0x00, 0x00, 0x00);

/**
 * Decodes one frame into `output` with fzstd and returns how many bytes it decoded: the frame
 * with the marker block after its last block, whose position the one raw write of it gives.
 */
function decodeFrame(source: Uint8Array, frame: Frame, output: Uint8Array): number {
  const { start, lastBlock, blocksEnd, end } = frame;
  const marked = new Uint8Array(end - start + MARKER_BLOCK.length);
  marked.set(source.subarray(start, blocksEnd));
  marked[lastBlock - start]! &= 0xfe; // the frame's own last block is no longer the last
  marked.set(MARKER_BLOCK, blocksEnd - start);
  marked.set(source.subarray(blocksEnd, end), blocksEnd - start + MARKER_BLOCK.length); // its checksum, if any
  let lastWrite = -1;
  let pastTheEnd = false;
  const target = Object.defineProperties(output.subarray(), {
    // fzstd's `output == 1` then compares a number, not a string of every element.
    [Symbol.toPrimitive]: { value: () => Number.NaN },
    set: {
      value(this: Uint8Array, bytes: ArrayLike<number>, offset = 0) {
        lastWrite = offset;
        pastTheEnd ||= offset + bytes.length > this.length;
        Uint8Array.prototype.set.call(this, bytes, offset);
      },
    },
  });
  try {
    decompress(marked, target);
  } catch (error) {
    throw corrupt(pastTheEnd ? "it decodes to more bytes than its length prefix declares" : (error as Error).message);
  }
  return lastWrite;
}

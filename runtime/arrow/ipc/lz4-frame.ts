/**
 * Decoding of the LZ4 frame format (the `LZ4_FRAME` codec of Arrow IPC body compression), into
 * an output of exactly the length the Arrow buffer's prefix declares. Written from the format
 * specifications (lz4 `doc/lz4_Frame_format.md` and `doc/lz4_Block_format.md`) rather than taken
 * from lz4js, because lz4js's decoder trusts its input: it reads literals past the end of a
 * block, follows match offsets before the start of the output and lets writes past the end of
 * its output vanish (its own TODO: "handle bad offset"), and it allocates 5 MB when imported.
 * Here every length, offset and block size is checked before it is used, the work is linear in
 * the output, and nothing is allocated but the output itself. lz4js still encodes (ipc/codecs.ts).
 */

const FRAME_MAGIC = 0x184d2204;
/** Maximum block sizes, by the BD byte's block-size code (4..7). */
const BLOCK_MAX_SIZES: Readonly<Record<number, number>> = { 4: 1 << 16, 5: 1 << 18, 6: 1 << 20, 7: 1 << 22 };
const MIN_MATCH = 4;

/** A corrupt LZ4 frame: the message says what in it is wrong. */
export class Lz4FrameError extends Error {
  override readonly name = "Lz4FrameError";
}

function corrupt(problem: string): never {
  throw new Lz4FrameError(`an LZ4_FRAME buffer is corrupt: ${problem}`);
}

function u32(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) corrupt("it ends inside a header or block size");
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/**
 * The content of the LZ4 frame(s) in `source`, which must decode to exactly `length` bytes.
 * Concatenated frames are accepted (the format allows them); checksums are skipped, not
 * verified (Arrow.jl and Arrow C++ write none by default, and a wrong byte is caught by the
 * structural checks of the decoded batch, guard/data-bounds.ts).
 */
export function decodeLz4Frames(source: Uint8Array, length: number): Uint8Array {
  const output = new Uint8Array(length);
  let at = 0;
  let written = 0;
  while (at < source.length) {
    if (u32(source, at) !== FRAME_MAGIC) corrupt(`no LZ4 frame magic at byte ${at}`);
    const flags = source[at + 4];
    const blockDescriptor = source[at + 5];
    if (flags === undefined || blockDescriptor === undefined) corrupt("it ends inside its frame header");
    if (flags >> 6 !== 1) corrupt(`frame version ${flags >> 6} (only version 1 exists)`);
    const blockMax =
      BLOCK_MAX_SIZES[(blockDescriptor >> 4) & 7] ?? corrupt(`block size code ${(blockDescriptor >> 4) & 7}`);
    const blockChecksums = (flags & 0x10) !== 0;
    const contentChecksum = (flags & 0x04) !== 0;
    at += 6 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0) + 1; // content size, dictionary id, header checksum
    for (;;) {
      const word = u32(source, at);
      at += 4;
      if (word === 0) break; // end mark
      const size = word & 0x7fffffff;
      if (size > blockMax) corrupt(`a block of ${size} bytes where the frame allows ${blockMax}`);
      if (at + size > source.length)
        corrupt(`a block of ${size} bytes runs past the end of its ${source.length} bytes`);
      if ((word & 0x80000000) !== 0) {
        if (size > length - written) corrupt(`it holds more than the ${length} bytes its length prefix declares`);
        output.set(source.subarray(at, at + size), written);
        written += size;
      } else {
        written = decodeBlock(source, at, at + size, output, written);
      }
      at += size + (blockChecksums ? 4 : 0);
    }
    at += contentChecksum ? 4 : 0;
  }
  if (written !== length) corrupt(`it decodes to ${written} bytes where its length prefix declares ${length}`);
  return output;
}

/** A length: the 4-bit field `nibble`, and when it is 15, the bytes that follow (each added; 255 goes on). */
function readLength(source: Uint8Array, at: number, end: number, nibble: number): { value: number; at: number } {
  let value = nibble;
  if (nibble === 15) {
    let byte: number;
    do {
      if (at >= end) corrupt("a length runs past the end of its block");
      byte = source[at++]!;
      value += byte;
    } while (byte === 255);
  }
  return { value, at };
}

/**
 * One compressed block (a sequence of literal runs and matches) into `output` from `written`.
 * Matches may reach into earlier blocks (linked blocks), never before the output's start.
 */
function decodeBlock(source: Uint8Array, start: number, end: number, output: Uint8Array, written: number): number {
  let at = start;
  let out = written;
  while (at < end) {
    const token = source[at++]!;
    const literals = readLength(source, at, end, token >> 4);
    at = literals.at;
    if (literals.value > end - at) corrupt("a literal run runs past the end of its block");
    if (literals.value > output.length - out)
      corrupt(`it holds more than the ${output.length} bytes its length prefix declares`);
    output.set(source.subarray(at, at + literals.value), out);
    at += literals.value;
    out += literals.value;
    if (at === end) break; // the last sequence has literals only
    if (at + 2 > end) corrupt("a match offset runs past the end of its block");
    const offset = source[at]! | (source[at + 1]! << 8);
    at += 2;
    if (offset === 0 || offset > out) corrupt(`a match refers ${offset} bytes back from byte ${out}`);
    const match = readLength(source, at, end, token & 15);
    at = match.at;
    const count = match.value + MIN_MATCH;
    if (count > output.length - out)
      corrupt(`it holds more than the ${output.length} bytes its length prefix declares`);
    if (offset >= count) {
      output.copyWithin(out, out - offset, out - offset + count);
    } else {
      // An overlapping match repeats the last `offset` bytes: copy byte by byte.
      for (let k = 0; k < count; k++) output[out + k] = output[out - offset + k]!;
    }
    out += count;
  }
  return out;
}

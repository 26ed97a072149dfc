/**
 * How Node decodes the strings of a read: `Buffer.prototype.utf8Slice` reads a range of any
 * `Uint8Array` without a view made for it first, in about half the time of `TextDecoder.decode`
 * on short strings (BENCHMARKS.md, "Issue 24: lazy rows and the two-field loop"). The Node
 * layer installs it when it loads (arrow/table-files.ts); the browser build keeps
 * columns/utf8.ts's TextDecoder.
 */
import * as buffer from "node:buffer";
import { decodeWithTextDecoder, type Utf8Decoder, useUtf8Decoder, useUtf8RangeCheck } from "./utf8.js";

/**
 * Bytes where UTF-8 decoders are known to differ: a byte order mark, a truncated sequence, an
 * encoded surrogate, an overlong form, a lone continuation byte, then a 4-byte sequence.
 */
const PROBE = new Uint8Array([
  0xef, 0xbb, 0xbf, 0x61, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0x80, 0xf0, 0x9f, 0x98, 0x80,
]);

/**
 * Node's decoder, or `null` on a Node whose `utf8Slice` is missing or replaces invalid bytes
 * otherwise than the WHATWG decoder (the text of a read must not depend on the platform; the
 * property test test/runtime/arrow/utf8-decode.property.test.ts compares them on any bytes).
 */
export function nodeUtf8Decoder(): Utf8Decoder | null {
  const slice = (buffer.Buffer.prototype as { utf8Slice?: (start: number, end: number) => string }).utf8Slice;
  if (typeof slice !== "function") return null;
  const decode: Utf8Decoder = (bytes, start, end) => slice.call(bytes, start, end);
  return decode(PROBE, 0, PROBE.length) === decodeWithTextDecoder(PROBE, 0, PROBE.length) ? decode : null;
}

/** Makes Node's decoder the decoder of every string read, where it gives the WHATWG decoder's text. */
export function installNodeUtf8Decoder(): void {
  const decoder = nodeUtf8Decoder();
  if (decoder !== null) useUtf8Decoder(decoder);
}

/**
 * Makes `node:buffer`'s `isAscii` and `isUtf8` (Node 18.14+, simdutf) the range check of the text
 * check every read runs (guard/utf8-text.ts): ~1.7 ms for 21 MB of ASCII, 3-8 ms of mixed text,
 * where a loop in JavaScript took 40-100 ms.
 */
export function installNodeUtf8RangeCheck(): void {
  const { isAscii, isUtf8 } = buffer as {
    isAscii?: (input: Uint8Array) => boolean;
    isUtf8?: (input: Uint8Array) => boolean;
  };
  if (typeof isAscii !== "function" || typeof isUtf8 !== "function") return;
  useUtf8RangeCheck({
    isAscii: (bytes, start, end) => isAscii(bytes.subarray(start, end)),
    isUtf8: (bytes, start, end) => isUtf8(bytes.subarray(start, end)),
  });
}

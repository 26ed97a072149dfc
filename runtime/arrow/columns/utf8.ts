/**
 * UTF-8 in Arrow's value buffers: the decoding every string read goes through, and facts read
 * from the bytes without decoding them: how many code points a value holds (Julia's `length`,
 * what `codePointLength` counts on the decoded text), and whether bytes equal an allowed value's
 * encoding. Reading, invalid UTF-8 becomes U+FFFD, whose count differs from the bytes'; such
 * values are reported as unknown (-1) so that the caller decides from the decoded text instead.
 */

/** Decodes `bytes[start, end)`. */
export type Utf8Decoder = (bytes: Uint8Array, start: number, end: number) => string;

/**
 * The WHATWG decoder, replacing invalid sequences with U+FFFD. `ignoreBOM`, because a leading
 * U+FEFF is part of a value (Julia keeps it), not a byte order mark to drop.
 */
const textDecoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

export const decodeWithTextDecoder: Utf8Decoder = (bytes, start, end) => textDecoder.decode(bytes.subarray(start, end));

/**
 * Decodes the UTF-8 of one value, invalid sequences as U+FFFD and a leading U+FEFF kept: every
 * string a read gives comes from here. Under Node, the Node layer installs Node's faster decoder
 * (columns/node-utf8.ts), which gives the same text.
 */
export let decodeUtf8: Utf8Decoder = decodeWithTextDecoder;

/** Makes `decoder` the decoder of every string read; it must give `decodeWithTextDecoder`'s text for any bytes. */
export function useUtf8Decoder(decoder: Utf8Decoder): void {
  decodeUtf8 = decoder;
}

/**
 * Whole-range answers about `bytes[start, end)`, for the check that every text value of a read is
 * UTF-8 (guard/utf8-text.ts): `isAscii` may answer `false` when it does not know (it lets a check
 * skip `isUtf8`), `isUtf8` must be exact. Under Node, the Node layer installs `node:buffer`'s
 * (columns/node-utf8.ts), some 12 GB/s on ASCII; the browser build keeps this JavaScript one.
 */
export interface Utf8RangeCheck {
  readonly isAscii: (bytes: Uint8Array, start: number, end: number) => boolean;
  readonly isUtf8: (bytes: Uint8Array, start: number, end: number) => boolean;
}

export const utf8RangeCheckInJavaScript: Utf8RangeCheck = {
  isAscii: () => false,
  isUtf8: (bytes, start, end) => firstInvalidUtf8(bytes, start, end) === -1,
};

/** The range check every text check uses. */
export let utf8RangeCheck: Utf8RangeCheck = utf8RangeCheckInJavaScript;

/** Makes `check` the range check of every text check; it must answer as `utf8RangeCheckInJavaScript` does (`isAscii` may also say `true` of ASCII). */
export function useUtf8RangeCheck(check: Utf8RangeCheck): void {
  utf8RangeCheck = check;
}

/** The index of the first byte in `bytes[start, end)` that starts no well-formed UTF-8 sequence, or -1 when it is all UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    if (bytes[i]! < 0x80) {
      i++;
    } else {
      const width = sequenceWidth(bytes, i, end);
      if (width === 0) return i;
      i += width;
    }
  }
  return -1;
}

/** The code points of the valid UTF-8 in `bytes[start, end)`, or -1 when it is not valid UTF-8. */
export function utf8CodePoints(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  let i = start;
  while (i < end) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
    } else {
      const width = sequenceWidth(bytes, i, end);
      if (width === 0) return -1;
      i += width;
    }
    count++;
  }
  return count;
}

/** The width of the well-formed multi-byte sequence at `at` (Unicode table 3-7), or 0. */
function sequenceWidth(bytes: Uint8Array, at: number, end: number): number {
  const lead = bytes[at]!;
  const continuation = (k: number, low = 0x80, high = 0xbf): boolean => {
    const byte = at + k < end ? bytes[at + k]! : -1;
    return byte >= low && byte <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf; // no surrogates
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf; // nothing past U+10FFFF
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

/** Whether `bytes[start, end)` equals `expected`. */
export function bytesEqual(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let k = 0; k < expected.length; k++) if (bytes[start + k] !== expected[k]) return false;
  return true;
}

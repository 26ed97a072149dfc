/**
 * UTF-8 facts read from bytes without decoding them to a string: how many code points a value
 * holds (Julia's `length`, what `codePointLength` counts on the decoded text), and whether
 * bytes equal an allowed value's encoding. Reading, invalid UTF-8 becomes U+FFFD (columns/decode.ts
 * decodes with `fatal: false`), whose count differs from the bytes'; such values are reported
 * as unknown (-1) so that the caller decides from the decoded text instead.
 */

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

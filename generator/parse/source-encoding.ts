/**
 * A schema file's bytes as text. Schema files are UTF-8 (YAML's encoding, and what every editor
 * and the JSON Schema hint assume); Node's `readFile(path, "utf8")` would turn any other byte
 * into U+FFFD without a word, so a file saved as Latin-1 or Windows-1252 (`values: [café]`) would
 * generate the value `caf\uFFFD`, which no row holds. The first byte that is not UTF-8 is kept
 * with the text, for the parse stage to report at its line and column.
 */
/** Where a file's bytes stop being UTF-8, as the parse stage reports it. */
export interface NotUtf8 {
  readonly line: number;
  readonly col: number;
  /** The first byte that starts no UTF-8 character. */
  readonly byte: number;
  /** Whether the file starts with a UTF-16 byte order mark. */
  readonly utf16: boolean;
}

/** A file's path and text (a `SourceText`), with where its bytes are not UTF-8. */
export interface DecodedSource {
  readonly path: string;
  readonly text: string;
  readonly notUtf8?: NotUtf8;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const lossy = new TextDecoder("utf-8");

/** `bytes`, a schema file's, as its text; with `notUtf8` where a byte is not UTF-8. */
export function schemaSource(path: string, bytes: Uint8Array): DecodedSource {
  const text = lossy.decode(bytes);
  const at = firstInvalidByte(bytes);
  if (at === null) return { path, text };
  const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
  const line = 1 + bytes.subarray(0, lineStart).filter((byte) => byte === 0x0a).length;
  // As the parse stage counts columns: UTF-16 units, after a byte order mark on line 1.
  const before = lossy.decode(bytes.subarray(lineStart, at));
  const col = 1 + before.replace(/^\uFEFF/, "").length;
  return { path, text, notUtf8: { line, col, byte: bytes[at]!, utf16: utf16ByteOrderMark(bytes) } };
}

/** The offset of the first byte that starts no UTF-8 character, or `null` when all are UTF-8. */
function firstInvalidByte(bytes: Uint8Array): number | null {
  try {
    utf8.decode(bytes);
    return null;
  } catch {
    // The longest prefix that decodes, whatever follows (an incomplete last character aside) ...
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (decodes(bytes.subarray(0, middle), true)) low = middle;
      else high = middle - 1;
    }
    // ... less the incomplete character it may end with: where the bad sequence starts.
    let start = low;
    while (start > 0 && !decodes(bytes.subarray(0, start), false)) start -= 1;
    return start;
  }
}

function decodes(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

function utf16ByteOrderMark(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** What the parse stage says of a file that is not UTF-8. */
export function notUtf8Message(notUtf8: NotUtf8): string {
  const byte = `0x${notUtf8.byte.toString(16).toUpperCase().padStart(2, "0")}`;
  return notUtf8.utf16
    ? "the file is UTF-16 (it starts with a UTF-16 byte order mark); schema files are read as UTF-8: save it as UTF-8"
    : `the file is not UTF-8: byte ${byte} here is no UTF-8 character (is it Latin-1 or Windows-1252?); schema files are read as UTF-8: save it as UTF-8`;
}

/**
 * Damage to the text of a file's schema: a column's name (at any depth), a metadata key or value
 * (the table's or a field's), in place, the string's length kept. Made invalid UTF-8 (a stray
 * byte, a lone continuation, an overlong form, a surrogate, a code point past U+10FFFF, a cut
 * sequence) or other valid text (a letter changed, a multi-byte character). The byte mutations
 * of fuzz.ts reach these strings only by luck; guard/ipc-bounds.ts refuses a name or metadata
 * text that is not UTF-8 (apache-arrow would decode it with U+FFFD).
 */
import { type DataType, type Field, RecordBatchReader, type Schema, tableFromIPC } from "apache-arrow";
import { occurrences, type Random } from "./fuzz.js";

/** A flatbuffer string of the schema in the bytes: where its text starts, and what it is. */
export interface SchemaText {
  readonly at: number;
  readonly length: number;
  /** What the text is (`column name "weights"`, `metadata key "note"`): one text may be several fields' or keys'. */
  readonly what: string;
}

const encoder = new TextEncoder();
const found = new WeakMap<Uint8Array, SchemaText[]>();

/**
 * Every name and metadata text of the schema of `bytes` (a valid file or stream), at each place
 * it is stored (a file holds its schema twice: the first message and the footer; a text such as
 * `ARROW:extension:name` once per field that has it), found as a flatbuffer string is laid out:
 * its uint32 length, then its bytes.
 */
export function schemaTexts(bytes: Uint8Array): SchemaText[] {
  const known = found.get(bytes);
  if (known !== undefined) return known;
  const schema = schemaOf(bytes);
  const texts = new Map<string, string>();
  const add = (text: string | null | undefined, what: string) => {
    if (text && !texts.has(text)) texts.set(text, what);
  };
  const metadata = (map: ReadonlyMap<string, string>) => {
    for (const [key, value] of map) {
      add(key, `metadata key ${JSON.stringify(key)}`);
      add(value, `the value ${JSON.stringify(value.slice(0, 40))} of metadata key ${JSON.stringify(key)}`);
    }
  };
  const walk = (field: Field) => {
    add(field.name, `column name ${JSON.stringify(field.name)}`);
    metadata(field.metadata);
    let type: DataType = field.type;
    if (type.typeId === -1) type = (type as unknown as { dictionary: DataType }).dictionary;
    for (const child of type.children ?? []) walk(child);
  };
  metadata(schema.metadata);
  for (const field of schema.fields) walk(field);
  const out: SchemaText[] = [];
  for (const [text, what] of texts) {
    const body = encoder.encode(text);
    const needle = new Uint8Array(4 + body.length);
    new DataView(needle.buffer).setUint32(0, body.length, true);
    needle.set(body, 4);
    for (const at of occurrences(bytes, needle)) out.push({ at: at + 4, length: body.length, what });
  }
  found.set(bytes, out);
  return out;
}

/** The schema of a valid file or stream, without reading its batches where apache-arrow can. */
function schemaOf(bytes: Uint8Array): Schema {
  try {
    return RecordBatchReader.from(bytes).open().schema;
  } catch {
    // apache-arrow's reader of one batch at a time does not open every stream its whole read reads
    // (crafted-batches.ts's stream of Utf8View and LargeUtf8 text).
    return tableFromIPC(bytes).schema;
  }
}

/**
 * Where the schema the readers read starts: a file's footer (every reader here, as apache-arrow's
 * and pyarrow's, reads a file's schema from its footer, not from its first message), a stream's start.
 */
export function readSchemaStart(bytes: Uint8Array): number {
  if (bytes[0] !== 0x41) return 0; // "ARROW1" starts a file
  return (
    bytes.length - 10 - new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(bytes.length - 10, true)
  );
}

/** Byte sequences that are not UTF-8, each a whole sequence of its kind. */
const INVALID: readonly (readonly [string, readonly number[]])[] = [
  ["a byte that never starts UTF-8", [0xff]],
  ["a lone continuation byte", [0x80]],
  ["an overlong NUL (C0 80)", [0xc0, 0x80]],
  ["an overlong '/' (C1 AF)", [0xc1, 0xaf]],
  ["an overlong 3-byte form", [0xe0, 0x80, 0xaf]],
  ["an overlong 4-byte form", [0xf0, 0x80, 0x80, 0xaf]],
  ["a surrogate (ED A0 80)", [0xed, 0xa0, 0x80]],
  ["a code point past U+10FFFF (F4 90 80 80)", [0xf4, 0x90, 0x80, 0x80]],
  ["a 3-byte sequence cut short", [0xe2, 0x9c]],
  ["a 4-byte sequence cut short", [0xf0, 0x9d, 0x84]],
];
/** Valid replacements: the text changes, and reads as changed. */
const VALID: readonly (readonly [string, readonly number[]])[] = [
  ["another letter", [0x5a]],
  ["é (2 bytes)", [0xc3, 0xa9]],
  ["✓ (3 bytes)", [0xe2, 0x9c, 0x93]],
  ["𝄞 (4 bytes)", [0xf0, 0x9d, 0x84, 0x9e]],
];

/**
 * Damages one schema text of `bytes` (`bytes` as given to {@link schemaTexts}) in every place it
 * is stored, or in one of them: a byte sequence written over it at a random offset. `valid`
 * says whether the text the readers read ({@link readSchemaStart}) is still UTF-8 (a cut
 * sequence at the end of the string is not, nor a valid one over part of a multi-byte character).
 */
export function damageSchemaText(
  bytes: Uint8Array,
  random: Random,
): { bytes: Uint8Array; what: string; valid: boolean } {
  const texts = schemaTexts(bytes);
  const chosen = random.pick(texts);
  const everywhere = random.next() < 0.7;
  const places = everywhere ? texts.filter((t) => t.what === chosen.what) : [chosen];
  const invalid = random.next() < 0.7;
  const fitting = (invalid ? INVALID : VALID).filter(([, seq]) => seq.length <= chosen.length);
  if (fitting.length === 0) return { bytes, what: `${chosen.what} left as it is (too short)`, valid: true };
  const [kind, sequence] = random.pick(fitting);
  const offset = random.int(chosen.length - sequence.length + 1);
  const out = bytes.slice();
  for (const place of places) out.set(sequence, place.at + offset);
  const start = readSchemaStart(bytes);
  const valid = places.every((place) => place.at < start || isUtf8(out.subarray(place.at, place.at + place.length)));
  const where =
    everywhere && places.length > 1
      ? `in its ${places.length} places`
      : `at byte ${chosen.at}${everywhere ? "" : " only"}`;
  return { bytes: out, what: `${chosen.what}: ${kind} at byte ${offset} ${where}`, valid };
}

const strict = new TextDecoder("utf-8", { fatal: true });
function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

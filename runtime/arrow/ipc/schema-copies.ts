/**
 * The two copies of an IPC file's schema. A file is a stream (its Schema message first, then its
 * dictionaries and record batches) between the magic and a footer that holds "a redundant copy of
 * the schema" (Arrow columnar format, "IPC File Format"). Readers take one copy or the other:
 * Arrow.jl, and so Legolas.jl, reads the file as the stream and never looks at the footer
 * (apache/arrow-julia src/table.jl, `BatchIterator`); apache-arrow and pyarrow read the footer's.
 * A file whose copies differ (another column name, type, nullability, an extension type, another
 * `legolas_schema_qualified`) is one table to Julia and another here, so every reader refuses it
 * (`CorruptTableError`) before it reads a value. So is a file whose footer does not list every
 * message of its stream, in order (a batch added after the footer's blocks, or one left out of
 * the list): Arrow.jl would read rows that a reader by the footer never reads, nor validates. A stream that starts without a Schema message
 * (apache-arrow's own file writer writes none) has one copy, the footer's, and reads as before.
 *
 * The copies are compared as decoded (names, nullability, types with their parameters and
 * dictionary ids, metadata at every depth), not byte for byte: writers may lay the same schema
 * out twice differently.
 */
import { DataType, type Field, Message, type Schema, util } from "apache-arrow";
import { CorruptTableError, NotArrowFileError } from "../errors.js";
import { type FileBlock, fileStreamSchema, type StreamSchema } from "../guard/ipc-bounds.js";
import { Footer } from "apache-arrow/ipc/metadata/file";
import { parsing } from "./parse-failure.js";
import { withUnionTypeIds } from "./union-type-ids.js";

/**
 * Throws `CorruptTableError` when `streamSchema`, the metadata of the Schema message a file's
 * stream starts with (guard/ipc-bounds.ts, `fileStreamSchema`; `null` when it has none), says
 * another schema than `footerSchema`, the footer's.
 */
export function checkSchemaCopies(footerSchema: Schema, streamSchema: StreamSchema | null, source?: string): void {
  if (streamSchema === null) return;
  const stream = parsing(() => withUnionTypeIds(Message.decode(streamSchema.metadata).header() as Schema), source);
  const difference = schemaDifference(footerSchema, stream);
  if (difference === null) return;
  throw new CorruptTableError(
    `its footer's schema differs from the Schema message its stream starts with: ${difference}; ` +
      "Arrow.jl (Legolas.jl) reads the stream's copy, apache-arrow and pyarrow the footer's, so the two would read " +
      "different tables: write the file again from its source",
    source,
  );
}

/** {@link checkSchemaCopies} of the bytes of a whole IPC file (not a stream), once their metadata is bounds-checked. */
export function checkFileSchemaCopies(bytes: Uint8Array, source?: string): void {
  const footerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(bytes.length - 10, true);
  const footerStart = bytes.length - 10 - footerLength;
  const streamSchema = fileStreamSchema(bytes, footerStart, source);
  if (streamSchema === null) return;
  const { schema, blocks } = parsing(() => {
    const footer = Footer.decode(bytes.subarray(footerStart, footerStart + footerLength));
    return {
      schema: withUnionTypeIds(footer.schema),
      blocks: [...footer.recordBatches(), ...footer.dictionaryBatches()],
    };
  }, source);
  checkSchemaCopies(schema, streamSchema, source);
  const end = streamBlocksEnd(blocks, streamSchema, source);
  checkStreamEnd(bytes.subarray(end, Math.max(end, Math.min(end + 8, footerStart))), end, source);
}

/**
 * Where the stream of a file whose stream starts with `streamSchema` goes on after the blocks its
 * footer lists (its record and dictionary batches), which must be the stream's messages one after
 * the other: sorted by offset, the first starts where the Schema message ends and each where the
 * one before ends. Arrow.jl reads the stream message by message and never the footer; a block
 * that starts after the end of the one before leaves the stream's message there out of the
 * footer's list (`CorruptTableError` saying where), and a first block that starts inside the
 * Schema message (whose length prefix is damaged) is where the stream, so read, holds no message
 * (`NotArrowFileError`, as a read of it piped in finds). The blocks are in bounds (guard/ipc-bounds.ts).
 */
export function streamBlocksEnd(blocks: readonly FileBlock[], streamSchema: StreamSchema, source?: string): number {
  const sorted = [...blocks].sort((a, b) => a.offset - b.offset);
  if (sorted[0] !== undefined && sorted[0].offset < streamSchema.end) throw noStreamMessage(sorted[0], source);
  let at = streamSchema.end;
  for (const block of sorted) {
    // A block inside another is no message at all: the check of its message refuses it when it
    // is read (guard/ipc-bounds.ts). None is inside the Schema message: the first was checked above.
    if (block.offset > at) throw unlisted(at, source);
    at = Math.max(at, block.offset + block.metaDataLength + block.bodyLength);
  }
  return at;
}

/**
 * Throws `CorruptTableError` when `next`, the (up to 8) bytes at `at` before the footer, after the
 * last block the footer lists, start another message: Arrow.jl reads on while it finds the
 * continuation marker 0xFFFFFFFF and a length other than 0 (apache/arrow-julia src/table.jl,
 * `BatchIterator`). The end-of-stream marker, nothing, or the footer itself end its read.
 */
export function checkStreamEnd(next: Uint8Array, at: number, source?: string): void {
  if (next.length < 8) return;
  const view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  if (view.getInt32(0, true) === -1 && view.getInt32(4, true) !== 0) throw unlisted(at, source);
}

/** The error for a block of a file's footer where its stream, read message by message, holds no message. */
export function noStreamMessage({ offset, metaDataLength, bodyLength }: FileBlock, source?: string): NotArrowFileError {
  return new NotArrowFileError(
    `its footer points at a block (${offset}, ${metaDataLength}, ${bodyLength}) where its stream holds no message; the file is corrupt`,
    source,
  );
}

/** The error for a message of a file's stream, at `at`, that its footer does not list. */
export function unlisted(at: number, source: string | undefined): CorruptTableError {
  return new CorruptTableError(
    `its footer does not list the message of its stream at byte ${at}: Arrow.jl (Legolas.jl) reads the stream, ` +
      "apache-arrow and pyarrow the blocks the footer lists, so the two would read different rows: write the file again from its source",
    source,
  );
}

/** The first way `stream` differs from `footer`, said as "… in the footer, … in the stream"; `null` when alike. */
function schemaDifference(footer: Schema, stream: Schema): string | null {
  return (
    metadataDifference(footer.metadata, stream.metadata, "the table's") ??
    (footer.fields.length !== stream.fields.length
      ? `the footer has ${footer.fields.length} columns, the stream ${stream.fields.length}`
      : fieldsDifference(footer.fields, stream.fields, (k) => `column ${k + 1}`))
  );
}

/** `place(k)`: how the `k`th field is named in a message, before its name is known to agree. */
function fieldsDifference(
  footer: readonly Field[],
  stream: readonly Field[],
  place: (k: number) => string,
): string | null {
  for (let k = 0; k < footer.length; k++) {
    const difference = fieldDifference(footer[k]!, stream[k]!, place(k));
    if (difference !== null) return difference;
  }
  return null;
}

function fieldDifference(footer: Field, stream: Field, place: string): string | null {
  // apache-arrow decodes a name written empty as "" and one left out as null: both are no name
  // (a list's element field, which Arrow.jl names "" and apache-arrow's writer leaves out).
  const [a, b] = [footer.name ?? "", stream.name ?? ""];
  if (a !== b) return `${place} is named ${quoted(a)} in the footer, ${quoted(b)} in the stream`;
  // The stream's copy is this check's own (decoded for it alone): its field takes the footer's
  // form of no name, so that apache-arrow's comparison of the types above it sees them alike.
  (stream as { name: string | null }).name = footer.name;
  const label = `${place} (${quoted(a)})`;
  if (footer.nullable !== stream.nullable)
    return `${label} is ${nullability(footer)} in the footer, ${nullability(stream)} in the stream`;
  const metadata = metadataDifference(footer.metadata, stream.metadata, `${label}'s`);
  if (metadata !== null) return metadata;
  return typeDifference(footer.type, stream.type, label);
}

/** Their children first (a difference deep inside is said where it is), then the types themselves. */
function typeDifference(footer: DataType, stream: DataType, label: string): string | null {
  const [a, b] = [(footer.children ?? []) as Field[], (stream.children ?? []) as Field[]];
  const alike = footer.typeId === stream.typeId && a.length === b.length;
  if (alike) {
    const nested = fieldsDifference(a, b, (k) => `${label}'s field ${k + 1}`);
    if (nested !== null) return nested;
  }
  if (alike && util.compareTypes(footer, stream)) return null;
  return `${label} is ${typeText(footer)} in the footer, ${typeText(stream)} in the stream`;
}

function metadataDifference(footer: Map<string, string>, stream: Map<string, string>, owner: string): string | null {
  for (const key of new Set([...footer.keys(), ...stream.keys()])) {
    const [a, b] = [footer.get(key), stream.get(key)];
    if (a !== b)
      return `${owner} metadata ${quoted(key)} is ${valueText(a)} in the footer, ${valueText(b)} in the stream`;
  }
  return null;
}

const nullability = (field: Field) => (field.nullable ? "nullable" : "required");

/** A type as apache-arrow prints it; a dictionary's id too, which its print leaves out. */
function typeText(type: DataType): string {
  return DataType.isDictionary(type) ? `${String(type)} (dictionary id ${type.id})` : String(type);
}

const valueText = (value: string | undefined) => (value === undefined ? "absent" : quoted(value));

/**
 * Text quoted as JSON, cut short past 120 characters (a metadata value may be long). A damaged
 * file's key or value may be no text at all (apache-arrow reads a broken one as `null`): shown as it is.
 */
function quoted(text: string | null): string {
  if (typeof text !== "string") return String(text);
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}

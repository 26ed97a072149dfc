/**
 * `openPipedTable`: a table read once as its bytes come (stdin, a socket, a response body), a
 * message at a time. From the same bytes, in pieces of any size, it reads what `openTableFile`
 * reads (either IPC format, compressed or not, dictionaries and their deltas); it refuses a table
 * cut anywhere with the error that read gives, and a damaged one exactly when that read refuses
 * it; and it takes from its input as far as the batches it gives, not the table.
 */
import { type Data, makeVector, type RecordBatch, Table, tableToIPC } from "apache-arrow";
import type { Field as FbField } from "apache-arrow/fb/field";
import { Int as FbInt } from "apache-arrow/fb/int";
import { Message as FbMessage } from "apache-arrow/fb/message";
import { Schema as FbSchema } from "apache-arrow/fb/schema";
import { Type as FbType } from "apache-arrow/fb/type";
import { FileBlock, Footer } from "apache-arrow/ipc/metadata/file";
import { ByteBuffer } from "flatbuffers";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import {
  ModelV1SchemaVersion,
  openPipedTable,
  openTableFile,
  prepareCompression,
  type TableFile,
  writeTableBytes,
} from "legolas-ts";
import { AllTypesV1SchemaVersion, TaggedUnionsV1, TaggedUnionsV1SchemaVersion } from "../../generated/index.js";
import { encodedTables } from "../../hostile/helpers/crafted-batches.js";
import { allTypesRows } from "../../hostile/helpers/outcomes.js";
import { juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";

interface Target {
  readonly name: string;
  readonly bytes: Uint8Array;
}

let targets: Target[];

beforeAll(async () => {
  await prepareCompression("lz4");
  await prepareCompression("zstd");
  const rows = allTypesRows();
  const plain = new Table({ id: makeVector(BigInt64Array.from([1n, 2n, 3n])) });
  targets = [
    {
      name: "every-type table, a batch of 3 rows each",
      bytes: writeTableBytes(rows, AllTypesV1SchemaVersion, { batchSize: 3 }),
    },
    {
      name: "every-type table, ZSTD",
      bytes: writeTableBytes(rows, AllTypesV1SchemaVersion, { batchSize: 4, compression: "zstd" }),
    },
    ...encodedTables(rows),
    // apache-arrow's file writer writes no Schema message: that file is held whole.
    { name: "apache-arrow file", bytes: tableToIPC(plain, "file") },
    { name: "apache-arrow stream", bytes: tableToIPC(plain, "stream") },
  ];
});

/** `bytes` in pieces of the sizes given, in turn. */
async function* inPieces(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    yield bytes.slice(at, at + size);
    at += size;
  }
}

/**
 * What a read of every batch gives (as `legolas validate` reads; a table without Legolas metadata
 * as plain record batches), or the typed error it ends in.
 */
type Outcome =
  | { readonly error: string; readonly message: string }
  | { readonly format: string; readonly streamFinished: boolean | null; readonly batches: readonly unknown[] };

async function outcomeOf(open: () => Promise<TableFile>): Promise<Outcome> {
  const batches: unknown[] = [];
  try {
    const file = await open();
    if (file.metadata.identifier === null)
      for await (const batch of file.recordBatches()) batches.push({ values: valuesOf(batch) });
    else
      for await (const { batch, invalidRows } of file.readBatches({ invalidRows: "collect" }))
        batches.push({ values: valuesOf(batch), invalid: invalidRows.map(({ rowIndex }) => rowIndex) });
    return { format: file.format, streamFinished: file.streamFinished, batches };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message: string };
    // Only a typed error: anything else fails the test.
    if (typeof code !== "string") throw error;
    return { error: code, message };
  }
}

/**
 * What a batch holds, buffer by buffer. Not its rows as apache-arrow gives them: its `get` turns a
 * timestamp into a number and throws on one past 2^53 ms, which a damaged table may well hold and
 * a legolas-ts read gives soundly as a bigint.
 */
function valuesOf(batch: RecordBatch): unknown {
  return contentsOf(batch.data);
}

function contentsOf(data: Data): unknown {
  const bytes = (view: ArrayBufferView | undefined) =>
    view === undefined ? null : Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return {
    type: String(data.type),
    length: data.length,
    offset: data.offset,
    nullCount: data.nullCount,
    validity: bytes(data.nullBitmap),
    offsets: bytes(data.valueOffsets),
    typeIds: bytes(data.typeIds),
    values: bytes(data.values),
    variadic: data.variadicBuffers.map(bytes),
    children: data.children.map(contentsOf),
    dictionary: data.dictionary?.data.map(contentsOf) ?? null,
  };
}

const byPath = (bytes: Uint8Array) => outcomeOf(() => openTableFile(bytes));
const piped = (bytes: Uint8Array, sizes: readonly number[] = [65536]) =>
  outcomeOf(() => openPipedTable(inPieces(bytes, sizes), "bytes"));

test("reads what openTableFile reads from the same bytes, in pieces of any size", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.nat(),
      fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }),
      async (pick, sizes) => {
        const { bytes } = targets[pick % targets.length]!;
        const read = await piped(bytes, sizes);
        expect(read).not.toHaveProperty("error");
        expect(read).toEqual(await byPath(bytes));
      },
    ),
    { numRuns: 60 },
  );
});

testWithJuliaFixtures.each([
  "dense-chain.model.arrow",
  "issue-94.arrow",
  "legacy-v0.1.8.digits-model.arrow",
  "test.digits-model.arrow",
  "test.onda.signal.arrow",
  "test_provider_pkg.arrow",
  "uuid4.arrow",
])("reads Legolas.jl's %s as openTableFile reads it", async (name) => {
  const bytes = new Uint8Array(readFileSync(juliaFixture(name)));
  expect(await piped(bytes, [1000])).toEqual(await byPath(bytes));
});

test("a table cut anywhere is refused with the error a read of the same bytes gives", async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (pick, where) => {
      const { bytes } = targets[pick % targets.length]!;
      const cut = bytes.subarray(0, Math.floor(where * bytes.length));
      expect(await piped(cut, [977])).toEqual(await byPath(cut));
    }),
    { numRuns: 150 },
  );
});

test("a damaged table refused by its path is refused piped, with a typed error, and one read piped reads as by its path", async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (pick, at, change) => {
      const { bytes } = targets[pick % targets.length]!;
      const damaged = bytes.slice();
      damaged[at % damaged.length]! ^= change;
      const [read, expected] = [await piped(damaged, [4096]), await byPath(damaged)];
      if ("error" in expected) expect(read).toHaveProperty("error");
      else expect(read).toEqual(expected);
    }),
    { numRuns: 300 },
  );
});

test("a Schema message damaged anywhere inside is refused piped exactly when it is by its path", async () => {
  // Each byte of the Schema message of a table of unions (its columns' layout, each union's type
  // ids, lists, sets and tuples under them) with its top bit flipped: the walk of a table piped in
  // checks that copy of the schema whole, the read by its path reads by the footer's copy and must
  // find the stream's as damaged. Unions, not the every-type table, to keep the sweep to a few
  // thousand reads.
  const bytes = writeTableBytes(
    [
      new TaggedUnionsV1({ id: 1n, amount: 2.5, labels: new Set(["a", "b"]), samples: new Float32Array([1, 2.5]) }),
      new TaggedUnionsV1({
        id: "x",
        amount: 3n,
        labels: ["a", 2n],
        samples: [4, "y"],
        day: new Date(Date.UTC(2024, 4, 6)),
      }),
    ],
    TaggedUnionsV1SchemaVersion,
  );
  const metadataEnd = 16 + new DataView(bytes.buffer, bytes.byteOffset).getInt32(12, true);
  // Its record batches read (the rows are another check's), or the code of the typed error.
  const refusal = async (open: () => Promise<TableFile>) => {
    try {
      for await (const _ of (await open()).recordBatches());
      return null;
    } catch (error) {
      const { code } = error as { code?: unknown };
      if (typeof code !== "string") throw error;
      return code;
    }
  };
  const disagreements: string[] = [];
  for (let at = 8; at < metadataEnd; at++) {
    const damaged = bytes.slice();
    damaged[at]! ^= 0x80;
    const byItsPath = await refusal(() => openTableFile(damaged));
    const pipedIn = await refusal(() => openPipedTable(inPieces(damaged, [65536]), "bytes"));
    if ((byItsPath === null) !== (pipedIn === null))
      disagreements.push(`byte ${at}: ${byItsPath} by its path, ${pipedIn} piped`);
  }
  expect(disagreements).toEqual([]);
});

test("an Int column's bit width damaged anywhere in the Schema message is refused with the same error code piped as by its path, read as apache-arrow reads it and as legolas validate does", async () => {
  // Each bit of each Int type's bitWidth (Schema.fbs `Int`) of the every-type table's Schema
  // message flipped: a width of no Int (9, 48, 2^31 + 8), or another one, which the first batch
  // is read by. Read as plain record batches, the first batch is read by the stream's copy; read
  // as `legolas validate` reads (readBatches), the schema is checked against the version first.
  const bytes = writeTableBytes(allTypesRows().slice(0, 3), AllTypesV1SchemaVersion);
  const widths = intWidthsAt(bytes);
  expect(widths.length).toBeGreaterThan(10);
  const code = (outcome: Outcome) => ("error" in outcome ? outcome.error : null);
  const disagreements: string[] = [];
  for (const at of widths.flatMap((w) => [w, w + 1, w + 2, w + 3]))
    for (let bit = 0; bit < 8; bit++) {
      const damaged = bytes.slice();
      damaged[at]! ^= 1 << bit;
      const pipedIn = () => openPipedTable(inPieces(damaged, [65536]), "bytes");
      const [plainPath, plainPiped] = [await plainOutcome(() => openTableFile(damaged)), await plainOutcome(pipedIn)];
      const [validatedPath, validatedPiped] = [await byPath(damaged), await outcomeOf(pipedIn)];
      if (code(plainPath) !== code(plainPiped) || code(validatedPath) !== code(validatedPiped))
        disagreements.push(
          `byte ${at} bit ${bit}: ${code(plainPath)}, ${code(validatedPath)} by its path; ${code(plainPiped)}, ${code(validatedPiped)} piped`,
        );
    }
  expect(disagreements).toEqual([]);
});

/** Where each Int type's bitWidth (Schema.fbs `Int.bitWidth`, an int32) lies in a file's Schema message, at any depth. */
function intWidthsAt(bytes: Uint8Array): number[] {
  const metadataStart = 16;
  const buffer = new ByteBuffer(bytes.subarray(metadataStart));
  const schema = FbMessage.getRootAsMessage(buffer).header(new FbSchema()) as FbSchema;
  const out: number[] = [];
  const visit = (field: FbField) => {
    if (field.typeType() === FbType.Int) {
      const int = field.type(new FbInt()) as FbInt;
      out.push(metadataStart + int.bb_pos + buffer.__offset(int.bb_pos, 4));
    }
    for (let k = 0; k < field.childrenLength(); k++) visit(field.children(k)!);
  };
  for (let k = 0; k < schema.fieldsLength(); k++) visit(schema.fields(k)!);
  return out;
}

test("takes from its input as far as the batches it gives, not the table", async () => {
  const rows = allTypesRows();
  const bytes = writeTableBytes([...rows, ...rows, ...rows, ...rows], AllTypesV1SchemaVersion, { batchSize: 1 });
  let taken = 0;
  async function* counted() {
    for await (const piece of inPieces(bytes, [64])) {
      taken += piece.length;
      yield piece;
    }
  }
  const file = await openPipedTable(counted(), "bytes");
  const takenAtBatch: number[] = [];
  for await (const _ of file.readBatches()) takenAtBatch.push(taken);
  expect(takenAtBatch.length).toBe(12);
  // The input is taken as far as the batches go (apache-arrow's reader reads one message ahead), no further.
  for (let k = 2; k < takenAtBatch.length; k++) expect(takenAtBatch[k]).toBeGreaterThan(takenAtBatch[k - 2]!);
  expect(takenAtBatch[0]).toBeLessThan(bytes.length / 2);
  expect(taken).toBe(bytes.length);
});

/** A footer's Block struct as it lies in the file: offset (int64), metadata length (int32, 4 bytes padding), body length (int64). */
function blockBytes({ offset, metaDataLength, bodyLength }: FileBlock): Uint8Array {
  const bytes = new Uint8Array(24);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, BigInt(offset), true);
  view.setInt32(8, metaDataLength, true);
  view.setBigInt64(16, BigInt(bodyLength), true);
  return bytes;
}

/** Where `needle` lies in `bytes`. */
function indexOf(bytes: Uint8Array, needle: Uint8Array): number {
  return bytes.findIndex((_, at) => needle.every((byte, k) => bytes[at + k] === byte));
}

test("a file whose footer lists its batches in another order than its stream is a CorruptTableError", async () => {
  const bytes = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { batchSize: 1 });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const footerStart = bytes.length - 10 - view.getInt32(bytes.length - 10, true);
  const [first, second] = [...Footer.decode(bytes.subarray(footerStart, bytes.length - 10)).recordBatches()];
  // The two blocks swapped in place: the footer's bytes are otherwise its own.
  const reordered = bytes.slice();
  const [a, b] = [blockBytes(first!), blockBytes(second!)];
  const [atA, atB] = [indexOf(reordered.subarray(footerStart), a), indexOf(reordered.subarray(footerStart), b)];
  reordered.set(b, footerStart + atA);
  reordered.set(a, footerStart + atB);
  expect(await piped(reordered)).toMatchObject({
    error: "corrupt_table",
    message: expect.stringContaining(
      "bytes is a corrupt Arrow table: its footer lists 3 record batches, its stream holds 3, and they differ from record batch 0 on",
    ),
  });
});

/** `bytes` with `from` replaced by `to` (as long) where it occurs: the first time only (the stream's Schema message), or every time (the footer's copy too). */
function relabelled(bytes: Uint8Array, from: string, to: string, where: "stream" | "both"): Uint8Array {
  const [needle, replacement] = [new TextEncoder().encode(from), new TextEncoder().encode(to)];
  const out = bytes.slice();
  for (let at = indexOf(out, needle); at !== -1; at = where === "both" ? indexOf(out, needle) : -1)
    out.set(replacement, at);
  return out;
}

test.each([
  ["names a version not registered", "test.all-types@1", "test.all-types@9", "unknown_schema_version"],
  ["names a column the version does not declare", "ubyte", "uboat", "table_schema_invalid"],
])(
  "a file whose Schema message %s is refused as a read by its path refuses it: corrupt when its footer's copy differs, else for what it says",
  async (_, from, to, verdict) => {
    const bytes = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { batchSize: 2 });
    const streamOnly = relabelled(bytes, from, to, "stream");
    expect(await piped(streamOnly)).toEqual(await byPath(streamOnly));
    expect(await piped(streamOnly)).toMatchObject({ error: "corrupt_table" });
    const both = relabelled(bytes, from, to, "both");
    expect(await piped(both)).toEqual(await byPath(both));
    expect(await piped(both)).toMatchObject({ error: verdict });
  },
);

test.each([
  ["names a version not registered", "test.all-types@1", "test.all-types@9", "unknown_schema_version"],
  ["names a column the version does not declare", "ubyte", "uboat", "table_schema_invalid"],
])(
  "a file whose Schema message %s, both copies alike, and whose last batch is damaged is refused for what its schema says, as by its path",
  async (_, from, to, verdict) => {
    const relabelledFile = relabelled(
      writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { batchSize: 2 }),
      from,
      to,
      "both",
    );
    const view = new DataView(relabelledFile.buffer, relabelledFile.byteOffset, relabelledFile.byteLength);
    const footerStart = relabelledFile.length - 10 - view.getInt32(relabelledFile.length - 10, true);
    const blocks = [...Footer.decode(relabelledFile.subarray(footerStart, relabelledFile.length - 10)).recordBatches()];
    // The last batch's metadata length (after its continuation marker) past the end of the file,
    // or 8 bytes longer (misread, the stream goes on to the footer, which says otherwise): the
    // schema's refusal is found first, and a read by its path checks a batch only when it reads it.
    for (const longer of [0x7fff_0000, 8]) {
      const damaged = relabelledFile.slice();
      const lengthAt = blocks.at(-1)!.offset + 4;
      new DataView(damaged.buffer).setInt32(lengthAt, view.getInt32(lengthAt, true) + longer, true);
      expect(await byPath(damaged), `${longer} bytes longer`).toMatchObject({ error: verdict });
      expect(await piped(damaged), `${longer} bytes longer`).toEqual(await byPath(damaged));
    }
    // Cut short, though, it is refused as cut, by its path and piped: its end is read first.
    const cut = relabelledFile.subarray(0, relabelledFile.length - 100);
    expect(await byPath(cut)).toMatchObject({ error: "not_arrow_file" });
    expect(await piped(cut)).toEqual(await byPath(cut));
  },
);

test("a Schema message damaged so that it differs from the footer's copy is refused piped for that difference, as by its path, though its first batch is checked against it first", async () => {
  // The first 600 bytes of the every-type table's Schema message, each with its low bit flipped:
  // those its path refuses for the difference of the two copies (a name, a type, and with it the
  // layout the first batch is checked against).
  const bytes = writeTableBytes(allTypesRows().slice(0, 3), AllTypesV1SchemaVersion);
  const differing: number[] = [];
  for (let at = 8; at < 608; at++) {
    const damaged = bytes.slice();
    damaged[at]! ^= 0x01;
    const expected = await byPath(damaged);
    if (!("error" in expected) || !expected.message.includes("its footer's schema differs")) continue;
    differing.push(at);
    expect(await piped(damaged), `byte ${at}`).toEqual(expected);
  }
  expect(differing.length).toBeGreaterThan(10);
});

/**
 * A legolas-flux.model@1 file of `count` batches of one row each: the batch message of a file
 * of one row repeated, and a footer listing `listed` of them (all by default), as a writer of
 * small batches lays it out, built in milliseconds where writing 45,000 batches takes seconds.
 */
function manyBatches(count: number, listed = count): Uint8Array {
  const one = writeTableBytes([{ weights: null, architecture_version: 1n }], ModelV1SchemaVersion);
  const footerLength = new DataView(one.buffer, one.byteOffset).getInt32(one.length - 10, true);
  const footer = Footer.decode(one.subarray(one.length - 10 - footerLength, one.length - 10));
  const [{ offset, metaDataLength, bodyLength }] = [...footer.recordBatches()] as [FileBlock];
  const [start, batchLength] = [Number(offset), metaDataLength + Number(bodyLength)];
  const blocks = Array.from(
    { length: listed },
    (_, k) => new FileBlock(metaDataLength, bodyLength, start + k * batchLength),
  );
  const footerBytes = Footer.encode(new Footer(footer.schema, footer.version, blocks, []));
  const endOfStream = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);
  const out = new Uint8Array(start + count * batchLength + endOfStream.length + footerBytes.length + 10);
  out.set(one.subarray(0, start));
  for (let k = 0; k < count; k++) out.set(one.subarray(start, start + batchLength), start + k * batchLength);
  const footerStart = start + count * batchLength + endOfStream.length;
  out.set(endOfStream, footerStart - endOfStream.length);
  out.set(footerBytes, footerStart);
  new DataView(out.buffer).setInt32(out.length - 10, footerBytes.length, true);
  out.set(one.subarray(one.length - 6), out.length - 6);
  return out;
}

/** Where the type tag (Message.fbs `Field.type_type`) of the column `name` lies in a file's Schema message. */
function typeTagAt(bytes: Uint8Array, name: string): number {
  const metadataStart = 16;
  const buffer = new ByteBuffer(bytes.subarray(metadataStart));
  const schema = FbMessage.getRootAsMessage(buffer).header(new FbSchema()) as FbSchema;
  for (let k = 0; k < schema.fieldsLength(); k++) {
    const field = schema.fields(k)!;
    if (field.name() === name) return metadataStart + field.bb_pos + buffer.__offset(field.bb_pos, 8);
  }
  throw new Error(`no column ${name}`);
}

test("a file of 45,000 batches (a footer of over 1 MiB) whose Schema message is damaged so that its first batch cannot be read is refused piped for the difference of the two copies, as by its path", async () => {
  const bytes = manyBatches(45_000);
  const footerLength = new DataView(bytes.buffer, bytes.byteOffset).getInt32(bytes.length - 10, true);
  expect(footerLength).toBeGreaterThan(2 ** 20);
  // The Int64 column made a Float: the stream's copy reads the batch's body otherwise.
  const damaged = bytes.slice();
  damaged[typeTagAt(bytes, "architecture_version")]! ^= 0x01;
  // Read as plain record batches, as apache-arrow's readers read it: the schema is not checked
  // against the version first (a refusal that reads on to the footer), the first batch is read.
  const expected = await plainOutcome(() => openTableFile(damaged));
  expect(expected).toMatchObject({
    error: "corrupt_table",
    message: expect.stringContaining(
      'its footer\'s schema differs from the Schema message its stream starts with: column 2 ("architecture_version") is Int64 in the footer',
    ),
  });
  expect(await plainOutcome(() => openPipedTable(inPieces(damaged, [65536]), "bytes"))).toEqual(expected);
});

/** The record batches a read gives, counted, or the typed error it ends in. */
async function plainOutcome(open: () => Promise<TableFile>): Promise<Outcome> {
  let count = 0;
  try {
    const file = await open();
    for await (const _ of file.recordBatches()) count++;
    return { format: file.format, streamFinished: file.streamFinished, batches: [count] };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message: string };
    if (typeof code !== "string") throw error;
    return { error: code, message };
  }
}

test("a footer longer than one listing the stream's messages can be is refused piped without being held, as by its path: not_arrow_file", async () => {
  // One batch in the stream, 45,000 listed: over 1 MiB of blocks where the stream holds one message.
  const bytes = manyBatches(1, 45_000);
  expect(await byPath(bytes)).toMatchObject({ error: "not_arrow_file" });
  expect(await piped(bytes)).toMatchObject({
    error: "not_arrow_file",
    message: expect.stringMatching(
      /^bytes is not a readable Arrow IPC file: its footer of 1080\d+ bytes is longer than one listing the 2 messages of its stream can be \(\d+ bytes at most\)/,
    ),
  });
});

/**
 * Columns larger than Arrow's 32-bit offsets (2^31-1 bytes of strings or binary values, or
 * list elements, in one record batch) are a ColumnTooLargeError naming the column (nested
 * ones by path) and the batch size to use instead, never a RangeError from a typed array, and
 * are refused before a buffer of that size is allocated. Eleven references to one 200 MB value
 * cost 200 MB, not 2.2 GB. A record batch's body is not so limited: its buffers lie at 64-bit
 * offsets, past 2 GiB too.
 */
import {
  CompressionType,
  compressionRegistry,
  Field,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Uint8,
} from "apache-arrow";
import { Message, type RecordBatch as RecordBatchHeader } from "apache-arrow/ipc/metadata/message";
import { expect, test } from "vitest";
import { offsetsOf } from "../../../runtime/arrow/columns/buffers.js";
import { Utf8ColumnBuilder } from "../../../runtime/arrow/columns/utf8-builder.js";
import { ColumnTooLargeError } from "../../../runtime/arrow/errors.js";
import { ipcFileBytes, ipcFileChunks } from "../../../runtime/arrow/ipc/file-writer.js";
import { FlatArray, prepareCompression, Weights, writeModelRowBytes, writeTableBytes } from "legolas-ts";
import { AllTypesV1, AllTypesV1SchemaVersion } from "../../generated/index.js";

const base = { flag: true, small: 1, ubyte: 1, uint: 1, double: 1 };
const MB200 = 200_000_000;

/** What `write` throws; it must throw. */
function thrownBy(write: () => unknown): Record<string, unknown> & Error {
  try {
    write();
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error("expected a refusal");
}

function refusal(rows: object[]): Record<string, unknown> & Error {
  return thrownBy(() =>
    writeTableBytes(
      rows.map((row) => new AllTypesV1({ ...base, ...row } as never)),
      AllTypesV1SchemaVersion,
    ),
  );
}

test("11 strings of 200 MB in one batch: the column is named and a batch size suggested", () => {
  const text = "x".repeat(MB200);
  const error = refusal(Array.from({ length: 11 }, () => ({ text })));
  expect(error).toMatchObject({
    name: "ColumnTooLargeError",
    code: "column_too_large",
    column: "text",
    unit: "bytes",
    size: 2_200_000_000,
    rows: 11,
  });
  expect(error.message).toBe(
    "column text would hold at least 2,200,000,000 bytes in one record batch of 11 rows, more than Arrow's 32-bit offsets allow (2,147,483,647); " +
      "write the rows in smaller batches: writeTable(path, rows, schemaVersion, { batchSize: 5 })",
  );
});

test("a binary column of 2.4 GB is a binary column, not 'a list column'", () => {
  const blob = new Uint8Array(MB200);
  const error = refusal(Array.from({ length: 12 }, () => ({ blob })));
  expect(error).toMatchObject({
    name: "ColumnTooLargeError",
    column: "blob",
    unit: "bytes",
    size: 2_400_000_000,
    rows: 12,
  });
});

test("one binary value over the limit: no batch size helps, and the message says so", () => {
  const error = refusal([{ blob: new Uint8Array(2_200_000_000) }]);
  expect(error).toMatchObject({ name: "ColumnTooLargeError", column: "blob", largestValue: 2_200_000_000 });
  expect(error.message).toContain(
    "one value alone holds 2,200,000,000 bytes, which no Arrow value of this type can; store it in pieces",
  );
});

test("list elements and nested strings are named by their path", () => {
  const bytes = new Uint8Array(MB200);
  const error = refusal(Array.from({ length: 11 }, () => ({ bytes })));
  expect(error).toMatchObject({
    name: "ColumnTooLargeError",
    code: "column_too_large",
    column: "bytes",
    unit: "elements",
    size: 2_200_000_000,
    rows: 11,
    largestValue: MB200,
  });
  expect(error.message).toBe(
    "column bytes would hold at least 2,200,000,000 elements in one record batch of 11 rows, more than Arrow's 32-bit offsets allow (2,147,483,647); " +
      "write the rows in smaller batches: writeTable(path, rows, schemaVersion, { batchSize: 5 })",
  );
  const note = "y".repeat(MB200);
  expect(refusal(Array.from({ length: 11 }, () => ({ point: { x: 1, note } })))).toMatchObject({
    name: "ColumnTooLargeError",
    column: "point.note",
  });
  expect(refusal(Array.from({ length: 11 }, () => ({ names: [note] })))).toMatchObject({
    name: "ColumnTooLargeError",
    column: "names[]",
  });
});

test("a fixed-width buffer of 2 GiB or more is refused before apache-arrow writes a corrupt length", () => {
  // calloc'd and never touched: the test reserves address space, not memory.
  const length = 2 ** 31;
  const column = makeData({ type: new Uint8(), length, nullCount: 0, data: new Uint8Array(length) });
  const schema = new Schema([new Field("bytes", new Uint8(), false)]);
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: [column] }),
  );
  expect(() => ipcFileBytes(schema, [batch])).toThrow(
    expect.objectContaining({ name: "ColumnTooLargeError", column: "bytes", size: length }),
  );
});

/** One record batch of Uint8 columns of `length` rows each (calloc'd and never touched: address space, not memory). */
function uint8Batch(names: readonly string[], length: number): { schema: Schema; batch: RecordBatch } {
  const schema = new Schema(names.map((name) => new Field(name, new Uint8(), false)));
  const children = names.map(() => makeData({ type: new Uint8(), length, nullCount: 0, data: new Uint8Array(length) }));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
  return { schema, batch };
}

test("a buffer under 2 GiB that padding takes to 2 GiB is refused too (apache-arrow pads it to a negative length)", () => {
  const { schema, batch } = uint8Batch(["bytes"], 2 ** 31 - 4);
  expect(() => ipcFileBytes(schema, [batch])).toThrow(
    expect.objectContaining({
      name: "ColumnTooLargeError",
      column: "bytes",
      size: 2 ** 31,
      limit: "buffer",
      message: expect.stringMatching(/in one buffer .* more than apache-arrow writes in one buffer .*batchSize/),
    }),
  );
});

test("a compressed record batch whose body passes 2 GiB declares its real length and buffer places", async () => {
  // Two columns of 1.2 GB that compression cannot shrink (as random weights), so stored as they
  // are: the body's offsets pass 2^31 after the first. The codec is stood in for by one that
  // gives its input back, which is what an incompressible buffer costs the writer.
  await prepareCompression("lz4");
  const codec = compressionRegistry.get(CompressionType.LZ4_FRAME)!;
  const encode = codec.encode;
  codec.encode = (bytes: Uint8Array) => bytes;
  const length = 1_200_000_000;
  const { schema, batch } = uint8Batch(["a", "b"], length);
  const head: Uint8Array[] = [];
  try {
    for await (const chunk of ipcFileChunks(schema, [batch], "lz4")) if (chunk.byteLength < 1 << 16) head.push(chunk);
  } finally {
    codec.encode = encode;
  }
  // The magic (8 bytes), the Schema message, then the record batch's message (each after its 8-byte prefix).
  const bytes = Buffer.concat(head);
  const schemaEnd = 8 + 8 + bytes.readInt32LE(12);
  const message = Message.decode(bytes.subarray(schemaEnd + 8, schemaEnd + 8 + bytes.readInt32LE(schemaEnd + 4)));
  const stored = 8 + length; // each column's values after the 8-byte prefix of their decompressed length
  expect(message.bodyLength).toBe(2 * stored);
  expect((message.header() as RecordBatchHeader).buffers.map(({ offset, length }) => [offset, length])).toEqual([
    [0, 0],
    [0, stored],
    [stored, 0],
    [stored, stored],
  ]);
});

test("offsets of lengths past the limit: the same refusal, the lengths' total and largest named", () => {
  const lengths = [2 ** 30, 2 ** 30, 5];
  expect(() => offsetsOf(lengths, { path: "names[]", rows: 3 }, "bytes")).toThrow(
    expect.objectContaining({
      name: "ColumnTooLargeError",
      code: "column_too_large",
      column: "names[]",
      unit: "bytes",
      size: 2 ** 31 + 5,
      rows: 3,
      largestValue: 2 ** 30,
    }),
  );
  const place = { path: "names[]", rows: 2 };
  expect(offsetsOf([2 ** 31 - 2, 1], place)).toEqual(Int32Array.from([0, 2 ** 31 - 2, 2 ** 31 - 1]));
  expect(() => offsetsOf([2 ** 31 - 1, 1], place)).toThrow(ColumnTooLargeError);
});

test("Weights of more elements than a batch's column holds: the column named, by row, never a RangeError", () => {
  // One model row, 11 arrays of one 200 MB uint8 vec (a Weights element type): 2.2 billion elements.
  const vec = new Uint8Array(MB200);
  const weights = new Weights(Array.from({ length: 11 }, () => new FlatArray(vec, [MB200])));
  const error = thrownBy(() => writeModelRowBytes({ weights }));
  expect(error).toMatchObject({
    name: "ColumnTooLargeError",
    column: "weights.weights[].vec",
    unit: "elements",
    size: 2_200_000_000,
    rows: 1,
    largestValue: 2_200_000_000,
    message: expect.stringContaining("one value alone holds 2,200,000,000 elements"),
  });
});

test("a model row of 2 GiB of float32 weights: no batch size helps, and the column is named by its path", () => {
  // 2^29 float32 elements: under the offsets' limit, but a 2 GiB buffer in the one row's batch.
  // calloc'd and never touched: the test reserves address space, not memory.
  const elements = 2 ** 29;
  const weights = new Weights([new FlatArray(new Float32Array(elements), [elements])]);
  const error = thrownBy(() => writeModelRowBytes({ weights }));
  expect(error).toMatchObject({
    name: "ColumnTooLargeError",
    column: "weights.weights[].vec[]",
    unit: "bytes",
    size: 2 ** 31,
    rows: 1,
    largestValue: 2 ** 31,
  });
  // The limit is the writer's buffer, not offsets (2^29 elements fit them), and an Arrow value can be that large.
  expect(error).toMatchObject({ limit: "buffer" });
  expect(error.message).toBe(
    "column weights.weights[].vec[] would hold at least 2,147,483,648 bytes in one buffer of a record batch of 1 rows, " +
      "more than apache-arrow writes in one buffer (2,147,483,647); one value alone holds 2,147,483,648 bytes, so no " +
      "batch size helps; store it in pieces (e.g. a list of chunks), or, for a model's Weights, in a smaller element " +
      "type (Float16 bits in a Uint16Array halve them)",
  );
});

test("a Utf8 column builder refuses code units past the limit with the same error as offsetsOf", () => {
  const text = "x".repeat(MB200);
  const builder = new Utf8ColumnBuilder({ path: "point.note", rows: 11 }, 11);
  for (let i = 0; i < 11; i++) builder.count(text);
  expect(builder.tooLarge).toBe(true);
  const error = thrownBy(() => builder.finish());
  expect(error).toBeInstanceOf(ColumnTooLargeError);
  expect(error).toMatchObject({
    code: "column_too_large",
    column: "point.note",
    unit: "bytes",
    size: 2_200_000_000,
    rows: 11,
    largestValue: MB200,
    message:
      "column point.note would hold at least 2,200,000,000 bytes in one record batch of 11 rows, more than Arrow's 32-bit offsets allow (2,147,483,647); " +
      "write the rows in smaller batches: writeTable(path, rows, schemaVersion, { batchSize: 5 })",
  });
});

/**
 * What batch-by-batch reads hold: a file reads batches ahead of the one being used only while
 * their buffers and its own stay within a budget (READ_AHEAD_BYTES, here made small), at most
 * two ahead, and a batch larger than the budget alone; many files read as one add no batch of
 * their own to that. Counted at the source: the batches whose buffers it has given (one read
 * each, the only reads of 64 KiB), with every read in flight settled (sources in memory).
 */
import { makeTable, type RecordBatch, Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { describe, expect, test } from "vitest";
import { writeTableBytes } from "legolas-ts";
import { ArrowBatchFile } from "../../../runtime/arrow/file-batch-reader.js";
import { readManyTables } from "../../../runtime/arrow/many-tables.js";
import type { ByteRange, RandomAccessSource } from "../../../runtime/arrow/source/byte-source.js";
import { openTableSource } from "../../../runtime/arrow/table-batches.js";
import { ParentV1SchemaVersion } from "../../generated/index.js";

/** The buffers of one batch of `plainTable`: 8,192 float64 values. */
const BATCH_BYTES = 8_192 * 8;

/** `count` batches of BATCH_BYTES each, as an Arrow IPC file (no Legolas metadata: ArrowBatchFile reads any). */
function plainTable(count: number): Uint8Array {
  const batches = Array.from(
    { length: count },
    (_, k) => makeTable({ x: new Float64Array(8_192).fill(k) }).batches[0] as RecordBatch,
  );
  return tableToIPC(new Table(batches), "file");
}

/** `bytes` as a source that counts the reads of a batch's buffers (every other read is under 1 KiB). */
function countingSource(bytes: Uint8Array, name = "counted.arrow") {
  const counted = { batchesFetched: 0, closed: false };
  /** Every read after the file was opened, as `[first byte, end]`. */
  const reads: [number, number][] = [];
  const source: RandomAccessSource = {
    name,
    size: bytes.length,
    bytesRead: 0,
    async read(ranges: readonly ByteRange[]) {
      const total = ranges.reduce((sum, { length }) => sum + length, 0);
      if (total >= 1024) counted.batchesFetched++;
      for (const { at, length } of ranges) reads.push([at, at + length]);
      return ranges.map(({ at, length }) => bytes.slice(at, at + length));
    },
    async assertUnchanged() {},
    assertNotAborted() {},
    async close() {
      counted.closed = true;
    },
  };
  return { source, counted, reads };
}

/** Lets every read in flight (all in memory, so all promises) go as far as it may. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

test.each([
  ["a budget smaller than one batch: each batch read alone, once the one before is done with", 1, 0],
  ["a budget of two batches: the one used and one ahead", 2 * BATCH_BYTES, 1],
  ["a budget of three batches: two ahead", 3 * BATCH_BYTES, 2],
  ["a budget of a hundred batches: still two ahead at most", 100 * BATCH_BYTES, 2],
])("%s", async (_, budget, ahead) => {
  const count = 6;
  const { source, counted } = countingSource(plainTable(count));
  const file = await ArrowBatchFile.open(source);
  const columns = [0];
  const fetchedWhenGiven: number[] = [];
  for await (const batch of file.batches(columns, file.schemaOf(columns), budget)) {
    expect(batch.numRows).toBe(8_192);
    await settled();
    fetchedWhenGiven.push(counted.batchesFetched);
  }
  expect(fetchedWhenGiven).toEqual(Array.from({ length: count }, (_, k) => Math.min(k + 1 + ahead, count)));
});

test("leaving early while reads wait for room drops them and closes the file", async () => {
  const { source, counted } = countingSource(plainTable(4));
  const file = await ArrowBatchFile.open(source);
  for await (const batch of file.batches([0], file.schemaOf([0]), 1)) {
    expect(batch.numRows).toBe(8_192);
    break;
  }
  await file.close();
  expect(counted).toEqual({ batchesFetched: 1, closed: true });
});

test("many files read as one: the file in use and the next one started each hold what a file reads ahead, no more", async () => {
  // Batches of one row of 70 KB, far under the budget but over the size of the small batches
  // fetched together (below): each file reads two ahead of the batch in use.
  const rows = Array.from({ length: 8 }, (_, k) => ({ x: [k], y: String(k).repeat(70_000) }));
  const table = writeTableBytes(rows, ParentV1SchemaVersion, { batchSize: 1 });
  const files = [0, 1, 2].map((k) => countingSource(table, `part-${k}.arrow`));
  const fetched = () => files.map(({ counted }) => counted.batchesFetched);
  const seen: number[][] = [];
  const listing = {
    filesOf: (k: number) => [k],
    fileOf: (k: number) => ({ key: String(k), shown: `part-${k}.arrow` }),
  };
  const batches = readManyTables([0, 1, 2], listing, (k) => openTableSource(files[k]!.source), {
    schemaVersion: ParentV1SchemaVersion,
    filesInFlight: 2,
  });
  for await (const batch of batches) {
    await settled();
    if (batch.source === "part-0.arrow") seen.push(fetched());
  }
  // Batch k of the first file: it has fetched k + 1 and two ahead, the second file its first and two ahead.
  expect(seen).toEqual(Array.from({ length: 8 }, (_, k) => [Math.min(k + 3, 8), 3, 0]));
});

describe("small batches", () => {
  // 300 batches of one row: a read of its metadata, one of its buffers and a check of the source
  // each, had they been read one by one (4.5 s for 20,000 such batches from a file).
  const rows = Array.from({ length: 300 }, (_, k) => ({ x: [k], y: `row ${k}` }));
  const table = writeTableBytes(rows, ParentV1SchemaVersion, { batchSize: 1 });

  test("read in order, are fetched many in one read and give every row as written", async () => {
    const { source, reads } = countingSource(table);
    const file = await ArrowBatchFile.open(source);
    reads.length = 0;
    const columns = [0, 1];
    const given: unknown[] = [];
    for await (const batch of file.batches(columns, file.schemaOf(columns)))
      given.push(...batch.toArray().map((row) => row.y));
    expect(given).toEqual(rows.map(({ y }) => y));
    expect(reads.length).toBeLessThan(5);
    await file.close();
  });

  test("their rows counted (a batch read by its index without firstRowIndex, rowCounts), are fetched many in one read", async () => {
    const { source, reads } = countingSource(table);
    const file = await openTableSource(source);
    reads.length = 0;
    const batch = await file.readBatch(299, { columns: ["y"] });
    expect(batch.rows).toEqual([{ y: "row 299" }]);
    expect(batch.firstRowIndex).toBe(299);
    expect(await file.rowCounts()).toEqual(rows.map(() => 1));
    // The batch's own block, then the blocks before it in one read (a read per batch before: 300).
    expect(reads.length).toBeLessThan(10);
    await file.close();
  });

  test("of a stream, are read through windows of the file: a few reads in all, where each message's length, metadata and body were a read", async () => {
    const stream = tableToIPC(tableFromIPC(table), "stream");
    const { source, reads } = countingSource(stream);
    const file = await ArrowBatchFile.open(source);
    // The walk of every message's metadata at opening: one read per window, not two per message.
    expect(reads.length).toBeLessThan(10);
    reads.length = 0;
    const columns = [0, 1];
    const given: unknown[] = [];
    for await (const batch of file.batches(columns, file.schemaOf(columns)))
      given.push(...batch.toArray().map((row) => row.y));
    expect(given).toEqual(rows.map(({ y }) => y));
    expect(reads.length).toBeLessThan(10);
    await file.close();
  });

  test("of a stream of larger batches, open without fetching their bodies, and read each once", async () => {
    // 40 batches of 100 KB: windows at opening would fetch the bodies the walk of their metadata passes over.
    const large = Array.from({ length: 40 }, (_, k) => ({ x: [k], y: String(k % 10).repeat(100_000) }));
    const stream = tableToIPC(tableFromIPC(writeTableBytes(large, ParentV1SchemaVersion, { batchSize: 1 })), "stream");
    const { source, reads } = countingSource(stream);
    const fetched = () => reads.reduce((sum, [at, end]) => sum + end - at, 0);
    const file = await ArrowBatchFile.open(source);
    expect(fetched()).toBeLessThan(stream.length / 4);
    reads.length = 0;
    const columns = [0, 1];
    const given: unknown[] = [];
    for await (const batch of file.batches(columns, file.schemaOf(columns)))
      given.push(...batch.toArray().map((row) => row.y));
    expect(given).toEqual(large.map(({ y }) => y));
    expect(fetched()).toBeLessThan(stream.length * 1.1);
    await file.close();
  });

  test("read by index, each is a read of its own block, and within a read-ahead budget smaller than two, one at a time", async () => {
    const { source, reads } = countingSource(table);
    const file = await ArrowBatchFile.open(source);
    reads.length = 0;
    const batch = await file.readBatch(150, [1], file.schemaOf([1]));
    expect(batch.toArray().map((row) => row.y)).toEqual(["row 150"]);
    const fetched = reads.reduce((sum, [at, end]) => sum + end - at, 0);
    expect(fetched).toBeLessThan(table.length / 100);
    reads.length = 0;
    let batches = 0;
    for await (const _ of file.batches([1], file.schemaOf([1]), 1)) batches++;
    expect(batches).toBe(300);
    expect(reads.length).toBeGreaterThanOrEqual(300);
    await file.close();
  });
});

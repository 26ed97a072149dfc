/**
 * Random access by batch (`TableFile.readBatch`, `rowCounts`), enough for N workers to share the
 * batches of one file: any batch, in any order, any number of times, with the rows and verdicts
 * `readBatches` gives it; a stream (no footer) refuses with a typed error.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Dictionary, Int32, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openTableFile, SCHEMA_QUALIFIED_KEY, SourceReadError, type TableBatch, writeTableBytes } from "legolas-ts";
import type { RandomAccessSource } from "../../../runtime/arrow/source/byte-source.js";
import { openTableSource } from "../../../runtime/arrow/table-batches.js";
import { ParentV1SchemaVersion, type TrainingLogV1, TrainingLogV1SchemaVersion } from "../../generated/index.js";
import { writeTrainingLog } from "../../scale/helpers/training-log.js";

const schemaVersion = TrainingLogV1SchemaVersion;
let folder: string;
let path: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "legolas-batch-access-"));
  path = join(folder, "log.arrow");
  // 23 rows in batches of 5: the last batch is shorter.
  await writeTrainingLog(path, { rows: 23, weightsPerRow: 100, batchSize: 5 });
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function allBatches(): Promise<TableBatch<TrainingLogV1>[]> {
  const file = await openTableFile(path);
  const batches: TableBatch<TrainingLogV1>[] = [];
  for await (const batch of file.readBatches({ schemaVersion })) batches.push(batch);
  return batches;
}

/** `bytes` as a source whose next read fails once asked to, as a request to a server answering 503 once does. */
function flakySource(bytes: Uint8Array): { source: RandomAccessSource; failNextRead: () => void } {
  let failing = false;
  const source: RandomAccessSource = {
    name: "flaky.arrow",
    size: bytes.length,
    bytesRead: 0,
    async read(ranges) {
      if (failing) {
        failing = false;
        throw new SourceReadError("flaky.arrow", "HTTP 503 Service Unavailable; nothing was read");
      }
      return ranges.map(({ at, length }) => bytes.slice(at, at + length));
    },
    async assertUnchanged() {},
    assertNotAborted() {},
    async close() {},
  };
  return { source, failNextRead: () => (failing = true) };
}

describe("readBatch", () => {
  test("any batch, in any order, again: what readBatches gives for it, its place in the table included", async () => {
    const expected = await allBatches();
    const file = await openTableFile(path);
    expect(file.batchCount).toBe(5);
    for (const index of [3, 0, 4, 3, 1, 2]) {
      const batch = await file.readBatch(index, { schemaVersion });
      expect(batch.batchIndex).toBe(index);
      expect(batch.firstRowIndex).toBe(expected[index]!.firstRowIndex);
      expect(batch.source).toBe(path);
      expect([...batch.rows]).toEqual([...expected[index]!.rows]);
    }
    await file.close();
  });

  test("row counts per batch from the metadata alone", async () => {
    const file = await openTableFile(path);
    expect(await file.rowCounts()).toEqual([5, 5, 5, 5, 3]);
    const before = file.bytesRead;
    expect(await file.rowCounts()).toEqual([5, 5, 5, 5, 3]); // known now: nothing more is read
    expect(file.bytesRead).toBe(before);
    await file.close();
  });

  test("N workers, each its own file handle and a disjoint set of batches, read the whole table between them", async () => {
    const file = await openTableFile(path);
    const counts = await file.rowCounts();
    await file.close();
    const starts = counts.map((_, index) => counts.slice(0, index).reduce((a, b) => a + b, 0));
    const workers = 3;
    const epochs = await Promise.all(
      Array.from({ length: workers }, async (_, worker) => {
        const own = await openTableFile(path);
        const seen: bigint[] = [];
        for (let index = worker; index < counts.length; index += workers) {
          const batch = await own.readBatch(index, { columns: ["epoch"], firstRowIndex: starts[index]! });
          seen.push(...batch.rows.map((row) => row.epoch as bigint));
        }
        await own.close();
        return seen;
      }),
    );
    expect(
      epochs
        .flat()
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  test("a read that failed leaves the file readable: the next readBatch reads again, its dictionaries too", async () => {
    // A dictionary-encoded column, as Arrow.jl writes pooled strings.
    const plain = tableFromIPC(
      writeTableBytes(
        [0, 1, 2, 3].map((k) => ({ x: [k], y: `v${k % 2}` })),
        ParentV1SchemaVersion,
      ),
    );
    const y = vectorFromArray(["v0", "v1", "v0", "v1"], new Dictionary(new Utf8(), new Int32(), 0));
    const table = new Table({ x: plain.getChild("x")!, y });
    table.schema.metadata.set(SCHEMA_QUALIFIED_KEY, plain.schema.metadata.get(SCHEMA_QUALIFIED_KEY)!);
    const bytes = tableToIPC(table, "file");
    const { source, failNextRead } = flakySource(bytes);
    const file = await openTableSource(source);
    failNextRead();
    await expect(file.readBatch(0, { firstRowIndex: 0 })).rejects.toMatchObject({ name: "SourceReadError" });
    const batch = await file.readBatch(0, { firstRowIndex: 0 });
    expect(batch.rows.map((row) => (row as { y: string }).y)).toEqual(["v0", "v1", "v0", "v1"]);
    await file.close();
  });

  test("a failed read of small batches fetched together leaves them readable: rowCounts and readBatch read again", async () => {
    // One-row batches, whose blocks are fetched many in one read.
    const rows = Array.from({ length: 50 }, (_, k) => ({ x: [k], y: `row ${k}` }));
    const bytes = writeTableBytes(rows, ParentV1SchemaVersion, { batchSize: 1 });
    const { source, failNextRead } = flakySource(bytes);
    const file = await openTableSource(source);
    failNextRead();
    await expect(file.rowCounts()).rejects.toMatchObject({ name: "SourceReadError" });
    expect(await file.rowCounts()).toEqual(rows.map(() => 1));
    const batch = await file.readBatch(30, { columns: ["y"] });
    expect(batch.rows).toEqual([{ y: "row 30" }]);
    await file.close();
  });

  test("an index out of range is a RangeError that says how many batches there are", async () => {
    const file = await openTableFile(path);
    await expect(file.readBatch(5)).rejects.toThrow(
      new RangeError(`${path} has 5 record batch(es): there is no batch 5`),
    );
    await expect(file.readBatch(-1)).rejects.toThrow(RangeError);
    await expect(file.readBatch(1.5)).rejects.toThrow(RangeError);
    await file.close();
  });

  test("a stream has no footer: readBatch and rowCounts throw StreamRandomAccessError; readBatches reads it in order", async () => {
    const { readFile } = await import("node:fs/promises");
    const stream = join(folder, "log.arrows");
    await writeFile(stream, tableToIPC(tableFromIPC(await readFile(path)), "stream"));
    const file = await openTableFile(stream);
    expect(file).toMatchObject({ format: "stream", batchCount: null });
    await expect(file.readBatch(0)).rejects.toMatchObject({
      name: "StreamRandomAccessError",
      code: "stream_random_access",
      message: expect.stringContaining("reading a batch by its index is not possible"),
    });
    await expect(file.rowCounts()).rejects.toMatchObject({ name: "StreamRandomAccessError" });
    const epochs: bigint[] = [];
    for await (const batch of file.readBatches({ schemaVersion, columns: ["epoch"] }))
      epochs.push(...batch.rows.map((row) => row.epoch));
    expect(epochs).toEqual(Array.from({ length: 23 }, (_, i) => BigInt(i)));
  });
});

/**
 * The public batch read a user (and `legolas validate` / `inspect`) builds on: `openTableFile`
 * tells what a file declares without validating it; `readBatches` / `readTableBatches` with
 * `invalidRows: "collect"` report every invalid row with its table index and go on;
 * `readWeightsColumn` reads a Weights column without a schema version; `legacyLayoutHint`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Field,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { afterAll, describe, expect, test } from "vitest";
import { fetchWeights } from "legolas-ts/tfjs";
import {
  legacyLayoutHint,
  ModelV1SchemaVersion,
  openTableFile,
  readTableBatches,
  readWeightsColumn,
  TableSchemaError,
  validateRecordBatch,
  writeModelRowBytes,
  type SchemaVersion,
  type TableBatch,
} from "legolas-ts";
import { BaseV1, BaseV1SchemaVersion } from "../../golden/chain-across-files/expected/example.base.js";
import { denseNet, useCpuBackend } from "../tfjs/helpers.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-table-file-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const schemaVersion = BaseV1SchemaVersion as unknown as SchemaVersion<BaseV1, never>;

/**
 * An `example.base@1` file in batches of 4 rows: `counts[i]` is row i's count (`-1` and `1000`
 * break its constraint and its row check), `null` in `ids` a null in the required `id` column.
 */
function baseFile(
  name: string,
  counts: number[],
  ids: (string | null)[] = counts.map((_, i) => `r${i}`),
  format: "file" | "stream" = "file",
): string {
  const schema = new Schema(
    [new Field("id", new Utf8(), true), new Field("count", new Int32(), false)],
    new Map([["legolas_schema_qualified", "example.base@1"]]),
  );
  const batches: RecordBatch[] = [];
  for (let start = 0; start < counts.length; start += 4) {
    const id = vectorFromArray(ids.slice(start, start + 4), new Utf8()).data[0]!;
    const count = vectorFromArray(counts.slice(start, start + 4), new Int32()).data[0]!;
    batches.push(
      new RecordBatch(
        schema,
        makeData({ type: new Struct(schema.fields), length: id.length, nullCount: 0, children: [id, count] }),
      ),
    );
  }
  const path = join(folder, name);
  writeFileSync(path, tableToIPC(new Table(batches), format));
  return path;
}

async function collect<Row extends object>(batches: AsyncIterable<TableBatch<Row>>): Promise<TableBatch<Row>[]> {
  const out: TableBatch<Row>[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

describe("openTableFile", () => {
  test("tells the identifier, Arrow schema, metadata, format, size and batch count without validating", async () => {
    // Invalid rows, and a version this process does not know: neither stops it from opening.
    const path = baseFile("facts.arrow", [1, -1, 2, 3, 4]);
    const file = await openTableFile(path);
    expect(file.metadata).toEqual({ identifier: "example.base@1", providerName: null, providerVersion: null });
    expect(file.schema.fields.map((f) => f.name)).toEqual(["id", "count"]);
    expect(file).toMatchObject({ path, format: "file", batchCount: 2 });
    expect(file.byteLength).toBeGreaterThan(0);
    let rows = 0;
    for await (const batch of file.recordBatches()) rows += batch.numRows;
    expect(rows).toBe(5);
    await expect(file.recordBatches().next()).rejects.toThrow("have been read already: open it again");
  });

  test("a closed file is a TableFileClosedError for every read, whatever it read ahead", async () => {
    const path = baseFile("closed.arrow", [1, 2, 3, 4, 5]);
    const closedBy = async (end: (file: Awaited<ReturnType<typeof openTableFile>>) => Promise<unknown>) => {
      const file = await openTableFile(path);
      await end(file);
      return file;
    };
    const closed = { name: "TableFileClosedError", code: "table_file_closed", source: path, state: "closed" };

    // Ended by its one pass: the batches it read ahead are no longer served.
    const read = await closedBy(async (file) => {
      for await (const _ of file.readBatches()) {
      }
    });
    await expect(read.readBatch(0)).rejects.toMatchObject({ ...closed, operation: "readBatch(0)" });
    await expect(read.readBatches().next()).rejects.toMatchObject({ ...closed, state: "read" });

    // Closed by hand: not the handle's EBADF.
    const shut = await closedBy((file) => file.close());
    await expect(shut.readBatch(1)).rejects.toMatchObject({ ...closed, operation: "readBatch(1)" });
    await expect(shut.rowCounts()).rejects.toMatchObject({ ...closed, operation: "rowCounts()" });
    await expect(shut.readTable()).rejects.toMatchObject({
      ...closed,
      message: `${path}: reading its batches is not possible, the file is closed: open it again (openTableFile) to read it again`,
    });
  });

  test("a stream has no footer: its batch count is unknown until read", async () => {
    const file = await openTableFile(baseFile("facts.arrows", [1, 2, 3, 4, 5], undefined, "stream"));
    expect(file).toMatchObject({ format: "stream", batchCount: null, streamFinished: true });
    await file.close();
  });

  test("streamFinished says whether a stream ends with the marker its writer writes when it closes it", async () => {
    const whole = readFileSync(baseFile("finished.arrows", [1, 2, 3, 4, 5], undefined, "stream"));
    const finished = async (bytes: Uint8Array) => {
      const file = await openTableFile(bytes);
      try {
        return file.streamFinished;
      } finally {
        await file.close();
      }
    };
    const marker = whole.subarray(whole.length - 8);
    expect([...marker]).toEqual([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
    const cut = whole.subarray(0, whole.length - 8);
    expect(await finished(cut)).toBe(false);
    // Before Arrow 0.15 a stream ended with the zero length alone.
    expect(await finished(Buffer.concat([cut, new Uint8Array(4)]))).toBe(true);
    expect(await finished(readFileSync(baseFile("facts.arrow", [1, 2])))).toBeNull();
  });

  test("refuses what is not Arrow with the library's typed error", async () => {
    const path = join(folder, "text.arrow");
    writeFileSync(path, "not arrow at all");
    await expect(openTableFile(path)).rejects.toMatchObject({ name: "NotArrowFileError", code: "not_arrow_file" });
  });
});

describe('readTableBatches with invalidRows: "collect"', () => {
  const counts = [0, -1, 2, 3, 1000, 5, 6, 7, -8, 9];

  test("lists each batch's invalid rows with their table index and every violation, and goes on to the end", async () => {
    const path = baseFile("collect.arrow", counts);
    const batches = await collect(readTableBatches(path, { schemaVersion, invalidRows: "collect" }));
    expect(batches.map((b) => b.firstRowIndex)).toEqual([0, 4, 8]);
    expect(batches.flatMap((b) => b.invalidRows.map((r) => r.rowIndex))).toEqual([1, 4, 8]);
    // The same verdicts as the columnar validator on the whole table.
    const whole = tableFromIPC(tableToIPC(new Table(batches.map((b) => b.batch))));
    expect(batches.flatMap((b) => b.invalidRows)).toEqual(validateRecordBatch(whole, BaseV1SchemaVersion));
    // The valid rows, in order, as row-class instances.
    expect(batches.map((b) => b.rows.map((row) => row.count))).toEqual([[0, 2, 3], [5, 6, 7], [9]]);
    expect(batches[0]!.rows[0]).toBeInstanceOf(BaseV1);
    const eager = await collect(readTableBatches(path, { schemaVersion, invalidRows: "collect", rows: "eager" }));
    expect(eager.map((b) => b.rows)).toStrictEqual(batches.map((b) => [...b.rows]));
  });

  test("without it, the first invalid row throws, after the batches before it", async () => {
    const path = baseFile("throw.arrow", counts);
    const seen: number[] = [];
    const error = await (async () => {
      for await (const batch of readTableBatches(path, { schemaVersion })) seen.push(batch.invalidRows.length);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([]);
    expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 1 });
  });

  test("a null in a required column is the row's violation, not the end of the read", async () => {
    const path = baseFile("nulls.arrow", [1, 2, 3, 4, 5], ["a", null, "c", "d", null]);
    const batches = await collect(readTableBatches(path, { schemaVersion, invalidRows: "collect" }));
    expect(batches.flatMap((b) => b.invalidRows).map((r) => [r.rowIndex, r.violations[0]!.path])).toEqual([
      [1, "id"],
      [4, "id"],
    ]);
    // Throwing, it is the column's violation, as before.
    await expect(collect(readTableBatches(path, { schemaVersion }))).rejects.toMatchObject({
      code: "table_schema_invalid",
    });
  });

  test("columns that do not comply still throw before the first batch: no row can be read from them", async () => {
    const path = join(folder, "model.arrow");
    writeFileSync(path, writeModelRowBytes({ weights: null, architecture_version: 1n }, ModelV1SchemaVersion));
    const file = await openTableFile(path);
    const batches = file.readBatches({ schemaVersion, invalidRows: "collect" });
    await expect(batches.next()).rejects.toMatchObject({ code: "schema_version_mismatch" });
  });
});

describe("readWeightsColumn", () => {
  test("reads the Weights of a column whatever the table's schema version; refuses another layout by TableSchemaError", async () => {
    await useCpuBackend();
    const weights = fetchWeights(denseNet(3));
    const table = tableFromIPC(writeModelRowBytes({ weights, architecture_version: 2n }, ModelV1SchemaVersion));
    const [read] = readWeightsColumn(table, "weights");
    expect(read!.arrays.map((a) => a.size)).toEqual(weights.arrays.map((a) => a.size));
    expect(readWeightsColumn(table.batches[0]!, "weights")).toHaveLength(1);
    expect(() => readWeightsColumn(table, "architecture_version")).toThrow(TableSchemaError);
    expect(() => readWeightsColumn(table, "architecture_version")).toThrow(
      /architecture_version: expected Weights \(Arrow Struct</,
    );
    expect(() => readWeightsColumn(table, "nope")).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ code: "missing_field", path: "nope" })] }),
    );
  });
});

test("legacyLayoutHint: the advice for a nested row of Legolas.jl < 0.5, also TableSchemaError's hint", () => {
  const legacy = [
    {
      code: "incorrect_type" as const,
      path: "child",
      expected: "example.base@1",
      found: "Arrow Struct<{1:Utf8, 2:Int64, 3:Struct<{id:Utf8}>}>",
    },
  ];
  expect(legacyLayoutHint(legacy)).toMatch(/^The column looks like a nested row written by Legolas.jl < 0.5/);
  expect(new TableSchemaError("example.base@1", legacy).hint).toBe(legacyLayoutHint(legacy));
  expect(new TableSchemaError("example.base@1", legacy).message.endsWith(`\n${legacyLayoutHint(legacy)}`)).toBe(true);
  expect(legacyLayoutHint([{ code: "missing_field", path: "id", expected: "string" }])).toBeNull();
  expect(
    new TableSchemaError("example.base@1", [{ code: "missing_field", path: "id", expected: "string" }]).hint,
  ).toBeNull();
});

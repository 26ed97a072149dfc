/**
 * One measured step of the table benchmarks in a process of its own, for its peak RSS
 * (bench/memory.ts): `node dist/bench/tables/child.js <task> <path> [rows] [batch size]`.
 * Both sides load the same modules and, for writes, hold the same input rows before the step.
 *
 * Tasks: write-ours, write-arrow (an array of `rows` rows, one batch); read-ours (validated, lazy
 * rows, none read), read-ours-eager (validated, every row built), read-arrow (the whole file); stream-write-ours, stream-write-arrow (`rows` rows from a generator,
 * batch by batch); stream-read-ours, stream-read-arrow (batch by batch); stream-validate-columns
 * (batch by batch, each validated column by column, no rows built); read-bytes (the file's bytes
 * through a read stream, nothing decoded: what `cat file > /dev/null` does).
 */
import { createReadStream } from "node:fs";
import { readTable, readTableBatches, validateRecordBatch, writeTable } from "legolas-ts";
import { BenchSampleV1SchemaVersion } from "../generated/bench.sample.js";
import { measureStep } from "../memory.js";
import { rawArrowRead, rawArrowStream, rawArrowStreamWrite, rawArrowWrite } from "./raw-arrow.js";
import { sampleRows, sampleRowStream } from "./rows.js";

const [task, path, rowsArg, batchArg] = process.argv.slice(2);
const count = Number(rowsArg ?? 0);
const batchSize = Number(batchArg ?? 10_000);
if (path === undefined) throw new Error("usage: child.js <task> <path> [rows] [batch size]");

switch (task) {
  case "write-ours": {
    const rows = sampleRows(count);
    await measureStep(() => writeTable(path, rows, BenchSampleV1SchemaVersion));
    break;
  }
  case "write-arrow": {
    const rows = sampleRows(count);
    await measureStep(() => rawArrowWrite(path, rows));
    break;
  }
  case "read-ours":
    await measureStep(async () => (await readTable(path)).rows.length);
    break;
  case "read-ours-eager":
    await measureStep(async () => (await readTable(path, { rows: "eager" })).rows.length);
    break;
  case "read-arrow":
    await measureStep(async () => (await rawArrowRead(path)).numRows);
    break;
  case "stream-write-ours":
    await measureStep(() => writeTable(path, sampleRowStream(count), BenchSampleV1SchemaVersion, { batchSize }));
    break;
  case "stream-write-arrow":
    await measureStep(() => rawArrowStreamWrite(path, sampleRowStream(count), batchSize));
    break;
  case "stream-read-ours":
    await measureStep(async () => {
      let rows = 0;
      // The version is named, so that a file without Legolas metadata (apache-arrow's) reads too.
      for await (const batch of readTableBatches(path, { schemaVersion: BenchSampleV1SchemaVersion }))
        rows += batch.rows.length;
      return rows;
    });
    break;
  case "stream-validate-columns":
    await measureStep(async () => {
      let invalid = 0;
      const rows = await rawArrowStream(path, (batch, firstRowIndex) => {
        invalid += validateRecordBatch(batch, BenchSampleV1SchemaVersion, { firstRowIndex }).length;
      });
      if (invalid !== 0) throw new Error(`bench: ${invalid} invalid rows in a valid table`);
      return rows;
    });
    break;
  case "read-bytes":
    await measureStep(async () => {
      let bytes = 0;
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
        bytes += (chunk as Buffer).byteLength;
      return bytes;
    });
    break;
  case "stream-read-arrow":
    await measureStep(() => rawArrowStream(path));
    break;
  default:
    throw new Error(`unknown task ${task}`);
}

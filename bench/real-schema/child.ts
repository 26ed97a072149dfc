/**
 * One measured step of the real-schema benchmarks in a process of its own, for its time and peak
 * RSS (bench/memory.ts): `node dist/bench/real-schema/child.js <task> <path> [rows] [batch size]`.
 *
 * Tasks: write-ours, write-arrow (`rows` rows of bench.reading@1 held first, one batch, fsynced);
 * sum-ours (readTable, then `value` + `label.length` of every row through the rows), sum-arrow
 * (tableFromIPC of the file's bytes, then the same sum over its columns); stream-write-ours (a
 * `rows`-row file from a generator, `batch size` rows a batch); stream-ours (readTableBatches,
 * every batch validated, rows not read), stream-arrow (apache-arrow's file reader with the same
 * checks by hand); reads-ours, reads-async, reads-sync (`rows` reads of a table, two turns of the
 * event loop before each, the median reported: readTable, `fs.promises.readFile` +
 * `tableFromIPC`, `readFileSync` + `tableFromIPC`, each alone in its process).
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tableFromIPC } from "apache-arrow";
import { readTable, readTableBatches, writeTable } from "legolas-ts";
import { BenchReadingV1SchemaVersion } from "../generated/bench.reading.js";
// Registers bench.simple@1, which the reads-* tasks read by the name in the file.
import "../generated/bench.simple.js";
import { measureStep, report } from "../memory.js";
import { median, settled } from "../harness.js";
import { arrowTwoColumnSum, rawReadingStream, rawReadingWrite, rowTwoFieldSum } from "./raw-arrow.js";
import { readingRows, readingRowStream } from "./rows.js";

const [task, path, rowsArg, batchArg] = process.argv.slice(2);
const count = Number(rowsArg ?? 0);
const batchSize = Number(batchArg ?? 10_000);
if (path === undefined) throw new Error("usage: child.js <task> <path> [rows] [batch size]");

switch (task) {
  case "write-ours": {
    const rows = readingRows(count);
    await measureStep(() => writeTable(path, rows, BenchReadingV1SchemaVersion));
    break;
  }
  case "write-arrow": {
    const rows = readingRows(count);
    await measureStep(() => rawReadingWrite(path, rows));
    break;
  }
  case "sum-ours":
    await measureStep(async () =>
      rowTwoFieldSum((await readTable(path, { schemaVersion: BenchReadingV1SchemaVersion })).rows),
    );
    break;
  case "sum-arrow":
    await measureStep(() => arrowTwoColumnSum(tableFromIPC(readFileSync(path))));
    break;
  case "stream-write-ours":
    await measureStep(() => writeTable(path, readingRowStream(count), BenchReadingV1SchemaVersion, { batchSize }));
    break;
  case "stream-ours":
    await measureStep(async () => {
      let rows = 0;
      for await (const batch of readTableBatches(path, { schemaVersion: BenchReadingV1SchemaVersion }))
        rows += batch.rows.length;
      return rows;
    });
    break;
  case "stream-arrow":
    await measureStep(() => rawReadingStream(path));
    break;
  case "reads-ours":
    await medianRead(async () => (await readTable(path)).rows.length);
    break;
  case "reads-async":
    await medianRead(async () => tableFromIPC(await readFile(path)).numRows);
    break;
  case "reads-sync":
    await medianRead(async () => tableFromIPC(readFileSync(path)).numRows);
    break;
  default:
    throw new Error(`unknown task ${task}`);
}

/** `count` timed reads, the event loop settled before each (as compareTime does); prints the median. */
async function medianRead(read: () => Promise<number>): Promise<void> {
  const times: number[] = [];
  for (let r = 0; r < count; r++) {
    await settled();
    const start = performance.now();
    await read();
    times.push(performance.now() - start);
  }
  console.log(report(median(times)));
}

/**
 * Columnar validation (issue 14): a `bench.sample@1` file of 10,000,000 rows (quick: 20,000),
 * 10,000 rows a batch, validated batch by batch with `validateRecordBatch` (no row built), against
 * apache-arrow's file `RecordBatchReader` touching only the batches (the I/O floor) and against
 * `readTableBatches` (which now validates the same way, its rows lazy and not read). Each step
 * runs once in a child of its own (bench/tables/child.ts) that reports its time and peak RSS.
 *
 * In process, the descriptor-driven interpreter (runtime/arrow/validate/batch.ts) is measured
 * against a validator written by hand for this one schema: the loops generated per-version code
 * would be at best (constants inlined, one loop per constraint, nothing interpreted), i.e. what
 * option (b) of the issue could gain over option (a).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordBatch } from "apache-arrow";
import { columnValidator } from "legolas-ts";
import { BenchSampleV1SchemaVersion } from "./generated/bench.sample.js";
import {
  childMemory,
  childTime,
  compareThroughput,
  figure,
  repositoryRoot,
  runChild,
  type BenchModule,
} from "./harness.js";
import { CHILD } from "./tables.js";
import { RAW_SCHEMA, rawArrowBatch } from "./tables/raw-arrow.js";
import { sampleRows } from "./tables/rows.js";

export const columnValidationBench: BenchModule = {
  name: "columns",
  async run(options, report) {
    const root = repositoryRoot();
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-columns-"));
    const rows = options.quick ? 20_000 : 10_000_000;
    const batchSize = options.quick ? 1_000 : 10_000;
    const child = (task: string, path: string, count = 0) =>
      runChild(join(root, CHILD), [task, path, count, batchSize], root);
    const label = `${(rows / 1e6).toLocaleString("en")}M rows`;
    try {
      const path = join(work, `sample-${rows}.arrow`);
      await child("stream-write-arrow", path, rows);
      const columns = await child("stream-validate-columns", path);
      const arrow = await child("stream-read-arrow", path);
      const readBatches = await child("stream-read-ours", path);
      const rate = `${(((rows / columns.ms) * 1e3) / 1e6).toFixed(2)}M rows/s`;
      report(
        figure(
          "7",
          `columnar streaming validation, ${label} (${rate})`,
          { label: "validateRecordBatch", measurement: childTime([columns]) },
          { label: "apache-arrow RecordBatchReader (no rows)", measurement: childTime([arrow]) },
          { text: "<= 2x, >= 5M rows/s", maxRatio: 2, maxMs: (rows / 5e6) * 1e3 },
        ),
      );
      report(
        figure(
          "7",
          `columnar streaming validation, ${label}`,
          { label: "validateRecordBatch", measurement: childTime([columns]) },
          { label: "readTableBatches (columnar, lazy rows)", measurement: childTime([readBatches]) },
        ),
      );
      report(
        figure(
          "7",
          `peak RSS, columnar streaming validation, ${label}`,
          { label: "validateRecordBatch", measurement: childMemory([columns]) },
          { label: "apache-arrow RecordBatchReader", measurement: childMemory([arrow]) },
          { text: "flat (<= 1.15x)", maxRatio: 1.15 },
        ),
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }

    const inMemory = options.quick ? 20_000 : 1_000_000;
    const batches: RecordBatch[] = [];
    const all = sampleRows(inMemory);
    for (let start = 0; start < inMemory; start += batchSize)
      batches.push(rawArrowBatch(all.slice(start, start + batchSize)));
    const interpreter = columnValidator(BenchSampleV1SchemaVersion, RAW_SCHEMA);
    const [ours, handWritten] = compareThroughput(
      (n) => repeat(n, () => batches.reduce((invalid, batch) => invalid + interpreter.violations(batch).length, 0)),
      (n) => repeat(n, () => batches.reduce((invalid, batch) => invalid + handWrittenSampleScan(batch), 0)),
      options,
    );
    report(
      figure(
        "7",
        `columnar validation of ${(inMemory / 1e6).toLocaleString("en")}M rows in memory (interpreter)`,
        { label: "descriptor interpreter", measurement: ours },
        { label: "hand-specialized loops (generated-code bound)", measurement: handWritten },
      ),
    );
  },
};

function repeat(iterations: number, run: () => number): number {
  let sum = 0;
  for (let k = 0; k < iterations; k++) sum += run();
  return sum;
}

const SITES = ["north", "south", "east", "west"].map((site) => new TextEncoder().encode(site));

/**
 * bench.sample@1's rules as loops written for it alone: what a generated column validator would
 * run. Counts the rows it flags (the interpreter then builds those; here there are none).
 */
function handWrittenSampleScan(batch: RecordBatch): number {
  const n = batch.numRows;
  const bad = new Uint8Array(n);
  const [, subjectData, , , gainData, labelData, siteData, , , samplesData] = batch.data.children;
  for (const data of batch.data.children.slice(0, 8)) if (data!.nullCount > 0) return n; // required columns: no nulls
  const subject = subjectData!.values as Int32Array;
  for (let i = 0; i < n; i++) if (!(subject[i]! >= 0)) bad[i] = 1;
  const gain = gainData!.values as Float32Array;
  for (let i = 0; i < n; i++) if (!(gain[i]! >= 0)) bad[i] = 1;
  const labelOffsets = labelData!.valueOffsets as Int32Array;
  for (let i = 0; i < n; i++) if (labelOffsets[i + 1]! - labelOffsets[i]! > 32) bad[i] = 1; // (code points counted only past 32 bytes)
  const siteOffsets = siteData!.valueOffsets as Int32Array;
  const siteBytes = siteData!.values as Uint8Array;
  for (let i = 0; i < n; i++) {
    const start = siteOffsets[i]!;
    const width = siteOffsets[i + 1]! - start;
    let found = false;
    for (const site of SITES) {
      if (site.length !== width) continue;
      let equal = true;
      for (let k = 0; k < width && equal; k++) equal = siteBytes[start + k] === site[k];
      if (equal) found = true;
    }
    if (!found) bad[i] = 1;
  }
  const sampleOffsets = samplesData!.valueOffsets as Int32Array;
  for (let i = 0; i < n; i++) if (sampleOffsets[i + 1]! - sampleOffsets[i]! > 16) bad[i] = 1;
  let flagged = 0;
  for (let i = 0; i < n; i++) flagged += bad[i]!;
  return flagged;
}

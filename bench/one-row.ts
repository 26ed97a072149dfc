/**
 * Many small files (session 31): `readTable` of 500 distinct one-row `bench.reading@1` files and
 * `readModelRow` of 200 small `bench.training-run@1` model rows, each against apache-arrow's
 * `tableFromIPC` of the file read by `readFileSync` and by `fs.promises.readFile`, the three
 * sides' rounds interleaved; and `writeTable` of one row against `tableToIPC` + `writeFile`.
 * Figures are per file: what a process reading a folder of daily files or model rows pays for each.
 * `npm run bench -- --only=one-row` runs these alone (a few seconds).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { FlatArray, readModelRow, readTable, Weights, writeModelRow, writeTable } from "legolas-ts";
import { BenchReadingV1SchemaVersion } from "./generated/bench.reading.js";
import { BenchTrainingRunV1SchemaVersion } from "./generated/bench.training-run.js";
import { compareTimes, consume, figure, type BenchModule, type Side, type Timed } from "./harness.js";
import { readingRow } from "./real-schema/rows.js";

const side = (label: string, measurement: Side["measurement"]): Side => ({ label, measurement });

/** Runs `each` over `items` in turn: the mean ms per item. */
async function perFile<T>(items: readonly T[], each: (item: T) => unknown): Promise<Timed> {
  const start = performance.now();
  for (const item of items) consume(await each(item));
  return { ms: (performance.now() - start) / items.length };
}

/** A small model's weights: a Dense(4 -> 3) kernel and bias, distinct per `i`. */
function smallWeights(i: number): Weights {
  const kernel = Float32Array.from({ length: 12 }, (_, k) => (i + k) / 16);
  return new Weights([new FlatArray(kernel, [3, 4]), new FlatArray(new Float32Array([i, 1, 2]), [3])]);
}

export const oneRowBench: BenchModule = {
  name: "one-row",
  async run(options, report) {
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-one-row-"));
    const count = options.quick ? 5 : 500;
    const rounds = { ...options, rounds: options.quick ? 1 : 7 };
    try {
      const tables = Array.from({ length: count }, (_, i) => join(work, `reading-${i}.arrow`));
      for (const [i, path] of tables.entries()) await writeTable(path, [readingRow(i)], BenchReadingV1SchemaVersion);
      const models = tables.slice(0, Math.ceil(count / 2)).map((_, i) => join(work, `model-${i}.arrow`));
      for (const [i, path] of models.entries()) {
        const row = { weights: smallWeights(i), epoch: BigInt(i), accuracy: 0.5, commit_sha: "0123abc" };
        await writeModelRow(path, row, BenchTrainingRunV1SchemaVersion);
      }
      const baselines = (paths: readonly string[]) => [
        () => perFile(paths, (path) => tableFromIPC(readFileSync(path)).numRows),
        () => perFile(paths, async (path) => tableFromIPC(await readFile(path)).numRows),
      ];
      const reads = [
        {
          name: `readTable, ${count} one-row bench.reading@1 files, per file`,
          label: "readTable",
          task: () => perFile(tables, async (path) => (await readTable(path)).rows[0]),
          paths: tables,
        },
        {
          name: `readModelRow, ${models.length} small bench.training-run@1 rows, per file`,
          label: "readModelRow",
          task: () => perFile(models, readModelRow),
          paths: models,
        },
      ];
      for (const read of reads) {
        const [ours, sync, async] = await compareTimes([read.task, ...baselines(read.paths)], rounds);
        report(figure("31", read.name, side(read.label, ours!), side("readFileSync + tableFromIPC", sync!)));
        report(figure("31", read.name, side(read.label, ours!), side("fs.promises.readFile + tableFromIPC", async!)));
      }

      const row = readingRow(0);
      const table = (await readTable(tables[0]!)).table;
      const out = join(work, "written.arrow");
      const [write, raw] = await compareTimes(
        [
          () => perFile(tables, () => writeTable(out, [row], BenchReadingV1SchemaVersion)),
          () => perFile(tables, () => writeFile(out, tableToIPC(table, "file"))),
        ],
        rounds,
      );
      report(
        figure(
          "31",
          "writeTable of one bench.reading@1 row, per file",
          side("writeTable", write!),
          side("tableToIPC + writeFile (no fsync, no validation)", raw!),
        ),
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

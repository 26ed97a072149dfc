/**
 * Item 4 of issue 5: a `bench.sample@1` file of 10,000,000 rows written with `writeTable` from a
 * generator (batch by batch, 10,000 rows a batch) and validated batch by batch with
 * `readTableBatches` (each batch validated column by column, its rows lazy and not read); the same at 1,000,000 rows, to show that peak memory does not grow with
 * the file. Each step runs once in a child process of its own (bench/tables/child.ts), which
 * reports its time and peak RSS: at these sizes one run is tens of seconds, so these figures are
 * single runs, not medians. Baselines: apache-arrow's `RecordBatchFileWriter.throughNode()` fed the
 * same batches built by hand, and its file `RecordBatchReader` touching only the batches (no
 * rows, no validation: the I/O floor).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childMemory, childTime, figure, repositoryRoot, runChild, type BenchModule } from "./harness.js";
import { CHILD } from "./tables.js";

export const streamingBench: BenchModule = {
  name: "streaming",
  async run(options, report) {
    const root = repositoryRoot();
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-streaming-"));
    const [small, large] = options.quick ? [2_000, 20_000] : [1_000_000, 10_000_000];
    const batch = options.quick ? 1_000 : 10_000;
    const child = (task: string, path: string, rows = 0) => runChild(join(root, CHILD), [task, path, rows, batch], root);
    const name = (n: number) => `${(n / 1e6).toLocaleString("en")}M rows`;
    try {
      const runs: Record<string, Awaited<ReturnType<typeof child>>> = {};
      for (const rows of [large, small]) {
        const ours = join(work, `ours-${rows}.arrow`);
        const arrow = join(work, `arrow-${rows}.arrow`);
        const w = [await child("stream-write-ours", ours, rows), await child("stream-write-arrow", arrow, rows)] as const;
        report(figure("4", `streaming write, ${name(rows)}`, { label: "legolas-ts", measurement: childTime([w[0]]) }, { label: "apache-arrow throughNode", measurement: childTime([w[1]]) }));
        const r = [await child("stream-read-ours", ours), await child("stream-read-arrow", ours)] as const;
        if ((r[0] as { count?: number }).count !== rows) throw new Error(`bench: streamed ${(r[0] as { count?: number }).count} rows of ${rows}`);
        const rate = `${((rows / r[0].ms) * 1e3 / 1e6).toFixed(2)}M rows/s`;
        const target = rows === large ? { text: "<= 2x, >= 5M rows/s", maxRatio: 2, maxMs: (rows / 5e6) * 1e3 } : undefined;
        report(figure("4", `streaming validation, ${name(rows)} (${rate})`, { label: "legolas-ts", measurement: childTime([r[0]]) }, { label: "apache-arrow RecordBatchReader (no rows)", measurement: childTime([r[1]]) }, target));
        runs[`write-${rows}`] = w[0];
        runs[`read-${rows}`] = r[0];
        await rm(arrow, { force: true });
      }
      const flat = { text: "flat (<= 1.15x)", maxRatio: 1.15 };
      report(figure("4", `peak RSS, streaming validation, ${name(large)} vs ${name(small)}`, { label: "legolas-ts", measurement: childMemory([runs[`read-${large}`]!]) }, { label: `same, ${name(small)}`, measurement: childMemory([runs[`read-${small}`]!]) }, flat));
      report(figure("4", `peak RSS, streaming write, ${name(large)} vs ${name(small)}`, { label: "legolas-ts", measurement: childMemory([runs[`write-${large}`]!]) }, { label: `same, ${name(small)}`, measurement: childMemory([runs[`write-${small}`]!]) }, flat));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

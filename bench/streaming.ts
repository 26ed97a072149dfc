/**
 * Item 4 of issue 5: a `bench.sample@1` file of 10,000,000 rows written with `writeTable` from a
 * generator (batch by batch, 10,000 rows a batch) and validated batch by batch with
 * `readTableBatches` (each batch validated column by column, its rows lazy and not read); the same at 1,000,000 rows, to show that peak memory does not grow with
 * the file. Each step runs once in a child process of its own (bench/tables/child.ts), which
 * reports its time and peak RSS: at these sizes one run is tens of seconds, so these figures are
 * single runs, not medians. Baselines: apache-arrow's `RecordBatchFileWriter.throughNode()` fed the
 * same batches built by hand, and its file `RecordBatchReader` touching only the batches (no
 * rows, no validation: the I/O floor).
 *
 * Opt-in (`LEGOLAS_BENCH_1GB=1`, ~1 GB of temp disk and a few minutes): `legolas validate` (the CLI,
 * node start-up and schema loading included) on a ~1 GB `bench.sample@1` table, against reading
 * the file's bytes and against a `RecordBatchReader` pass; issue 14 asks for within 2x.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  childMemory,
  childTime,
  figure,
  repositoryRoot,
  runChild,
  timeNode,
  type BenchModule,
  type Figure,
} from "./harness.js";
import { CHILD } from "./tables.js";

export const streamingBench: BenchModule = {
  name: "streaming",
  async run(options, report) {
    const root = repositoryRoot();
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-streaming-"));
    const [small, large] = options.quick ? [2_000, 20_000] : [1_000_000, 10_000_000];
    const batch = options.quick ? 1_000 : 10_000;
    const child = (task: string, path: string, rows = 0) =>
      runChild(join(root, CHILD), [task, path, rows, batch], root);
    const name = (n: number) => `${(n / 1e6).toLocaleString("en")}M rows`;
    try {
      const runs: Record<string, Awaited<ReturnType<typeof child>>> = {};
      for (const rows of [large, small]) {
        const ours = join(work, `ours-${rows}.arrow`);
        const arrow = join(work, `arrow-${rows}.arrow`);
        const w = [
          await child("stream-write-ours", ours, rows),
          await child("stream-write-arrow", arrow, rows),
        ] as const;
        report(
          figure(
            "4",
            `streaming write, ${name(rows)}`,
            { label: "legolas-ts", measurement: childTime([w[0]]) },
            { label: "apache-arrow throughNode", measurement: childTime([w[1]]) },
          ),
        );
        const r = [await child("stream-read-ours", ours), await child("stream-read-arrow", ours)] as const;
        if ((r[0] as { count?: number }).count !== rows)
          throw new Error(`bench: streamed ${(r[0] as { count?: number }).count} rows of ${rows}`);
        const rate = `${(((rows / r[0].ms) * 1e3) / 1e6).toFixed(2)}M rows/s`;
        const target =
          rows === large ? { text: "<= 2x, >= 5M rows/s", maxRatio: 2, maxMs: (rows / 5e6) * 1e3 } : undefined;
        report(
          figure(
            "4",
            `streaming validation, ${name(rows)} (${rate})`,
            { label: "legolas-ts", measurement: childTime([r[0]]) },
            { label: "apache-arrow RecordBatchReader (no rows)", measurement: childTime([r[1]]) },
            target,
          ),
        );
        runs[`write-${rows}`] = w[0];
        runs[`read-${rows}`] = r[0];
        runs[`read-arrow-${rows}`] = r[1];
        await rm(arrow, { force: true });
      }
      const flat = { text: "flat (<= 1.15x)", maxRatio: 1.15 };
      report(
        figure(
          "4",
          `peak RSS, streaming validation, ${name(large)} vs ${name(small)}`,
          { label: "legolas-ts", measurement: childMemory([runs[`read-${large}`]!]) },
          { label: `same, ${name(small)}`, measurement: childMemory([runs[`read-${small}`]!]) },
          flat,
        ),
      );
      // No target: the baseline reader's own growth from the small file to the large one, beside
      // ours. Neither holds more batches for a larger file; what grows is V8's (BENCHMARKS.md,
      // "The other issues' targets").
      report(
        figure(
          "4",
          `peak RSS, streaming read, ${name(large)} vs ${name(small)}`,
          { label: "apache-arrow RecordBatchReader", measurement: childMemory([runs[`read-arrow-${large}`]!]) },
          { label: `same, ${name(small)}`, measurement: childMemory([runs[`read-arrow-${small}`]!]) },
        ),
      );
      report(
        figure(
          "4",
          `peak RSS, streaming write, ${name(large)} vs ${name(small)}`,
          { label: "legolas-ts", measurement: childMemory([runs[`write-${large}`]!]) },
          { label: `same, ${name(small)}`, measurement: childMemory([runs[`write-${small}`]!]) },
          flat,
        ),
      );
      if (process.env.LEGOLAS_BENCH_1GB === "1") {
        const bytesPerRow = (await stat(join(work, `ours-${large}.arrow`))).size / large;
        await rm(join(work, `ours-${large}.arrow`), { force: true });
        await cliValidateFigures(root, work, options.quick ? 50e6 : 1e9, bytesPerRow, batch, report);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

/** `legolas validate` on a table of about `targetBytes`, against reading its bytes and a RecordBatchReader pass. */
async function cliValidateFigures(
  root: string,
  work: string,
  targetBytes: number,
  bytesPerRow: number,
  batch: number,
  report: (f: Figure) => void,
): Promise<void> {
  const rows = Math.ceil(targetBytes / bytesPerRow);
  const path = join(work, "large.arrow");
  await runChild(join(root, CHILD), ["stream-write-ours", path, rows, batch], root);
  const size = `${((await stat(path)).size / 1e9).toFixed(2)} GB`;
  const small = join(work, "small.arrow");
  await runChild(join(root, CHILD), ["stream-write-ours", small, 1000, batch], root);
  const validate = async (table = path) => {
    const run = await timeNode(
      [join(root, "generator/bin/legolas.js"), "validate", "--schemas", join(root, "bench/schemas"), table],
      root,
    );
    if (run.code !== 0)
      throw new Error(
        `bench: legolas validate exited ${run.code}: ${run.stdout.slice(-500)}${run.stderr.slice(-1000)}`,
      );
    return { ms: run.ms, peakMb: run.peakRssMb ?? 0 };
  };
  try {
    // Page cache warmed by the write; one more read first so that every side reads from memory.
    await runChild(join(root, CHILD), ["read-bytes", path], root);
    const ours = await validate();
    // Start-up and `--schemas` loading do not grow with the file: the same command on 1,000 rows.
    const fixed = await validate(small);
    const bytes = await runChild(join(root, CHILD), ["read-bytes", path], root);
    const reader = await runChild(join(root, CHILD), ["stream-read-arrow", path], root);
    const label = `legolas validate (CLI), ${size}, ${(rows / 1e6).toFixed(1)}M rows`;
    report(
      figure(
        "4",
        label,
        { label: "legolas-ts", measurement: childTime([ours]) },
        { label: "read the file's bytes", measurement: childTime([bytes]) },
        { text: "within 2x", maxRatio: 2 },
      ),
    );
    report(
      figure(
        "4",
        label,
        { label: "legolas-ts", measurement: childTime([ours]) },
        { label: "apache-arrow RecordBatchReader (no rows)", measurement: childTime([reader]) },
        { text: "within 2x", maxRatio: 2 },
      ),
    );
    const marginal = { ms: ours.ms - fixed.ms, peakMb: ours.peakMb };
    report(
      figure(
        "4",
        `${label}, less the same command on 1,000 rows (${(fixed.ms / 1e3).toFixed(1)} s)`,
        { label: "legolas-ts", measurement: childTime([marginal]) },
        { label: "read the file's bytes", measurement: childTime([bytes]) },
      ),
    );
  } finally {
    await rm(path, { force: true });
    await rm(small, { force: true });
  }
}

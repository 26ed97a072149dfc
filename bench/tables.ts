/**
 * Item 3 of issue 5: a 10-column table (`bench.sample@1`, 1,000,000 rows) written and read with
 * `writeTable` / `readTable`, against the same table built, written and read with apache-arrow
 * alone (bench/tables/raw-arrow.ts). Times are in-process, rounds interleaved; peak RSS comes
 * from one child process per side and step (bench/tables/child.ts).
 *
 * What each side does: `writeTable` converts and validates every row through its row class,
 * encodes the columns and writes atomically (temporary file, fsync, rename); apache-arrow builds
 * typed arrays from the rows and `writeFile`s `tableToIPC`. `readTable` parses the file (zero
 * copy), checks the columns and builds one validated row-class instance per row; `tableFromIPC`
 * gives a Table and nothing per row. The fair read comparison is therefore readTable against
 * apache-arrow plus plain row objects (`toArray()` per column), with `validate: "columns"` the
 * like-for-like (no row validation on either side).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTable, writeTable } from "legolas-ts/runtime";
import { BenchSampleV1SchemaVersion } from "./generated/bench.sample.js";
import { childMemory, compareTime, figure, repositoryRoot, runChild, type BenchModule, type Side } from "./harness.js";
import { rawArrowRead, rawArrowRows, rawArrowWrite } from "./tables/raw-arrow.js";
import { sampleRows } from "./tables/rows.js";

export const CHILD = "dist/bench/tables/child.js";

export const tablesBench: BenchModule = {
  name: "tables",
  async run(options, report) {
    const root = repositoryRoot();
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-tables-"));
    const count = options.quick ? 2_000 : 1_000_000;
    const label = `${count.toLocaleString("en")} rows`;
    const ours = join(work, "ours.arrow");
    const arrow = join(work, "arrow.arrow");
    // Each round is seconds at full size: 3 rounds, no warm-up round (a million rows warm the JIT).
    const heavy = { ...options, rounds: options.quick ? 1 : 3, warmup: false };
    const side = (label: string, measurement: Side["measurement"]): Side => ({ label, measurement });
    try {
      const rows = sampleRows(count);
      let [a, b] = await compareTime(() => writeTable(ours, rows, BenchSampleV1SchemaVersion), () => rawArrowWrite(arrow, rows), heavy);
      report(figure("3", `write ${label}`, side("legolas-ts", a), side("apache-arrow makeData + tableToIPC", b), { text: "<= 1.3x", maxRatio: 1.3 }));

      [a, b] = await compareTime(async () => void (await readTable(ours)), async () => void (await rawArrowRead(arrow)), heavy);
      report(figure("3", `readTable ${label} (rows validated)`, side("legolas-ts", a), side("apache-arrow tableFromIPC (Table only)", b), { text: "<= 1.2x", maxRatio: 1.2 }));
      [a, b] = await compareTime(async () => void (await readTable(ours)), async () => void rawArrowRows(await rawArrowRead(arrow)), heavy);
      report(figure("3", `readTable ${label} (rows validated)`, side("legolas-ts", a), side("apache-arrow + plain row objects", b)));
      [a, b] = await compareTime(async () => void (await readTable(ours, { validate: "columns" })), async () => void rawArrowRows(await rawArrowRead(arrow)), heavy);
      report(figure("3", `readTable ${label} (validate: "columns")`, side("legolas-ts", a), side("apache-arrow + plain row objects", b)));

      // Peak RSS, one child per side and step; a write child holds its input rows before the step.
      const child = (task: string, path: string) => runChild(join(root, CHILD), [task, path, count], root);
      const memory = async (name: string, oursTask: string, baseTask: string, baseLabel: string, path: [string, string]) => {
        const [m0, m1] = [await child(oursTask, path[0]), await child(baseTask, path[1])];
        report(figure("3", name, side("legolas-ts", childMemory([m0])), side(baseLabel, childMemory([m1])), { text: "<= 1.5x", maxRatio: 1.5 }));
      };
      await memory(`peak RSS, write ${label}`, "write-ours", "write-arrow", "apache-arrow", [ours, arrow]);
      await memory(`peak RSS, readTable ${label}`, "read-ours", "read-arrow", "apache-arrow (Table only)", [ours, arrow]);
      await memory(`peak RSS, readTable ${label} (validate: "columns")`, "read-ours-columns", "read-arrow", "apache-arrow (Table only)", [ours, arrow]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

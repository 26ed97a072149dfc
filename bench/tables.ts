/**
 * Item 3 of issue 5: a 10-column table (`bench.sample@1`, 1,000,000 rows) written and read with
 * `writeTable` / `readTable`, against the same table built, written and read with apache-arrow
 * alone (bench/tables/raw-arrow.ts). Times are in-process, rounds interleaved; peak RSS comes
 * from one child process per side and step (bench/tables/child.ts).
 *
 * What each side does: `writeTable` converts and validates every row through its row class,
 * encodes the columns and writes atomically (temporary file, fsync, rename); apache-arrow builds
 * typed arrays from the rows and `writeFile`s `tableToIPC`. `readTable` parses the file (zero
 * copy), checks the columns, validates every row column by column and gives the rows lazily
 * (each row-class instance built on first access); `tableFromIPC` gives a Table and nothing per
 * row, no validation. Reading every row is compared with apache-arrow plus plain row objects
 * (`toArray()` per column, one object per row), as is `{ rows: "eager" }`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTable, writeTable } from "legolas-ts";
import { BenchSampleV1SchemaVersion } from "./generated/bench.sample.js";
import { childMemory, compareTime, figure, repositoryRoot, runChild, type BenchModule, type Side } from "./harness.js";
import { rawArrowRead, rawArrowRows, rawArrowWrite } from "./tables/raw-arrow.js";
import { sampleRows } from "./tables/rows.js";

export const CHILD = "dist/bench/tables/child.js";

/** Reads every row of `rows` once (lazy rows build each instance here). */
export function readEveryRow(rows: readonly object[]): number {
  let read = 0;
  for (const row of rows) if (row !== undefined) read++;
  return read;
}

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
      let [a, b] = await compareTime(
        () => writeTable(ours, rows, BenchSampleV1SchemaVersion),
        () => rawArrowWrite(arrow, rows),
        heavy,
      );
      report(
        figure("3", `write ${label}`, side("legolas-ts", a), side("apache-arrow makeData + tableToIPC", b), {
          text: "<= 1.3x",
          maxRatio: 1.3,
        }),
      );

      // Rows available: readTable validates every row column by column and gives them lazily.
      [a, b] = await compareTime(
        async () => void (await readTable(ours)).rows.length,
        async () => void (await rawArrowRead(arrow)),
        heavy,
      );
      report(
        figure(
          "3",
          `readTable ${label} (validated, rows available)`,
          side("legolas-ts", a),
          side("apache-arrow tableFromIPC (Table only)", b),
          { text: "<= 1.5x", maxRatio: 1.5 },
        ),
      );
      [a, b] = await compareTime(
        async () => void readEveryRow((await readTable(ours)).rows),
        async () => void rawArrowRows(await rawArrowRead(arrow)),
        heavy,
      );
      report(
        figure(
          "3",
          `readTable ${label} (validated, every row read)`,
          side("legolas-ts", a),
          side("apache-arrow + plain row objects", b),
        ),
      );
      [a, b] = await compareTime(
        async () => void (await readTable(ours, { rows: "eager" })),
        async () => void rawArrowRows(await rawArrowRead(arrow)),
        heavy,
      );
      report(
        figure(
          "3",
          `readTable ${label} (validated, { rows: "eager" })`,
          side("legolas-ts", a),
          side("apache-arrow + plain row objects", b),
        ),
      );

      // Peak RSS, one child per side and step; a write child holds its input rows before the step.
      // Eager rows are a million objects by request: no target, the figure says what they cost.
      const child = (task: string, path: string) => runChild(join(root, CHILD), [task, path, count], root);
      const atMost1_5x = { text: "<= 1.5x", maxRatio: 1.5 };
      const memory = async (
        name: string,
        oursTask: string,
        baseTask: string,
        baseLabel: string,
        path: [string, string],
        target?: typeof atMost1_5x,
      ) => {
        const [m0, m1] = [await child(oursTask, path[0]), await child(baseTask, path[1])];
        report(figure("3", name, side("legolas-ts", childMemory([m0])), side(baseLabel, childMemory([m1])), target));
      };
      await memory(`peak RSS, write ${label}`, "write-ours", "write-arrow", "apache-arrow", [ours, arrow], atMost1_5x);
      await memory(
        `peak RSS, readTable ${label} (validated, rows available)`,
        "read-ours",
        "read-arrow",
        "apache-arrow (Table only)",
        [ours, arrow],
        atMost1_5x,
      );
      await memory(
        `peak RSS, readTable ${label} (validated, { rows: "eager" })`,
        "read-ours-eager",
        "read-arrow",
        "apache-arrow (Table only)",
        [ours, arrow],
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

/**
 * Issue 24: validated data at Arrow speed on schemas like users write. `bench.reading@1`
 * (bench/schemas/: int64, float64, bounded float32, bounded string, bool, optional string,
 * `list<float32>`, a string with a UUID `pattern`, a nested record `bench.source@1` holding a hex
 * `pattern`, bounded int32), `bench.simple@1` (int64, float64 with a minimum, optional string,
 * bool) and `bench.metrics@1` (eight bounded numbers of six typed-array kinds), against the peers a
 * user would pick, in one process, rounds interleaved:
 *
 * - reads: `readTable` (every row validated, rows lazy) against apache-arrow's and flechette's
 *   `tableFromIPC` of the file's bytes (no validation); two fields of every row summed through
 *   the rows against apache-arrow's column loop (time and, from child processes, peak RSS);
 * - streaming validation of 10M rows: `readTableBatches` against apache-arrow's file reader with
 *   the same checks written by hand (bench/real-schema/raw-arrow.ts), one child process each;
 * - row validators: `is` / `validate` against Ajv and TypeBox's compiled checker, every peer
 *   warmed on valid and invalid rows first; `new X(invalid)` against Valibot's `safeParse`;
 * - writes: `writeTable` of 1M rows against apache-arrow by hand, both fsynced (time and memory);
 * - weights: in bench/weights/model-row-io.ts (`--only=model-row-io`).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { tableFromIPC as flechetteTableFromIPC } from "@uwdata/flechette";
import { readTable, writeTable } from "legolas-ts";
import { BenchReadingV1, BenchReadingV1SchemaVersion } from "./generated/bench.reading.js";
import { BenchSimpleV1SchemaVersion } from "./generated/bench.simple.js";
import { BenchMetricsV1SchemaVersion } from "./generated/bench.metrics.js";
import {
  childMemory,
  childTime,
  compareThroughput,
  compareTime,
  consume,
  figure,
  repositoryRoot,
  runChild,
  type BenchModule,
  type BenchOptions,
  type Figure,
  type Loop,
  type Side,
} from "./harness.js";
import { readingAjv, readingTypeBoxChecker, readingValibot } from "./real-schema/peers.js";
import { arrowTwoColumnSum, rawReadingWrite, rowTwoFieldSum } from "./real-schema/raw-arrow.js";
import { metricsRows, POOL, readingPools, readingRows, simpleRows } from "./real-schema/rows.js";
import { parse, safeParse } from "valibot";
import { countAccepted, countViolations } from "./validation.js";

const CHILD = "dist/bench/real-schema/child.js";
const MASK = POOL - 1;
const side = (label: string, measurement: Side["measurement"]): Side => ({ label, measurement });

export const realSchemaBench: BenchModule = {
  name: "real-schema",
  async run(options, report) {
    const root = repositoryRoot();
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-real-"));
    try {
      validatorFigures(options, report);
      await tableFigures(root, work, options, report);
      await streamingFigures(root, work, options, report);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

function validatorFigures(options: BenchOptions, report: (f: Figure) => void): void {
  const pools = readingPools();
  const ajv = readingAjv();
  const typeBox = readingTypeBoxChecker();
  const peers = {
    "Ajv first error": (row: unknown) => ajv.first(row),
    "Ajv allErrors": (row: unknown) => (ajv.all(row) ? 0 : ajv.all.errors!.length),
    "TypeBox Check": (row: unknown) => typeBox.Check(row),
    "TypeBox Check + Errors": (row: unknown) => (typeBox.Check(row) ? 0 : [...typeBox.Errors(row)].length),
  };
  // Every validator must agree on every row; running them all on both pools also warms each
  // on valid and invalid rows before anything is timed (a validator that saw only one kind is faster).
  for (const [expected, pool] of [
    [true, pools.valid],
    [false, pools.invalid],
  ] as const) {
    for (const row of pool) {
      const verdicts = [
        BenchReadingV1.is(row),
        BenchReadingV1.validate(row).length === 0,
        peers["Ajv first error"](row),
        peers["Ajv allErrors"](row) === 0,
        peers["TypeBox Check"](row),
        peers["TypeBox Check + Errors"](row) === 0,
        safeParse(readingValibot, row).success,
      ];
      if (verdicts.some((verdict) => verdict !== expected))
        throw new Error(`bench real-schema: validators disagree (expected ${expected}): ${verdicts.join(", ")}`);
    }
  }
  const atLeastPeer = { text: ">= peer speed", maxRatio: 1 };
  for (const [state, pool] of [
    ["valid", pools.valid],
    ["invalid", pools.invalid],
  ] as const) {
    for (const peer of ["Ajv first error", "TypeBox Check"] as const) {
      const [ours, base] = compareThroughput(
        countAccepted(pool, BenchReadingV1.is),
        countAccepted(pool, peers[peer]),
        options,
      );
      report(figure("24", `bench.reading@1 is, ${state}`, side("legolas-ts", ours), side(peer, base), atLeastPeer));
    }
    for (const peer of ["Ajv allErrors", "TypeBox Check + Errors"] as const) {
      const [ours, base] = compareThroughput(
        countViolations(pool, (row) => BenchReadingV1.validate(row).length),
        countViolations(pool, peers[peer]),
        options,
      );
      report(
        figure("24", `bench.reading@1 validate, ${state}`, side("legolas-ts", ours), side(peer, base), atLeastPeer),
      );
    }
  }
  const construct = countThrown(pools.invalid, (row) => new BenchReadingV1(row as never));
  const valibot = countAccepted(pools.invalid, (row) => safeParse(readingValibot, row).success);
  const within2x = { text: "within 2x", maxRatio: 2 };
  let [ours, base] = compareThroughput(construct, valibot, options);
  report(
    figure("24", "new BenchReadingV1(invalid)", side("legolas-ts", ours), side("Valibot safeParse", base), within2x),
  );
  // The constructor throws, so it pays for the Error's stack, which safeParse never builds:
  // Valibot's own throwing door, `parse` (a ValiError), pays the same. No target: context for the one above.
  [ours, base] = compareThroughput(
    construct,
    countThrown(pools.invalid, (row) => parse(readingValibot, row)),
    options,
  );
  report(
    figure("24", "new BenchReadingV1(invalid), both throwing", side("legolas-ts", ours), side("Valibot parse", base)),
  );
  // parse is legolas-ts's own safeParse: the violations without an Error (no stack to capture).
  [ours, base] = compareThroughput(
    countAccepted(pools.invalid, (row) => BenchReadingV1.parse(row).ok),
    valibot,
    options,
  );
  report(
    figure("24", "BenchReadingV1.parse(invalid)", side("legolas-ts", ours), side("Valibot safeParse", base), within2x),
  );
}

async function tableFigures(root: string, work: string, options: BenchOptions, report: (f: Figure) => void) {
  const count = options.quick ? 2_000 : 1_000_000;
  const label = `${count.toLocaleString("en")} rows`;
  const ours = join(work, "reading.arrow");
  const raw = join(work, "reading-raw.arrow");
  const simple = join(work, "simple.arrow");
  const heavy = { ...options, rounds: options.quick ? 1 : 5 };
  await writeFigure(ours, raw, count, heavy, report);
  await writeReadBackFigure(join(work, "back.arrow"), options.quick ? 2_000 : 200_000, heavy, report);

  const readOurs = async () => void (await readTable(ours)).rows.length;
  let [a, b] = await compareTime(readOurs, () => void tableFromIPC(readFileSync(ours)).numRows, heavy);
  report(
    figure(
      "24",
      `readTable ${label} of bench.reading@1 (validated)`,
      side("readTable", a),
      side("apache-arrow tableFromIPC", b),
      { text: "<= 1.5x", maxRatio: 1.5 },
    ),
  );
  [a, b] = await compareTime(readOurs, () => void flechetteTableFromIPC(readFileSync(ours)).numRows, heavy);
  report(
    figure(
      "24",
      `readTable ${label} of bench.reading@1 (validated)`,
      side("readTable", a),
      side("flechette tableFromIPC", b),
      { text: "<= 1.5x", maxRatio: 1.5 },
    ),
  );
  [a, b] = await compareTime(
    async () => consume(rowTwoFieldSum((await readTable(ours, { schemaVersion: BenchReadingV1SchemaVersion })).rows)),
    () => consume(arrowTwoColumnSum(tableFromIPC(readFileSync(ours)))),
    heavy,
  );
  report(
    figure(
      "24",
      `read ${label} of bench.reading@1, then two fields of every row`,
      side("readTable rows", a),
      side("apache-arrow column loop", b),
      { text: "<= 2x", maxRatio: 2 },
    ),
  );

  await writeTable(simple, simpleRows(count), BenchSimpleV1SchemaVersion);
  const readSimple = async () => void (await readTable(simple)).rows.length;
  [a, b] = await compareTime(readSimple, () => void tableFromIPC(readFileSync(simple)).numRows, heavy);
  report(
    figure(
      "24",
      `readTable ${label} of bench.simple@1 (4 columns, validated)`,
      side("readTable", a),
      side("apache-arrow tableFromIPC", b),
      { text: "<= 1.3x", maxRatio: 1.3 },
    ),
  );
  // No target: the baseline read asynchronously, as readTable reads, so that the collections an
  // asynchronous read of a 24 MB file pays (BENCHMARKS.md, session 15) are on both sides.
  [a, b] = await compareTime(readSimple, async () => void tableFromIPC(await readFile(simple)).numRows, heavy);
  report(
    figure(
      "24",
      `readTable ${label} of bench.simple@1 (4 columns, validated)`,
      side("readTable", a),
      side("fs.promises.readFile + tableFromIPC", b),
    ),
  );

  // No target: bounded numbers in six kinds of typed array, which the scans read at one speed
  // (before session 31 a loop that met more than four kinds read each value 5-10x slower).
  const metrics = join(work, "metrics.arrow");
  await writeTable(metrics, metricsRows(count), BenchMetricsV1SchemaVersion);
  [a, b] = await compareTime(
    async () => void (await readTable(metrics)).rows.length,
    () => void tableFromIPC(readFileSync(metrics)).numRows,
    heavy,
  );
  report(
    figure(
      "24",
      `readTable ${label} of bench.metrics@1 (8 bounded numbers, 6 kinds)`,
      side("readTable", a),
      side("apache-arrow tableFromIPC", b),
    ),
  );

  // No target: each read alone in its process, three processes a side in turn, so that no side's
  // collections or freed memory fall in another's timings, as they may in the rounds above.
  type ChildRun = { ms: number; peakMb: number };
  const reads: Record<"ours" | "sync" | "async", ChildRun[]> = { ours: [], sync: [], async: [] };
  for (let p = 0; p < (options.quick ? 1 : 3); p++)
    for (const kind of ["ours", "sync", "async"] as const)
      reads[kind].push(
        await runChild<ChildRun>(join(root, CHILD), [`reads-${kind}`, simple, options.quick ? 3 : 30], root),
      );
  for (const [kind, peer] of [
    ["sync", "apache-arrow tableFromIPC"],
    ["async", "fs.promises.readFile + tableFromIPC"],
  ] as const)
    report(
      figure(
        "24",
        `readTable ${label} of bench.simple@1, each side alone in its processes (median of 30 reads)`,
        side("readTable", childTime(reads.ours)),
        side(peer, childTime(reads[kind])),
      ),
    );

  const child = (task: string, path: string) => runChild(join(root, CHILD), [task, path, count], root);
  const memory = async (name: string, tasks: [string, string], paths: [string, string], target: number) => {
    const [m0, m1] = [await child(tasks[0], paths[0]), await child(tasks[1], paths[1])];
    report(
      figure(
        "24",
        `peak RSS, ${name}`,
        side("legolas-ts", childMemory([m0])),
        side("apache-arrow", childMemory([m1])),
        {
          text: `<= ${target}x`,
          maxRatio: target,
        },
      ),
    );
  };
  await memory(`write ${label}`, ["write-ours", "write-arrow"], [ours, raw], 1.3);
  await memory(`read ${label}, then two fields of every row`, ["sum-ours", "sum-arrow"], [ours, ours], 1.5);
}

/**
 * `writeTable` of `count` rows against apache-arrow by hand, both fsynced. In a function of its
 * own so that the million input rows are garbage once it returns: held on, they would make every
 * collection of the read figures after it walk them.
 */
async function writeFigure(
  ours: string,
  raw: string,
  count: number,
  options: BenchOptions,
  report: (f: Figure) => void,
): Promise<void> {
  const rows = readingRows(count);
  const [a, b] = await compareTime(
    () => writeTable(ours, rows, BenchReadingV1SchemaVersion),
    () => rawReadingWrite(raw, rows),
    options,
  );
  report(
    figure(
      "24",
      `write ${count.toLocaleString("en")} rows of bench.reading@1`,
      side("writeTable", a),
      side("apache-arrow by hand + fsync", b),
      { text: "<= 1.2x", maxRatio: 1.2 },
    ),
  );
}

/**
 * Session 17: rows read by `readTable` written back with `writeTable` (read a table, keep some
 * rows, write them), the lazy rows a read gives against the same rows read eagerly, in one run.
 * Both sides check each row as it stands (rows are mutable); lazy rows also decode their fields
 * here, which eager rows did at read time. No target: what the lazy rows cost over the eager
 * (x1.0-1.6 wall, x1.3-1.6 CPU under a shared machine's load; x1.8-2.0 before session 17).
 */
export async function writeReadBackFigure(
  path: string,
  count: number,
  options: BenchOptions,
  report: (f: Figure) => void,
): Promise<void> {
  await writeTable(path, readingRows(count), BenchReadingV1SchemaVersion);
  const read = (rows: "lazy" | "eager") => readTable(path, { schemaVersion: BenchReadingV1SchemaVersion, rows });
  const [lazy, eager] = [(await read("lazy")).rows, (await read("eager")).rows];
  for (const row of lazy) consume(row); // every lazy row made, as a loop keeping some would make them
  const [a, b] = await compareTime(
    () => writeTable(`${path}.lazy`, lazy, BenchReadingV1SchemaVersion),
    () => writeTable(`${path}.eager`, eager, BenchReadingV1SchemaVersion),
    options,
  );
  report(
    figure(
      "s17",
      `writeTable of ${count.toLocaleString("en")} rows of bench.reading@1 read back by readTable`,
      side("lazy rows (the default)", a),
      side('the same rows, { rows: "eager" }', b),
    ),
  );
}

async function streamingFigures(root: string, work: string, options: BenchOptions, report: (f: Figure) => void) {
  const rows = options.quick ? 20_000 : 10_000_000;
  const batch = options.quick ? 1_000 : 10_000;
  const path = join(work, "stream.arrow");
  const child = (task: string, count = 0) => runChild(join(root, CHILD), [task, path, count, batch], root);
  await child("stream-write-ours", rows);
  const ours = await child("stream-ours");
  const arrow = await child("stream-arrow");
  if ((ours as { count?: number }).count !== rows) throw new Error("bench real-schema: streamed too few rows");
  const rate = (ms: number) => `${((rows / ms) * 1e-3).toFixed(2)}M rows/s`;
  report(
    figure(
      "24",
      `streaming validation, ${rows / 1e6}M rows of bench.reading@1 (${rate(ours.ms)} vs ${rate(arrow.ms)})`,
      side("readTableBatches", childTime([ours])),
      side("apache-arrow reader + the same checks by hand", childTime([arrow])),
      { text: "<= 0.67x (1.5x faster), >= 3M rows/s", maxRatio: 1 / 1.5, maxMs: (rows / 3e6) * 1e3 },
    ),
  );
}

/** A loop that hands each row of the pool to `build` and counts the rows it throws for. */
function countThrown(rows: readonly unknown[], build: (row: unknown) => unknown): Loop {
  return (n) => {
    let thrown = 0;
    for (let i = 0; i < n; i++) {
      try {
        consume(build(rows[i & MASK]));
      } catch {
        thrown++;
      }
    }
    return thrown;
  };
}

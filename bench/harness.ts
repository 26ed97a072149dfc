/**
 * The benchmark harness: rounds, medians, figures and the table they print as.
 *
 * A figure is one thing legolas-ts does, measured against its baseline in the same process run.
 * Rounds of the two sides alternate (ours, baseline, ours, ...) so that drift of the machine hits
 * both; the median of the rounds is reported. Before each timed task the event loop turns
 * (untimed), so that a side is not charged with work V8 deferred from the other: a synchronous
 * read of a large file starts the collector's marking for the memory it adds and leaves its end
 * to a task, which would otherwise run inside the next side's first await. Throughput figures are ops/s, wall-clock figures
 * are ms; `ratio` is always legolas-ts' time over the baseline's time (< 1: legolas-ts is faster).
 *
 * Quick mode (`--quick` or `LEGOLAS_BENCH_QUICK=1`) runs tiny sizes and very short rounds: a
 * smoke test that every figure is still produced, with no meaning as a measurement.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchOptions {
  readonly quick: boolean;
  /** Rounds per side after one warm-up round. */
  readonly rounds: number;
  /** How long one throughput round runs, in ms. */
  readonly roundMs: number;
}

export function benchOptions(argv: readonly string[] = process.argv.slice(2), env = process.env): BenchOptions {
  const quick = argv.includes("--quick") || env.LEGOLAS_BENCH_QUICK === "1";
  return quick ? { quick, rounds: 2, roundMs: 2 } : { quick, rounds: 5, roundMs: 100 };
}

/** `MB`: a peak resident set size (a memory figure; its ratio is memory over memory). */
export type Unit = "ops/s" | "ms" | "MB";

export interface Measurement {
  readonly unit: Unit;
  /** Median over the rounds. */
  readonly median: number;
  readonly rounds: readonly number[];
  /** Peak resident set size in MB, where it means something (child processes). */
  readonly peakRssMb?: number;
}

export interface Side {
  readonly label: string;
  readonly measurement: Measurement;
}

export interface Figure {
  /** The issue's item number and a short name: `1 validate digits valid`. */
  readonly group: string;
  readonly name: string;
  readonly ours: Side;
  readonly baseline: Side;
  /** legolas-ts time / baseline time. */
  readonly ratio: number;
  /** The bar from the issue, in words, and whether this run met it. */
  readonly target?: { readonly text: string; readonly met: boolean };
  readonly note?: string;
}

/** A benchmark module: `run` returns its figures; run.ts registers the modules in order. */
export interface BenchModule {
  readonly name: string;
  run(options: BenchOptions, report: (figure: Figure) => void): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Measuring

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Whatever benchmarked code returns goes here, so the optimiser cannot drop the work. */
export let sink = 0;
export function consume(value: unknown): void {
  sink = (sink + (value === undefined ? 1 : value === false ? 2 : 3)) | 0;
}

/**
 * A loop body under test: runs `iterations` operations and returns something derived from every
 * one of them (a count, the last result) so that none is dead code.
 */
export type Loop = (iterations: number) => unknown;

/** How many iterations make one round last about `roundMs`. */
function calibrate(loop: Loop, roundMs: number): number {
  let iterations = 1;
  for (;;) {
    const start = performance.now();
    consume(loop(iterations));
    const elapsed = performance.now() - start;
    if (elapsed >= roundMs / 4 || iterations >= 1 << 28)
      return Math.max(1, Math.round((iterations * roundMs) / Math.max(elapsed, 1e-3)));
    iterations *= 4;
  }
}

function timeLoop(loop: Loop, iterations: number): number {
  const start = performance.now();
  consume(loop(iterations));
  const elapsed = performance.now() - start;
  return (iterations * 1000) / elapsed;
}

/** Ops/s of two loops, rounds interleaved, after calibrating and warming up each. */
export function compareThroughput(ours: Loop, baseline: Loop, options: BenchOptions): [Measurement, Measurement] {
  const loops = [ours, baseline];
  const iterations = loops.map((loop) => calibrate(loop, options.roundMs));
  const rounds: number[][] = [[], []];
  loops.forEach((loop, i) => timeLoop(loop, iterations[i]!)); // warm-up
  for (let r = 0; r < options.rounds; r++) {
    loops.forEach((loop, i) => rounds[i]!.push(timeLoop(loop, iterations[i]!)));
  }
  return [throughput(rounds[0]!), throughput(rounds[1]!)];
}

function throughput(rounds: number[]): Measurement {
  return { unit: "ops/s", median: median(rounds), rounds };
}

export interface Timed {
  readonly ms: number;
  readonly peakRssMb?: number;
}

/** Wall-clock ms of two tasks, rounds interleaved; `setup(side)` runs untimed before each run of a side (0: ours). */
export async function compareTime(
  ours: () => Promise<Timed | void> | Timed | void,
  baseline: () => Promise<Timed | void> | Timed | void,
  options: BenchOptions & { readonly warmup?: boolean; readonly setup?: (side: 0 | 1) => Promise<void> | void },
): Promise<[Measurement, Measurement]> {
  const [a, b] = await compareTimes([ours, baseline], options as BenchOptions & { setup?: (side: number) => void });
  return [a!, b!];
}

/** {@link compareTime} of any number of tasks, rounds interleaved in their order; `setup(side)` gets a task's index. */
export async function compareTimes(
  tasks: readonly (() => Promise<Timed | void> | Timed | void)[],
  options: BenchOptions & { readonly warmup?: boolean; readonly setup?: (side: number) => Promise<void> | void },
): Promise<Measurement[]> {
  const results: Timed[][] = tasks.map(() => []);
  const once = async (i: number): Promise<Timed> => {
    await options.setup?.(i);
    await settled();
    const start = performance.now();
    const timed = await tasks[i]!();
    const ms = performance.now() - start;
    return timed ?? { ms };
  };
  if (options.warmup ?? true) for (let i = 0; i < tasks.length; i++) await once(i);
  for (let r = 0; r < options.rounds; r++) {
    for (let i = 0; i < tasks.length; i++) results[i]!.push(await once(i));
  }
  return results.map(wallClock);
}

/** After two turns of the event loop: the tasks V8 left for the loop (the end of a collection's marking) have run. */
export async function settled(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function wallClock(results: readonly Timed[]): Measurement {
  const rss = results.flatMap((r) => (r.peakRssMb === undefined ? [] : [r.peakRssMb]));
  const base = { unit: "ms" as const, median: median(results.map((r) => r.ms)), rounds: results.map((r) => r.ms) };
  return rss.length === 0 ? base : { ...base, peakRssMb: Math.max(...rss) };
}

/** legolas-ts' time over the baseline's. */
export function timeRatio(ours: Measurement, baseline: Measurement): number {
  return ours.unit === "ops/s" ? baseline.median / ours.median : ours.median / baseline.median;
}

export function figure(
  group: string,
  name: string,
  ours: Side,
  baseline: Side,
  target?: { text: string; maxRatio?: number; maxMs?: number; maxMb?: number },
  note?: string,
): Figure {
  const ratio = timeRatio(ours.measurement, baseline.measurement);
  const met =
    target === undefined
      ? undefined
      : (target.maxRatio === undefined || ratio <= target.maxRatio) &&
        (target.maxMs === undefined || ours.measurement.median <= target.maxMs) &&
        (target.maxMb === undefined || ours.measurement.median <= target.maxMb);
  return {
    group,
    name,
    ours,
    baseline,
    ratio,
    ...(target === undefined ? {} : { target: { text: target.text, met: met! } }),
    ...(note === undefined ? {} : { note }),
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes

/** Runs `node args...` and times it; the child reports its own peak RSS on exit. */
export function timeNode(
  args: readonly string[],
  cwd: string,
): Promise<Timed & { stdout: string; stderr: string; code: number }> {
  // --import of a data: URL runs before the script and adds an exit hook that prints maxRSS
  // (KiB on Linux) on fd 3, so the child's own output stays untouched.
  const hook = `data:text/javascript,${encodeURIComponent(
    `import{writeSync}from"node:fs";process.on("exit",()=>{try{writeSync(3,String(process.resourceUsage().maxRSS))}catch{}});`,
  )}`;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ["--import", hook, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    const chunks: string[][] = [[], [], []];
    child.stdout!.on("data", (d: Buffer) => chunks[0]!.push(d.toString()));
    child.stderr!.on("data", (d: Buffer) => chunks[1]!.push(d.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (d: Buffer) => chunks[2]!.push(d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - start;
      const rssKb = Number(chunks[2]!.join(""));
      resolve({
        ms,
        ...(Number.isFinite(rssKb) && rssKb > 0 ? { peakRssMb: rssKb / 1024 } : {}),
        stdout: chunks[0]!.join(""),
        stderr: chunks[1]!.join(""),
        code: code ?? -1,
      });
    });
  });
}

/**
 * Runs a benchmark child (`node [flags] script args...`) that measures itself and prints one JSON
 * line last: `{ ms, peakMb, ... }` (see bench/memory.ts). Returns that object; a failing child
 * throws with its stderr.
 */
export async function runChild<T extends { ms: number; peakMb: number }>(
  script: string,
  args: readonly (string | number)[],
  cwd: string,
  flags: readonly string[] = [],
): Promise<T> {
  const run = await timeNode([...flags, script, ...args.map(String)], cwd);
  const last = run.stdout.trim().split("\n").at(-1) ?? "";
  if (run.code !== 0 || !last.startsWith("{")) {
    throw new Error(`bench: ${script} ${args.join(" ")} exited ${run.code}: ${run.stderr.slice(-2000)}`);
  }
  return JSON.parse(last) as T;
}

/** A one-round measurement from a child's own figures: its time, or its peak RSS as the value. */
export function childTime(results: readonly { ms: number; peakMb: number }[]): Measurement {
  return {
    unit: "ms",
    median: median(results.map((r) => r.ms)),
    rounds: results.map((r) => r.ms),
    peakRssMb: Math.max(...results.map((r) => r.peakMb)),
  };
}
export function childMemory(results: readonly { peakMb: number }[]): Measurement {
  return { unit: "MB", median: median(results.map((r) => r.peakMb)), rounds: results.map((r) => r.peakMb) };
}

/** The folder with package.json, from wherever this file runs (bench/ or dist/bench/). */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`bench: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Printing

function formatNumber(m: Measurement): string {
  const value = m.median;
  if (m.unit === "MB") return `${value.toFixed(0)} MB`;
  const text =
    value >= 1e6
      ? `${(value / 1e6).toFixed(2)} M`
      : value >= 1e4
        ? `${(value / 1e3).toFixed(1)} k`
        : value >= 100
          ? value.toFixed(0)
          : value.toFixed(2);
  const rss = m.peakRssMb === undefined ? "" : `, ${m.peakRssMb.toFixed(0)} MB`;
  return `${text} ${m.unit}${rss}`;
}

export function formatRatio(ratio: number, unit: Unit = "ms"): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  if (unit === "MB") return `${ratio.toFixed(2)} (${ratio.toFixed(1)}x the memory)`;
  const speed = ratio <= 1 ? `${(1 / ratio).toFixed(1)}x faster` : `${ratio.toFixed(1)}x slower`;
  return `${ratio.toFixed(2)} (${speed})`;
}

export const TABLE_HEADER = [
  "| # | figure | legolas-ts | baseline | baseline figure | ratio | target |",
  "| --- | --- | --- | --- | --- | --- | --- |",
];

export function tableRow(f: Figure): string {
  const target = f.target === undefined ? "" : `${f.target.text}: ${f.target.met ? "met" : "**missed**"}`;
  return `| ${f.group} | ${f.name} | ${formatNumber(f.ours.measurement)} | ${f.baseline.label} | ${formatNumber(f.baseline.measurement)} | ${formatRatio(f.ratio, f.ours.measurement.unit)} | ${target} |`;
}

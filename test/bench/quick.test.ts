/**
 * The benchmarks' CI smoke test: quick mode, in-process. It asserts that every figure is
 * produced and finite, never anything about time. (The cold generator figures run the built
 * CLI, `bin/legolas.js`, and the memory figures run dist/bench/.../child.js, so the package
 * must have been built, as `npm ci` does.)
 */
import { expect, test } from "vitest";
import { benchOptions } from "../../bench/harness.js";
import { runBenchmarks } from "../../bench/run.js";
import { SCALE_FIGURES } from "../../bench/scale.js";
import { haveNginx } from "../../bench/scale/nginx.js";

test("bench --quick produces every figure, each finite", async () => {
  const lines: string[] = [];
  const figures = await runBenchmarks(benchOptions(["--quick"]), (text) => lines.push(...text.split("\n")));
  const names = figures.map((f) => `${f.group} ${f.name} vs ${f.baseline.label}`);
  expect(new Set(names).size).toBe(names.length);
  for (const group of ["1", "2", "3", "4", "5", "6", "7", "21.1", "22.2", "22.13", "24", "s17", "31"])
    expect(figures.some((f) => f.group === group)).toBe(true);
  // validation 16, against the descriptor interpreter 6, construction 1, generator 5 (tsc included), tables 7, streaming 7 (the 1 GB
  // figures are opt-in), weights 7 (loadModelRow included) + 3 in memory + 4 peak RSS, columnar validation 3 streaming
  // + 1 in memory, delta dictionaries 2 (4x the pairs, apache-arrow as shipped), real schemas (issue 24) 11 validator
  // + 12 table (session 17's rows read back and written among them, bench.simple@1 against an asynchronous read too, and in processes of their own, bench.metrics@1) + 1 streaming + 6 model-row figures (bench/weights/model-row-io.ts, the loads against an asynchronous read too), JSON bodies (issue 21) 2, generate on many fields (issue 22) 1,
  // one-row files (session 31) 5, scale 5 (and 3 over HTTP where nginx is installed)
  const scale = SCALE_FIGURES.local + (haveNginx ? SCALE_FIGURES.http : 0);
  expect(figures.length).toBe(16 + 6 + 1 + 5 + 7 + 7 + 14 + 4 + 2 + 30 + 2 + 1 + 5 + scale);
  for (const f of figures) {
    // Times and throughputs are positive. Memory added can be zero or even negative at quick
    // mode's tiny sizes (a collection runs meanwhile): there only a number is asserted.
    const memory = f.ours.measurement.unit === "MB";
    const values = memory
      ? [f.ours.measurement.median, f.baseline.measurement.median]
      : [f.ours.measurement.median, f.baseline.measurement.median, f.ratio];
    for (const value of values) {
      expect(Number.isFinite(value) && (memory || value > 0), `${f.name} vs ${f.baseline.label}: ${value}`).toBe(true);
    }
  }
  expect(lines.filter((line) => line.startsWith("| ")).length).toBe(2 + figures.length);
}, 180_000);

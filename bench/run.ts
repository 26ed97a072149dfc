/**
 * `npm run bench` (`node dist/bench/run.js [--quick] [--only name,...]`): runs every registered
 * benchmark module and prints one markdown table row per figure as it is measured.
 *
 * To add a benchmark, write `bench/<name>.ts` exporting a `BenchModule` and add it to MODULES.
 */
import { arch, cpus, platform } from "node:os";
import { fileURLToPath } from "node:url";
import { generatorBench } from "./generator.js";
import { columnValidationBench } from "./column-validation.js";
import { dictionariesBench } from "./dictionaries.js";
import { benchOptions, TABLE_HEADER, tableRow, type BenchModule, type BenchOptions, type Figure } from "./harness.js";
import { realSchemaBench } from "./real-schema.js";
import { scalingBench } from "./scaling.js";
import { scaleBench } from "./scale.js";
import { streamingBench } from "./streaming.js";
import { tablesBench } from "./tables.js";
import { validationBench } from "./validation.js";
import { weightsBench } from "./weights.js";
import { modelRowIoBench } from "./weights/model-row-io.js";

export const MODULES: readonly BenchModule[] = [
  validationBench,
  generatorBench,
  tablesBench,
  streamingBench,
  weightsBench,
  columnValidationBench,
  dictionariesBench,
  realSchemaBench,
  modelRowIoBench,
  scalingBench,
  scaleBench,
];

export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown cpu";
  return `node ${process.version}, ${platform()} ${arch()}, ${cpus().length} x ${cpu}`;
}

export async function runBenchmarks(
  options: BenchOptions,
  print: (line: string) => void = console.log,
  modules: readonly BenchModule[] = MODULES,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  print(`legolas-ts benchmarks${options.quick ? " (quick: tiny sizes, times mean nothing)" : ""}: ${machine()}`);
  print(
    `rounds: ${options.rounds} per side after a warm-up, median reported; ratio = legolas-ts / baseline (time, or memory for MB rows)`,
  );
  print("");
  print(TABLE_HEADER.join("\n"));
  for (const module of modules) {
    await module.run(options, (measured) => {
      // Quick-mode times mean nothing, so neither does a target verdict on them.
      const { target, ...rest } = measured;
      const figure: Figure = options.quick || target === undefined ? rest : { ...rest, target };
      figures.push(figure);
      print(tableRow(figure));
    });
  }
  const missed = figures.filter((f) => f.target !== undefined && !f.target.met);
  print("");
  print(
    missed.length === 0
      ? "every target met"
      : `${missed.length} target(s) missed: ${missed.map((f) => `${f.name} vs ${f.baseline.label}`).join("; ")}`,
  );
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const only = argv
    .find((a) => a.startsWith("--only="))
    ?.slice("--only=".length)
    .split(",");
  const modules = only === undefined ? MODULES : MODULES.filter((m) => only.includes(m.name));
  await runBenchmarks(benchOptions(argv), console.log, modules);
}

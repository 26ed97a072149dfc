/**
 * `npm run bench` (`node dist/bench/run.js [--quick] [--only=name,...]`): runs every registered
 * benchmark module (or those `--only` names) and prints one markdown table row per figure as it is
 * measured.
 *
 * To add a benchmark, write `bench/<name>.ts` exporting a `BenchModule` and add it to MODULES.
 */
import { arch, cpus, platform } from "node:os";
import { fileURLToPath } from "node:url";
import { generatorBench } from "./generator.js";
import { oneRowBench } from "./one-row.js";
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
  oneRowBench,
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

/**
 * The modules `--only=a,b` (or `--only a,b`) names, in MODULES' order; every module without it.
 *
 * @throws Error for a name no module has (a misspelt one would run nothing and report "every
 * target met"), naming the modules there are.
 */
export function selectedModules(argv: readonly string[], modules: readonly BenchModule[] = MODULES): BenchModule[] {
  const at = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (at < 0) return [...modules];
  const flag = argv[at] ?? "";
  const list = flag === "--only" ? (argv[at + 1] ?? "") : flag.slice("--only=".length);
  const names = list.split(",").filter((name) => name !== "");
  const known = modules.map((m) => m.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    const what = names.length === 0 ? "--only names no module" : `no benchmark module is named ${unknown.join(", ")}`;
    throw new Error(`bench: ${what}; the modules: ${known.join(", ")}`);
  }
  return modules.filter((m) => names.includes(m.name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  let modules: BenchModule[];
  try {
    modules = selectedModules(argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  await runBenchmarks(benchOptions(argv), console.log, modules);
}

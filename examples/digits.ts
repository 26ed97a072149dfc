/**
 * The digits example, LegolasFlux.jl's for TensorFlow.js: train a small conv net, keep every
 * epoch's weights and training facts as `digits-model@1` rows in one Legolas table, then build a
 * fresh model from code, load the best row into it, and show that it predicts exactly as the
 * trained model did at that epoch.
 *
 *   npm run example:digits -- [--reduced] [--epochs E] [--count N] [--seed K]
 *                              [--csv path [--label-last]] [--out dir] [--run name]
 */
import * as tf from "@tensorflow/tfjs";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fetchWeights, loadModelRow } from "legolas-ts/tfjs";
import { readTable, writeModelRow, writeTable } from "legolas-ts";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../generated/index.js";
import { FULL, REDUCED, TEST_SEED_OFFSET, type DigitsSetting } from "./digits/config.js";
import { makeDigits, readDigitsCsv, splitDigits, type DigitsData } from "./digits/dataset.js";
import { ARCHITECTURE_VERSION, buildDigitsModel } from "./digits/model.js";
import { evaluate, predictProbabilities, trainEpochs } from "./digits/train.js";

export interface DigitsRunOptions {
  readonly setting: DigitsSetting;
  readonly seed: number;
  /** A real digits CSV to train on instead of the generated glyphs; 20% is held out. */
  readonly csv?: { readonly path: string; readonly labelLast: boolean };
  readonly out: string;
  /** Names the files: `<run>.digits-model.arrow` (every epoch) and `<run>.best.digits-model.arrow`. */
  readonly run: string;
  readonly log?: (line: string) => void;
}

export interface DigitsRunResult {
  /** The table of every epoch's row. */
  readonly epochsPath: string;
  /** The best epoch's row alone, a model-row file. */
  readonly bestPath: string;
  readonly best: DigitsRowV1;
  /** Whether the reloaded model's probabilities equal, bit for bit, the trained model's at that epoch. */
  readonly identicalPredictions: boolean;
}

/** Trains, stores a row per epoch, reloads the best row into a fresh model and compares. */
export async function runDigits(options: DigitsRunOptions): Promise<DigitsRunResult> {
  const log = options.log ?? console.log;
  await tf.setBackend("cpu");
  const { train, test } = loadData(options);
  const sha = commitSha();
  mkdirSync(options.out, { recursive: true });
  const epochsPath = join(options.out, `${options.run}.digits-model.arrow`);
  const bestPath = join(options.out, `${options.run}.best.digits-model.arrow`);
  log(
    `training on ${train.labels.length} ${train.size}x${train.size} images (${options.csv?.path ?? "generated glyphs"}), testing on ${test.labels.length}; commit ${sha ?? "(not a git checkout)"}`,
  );

  const model = buildDigitsModel(train.size, { seed: options.seed });
  const rows: DigitsRowV1[] = [];
  // What the model predicted after each epoch, to compare the reloaded model with.
  const predictionsByEpoch = new Map<bigint, Float32Array>();
  await trainEpochs(model, train, {
    epochs: options.setting.epochs,
    batchSize: options.setting.batchSize,
    learningRate: options.setting.learningRate,
    seed: options.seed,
    onEpoch: async ({ epoch, loss, millis }) => {
      const row = new DigitsRowV1({
        weights: fetchWeights(model),
        architecture_version: ARCHITECTURE_VERSION,
        epoch,
        accuracy: evaluate(model, test),
        commit_sha: sha,
      });
      rows.push(row);
      predictionsByEpoch.set(row.epoch!, predictProbabilities(model, test));
      // The whole table is rewritten each epoch; the write is atomic, so a crash mid-write keeps
      // every earlier epoch.
      await writeTable(epochsPath, rows, DigitsRowV1SchemaVersion);
      log(
        `epoch ${epoch}: loss ${loss.toFixed(3)}, test accuracy ${percent(row.accuracy!)} (${(millis / 1000).toFixed(1)} s) -> ${epochsPath}`,
      );
    },
  });

  // From here on only the files count: pick the best epoch from the table on disk, store it as a
  // model row of its own, and load that into a model built anew from code with another seed, so
  // that equal predictions cannot come from equal initial weights.
  const { rows: stored } = await readTable(epochsPath, { schemaVersion: DigitsRowV1SchemaVersion });
  const bestOfTable = stored.reduce((best, row) => (row.accuracy! > best.accuracy! ? row : best));
  await writeModelRow(bestPath, bestOfTable, DigitsRowV1SchemaVersion);
  const fresh = buildDigitsModel(train.size, { seed: options.seed + 1 });
  // Refuses (leaving `fresh` untouched) a row written by code that built another architecture.
  const best = await loadModelRow(fresh, bestPath, {
    schemaVersion: DigitsRowV1SchemaVersion,
    expectedArchitectureVersion: ARCHITECTURE_VERSION,
  });
  const expected = predictionsByEpoch.get(best.epoch!)!;
  const identicalPredictions = sameBits(predictProbabilities(fresh, test), expected);
  log(
    `best: epoch ${best.epoch} at ${percent(best.accuracy!)}, stored in ${bestPath} as ${best.constructor.name} ` +
      `(${best.weights.arrays.length} arrays, ${best.weights.parameterCount} parameters); ` +
      `a fresh model with those weights predicts ${identicalPredictions ? "identically, bit for bit" : "DIFFERENTLY"}`,
  );
  return { epochsPath, bestPath, best, identicalPredictions };
}

function loadData(options: DigitsRunOptions): { train: DigitsData; test: DigitsData } {
  if (options.csv !== undefined) {
    const all = readDigitsCsv(options.csv.path, { labelColumn: options.csv.labelLast ? "last" : "first" });
    return splitDigits(all, 0.2, options.seed);
  }
  const { count, testCount, size } = options.setting;
  return {
    train: makeDigits({ count, seed: options.seed, size }),
    test: makeDigits({ count: testCount, seed: options.seed + TEST_SEED_OFFSET, size }),
  };
}

/**
 * The commit of the code that trains, so a row can be traced to it; `null` outside a git
 * checkout. Asked from this file's folder, not the working directory, which may be another repository.
 */
function commitSha(): string | null {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    const sha = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: here,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return /^[0-9a-f]{7,40}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.length === y.length && x.every((bits, i) => bits === y[i]);
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

const USAGE = `usage: npm run example:digits -- [options]

  --reduced      the CI setting: ${REDUCED.count} images, ${REDUCED.epochs} epochs (a few seconds)
  --epochs E     epochs to train (default ${FULL.epochs})
  --count N      generated training images (default ${FULL.count}); ignored with --csv
  --seed K       seed of the data, the initial weights and the shuffles (default 1)
  --csv path     train on a real digits CSV (label, then side*side pixels per row)
  --label-last   the CSV's label is its last column (UCI optdigits)
  --out dir      where the .arrow files go (default out)
  --run name     names the files <name>.digits-model.arrow and <name>.best.digits-model.arrow (default digits)`;

function parseCommandLine(argv: string[]): DigitsRunOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      reduced: { type: "boolean", default: false },
      epochs: { type: "string" },
      count: { type: "string" },
      seed: { type: "string", default: "1" },
      csv: { type: "string" },
      "label-last": { type: "boolean", default: false },
      out: { type: "string", default: "out" },
      run: { type: "string", default: "digits" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name: string, text: string | undefined, fallback: number, min: number): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min)
      throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
    return value;
  };
  const base = values.reduced ? REDUCED : FULL;
  return {
    setting: {
      ...base,
      epochs: integer("epochs", values.epochs, base.epochs, 1),
      count: integer("count", values.count, base.count, 10),
    },
    seed: integer("seed", values.seed, 1, 0),
    ...(values.csv === undefined ? {} : { csv: { path: values.csv, labelLast: values["label-last"] } }),
    out: resolve(values.out),
    run: values.run,
  };
}

class UsageError extends Error {}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  try {
    const result = await runDigits(parseCommandLine(process.argv.slice(2)));
    process.exitCode = result.identicalPredictions ? 0 : 1;
  } catch (error) {
    // Errors users can act on (a bad CSV, a row that does not validate, weights that do not fit)
    // say what to fix in their message; a stack trace would bury it.
    console.error(
      error instanceof UsageError
        ? `${error.message}\n\n${USAGE}`
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : error,
    );
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

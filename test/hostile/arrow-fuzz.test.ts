/**
 * Arrow fuzzing: valid files (a model row, a table of every field type; in a share of the cases
 * that table compressed with LZ4 or ZSTD, or a chain of delta dictionaries) mutated at random (bit
 * flips, noise, truncation, lying int32/int64 lengths and offsets) plus files crafted to lie on
 * purpose (crafted.ts), read with readTable / readModelRow and, when a model row reads, loaded
 * with loadWeights. Every case must end in a typed legolas-ts error (`name` and `code`) or a
 * value that is correct (rows that validate, weights whose `size` matches `vec`, a load that
 * either assigns everything or leaves the model as it was); never another exception, a hang or
 * a memory peak beyond a fixed bound, and no name or metadata text read with U+FFFD.
 *
 * A share of the mutations damage a column's name or a metadata key or value in place
 * (helpers/metadata-text.ts: invalid UTF-8, overlong forms, surrogates, or other valid text); the
 * second test reads such files with every reader (readTableBytes, readTable, readTableBatches,
 * openTableFile(...).readBatch) and `legolas validate`, which must all refuse them alike (text
 * that is not UTF-8: `corrupt_table`) or read the same rows, names and metadata.
 *
 * Short by default (CI). Longer on demand:
 *   LEGOLAS_FUZZ_SECONDS=120 LEGOLAS_FUZZ_SEED=7 npx vitest run test/hostile/arrow-fuzz.test.ts
 * A failure prints its seed, case number and mutation; LEGOLAS_FUZZ_SEED replays the run.
 */
import type * as tf from "@tensorflow/tfjs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DataType, type Field, type Schema, tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, expect, test } from "vitest";
import { fetchWeights, loadWeights } from "legolas-ts/tfjs";
import {
  ModelV1SchemaVersion,
  openTableFile,
  prepareCompression,
  readModelRow,
  readTable,
  readTableBatches,
  readTableBytes,
  type Weights,
  writeModelRowBytes,
  writeTableBytes,
} from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../generated/index.js";
import { runCli } from "../cli/helpers.js";
import { bitsOf, denseNet, loadedBitsOf, useCpuBackend } from "../runtime/tfjs/helpers.js";
import { CRAFTED } from "./helpers/crafted.js";
import { encodedTables } from "./helpers/crafted-batches.js";
import {
  CASE_LIMIT_MS,
  fuzzBudget,
  fuzzContinues,
  MEMORY_LIMIT_BYTES,
  MUTATIONS,
  Random,
  rewriteMetadata,
  Tally,
} from "./helpers/fuzz.js";
import { damageSchemaText } from "./helpers/metadata-text.js";
import { allTypesRows, checkValue, typedErrorName } from "./helpers/outcomes.js";

const BUDGET = fuzzBudget(3, 100);
const { seconds: SECONDS, seed: SEED } = BUDGET;

const folder = mkdtempSync(join(tmpdir(), "legolas-fuzz-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(useCpuBackend);
// The crafted compressed files (helpers/crafted-batches.ts) are made with both codecs' encoders.
beforeAll(async () => {
  await prepareCompression("lz4");
  await prepareCompression("zstd");
});

interface Target {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly read: (path: string) => Promise<unknown>;
  /** `false` for a read with `validate: "columns"`, whose rows may break their row checks. */
  readonly validatesRows: boolean;
}

let model: tf.LayersModel;
let targets: Target[];
/** Compressed tables and dictionary chains (helpers/crafted-batches.ts), mutated in a share of the cases. */
let encoded: Target[];

beforeAll(() => {
  model = denseNet(4);
  const modelRow = writeModelRowBytes({ weights: fetchWeights(model), architecture_version: 3n }, ModelV1SchemaVersion);
  targets = [
    { name: "model row", bytes: modelRow, read: (path) => readModelRow(path), validatesRows: true },
    { name: "model row as a table", bytes: modelRow, read: (path) => readTable(path), validatesRows: true },
    {
      name: "every-type table",
      bytes: writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion),
      read: (path) => readTable(path),
      validatesRows: true,
    },
    {
      name: "every-type table, columns only",
      bytes: writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion),
      read: (path) => readTable(path, { validate: "columns" }),
      validatesRows: false,
    },
  ];
  encoded = encodedTables(allTypesRows()).map(({ name, bytes }) => ({
    name,
    bytes,
    read: (path: string) => readTable(path),
    validatesRows: true,
  }));
});

/** Loads a model row's weights: all or nothing, and only a typed refusal. */
function checkLoad(value: unknown): string {
  const weights = (value as { weights?: Weights | null }).weights;
  if (weights == null) return "read (no weights)";
  const before = bitsOf(fetchWeights(model));
  try {
    loadWeights(model, weights);
    // A damaged schema may give the weights another element type (float16 for float32): they load as float32.
    expect(bitsOf(fetchWeights(model))).toEqual(loadedBitsOf(weights));
    return "read and loaded";
  } catch (error) {
    if (typedErrorName(error) !== "WeightsMismatchError") throw error;
    expect(bitsOf(fetchWeights(model))).toEqual(before);
    return "read, load refused (WeightsMismatchError)";
  }
}

async function runCase(tally: Tally, bytes: Uint8Array, target: Target, label: string): Promise<void> {
  // LEGOLAS_FUZZ_TRACE=1 prints each case before it runs, to find one that hangs.
  if (process.env.LEGOLAS_FUZZ_TRACE) console.error(label);
  const path = join(folder, "case.arrow");
  writeFileSync(path, bytes);
  const started = performance.now();
  let outcome: string;
  try {
    const value = await target.read(path);
    const problem = checkValue(value, target.validatesRows);
    if (problem !== null) return tally.fail(`${label}: ${problem}`);
    outcome = target.name === "model row" ? checkLoad(value) : "read";
  } catch (error) {
    const name = typedErrorName(error);
    if (name === null) {
      const e = error as Error;
      return tally.fail(
        `${label}: ${e?.name}: ${String(e?.message).slice(0, 200)}\n${String(e?.stack).split("\n").slice(1, 6).join("\n")}`,
      );
    }
    outcome = name;
  }
  const elapsed = performance.now() - started;
  tally.slowestMs = Math.max(tally.slowestMs, elapsed);
  if (elapsed > CASE_LIMIT_MS) return tally.fail(`${label}: took ${elapsed.toFixed(0)} ms`);
  tally.add(outcome);
}

test(
  "mutated and crafted Arrow files end in a typed error or a correct value",
  async () => {
    const random = new Random(SEED);
    const tally = new Tally();
    const peakAtStart = process.resourceUsage().maxRSS * 1024;
    const started = performance.now();
    const mutations = Object.entries(MUTATIONS);
    const crafted = Object.entries(CRAFTED);

    // Every crafted family and the metadata rewrites at least once, then random cases until the budget is spent.
    for (const [name, craft] of crafted) {
      const { bytes, what } = craft(random);
      await runCase(tally, bytes, targets[0]!, `seed ${SEED} crafted "${name}": ${what}`);
    }
    const identifier = ModelV1SchemaVersion.identifier;
    for (const [to, which] of [
      ["legolas-flux.model@2", "all"],
      ["legolas-flux.model@1".replace("@", "#"), "first"],
      ["xxxxxxxxxxxxxxxxxxxx", "last"],
    ] as const) {
      await runCase(
        tally,
        rewriteMetadata(targets[0]!.bytes, identifier, to, which),
        targets[0]!,
        `metadata -> ${to} (${which})`,
      );
    }
    while (fuzzContinues(BUDGET, tally.cases, started)) {
      const n = tally.cases;
      if (random.next() < 0.2) {
        const [name, craft] = random.pick(crafted);
        let made: { bytes: Uint8Array; what: string };
        try {
          made = craft(random);
        } catch (error) {
          // apache-arrow's writer refuses some lies outright (a list longer than 2^31 - 1): nothing to read.
          if (!(error instanceof RangeError)) throw error;
          continue;
        }
        const { bytes, what } = made;
        await runCase(
          tally,
          bytes,
          random.pick(targets.slice(0, 2)),
          `seed ${SEED} case ${n} crafted "${name}": ${what}`,
        );
      } else {
        const target = random.pick(random.next() < 0.3 ? encoded : targets);
        // A share of the cases damage a column's name or a metadata text (helpers/metadata-text.ts).
        const [name, mutate] = random.next() < 0.1 ? ["schema text", damageSchemaText] : random.pick(mutations);
        const { bytes, what } = mutate(target.bytes, random);
        await runCase(tally, bytes, target, `seed ${SEED} case ${n} ${target.name}, ${name}: ${what}`);
      }
    }
    const elapsed = performance.now() - started;
    const peakRise = process.resourceUsage().maxRSS * 1024 - peakAtStart;
    console.log(`${tally.summary("arrow fuzz", elapsed)}; peak RSS rise ${(peakRise / 2 ** 20).toFixed(0)} MB`);
    expect(tally.failures).toEqual([]);
    expect(peakRise).toBeLessThan(MEMORY_LIMIT_BYTES);
  },
  (SECONDS + 60) * 1000,
);

/** What one reader made of a file: `refused <code>`, or what it read (rows, column names, metadata). */
type Verdict = string;

/** A verdict from what was read: the rows' count and the schema's names and metadata, U+FFFD flagged. */
function readVerdict(rows: number, schema: Schema): Verdict {
  const children = (type: DataType): readonly Field[] =>
    (type.typeId === -1 ? (type as unknown as { dictionary: DataType }).dictionary : type).children ?? [];
  const names = (fields: readonly Field[]): unknown[] =>
    fields.map((f) => [f.name, [...f.metadata], names(children(f.type))]);
  return `read ${rows} rows, ${JSON.stringify([names(schema.fields), [...schema.metadata]])}`;
}

async function verdictOf(read: () => Promise<Verdict>): Promise<Verdict> {
  try {
    return await read();
  } catch (error) {
    const name = typedErrorName(error);
    if (name === null) {
      const e = error as Error;
      return `untyped ${e?.name}: ${String(e?.message).slice(0, 200)}`;
    }
    return `refused ${(error as { code: string }).code}`;
  }
}

/** Each reader of a file, to its end. */
const READERS: Readonly<Record<string, (path: string, bytes: Uint8Array) => Promise<Verdict>>> = {
  readTableBytes: async (_path, bytes) => {
    const { rows, table } = readTableBytes(bytes);
    return readVerdict([...rows].length, table.schema);
  },
  readTable: async (path) => {
    const { rows, table } = await readTable(path);
    return readVerdict(rows.length, table.schema);
  },
  readTableBatches: async (path) => {
    let rows = 0;
    let schema: Schema | undefined;
    for await (const batch of readTableBatches(path)) {
      rows += batch.rows.length;
      schema = batch.batch.schema;
    }
    return readVerdict(rows, schema!);
  },
  "openTableFile(...).readBatch": async (path) => {
    const file = await openTableFile(path);
    try {
      let rows = 0;
      let schema = file.schema;
      // The stream format has no footer to read a batch by its index from: its batches in order.
      if (file.batchCount === null) {
        for await (const batch of file.readBatches()) rows += batch.rows.length;
      } else {
        for (let i = 0; i < file.batchCount; i++) {
          const batch = await file.readBatch(i);
          rows += batch.rows.length;
          schema = batch.batch.schema;
        }
      }
      return readVerdict(rows, schema);
    } finally {
      await file.close();
    }
  },
};

test(
  "names and metadata text damaged (invalid UTF-8, overlong, surrogates, other valid text): every reader and legolas validate refuse alike or read alike",
  async () => {
    const random = new Random(SEED + 1);
    const tally = new Tally();
    const started = performance.now();
    const table = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, {
      batchSize: 1,
      metadata: { note: "a note" },
    });
    const originals = [
      { name: "model row", bytes: targets[0]!.bytes },
      { name: "every-type table, 3 batches", bytes: table },
      { name: "every-type stream, 3 batches", bytes: tableToIPC(tableFromIPC(table), "stream") },
    ];
    const path = join(folder, "text.arrow");
    await runCli("validate", "--schemas", "test/schemas", join(folder, "none.arrow")); // compiles the schemas off the clock
    // A tenth of the budget: each case runs every reader and the CLI.
    const budget = { ...BUDGET, seconds: SECONDS / 10, minCases: 60 };
    while (fuzzContinues(budget, tally.cases, started)) {
      const original = random.pick(originals);
      const { bytes, what, valid } = damageSchemaText(original.bytes, random);
      const label = `seed ${SEED + 1} case ${tally.cases} ${original.name}, ${what}`;
      writeFileSync(path, bytes);
      const caseStarted = performance.now();
      const verdicts: [string, Verdict][] = [];
      for (const [reader, read] of Object.entries(READERS))
        verdicts.push([reader, await verdictOf(() => read(path, bytes))]);
      const first = verdicts[0]![1];
      const problem =
        verdicts.find(([, v]) => v.startsWith("untyped") || v.includes("\uFFFD")) ??
        verdicts.find(([, v]) => v !== first);
      if (problem !== undefined) {
        tally.fail(`${label}: ${verdicts.map(([r, v]) => `${r}: ${v.slice(0, 300)}`).join("; ")}`);
        continue;
      }
      if (!valid && first !== "refused corrupt_table") {
        tally.fail(`${label}: not UTF-8 where the readers read it, but every reader says ${first.slice(0, 300)}`);
        continue;
      }
      const validate = await runCli("validate", "--json", "--schemas", "test/schemas", path);
      const report = JSON.parse(validate.out || "null")?.files?.[0] as { status: string; code?: string } | undefined;
      const code = first.startsWith("refused ") ? first.slice("refused ".length) : null;
      const agrees =
        code === null
          ? report?.status === "ok" && validate.code === 0
          : code === "row_invalid" || code === "table_schema_invalid"
            ? report?.status === "invalid" && validate.code === 1
            : report?.status === "unreadable" && report.code === code;
      if (!agrees) {
        tally.fail(
          `${label}: the readers say ${first.slice(0, 200)}; validate says ${JSON.stringify(report)} (exit ${validate.code})`,
        );
        continue;
      }
      tally.slowestMs = Math.max(tally.slowestMs, performance.now() - caseStarted);
      tally.add(`${valid ? "valid" : "not UTF-8"}: ${code === null ? "read" : code}`);
    }
    console.log(tally.summary("schema text fuzz", performance.now() - started));
    expect(tally.failures).toEqual([]);
  },
  (SECONDS / 10 + 120) * 1000,
);

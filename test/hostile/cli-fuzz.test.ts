/**
 * The Arrow fuzz corpus (helpers/fuzz.ts mutations, helpers/crafted.ts files) through the command
 * line: `legolas validate` and `legolas inspect` on every case. Each must end in a report (exit 0
 * or 1) or a refusal with a legolas-ts error code and exit 2: never a raw exception, a Node error
 * code, a hang or unbounded memory. The text output of the crafted files holds no raw control
 * character. Short by default (CI); LEGOLAS_FUZZ_SECONDS and LEGOLAS_FUZZ_SEED as in arrow-fuzz.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, expect, test } from "vitest";
import { fetchWeights } from "legolas-ts/tfjs";
import {
  ModelV1SchemaVersion,
  openTableFile,
  prepareCompression,
  readTableBatches,
  writeModelRowBytes,
  writeTableBytes,
} from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../generated/index.js";
import { type FileReport, LEGOLAS_TABLE_PROBLEMS } from "../../generator/cli/table-validation.js";
import { runCli } from "../cli/helpers.js";
import { denseNet, useCpuBackend } from "../runtime/tfjs/helpers.js";
import { CRAFTED } from "./helpers/crafted.js";
import {
  CASE_LIMIT_MS,
  fuzzBudget,
  fuzzContinues,
  MEMORY_LIMIT_BYTES,
  MUTATIONS,
  Random,
  Tally,
} from "./helpers/fuzz.js";
import { damageSchemaText } from "./helpers/metadata-text.js";
import { allTypesRows } from "./helpers/outcomes.js";

const BUDGET = fuzzBudget(3, 20);
const { seconds: SECONDS, seed: SEED } = BUDGET;
const SCHEMAS = "test/schemas";

const folder = mkdtempSync(join(tmpdir(), "legolas-cli-fuzz-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(useCpuBackend);
// The crafted compressed files (helpers/crafted-batches.ts) are made with both codecs' encoders.
beforeAll(async () => {
  await prepareCompression("lz4");
  await prepareCompression("zstd");
});

/** A legolas-ts error code (`not_arrow_file`, `file_changed`, ...): not a Node code, not the CLI's fallback. */
const LEGOLAS_CODE = /^[a-z][a-z_]*$/;
/**
 * The exit of `validate` for one file of each status (docs/cli.md, "Exit codes"): a file checked
 * against an ancestor only (`partial`, without --allow-ancestor) or a stream without its end
 * (`unfinished`) fails the run with 1, as a violation does.
 */
const EXIT_OF_STATUS = { ok: 0, partial: 1, invalid: 1, unfinished: 1, unreadable: 2 } as const satisfies Record<
  FileReport["status"],
  number
>;
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** What `validate` and `inspect` made of one file, or a failure saying what went wrong. */
async function runCase(tally: Tally, bytes: Uint8Array, label: string, text: boolean): Promise<void> {
  const path = join(folder, "case.arrow");
  writeFileSync(path, bytes);
  const started = performance.now();
  const validate = await runCli("validate", "--json", "--schemas", SCHEMAS, path);
  const report = JSON.parse(validate.out || "null")?.files?.[0] as
    | { status: FileReport["status"]; code?: string }
    | undefined;
  if (report === undefined)
    return tally.fail(`${label}: validate printed no report (exit ${validate.code}): ${validate.err.slice(0, 200)}`);
  // A readable file that is no Legolas table of a registered version is a finding (1); unreadable input is 2.
  const expectedExit =
    report.status === "unreadable" && LEGOLAS_TABLE_PROBLEMS.has(report.code ?? "") ? 1 : EXIT_OF_STATUS[report.status];
  if (validate.code !== expectedExit)
    return tally.fail(`${label}: validate said ${report.status} with exit ${validate.code}`);
  // Nothing changes a fuzz case's file while it is read: a corrupt file must not be reported so.
  if (report.code === "file_changed") return tally.fail(`${label}: validate said the file changed`);
  if (report.status === "unreadable" && (!LEGOLAS_CODE.test(report.code ?? "") || report.code === "unreadable")) {
    return tally.fail(`${label}: validate: untyped refusal ${JSON.stringify(report).slice(0, 300)}`);
  }
  const inspect = await runCli("inspect", "--json", "--schemas", SCHEMAS, path);
  const facts = JSON.parse(inspect.out || "null") as { error?: { code: string; message: string } } | null;
  if (facts === null)
    return tally.fail(`${label}: inspect printed nothing (exit ${inspect.code}): ${inspect.err.slice(0, 200)}`);
  if (
    facts.error !== undefined &&
    (inspect.code !== 2 || !LEGOLAS_CODE.test(facts.error.code) || facts.error.code === "unreadable")
  ) {
    return tally.fail(
      `${label}: inspect: untyped refusal (exit ${inspect.code}) ${JSON.stringify(facts.error).slice(0, 300)}`,
    );
  }
  if (facts.error === undefined && inspect.code === 2) return tally.fail(`${label}: inspect exit 2 without an error`);
  if (text) {
    for (const command of ["validate", "inspect"]) {
      const shown = await runCli(command, "--schemas", SCHEMAS, path);
      if (RAW_CONTROL.test(shown.out + shown.err))
        return tally.fail(`${label}: ${command} printed a raw control character`);
    }
  }
  const elapsed = performance.now() - started;
  tally.slowestMs = Math.max(tally.slowestMs, elapsed);
  if (elapsed > (text ? 4 : 2) * CASE_LIMIT_MS) return tally.fail(`${label}: took ${elapsed.toFixed(0)} ms`);
  tally.add(
    `validate ${report.status === "unreadable" ? report.code : report.status} / inspect ${facts.error?.code ?? `exit ${inspect.code}`}`,
  );
}

test(
  "mutated and crafted Arrow files through legolas validate and inspect: a report, or a typed refusal with exit 2",
  async () => {
    const modelRow = writeModelRowBytes(
      { weights: fetchWeights(denseNet(4)), architecture_version: 3n },
      ModelV1SchemaVersion,
    );
    const table = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { batchSize: 1 });
    const originals = [modelRow, table, tableToIPC(tableFromIPC(table), "stream")];
    const random = new Random(SEED);
    const tally = new Tally();
    await runCli("validate", "--schemas", SCHEMAS, join(folder, "none.arrow")); // loads and compiles the schemas once, off the clock
    const peakAtStart = process.resourceUsage().maxRSS * 1024;
    const started = performance.now();
    for (const [name, craft] of Object.entries(CRAFTED)) {
      const { bytes, what } = craft(random);
      await runCase(tally, bytes, `seed ${SEED} crafted "${name}": ${what}`, true);
    }
    const mutations = Object.entries(MUTATIONS);
    while (fuzzContinues(BUDGET, tally.cases, started)) {
      // A share of the cases damage a column's name or a metadata text (helpers/metadata-text.ts).
      const [name, mutate] = random.next() < 0.1 ? ["schema text", damageSchemaText] : random.pick(mutations);
      const { bytes, what } = mutate(random.pick(originals), random);
      await runCase(tally, bytes, `seed ${SEED} case ${tally.cases} ${name}: ${what}`, false);
    }
    const peakRise = process.resourceUsage().maxRSS * 1024 - peakAtStart;
    console.log(
      `${tally.summary("cli fuzz", performance.now() - started)}; peak RSS rise ${(peakRise / 2 ** 20).toFixed(0)} MB`,
    );
    expect(tally.failures).toEqual([]);
    expect(peakRise).toBeLessThan(MEMORY_LIMIT_BYTES);
  },
  (SECONDS + 90) * 1000,
);

/** The `code` of the library's refusal, or `null` when `read` reads to the end. */
async function refusalCode(read: () => Promise<void>): Promise<string | null> {
  try {
    await read();
    return null;
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
}

/** A user's `readTableBatches(path)`, to the end. */
const readsAsTable = (path: string) => async () => {
  for await (const batch of readTableBatches(path)) void batch;
};
/** The file read as plain Arrow (`openTableFile`, every record batch), as `inspect` reads it. */
const readsAsArrow = (path: string) => async () => {
  for await (const batch of (await openTableFile(path)).recordBatches()) void batch;
};
/**
 * The refusals of each batch read alone (`readBatch(i)`, rows validated or columns only), when
 * more than one batch is refused: a file with faults in two batches (a mutation of several bytes
 * may damage two) is refused for the first a reader meets, and readers meet them in another order
 * (readTableBatches and inspect batch by batch, validate and the whole read after checking every
 * message's metadata). Empty when at most one batch is refused, or the file does not open.
 */
async function refusalsOfBatches(path: string): Promise<Set<string>> {
  const codes = new Set<string>();
  let refusedBatches = 0;
  try {
    const file = await openTableFile(path);
    try {
      for (let i = 0; i < (file.batchCount ?? 0); i++) {
        const rows = await refusalCode(async () => void (await file.readBatch(i)));
        const columns = await refusalCode(async () => void (await file.readBatch(i, { validate: "columns" })));
        for (const code of [rows, columns]) if (code !== null) codes.add(code);
        if (rows !== null || columns !== null) refusedBatches++;
      }
    } finally {
      await file.close();
    }
  } catch {
    return new Set();
  }
  return refusedBatches > 1 ? codes : new Set();
}

/** What the library throws for a readable file that is no valid table: a finding for the CLI (exit 1), not a refusal. */
const FINDINGS = new Set([...LEGOLAS_TABLE_PROBLEMS, "row_invalid", "table_schema_invalid"]);

test("a file the library refuses with a typed error, the CLI refuses with the same code and exit 2 (validate and inspect)", async () => {
  const random = new Random(SEED);
  const table = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { batchSize: 1 });
  const cases = [
    ...Object.entries(CRAFTED).map(([name, craft]) => ({ name, ...craft(random) })),
    ...Array.from({ length: 40 }, () => {
      const [name, mutate] = random.pick(Object.entries(MUTATIONS));
      return { name, ...mutate(table, random) };
    }),
  ];
  const disagreements: string[] = [];
  const refused = new Set<string>();
  const path = join(folder, "agreement.arrow");
  for (const { name, bytes, what } of cases) {
    writeFileSync(path, bytes);
    const label = `seed ${SEED} ${name} (${what})`;
    const faults = await refusalsOfBatches(path);
    /** Whether two readers' refusals are two batches' faults, each met first by one of them. */
    const twoFaults = (a: string | undefined | null, b: string | undefined | null) =>
      a !== b && faults.has(String(a)) && faults.has(String(b));
    const library = await refusalCode(readsAsTable(path));
    const validate = await runCli("validate", "--json", "--schemas", SCHEMAS, path);
    const report = JSON.parse(validate.out).files[0] as { status: string; code?: string };
    if (library !== null && !FINDINGS.has(library)) {
      refused.add(library);
      const same = report.status === "unreadable" && validate.code === 2;
      if (!same || (report.code !== library && !twoFaults(library, report.code))) {
        disagreements.push(
          `${label}: readTableBatches refuses it (${library}); validate says ${JSON.stringify(report).slice(0, 200)}, exit ${validate.code}`,
        );
      }
    } else if (
      report.status === "unreadable" &&
      !LEGOLAS_TABLE_PROBLEMS.has(report.code!) &&
      !twoFaults(library, report.code)
    ) {
      disagreements.push(`${label}: readTableBatches ${library ?? "reads it"}; validate refuses it (${report.code})`);
    }
    const raw = await refusalCode(readsAsArrow(path));
    if (raw !== null) {
      const inspect = await runCli("inspect", "--json", "--schemas", SCHEMAS, path);
      const facts = JSON.parse(inspect.out) as { error?: { code: string } };
      if ((facts.error?.code !== raw && !twoFaults(raw, facts.error?.code)) || inspect.code !== 2)
        disagreements.push(
          `${label}: the Arrow read refuses it (${raw}); inspect says ${facts.error?.code ?? "nothing"}, exit ${inspect.code}`,
        );
    }
  }
  expect(disagreements).toEqual([]);
  // The corpus reaches the refusals this is about.
  expect([...refused]).toEqual(expect.arrayContaining(["not_arrow_file", "corrupt_table"]));
}, 120_000);

/**
 * Random-schema differential fuzzing of the generator and the runtime together
 * (test/hostile/schema-fuzz/): random sets of valid YAML schema files (every scalar, optional
 * fields, defaults, bounds, enumerations, patterns, lengths, lists, structs, lists of structs,
 * Julia's containers and unions, Weights, records of other files, parents and their chains,
 * re-declared parent fields narrowed as Julia's subtyping allows, row checks, fields computed by a
 * `value:` expression, `any` fields (Julia's untyped ones, at the top and in records at any depth,
 * each drawing values of one hidden shape: schema-fuzz/any-values.ts, or values that differ from row
 * to row: schema-fuzz/any-mixes.ts, whose oracles say what a read gives back and which columns a
 * write refuses, with the values its error names), field names that stress identifiers) are generated, evaluated and registered in memory; their output, and an
 * app's use of it (usage.ts), is type-checked under the strictest settings; random rows drawn
 * from the fuzzer's own reading of the schema pass every door and round-trip through every
 * reader (also read by the parent's schema version, by a few columns, and with one column
 * dictionary-encoded as Arrow.jl's `dictencode=true` writes it); every single-fault
 * variant of a row is refused by every door alike, naming the fault's path.
 *
 * A longer hunt: `LEGOLAS_FUZZ_RUNS=400 LEGOLAS_FUZZ_SEED=7 npx vitest run test/hostile/schema-fuzz.test.ts`. */
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { evaluateModules } from "../../generator/cli/schema-loader.js";
import { generate, type OutputFile, type SourceText } from "../../generator/generate.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../generator/schema-folder.js";
import { findSchemaVersion } from "legolas-ts";
import {
  checkDictionaryColumn,
  checkFaultyRow,
  checkFaultyTable,
  checkParentDoors,
  checkValidRow,
  checkValidTable,
} from "./schema-fuzz/doors.js";
import { computes, flatChecks, flatFields, identifierOf, type SchemaModel } from "./schema-fuzz/model.js";
import { schemaSet } from "./schema-fuzz/schema-sets.js";
import { typeCheckSets } from "./schema-fuzz/type-check.js";
import { usageModule } from "./schema-fuzz/usage.js";
import { type Fault, faultsOfRow, isStorable } from "./schema-fuzz/faults.js";
import { type Row, validRow } from "./schema-fuzz/values.js";
import { schemaYaml } from "./schema-fuzz/yaml.js";
import { holdsAny, holdsMix, readRows } from "./schema-fuzz/any-rows.js";

const RUNS = Number(process.env.LEGOLAS_FUZZ_RUNS ?? 20);
const SEED = Number(process.env.LEGOLAS_FUZZ_SEED ?? 20261205);
/** How many sets' output one compiler run type-checks (a run costs ~2 s, whatever the count). */
const TYPE_CHECK_BATCH = 40;
const FAULTS_PER_VERSION = 12;

let runs = 0;
/** Each run's schemas under names of their own: the registry keeps every run's versions. */
const named = (text: string, run: number) =>
  text.replace(/\bfz\.s-/g, `fz${run}.s-`).replace(/\bFzS(\d)/g, `Fz${run}S$1`);

const folder = mkdtempSync(join(tmpdir(), "legolas-schema-fuzz-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test("random schema sets generate, type-check, and every door agrees on their rows", async () => {
  const shipped: SourceText[] = await readSchemaFolder(shippedSchemaFolder());
  let typeChecked: OutputFile[][] = [];
  const typeCheck = async () => {
    if (typeChecked.length === 0) return;
    expect(await typeCheckSets(typeChecked), "tsc over the generated code").toBe("");
    typeChecked = [];
  };
  const seen = { sets: 0, versions: 0, rows: 0, faults: 0, writtenFaults: 0, anyFields: 0, anyMixed: 0, anyRefused: 0 };
  await fc.assert(
    fc.asyncProperty(schemaSet(), fc.gen(), fc.context(), async (models: SchemaModel[], gen, context) => {
      const run = runs++;
      const sources = models
        .map(schemaYaml)
        .map(({ path, text }) => ({ path: named(path, run), text: named(text, run) }));
      context.log(sources.map(({ path, text }) => `# ${path}\n${text}`).join("\n"));
      const outputs = generate(sources, { outDir: "generated", shipped });
      evaluateModules(outputs);
      seen.sets++;
      const usage = new Map<string, Row[]>();
      for (const model of models)
        for (const version of model.versions) {
          const schemaVersion = findSchemaVersion(named(identifierOf(version), run))!;
          const rows = gen(() => fc.array(validRow(version), { minLength: 1, maxLength: 4 }));
          usage.set(named(`${model.prefix}V${version.version}`, run), rows);
          for (const row of rows) checkValidRow(schemaVersion, version, row);
          const compression = gen(() => fc.constantFrom(undefined, "lz4" as const, "zstd" as const));
          const names = flatFields(version).map((field) => field.name);
          const columns = gen(() => fc.shuffledSubarray(names, { minLength: 1 }));
          const bytes = await checkValidTable(schemaVersion, version, rows, { compression, folder, columns });
          if (bytes === null) {
            // An `any` column of no type to infer, refused by the writer (schema-fuzz/any-rows.ts).
            seen.anyRefused++;
            continue;
          }
          const encoded = gen(() => fc.constantFrom(...names));
          await checkDictionaryColumn(
            schemaVersion,
            bytes,
            encoded,
            gen(() => fc.boolean()),
            readRows(version, rows),
            columns,
          );
          if (version.parent !== null)
            checkParentDoors(
              findSchemaVersion(named(identifierOf(version.parent), run))!,
              version.parent,
              version,
              rows,
              bytes,
            );
          // As many faults a column can hold (a broken constraint or row check) as others.
          const faults = faultsOfRow(version, rows[0]!);
          const pick = (from: Fault[]) =>
            fc.shuffledSubarray(from, { maxLength: Math.min(FAULTS_PER_VERSION / 2, from.length) });
          const picked = [
            ...gen(() => pick(faults.filter(isStorable))),
            ...gen(() => pick(faults.filter((fault) => !isStorable(fault)))),
          ];
          // A read of some columns builds whole rows when a field it reads (asked for, or a check's) computes.
          const read = new Set([...columns, ...flatChecks(version).map((check) => check.field)]);
          const wholeRows = flatFields(version).some((field) => read.has(field.name) && computes(field));
          for (const fault of picked) {
            const violations = checkFaultyRow(schemaVersion, fault);
            if (await checkFaultyTable(schemaVersion, version, rows.slice(1), fault, violations, columns, wholeRows))
              seen.writtenFaults++;
          }
          seen.versions++;
          seen.anyFields += flatFields(version).filter((field) => holdsAny(field.type)).length;
          seen.anyMixed += flatFields(version).filter((field) => holdsMix(field.type)).length;
          seen.rows += rows.length;
          seen.faults += picked.length;
        }
      typeChecked.push([...outputs, { path: "usage.ts", content: usageModule(usage) }]);
      if (typeChecked.length === TYPE_CHECK_BATCH) await typeCheck();
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: process.env.LEGOLAS_FUZZ_SHRINK === undefined },
  );
  await typeCheck();
  // The property means something only if faults were tried, on every door, the table's too.
  expect(seen.faults).toBeGreaterThan(seen.sets);
  expect(seen.writtenFaults).toBeGreaterThan(0);
  // And any fields were drawn (some sets hold none), some of values that differ from row to row.
  expect(seen.anyFields).toBeGreaterThan(0);
  expect(seen.anyMixed).toBeGreaterThan(0);
  if (process.env.LEGOLAS_FUZZ_RUNS !== undefined) console.log(`schema fuzz: ${JSON.stringify(seen)}`);
}, 600_000);

/**
 * Random-schema differential fuzzing of the generator and the runtime together
 * (test/hostile/schema-fuzz/): random sets of valid YAML schema files (every scalar, optional
 * fields, defaults, bounds, enumerations, patterns, lengths, lists, structs, lists of structs,
 * Julia's containers and unions, records of other files, parents and their chains, re-declared
 * parent fields, field names that stress identifiers) are generated, evaluated and registered in
 * memory; their output is type-checked under the strictest settings; random rows drawn from the
 * fuzzer's own reading of the schema pass every door and round-trip through every reader; every
 * single-fault variant of a row is refused by every door alike, naming the fault's path.
 *
 * A longer hunt: `LEGOLAS_FUZZ_RUNS=400 LEGOLAS_FUZZ_SEED=7 npx vitest run test/hostile/schema-fuzz.test.ts`.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { evaluateModules } from "../../generator/cli/schema-loader.js";
import { generate, type OutputFile, type SourceText } from "../../generator/generate.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../generator/schema-folder.js";
import { findSchemaVersion } from "legolas-ts";
import { checkFaultyRow, checkFaultyTable, checkValidRow, checkValidTable } from "./schema-fuzz/doors.js";
import { identifierOf, schemaSet, type SchemaModel } from "./schema-fuzz/model.js";
import { typeCheckSets } from "./schema-fuzz/type-check.js";
import { faultsOfRow, validRow } from "./schema-fuzz/values.js";
import { schemaYaml } from "./schema-fuzz/yaml.js";

const RUNS = Number(process.env.LEGOLAS_FUZZ_RUNS ?? 20);
const SEED = Number(process.env.LEGOLAS_FUZZ_SEED ?? 20261205);
/** How many sets' output one compiler run type-checks (a run costs ~2 s, whatever the count). */
const TYPE_CHECK_BATCH = 40;
const FAULTS_PER_VERSION = 12;

let runs = 0;
/** Each run's schemas under names of their own: the registry keeps every run's versions. */
const named = (text: string, run: number) =>
  text.replace(/\bfz\.s-/g, `fz${run}.s-`).replace(/\bFzS(\d)/g, `Fz${run}S$1`);

test("random schema sets generate, type-check, and every door agrees on their rows", async () => {
  const shipped: SourceText[] = await readSchemaFolder(shippedSchemaFolder());
  let typeChecked: OutputFile[][] = [];
  const typeCheck = async () => {
    expect(await typeCheckSets(typeChecked), "tsc over the generated code").toBe("");
    typeChecked = [];
  };
  const seen = { sets: 0, versions: 0, rows: 0, faults: 0, writtenFaults: 0 };
  await fc.assert(
    fc.asyncProperty(schemaSet(), fc.gen(), fc.context(), async (models: SchemaModel[], gen, context) => {
      const run = runs++;
      const sources = models
        .map(schemaYaml)
        .map(({ path, text }) => ({ path: named(path, run), text: named(text, run) }));
      context.log(sources.map(({ path, text }) => `# ${path}\n${text}`).join("\n"));
      const outputs = generate(sources, { outDir: "generated", shipped });
      typeChecked.push(outputs);
      if (typeChecked.length === TYPE_CHECK_BATCH) await typeCheck();
      evaluateModules(outputs);
      seen.sets++;
      for (const version of models.flatMap((model) => model.versions)) {
        const schemaVersion = findSchemaVersion(named(identifierOf(version), run))!;
        const rows = gen(() => fc.array(validRow(version), { minLength: 1, maxLength: 4 }));
        for (const row of rows) checkValidRow(schemaVersion, version, row);
        await checkValidTable(schemaVersion, rows);
        const faults = faultsOfRow(version, rows[0]!);
        const picked = gen(() =>
          fc.shuffledSubarray(faults, { maxLength: Math.min(FAULTS_PER_VERSION, faults.length) }),
        );
        for (const fault of picked) {
          const violations = checkFaultyRow(schemaVersion, fault);
          if (checkFaultyTable(schemaVersion, rows.slice(1), fault, violations)) seen.writtenFaults++;
        }
        seen.versions++;
        seen.rows += rows.length;
        seen.faults += picked.length;
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: process.env.LEGOLAS_FUZZ_SHRINK === undefined },
  );
  await typeCheck();
  // The property means something only if faults were tried, on every door, the table's too.
  expect(seen.faults).toBeGreaterThan(seen.sets);
  expect(seen.writtenFaults).toBeGreaterThan(0);
  if (process.env.LEGOLAS_FUZZ_RUNS !== undefined) console.log(`schema fuzz: ${JSON.stringify(seen)}`);
}, 600_000);

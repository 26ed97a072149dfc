/**
 * Property: any valid row of every field type survives writeTable -> readTable unchanged, in both
 * read modes, and a slice of a table of them is written as the rows it holds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { readTable, readTableBytes, writeTable, writeTableBytes } from "legolas-ts";
import { AllTypesV1, AllTypesV1SchemaVersion } from "../../generated/index.js";
import { allTypesRow as row } from "../../helpers/all-types-rows.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-prop-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test("random rows of every type round-trip through writeTable / readTable", async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(row, { minLength: 0, maxLength: 4 }), async (inputs) => {
      // Weights that do not say their layout are written without legolas_ts_weights_layout, as
      // LegolasFlux.jl writes them, and so read back as Flux's.
      const expected = inputs.map((input) => {
        const built = new AllTypesV1(input);
        return built.weights === null ? built : new AllTypesV1({ ...built, weights: built.weights.withLayout("flux") });
      });
      const path = join(folder, `t${run++}.arrow`);
      await writeTable(path, inputs, AllTypesV1SchemaVersion);
      const validated = await readTable(path, { schemaVersion: AllTypesV1SchemaVersion });
      expect(validated.rows).toStrictEqual(expected);
      const trusted = await readTable(path, { schemaVersion: AllTypesV1SchemaVersion, validate: "columns" });
      expect(trusted.rows).toStrictEqual(expected);
    }),
    { numRuns: 30 },
  );
});

test("a slice of a table (apache-arrow's, whose data keeps an offset) is written as the rows it holds", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc
        .array(row, { minLength: 1, maxLength: 6 })
        .chain((inputs) => fc.tuple(fc.constant(inputs), fc.nat(inputs.length), fc.nat(inputs.length))),
      async ([inputs, a, b]) => {
        const [from, to] = [Math.min(a, b), Math.max(a, b)];
        const { table, rows } = await readTableBytes(await writeTableBytes(inputs, AllTypesV1SchemaVersion));
        const sliced = await readTableBytes(await writeTableBytes(table.slice(from, to), AllTypesV1SchemaVersion));
        expect(sliced.rows).toStrictEqual(rows.slice(from, to));
      },
    ),
    { numRuns: 30 },
  );
});

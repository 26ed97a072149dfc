/**
 * Property: on random schemas and tables (test/runtime/arrow/helpers/random-tables.ts), a read gives what
 * it gave when every row was built and validated by its row class: the same rows (lazy or eager,
 * built without validation once the columns have been validated) or the same first error.
 */
import fc from "fast-check";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { expect, test } from "vitest";
import { readTableBytes } from "../../../runtime/arrow/read-bytes.js";
import { loadSchemaSpec, randomTable, schemaSpec } from "./helpers/random-tables.js";
import { rowClassRows } from "./helpers/row-path.js";

const TABLES_PER_SCHEMA = 6;

/** What `read` returns, or the error it throws, as comparable data. */
function outcome(read: () => readonly object[]): { rows: readonly object[] } | { error: unknown } {
  try {
    return { rows: read() };
  } catch (error) {
    const { name, message, rowIndex, violations } = error as Record<string, unknown>;
    return { error: { name, message, rowIndex, violations } };
  }
}

test("lazy and eager rows equal the rows the row classes build, or the read fails as they fail", async () => {
  let validTables = 0;
  let invalidTables = 0;
  await fc.assert(
    fc.asyncProperty(schemaSpec, fc.gen(), async (spec, gen) => {
      const schemaVersion = await loadSchemaSpec(spec);
      for (let t = 0; t < TABLES_PER_SCHEMA; t++) {
        const bytes = tableToIPC(randomTable(gen, schemaVersion), "file");
        const expected = outcome(() => rowClassRows(tableFromIPC(bytes), schemaVersion));
        const lazy = outcome(() => readTableBytes(bytes, { schemaVersion }).rows);
        expect(lazy).toStrictEqual(expected);
        expect(outcome(() => readTableBytes(bytes, { schemaVersion, rows: "eager" }).rows)).toStrictEqual(expected);
        if ("rows" in lazy) {
          validTables++;
          // Read in another order than the table's, after the whole-array comparison above built every row.
          const again = readTableBytes(bytes, { schemaVersion }).rows;
          for (let i = again.length - 1; i >= 0; i -= 2)
            expect(again[i]).toStrictEqual((expected as { rows: object[] }).rows[i]);
        } else invalidTables++;
      }
    }),
    {
      numRuns: Number(process.env.LEGOLAS_PROPERTY_RUNS ?? 30),
      interruptAfterTimeLimit: 150_000,
      markInterruptAsFailure: true,
    },
  );
  // The property means something only if both outcomes were seen.
  expect(validTables).toBeGreaterThan(0);
  expect(invalidTables).toBeGreaterThan(0);
}, 180_000);

/**
 * Property: on random schemas (every type, optional fields, defaults, constraints, inline structs,
 * nested records, a parent chain, row checks) and random tables (valid and invalid values, nulls
 * in required columns, absent and all-null columns, several batches), the columnar validator
 * reports exactly what the row path reports: the same rows, and for each the same violations
 * (code, path, expected and found text), in the same order; and on a slice of the table, what it
 * reports for the slice's rows, and the column checks what they find in a copy of the slice.
 */
import { tableFromIPC, tableToIPC } from "apache-arrow";
import fc from "fast-check";
import { expect, test } from "vitest";
import { validateTable } from "legolas-ts";
import { recordBatchComplies, validateRecordBatch } from "../../../runtime/arrow/validate/batch.js";
import { loadSchemaSpec, randomTable, schemaSpec } from "./helpers/random-tables.js";
import { rowPath } from "./helpers/row-path.js";

const TABLES_PER_SCHEMA = 6;

test("the columnar validator reports what the row path reports, on random schemas and tables", async () => {
  let invalidTables = 0;
  let checkedRows = 0;
  await fc.assert(
    fc.asyncProperty(schemaSpec, fc.gen(), async (spec, gen) => {
      const schemaVersion = await loadSchemaSpec(spec);
      // Loading a schema costs far more than a table: check several tables per schema.
      for (let t = 0; t < TABLES_PER_SCHEMA; t++) {
        const table = randomTable(gen, schemaVersion);
        const expected = rowPath(table, schemaVersion);
        expect(validateRecordBatch(table, schemaVersion)).toStrictEqual(expected);
        expect(recordBatchComplies(table, schemaVersion)).toBe(expected.length === 0);
        // A slice (apache-arrow's, whose data keeps an offset into some buffers) holds the same rows.
        const [from, to] = gen(() => fc.tuple(fc.nat(table.numRows), fc.nat(table.numRows))).sort((a, b) => a - b);
        const inSlice = expected
          .filter(({ rowIndex }) => rowIndex >= from && rowIndex < to)
          .map((row) => ({ ...row, rowIndex: row.rowIndex - from }));
        const slice = table.slice(from, to);
        expect(validateRecordBatch(slice, schemaVersion)).toStrictEqual(inSlice);
        // The column checks see the slice as the same rows copied by apache-arrow's writer (no offset).
        expect(validateTable(slice, schemaVersion)).toStrictEqual(
          validateTable(tableFromIPC(tableToIPC(slice)), schemaVersion),
        );
        if (expected.length > 0) invalidTables++;
        checkedRows += table.numRows;
      }
    }),
    {
      numRuns: Number(process.env.LEGOLAS_PROPERTY_RUNS ?? 30),
      interruptAfterTimeLimit: 150_000,
      markInterruptAsFailure: true,
    },
  );
  // The property means something only if both outcomes were seen.
  expect(invalidTables).toBeGreaterThan(0);
  expect(checkedRows).toBeGreaterThan(invalidTables);
}, 180_000);

/**
 * A read keeps what it derives from a table's schema for the next table of an alike schema
 * (runtime/arrow/read-plans.ts). Property: a file whose schema differs from a kept one by one
 * random change (a column's or a child's name, a nullability, a metadata entry at any depth, a
 * type's parameter, a dictionary's id) reads exactly as it reads with nothing kept: the same
 * rows, or the same error.
 */
import fc from "fast-check";
import { tableFromIPC } from "apache-arrow";
import { afterEach, expect, test } from "vitest";
import { readTableBytes, writeTableBytes } from "legolas-ts";
import { forgetReadPlans } from "../../../runtime/arrow/read-plans.js";
import { AllTypesV1SchemaVersion } from "../../generated/index.js";
import { allTypesRow } from "../../helpers/all-types-rows.js";
import { fileUnder, mutated, schemaMutation, withDictionaryColumn } from "./helpers/schema-mutations.js";

afterEach(forgetReadPlans);

/** What a read gives, as data to compare: each row's prototype and fields, or the error's class, code and message. */
function outcome(read: () => { rows: readonly object[]; identifier: string | null }): unknown {
  try {
    const { rows, identifier } = read();
    return { identifier, rows: rows.map((row) => [Object.getPrototypeOf(row), { ...row }]) };
  } catch (error) {
    const { name, code, message } = error as { name: string; code?: string; message: string };
    return { error: [name, code, message] };
  }
}

const tables = fc
  .array(allTypesRow, { minLength: 1, maxLength: 3 })
  .map((rows) => withDictionaryColumn(tableFromIPC(writeTableBytes(rows, AllTypesV1SchemaVersion)), "text"));

test("a file whose schema differs from a kept one by one change reads exactly as with nothing kept", () => {
  fc.assert(
    fc.property(
      tables.chain((table) => fc.tuple(fc.constant(table), schemaMutation(table.schema))),
      ([table, mutation]) => {
        const changed = mutated(table.schema, mutation);
        fc.pre(changed !== null);
        const [before, after] = [fileUnder(table, table.schema), fileUnder(table, changed!)];
        fc.pre(before !== null && after !== null);
        const options = [{}, { validate: "columns" as const }, { rows: "eager" as const }];
        for (const read of options.map((option) => () => readTableBytes(after!, option))) {
          forgetReadPlans();
          const fresh = outcome(read);
          forgetReadPlans();
          outcome(() => readTableBytes(before!, { validate: "columns" }));
          outcome(() => readTableBytes(before!));
          outcome(() => readTableBytes(before!, { rows: "eager" }));
          expect(outcome(read)).toStrictEqual(fresh);
        }
      },
    ),
    { numRuns: 100 },
  );
});

/**
 * The rows of a batch read that LegolasFlux.jl cannot read, found on request: each holding a
 * Weights value that every writer refuses (julia-readable-weights.ts). The readers take such rows,
 * a file a user has being worth reading; `legolas validate` reports them, as it reports the
 * columns Julia cannot read (julia-readable-schema.ts `findJuliaUnreadableColumns`), so that it
 * never calls valid a file `Legolas.read` or `read_model_row` fails on.
 */
import type { SchemaVersion } from "../schema-version-types.js";
import type { Violation } from "../violations.js";
import { unreadableWeightsWords } from "../weights/errors.js";
import { unreadableWeightsIn, type UnreadableWeights } from "./julia-readable-weights.js";
import type { RecordBatch } from "apache-arrow";
import type { TableBatch } from "./table-batches.js";
import type { RowViolations } from "./validate/batch.js";

/**
 * The rows of `batch` that Julia cannot read, in order, each with its index in the whole table
 * and a violation for each of its columns holding a Weights value with no arrays or an empty
 * first array (the first, for a list of them), which a writer refuses with a
 * `JuliaUnreadableWeightsError`, or a null under a default in a column not marked nullable.
 */
export function findJuliaUnreadableRows<Row extends object, Column extends string>(
  batch: TableBatch<Row, Column>,
): RowViolations[] {
  const byRow = new Map<number, Violation[]>();
  const add = (row: number, violation: Violation) => {
    const rowIndex = batch.firstRowIndex + row;
    byRow.set(rowIndex, [...(byRow.get(rowIndex) ?? []), violation]);
  };
  const schemaVersion = batch.schemaVersion as SchemaVersion<object, never>;
  for (const found of unreadableWeightsIn(schemaVersion, batch.batch)) add(found.row, weightsViolation(found));
  for (const { row, path } of nullsUnderDefaults(schemaVersion, batch.batch)) add(row, nullUnderDefault(path));
  return [...byRow].sort(([a], [b]) => a - b).map(([rowIndex, violations]) => ({ rowIndex, violations }));
}

/**
 * The nulls of `batch`'s columns that a field's default stands for (`seed::Int = coalesce(seed,
 * 5)`), where the column is not marked nullable: legolas-ts reads the default there, but Arrow.jl
 * reads such a column as plain `T` without looking at its validity (src/arraytypes/primitive.jl
 * `getindex`), so Julia sees the value under the null; a validated write refuses them
 * (write-bytes.ts `refuseNullsUnderDefaults`). A nullable one is a column finding
 * (julia-refused-layout.ts). Columns only: no container takes a default.
 */
function* nullsUnderDefaults(
  schemaVersion: SchemaVersion,
  batch: RecordBatch,
): Generator<{ row: number; path: string }> {
  for (const [k, field] of batch.schema.fields.entries()) {
    if (field.nullable || schemaVersion.fields.find((d) => d.name === field.name)?.default === undefined) continue;
    const column = batch.getChildAt(k);
    if (column === null || column.nullCount === 0) continue;
    for (let row = 0; row < column.length; row++) if (!column.isValid(row)) yield { row, path: field.name };
  }
}

function nullUnderDefault(path: string): Violation {
  return {
    code: "incorrect_type",
    path,
    expected: "a value: the column is not marked nullable, so Julia reads the value stored under a null",
    found:
      "a null, for which legolas-ts reads the field's default but Julia the value under it (0, say); " +
      "rewrite the file with writeTable(path, rows, version) of its rows (readTable's result.rows), which hold the default",
  };
}

function weightsViolation({ path, problem, firstSize }: UnreadableWeights): Violation {
  const { what, why, fix } = unreadableWeightsWords(problem, firstSize);
  return {
    code: "incorrect_type",
    path,
    expected: "a Weights value whose first array holds a value",
    found: `${what}, which ${why}; ${fix}`,
  };
}

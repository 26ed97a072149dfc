/**
 * The rows of a batch read that LegolasFlux.jl cannot read, found on request: each holding a
 * Weights value that every writer refuses (julia-readable-weights.ts). The readers take such rows,
 * a file a user has being worth reading; `legolas validate` reports them, as it reports the
 * columns Julia cannot read (julia-readable-schema.ts `findJuliaUnreadableColumns`), so that it
 * never calls valid a file `Legolas.read` or `read_model_row` fails on.
 */
import type { DefaultValue, SchemaVersion } from "../schema-version-types.js";
import { describeValue, type Violation } from "../violations.js";
import { unreadableWeightsWords } from "../weights/errors.js";
import { unreadableWeightsIn, type UnreadableWeights } from "./julia-readable-weights.js";
import { type MisreadNull, nullsJuliaMisreads } from "./julia-misread-nulls.js";
import type { TableBatch } from "./table-batches.js";
import type { RowViolations } from "./validate/batch.js";

/**
 * The rows of `batch` that Julia cannot read, in order, each with its index in the whole table
 * and a violation for each of its columns holding a Weights value with no arrays or an empty
 * first array (the first, for a list of them), which a writer refuses with a
 * `JuliaUnreadableWeightsError`, or a null Julia reads otherwise (julia-misread-nulls.ts): under a
 * default in a field not marked nullable, or in a VersionNumber's nullable part, at any depth.
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
  for (const found of nullsJuliaMisreads(schemaVersion, batch.batch)) add(found.row, misreadNullViolation(found));
  return [...byRow].sort(([a], [b]) => a - b).map(([rowIndex, violations]) => ({ rowIndex, violations }));
}

function misreadNullViolation(found: MisreadNull): Violation {
  const { path } = found;
  if (found.under === "version")
    return {
      code: "incorrect_type",
      path,
      expected: "a value: a VersionNumber's parts are never missing",
      found:
        "a null, which Arrow.jl hands to VersionNumber(major, minor, patch, prerelease, build) as missing, a call no method takes, " +
        "so Julia fails reading the row, where legolas-ts reads the value under it; store each part's value, or a missing version as a null field",
    };
  const stored = found.stored === undefined ? "" : `, ${plainValue(found.stored)}`;
  return {
    code: "incorrect_type",
    path,
    expected: "a value: the field is not marked nullable, so Julia reads the value stored under a null",
    found:
      `a null, which legolas-ts reads as the field's default, ${plainValue(found.default)}, but Julia as the value stored under the null${stored}, ` +
      "never missing: Arrow.jl reads a field not marked nullable without its nulls, so the default is never taken; " +
      "rewrite the file with writeTable(path, rows, version) of its rows (readTable's result.rows), which hold the default",
  };
}

/** A value as a Julia user writes it: an integer without the `n` of a bigint, text quoted. */
function plainValue(value: DefaultValue | boolean | number | bigint): string {
  return typeof value === "bigint" ? String(value) : describeValue(value);
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

/**
 * Rows whose reading throws (a getter, a Proxy trap) while a table is written: every read the
 * writers make of a row outside its row class's constructor (its keys, its prototype, an
 * instance's fields) goes through here or says what threw here, so that such a row is the
 * `RowValidationError` of its index, at the field whose reading threw when one did, with what was
 * thrown as its `cause`, as the constructor reports a value it cannot read; never the raw error
 * of the user's trap in the middle of a write.
 */
import { LegolasError, RowValidationError } from "../../errors.js";
import type { SchemaVersion } from "../../schema-version-types.js";
import { firstUnreadablePlace } from "../../unreadable-places.js";
import { type RowPlace, unreadableRow } from "../../violations.js";

/** A row's fields by property key (column-writers.ts's `RowFields`, which imports what imports this). */
type RowFields = Record<string, unknown>;

/** The error of row `rowIndex`, whose reading threw `error`: at `place` when one place's reading did (a field, a nested record's), else at the row. */
export function unreadableRowError(
  identifier: string,
  error: unknown,
  rowIndex: number,
  place?: RowPlace,
): RowValidationError {
  return new RowValidationError(identifier, [unreadableRow(error, place)], rowIndex, undefined, { cause: error });
}

/**
 * The error of the first of `rows` (the first at `firstRowIndex`) whose field's reading throws,
 * when reading them threw `error` outside the constructor (the column writers, the inference of
 * an `any` column's type): each row read as it stands. `undefined` when `error` is legolas-ts's
 * own, or every row reads (the error is the reader's own).
 */
export function unreadableRowsError(
  schemaVersion: SchemaVersion<object, never>,
  error: unknown,
  rows: readonly unknown[],
  firstRowIndex: number,
): RowValidationError | undefined {
  if (error instanceof LegolasError) return undefined;
  for (let j = 0; j < rows.length; j++) {
    const unreadable = firstUnreadablePlace(schemaVersion.fields, rows[j]);
    if (unreadable !== undefined)
      return unreadableRowError(schemaVersion.identifier, unreadable.error, firstRowIndex + j, unreadable);
  }
  return undefined;
}

/**
 * The prototype of {@link readFields}' objects: it holds no property and has no prototype, so no
 * key is found up their chain, yet V8 keeps them in its fast mode, one shape for every row of a
 * version, where `Object.create(null)` makes each a hash table (a write of 1M instances of a
 * 10-field version took twice the CPU time).
 */
const NO_PROPERTIES: object = Object.create(null);

/**
 * The values `row` holds under `keys` now, on an object of their own (whose chain holds no
 * property: a setter of a field's name up a chain cannot take the value). What a field holds by reference (a typed array,
 * a nested record, a `Date`) stays shared.
 *
 * @throws RowValidationError at the first place whose reading throws (unreadableRowsError), at `rowIndex`.
 */
export function readFields(
  schemaVersion: SchemaVersion<object, never>,
  keys: Iterable<string>,
  row: object,
  rowIndex: number,
): RowFields {
  const fields: RowFields = Object.create(NO_PROPERTIES);
  try {
    for (const key of keys) fields[key] = (row as RowFields)[key];
  } catch (error) {
    throw (
      unreadableRowsError(schemaVersion, error, [row], rowIndex) ??
      unreadableRowError(schemaVersion.identifier, error, rowIndex)
    );
  }
  return fields;
}

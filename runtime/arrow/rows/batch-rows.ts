/**
 * Rows <-> record batches for one schema version: the bridge between the column codecs
 * (columns/encode.ts, columns/decode.ts) and the row classes. Reading, a row is assembled field by field in
 * declaration order and handed to the row class (which converts and validates it) or, when the
 * caller trusts the table, made an instance of that class directly. Writing is rows/row-encoder.ts's.
 */
import type { RecordBatch, Schema } from "apache-arrow";
import { propertyKey } from "../../field-names.js";
import { RowValidationError } from "../../errors.js";
import type { SchemaVersion } from "../../schema-version-types.js";
import { fieldDecoder } from "../columns/decode.js";
import { tableWeightsLayout } from "../weights-layout.js";
import { computesFields } from "../../field-expressions.js";
import { rowConstructor } from "../../row-validation.js";

/** How rows read from a table are checked. */
export type RowValidation =
  /** Every row goes through its row class's constructor: converted, validated, checks run. */
  | "rows"
  /** Only the columns are checked; rows become instances of the row class without validation. */
  | "columns";

/** Reads the rows of one batch: `(indexInBatch) => row`. */
export type BatchRowReader<Row> = (index: number) => Row;

/**
 * Compiles, once per table, how to read rows of `schemaVersion` from batches of `schema` (whose
 * columns have been checked). Columns are found by name; extra columns are ignored. A row's
 * error says its index in the table.
 */
export function rowReader<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  schema: Schema,
  validation: RowValidation,
): (batch: RecordBatch, firstRowIndex: number) => BatchRowReader<Row> {
  // A version with `value:` expressions is read through its conversion, which applies them: the
  // constructor's when rows are validated, `convert` alone when only the columns are.
  const computed = computesFields(schemaVersion);
  const { rowClass, identifier } = schemaVersion;
  if (validation === "columns" && !computed) {
    const columns = columnDecoders(schemaVersion, schema, true);
    return (batch) => {
      const readers = columns.map(({ index, decoder }) =>
        decoder(index < 0 ? batch.data : batch.data.children[index]!),
      );
      const names = columns.map((c) => c.name);
      return (i) => {
        const row = Object.create(rowClass.prototype) as Record<string, unknown>;
        for (let k = 0; k < readers.length; k++) row[names[k]!] = readers[k]!(i);
        return row as Row;
      };
    };
  }
  const { convert } = rowClass;
  const convertOnly = validation === "columns" && convert !== undefined;
  const construct = rowConstructor(rowClass);
  const readFields = fieldsReader(schemaVersion as SchemaVersion<object, never>, schema);
  return (batch, firstRowIndex) => {
    const fieldsOf = readFields(batch);
    return (i) => {
      const fields = fieldsOf(i);
      if (convertOnly) return Object.assign(Object.create(rowClass.prototype) as Row, convert!(fields));
      try {
        return construct(fields);
      } catch (error) {
        throw locatedRowError(error, identifier, { rowIndex: firstRowIndex + i });
      }
    };
  };
}

/**
 * Compiles, once per table, how to read what {@link rowReader} gives a row class's constructor
 * (validation `"rows"`): the declared fields of a row as a plain object, by property key in
 * declaration order, for a caller that runs the constructor's steps itself.
 */
export function fieldsReader(
  schemaVersion: SchemaVersion<object, never>,
  schema: Schema,
): (batch: RecordBatch) => BatchRowReader<Record<string, unknown>> {
  const columns = columnDecoders(schemaVersion, schema, false);
  return (batch) => {
    const readers = columns.map(({ index, decoder }) => decoder(index < 0 ? batch.data : batch.data.children[index]!));
    const names = columns.map((c) => c.name);
    return (i) => {
      const fields: Record<string, unknown> = {};
      for (let k = 0; k < readers.length; k++) fields[names[k]!] = readers[k]!(i);
      return fields;
    };
  };
}

/** Each declared field's property key, its column's index in `schema` (-1: none) and its decoder. */
function columnDecoders(schemaVersion: SchemaVersion<object, never>, schema: Schema, trusted: boolean) {
  // Every Weights value says the table's layout (a value this version does not know: none).
  const weightsLayout = tableWeightsLayout(schema.metadata);
  return schemaVersion.fields.map((field) => {
    const index = schema.fields.findIndex((f) => f.name === field.name);
    const decoder = fieldDecoder(field, index < 0 ? null : schema.fields[index]!, { trusted, weightsLayout });
    return { name: propertyKey(field.name), index, decoder };
  });
}

/**
 * A row's `RowValidationError` (any other error as it is), now saying where the row was: its
 * index in the table, the file it was read from. Errors are recognised by `name`, not `instanceof`.
 */
export function locatedRowError(
  error: unknown,
  identifier: string,
  place: { readonly rowIndex?: number; readonly source?: string | undefined },
): unknown {
  const e = error as Partial<RowValidationError> | null;
  if (e?.name !== "RowValidationError" || !Array.isArray(e.violations)) return error;
  const rowIndex = place.rowIndex ?? e.rowIndex;
  const options = "cause" in (e as object) ? { cause: e.cause } : undefined;
  return new RowValidationError(e.identifier ?? identifier, e.violations, rowIndex, place.source ?? e.source, options);
}

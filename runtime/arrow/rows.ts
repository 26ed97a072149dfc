/**
 * Rows <-> record batches for one schema version: the bridge between the column codecs
 * (encode.ts, decode.ts) and the row classes. Reading, a row is assembled field by field in
 * declaration order and handed to the row class (which converts and validates it) or, when the
 * caller trusts the table, made an instance of that class directly. Writing, each input row goes
 * through the row class first, so only valid, converted values reach the encoders.
 */
import { Field, makeData, RecordBatch, Schema, Struct, type DataType } from "apache-arrow";
import { propertyKey } from "../field-names.js";
import { RowValidationError } from "../errors.js";
import type { SchemaVersion } from "../schema-version.js";
import { fieldDecoder } from "./decode.js";
import { encodeColumn } from "./encode.js";
import { checkNestedElementTypes } from "./weights-column.js";

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
 * columns have been checked). Columns are found by name; extra columns are ignored.
 */
export function rowReader<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  schema: Schema,
  validation: RowValidation,
): (batch: RecordBatch, firstRowIndex: number) => BatchRowReader<Row> {
  const trusted = validation === "columns";
  const columns = schemaVersion.fields.map((field) => {
    const index = schema.fields.findIndex((f) => f.name === field.name);
    const decoder = fieldDecoder(field, index < 0 ? null : (schema.fields[index]!.type as DataType), { trusted });
    return { name: propertyKey(field.name), index, decoder };
  });
  const { rowClass, identifier } = schemaVersion;
  return (batch, firstRowIndex) => {
    const readers = columns.map(({ index, decoder }) => decoder(index < 0 ? batch.data : batch.data.children[index]!));
    const names = columns.map((c) => c.name);
    if (trusted) {
      return (i) => {
        const row = Object.create(rowClass.prototype) as Record<string, unknown>;
        for (let k = 0; k < readers.length; k++) row[names[k]!] = readers[k]!(i);
        return row as Row;
      };
    }
    return (i) => {
      const fields: Record<string, unknown> = {};
      for (let k = 0; k < readers.length; k++) fields[names[k]!] = readers[k]!(i);
      try {
        return new rowClass(fields as never);
      } catch (error) {
        throw withRowIndex(error, identifier, firstRowIndex + i);
      }
    };
  };
}

/** All rows of a batch, read with a reader from {@link rowReader}. */
export function readBatchRows<Row>(read: BatchRowReader<Row>, numRows: number): Row[] {
  const rows = new Array<Row>(numRows);
  for (let i = 0; i < numRows; i++) rows[i] = read(i);
  return rows;
}

/**
 * Validated, converted rows: each input goes through the row class (idempotent on its own
 * instances; extra fields dropped). A failure names the row's index in the whole input.
 */
export function convertRows<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  rows: readonly unknown[],
  firstRowIndex = 0,
): Row[] {
  const { rowClass, identifier } = schemaVersion;
  return rows.map((row, i) => {
    try {
      return new rowClass(row as never);
    } catch (error) {
      throw withRowIndex(error, identifier, firstRowIndex + i);
    }
  });
}

/**
 * One record batch of converted rows, in the schema version's Arrow schema, except where a
 * column's values bring their own element type (float64 or float16 Weights), which is kept.
 */
export function rowsToBatch<Row extends object>(schemaVersion: SchemaVersion<Row, never>, rows: readonly Row[]): RecordBatch {
  const declared = schemaVersion.arrowSchema;
  const children = schemaVersion.fields.map((field, k) =>
    encodeColumn(
      field.type,
      declared.fields[k]!,
      rows.map((row) => (row as Record<string, unknown>)[propertyKey(field.name)] ?? null),
    ),
  );
  children.forEach((child, k) => checkNestedElementTypes(child, declared.fields[k]!.name));
  const fields = declared.fields.map((f, k) => (children[k]!.type === f.type ? f : new Field(f.name, children[k]!.type, f.nullable, f.metadata)));
  const schema = fields.every((f, k) => f === declared.fields[k]) ? declared : new Schema(fields, declared.metadata);
  const data = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new RecordBatch(schema, data);
}

/** The same violations, now with the row's index; errors are recognised by `name`, not `instanceof`. */
function withRowIndex(error: unknown, identifier: string, rowIndex: number): unknown {
  const e = error as Partial<RowValidationError> | null;
  if (e?.name === "RowValidationError" && Array.isArray(e.violations)) {
    return new RowValidationError(e.identifier ?? identifier, e.violations, rowIndex);
  }
  return error;
}

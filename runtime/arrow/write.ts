/**
 * Preparing a Legolas table for writing: whatever the input (rows in an array, rows from an
 * iterator, or an Arrow table), the output is record batches that have been validated against
 * the schema version and carry `legolas_schema_qualified` = its identifier. Pure; ipc-writer.ts
 * turns batches into bytes and tables.ts puts the bytes in a file.
 */
import { RecordBatch, Schema, Table, util, type Field } from "apache-arrow";
import { WeightsElementTypeError } from "../weights/element-types.js";
import type { SchemaVersion } from "../schema-version.js";
import { ipcFileBytes } from "./ipc-writer.js";
import { withSchemaIdentifier } from "./metadata.js";
import { convertRows, readBatchRows, rowReader, rowsToBatch } from "./rows.js";
import { assertTableValid } from "./validate-table.js";

/** What a table can be written from. */
export type TableInput<Input = unknown> =
  | readonly Input[]
  | Table
  | Iterable<Input>
  | AsyncIterable<Input>;

export interface WriteTableOptions {
  /**
   * Rows per record batch. An array of rows is written as one batch unless this is given (as
   * Legolas.jl writes a table); rows from an iterator are written this many at a time
   * (default 10,000), so memory holds one batch whatever the table's size.
   */
  readonly batchSize?: number;
}

const STREAMING_BATCH_SIZE = 10_000;

/** The validated batches of `input` and the schema they share. Arrays and tables are validated before this returns. */
export function tableBatches<Row extends object, Input>(
  input: TableInput<Input | Row>,
  schemaVersion: SchemaVersion<Row, Input>,
  options: WriteTableOptions = {},
): { schema: Schema; batches: Iterable<RecordBatch> | AsyncIterable<RecordBatch> } {
  const version = schemaVersion as unknown as SchemaVersion<Row, never>;
  if (input instanceof Table) return tableInputBatches(input, version);
  if (Array.isArray(input)) {
    const rows = convertRows(version, input);
    const size = options.batchSize ?? Math.max(rows.length, 1);
    const batches = chunked(rows, size).map((chunk) => rowsToBatch(version, chunk));
    const schema = batches[0]!.schema;
    return { schema, batches: batches.map((batch) => inSchema(batch, schema)) };
  }
  const size = options.batchSize ?? STREAMING_BATCH_SIZE;
  if (!(size >= 1 && Number.isSafeInteger(size))) throw new RangeError(`batchSize must be a positive integer, got ${size}`);
  return { schema: version.arrowSchema, batches: streamedBatches(version, input as Iterable<unknown> | AsyncIterable<unknown>, size) };
}

/** The bytes of an Arrow IPC file holding `input` as a table of `schemaVersion`. */
export function writeTableBytes<Row extends object, Input>(
  input: readonly (Input | Row)[] | Table | Iterable<Input | Row>,
  schemaVersion: SchemaVersion<Row, Input>,
  options: WriteTableOptions = {},
): Uint8Array {
  const { schema, batches } = tableBatches(input, schemaVersion, options);
  if (Symbol.asyncIterator in batches) throw new TypeError("writeTableBytes needs rows it can read synchronously");
  return ipcFileBytes(schema, batches as Iterable<RecordBatch>);
}

/**
 * An Arrow table is written as it is (extra columns too), after its columns are checked and
 * every row is validated, with its metadata's identifier set to the schema version's.
 */
function tableInputBatches<Row extends object>(table: Table, schemaVersion: SchemaVersion<Row, never>) {
  assertTableValid(table, schemaVersion);
  const read = rowReader(schemaVersion, table.schema, "rows");
  let first = 0;
  for (const batch of table.batches) {
    readBatchRows(read(batch, first), batch.numRows);
    first += batch.numRows;
  }
  const schema = new Schema(table.schema.fields, withSchemaIdentifier(table.schema.metadata, schemaVersion.identifier));
  return { schema, batches: table.batches.map((batch) => new RecordBatch(schema, batch.data)) };
}

async function* streamedBatches<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  input: Iterable<unknown> | AsyncIterable<unknown>,
  size: number,
): AsyncGenerator<RecordBatch> {
  let pending: unknown[] = [];
  let first = 0;
  for await (const row of input) {
    pending.push(row);
    if (pending.length === size) {
      yield inSchema(rowsToBatch(schemaVersion, convertRows(schemaVersion, pending, first)), schemaVersion.arrowSchema);
      first += pending.length;
      pending = [];
    }
  }
  // An empty input still makes a table: zero rows, with the schema.
  if (pending.length > 0 || first === 0) yield inSchema(rowsToBatch(schemaVersion, convertRows(schemaVersion, pending, first)), schemaVersion.arrowSchema);
}

/**
 * `batch`, when its columns have the types of `schema`: a file has one schema, written before its
 * batches. Only Weights columns can differ (their element type comes from the values), and
 * those are refused rather than cast.
 */
function inSchema(batch: RecordBatch, schema: Schema): RecordBatch {
  const expected: readonly Field[] = schema.fields;
  if (batch.schema === schema || util.compareSchemas(batch.schema, schema)) return batch;
  const column = batch.schema.fields.find((field, k) => !util.compareFields(field, expected[k]!))!;
  throw new WeightsElementTypeError(
    String(column.type),
    `column "${column.name}": these rows' Weights hold another element type than the table's first rows (or than ` +
      `float32, for rows written from an iterator, whose schema is written before any row is seen); one table has ` +
      `one element type per column: write float64 or float16 weights from an array of rows, or convert them`,
  );
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1 && Number.isSafeInteger(size))) throw new RangeError(`batchSize must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let at = 0; at < items.length; at += size) chunks.push(items.slice(at, at + size));
  return chunks.length === 0 ? [[]] : chunks;
}

/**
 * Reading a table batch by batch, for files larger than memory. apache-arrow's file reader over a
 * file handle reads the footer and schema first, then each record batch when asked, so memory
 * holds one batch (and its rows) at a time. Columns are checked once, before the first batch;
 * rows are validated as their batch arrives, with their index in the whole table.
 */
import { RecordBatchReader, Table, type RecordBatch } from "apache-arrow";
import type { SchemaVersion } from "../schema-version.js";
import { fileEnds, openForReading } from "./file-io.js";
import { checkArrowEnds, resolveSchemaVersion, type ReadTableOptions } from "./read.js";
import { readBatchRows, rowReader } from "./rows.js";
import { assertTableValid } from "./validate-table.js";

export interface TableBatch<Row extends object = object> {
  /** The rows of this batch, as row-class instances. */
  readonly rows: Row[];
  /** The batch itself, extra columns and all. */
  readonly batch: RecordBatch;
  /** The index in the whole table of this batch's first row. */
  readonly firstRowIndex: number;
  readonly schemaVersion: SchemaVersion<Row, never>;
  /** The table's `legolas_schema_qualified`, or `null` when it had none. */
  readonly identifier: string | null;
}

/** The batches of the Legolas table at `path`, each with its typed rows, read one at a time. */
export async function* readTableBatches<Row extends object = object>(
  path: string,
  options: ReadTableOptions<Row> = {},
): AsyncGenerator<TableBatch<Row>> {
  const handle = await openForReading(path);
  try {
    const { head, tail, size } = await fileEnds(handle);
    checkArrowEnds(head, tail, size, path);
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    const { schemaVersion, identifier } = resolveSchemaVersion(reader.schema, options.schemaVersion, path);
    assertTableValid(reader.schema, schemaVersion, path);
    const read = rowReader(schemaVersion, reader.schema, options.validate ?? "rows");
    let firstRowIndex = 0;
    for await (const batch of reader) {
      // The column types were checked above; what needs the data is a null in a required column.
      assertTableValid(new Table([batch]), schemaVersion, path);
      const rows = readBatchRows(read(batch, firstRowIndex), batch.numRows);
      yield { rows, batch, firstRowIndex, schemaVersion, identifier };
      firstRowIndex += batch.numRows;
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

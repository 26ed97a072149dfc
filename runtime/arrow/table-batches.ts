/**
 * A Legolas table file read batch by batch: `openTableFile` opens it and tells what it declares
 * (schema version identifier, Arrow schema, metadata, batch count) without validating anything;
 * `TableFile.readBatches` then reads it as a schema version, its columns checked once before the
 * first batch and each batch's rows validated column by column as it arrives, with their index
 * in the whole table. `readTableBatches(path)` is the two in one.
 *
 * Every protection of the whole-file read applies (file-batch-reader.ts): the IPC metadata bounded before
 * apache-arrow parses it, its parse errors as `NotArrowFileError`, a stream without a schema
 * refused, every batch checked against its buffers and the first batch's columns, and a file
 * that changes while read a `FileChangedError`. `legolas validate` and `legolas inspect` read
 * files through this module only, so they refuse exactly what the library refuses.
 */
import { Table, type RecordBatch, type Schema } from "apache-arrow";
import type { SchemaVersion } from "../schema-version.js";
import { collectingRowsReader, batchRowsReader } from "./rows/lazy-rows.js";
import { readTableMetadata, type LegolasTableMetadata } from "./metadata.js";
import { type ReadAs, resolveSchemaVersion, type ReadTableOptions } from "./read-bytes.js";
import { ArrowBatchFile } from "./file-batch-reader.js";
import type { TableCompression } from "./ipc/codecs.js";
import type { RowViolations } from "./validate/batch.js";
import { assertTableValid } from "./validate/table-schema.js";

/** What a batch read does with an invalid row. */
export type InvalidRows =
  /** Throw its `RowValidationError` (with its index in the table), after the batches before it (the default). */
  | "throw"
  /** Leave it out of `rows`, list it in `invalidRows` with every violation, and go on. */
  | "collect";

export interface ReadTableBatchesOptions<Row extends object = object> extends ReadTableOptions<Row> {
  /**
   * `"throw"` (default) or `"collect"`, which reads a whole file whatever its rows hold: each
   * batch lists its invalid rows, a null in a required column included, as the row class
   * reports them. Only rows are collected: columns that do not comply still throw a
   * `TableSchemaError` before the first batch, as no row can be read from them. With
   * `validate: "columns"` rows are not validated, so there is nothing to collect.
   */
  readonly invalidRows?: InvalidRows;
}

export interface TableBatch<Row extends object = object> {
  /**
   * The rows of this batch, as row-class instances: lazy or eager as `options.rows` says (see
   * `ReadTableOptions`). With `invalidRows: "collect"`, the valid rows only, in order.
   */
  readonly rows: readonly Row[];
  /**
   * The batch's invalid rows, in order, each with its index in the whole table and every
   * violation its row class reports; always empty unless `invalidRows: "collect"`.
   */
  readonly invalidRows: readonly RowViolations[];
  /** The batch itself, extra columns and all. */
  readonly batch: RecordBatch;
  /** The index in the whole table of this batch's first row. */
  readonly firstRowIndex: number;
  readonly schemaVersion: SchemaVersion<Row, never>;
  /** The table's `legolas_schema_qualified`, or `null` when it had none. */
  readonly identifier: string | null;
}

let createTableFile: (path: string, file: ArrowBatchFile) => TableFile;

/**
 * An Arrow file opened for reading, batch by batch: what it declares is known at once, without
 * reading a batch or validating anything. Its batches are read once, by `readBatches` (as a
 * Legolas table) or `recordBatches` (as plain Arrow); `close` it when done (the readers close it
 * when they finish, fail or are left early).
 */
export class TableFile {
  static {
    // The one way in is openTableFile: the constructor stays private to the class and this module.
    createTableFile = (path, file) => new TableFile(path, file);
  }

  private read = false;

  private constructor(
    /** The path it was opened from. */
    readonly path: string,
    private readonly file: ArrowBatchFile,
  ) {}

  /** The Arrow schema: the columns, their types and field metadata, and the table metadata. */
  get schema(): Schema {
    return this.file.schema;
  }

  /** Its Legolas metadata: `legolas_schema_qualified` and the Julia provider keys, each `null` when absent. */
  get metadata(): LegolasTableMetadata {
    return readTableMetadata(this.file.schema);
  }

  /** `file`: the Arrow IPC file format (`ARROW1` magic, a footer); `stream`: the IPC stream format. */
  get format(): "file" | "stream" {
    return this.file.format;
  }

  /** The file's size in bytes when it was opened. */
  get byteLength(): number {
    return this.file.byteLength;
  }

  /**
   * The codecs its record batches are compressed with (`"lz4"`, `"zstd"`, the names `writeTable`'s
   * `compression` takes), read from the batches' metadata when the file was opened; empty when
   * none is compressed.
   */
  get compression(): readonly TableCompression[] {
    return this.file.compression;
  }

  /** The number of record batches its footer lists; `null` in the stream format, which has no footer. */
  get batchCount(): number | null {
    return this.file.batchCount;
  }

  /**
   * Reads the batches as a Legolas table: the schema version its metadata names (or
   * `options.schemaVersion`, which it must be or extend), its columns checked, then each batch
   * with its typed rows. Throws as `readTableBatches` does.
   */
  readBatches<Row extends object>(options: ReadAs<Row, ReadTableBatchesOptions<Row>>): AsyncGenerator<TableBatch<Row>>;
  readBatches(options?: ReadTableBatchesOptions): AsyncGenerator<TableBatch>;
  async *readBatches(options: ReadTableBatchesOptions = {}): AsyncGenerator<TableBatch> {
    const { schema, path } = this;
    try {
      const batches = this.recordBatches();
      const { schemaVersion, identifier } = resolveSchemaVersion(schema, options.schemaVersion, path);
      assertTableValid(schema, schemaVersion, path);
      const readRows = rowsOfBatch(schemaVersion, schema, options);
      let firstRowIndex = 0;
      for await (const batch of batches) {
        yield { ...readRows(batch, firstRowIndex, path), batch, firstRowIndex, schemaVersion, identifier };
        firstRowIndex += batch.numRows;
      }
    } finally {
      await this.close();
    }
  }

  /**
   * The record batches as apache-arrow reads them, each checked against its buffers and the first
   * batch's columns, and given only once the file is known unchanged; no Legolas validation.
   */
  async *recordBatches(): AsyncGenerator<RecordBatch> {
    if (this.read)
      throw new Error(`the batches of ${this.path} have been read already: open it again to read them again`);
    this.read = true;
    try {
      yield* this.file.batches();
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/**
 * Opens the Arrow file at `path` for reading batch by batch. Reads its schema (and footer) only:
 * throws `FileAccessError` when it cannot be read, `NotArrowFileError` when it is not Arrow (or
 * its metadata is out of bounds), `FileChangedError` when it changes while read.
 */
export async function openTableFile(path: string): Promise<TableFile> {
  return createTableFile(path, await ArrowBatchFile.open(path));
}

/**
 * The batches of the Legolas table at `path`, each with its typed rows, read one at a time, so
 * memory holds one batch whatever the file's size. Throws `MissingSchemaMetadataError`,
 * `UnknownSchemaVersionError`, `SchemaVersionMismatchError` or `TableSchemaError` before the
 * first batch, and `RowValidationError` at the first invalid row unless `invalidRows: "collect"`;
 * also what {@link openTableFile} throws, and `FileChangedError` at any batch. The rows are typed
 * by `options.schemaVersion` ({@link ReadAs}).
 */
export function readTableBatches<Row extends object>(
  path: string,
  options: ReadAs<Row, ReadTableBatchesOptions<Row>>,
): AsyncGenerator<TableBatch<Row>>;
export function readTableBatches(path: string, options?: ReadTableBatchesOptions): AsyncGenerator<TableBatch>;
export async function* readTableBatches(
  path: string,
  options: ReadTableBatchesOptions = {},
): AsyncGenerator<TableBatch> {
  yield* (await openTableFile(path)).readBatches(options);
}

/** How each batch's rows are validated and given, as `options` asks. */
function rowsOfBatch<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  schema: Schema,
  options: ReadTableBatchesOptions<Row>,
): (batch: RecordBatch, firstRowIndex: number, path: string) => Pick<TableBatch<Row>, "rows" | "invalidRows"> {
  if (options.invalidRows === "collect" && (options.validate ?? "rows") === "rows") {
    // The row validator reports a null in a required column by the row that holds it.
    const collect = collectingRowsReader(schemaVersion, schema, options);
    return (batch, firstRowIndex) => collect(batch, firstRowIndex);
  }
  const readRows = batchRowsReader(schemaVersion, schema, options);
  return (batch, firstRowIndex, path) => {
    // The column types were checked before the first batch; what needs the data is a null in a required column.
    assertTableValid(new Table([batch]), schemaVersion, path);
    return { rows: readRows([batch], firstRowIndex), invalidRows: [] };
  };
}

/**
 * A Legolas table file read batch by batch: `TableFile` tells what a file declares (schema version
 * identifier, Arrow schema, metadata, batch count) without validating anything, then reads it as
 * a schema version: all its batches in order (`readBatches`), or any one by its index
 * (`readBatch`), each with its typed rows, validated column by column, with their index in the
 * whole table. With `columns`, only those columns are read and validated (projection.ts), and the
 * other columns' bytes are never fetched (ipc/batch-loader.ts).
 *
 * Every protection of the whole-file read applies (file-batch-reader.ts): the IPC metadata
 * bounded before apache-arrow parses it, its parse errors as `NotArrowFileError`, every batch
 * checked against its buffers, and a file that changes while read a `FileChangedError`.
 * `legolas validate` and `legolas inspect` read files through this module only, so they refuse
 * exactly what the library refuses.
 *
 * This module is browser-safe: where the bytes come from is a {@link RandomAccessSource}
 * (table-files.ts opens paths and URLs in Node, table-sources.ts URLs, `Blob`s and bytes anywhere).
 */
import { Table, type RecordBatch, type Schema } from "apache-arrow";
import { mapConcurrently } from "../concurrency.js";
import type { SchemaVersion } from "../schema-version-types.js";
import { FileChangedError } from "../errors.js";
import { StreamRandomAccessError, TableFileClosedError } from "./errors.js";
import { ArrowBatchFile } from "./file-batch-reader.js";
import type { TableCompression } from "./ipc/codecs.js";
import { readTableMetadata, type LegolasTableMetadata } from "./metadata.js";
import { type Checked, checkOptions } from "./options.js";
import { type ColumnName, columnsOf, type Projected, type Projection, projectionOf } from "./projection.js";
import {
  type ReadAs,
  readResult,
  resolveSchemaVersion,
  type ReadTableOptions,
  type ReadTableResult,
} from "./read-bytes.js";
import { batchRowsReader, collectingRowsReader } from "./rows/lazy-rows.js";
import type { RandomAccessSource } from "./source/byte-source.js";
import type { RowViolations } from "./validate/batch.js";
import { assertTableValid } from "./validate/table-schema.js";

/** What a batch read does with an invalid row. */
export type InvalidRows =
  /** Throw its `RowValidationError` (with its index in the table), after the batches before it (the default). */
  | "throw"
  /** Leave it out of `rows`, list it in `invalidRows` with every violation, and go on. */
  | "collect";

export interface ReadTableBatchesOptions<Row extends object = object, Column extends ColumnName<Row> = never>
  extends ReadTableOptions<Row, Column> {
  /**
   * `"throw"` (default) or `"collect"`, which reads a whole file whatever its rows hold: each
   * batch lists its invalid rows, a null in a required column included, as the row class
   * reports them. Only rows are collected: columns that do not comply still throw a
   * `TableSchemaError` before the first batch, as no row can be read from them. With
   * `validate: "columns"` rows are not validated, so there is nothing to collect.
   */
  readonly invalidRows?: InvalidRows | undefined;
}

export interface ReadBatchOptions<Row extends object = object, Column extends ColumnName<Row> = never>
  extends ReadTableBatchesOptions<Row, Column> {
  /**
   * The index in the whole table of the batch's first row, for the row indexes of its rows and
   * errors. Default: counted from the batches before it, from their metadata (a small read each,
   * once per file; {@link TableFile.rowCounts} reads them all at once).
   */
  readonly firstRowIndex?: number | undefined;
}

export interface TableBatch<Row extends object = object, Column extends string = never> {
  /**
   * The rows of this batch, as row-class instances (with `columns`, plain objects of those
   * fields): lazy or eager as `options.rows` says (see `ReadTableOptions`). With
   * `invalidRows: "collect"`, the valid rows only, in order.
   */
  readonly rows: readonly Projected<Row, Column>[];
  /**
   * The batch's invalid rows, in order, each with its index in the whole table and every
   * violation its row class reports; always empty unless `invalidRows: "collect"`.
   */
  readonly invalidRows: readonly RowViolations[];
  /** The batch itself: every column, extra ones included; with `columns`, the columns read. */
  readonly batch: RecordBatch;
  /** Where it was read from: the path or URL. */
  readonly source: string;
  /** Its index among the file's batches. */
  readonly batchIndex: number;
  /** The index in the whole table (its file) of this batch's first row. */
  readonly firstRowIndex: number;
  readonly schemaVersion: SchemaVersion<Row, never>;
  /** The table's `legolas_schema_qualified`, or `null` when it had none. */
  readonly identifier: string | null;
}

/** The options of any read as the reading code sees them (the typed methods narrow them for their callers). */
type AnyReadOptions = Omit<ReadBatchOptions, "columns" | "schemaVersion"> & {
  readonly columns?: readonly string[] | undefined;
  readonly schemaVersion?: SchemaVersion<object, never>;
};

/** What a pass over the batches in order is called in a `TableFileClosedError`. */
const BATCHES_READ = "reading its batches";

/** Record batches read at once while counting rows of a file from their metadata. */
const ROW_COUNTS_IN_FLIGHT = 8;

let createTableFile: (file: ArrowBatchFile, name: string) => TableFile;

/**
 * `file.readTable(options)`, for the readers that open a file themselves and have checked the
 * options (`readTable` with `columns`, `readTableFrom`): the same read, no second check.
 */
export let readCheckedTable: (
  file: TableFile,
  options: Checked<ReadTableOptions<object, string>>,
) => Promise<ReadTableResult<object, string>>;

/** `file.readBatches(options)`, for `readTableBatches`, which has checked the options. */
export let readCheckedBatches: (
  file: TableFile,
  options: Checked<ReadTableBatchesOptions<object, string>>,
) => AsyncGenerator<TableBatch<object, string>>;

/**
 * An Arrow file opened for reading: what it declares is known at once, without reading a batch
 * or validating anything. `readBatch` reads any batch of the file format, as often as wanted,
 * until `close`; `readBatches` and `recordBatches` read all of them, once, in order, and close
 * the file when they finish, fail or are left early. Reading a closed file throws a
 * `TableFileClosedError`, and so does a read that the file's closing overtook. A pass asked for
 * while one is under way is refused (`TableFileClosedError`) and leaves that one reading. The file
 * stays open until then: close a file you do not read through (Node closes a forgotten handle
 * only at garbage collection, with a DEP0137 warning).
 */
export class TableFile {
  static {
    // The ways in are the open functions: the constructor stays private to the class and this module.
    createTableFile = (file, name) => new TableFile(name, file);
    readCheckedTable = (file, options) =>
      file.once(
        () => options,
        (checked) => file.wholeTable(checked),
      );
    readCheckedBatches = (file, options) =>
      file.onePass(
        () => options,
        (checked) => file.batchesOf(checked),
      );
  }

  private batchesRead = false;
  private closed = false;

  private constructor(
    /** Where it was opened from: the path or URL. */
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

  /** The file's size in bytes when it was opened; of a table read as it comes (`openPipedTable`), the bytes come so far. */
  get byteLength(): number {
    return this.file.byteLength;
  }

  /** Bytes read from the file (or fetched from its URL) so far. */
  get bytesRead(): number {
    return this.file.bytesRead;
  }

  /**
   * The codecs its batches are compressed with (`"lz4"`, `"zstd"`, the names `writeTable`'s
   * `compression` takes), from their metadata, known once it is opened; empty when none is. In
   * the file format, whose open reads the footer and the first batch's metadata, that batch's
   * (writers compress every batch of a file alike), and any other's once read (`rowCounts()`
   * reads every batch's metadata).
   */
  get compression(): readonly TableCompression[] {
    return this.file.compression;
  }

  /**
   * In the stream format, whether the stream ends with the end-of-stream marker its writer writes
   * when it closes it (Arrow.jl, pyarrow and apache-arrow all do; Arrow.jl's `append` moves it to
   * the new end). `false`: its writer was stopped, or is still writing, and its batches may stop
   * short of what was meant (read as it comes, `openPipedTable`: known once its batches have all
   * been read). `null` in the file format, which ends with its footer.
   */
  get streamFinished(): boolean | null {
    return this.file.streamFinished;
  }

  /**
   * The number of record batches its footer lists; `null` in the stream format, which has no
   * footer, and for a table read as it comes (`openPipedTable`), whose footer comes last.
   */
  get batchCount(): number | null {
    return this.file.batchCount;
  }

  /**
   * The row count of every batch, from the batches' metadata only (a small read per batch, a
   * few at once; batches under 64 KiB many at a read, whole). The file format only: a stream
   * throws `StreamRandomAccessError`.
   */
  async rowCounts(): Promise<number[]> {
    const operation = "rowCounts()";
    this.assertOpen(operation);
    const count = this.batchCount;
    if (count === null) throw new StreamRandomAccessError("counting the rows of a batch without reading it", this.path);
    return this.untilClosed(
      operation,
      mapConcurrently(
        Array.from({ length: count }, (_, index) => index),
        ROW_COUNTS_IN_FLIGHT,
        (index) => this.file.rowCount(index),
      ),
    );
  }

  /**
   * Reads batch `index` (from 0) as a Legolas table, and no other: what {@link readBatches} gives
   * for it, with the same checks. Any batch, any number of times, in any order, so that workers
   * can share the batches of one file. The file format only (a stream throws
   * `StreamRandomAccessError`); an index out of range throws a `RangeError`.
   */
  readBatch<Row extends object, const Column extends ColumnName<Row> = never>(
    index: number,
    options: ReadAs<Row, ReadBatchOptions<Row, Column>>,
  ): Promise<TableBatch<Row, Column>>;
  readBatch<const Column extends ColumnName<Row> = never, Row extends object = object>(
    index: number,
    options?: ReadBatchOptions<Row, Column>,
  ): Promise<TableBatch<object, Column>>;
  async readBatch(index: number, options: ReadBatchOptions<object, string> = {}): Promise<TableBatch<object, string>> {
    const operation = `readBatch(${index})`;
    this.assertOpen(operation);
    const count = this.batchCount;
    if (count !== null && !(Number.isSafeInteger(index) && index >= 0 && index < count))
      throw new RangeError(`${this.path} has ${count} record batch(es): there is no batch ${index}`);
    const reading = this.reading(checkOptions(options, "TableFile.readBatch"));
    const batch = await this.untilClosed(
      operation,
      this.file.readBatch(index, reading.projection.columns, reading.schema),
    );
    const firstRowIndex = options.firstRowIndex ?? (await this.untilClosed(operation, this.rowsBefore(index)));
    return reading.batch(batch, index, firstRowIndex);
  }

  /**
   * Reads the batches as a Legolas table: the schema version its metadata names (or
   * `options.schemaVersion`, which it must be or extend), its columns checked, then each batch
   * with its typed rows. Throws as `readTableBatches` does.
   */
  readBatches<Row extends object, const Column extends ColumnName<Row> = never>(
    options: ReadAs<Row, ReadTableBatchesOptions<Row, Column>>,
  ): AsyncGenerator<TableBatch<Row, Column>>;
  readBatches<const Column extends ColumnName<Row> = never, Row extends object = object>(
    options?: ReadTableBatchesOptions<Row, Column>,
  ): AsyncGenerator<TableBatch<object, Column>>;
  readBatches(options: ReadTableBatchesOptions<object, string> = {}): AsyncGenerator<TableBatch<object, string>> {
    return this.onePass(
      () => checkOptions(options, "TableFile.readBatches"),
      (checked) => this.batchesOf(checked),
    );
  }

  /**
   * The record batches as apache-arrow reads them (with `columns`, those columns only), each
   * checked against its buffers and given only once the file is known unchanged; no Legolas
   * validation.
   */
  recordBatches(options: { readonly columns?: readonly string[] } = {}): AsyncGenerator<RecordBatch> {
    return this.onePass(
      () => checkOptions(options, "TableFile.recordBatches"),
      (checked) => this.recordBatchesOf(checked),
    );
  }

  /**
   * The whole table as `readTable` gives it (every batch, its rows validated), read batch by
   * batch: with `columns`, only those columns are ever read. Closes the file.
   */
  readTable<Row extends object, const Column extends ColumnName<Row> = never>(
    options: ReadAs<Row, ReadTableOptions<Row, Column>>,
  ): Promise<ReadTableResult<Row, Column>>;
  readTable<const Column extends ColumnName<Row> = never, Row extends object = object>(
    options?: ReadTableOptions<Row, Column>,
  ): Promise<ReadTableResult<object, Column>>;
  readTable(options: ReadTableOptions<object, string> = {}): Promise<ReadTableResult<object, string>> {
    return this.once(
      () => checkOptions(options, "TableFile.readTable"),
      (checked) => this.wholeTable(checked),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.file.close();
  }

  /**
   * `read` as the one pass over the batches in order that the file allows (a second needs it
   * opened again), the file closed after it whatever happens, a refused option included: the
   * options are checked before the pass is taken, so that a read after such a refusal says the
   * file is closed, not that its batches were read.
   */
  private async once<Options, Result>(
    check: () => Options,
    read: (options: Options) => Promise<Result>,
  ): Promise<Result> {
    let claimed = false;
    try {
      const options = check();
      this.claimBatches();
      claimed = true;
      return await this.untilClosed(BATCHES_READ, read(options));
    } finally {
      await this.closeUnlessPassing(claimed);
    }
  }

  /**
   * Closes the file after a one-pass read, unless another pass holds it: a call refused while
   * a pass is under way (a second pass, a refused option) is refused to its caller alone, and
   * the pass reads on, closing the file at its end.
   */
  private async closeUnlessPassing(claimed: boolean): Promise<void> {
    if (claimed || !this.batchesRead) await this.close();
  }

  /**
   * {@link once} for a pass that gives what it reads as it goes. An async generator runs nothing
   * before its first `next()`, not even its `finally`, so a pass ended before it (its `return()`
   * or `throw()` called first) closes the file here.
   */
  private onePass<Options, Item>(
    check: () => Options,
    pass: (options: Options) => AsyncGenerator<Item>,
  ): AsyncGenerator<Item> {
    const passing = this.passOnce(check, pass);
    const { next, return: end, throw: fail } = passing;
    let started = false;
    const closeUnstarted = async () => {
      if (!started) await this.closeUnlessPassing(false);
    };
    return Object.assign(passing, {
      next: (...value: [] | [unknown]) => {
        started = true;
        return next.apply(passing, value);
      },
      return: async (value: unknown) => {
        await closeUnstarted();
        return end.call(passing, value as never);
      },
      throw: async (error: unknown) => {
        await closeUnstarted();
        return fail.call(passing, error);
      },
    });
  }

  private async *passOnce<Options, Item>(
    check: () => Options,
    pass: (options: Options) => AsyncGenerator<Item>,
  ): AsyncGenerator<Item> {
    let claimed = false;
    try {
      const options = check();
      this.claimBatches();
      claimed = true;
      yield* pass(options);
    } finally {
      await this.closeUnlessPassing(claimed);
    }
  }

  /** Marks the batches as read in order: a second pass needs the file opened again. */
  private claimBatches(): void {
    if (this.batchesRead) throw new TableFileClosedError(BATCHES_READ, this.path, "read");
    this.assertOpen(BATCHES_READ);
    this.batchesRead = true;
  }

  /**
   * Throws when the file is closed: a closed file's reads would fail on its handle, or be served
   * by what it read ahead, depending on what that holds.
   */
  private assertOpen(operation: string): void {
    if (this.closed) throw new TableFileClosedError(operation, this.path, "closed");
  }

  /**
   * What `read` gives, unless the file was closed before it gave it: then the
   * `TableFileClosedError` of a read of a closed file, which its reads in flight would otherwise
   * end in as far as they had got (a local file's in an `EBADF` of its handle, an HTTP file's
   * in its result), and a read after the close in that error, always.
   */
  private async untilClosed<Result>(operation: string, read: Promise<Result>): Promise<Result> {
    const result = await read.catch((error: unknown) => {
      throw this.closedOr(error, operation);
    });
    this.assertOpen(operation);
    return result;
  }

  /** `error`, or the {@link TableFileClosedError} of `operation` when the file was closed meanwhile. */
  private closedOr(error: unknown, operation: string): unknown {
    return this.closed ? new TableFileClosedError(operation, this.path, "closed") : error;
  }

  private async *batchesOf(options: Checked<AnyReadOptions>): AsyncGenerator<TableBatch<object, string>> {
    const reading = await this.readingInOrder(options);
    let firstRowIndex = 0;
    let index = 0;
    try {
      for await (const batch of this.file.batches(reading.projection.columns, reading.schema)) {
        this.assertOpen(BATCHES_READ);
        yield reading.batch(batch, index++, firstRowIndex);
        firstRowIndex += batch.numRows;
      }
    } catch (error) {
      throw sayingBatchesGiven(this.closedOr(error, BATCHES_READ), index);
    }
  }

  private async *recordBatchesOf(
    options: Checked<{ readonly columns?: readonly string[] }>,
  ): AsyncGenerator<RecordBatch> {
    const columns = columnsOf(this.schema, options.columns, this.path);
    let given = 0;
    try {
      for await (const batch of this.file.batches(columns, this.file.schemaOf(columns))) {
        this.assertOpen(BATCHES_READ);
        yield batch;
        given++;
      }
    } catch (error) {
      throw sayingBatchesGiven(this.closedOr(error, BATCHES_READ), given);
    }
  }

  private async wholeTable(options: Checked<AnyReadOptions>): Promise<ReadTableResult<object, string>> {
    const { projection, schema, identifier } = await this.readingInOrder(options);
    const batches: RecordBatch[] = [];
    for await (const batch of this.file.batches(projection.columns, schema)) batches.push(batch);
    return readResult(new Table(schema, batches), projection, identifier, options, this.path);
  }

  /** The rows before batch `index`, from the metadata of the batches before it. */
  private async rowsBefore(index: number): Promise<number> {
    const before = Array.from({ length: index }, (_, k) => k);
    const counts = await mapConcurrently(before, ROW_COUNTS_IN_FLIGHT, (k) => this.file.rowCount(k));
    return counts.reduce((sum, rows) => sum + rows, 0);
  }

  /**
   * {@link reading} for a pass over the batches in order, whose refusal for what the schema says
   * (a version not registered, columns that do not comply) is first checked against the rest of a
   * table piped in, whose footer's copy of the schema comes last (`ArrowBatchFile.refusalOfSchema`):
   * a damaged file is refused as damaged, as a read by its path refuses it.
   */
  private async readingInOrder(options: Checked<AnyReadOptions>): Promise<ReturnType<TableFile["reading"]>> {
    try {
      return this.reading(options);
    } catch (refusal) {
      throw await this.file.refusalOfSchema(refusal);
    }
  }

  /** How a read with `options` reads each batch: the schema version, the columns (checked), the rows. */
  private reading<Row extends object, Column extends string>(options: Checked<AnyReadOptions>) {
    const { path } = this;
    const { schemaVersion, identifier } = resolveSchemaVersion(this.schema, options.schemaVersion, path);
    const projection = projectionOf(schemaVersion, this.schema, options.columns, path);
    const schema = this.file.schemaOf(projection.columns);
    assertTableValid(schema, projection.validateAs, path);
    const readRows = rowsOfBatch(projection, schema, options);
    return {
      projection,
      schema,
      identifier,
      batch: (batch: RecordBatch, batchIndex: number, firstRowIndex: number): TableBatch<Row, Column> => ({
        ...(readRows(batch, firstRowIndex, path) as Pick<TableBatch<Row, Column>, "rows" | "invalidRows">),
        batch,
        source: path,
        batchIndex,
        firstRowIndex,
        schemaVersion: schemaVersion as SchemaVersion<Row, never>,
        identifier,
      }),
    };
  }
}

/**
 * `error`, and when it is a change of the file found after `given` of its batches were given, a
 * `FileChangedError` that says so: the source that found it cannot know what the reader gave.
 */
function sayingBatchesGiven(error: unknown, given: number): unknown {
  if (given === 0 || !(error instanceof FileChangedError)) return error;
  return new FileChangedError(error.path, error.reason, given);
}

/** Opens `source` as a table file; the source is closed when the file is. */
export async function openTableSource(source: RandomAccessSource): Promise<TableFile> {
  return createTableFile(await ArrowBatchFile.open(source), source.name);
}

/** `file`, opened already (a table piped in: piped-table.ts), as a table file named `name`. */
export function openedTableFile(file: ArrowBatchFile, name: string): TableFile {
  return createTableFile(file, name);
}

/** How each batch's rows are validated and given, as `options` asks. */
function rowsOfBatch(
  projection: Projection,
  schema: Schema,
  options: AnyReadOptions,
): (batch: RecordBatch, firstRowIndex: number, path: string) => Pick<TableBatch, "rows" | "invalidRows"> {
  const { validateAs, rowsAs } = projection;
  if (options.invalidRows === "collect" && (options.validate ?? "rows") === "rows") {
    // The row validator reports a null in a required column by the row that holds it.
    const collect = collectingRowsReader(validateAs, schema, options, rowsAs);
    return (batch, firstRowIndex) => collect(batch, firstRowIndex);
  }
  const readRows = batchRowsReader(validateAs, schema, options, rowsAs);
  return (batch, firstRowIndex, path) => {
    // The column types were checked before the first batch; what needs the data is a null in a required column.
    assertTableValid(new Table([batch]), validateAs, path);
    return { rows: readRows([batch], firstRowIndex, path), invalidRows: [] };
  };
}

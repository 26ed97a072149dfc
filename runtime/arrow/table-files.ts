/**
 * The public table I/O on files for Node: `writeTable`, `readTable`, and the batch readers
 * `openTableFile` and `readTableBatches`, which take paths (and glob patterns) as well as URLs.
 * Thin by design: the work on bytes lives in write-bytes.ts / read-bytes.ts (usable without a
 * file system) and table-batches.ts; files are read in guard/checked-file.ts and replaced
 * atomically by ../replace-file.ts.
 */
import type { Table } from "apache-arrow";
import { FileAccessError } from "../errors.js";
import { globFiles, isPattern } from "../glob.js";
import type { SchemaVersion } from "../schema-version-types.js";
import { replaceFile } from "../replace-file.js";
import { untilAborted } from "../until-aborted.js";
import { prepareCompression } from "./ipc/codecs.js";
import { type Checked, checkOptions } from "./options.js";
import { readWholeTableFile } from "./pipelined-read.js";
import { ipcFileChunks } from "./ipc/file-writer.js";
import { type ReadManyTablesOptions, readManyTables } from "./many-tables.js";
import type { ColumnName } from "./projection.js";
import type { ReadAs, ReadTableOptions, ReadTableResult } from "./read-bytes.js";
import { openFileSource } from "./source/file-source.js";
import { isHttpUrl } from "../urls.js";
import type { FileListing } from "./source/file-list.js";
import { namedNodeFile, openNodeSource, type TableSource } from "./source/node-sources.js";
import type { SourceOptions } from "./source/web-source.js";
import { openTableSource, readCheckedTable, type TableBatch, type TableFile } from "./table-batches.js";
import { tableBatches, type TableInput, type WriteTableOptions } from "./write-bytes.js";
import { installNodeUtf8Decoder, installNodeUtf8RangeCheck } from "./columns/node-utf8.js";
import { installNodeZstdStart } from "./ipc/node-zstd.js";
import { useWholePipedFiles } from "./piped-table.js";
import { spillWholePipedFile } from "./source/piped-spill.js";

// Under Node, every string a read gives (files or bytes) decodes through Node's Buffer, and every
// text column's UTF-8 is checked by node:buffer's isAscii and isUtf8: the same answers, faster.
installNodeUtf8Decoder();
installNodeUtf8RangeCheck();
// A ZSTD encoder whose WebAssembly cannot be instantiated is an error, not a write that never settles.
installNodeZstdStart();
// A piped IPC file read from its footer waits for its end in a temporary file, not in memory.
useWholePipedFiles(spillWholePipedFile);

/**
 * Writes `input` to `path` as an Arrow IPC file, a table of `schemaVersion`
 * (`legolas_schema_qualified` = its identifier).
 *
 * - rows (an array, or an iterable / async iterable written batch by batch): each plain object
 *   goes through the row class; the first invalid one throws a `RowValidationError` naming its
 *   row index. Instances of the row class are not built again but checked as they stand (`is`),
 *   since a row may have been changed since it was built: one that no longer complies is refused
 *   the same way.
 * - an Arrow table: its columns are checked (`TableSchemaError`), then its rows, column by
 *   column (validate/batch.ts); it is written as it is, extra columns included.
 * - `options.validate: false` writes what does not comply, as `Legolas.write(...; validate=false)`
 *   does (see `WriteTableOptions.validate`: values must still have their columns' types).
 * - `options.compression` (`"lz4"` or `"zstd"`) compresses the record batches as Arrow.jl's
 *   `compress=` does; `options.metadata` adds table metadata (`legolas_schema_qualified` wins).
 *
 * The write is atomic: a temporary file beside `path` is renamed over it once complete and
 * flushed, so on any failure `path` keeps its old content and no temporary file remains. A
 * symbolic link at `path` is followed (its target is replaced), the old file's mode and owner
 * are kept, a read-only file is refused, and file-system failures are `FileAccessError`s
 * naming `path` (see runtime/replace-file.ts). `options.signal` stops a write, the same way.
 */
export async function writeTable<Row extends object, Input>(
  path: string,
  input: TableInput<Input | Row> | Table,
  schemaVersion: SchemaVersion<Row, Input>,
  options: WriteTableFileOptions = {},
): Promise<void> {
  const checked = checkOptions(options, "writeTable");
  const { signal } = checked;
  // Aborted already: nothing to validate or encode (a million rows take about a second).
  signal?.throwIfAborted();
  // Arrays and tables are validated here, before the file system is touched at all.
  // The signal stops the rows' source too: else a source is read on until the batch it fills is full.
  const { schema, batches } = tableBatches(input, schemaVersion, checked, false, signal);
  if (options.compression !== undefined) await prepareCompression(options.compression);
  const chunks = ipcFileChunks(schema, batches, options.compression);
  await replaceFile(path, signal === undefined ? chunks : untilAborted(chunks, signal), signal);
}

/** {@link writeTable}'s options: those of every writer, and a signal, since a write to a file can take long. */
export interface WriteTableFileOptions extends WriteTableOptions {
  /**
   * Stops the write when it aborts (a client gone, `AbortSignal.timeout(...)`): `writeTable`
   * rejects with the signal's reason, `path` keeps its old content, and the rows written so far
   * (a temporary file) are removed. A source of rows is asked to stop (`return()`, so that a
   * generator's `finally` runs) once it hands over the row it is making. So until the new file is
   * renamed over `path`: an abort while its last bytes are flushed to disk rejects once the
   * flush ends; one after the rename comes too late, and the call resolves.
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Reads the Legolas table at `path`: the schema version named by its metadata (or
 * `options.schemaVersion`), its columns checked, its rows decoded and validated. With
 * `options.columns`, only those columns (and what row checks read) are read from the file.
 *
 * The rows are typed by `options.schemaVersion` (`{ schemaVersion: DigitsRowV1SchemaVersion }`
 * gives `DigitsRowV1` rows, and refuses a file of another schema); without it they are `object`:
 * see {@link ReadAs}.
 *
 * Throws `NotArrowFileError`, `MissingSchemaMetadataError`, `UnknownSchemaVersionError`,
 * `SchemaVersionMismatchError`, `TableSchemaError` or `RowValidationError`, each saying how to go on.
 */
export async function readTable<Row extends object, const Column extends ColumnName<Row> = never>(
  path: string,
  options: ReadAs<Row, ReadTableOptions<Row, Column>>,
): Promise<ReadTableResult<Row, Column>>;
export async function readTable<const Column extends ColumnName<Row> = never, Row extends object = object>(
  path: string,
  options?: ReadTableOptions<Row, Column>,
): Promise<ReadTableResult<object, Column>>;
export async function readTable(
  path: string,
  options: ReadTableOptions<object, string> = {},
): Promise<ReadTableResult<object, string>> {
  return readTableFile(path, checkOptions(options, "readTable"));
}

/** {@link readTable}, for the readers that have checked the options (readModelRow too). */
export async function readTableFile(
  path: string,
  options: Checked<ReadTableOptions<object, string>>,
): Promise<ReadTableResult<object, string>> {
  if (options.columns === undefined) return readWholeTableFile(path, options);
  return readCheckedTable(await openTableSource(await openFileSource(path)), options);
}

/**
 * Opens a table for reading batch by batch (see `TableFile`): a path, an `http(s)://` URL (a
 * string or a `URL`, read with range requests), a `Request`, a `Blob`, a `Response` or bytes.
 * Reads its footer and its start up to the first batch's metadata only (the schema, the first
 * batch's codec), no batch's buffers; over HTTP two range requests, three when the footer is
 * larger than `tailBytes` (64 KiB) and one for a file that small. Throws `FileAccessError` when a file
 * cannot be read, `SourceReadError` when a URL cannot, `NotArrowFileError` when it is not Arrow
 * (or its metadata is out of bounds), `CorruptTableError` when its footer's schema is not the one
 * its stream starts with (docs/tables.md), `FileChangedError` when it changes while read. Once
 * `options.signal` aborts, it and the file's reads fail with a `SourceReadError` whose `cause` is
 * the signal's reason, whatever the source (see `SourceOptions.signal`).
 */
export async function openTableFile(source: TableSource, options: SourceOptions = {}): Promise<TableFile> {
  return openCheckedTableFile(source, checkOptions(options, "openTableFile"));
}

/** {@link openTableFile}, for the readers that have checked the options. */
async function openCheckedTableFile(source: TableSource, options: Checked<SourceOptions>): Promise<TableFile> {
  return openTableSource(await openNodeSource(source, options));
}

/**
 * The batches of the Legolas table at `source` (a path or URL, as {@link openTableFile} takes),
 * each with its typed rows, read one at a time, so memory holds one batch whatever the file's
 * size; with `columns`, only those columns are read. Given several sources, or a glob pattern
 * (`*`, `?`, `**`; its matches sorted), their batches in order, as one table of one schema version
 * (many-tables.ts), `filesInFlight` of them read at once.
 *
 * Throws `MissingSchemaMetadataError`, `UnknownSchemaVersionError`, `SchemaVersionMismatchError`
 * or `TableSchemaError` before a file's first batch, and `RowValidationError` at the first invalid
 * row unless `invalidRows: "collect"`; also what {@link openTableFile} throws, `FileChangedError`
 * at any batch, `FileAccessError` for a pattern that matches no file, and `SourceListError` for
 * an empty list or one that names a file twice (`a.arrow` and `./a.arrow`, or a link to it); once `options.signal`
 * aborts, a `SourceReadError` naming the source being read, whose `cause` is the signal's reason,
 * whatever its kind (no later file is opened). Every error is thrown where the batches are read
 * (by the first `next()` when no batch comes before it), never by the call.
 */
export function readTableBatches<Row extends object, const Column extends ColumnName<Row> = never>(
  sources: TableSource | readonly TableSource[],
  options: ReadAs<Row, ReadManyTablesOptions<Row, Column> & SourceOptions>,
): AsyncGenerator<TableBatch<Row, Column>>;
export function readTableBatches<const Column extends ColumnName<Row> = never, Row extends object = object>(
  sources: TableSource | readonly TableSource[],
  options?: ReadManyTablesOptions<Row, Column> & SourceOptions,
): AsyncGenerator<TableBatch<object, Column>>;
export function readTableBatches(
  sources: TableSource | readonly TableSource[],
  options: ReadManyTablesOptions<object, string> & SourceOptions = {},
): AsyncGenerator<TableBatch<object, string>> {
  return readManyTables(sources, NODE_FILES, openCheckedTableFile, options);
}

/** A glob pattern's files (sorted), any other source as it is. */
async function filesOf(source: TableSource): Promise<readonly TableSource[]> {
  if (typeof source !== "string" || isHttpUrl(source) || !isPattern(source)) return [source];
  const files = await globFiles(source);
  if (files.length === 0) throw new FileAccessError(source, "read", "ENOENT", "no file matches this pattern");
  return files;
}

const NODE_FILES: FileListing<TableSource> = { filesOf, fileOf: namedNodeFile };

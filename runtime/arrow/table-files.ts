/**
 * The public table I/O on files: `writeTable` and `readTable`. Thin by design: the work on bytes
 * lives in write-bytes.ts / read-bytes.ts (usable without a file system); files are read in guard/checked-file.ts and
 * replaced atomically by ../replace-file.ts.
 */
import type { Table } from "apache-arrow";
import type { SchemaVersion } from "../schema-version.js";
import { replaceFile } from "../replace-file.js";
import { prepareCompression } from "./ipc/codecs.js";
import { readFileBytes } from "./guard/checked-file.js";
import { ipcFileChunks } from "./ipc/file-writer.js";
import { type ReadAs, readTableBytes, type ReadTableOptions, type ReadTableResult } from "./read-bytes.js";
import { tableBatches, type TableInput, type WriteTableOptions } from "./write-bytes.js";

/**
 * Writes `input` to `path` as an Arrow IPC file, a table of `schemaVersion`
 * (`legolas_schema_qualified` = its identifier).
 *
 * - rows (an array, or an iterable / async iterable written batch by batch): each plain object
 *   goes through the row class; the first invalid one throws a `RowValidationError` naming its
 *   row index. Instances of the row class were validated when built and are not validated again.
 * - an Arrow table: its columns are checked (`TableSchemaError`), then its rows, column by
 *   column (validate/batch.ts); it is written as it is, extra columns included.
 * - `options.compression` (`"lz4"` or `"zstd"`) compresses the record batches as Arrow.jl's
 *   `compress=` does; `options.metadata` adds table metadata (`legolas_schema_qualified` wins).
 *
 * The write is atomic: a temporary file beside `path` is renamed over it once complete and
 * flushed, so on any failure `path` keeps its old content and no temporary file remains. A
 * symbolic link at `path` is followed (its target is replaced), the old file's mode and owner
 * are kept, a read-only file is refused, and file-system failures are `FileAccessError`s
 * naming `path` (see runtime/replace-file.ts).
 */
export async function writeTable<Row extends object, Input>(
  path: string,
  input: TableInput<Input | Row> | Table,
  schemaVersion: SchemaVersion<Row, Input>,
  options: WriteTableOptions = {},
): Promise<void> {
  // Arrays and tables are validated here, before the file system is touched at all.
  const { schema, batches } = tableBatches(input, schemaVersion, options);
  if (options.compression !== undefined) await prepareCompression(options.compression);
  await replaceFile(path, ipcFileChunks(schema, batches, options.compression));
}

/**
 * Reads the Legolas table at `path`: the schema version named by its metadata (or
 * `options.schemaVersion`), its columns checked, its rows decoded and validated.
 *
 * The rows are typed by `options.schemaVersion` (`{ schemaVersion: DigitsRowV1SchemaVersion }`
 * gives `DigitsRowV1` rows, and refuses a file of another schema); without it they are `object`:
 * see {@link ReadAs}.
 *
 * Throws `NotArrowFileError`, `MissingSchemaMetadataError`, `UnknownSchemaVersionError`,
 * `SchemaVersionMismatchError`, `TableSchemaError` or `RowValidationError`, each saying how to go on.
 */
export async function readTable<Row extends object>(path: string, options: ReadAs<Row>): Promise<ReadTableResult<Row>>;
export async function readTable(path: string, options?: ReadTableOptions): Promise<ReadTableResult>;
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<ReadTableResult> {
  return readTableBytes(await readFileBytes(path), options, path);
}

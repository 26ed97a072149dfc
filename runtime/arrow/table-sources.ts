/**
 * Tables read by batch and by column from what a web page (or a worker, or Node) has at hand: a
 * URL or `Request` (HTTP range requests: a presigned S3 or GCS URL works, no SDK), a dropped
 * `File` or any `Blob` (sliced), a `Response`, or bytes. Only web-platform APIs. In Node the
 * package entry widens both functions to paths (table-files.ts); here a string is a URL.
 */
import type { ColumnName } from "./projection.js";
import type { ReadAs } from "./read-bytes.js";
import { type Checked, checkOptions } from "./options.js";
import { type ReadManyTablesOptions, readManyTables } from "./many-tables.js";
import { SourceReadError } from "./source/errors.js";
import type { FileListing } from "./source/file-list.js";
import { type ByteSource, namedWebFile, openWebSource, type SourceOptions } from "./source/web-source.js";
import { openTableSource, type TableBatch, type TableFile } from "./table-batches.js";

/**
 * Opens a table for reading (see `TableFile`): only its footer and its start up to the first
 * batch's metadata are read, no batch's buffers. From a URL that is two range requests (the last
 * `tailBytes`, 64 KiB, then the start; one for a file that small; a third when the footer is
 * larger, as a file of many thousands of batches has), from a `Blob` slices. Throws
 * `SourceReadError` when the source cannot be had, or once `options.signal` aborts (its `cause`
 * the signal's reason, whatever the source), and what a table file's open throws
 * (`NotArrowFileError`, ...).
 */
export async function openTableFile(source: ByteSource, options: SourceOptions = {}): Promise<TableFile> {
  return openCheckedTableFile(source, checkOptions(options, "openTableFile"));
}

/** {@link openTableFile}, for the readers that have checked the options. */
export async function openCheckedTableFile(source: ByteSource, options: Checked<SourceOptions>): Promise<TableFile> {
  try {
    return await openTableSource(await openWebSource(source, options));
  } catch (error) {
    throw typeof source === "string" ? withPatternHint(source, error) : error;
  }
}

/**
 * A URL holding a `*` that is not there (404) was most likely meant as a glob pattern, which only
 * the Node entry expands (over local paths): the same error, saying so. Only a `*` before the
 * URL's query counts (`?` starts the query).
 */
function withPatternHint(source: string, error: unknown): unknown {
  if (!(error instanceof SourceReadError) || error.status !== 404 || !/^[^?#]*\*/.test(source)) return error;
  return new SourceReadError(
    error.source,
    `${error.reason}; its * is no wildcard here: glob patterns are expanded only in Node (over local paths), and in a browser a string is one URL, read as it is: list the files' URLs and pass them as an array, readTableBatches([url1, url2, ...])`,
    { cause: error, status: error.status },
  );
}

/**
 * The batches of one table, or of many tables of one schema version read as one
 * (many-tables.ts), each with its typed rows: see `readTableBatches` of the Node entry.
 */
export function readTableBatches<Row extends object, const Column extends ColumnName<Row> = never>(
  sources: ByteSource | readonly ByteSource[],
  options: ReadAs<Row, ReadManyTablesOptions<Row, Column> & SourceOptions>,
): AsyncGenerator<TableBatch<Row, Column>>;
export function readTableBatches<const Column extends ColumnName<Row> = never, Row extends object = object>(
  sources: ByteSource | readonly ByteSource[],
  options?: ReadManyTablesOptions<Row, Column> & SourceOptions,
): AsyncGenerator<TableBatch<object, Column>>;
export function readTableBatches(
  sources: ByteSource | readonly ByteSource[],
  options: ReadManyTablesOptions<object, string> & SourceOptions = {},
): AsyncGenerator<TableBatch<object, string>> {
  return readManyTables(sources, WEB_FILES, openCheckedTableFile, options);
}

/** Each source is one file here: a string is a URL, never a pattern. */
const WEB_FILES: FileListing<ByteSource> = { filesOf: (source) => [source], fileOf: namedWebFile };

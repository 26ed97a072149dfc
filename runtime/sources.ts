/**
 * Reading tables and model rows from what a web page has at hand: a URL, a `Response`, a
 * dropped `File` or any `Blob`, or bytes. Only web-platform APIs (`fetch`, `Blob`, `Response`),
 * which Node 20 has as well, so these work in browsers, workers and Node alike. In Node a string
 * is a URL to fetch, never a file path: use `readTable` / `readModelRow` for paths.
 *
 * Without `columns` a source is read whole (one request for a URL); with `columns` only those
 * columns are read: a URL with range requests, a `Blob` slice by slice (arrow/table-sources.ts).
 */
import { type ReadAs, readCheckedBytes, type ReadTableOptions, type ReadTableResult } from "./arrow/read-bytes.js";
import type { ColumnName } from "./arrow/projection.js";
import { type Checked, checkOptions } from "./arrow/options.js";
import { isAbortSignal } from "./arrow/option-calls.js";
import { abortSignalOf, isFetchTarget, urlOf, wholeFileBody } from "./arrow/source/http-fetch.js";
import { fetchRetried, RETRY_DEFAULTS } from "./arrow/source/http-retry.js";
import { shownUrl } from "./urls.js";
import { abortWith } from "./any-signal.js";
import { blobReadError } from "./arrow/source/memory-source.js";
import { throwIfReadAborted } from "./arrow/source/errors.js";
import { type ByteSource, notASource, type SourceOptions, viewOf } from "./arrow/source/web-source.js";
import { readCheckedTable } from "./arrow/table-batches.js";
import { openCheckedTableFile } from "./arrow/table-sources.js";
import { readCheckedModelRowBytes, singleRow, type ModelRow } from "./model-rows.js";

export { SourceReadError } from "./arrow/source/errors.js";
export type { ByteSource, SourceOptions } from "./arrow/source/web-source.js";

/**
 * The bytes behind `source`, whole, with a name for it that error messages use; a fetch, the
 * read of a `Response`'s body or a `Blob`, or bytes given. `options` are a read's
 * `SourceOptions` (a URL's request is retried as `retries` and `maxRetryDelay` say), or its
 * signal alone: an abort fails the read with a `SourceReadError` naming the source, whose `cause`
 * is the signal's reason.
 */
export async function readSourceBytes(
  source: ByteSource,
  options: SourceOptions | AbortSignal = {},
): Promise<{ bytes: Uint8Array; name: string }> {
  return readCheckedSourceBytes(
    source,
    checkOptions(isAbortSignal(options) ? { signal: options } : options, "readSourceBytes"),
  );
}

/** {@link readSourceBytes}, for the readers that have checked the options. */
export async function readCheckedSourceBytes(
  source: ByteSource,
  options: Checked<SourceOptions>,
): Promise<{ bytes: Uint8Array; name: string }> {
  const { signal } = options;
  const bytes = viewOf(source);
  if (bytes !== null) {
    throwIfReadAborted("bytes", signal);
    return { bytes, name: "bytes" };
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    const name =
      typeof (source as File).name === "string" && (source as File).name !== "" ? (source as File).name : "blob";
    // As a Blob source is read (memory-source.ts): not begun once aborted, and a read in flight ends first.
    throwIfReadAborted(name, signal);
    let read: ArrayBuffer;
    try {
      read = await source.arrayBuffer();
    } catch (error) {
      throw blobReadError(name, error);
    }
    throwIfReadAborted(name, signal);
    return { bytes: new Uint8Array(read), name };
  }
  if (typeof Response !== "undefined" && source instanceof Response)
    return responseBytes(source, source.url ? shownUrl(source.url) : "response", signal);
  if (isFetchTarget(source)) {
    const name = urlOf(source);
    const retry = {
      retries: options.retries ?? RETRY_DEFAULTS.retries,
      maxRetryDelay: options.maxRetryDelay ?? RETRY_DEFAULTS.maxRetryDelay,
    };
    if (signal === undefined) return responseBytes(await fetchRetried(source, undefined, undefined, name, retry), name);
    // The request is made with a signal of this read's own, which the caller's aborts through one
    // listener it shares with every other read (any-signal.ts): fetch leaves its listener on the
    // signal it is given until the request is garbage-collected.
    const reading = new AbortController();
    const unfollow = abortWith(signal, reading);
    try {
      const requestSignal = abortSignalOf(source, reading.signal);
      return await responseBytes(
        await fetchRetried(source, undefined, requestSignal, name, retry),
        name,
        requestSignal,
      );
    } finally {
      unfollow();
    }
  }
  throw notASource(source);
}

/**
 * {@link readTableBytes} from a URL, `Response`, `File`/`Blob` or bytes; rows typed by
 * `options.schemaVersion` ({@link ReadAs}); with `columns`, only those columns are read.
 */
export async function readTableFrom<Row extends object, const Column extends ColumnName<Row> = never>(
  source: ByteSource,
  options: ReadAs<Row, ReadTableOptions<Row, Column> & SourceOptions>,
): Promise<ReadTableResult<Row, Column>>;
export async function readTableFrom<const Column extends ColumnName<Row> = never, Row extends object = object>(
  source: ByteSource,
  options?: ReadTableOptions<Row, Column> & SourceOptions,
): Promise<ReadTableResult<object, Column>>;
export async function readTableFrom(
  source: ByteSource,
  options: ReadTableOptions<object, string> & SourceOptions = {},
): Promise<ReadTableResult<object, string>> {
  const checked = checkOptions(options, "readTableFrom");
  if (checked.columns !== undefined) return readCheckedTable(await openCheckedTableFile(source, checked), checked);
  const { bytes, name } = await readCheckedSourceBytes(source, checked);
  return readCheckedBytes(bytes, checked, name);
}

/**
 * {@link readModelRowBytes} from a URL, `Response`, `File`/`Blob` or bytes; the row typed by
 * `options.schemaVersion` ({@link ReadAs}); with `columns`, only those columns are read.
 */
export async function readModelRowFrom<Row extends object, const Column extends ColumnName<Row> = never>(
  source: ByteSource,
  options: ReadAs<Row, ReadTableOptions<Row, Column> & SourceOptions>,
): Promise<ModelRow<Row, Column>>;
export async function readModelRowFrom<const Column extends ColumnName<Row> = never, Row extends object = object>(
  source: ByteSource,
  options?: ReadTableOptions<Row, Column> & SourceOptions,
): Promise<ModelRow<object, Column>>;
export async function readModelRowFrom(
  source: ByteSource,
  options: ReadTableOptions<object, string> & SourceOptions = {},
): Promise<ModelRow<object, string>> {
  const checked = checkOptions(options, "readModelRowFrom");
  if (checked.columns !== undefined) {
    const file = await openCheckedTableFile(source, checked);
    return singleRow(await readCheckedTable(file, checked), file.path, "readTableFrom");
  }
  const { bytes, name } = await readCheckedSourceBytes(source, checked);
  return readCheckedModelRowBytes(bytes, checked, name, "readTableFrom");
}

async function responseBytes(
  response: Response,
  name: string,
  signal?: AbortSignal,
): Promise<{ bytes: Uint8Array; name: string }> {
  return { bytes: await wholeFileBody(response, name, { signal }), name };
}

/**
 * Many files of one schema version read as one table, as tables at scale are stored (one file per
 * run, per day, per shard): their batches streamed in order, file after file, with a few files in
 * flight, so that opening and fetching the next files overlaps validating this one. Each file in
 * flight holds what one file's read holds (file-batch-reader.ts: the batch being used and those
 * read ahead within a budget), and no more: a file is started early, not read ahead of its reader.
 *
 * Every file is read as one schema version: the one asked for, or else the first file's. A file
 * that neither is nor extends it is a `SchemaVersionMismatchError` when its turn comes, after
 * every batch of the files before it; each file's columns are checked as a single file's are.
 *
 * A read that ends early (left, or failed) aborts the requests of every file in flight before it
 * closes them: a file started early on a server that does not answer would hold it otherwise.
 */
import { abortWith } from "../any-signal.js";
import { StartedEarly } from "../concurrency.js";
import type { SchemaVersion } from "../schema-version-types.js";
import { SchemaVersionMismatchError } from "./errors.js";
import { type FileListing, listedFiles } from "./source/file-list.js";
import { type Checked, checkOptions } from "./options.js";
import type { ColumnName } from "./projection.js";
import type { SourceOptions } from "./source/web-source.js";
import { resolveSchemaVersion } from "./read-bytes.js";
import { readCheckedBatches, type ReadTableBatchesOptions, type TableBatch, type TableFile } from "./table-batches.js";

export interface ReadManyTablesOptions<Row extends object = object, Column extends ColumnName<Row> = never>
  extends ReadTableBatchesOptions<Row, Column> {
  /**
   * Files read at once (default 2): the one whose batches are being given and the next ones,
   * each opened and its first batch read, so that their I/O overlaps; each holds the batch being
   * given and those read ahead of it while their buffers stay within 16 MiB (or that batch alone,
   * when larger). 1 reads one file at a time.
   */
  readonly filesInFlight?: number | undefined;
}

/**
 * `error`, and when it is a file's schema version found not to be the one the files are read as,
 * a mismatch in the words of a read of many files as one table: the first file's version when
 * none was asked for (`firstFile`), where "read it without { schemaVersion }" would not fit a call
 * that passed none; else the version asked for, where leaving it out would read every file as the
 * first one's version and fail the same way wherever the files hold two versions.
 */
function asOneTableMismatch(error: unknown, firstFile: string | undefined): unknown {
  if (!(error instanceof SchemaVersionMismatchError)) return error;
  return new SchemaVersionMismatchError(
    error.found,
    error.expected,
    error.source,
    firstFile,
    error.parentsUnknown,
    error.registeredParent,
    firstFile === undefined,
    error.expectedRowClass,
  );
}

/**
 * The batches of the files `listed` names (`listing` says which: file-list.ts) opened by `open`, in
 * order (see the module comment). The options are checked here, for `readTableBatches`, once the
 * reading starts, and handed as they are to `open` and to every file's read. The files are listed
 * after, before any is opened: an empty list, a file listed twice or a glob pattern's failure to
 * match, like any source's failure, is thrown where the batches are read.
 */
export async function* readManyTables<Source, Row extends object, Column extends ColumnName<Row>>(
  listed: Source | readonly Source[],
  listing: FileListing<Source>,
  open: (source: Source, options: Checked<SourceOptions>) => Promise<TableFile>,
  given: ReadManyTablesOptions<Row, Column> & SourceOptions,
): AsyncGenerator<TableBatch<Row, Column>> {
  const options = checkOptions(given, "readTableBatches");
  const sources = await listedFiles(listed, listing);
  const inFlight = options.filesInFlight ?? 2;
  // Each file's `ending` aborts its requests, and follows the caller's signal through one listener
  // it shares with every other read (any-signal.ts): a signal made of it with AbortSignal.any
  // would stay as long as it lives. Each stops following when the read ends.
  const unfollow: (() => void)[] = [];
  const endingOf = () => {
    const ending = new AbortController();
    if (options.signal !== undefined) unfollow.push(abortWith(options.signal, ending));
    return ending;
  };
  /** File `index` opened, its requests aborted by `ending`. */
  const opened = (index: number, ending: AbortController) =>
    open(sources[index]!, { ...options, signal: ending.signal });
  const firstEnding = endingOf();
  let first: TableFile;
  let schemaVersion: SchemaVersion<Row, never>;
  try {
    first = await opened(0, firstEnding);
  } catch (error) {
    for (const stop of unfollow) stop();
    throw error;
  }
  /** A file's error, in the words of a read of these files as one table. */
  const asOneTable = (error: unknown): unknown =>
    options.schemaVersion === undefined
      ? asOneTableMismatch(error, first.path)
      : sources.length > 1
        ? asOneTableMismatch(error, undefined)
        : error;
  try {
    schemaVersion = resolveSchemaVersion(first.schema, options.schemaVersion, first.path).schemaVersion;
  } catch (error) {
    for (const stop of unfollow) stop();
    await first.close();
    throw asOneTable(error);
  }
  const each = { ...options, schemaVersion };
  const batchesOf = async function* (index: number, ending: AbortController) {
    const file = index === 0 ? first : await opened(index, ending);
    try {
      // The reading code sees any row type; the options' schema version is the rows' own.
      yield* readCheckedBatches(file, each as Checked<ReadTableBatchesOptions<object, string>>) as AsyncGenerator<
        TableBatch<Row, Column>
      >;
    } catch (error) {
      throw asOneTable(error);
    }
  };
  const started: { batches: StartedEarly<TableBatch<Row, Column>>; ending: AbortController }[] = [];
  let next = 0;
  try {
    for (let index = 0; index < sources.length; index++) {
      while (next < sources.length && next < index + inFlight) {
        const ending = next === 0 ? firstEnding : endingOf();
        started.push({ batches: new StartedEarly(batchesOf(next++, ending)), ending });
      }
      const { batches } = started[0]!;
      for (let result = await batches.next(); !result.done; result = await batches.next()) yield result.value;
      started.shift();
    }
  } finally {
    // Left early or failed: the files in flight are closed (each reader's `finally`), once their
    // requests are aborted, which a closing reader would wait for.
    for (const { ending } of started) ending.abort();
    await Promise.all(started.map(({ batches }) => batches.close()));
    for (const stop of unfollow) stop();
  }
}

/** The error of a source whose bytes could not be had. */
import { LegolasError } from "../../errors.js";

/**
 * A source whose bytes could not be had: an HTTP error, a failed fetch, an unreadable `Blob`, bytes
 * whose buffer was transferred away, a `Response` or `Request` whose body was read already.
 */
export class SourceReadError extends LegolasError {
  override readonly name = "SourceReadError";
  readonly code = "source_unreadable";
  /**
   * The HTTP status of the answer that failed the read (404 for a file not there yet, 403 for an
   * expired presigned URL, 503 once retries ran out), so that a program can tell them apart
   * without reading the message; `undefined` when no answer failed it (a network failure, an
   * abort, a `Blob`).
   */
  readonly status: number | undefined;
  constructor(
    readonly source: string,
    readonly reason: string,
    options?: { cause?: unknown; status?: number | undefined },
  ) {
    super(`${source}: ${reason}`, options);
    this.status = options?.status;
  }
}

/**
 * A list of sources to read as one table (`readTableBatches([...])`) that is none: empty, which
 * would read as a table of no rows, as if the files held none (a filter that kept no file), or
 * naming one file twice (`a.arrow` and `./a.arrow`, a link and its target, or a path and a pattern that matches it),
 * whose rows would be read twice. Refused before any file is opened.
 */
export class SourceListError extends LegolasError {
  override readonly name = "SourceListError";
  readonly code = "source_list_invalid";
  /** The file named twice, as the list first names it; `undefined` for an empty list. */
  readonly file: string | undefined;
  /** The indexes in the list of the two sources that name the file; none for an empty list. */
  readonly positions: readonly number[];
  constructor(repeated?: {
    readonly file: string;
    readonly positions: readonly [number, number];
    /** The sources at `positions`, as the list gives them: a spelling of the file, or a pattern and its match. */
    readonly listed: readonly [string, string];
  }) {
    super(
      repeated === undefined
        ? "the list of sources to read is empty, so there is no table to read (a list a filter emptied would read as one of no rows): pass one file or more, as paths, URLs, glob patterns (in Node), Blobs or bytes"
        : `${repeated.file} is named twice in the list, by sources[${repeated.positions[0]}] (${repeated.listed[0]}) and sources[${repeated.positions[1]}] (${repeated.listed[1]}): its rows would be read twice; list each file once`,
    );
    this.file = repeated?.file;
    this.positions = repeated?.positions ?? [];
  }
}

/**
 * The error of a read that its `signal` stopped, whatever the source (a file, a `Blob`, bytes, a
 * URL): a `SourceReadError` naming the source, whose `cause` is the signal's reason, as a URL's
 * request aborted by it fails (http-fetch.ts), so that a read of many sources of several kinds
 * fails one way whichever was being read.
 */
export function abortedReadError(source: string, signal: AbortSignal): SourceReadError {
  return new SourceReadError(source, `its read was aborted: ${messageOf(signal.reason)}`, { cause: signal.reason });
}

/** Throws {@link abortedReadError} when `signal` has aborted: a property read, no listener. */
export function throwIfReadAborted(source: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw abortedReadError(source, signal);
}

/** The error for bytes whose buffer was transferred (to a worker, or by `structuredClone`) before they were read. */
export function detachedBytesError(source: string): SourceReadError {
  return new SourceReadError(
    source,
    "their buffer is detached (it was transferred, e.g. by postMessage or structuredClone with transfer), so they hold nothing to read; read them before transferring them, or transfer a copy (bytes.slice())",
  );
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A URL as a {@link RandomAccessSource}: HTTP range requests through `fetch` only, so a table in
 * object storage (a presigned S3 or GCS URL, any HTTP server) is read in Node, browsers and
 * workers without an SDK, a few ranges at a time.
 *
 * Opening asks for the file's last `tailBytes` (`Range: bytes=-65536`): the answer gives the
 * file's length (`Content-Range`), its version (`ETag`, `Last-Modified`), and the footer of most
 * tables, so a reader knows the table after one request. Later reads ask for their ranges,
 * merged where close (coalesce.ts), a few requests in flight. A server that ignores `Range`
 * answers with the whole file: it is taken, up to `maxWholeBytes`, and read from memory. A later
 * range answered with the whole file (a CDN on a cache miss) is cut from it, within the same bound.
 *
 * A URL that redirects is followed once, at opening: later requests ask the URL it led to
 * (redirectedTarget), so one redirecting to replicas of other ETags is read from one of them.
 *
 * Every answer is compared with the first: another length, ETag or Last-Modified means the file
 * was replaced between two requests, a `FileChangedError` (as for a local file), never bytes of
 * two versions in one table.
 *
 * A request the server answers with 429, 503 and the like, or whose connection is reset before an
 * answer, is made again after a wait (http-retry.ts); its answer is compared as any other.
 *
 * In a browser, a cross-origin server must allow the `Range` request header and expose the
 * `Content-Range` and `ETag` response headers (CORS); docs/scale.md shows an S3 configuration.
 */
import { abortWith } from "../../any-signal.js";
import { FileChangedError } from "../../errors.js";
import { type ByteRange, joinedBytes, type RandomAccessSource } from "./byte-source.js";
import { readMerged } from "./coalesce.js";
import {
  abortSignalOf,
  type FetchTarget,
  contentRange,
  declaredLength,
  readBody,
  redirectedTarget,
  statusError,
  urlOf,
} from "./http-fetch.js";
import { SourceReadError, throwIfReadAborted } from "./errors.js";
import { fetchRetried, RETRY_DEFAULTS } from "./http-retry.js";

/**
 * How a source is read over HTTP: the options of `openTableFile`, `readTableBatches`, the readers
 * of a source (`readTableFrom`, `readModelRowFrom`, `readSourceBytes`) and the loads of a model
 * row from one (`loadModelRowFrom`, `legolasModelRowFrom`). Only URLs and `Request`s use them, but
 * `signal` (every source); a read of the whole file (no `columns`) uses `retries`, `maxRetryDelay`
 * and `signal` only.
 */
export interface SourceOptions {
  /** Bytes of the file's end the first request asks for, where the footer is (default 64 KiB). */
  readonly tailBytes?: number | undefined;
  /**
   * A server that ignores `Range` sends the whole file: accepted up to this many bytes (default
   * 256 MiB), at opening or for a later range.
   */
  readonly maxWholeBytes?: number | undefined;
  /** Ranges at most this far apart are fetched in one request (default 256 KiB). */
  readonly maxGap?: number | undefined;
  /** Requests in flight at once for one read (default 4). */
  readonly concurrency?: number | undefined;
  /**
   * How many times a request is made again when the server answers 408, 429, 500, 502, 503 or
   * 504 (S3's `503 SlowDown`, a proxy's `502`), or the connection is reset before an answer came
   * (default 3; 0 turns retries off). The wait before each is the server's `Retry-After`, else a
   * random one up to 1 s, 2 s, 4 s ... Each answer is checked against the file opened as the first
   * was. Out of retries, a `SourceReadError` says the status and the requests made.
   */
  readonly retries?: number | undefined;
  /**
   * The longest one wait before a retry, in milliseconds (default 20,000). A `Retry-After` longer
   * than this ends the read at once with a `SourceReadError` that says so.
   */
  readonly maxRetryDelay?: number | undefined;
  /**
   * Aborts the read, whatever its sources (paths, URLs, `Blob`s, bytes): it fails with a
   * `SourceReadError` naming the source being read, whose `cause` is the signal's reason, and
   * gives no batch after the abort. A URL's requests in flight and every later one are aborted,
   * also the read of a `Response`'s body (one the caller fetched); a local file or a `Blob` is read
   * no more (a read in flight of a file ends first); of many files, no later one is opened.
   * Aborted before the call, nothing is opened. `AbortSignal.timeout(ms)` bounds a read that a
   * silent server would otherwise hold.
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The options with a default (all but the signal, which here aborts on the caller's signal, a
 * `Request`'s own, and `closing`).
 */
type Settings = Required<Omit<SourceOptions, "signal">> &
  Pick<SourceOptions, "signal"> & {
    /**
     * Aborted when the source is closed, so that a read it overtook does not wait on its server,
     * and when the caller's signal aborts, with its reason.
     */
    readonly closing: AbortController;
    /** Stops `closing` following the caller's signal: once the source is closed. */
    readonly unfollow: () => void;
    /** The caller's signal, which {@link HttpSource.assertNotAborted} checks. */
    readonly given: AbortSignal | undefined;
  };

const DEFAULTS = {
  tailBytes: 64 * 1024,
  maxWholeBytes: 256 * 2 ** 20,
  maxGap: 256 * 1024,
  concurrency: 4,
  ...RETRY_DEFAULTS,
} as const satisfies Omit<Settings, "closing" | "unfollow" | "given">;

/** What identifies one version of the file on the server. */
interface FileVersion {
  readonly size: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

class HttpSource implements RandomAccessSource {
  bytesRead = 0;
  /**
   * A private field, which `console.log` of a `TableFile` does not print: the URL's query (a
   * presigned URL's signature, the one a redirect led to) and a `Request`'s Authorization header.
   */
  readonly #target: FetchTarget;

  constructor(
    readonly name: string,
    target: FetchTarget,
    private readonly version: FileVersion,
    /** The bytes fetched when opening (the tail, or the whole file), from `cachedAt` on. */
    private readonly cached: Uint8Array,
    private readonly cachedAt: number,
    private readonly options: Settings,
  ) {
    this.#target = target;
    this.bytesRead = cached.length;
  }

  get size(): number {
    return this.version.size;
  }

  async read(ranges: readonly ByteRange[]): Promise<Uint8Array[]> {
    const out = new Array<Uint8Array>(ranges.length);
    const missing: number[] = [];
    const fetching: ByteRange[] = [];
    const cachedEnd = this.cachedAt + this.cached.length;
    ranges.forEach(({ at, length }, index) => {
      const end = at + length;
      if (at >= this.cachedAt && end <= cachedEnd) {
        out[index] = this.cached.subarray(at - this.cachedAt, end - this.cachedAt);
        return;
      }
      missing.push(index);
      // A range that ends among the cached bytes (a run of batches up to the tail): the rest is fetched.
      fetching.push(end > this.cachedAt && end <= cachedEnd ? { at, length: this.cachedAt - at } : { at, length });
    });
    if (missing.length > 0) {
      const { maxGap, concurrency } = this.options;
      const fetched = await readMerged(fetching, maxGap, (range) => this.fetchRange(range), concurrency);
      missing.forEach((index, k) => (out[index] = this.endedFromCache(fetched[k]!, ranges[index]!.length)));
    }
    return out;
  }

  /** The `length` bytes of a range: `fetched`, its start, followed by the cached bytes. */
  private endedFromCache(fetched: Uint8Array, length: number): Uint8Array {
    if (fetched.length === length) return fetched;
    const bytes = new Uint8Array(length);
    bytes.set(fetched);
    bytes.set(this.cached.subarray(0, length - fetched.length), fetched.length);
    return bytes;
  }

  /**
   * One range request, with a signal of its own that follows the source's (the caller's, a
   * `Request`'s, the closing) through one listener shared by every request (any-signal.ts), until
   * its body is read: fetch leaves its listener on the signal it is given until the request is
   * garbage-collected, so a file of many batches, all of whose requests were given the source's
   * signal, held a listener per request on it (Node warned of a leak past 1,500 of them).
   */
  private async fetchRange(range: ByteRange): Promise<Uint8Array> {
    const request = new AbortController();
    const { signal } = this.options;
    const unfollow = signal === undefined ? () => {} : abortWith(signal, request);
    try {
      return await this.fetchRangeWith(range, request.signal);
    } finally {
      unfollow();
    }
  }

  /**
   * Bytes `at` to `at + length - 1`. A server may send less of a range than asked, from its start
   * (a CDN that caps the bytes of one answer): the rest is asked for next, until all has come.
   */
  private async fetchRangeWith({ at, length }: ByteRange, signal: AbortSignal): Promise<Uint8Array> {
    const last = at + length - 1;
    const parts: Uint8Array[] = [];
    for (let from = at; from <= last; ) {
      const part = await this.fetchPart(from, last, signal);
      parts.push(part);
      from += part.length;
    }
    return parts.length === 1 ? parts[0]! : joinedBytes(parts, length);
  }

  /** Bytes `from` to `last`, or the first of them the server sends (at least one). */
  private async fetchPart(from: number, last: number, signal: AbortSignal): Promise<Uint8Array> {
    const response = await fetchRetried(this.#target, `bytes=${from}-${last}`, signal, this.name, this.options);
    return dropBodyOnFailure(response, async () => {
      if (response.status === 200) return this.rangeOfWhole(response, { at: from, length: last - from + 1 }, signal);
      if (response.status !== 206) {
        // A range past the end of a file that got shorter: the answer says its length ("bytes */100").
        if (response.status === 416 && response.headers.has("content-range"))
          this.assertSameVersion(versionOf(response, contentRange(response, this.name).total));
        // Neither the range nor the whole file (a 204, say): its Content-Length says nothing of the file.
        throw statusError(response, this.name);
      }
      const range = contentRange(response, this.name);
      this.assertSameVersion(versionOf(response, range.total));
      if (range.start !== from || range.end > last) {
        throw new SourceReadError(
          this.name,
          `asked for bytes ${from}-${last}, the server sent ${range.start}-${range.end}`,
        );
      }
      const bytes = await rangeBody(response, this.name, range.end - from + 1, signal);
      this.bytesRead += bytes.length;
      return bytes;
    });
  }

  /**
   * A range from an answer of 200 and the whole file, as some CDNs give on a cache miss: used
   * when it is the file opened (its length, ETag and Last-Modified), and copied out, so that the
   * whole body is dropped with this read. A file larger than `maxWholeBytes` is not read whole.
   */
  private async rangeOfWhole(response: Response, { at, length }: ByteRange, signal: AbortSignal): Promise<Uint8Array> {
    const { size } = this.version;
    const { maxWholeBytes } = this.options;
    if (size > maxWholeBytes) {
      throw new SourceReadError(
        this.name,
        `the server answered a range request with the whole file, ${size} bytes, more than maxWholeBytes (${maxWholeBytes}); serve it with Range support or raise maxWholeBytes`,
      );
    }
    this.assertSameVersion(versionOf(response, declaredLength(response) ?? size));
    const whole = await readBody(response, this.name, {
      limit: size,
      tooLarge: (bytes) =>
        `the server answered a range request with the whole file, more than the ${size} bytes it had when opened (${bytes} so far), so it may have been replaced`,
      signal,
    });
    this.bytesRead += whole.length;
    this.assertSameVersion(versionOf(response, whole.length));
    return whole.slice(at, at + length);
  }

  private assertSameVersion(now: FileVersion): void {
    const before = this.version;
    if (now.size !== before.size)
      throw new FileChangedError(this.name, `its length went from ${before.size} to ${now.size} bytes`);
    this.assertSameHeader("ETag", before.etag, now.etag);
    this.assertSameHeader("Last-Modified", before.lastModified, now.lastModified);
  }

  /**
   * A header that names the file's version, as first sent and as sent now. One that is no longer
   * sent cannot show the file unchanged: a changed file it is, as one with another value.
   */
  private assertSameHeader(header: string, before: string | null, now: string | null): void {
    if (before === null || now === before) return;
    throw new FileChangedError(
      this.name,
      now === null
        ? `the server stopped sending its ${header}, ${before} when the file was opened, so it may have been replaced`
        : `its ${header} went from ${before} to ${now}`,
    );
  }

  /** Every answer is compared with the first as it arrives: nothing to ask here. */
  async assertUnchanged(): Promise<void> {}

  assertNotAborted(): void {
    throwIfReadAborted(this.name, this.options.given);
  }

  /** Aborts the requests in flight: what they would fetch is read by nobody. */
  async close(): Promise<void> {
    this.options.closing.abort(new Error("the file was closed"));
    this.options.unfollow();
  }
}

/**
 * Opens `target` for range reads: one request for its tail (see the module comment). Throws
 * `SourceReadError` for a failed fetch, an HTTP error, a server that ignores `Range` for a file
 * larger than `maxWholeBytes`, or an answer without its length.
 */
export async function openHttpSource(target: FetchTarget, options: SourceOptions = {}): Promise<RandomAccessSource> {
  const closing = new AbortController();
  // The caller's signal aborts `closing` through one listener it shares with every other read
  // (any-signal.ts): a signal made of it with AbortSignal.any would stay as long as it lives.
  const unfollow = options.signal === undefined ? () => {} : abortWith(options.signal, closing);
  // An option given as undefined takes its default too (a spread would keep the undefined).
  const settings: Settings = {
    tailBytes: options.tailBytes ?? DEFAULTS.tailBytes,
    maxWholeBytes: options.maxWholeBytes ?? DEFAULTS.maxWholeBytes,
    maxGap: options.maxGap ?? DEFAULTS.maxGap,
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    retries: options.retries ?? DEFAULTS.retries,
    maxRetryDelay: options.maxRetryDelay ?? DEFAULTS.maxRetryDelay,
    signal: abortSignalOf(target, closing.signal),
    closing,
    unfollow,
    given: options.signal,
  };
  const name = urlOf(target);
  try {
    const response = await fetchRetried(target, `bytes=-${settings.tailBytes}`, settings.signal, name, settings);
    return await dropBodyOnFailure(response, () => openedSource(response, name, target, settings));
  } catch (error) {
    unfollow();
    throw error;
  }
}

/** The source opened by `response`, the answer to the request for the file's tail. */
async function openedSource(
  response: Response,
  name: string,
  target: FetchTarget,
  settings: Settings,
): Promise<RandomAccessSource> {
  if (response.status === 200) {
    // The server ignores Range: the whole file, bounded.
    const bytes = await readBody(response, name, {
      limit: settings.maxWholeBytes,
      tooLarge: (size) =>
        `the server ignores Range requests and sends the whole file, ${size} bytes, more than maxWholeBytes (${settings.maxWholeBytes}); serve it with Range support or raise maxWholeBytes`,
      signal: settings.signal,
    });
    return new HttpSource(name, target, versionOf(response, bytes.length), bytes, 0, settings);
  }
  if (response.status === 416) {
    // No byte to send: the file is empty (its Content-Range gives a star for the range and 0 for the length).
    await response.body?.cancel().catch(() => undefined);
    const version = versionOf(response, contentRange(response, name).total);
    return new HttpSource(name, target, version, new Uint8Array(0), version.size, settings);
  }
  if (response.status !== 206) throw statusError(response, name);
  const range = contentRange(response, name);
  const bytes = await rangeBody(response, name, range.end - range.start + 1, settings.signal);
  const version = versionOf(response, range.total);
  return new HttpSource(name, redirectedTarget(target, response), version, bytes, range.start, settings);
}

/**
 * What `use` makes of `response`, whose body is cancelled when it fails: an answer refused before
 * its body was read (another ETag, no Content-Range, an HTTP error) would otherwise hold its
 * connection for as long as the process runs, as Node's fetch keeps a connection until its body
 * is read, also once the `Response` is collected.
 */
async function dropBodyOnFailure<Result>(response: Response, use: () => Promise<Result>): Promise<Result> {
  try {
    return await use();
  } catch (error) {
    await response.body?.cancel().catch(() => undefined);
    throw error;
  }
}

function versionOf(response: Response, size: number): FileVersion {
  return { size, etag: response.headers.get("etag"), lastModified: response.headers.get("last-modified") };
}

/** The body of a range answer: the `length` bytes its Content-Range announces, no more, no fewer. */
async function rangeBody(
  response: Response,
  name: string,
  length: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  const bytes = await readBody(response, name, { limit: length, signal });
  if (bytes.length === length) return bytes;
  const encoding = response.headers.get("content-encoding");
  throw new SourceReadError(
    name,
    `the server sent ${bytes.length} of the ${length} bytes of a range${encoding === null ? "" : ` (with Content-Encoding: ${encoding}, which a server must not apply to ranges)`}`,
  );
}

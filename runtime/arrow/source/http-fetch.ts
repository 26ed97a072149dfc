/**
 * One HTTP exchange as every reader of legolas-ts makes it: `fetch` only (browsers, workers and
 * Node alike), its failures as `SourceReadError`s that say what happened, and bodies read with a
 * bound, so that a server sending more than was asked for cannot fill memory.
 */
import { anySignal, whenAborted } from "../../any-signal.js";
import { holdsCredentials, isHttpUrl, parsedUrl, shownUrl } from "../../urls.js";
import { messageOf, SourceReadError } from "./errors.js";
import { joinedBytes } from "./byte-source.js";

/** What can be fetched: a URL, or a `Request` (its headers, credentials and signal kept). */
export type FetchTarget = string | URL | Request;

/** The URL of a target as messages and reports name it ({@link shownUrl}). */
export function urlOf(target: FetchTarget): string {
  return shownUrl(hrefOf(target));
}

/** Whether `source` is a {@link FetchTarget}: a string (a URL here), a `URL` or a `Request` where the platform has them. */
export function isFetchTarget(source: unknown): source is FetchTarget {
  return (
    typeof source === "string" || source instanceof URL || (typeof Request !== "undefined" && source instanceof Request)
  );
}

export function hrefOf(target: FetchTarget): string {
  return typeof target === "string" ? target : target instanceof URL ? target.href : target.url;
}

/**
 * What aborts the requests of `target`: `signal`, and a `Request`'s own. Made once per source, not
 * per request: Node keeps each signal made of a long-lived one while that one lives.
 */
export function abortSignalOf(target: FetchTarget, signal: AbortSignal | undefined): AbortSignal | undefined {
  return signal !== undefined && target instanceof Request ? anySignal([target.signal, signal]) : signal;
}

/** Headers that carry a credential for one origin, which fetch drops on a redirect to another. */
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

/**
 * What the later requests for `target` ask for, once `response` came for it: the URL a redirect
 * led to (an API answering with a presigned storage URL), so that each does not redirect again,
 * maybe to a replica of another ETag; else `target`. A `Request` keeps its headers, but not its
 * credentials when the redirect left its origin, as fetch did in following it.
 */
export function redirectedTarget(target: FetchTarget, response: Response): FetchTarget {
  if (!response.redirected || response.url === "") return target;
  if (!(target instanceof Request)) return response.url;
  const redirected = new Request(response.url, unspent(target));
  if (new URL(response.url).origin !== new URL(target.url).origin)
    for (const header of CREDENTIAL_HEADERS) redirected.headers.delete(header);
  return redirected;
}

/**
 * `target` as a request can be made of it without spending its body, which a `Request` gives
 * once: a copy of a `Request` that may have one (of a method other than GET or HEAD: Firefox has
 * no `Request.body` to look at), else `target`. Else a read by ranges of a POST could send its
 * first request only, and a caller's `Request` could not be read again.
 */
function unspent<Target extends FetchTarget>(target: Target): Target {
  const bodiless = !(target instanceof Request) || target.method === "GET" || target.method === "HEAD";
  return bodiless ? target : (target.clone() as Target);
}

/**
 * `fetch(target)` with `range` set when given, aborted by `signal` (from {@link abortSignalOf},
 * which it takes in place of a `Request`'s own); a `SourceReadError` when no response comes,
 * naming the source `name` (the URL given, where `target` is the one it redirected to).
 */
export async function fetchResponse(
  target: FetchTarget,
  range?: string,
  signal?: AbortSignal,
  name: string = urlOf(target),
): Promise<Response> {
  const href = hrefOf(target);
  const url = parsedUrl(href);
  // fetch would refuse either with a TypeError that quotes the URL whole, its password and query too.
  if (url === null && isHttpUrl(href))
    throw new SourceReadError(name, "it is not a URL that parses; check its host and port");
  // A relative URL, where no page's address resolves it (Node): fetch quotes it whole too.
  if (url === null && typeof (globalThis as { location?: { href?: unknown } }).location?.href !== "string") {
    throw new SourceReadError(
      name,
      "it is not an absolute URL, and there is no page here to resolve it against; pass an http(s) URL, or read a local file by its path (readTable, openTableFile, readTableBatches)",
    );
  }
  // Node's fetch fails on one with "fetch failed (not implemented... yet...)", a browser's with "Failed to fetch".
  if (url?.protocol === "file:") {
    throw new SourceReadError(
      name,
      "fetch reads no file: URL; in Node, pass it as a URL object (new URL(text)) to openTableFile or readTableBatches, or its path (fileURLToPath(url), node:url) to readTable or readModelRow",
    );
  }
  const unreadable = target instanceof Request ? unreadableBodyError(target, name) : null;
  if (unreadable !== null) throw unreadable;
  if (url !== null && holdsCredentials(url)) {
    throw new SourceReadError(
      name,
      "its URL holds a user name or password, which fetch refuses to send; pass a Request with an Authorization header instead",
    );
  }
  try {
    const init: RequestInit = {};
    if (range !== undefined) {
      init.headers = new Headers(target instanceof Request ? target.headers : undefined);
      init.headers.set("range", range);
      // A browser's HTTP cache, holding an earlier range of the file, asks for the next one with
      // If-Range and shows the cached ETag on the answer: a server that ignores If-Range would have
      // the bytes of a replaced file pass as the file opened.
      init.cache = "no-store";
    }
    if (signal !== undefined) init.signal = signal;
    const request = unspent(target);
    return await fetch(range === undefined && signal === undefined ? request : new Request(request, init));
  } catch (error) {
    const hint = signal?.aborted === true ? "" : crossOriginHint(url, range, error);
    throw new SourceReadError(name, `could not fetch it: ${fetchFailure(error)}${hint}`, { cause: error });
  }
}

/**
 * Why a fetch failed: Node's rejects with a bare "fetch failed" whatever the failure and gives the
 * reason as its `cause` (`connect ECONNREFUSED 127.0.0.1:8080`, `getaddrinfo ENOTFOUND host`, a
 * certificate refused, `redirect count exceeded`), which a message must say to be acted on.
 */
function fetchFailure(error: unknown): string {
  const message = messageOf(error);
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause === undefined || cause === null) return message;
  const reason = messageOf(cause);
  return reason === "" || reason === message ? message : `${message} (${reason})`;
}

/**
 * What a page (or a worker) should check when its fetch of another origin fails: a browser
 * gives a request that CORS refused the same bare TypeError as a network failure ("Failed to
 * fetch", "Load failed", "NetworkError when attempting to fetch resource."), and only its console
 * says which. A range request needs the server to allow the Range header too (a suffix range is
 * never CORS-safelisted), so a server that allows the origin alone serves a whole read and fails
 * a read of some columns. Nothing outside a page, where no origin applies.
 */
function crossOriginHint(url: URL | null, range: string | undefined, error: unknown): string {
  const page = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  if (!(error instanceof TypeError) || typeof page !== "string" || url === null || url.origin === page) return "";
  return (
    ". A browser says only this when the server cannot be reached or refuses this page's origin (CORS): " +
    "it must answer with Access-Control-Allow-Origin" +
    (range === undefined
      ? ""
      : ", and allow the Range header of the range requests a read by columns makes (Access-Control-Allow-Headers: Range)") +
    "; the browser's console says which"
  );
}

/**
 * The error for a response that is not a success. A browser answers a `Request` of mode
 * "no-cors" (tried against a server that does not allow the page's origin) with an opaque
 * response, of status 0 and no body it lets the page read: that is said, with the fix.
 */
export function statusError(response: Response, name: string): SourceReadError {
  if (response.type === "opaque") {
    return new SourceReadError(
      name,
      'the browser hides this answer from the page (an opaque response, to a request of mode "no-cors"); nothing was read. Fetch it in the default mode, "cors", from a server that allows this page\'s origin (Access-Control-Allow-Origin)',
    );
  }
  return new SourceReadError(
    name,
    `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}; nothing was read`,
    { status: response.status },
  );
}

/** How {@link readBody} reads a body. */
export interface BodyOptions {
  /** Refused (and the transfer cancelled) past this many bytes. */
  readonly limit?: number | undefined;
  /** Why, given the declared length when the server sent one, else what came so far. */
  readonly tooLarge?: ((bytes: number) => string) | undefined;
  /**
   * Aborts the read: the body is cancelled (also that of a `Response` the caller fetched without
   * it, whose body would otherwise be waited for however long its server stalls) and the read
   * fails with the signal's reason as the cause, as the request does (a browser rejects the read
   * with an AbortError of its own, "The user aborted a request.", in place of the reason).
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The length of the body as it is read, from the `Content-Length` header, or `null`. A body sent
 * with a `Content-Encoding` (gzip, which a CDN may apply to the whole file it sends for a range)
 * is decoded by fetch: its `Content-Length` counts the encoded bytes, not those read.
 */
export function declaredLength(response: Response): number | null {
  const encoding = response.headers.get("content-encoding");
  if (encoding !== null && encoding.trim().toLowerCase() !== "identity") return null;
  const length = response.headers.get("content-length");
  return length === null ? null : Number(length);
}

/** The whole body, refused past `options.limit` bytes (see {@link BodyOptions}). */
export async function readBody(response: Response, name: string, options: BodyOptions = {}): Promise<Uint8Array> {
  const { limit = Number.POSITIVE_INFINITY, signal } = options;
  const tooLarge = options.tooLarge ?? ((bytes) => `its body of ${bytes} bytes is longer than the ${limit} expected`);
  const failed = (error: unknown) => {
    const cause = signal?.aborted === true ? signal.reason : error;
    return new SourceReadError(name, `could not read the response body: ${messageOf(cause)}`, { cause });
  };
  const declared = declaredLength(response) ?? Number.NaN;
  if (declared > limit || signal?.aborted === true) {
    await response.body?.cancel().catch(() => undefined);
    throw signal?.aborted === true ? failed(signal.reason) : new SourceReadError(name, tooLarge(declared));
  }
  if ((limit === Number.POSITIVE_INFINITY && signal === undefined) || response.body === null) {
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw failed(error);
    }
  }
  const reader = response.body.getReader();
  // One listener on the signal for all the reads it stops (any-signal.ts).
  const stopWaiting =
    signal === undefined ? () => {} : whenAborted(signal, () => void reader.cancel(signal.reason).catch(() => {}));
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw new SourceReadError(name, tooLarge(total));
      }
      chunks.push(value);
    }
    // A body cancelled by the signal ends as if it were whole.
    signal?.throwIfAborted();
  } catch (error) {
    if (error instanceof SourceReadError) throw error;
    throw failed(error);
  } finally {
    stopWaiting();
  }
  // One buffer of its own (byteOffset 0: apache-arrow copies a body that is not 8-byte aligned).
  return joinedBytes(chunks, total);
}

/** `Content-Range: bytes 100-199/1000` (a 416 sends a star for the range): the range sent and the file's length. */
export function contentRange(response: Response, name: string): { start: number; end: number; total: number } {
  const header = response.headers.get("content-range");
  // The unit is case-insensitive (RFC 9110, 14.1): "Bytes 0-99/1000" is a range too.
  const match = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+)$/i.exec(header?.trim() ?? "");
  if (match === null) {
    throw new SourceReadError(
      name,
      header === null
        ? "the server's answer to a range request has no Content-Range header (a browser sees it only when the server exposes it: Access-Control-Expose-Headers: Content-Range, ETag)"
        : `the server's Content-Range ${JSON.stringify(header)} does not give the file's length`,
    );
  }
  const total = Number(match[3]);
  const range = { start: Number(match[1] ?? 0), end: Number(match[2] ?? total - 1), total };
  if (match[1] !== undefined && !(range.start <= range.end && range.end < total)) {
    throw new SourceReadError(name, `the server's Content-Range ${JSON.stringify(header)} is no range of the file`);
  }
  return range;
}

/**
 * Why the body of a `Response` handed over, or of a `Request` to send, cannot be had, or `null`
 * when it can: it was read already (`bodyUsed`: by an earlier read or fetch, or the caller's
 * `arrayBuffer()`, `json()` or a reader of it), or a reader holds it. The platform says neither
 * plainly: undici's "Body is unusable: Body has already been read" (for a body held and never
 * read too) or "Cannot construct a Request with a Request object that has already been used",
 * or, where a body is read by a reader (a read with a signal or a bound), a `TypeError`
 * "ReadableStream is locked".
 */
function unreadableBodyError(message: Request | Response, name: string): SourceReadError | null {
  const [kind, use, unread] =
    message instanceof Request ? ["Request", "fetch", "nothing was fetched"] : ["Response", "read", "nothing was read"];
  const variable = kind.toLowerCase();
  if (message.bodyUsed) {
    return new SourceReadError(
      name,
      `this ${kind}'s body was read already (bodyUsed: by an earlier ${use}, or its arrayBuffer(), json() or a reader of its body), and a ${kind} gives its body once; ${unread}. Pass a fresh ${kind} (${variable}.clone() before its first ${use} keeps one)` +
        (kind === "Response"
          ? ", or its bytes or Blob (await response.blob()), which can be read any number of times"
          : ""),
    );
  }
  // Firefox has no Request.body: a Request a reader holds is then left to fetch to refuse.
  if (message.body?.locked === true) {
    return new SourceReadError(
      name,
      `this ${kind}'s body is locked: a reader holds it (${variable}.body.getReader()), so nothing else can read it; ${unread}. Release the reader (reader.releaseLock()) before passing the ${kind}` +
        (kind === "Response" ? ", or pass the bytes it read" : ""),
    );
  }
  return null;
}

/**
 * The body of `response`, a whole file fetched or handed over: refused when the answer is no
 * success, when its body was read already or a reader holds it ({@link unreadableBodyError}), or
 * a `206 Partial Content` (the answer to a `Range` header) whose Content-Range says it holds
 * part of the file only, which would otherwise be read as a file cut short ("was its writer
 * interrupted?"). One holding the whole file (`Range: bytes=0-`) is read; so is one whose
 * Content-Range a browser hides (a server exposes it by `Access-Control-Expose-Headers`), and the
 * file's own checks judge it.
 */
export async function wholeFileBody(response: Response, name: string, options: BodyOptions = {}): Promise<Uint8Array> {
  if (!response.ok) throw statusError(response, name);
  const unreadable = unreadableBodyError(response, name);
  if (unreadable !== null) throw unreadable;
  if (response.status === 206 && response.headers.has("content-range")) {
    const { start, end, total } = contentRange(response, name);
    if (start !== 0 || end !== total - 1) {
      await response.body?.cancel().catch(() => undefined);
      throw new SourceReadError(
        name,
        `the Response holds bytes ${start}-${end} of the file's ${total} only (206 Partial Content, the answer to a Range request); pass the file's URL, from which the reader requests the ranges it needs, or the Response to a request without a Range header`,
      );
    }
  }
  return readBody(response, name, options);
}

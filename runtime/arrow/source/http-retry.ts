/**
 * Retries of the requests a read makes over HTTP: what a server says may be asked again (`503
 * SlowDown` and `429` from S3 or GCS now and then, a proxy's `502`/`504`), asked again after a
 * wait, so that one such answer does not fail a read of a large table at 90%.
 *
 * Only requests that change nothing on the server are retried (GET and HEAD, which every read
 * makes; a `Request` of another method is sent once). Retried: the statuses in
 * {@link RETRIED_STATUSES}, and a fetch that failed before any answer came, on a connection
 * reset or timed out (Node's `cause` codes in {@link TRANSIENT_FAILURES}); not a host or port
 * that refuses or does not resolve (a mistake a retry only delays), nor a browser's bare
 * "Failed to fetch", which a CORS refusal gives too. A body that fails once it has begun is not
 * retried. Each answer to a retry goes through the same checks as the first (its length, ETag
 * and Last-Modified against the file opened): a retry never mixes two versions of a file.
 *
 * The wait: the server's `Retry-After` (seconds or an HTTP date) when it sends one, else
 * exponential backoff with full jitter (a random wait up to 1 s, 2 s, 4 s ...), never more than
 * `maxRetryDelay`; a `Retry-After` longer than that ends the read at once, saying so (an outage
 * a few retries will not outlast). The read's signal ends a wait at once, its timer cleared.
 */
import { whenAborted } from "../../any-signal.js";
import { abortedReadError, SourceReadError } from "./errors.js";
import { type FetchTarget, fetchResponse } from "./http-fetch.js";

/** How the requests of a read are retried (`SourceOptions.retries`, `SourceOptions.maxRetryDelay`). */
export interface RetryPolicy {
  /** Requests made again after the first, at most; 0 turns retries off. */
  readonly retries: number;
  /** The longest one wait between two requests, in milliseconds. */
  readonly maxRetryDelay: number;
}

/**
 * Three retries, each wait at most 20 s: AWS's SDKs cap one wait at 20 s, and with full jitter
 * from 1 s three retries wait 3.5 s on average, 7 s at most, which outlasts the throttling of a
 * burst without holding a failed read for minutes.
 */
export const RETRY_DEFAULTS = { retries: 3, maxRetryDelay: 20_000 } as const satisfies RetryPolicy;

/** The first wait's bound, doubled for each retry after it. */
const FIRST_DELAY = 1_000;

/**
 * What a server answers when asking again later may succeed: Request Timeout, Too Many Requests,
 * Internal Server Error (S3 and GCS document it as one to retry), Bad Gateway, Service
 * Unavailable, Gateway Timeout. Safe to ask again: the requests are GETs, which change nothing.
 */
const RETRIED_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Why Node's fetch failed (`error.cause.code`) when the connection broke before an answer came:
 * reset or closed by the other side (a load balancer recycling its connections), timed out
 * connecting, a DNS lookup that failed for now.
 */
const TRANSIENT_FAILURES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The longest wait `setTimeout` keeps (a longer one fires at once). */
const LONGEST_TIMER = 2 ** 31 - 1;

/**
 * {@link fetchResponse}, made again on an answer or a failure {@link RETRIED_STATUSES} or
 * {@link TRANSIENT_FAILURES} name, up to `policy.retries` times: the first answer of another
 * status, which the caller checks as it checks any. Out of retries, a `SourceReadError` that says
 * the status, the requests made and what to do; `signal` aborts a wait at once (the read's abort
 * error, its `cause` the signal's reason).
 */
export async function fetchRetried(
  target: FetchTarget,
  range: string | undefined,
  signal: AbortSignal | undefined,
  name: string,
  policy: RetryPolicy,
): Promise<Response> {
  const method = target instanceof Request ? target.method.toUpperCase() : "GET";
  const idempotent = method === "GET" || method === "HEAD";
  const retries = idempotent ? policy.retries : 0;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetchResponse(target, range, signal, name);
    } catch (error) {
      if (signal?.aborted === true || !(error instanceof SourceReadError) || !isTransient(error)) throw error;
      if (attempt > retries)
        throw attempt === 1 ? error : outOfRetries(name, error.reason, undefined, attempt, started, retries, method);
      await waitBefore(backoff(attempt, policy.maxRetryDelay), signal, name);
      continue;
    }
    if (!RETRIED_STATUSES.has(response.status)) return response;
    await response.body?.cancel().catch(() => undefined);
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    if (attempt > retries) throw outOfRetries(name, status, response.status, attempt, started, retries, method);
    const asked = retryAfter(response.headers.get("retry-after"));
    if (asked !== null && asked > policy.maxRetryDelay) {
      throw new SourceReadError(
        name,
        `${status}, and the server asks to be asked again in ${seconds(asked)}, more than maxRetryDelay (${policy.maxRetryDelay} ms) allows; nothing was read. Read again later, or raise maxRetryDelay`,
        { status: response.status },
      );
    }
    await waitBefore(asked ?? backoff(attempt, policy.maxRetryDelay), signal, name);
  }
}

/** Whether a failed fetch broke on a connection that another may not break on. */
function isTransient(error: SourceReadError): boolean {
  const code = (error.cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === "string" && TRANSIENT_FAILURES.has(code);
}

/** The error once the last retry was answered as the first: what came (its HTTP `status`, none for a failed connection), how often, over how long, and what to do. */
function outOfRetries(
  name: string,
  what: string,
  status: number | undefined,
  attempts: number,
  started: number,
  retries: number,
  method: string,
): SourceReadError {
  if (method !== "GET" && method !== "HEAD") {
    return new SourceReadError(
      name,
      `${what}, 1 request (a ${method} request is never retried: it may change what the server holds); nothing was read. The server is busy, throttling or unreachable for now: read again later, or fetch the file by a GET`,
      { status },
    );
  }
  const tried =
    retries === 0
      ? "1 request, retries turned off (retries: 0)"
      : `${attempts} requests (${retries} ${retries === 1 ? "retry" : "retries"} over ${seconds(Date.now() - started)})`;
  return new SourceReadError(
    name,
    `${what}, ${tried}; nothing was read. The server is busy, throttling or unreachable for now: read again later, with fewer requests in flight (concurrency), or allow more retries (retries, maxRetryDelay)`,
    { status },
  );
}

/**
 * `Retry-After` in milliseconds from now: a number of seconds, or an HTTP date (0 once past);
 * `null` when absent or neither.
 */
export function retryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day or month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse reads "-5" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The wait before retry `attempt` (1 for the first): full jitter up to `FIRST_DELAY * 2^(attempt-1)`, at most `cap`. */
export function backoff(attempt: number, cap: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(cap, FIRST_DELAY * 2 ** (attempt - 1)));
}

/** Waits `ms`, or until `signal` aborts (then rejects with the read's abort error, the timer cleared). */
function waitBefore(ms: number, signal: AbortSignal | undefined, name: string): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(abortedReadError(name, signal));
  return new Promise((resolve, reject) => {
    let stop = () => {};
    const timer = setTimeout(
      () => {
        stop();
        resolve();
      },
      Math.min(ms, LONGEST_TIMER),
    );
    if (signal !== undefined) {
      stop = whenAborted(signal, () => {
        clearTimeout(timer);
        reject(abortedReadError(name, signal));
      });
    }
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

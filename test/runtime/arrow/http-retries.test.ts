/**
 * Retries of a read over HTTP (arrow/source/http-retry.ts): what a server says may be asked again
 * (503, 429, a reset connection) is, after a wait (tiny here: `Retry-After: 0` or a small
 * `maxRetryDelay`), and what it does not (404) is not. Counts come from the server's request log.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { openTableFile, readSourceBytes, readTableBytes, readTableFrom, writeTableBytes } from "legolas-ts";
import { backoff, retryAfter } from "../../../runtime/arrow/source/http-retry.js";
import { TrainingLogV1SchemaVersion } from "../../generated/index.js";
import { trainingLogRow } from "../../scale/helpers/training-log.js";

const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

describe("retryAfter and backoff", () => {
  test("Retry-After in seconds or as an HTTP date, in milliseconds from now; anything else is none", () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(retryAfter("0", now)).toBe(0);
    expect(retryAfter(" 120 ", now)).toBe(120_000);
    expect(retryAfter("Thu, 01 Jan 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfter("Thu, 01 Jan 2026 11:59:00 GMT", now)).toBe(0);
    expect(retryAfter("soon", now)).toBeNull();
    expect(retryAfter("-5", now)).toBeNull();
    expect(retryAfter(null, now)).toBeNull();
  });

  test("full jitter: a random wait up to 1 s, 2 s, 4 s ..., never more than the cap", () => {
    expect([1, 2, 3, 4].map((attempt) => backoff(attempt, 20_000, () => 0.999_999))).toEqual([999, 1999, 3999, 7999]);
    expect(backoff(10, 20_000, () => 0.999_999)).toBe(19_999);
    expect(backoff(3, 20_000, () => 0)).toBe(0);
    expect(backoff(2, 5, () => 0.5)).toBe(2);
  });
});

describe("a read over HTTP retries what the server says may be retried", () => {
  const table = writeTableBytes([trainingLogRow(0, 50_000), trainingLogRow(1, 50_000)], TrainingLogV1SchemaVersion, {
    batchSize: 1,
  });
  const expected = readTableBytes(table, { schemaVersion: TrainingLogV1SchemaVersion }).rows.map((row) => ({
    ...row,
  }));
  type Handler = (request: IncomingMessage, response: ServerResponse) => void;
  let handler: Handler = () => undefined;
  /** Every request the server got: its range, or "whole". */
  const log: string[] = [];
  let base = "";
  const server = createServer((request, response) => {
    log.push(request.headers.range ?? "whole");
    // A connection per request: a kept-alive one the server closes as the client reuses it is
    // reset, which a read with retries: 0 reports as no 503 (seen under heavy load).
    response.shouldKeepAlive = false;
    handler(request, response);
  });
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  /** A server honouring Range (and answering a request without one with the whole file), with an ETag. */
  const serve: Handler = (request, response) => {
    const range = request.headers.range;
    if (range === undefined) return void response.writeHead(200, { etag: '"v1"' }).end(table);
    const [, from, to] = /^bytes=(\d*)-(\d*)$/.exec(range)!;
    const size = table.length;
    const [start, end] = from === "" ? [size - Number(to), size - 1] : [Number(from), Math.min(Number(to), size - 1)];
    response.writeHead(206, { etag: '"v1"', "content-range": `bytes ${start}-${end}/${size}` });
    response.end(table.subarray(start, end + 1));
  };

  /** Answers each request (a URL's range) first with `refusal`, then, asked the same again, as `serve` does. */
  function refusingEachOnce(refusal: Handler): Handler {
    const refused = new Set<string>();
    return (request, response) => {
      const key = `${request.url} ${request.headers.range ?? "whole"}`;
      if (refused.has(key)) return serve(request, response);
      refused.add(key);
      refusal(request, response);
    };
  }

  const slowDown: Handler = (_request, response) =>
    void response.writeHead(503, "Slow Down").end("<Error><Code>SlowDown</Code></Error>");

  function rowsOf(rows: readonly object[]): object[] {
    return rows.map((row) => ({ ...row }));
  }

  test("503 then 206 for every request: a read by columns and a whole read give every row, each request made twice", async () => {
    handler = refusingEachOnce(slowDown);
    log.length = 0;
    const byColumns = await readTableFrom(`${base}/slow.arrow`, {
      schemaVersion: TrainingLogV1SchemaVersion,
      columns: ["epoch", "accuracy"],
      maxRetryDelay: 5,
    });
    expect(byColumns.rows.map((row) => [row.epoch, row.accuracy])).toEqual(
      expected.map((row) => [row.epoch, row.accuracy]),
    );
    // Each range asked for twice: the 503, then its retry.
    expect(log.length).toBeGreaterThanOrEqual(4);
    for (const range of log) expect(log.filter((asked) => asked === range)).toHaveLength(2);
    log.length = 0;
    const whole = await readTableFrom(`${base}/slow-whole.arrow`, {
      schemaVersion: TrainingLogV1SchemaVersion,
      maxRetryDelay: 5,
    });
    expect(rowsOf(whole.rows)).toEqual(expected);
    expect(log).toEqual(["whole", "whole"]);
  });

  test("readSourceBytes takes the options too: retries: 0 fails on the 503, retries: 1 gives the bytes; a signal alone still works", async () => {
    // Counted by the error's message, not the log, which a request of an earlier test still in flight may join.
    handler = refusingEachOnce(slowDown);
    // Status and message compared together, so that a failure shows the message that came.
    const refused = await readSourceBytes(`${base}/bytes-once.arrow`, { retries: 0 }).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    expect({ ...(refused as object), message: (refused as Error).message }).toMatchObject({
      name: "SourceReadError",
      status: 503,
      message: expect.stringContaining("1 request, retries turned off (retries: 0)"),
    });
    // Its first request answered 503: the bytes come from the retry.
    const { bytes } = await readSourceBytes(`${base}/bytes-twice.arrow`, { retries: 1, maxRetryDelay: 5 });
    expect(bytes).toEqual(table);
    const stop = new AbortController();
    stop.abort(new Error("gone"));
    await expect(readSourceBytes(`${base}/bytes-aborted.arrow`, stop.signal)).rejects.toMatchObject({
      name: "SourceReadError",
      cause: stop.signal.reason,
    });
  });

  test("429 with Retry-After: 0 is asked again at once, and the read goes on", async () => {
    handler = refusingEachOnce(
      (_request, response) => void response.writeHead(429, { "retry-after": "0" }).end("too many"),
    );
    log.length = 0;
    const file = await openTableFile(`${base}/busy.arrow`);
    const { rows } = await file.readTable({ schemaVersion: TrainingLogV1SchemaVersion });
    await file.close();
    expect(rowsOf(rows)).toEqual(expected);
    expect(log[0]).toBe("bytes=-65536");
    expect(log[1]).toBe("bytes=-65536");
  });

  test("a connection reset before any answer is retried", async () => {
    handler = refusingEachOnce((request) => request.socket.destroy());
    log.length = 0;
    const { rows } = await readTableFrom(`${base}/reset.arrow`, {
      schemaVersion: TrainingLogV1SchemaVersion,
      columns: ["epoch"],
      maxRetryDelay: 5,
    });
    expect(rows.map((row) => row.epoch)).toEqual(expected.map((row) => row.epoch));
    expect(log[0]).toBe(log[1]);
  });

  test("always 503: a SourceReadError after 1 + retries requests, with the status and the count, the URL's query unshown", async () => {
    handler = slowDown;
    const url = `${base}/down.arrow?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=0123secret`;
    for (const [retries, requests] of [
      [undefined, 4],
      [1, 2],
      [0, 1],
    ] as const) {
      log.length = 0;
      const error: unknown = await openTableFile(url, { retries, maxRetryDelay: 2 }).catch((thrown) => thrown);
      // The status as a field too, so that a program tells a busy server from a missing file.
      expect(error).toMatchObject({ name: "SourceReadError", code: "source_unreadable", status: 503 });
      const { message } = error as Error;
      expect(message).toMatch(new RegExp(`^${base}/down\\.arrow\\?…: HTTP 503 Slow Down, `));
      expect(message).toContain(
        retries === 0 ? "1 request, retries turned off (retries: 0)" : `${requests} requests (${retries ?? 3} retr`,
      );
      expect(message).toContain("allow more retries (retries, maxRetryDelay)");
      expect(message).not.toMatch(/secret|AKIA/);
      expect(log).toEqual(Array(requests).fill("bytes=-65536"));
    }
  });

  test("a Request of another method than GET (a POST) is sent once: it may change what the server holds", async () => {
    handler = slowDown;
    log.length = 0;
    await expect(readTableFrom(new Request(`${base}/export.arrow`, { method: "POST" }))).rejects.toMatchObject({
      name: "SourceReadError",
      status: 503,
      message: expect.stringContaining("HTTP 503 Slow Down, 1 request (a POST request is never retried"),
    });
    expect(log).toEqual(["whole"]);
  });

  test("a Retry-After longer than maxRetryDelay ends the read at once, saying so", async () => {
    handler = (_request, response) => void response.writeHead(503, { "retry-after": "3600" }).end();
    log.length = 0;
    await expect(openTableFile(`${base}/maintenance.arrow`)).rejects.toMatchObject({
      name: "SourceReadError",
      status: 503,
      message: expect.stringContaining(
        "HTTP 503 Service Unavailable, and the server asks to be asked again in 3600 s, more than maxRetryDelay (20000 ms) allows",
      ),
    });
    expect(log).toHaveLength(1);
  });

  test("an abort during a wait ends it at once: the read's abort error, no second request, no timer left", async () => {
    const controller = new AbortController();
    const reason = new Error("the user left");
    handler = (_request, response) => {
      // Ten seconds' wait asked: the abort comes once the client has the answer.
      response.writeHead(503, { "retry-after": "10" }).end();
      response.on("finish", () => setTimeout(() => controller.abort(reason), 20));
    };
    log.length = 0;
    // The wait's timer, told from others by its delay: the ten seconds asked for.
    const waits: unknown[] = [];
    const cleared: unknown[] = [];
    const setTimer = vi.spyOn(globalThis, "setTimeout").mockImplementation(((
      ...args: Parameters<typeof setTimeout>
    ) => {
      const timer = realSetTimeout(...args);
      if (args[1] === 10_000) waits.push(timer);
      return timer;
    }) as typeof setTimeout);
    const clearTimer = vi.spyOn(globalThis, "clearTimeout").mockImplementation((timer) => {
      cleared.push(timer);
      realClearTimeout(timer);
    });
    let error: unknown;
    try {
      error = await openTableFile(`${base}/waiting.arrow`, { signal: controller.signal }).catch((thrown) => thrown);
    } finally {
      setTimer.mockRestore();
      clearTimer.mockRestore();
    }
    expect(error).toMatchObject({
      name: "SourceReadError",
      message: `${base}/waiting.arrow: its read was aborted: the user left`,
    });
    expect((error as Error).cause).toBe(reason);
    // Not the 503 that began the wait: the read failed by its abort.
    expect((error as { status?: unknown }).status).toBeUndefined();
    expect(log).toHaveLength(1);
    // The ten-second timer of the wait is cleared, so that a process that aborted can exit.
    expect(waits).toHaveLength(1);
    expect(cleared).toContain(waits[0]);
  });

  test("404 is never retried", async () => {
    handler = (_request, response) => void response.writeHead(404, "Not Found").end("no");
    log.length = 0;
    await expect(openTableFile(`${base}/missing.arrow`)).rejects.toMatchObject({
      name: "SourceReadError",
      message: `${base}/missing.arrow: HTTP 404 Not Found; nothing was read`,
      status: 404,
    });
    await expect(readTableFrom(`${base}/missing.arrow`)).rejects.toMatchObject({
      name: "SourceReadError",
      status: 404,
    });
    expect(log).toEqual(["bytes=-65536", "whole"]);
  });

  test("a retry answered by another version of the file is a FileChangedError, never bytes of two versions", async () => {
    let version = '"v1"';
    let ranges = 0;
    handler = (request, response) => {
      if (request.headers.range !== "bytes=-65536" && ranges++ === 0) {
        // The file is replaced while the server is busy.
        version = '"v2"';
        return slowDown(request, response);
      }
      const etag = version;
      const write = response.writeHead.bind(response);
      response.writeHead = ((status: number, headers: Record<string, string>) =>
        write(status, { ...headers, etag })) as typeof response.writeHead;
      serve(request, response);
    };
    log.length = 0;
    await expect(openTableFile(`${base}/replaced.arrow`, { maxRetryDelay: 2 })).rejects.toMatchObject({
      name: "FileChangedError",
      message: expect.stringContaining('its ETag went from "v1" to "v2"'),
    });
    // The tail, the file's start (503), the same again (v2).
    expect(log).toHaveLength(3);
    expect(log[2]).toBe(log[1]);
  });

  test.each([
    ["retries", -1, "a non-negative integer"],
    ["retries", 1.5, "a non-negative integer"],
    ["maxRetryDelay", Number.NaN, "a number of milliseconds: a non-negative integer"],
  ])("%s: %d is refused before any request", async (option, value, expectedText) => {
    log.length = 0;
    await expect(openTableFile(`${base}/table.arrow`, { [option]: value })).rejects.toMatchObject({
      name: "InvalidOptionError",
      message: expect.stringContaining(expectedText),
    });
    expect(log).toHaveLength(0);
  });
});

/**
 * The byte sources under the batch reader: ranges merged where close (coalesce.ts), and the HTTP
 * source's answers to servers that misbehave, each a typed error that says what happened (an
 * in-process server plays each; test/scale/large-table.test.ts reads from a real one, nginx).
 */
import { getEventListeners } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import {
  ModelV1SchemaVersion,
  openTableFile,
  readModelRowFrom,
  readSourceBytes,
  readTableBatches,
  readTableBytes,
  readTableFrom,
  writeTableBytes,
} from "legolas-ts";
import { coalesceRanges, readMerged } from "../../../runtime/arrow/source/coalesce.js";
import { openHttpSource } from "../../../runtime/arrow/source/http-source.js";
import { ParentV1SchemaVersion, type TrainingLogV1Input, TrainingLogV1SchemaVersion } from "../../generated/index.js";
import { trainingLogRow } from "../../scale/helpers/training-log.js";

describe("coalesceRanges", () => {
  test("merges ranges at most maxGap apart (and overlapping ones), in file order, and says where each lies", () => {
    const merged = coalesceRanges(
      [
        { at: 100, length: 10 },
        { at: 0, length: 8 },
        { at: 12, length: 4 },
        { at: 105, length: 20 },
        { at: 50, length: 0 },
      ],
      4,
    );
    expect(merged).toEqual([
      {
        at: 0,
        length: 16,
        parts: [
          { index: 1, offset: 0, length: 8 },
          { index: 2, offset: 12, length: 4 },
        ],
      },
      {
        at: 100,
        length: 25,
        parts: [
          { index: 0, offset: 0, length: 10 },
          { index: 3, offset: 5, length: 20 },
        ],
      },
    ]);
  });

  test("merged ranges stay within 1 GiB, so that each fits one buffer: neighbouring columns of a batch over 4 GiB are read apart", () => {
    const column = 1.5 * 2 ** 30;
    const columns = [0, 1, 2].map((k) => ({ at: k * column, length: column }));
    expect(coalesceRanges(columns, 4096).map(({ at, length }) => [at, length])).toEqual(
      columns.map(({ at, length }) => [at, length]),
    );
    const quarters = [0, 1, 2, 3, 4].map((k) => ({ at: k * 2 ** 28, length: 2 ** 28 }));
    expect(coalesceRanges(quarters, 4096).map(({ at, length }) => [at, length])).toEqual([
      [0, 2 ** 30],
      [2 ** 30, 2 ** 28],
    ]);
  });

  test("readMerged fetches each merged range once and hands out views, empty ranges without a fetch", async () => {
    const file = Uint8Array.from({ length: 64 }, (_, i) => i);
    const fetched: [number, number][] = [];
    const parts = await readMerged(
      [
        { at: 8, length: 4 },
        { at: 14, length: 2 },
        { at: 40, length: 0 },
        { at: 60, length: 4 },
      ],
      2,
      async ({ at, length }) => {
        fetched.push([at, length]);
        return file.slice(at, at + length);
      },
    );
    expect(fetched).toEqual([
      [8, 8],
      [60, 4],
    ]);
    expect(parts.map((part) => [...part])).toEqual([[8, 9, 10, 11], [14, 15], [], [60, 61, 62, 63]]);
  });
});

describe("HTTP sources and servers that misbehave", () => {
  const table = writeTableBytes([trainingLogRow(0, 50_000), trainingLogRow(1, 50_000)], TrainingLogV1SchemaVersion, {
    batchSize: 1,
  });
  type Handler = (request: IncomingMessage, response: ServerResponse) => void;
  let handler: Handler = () => undefined;
  let base = "";
  const server = createServer((request, response) => handler(request, response));
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  async function drain(batches: AsyncIterable<unknown>): Promise<void> {
    for await (const _ of batches);
  }

  /** The byte range a request asks for, as [start, end] inclusive, for a file of `size` bytes. */
  function asked(request: IncomingMessage, size: number): [number, number] {
    const [, from, to] = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range!)!;
    return from === "" ? [size - Number(to), size - 1] : [Number(from), Math.min(Number(to), size - 1)];
  }

  /** A server honouring Range for `bytes`, with `headers()` on every answer. */
  function serving(bytes: Uint8Array, headers: () => Record<string, string> = () => ({})): Handler {
    return (request, response) => {
      const [start, end] = asked(request, bytes.length);
      response.writeHead(206, { ...headers(), "content-range": `bytes ${start}-${end}/${bytes.length}` });
      response.end(bytes.subarray(start, end + 1));
    };
  }

  test.each([0, Number.NaN, 0.5])(
    "concurrency: %d is refused before any request (it started no request for the footer: not Arrow)",
    async (concurrency) => {
      let requests = 0;
      handler = (request, response) => {
        requests++;
        serving(table)(request, response);
      };
      await expect(openTableFile(`${base}/table.arrow`, { concurrency })).rejects.toMatchObject({
        name: "InvalidOptionError",
        option: "concurrency",
        message: `options.concurrency is ${concurrency}: pass a positive integer, or leave it out for the default`,
      });
      expect(requests).toBe(0);
    },
  );

  test("options given as undefined take their defaults: the first request asks for the last 64 KiB", async () => {
    const ranges: (string | undefined)[] = [];
    handler = (request, response) => {
      ranges.push(request.headers.range);
      // "bytes=-undefined" was asked: a server answers such a Range with an error.
      if (/^bytes=\d*-\d*$/.test(request.headers.range ?? "")) serving(table)(request, response);
      else response.writeHead(400).end();
    };
    const options = { tailBytes: undefined, maxWholeBytes: undefined, maxGap: undefined, concurrency: undefined };
    const file = await openTableFile(`${base}/table.arrow`, options);
    expect(ranges[0]).toBe("bytes=-65536");
    let rows = 0;
    for await (const batch of file.readBatches()) rows += batch.rows.length;
    expect(rows).toBe(2);
  });

  test("an empty file (416): NotArrowFileError, it is empty", async () => {
    handler = (_request, response) => response.writeHead(416, { "content-range": "bytes */0" }).end();
    await expect(openTableFile(`${base}/empty.arrow`)).rejects.toMatchObject({
      name: "NotArrowFileError",
      message: expect.stringContaining("it is empty"),
    });
  });

  test("404: SourceReadError with the status, nothing read", async () => {
    handler = (_request, response) => response.writeHead(404, "Not Found").end("no");
    await expect(openTableFile(`${base}/missing.arrow`)).rejects.toMatchObject({
      name: "SourceReadError",
      message: `${base}/missing.arrow: HTTP 404 Not Found; nothing was read`,
    });
  });

  test("a 206 without Content-Range (a browser sees none unless the server exposes it): says so", async () => {
    handler = (_request, response) => response.writeHead(206).end(table.subarray(0, 10));
    await expect(openHttpSource(`${base}/hidden.arrow`)).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringContaining("Access-Control-Expose-Headers: Content-Range, ETag"),
    });
  });

  test("a body longer than the range asked for: refused, not read into memory", async () => {
    const honest = serving(table);
    handler = (request, response) => {
      if (request.headers.range === "bytes=-65536") return honest(request, response);
      const [start] = asked(request, table.length);
      response.writeHead(206, { "content-range": `bytes ${start}-${start + 7}/${table.length}` });
      response.end(table.subarray(start, start + 100_000));
    };
    const source = await openHttpSource(`${base}/long.arrow`);
    await expect(source.read([{ at: 0, length: 8 }])).rejects.toMatchObject({ name: "SourceReadError" });
  });

  test("another range than the one asked for: SourceReadError naming both", async () => {
    const honest = serving(table);
    handler = (request, response) => {
      if (request.headers.range === "bytes=-65536") return honest(request, response);
      response.writeHead(206, { "content-range": `bytes 0-7/${table.length}` }).end(table.subarray(0, 8));
    };
    const source = await openHttpSource(`${base}/shifted.arrow`);
    await expect(source.read([{ at: 100, length: 8 }])).rejects.toMatchObject({
      message: expect.stringContaining("asked for bytes 100-107, the server sent 0-7"),
    });
  });

  test("a server that sends less of a range than asked, from its start (a CDN capping its answers), is asked for the rest", async () => {
    const cap = 4096;
    const answers: string[] = [];
    handler = (request, response) => {
      const [start, asked_end] = asked(request, table.length);
      const end = Math.min(asked_end, start + cap - 1);
      answers.push(`${start}-${end}`);
      response.writeHead(206, { "content-range": `bytes ${start}-${end}/${table.length}` });
      response.end(table.subarray(start, end + 1));
    };
    const file = await openTableFile(`${base}/capped.arrow`);
    const { rows } = await file.readTable({ schemaVersion: TrainingLogV1SchemaVersion });
    await file.close();
    const expected = readTableBytes(table, { schemaVersion: TrainingLogV1SchemaVersion }).rows;
    expect(rows.map((row) => ({ ...row }))).toEqual(expected.map((row) => ({ ...row })));
    const source = await openHttpSource(`${base}/capped.arrow`);
    answers.length = 0;
    const [bytes] = await source.read([{ at: 10, length: 3 * cap }]);
    expect(bytes).toEqual(table.subarray(10, 10 + 3 * cap));
    expect(answers).toEqual([`10-${9 + cap}`, `${10 + cap}-${9 + 2 * cap}`, `${10 + 2 * cap}-${9 + 3 * cap}`]);
  });

  test("a Content-Range whose unit is written in capitals (case-insensitive, RFC 9110) is read as any other", async () => {
    handler = (request, response) => {
      const [start, end] = asked(request, table.length);
      response.writeHead(206, { "content-range": `Bytes ${start}-${end}/${table.length}` });
      response.end(table.subarray(start, end + 1));
    };
    const { rows } = await readTableFrom(`${base}/capital.arrow`, {
      schemaVersion: TrainingLogV1SchemaVersion,
      columns: ["epoch"],
    });
    expect(rows.map((row) => row.epoch)).toEqual([0n, 1n]);
  });

  test("a Content-Range that is no range, and a body shorter than its range: SourceReadError saying which", async () => {
    handler = (_request, response) =>
      response.writeHead(206, { "content-range": `bytes 100-50/${table.length}` }).end(table.subarray(0, 100));
    await expect(openHttpSource(`${base}/backwards.arrow`)).rejects.toMatchObject({
      message: `${base}/backwards.arrow: the server's Content-Range "bytes 100-50/${table.length}" is no range of the file`,
    });
    const honest = serving(table);
    handler = (request, response) => {
      if (request.headers.range === "bytes=-65536") return honest(request, response);
      const [start, end] = asked(request, table.length);
      response.writeHead(206, { "content-range": `bytes ${start}-${end}/${table.length}` });
      response.end(table.subarray(start, end - 1));
    };
    const source = await openHttpSource(`${base}/short.arrow`);
    await expect(source.read([{ at: 0, length: 8 }])).rejects.toMatchObject({
      message: `${base}/short.arrow: the server sent 6 of the 8 bytes of a range`,
    });
  });

  describe("an answer refused before its body is read has its body dropped, which releases its connection at once", () => {
    /** More than a connection buffers: the server sends it whole only to a client that reads it, or drops it. */
    const unread = new Uint8Array(16 * 2 ** 20);
    const honest = serving(table, () => ({ etag: '"v1"' }));
    afterEach(() => {
      vi.restoreAllMocks();
    });

    test.each([
      ["at opening, a 206 without Content-Range: SourceReadError", "bytes=-65536", {}, "SourceReadError"],
      [
        "a later range of another ETag: FileChangedError",
        "bytes=0-7",
        { etag: '"v2"', "content-range": `bytes 0-7/${table.length}` },
        "FileChangedError",
      ],
      [
        "a later range other than the one asked for: SourceReadError",
        "bytes=0-7",
        { etag: '"v1"', "content-range": `bytes 8-15/${table.length}` },
        "SourceReadError",
      ],
    ])("%s", async (_, refusedRange, headers: Record<string, string>, name) => {
      let refused: ServerResponse | undefined;
      handler = (request, response) => {
        if (request.headers.range !== refusedRange) return honest(request, response);
        refused = response;
        response.writeHead(206, headers).end(unread);
      };
      // Node's fetch frees a connection whose answer is left unread only once the Response is
      // garbage collected: whether the reader dropped it shows on the Response.
      const answers = new Map<string | null, Response>();
      const fetch = globalThis.fetch;
      vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
        const answer = await fetch(input, init);
        answers.set(new Request(input, init).headers.get("range"), answer);
        return answer;
      });
      const reading = openHttpSource(`${base}/refused.arrow`).then((source) => source.read([{ at: 0, length: 8 }]));
      await expect(reading).rejects.toMatchObject({ name });
      expect(answers.get(refusedRange)?.bodyUsed).toBe(true);
      await new Promise((closed) => refused!.socket?.on("close", closed) ?? closed(undefined));
    });
  });

  test("a Last-Modified that moves between requests (here the two of opening): FileChangedError", async () => {
    let requests = 0;
    handler = (request, response) =>
      serving(table, () => ({ "last-modified": new Date(Date.UTC(2026, 0, 1 + requests++)).toUTCString() }))(
        request,
        response,
      );
    await expect(openTableFile(`${base}/moving.arrow`)).rejects.toMatchObject({
      name: "FileChangedError",
      message: expect.stringContaining("its Last-Modified went from Thu, 01 Jan 2026 00:00:00 GMT to Fri, 02 Jan"),
    });
  });

  test("an ETag that the server stops sending: FileChangedError saying so (the file may have been replaced)", async () => {
    let requests = 0;
    handler = serving(table, (): Record<string, string> => (requests++ === 0 ? { etag: '"v1"' } : {}));
    const source = await openHttpSource(`${base}/unversioned.arrow`);
    await expect(source.read([{ at: 0, length: 8 }])).rejects.toMatchObject({
      name: "FileChangedError",
      reason: 'the server stopped sending its ETag, "v1" when the file was opened, so it may have been replaced',
    });
  });

  test("a presigned URL's query and a URL's password stay out of messages, paths and batches: they are secrets", async () => {
    const presigned = `${base}/run.arrow?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=deadbeef`;
    handler = (_request, response) => response.writeHead(404, "Not Found").end();
    await expect(openTableFile(presigned)).rejects.toMatchObject({
      message: `${base}/run.arrow?…: HTTP 404 Not Found; nothing was read`,
      source: `${base}/run.arrow?…`,
    });
    let requests = 0;
    handler = serving(table, () => ({ etag: requests++ < 2 ? '"v1"' : '"v2"' }));
    const batches = readTableBatches(presigned, { schemaVersion: TrainingLogV1SchemaVersion });
    await expect(batches.next()).rejects.toMatchObject({ name: "FileChangedError", path: `${base}/run.arrow?…` });
    handler = serving(table);
    for await (const batch of readTableBatches(presigned)) expect(batch.source).toBe(`${base}/run.arrow?…`);
    // fetch refuses such a URL with a TypeError quoting it whole.
    const withPassword = base.replace("http://", "http://alice:hunter2@");
    await expect(openTableFile(`${withPassword}/run.arrow`)).rejects.toMatchObject({
      name: "SourceReadError",
      message: `${base}/run.arrow: its URL holds a user name or password, which fetch refuses to send; pass a Request with an Authorization header instead`,
    });
    // Nor one that does not parse (a port that is no number), which fetch quotes whole too.
    await expect(openTableFile("https://alice:hunter2@example.com:port/run.arrow?token=secret")).rejects.toMatchObject({
      name: "SourceReadError",
      message: "https://example.com:port/run.arrow?…: it is not a URL that parses; check its host and port",
    });
    // Nor a relative one, which fetch cannot resolve without a page (Node), and quotes whole.
    const relative = "runs/7.arrow?X-Amz-Signature=deadbeef";
    for (const read of [
      () => readTableFrom(relative),
      () => readTableFrom(relative, { columns: ["epoch"] }),
      () => readModelRowFrom(relative),
    ]) {
      const error = await read().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toMatchObject({
        name: "SourceReadError",
        message: expect.stringMatching(/^runs\/7\.arrow\?…: it is not an absolute URL/),
      });
      expect(inspect(error, { depth: 5 })).not.toContain("deadbeef");
    }
  });

  test("a URL that redirects (an API to a presigned storage URL) is resolved once: its target is read, named as the URL given", async () => {
    const port = (server.address() as { port: number }).port;
    const etags: Record<string, string> = { "/replica-a/run.arrow": '"a"', "/replica-b/run.arrow": '"b"' };
    let redirects = 0;
    const credentialsSeen: (string | undefined)[] = [];
    handler = (request, response) => {
      const path = request.url!.split("?")[0]!;
      if (path === "/api/run.arrow") {
        // Each redirect to another replica (another origin), whose ETag is its own.
        const replica = redirects++ % 2 === 0 ? "a" : "b";
        const location = `http://localhost:${port}/replica-${replica}/run.arrow?X-Amz-Signature=deadbeef`;
        return response.writeHead(302, { location }).end();
      }
      credentialsSeen.push(request.headers.authorization);
      serving(table, () => ({ etag: etags[path]! }))(request, response);
    };
    const api = `${base}/api/run.arrow?token=secret`;
    const request = new Request(api, { headers: { authorization: "Bearer secret" } });
    let rows = 0;
    for await (const batch of readTableBatches(request)) rows += batch.rows.length;
    expect(rows).toBe(2);
    expect(redirects).toBe(1);
    // The credential for the API does not go to storage on another origin (fetch drops it on the redirect too).
    expect(credentialsSeen.filter((authorization) => authorization !== undefined)).toEqual([]);
    // Replica a's file replaced after opening (redirects start at a again): named as the URL given, without its query.
    redirects = 0;
    const source = await openHttpSource(api);
    etags["/replica-a/run.arrow"] = '"a2"';
    const error = await source.read([{ at: 0, length: 8 }]).catch((error: unknown) => error);
    expect(error).toMatchObject({
      name: "FileChangedError",
      path: `${base}/api/run.arrow?…`,
      reason: 'its ETag went from "a" to "a2"',
    });
    expect((error as Error).message).not.toContain("deadbeef");
    // The storage URL fails after opening (its connection dropped): named as the URL given too.
    redirects = 0;
    etags["/replica-a/run.arrow"] = '"a"';
    const dropping = await openHttpSource(api);
    handler = (request) => request.socket.destroy();
    await expect(dropping.read([{ at: 0, length: 8 }])).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringMatching(new RegExp(`^${base}/api/run\\.arrow\\?…: could not fetch it`)),
    });
  });

  test("console.log of a URL's TableFile shows no query, Authorization header or redirect's signature", async () => {
    const port = (server.address() as { port: number }).port;
    handler = (request, response) => {
      if (request.url!.startsWith("/api/"))
        return response
          .writeHead(302, { location: `http://localhost:${port}/run.arrow?X-Amz-Signature=deadbeef` })
          .end();
      serving(table)(request, response);
    };
    const credentials = { headers: { authorization: "Bearer hunter2" } };
    for (const request of [
      new Request(`${base}/run.arrow?token=secret`, credentials),
      new Request(`${base}/api/run.arrow?token=secret`, credentials),
    ]) {
      const file = await openTableFile(request);
      expect(inspect(file, { depth: Number.POSITIVE_INFINITY })).not.toMatch(/secret|hunter2|deadbeef/);
      await file.close();
    }
  });

  test("a fetch that fails says why (Node's fetch says only 'fetch failed' and gives the reason as its cause)", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as { port: number }).port;
    await new Promise((done) => closed.close(done));
    await expect(openTableFile(`http://127.0.0.1:${port}/run.arrow`)).rejects.toMatchObject({
      name: "SourceReadError",
      message: `http://127.0.0.1:${port}/run.arrow: could not fetch it: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`,
    });
    handler = (_request, response) => response.writeHead(302, { location: "/loop.arrow" }).end();
    await expect(readTableFrom(`${base}/loop.arrow`)).rejects.toMatchObject({
      name: "SourceReadError",
      message: `${base}/loop.arrow: could not fetch it: fetch failed (redirect count exceeded)`,
    });
  });

  test("a data: URL (the file itself, in base64) is read, and named by its media type, not its megabytes of data", async () => {
    const dataUrl = (bytes: Uint8Array) =>
      `data:application/vnd.apache.arrow.file;base64,${Buffer.from(bytes).toString("base64")}`;
    const name = "data:application/vnd.apache.arrow.file;base64,…";
    const file = await openTableFile(new URL(dataUrl(table)));
    expect(file.path).toBe(name);
    expect((await file.readTable({ schemaVersion: TrainingLogV1SchemaVersion })).rows.length).toBe(2);
    await file.close();
    const cut = dataUrl(table.subarray(0, table.length - 100));
    for (const read of [() => readTableFrom(cut), () => readTableFrom(cut, { columns: ["epoch"] })]) {
      const error = (await read().then(
        () => undefined,
        (failure: unknown) => failure,
      )) as Error;
      expect(error).toMatchObject({
        name: "NotArrowFileError",
        message: expect.stringMatching(
          /^data:application\/vnd\.apache\.arrow\.file;base64,… is not a readable Arrow IPC file: /,
        ),
      });
      expect(error.message.length).toBeLessThan(500);
    }
  });

  test("a file: URL, which fetch does not read, is refused saying which readers take one", async () => {
    for (const read of [
      () => readTableFrom(new URL("file:///tmp/run.arrow")),
      () => readTableFrom("file:///tmp/run.arrow", { columns: ["epoch"] }),
      () => readModelRowFrom("file:///tmp/run.arrow"),
    ]) {
      await expect(read()).rejects.toMatchObject({
        name: "SourceReadError",
        message:
          "file:///tmp/run.arrow: fetch reads no file: URL; in Node, pass it as a URL object (new URL(text)) to openTableFile or readTableBatches, or its path (fileURLToPath(url), node:url) to readTable or readModelRow",
      });
    }
  });

  test("a signal aborts a read of a server that does not answer: SourceReadError with its reason; no signal is refused", async () => {
    const asking = new Promise<void>((asked) => {
      handler = () => asked();
    });
    const ending = new AbortController();
    const opening = openTableFile(`${base}/silent.arrow`, { signal: ending.signal });
    await asking;
    ending.abort(new Error("the user gave up"));
    await expect(opening).rejects.toMatchObject({
      name: "SourceReadError",
      message: `${base}/silent.arrow: could not fetch it: the user gave up`,
    });
    await expect(openTableFile(`${base}/silent.arrow`, { signal: {} as AbortSignal })).rejects.toMatchObject({
      name: "InvalidOptionError",
      option: "signal",
    });
  }, 10_000);

  test.each([
    ["readTableFrom", (response: Response, signal: AbortSignal) => readTableFrom(response, { signal })],
    ["readModelRowFrom", (response: Response, signal: AbortSignal) => readModelRowFrom(response, { signal })],
    ["openTableFile", (response: Response, signal: AbortSignal) => openTableFile(response, { signal })],
    ["readSourceBytes", (response: Response, signal: AbortSignal) => readSourceBytes(response, signal)],
  ])(
    "%s of a Response whose body stalls: the signal aborts the body's read (SourceReadError with its reason) and frees the connection",
    async (_, read) => {
      const model = writeTableBytes([{ architecture_version: 1, weights: null }], ModelV1SchemaVersion);
      let stalled: IncomingMessage | undefined;
      handler = (request, response) => {
        stalled = request;
        response.writeHead(200, { "content-length": String(model.length) });
        response.write(model.subarray(0, 100)); // and no more
      };
      // A Response the caller fetched (without the signal), as an app passes one on.
      const response = await fetch(`${base}/stalled-body.arrow`);
      const ending = new AbortController();
      const reason = new Error("the user gave up");
      const reading = read(response, ending.signal);
      await new Promise((next) => setImmediate(next));
      ending.abort(reason);
      await expect(reading).rejects.toMatchObject({ name: "SourceReadError", cause: reason });
      await new Promise((closed) => (stalled!.closed ? closed(undefined) : stalled!.on("close", closed)));
    },
    10_000,
  );

  test("a long-lived signal (a server's shutdown signal) keeps nothing per read: no listener stays on it, no signal is made of it", async () => {
    const ranges = serving(table);
    handler = (request, response) =>
      request.headers.range === undefined ? void response.end(table) : ranges(request, response);
    const shutdown = new AbortController();
    // Node 20 keeps every signal AbortSignal.any makes of another for as long as that one lives.
    const made = vi.spyOn(AbortSignal, "any");
    try {
      for (let k = 0; k < 3; k++) {
        await drain(readTableBatches([`${base}/a.arrow`, `${base}/b.arrow`], { signal: shutdown.signal }));
        await (await openTableFile(`${base}/table.arrow`, { signal: shutdown.signal })).close();
        await readTableFrom(`${base}/table.arrow`, { signal: shutdown.signal });
      }
      const madeOfIt = made.mock.calls.filter(([signals]) => [...signals].includes(shutdown.signal));
      expect(madeOfIt).toEqual([]);
      expect(getEventListeners(shutdown.signal, "abort")).toEqual([]);
    } finally {
      made.mockRestore();
    }
    // It still aborts a read.
    shutdown.abort(new Error("shutting down"));
    await expect(drain(readTableBatches(`${base}/table.arrow`, { signal: shutdown.signal }))).rejects.toMatchObject({
      name: "SourceReadError",
      cause: shutdown.signal.reason,
    });
  });

  test("a file of many batches keeps no listener per request on one signal: each range request has a signal of its own", async () => {
    // 1,000 one-row batches, each read by its index: two requests a batch (its metadata, its buffers),
    // but for those in the file's last 64 KiB, fetched at opening.
    const rows = Array.from({ length: 1_000 }, (_, k) => ({ x: [k], y: `row ${k}` }));
    const many = writeTableBytes(rows, ParentV1SchemaVersion, { batchSize: 1 });
    handler = serving(many);
    // fetch leaves its listener on the signal it is given until the request is garbage-collected:
    // with one signal for all of a file's requests, Node warned of a leak past 1,500.
    const leaks: Error[] = [];
    const onWarning = (warning: Error) => void (warning.name === "MaxListenersExceededWarning" && leaks.push(warning));
    process.on("warning", onWarning);
    /** The most listeners a signal given to fetch held, when it was given. */
    let mostListeners = 0;
    let requests = 0;
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      requests++;
      const answer = realFetch(input, init);
      if (signal != null) mostListeners = Math.max(mostListeners, getEventListeners(signal, "abort").length);
      return answer;
    });
    try {
      const file = await openTableFile(`${base}/many.arrow`);
      for (let i = 0; i < rows.length; i++) {
        const batch = await file.readBatch(i, { columns: ["y"], firstRowIndex: i });
        expect(batch.rows).toEqual([{ y: `row ${i}` }]);
      }
      await file.close();
      await new Promise((next) => setImmediate(next));
    } finally {
      spy.mockRestore();
      process.off("warning", onWarning);
    }
    expect(requests).toBeGreaterThan(1_500);
    expect(leaks).toEqual([]);
    expect(mostListeners).toBeLessThan(10);
  });

  test("close() during a read of a server that does not answer aborts its request: the read is a TableFileClosedError at once", async () => {
    const honest = serving(table);
    let silent: IncomingMessage | undefined;
    const asking = new Promise<void>((asked) => {
      handler = (request, response) => {
        if (/^bytes=(-|0-)/.test(request.headers.range ?? "")) return honest(request, response);
        silent = request;
        asked();
      };
    });
    const file = await openTableFile(`${base}/silent-batches.arrow`);
    const reading = expect(file.readBatch(1)).rejects.toMatchObject({ name: "TableFileClosedError" });
    await asking;
    await file.close();
    await reading;
    await new Promise((closed) => (silent!.closed ? closed(undefined) : silent!.on("close", closed)));
  }, 10_000);

  test("a loop over a URL's batches left early does not wait on a batch read ahead that its server does not answer: its request is aborted", async () => {
    const honest = serving(table);
    const silent: IncomingMessage[] = [];
    let readAheadAsked = () => undefined as void;
    const readingAhead = new Promise<void>((done) => (readAheadAsked = done));
    let opened = false;
    handler = (request, response) => {
      // The second batch's ranges (read ahead) are never answered; the first batch's once they are
      // asked for. Of two batches alike, the first starts in the file's first quarter, the second near its middle.
      const [start] = asked(request, table.length);
      if (start < table.length / 4 || request.headers.range === "bytes=-65536")
        return void (opened ? readingAhead : Promise.resolve()).then(() => honest(request, response));
      silent.push(request);
      readAheadAsked();
    };
    const file = await openTableFile(`${base}/stalled.arrow`);
    opened = true;
    for await (const batch of file.readBatches({ schemaVersion: TrainingLogV1SchemaVersion })) {
      expect(batch.batchIndex).toBe(0);
      break;
    }
    await new Promise((closed) => (silent[0]!.closed ? closed(undefined) : silent[0]!.on("close", closed)));
  }, 10_000);

  test("many URLs left early, or failing, do not wait for a file started early on a server that does not answer: its request is aborted", async () => {
    const silent: IncomingMessage[] = [];
    let silentAsked = () => undefined as void;
    let asked = new Promise<void>((done) => (silentAsked = done));
    /** The first file's ETag after its opening: another one makes its first batch fail. */
    let etag = '"v1"';
    handler = (request, response) => {
      if (request.url === "/silent.arrow") {
        silent.push(request);
        return silentAsked();
      }
      // The first file's batches (not its opening, after which the next file starts) are served
      // once the silent file has been asked for: each read then waits on it.
      const opening = /^bytes=(-|0-)/.test(request.headers.range ?? "");
      const answer = serving(table, () => ({ etag: opening ? '"v1"' : etag }));
      void (opening ? Promise.resolve() : asked).then(() => answer(request, response));
    };
    const urls = [`${base}/table.arrow`, `${base}/silent.arrow`];
    for await (const batch of readTableBatches(urls)) {
      expect(batch.rows.length).toBe(1);
      break;
    }
    asked = new Promise<void>((done) => (silentAsked = done));
    etag = '"v2"';
    await expect(drain(readTableBatches(urls))).rejects.toMatchObject({ name: "FileChangedError" });
    expect(silent).toHaveLength(2);
    await Promise.all(silent.map((request) => request.closed || new Promise((closed) => request.on("close", closed))));
  }, 10_000);

  test("a file cut short on its server after opening, whose next range is past its end (416): FileChangedError", async () => {
    const honest = serving(table);
    handler = (request, response) => {
      if (request.headers.range === "bytes=-65536") return honest(request, response);
      response.writeHead(416, { "content-range": "bytes */100" }).end();
    };
    const source = await openHttpSource(`${base}/cut.arrow`);
    await expect(source.read([{ at: 1000, length: 8 }])).rejects.toMatchObject({
      name: "FileChangedError",
      reason: `its length went from ${table.length} to 100 bytes`,
    });
  });

  test("a file of many small batches read whole: the tail fetched at opening is not fetched again", async () => {
    const rows = Array.from({ length: 100 }, (_, epoch) => trainingLogRow(epoch, 100));
    const small = writeTableBytes(rows, TrainingLogV1SchemaVersion, { batchSize: 1 });
    const tailStart = small.length - 65536;
    const requests: [number, number][] = [];
    handler = (request, response) => {
      requests.push(asked(request, small.length));
      serving(small)(request, response);
    };
    const file = await openTableFile(`${base}/small-batches.arrow`);
    let read = 0;
    for await (const batch of file.readBatches()) read += batch.rows.length;
    expect(read).toBe(100);
    expect(requests[0]).toEqual([tailStart, small.length - 1]);
    // The run of small batches from the first reaches into the tail: only its part before it is asked for.
    expect(requests.slice(1).filter(([, end]) => end >= tailStart)).toEqual([]);
    // Nor is the first batch's metadata, read at opening, asked for again: no byte is asked for twice.
    const sorted = requests.toSorted(([a], [b]) => a - b);
    expect(sorted.filter(([start], k) => k > 0 && start <= sorted[k - 1]![1])).toEqual([]);
    expect(file.bytesRead).toBe(requests.reduce((sum, [start, end]) => sum + end - start + 1, 0));
  });

  /** `rows` as a stream of one-row batches, served for every path, each request's range kept in `requests`. */
  const servedStream = (rows: readonly TrainingLogV1Input[]) => {
    const stream = tableToIPC(
      tableFromIPC(writeTableBytes(rows, TrainingLogV1SchemaVersion, { batchSize: 1 })),
      "stream",
    );
    const requests: [number, number][] = [];
    handler = (request, response) => {
      requests.push(asked(request, stream.length));
      serving(stream)(request, response);
    };
    return { stream, requests };
  };

  test("a stream of batches longer than the read window: one request per batch at opening (its header) and one to read it (header and body)", async () => {
    // Six batches of one row of 100,000 float32 weights (400 KB each, over the 256 KiB window).
    const count = 6;
    const rows = Array.from({ length: count }, (_, epoch) => trainingLogRow(epoch, 100_000));
    const { stream, requests } = servedStream(rows);
    const file = await openTableFile(`${base}/large-batches.arrows`);
    expect(file.format).toBe("stream");
    // The tail, the first bytes, the first window (the schema and the first batch's header), then
    // each later batch's header alone: its length and metadata in one request (two before), and
    // the first window again, for apache-arrow's reader of the schema.
    expect(requests.length).toBe(3 + (count - 1) + 1);
    const opening = requests.length;
    const epochs: bigint[] = [];
    for await (const batch of file.readBatches({ schemaVersion: TrainingLogV1SchemaVersion }))
      epochs.push(...batch.rows.map((row) => row.epoch!));
    expect(epochs).toEqual(rows.map(({ epoch }) => epoch));
    // The rest of the first batch, then each later batch whole (a window holding its header and
    // the body's start, then the rest, before).
    expect(requests.length - opening).toBe(1 + (count - 1));
    // No more bytes than the file's, the tail and a window of the first bytes and a few KiB per header at opening.
    expect(file.bytesRead).toBeLessThan(stream.length + 65_536 + 2 * 262_144 + count * 65_536);
  });

  test("a stream mixing large and small batches: each header at opening is fetched with a few KiB, not a window of the body skipped after it", async () => {
    // Twelve one-row batches, 400 KB (over a window) and 4 KB in turn.
    const count = 12;
    const rows = Array.from({ length: count }, (_, epoch) => trainingLogRow(epoch, epoch % 2 === 0 ? 100_000 : 1_000));
    const { requests } = servedStream(rows);
    const file = await openTableFile(`${base}/mixed-batches.arrows`);
    // The tail (which holds the last batch's header), the first bytes, the first window (the schema
    // and the first batch's header), each other batch's header, and the first window again for
    // apache-arrow's reader of the schema.
    expect(requests.length).toBe(3 + (count - 2) + 1);
    // Those windows and the tail, and at most 8 KiB per header (a window of 256 KiB for each large
    // batch's header after a small batch, before: 1,921,032 bytes in all, here 651,272).
    expect(file.bytesRead).toBeLessThanOrEqual(65_536 + 8 + 2 * 262_144 + (count - 1) * 8_192);
    const epochs: bigint[] = [];
    for await (const batch of file.readBatches({ schemaVersion: TrainingLogV1SchemaVersion }))
      epochs.push(...batch.rows.map((row) => row.epoch!));
    expect(epochs).toEqual(rows.map(({ epoch }) => epoch));
  });

  describe("a later range answered with 200 and the whole file (a CDN on a cache miss)", () => {
    /** Honours the tail's range at opening, then answers every range with `body` whole, with `headers`. */
    function wholeAfterOpening(body: Uint8Array, headers: Record<string, string> = {}): Handler {
      const honest = serving(table, () => ({ etag: '"v1"' }));
      return (request, response) => {
        if (request.headers.range === "bytes=-65536") return honest(request, response);
        response.writeHead(200, { etag: '"v1"', ...headers });
        response.end(body);
      };
    }

    test("the range asked for is taken from it, a copy of its own: the table reads whole", async () => {
      handler = wholeAfterOpening(table);
      const source = await openHttpSource(`${base}/cdn.arrow`);
      const [bytes] = await source.read([{ at: 100, length: 8 }]);
      expect(bytes).toEqual(table.subarray(100, 108));
      expect(bytes!.buffer.byteLength).toBe(8);
      expect(source.bytesRead).toBe(65536 + table.length);
      const file = await openTableFile(`${base}/cdn.arrow`);
      const epochs: bigint[] = [];
      for await (const batch of file.readBatches({ schemaVersion: TrainingLogV1SchemaVersion }))
        epochs.push(...batch.rows.map((row) => row.epoch));
      expect(epochs).toEqual([0n, 1n]);
    });

    test("of another version or length: FileChangedError; larger than maxWholeBytes: SourceReadError", async () => {
      handler = wholeAfterOpening(table, { etag: '"v2"' });
      let source = await openHttpSource(`${base}/cdn.arrow`);
      await expect(source.read([{ at: 100, length: 8 }])).rejects.toMatchObject({
        name: "FileChangedError",
        reason: 'its ETag went from "v1" to "v2"',
      });
      handler = wholeAfterOpening(table.subarray(0, table.length - 1), { "transfer-encoding": "chunked" });
      source = await openHttpSource(`${base}/cdn.arrow`);
      await expect(source.read([{ at: 100, length: 8 }])).rejects.toMatchObject({
        name: "FileChangedError",
        reason: `its length went from ${table.length} to ${table.length - 1} bytes`,
      });
      handler = wholeAfterOpening(table);
      source = await openHttpSource(`${base}/cdn.arrow`, { maxWholeBytes: table.length - 1 });
      await expect(source.read([{ at: 100, length: 8 }])).rejects.toMatchObject({
        name: "SourceReadError",
        message: expect.stringContaining(
          `the server answered a range request with the whole file, ${table.length} bytes, more than maxWholeBytes (${table.length - 1})`,
        ),
      });
    });
  });

  test("an answer with a Content-Encoding (gzip) is judged by the bytes fetch decodes, not by its Content-Length, which counts the encoded ones", async () => {
    const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes));
    // A CDN on a cache miss: the whole file for a later range, gzipped.
    const honest = serving(table, () => ({ etag: '"v1"' }));
    handler = (request, response) => {
      if (request.headers.range === "bytes=-65536") return honest(request, response);
      const body = gzip(table);
      response.writeHead(200, { etag: '"v1"', "content-encoding": "gzip", "content-length": String(body.length) });
      response.end(body);
    };
    let source = await openHttpSource(`${base}/gzip-whole.arrow`);
    expect(await source.read([{ at: 100, length: 8 }])).toEqual([table.subarray(100, 108)]);
    // Each range gzipped on its own, whose gzip is longer than the range (bytes that do not compress).
    handler = (request, response) => {
      const [start, end] = asked(request, table.length);
      const body = gzip(table.subarray(start, end + 1));
      response.writeHead(206, {
        "content-range": `bytes ${start}-${end}/${table.length}`,
        "content-encoding": "gzip",
        "content-length": String(body.length),
      });
      response.end(body);
    };
    source = await openHttpSource(`${base}/gzip-ranges.arrow`, { tailBytes: 8 });
    expect(await source.read([{ at: 100, length: 8 }])).toEqual([table.subarray(100, 108)]);
  });

  test("a later range answered with another success than 206 or 200 (a 204): SourceReadError with the status", async () => {
    const honest = serving(table, () => ({ etag: '"v1"' }));
    handler = (request, response) => {
      if (request.headers.range === "bytes=-65536") return honest(request, response);
      response.writeHead(204, { etag: '"v1"' });
      response.end();
    };
    const source = await openHttpSource(`${base}/no-content.arrow`);
    await expect(source.read([{ at: 100, length: 8 }])).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringContaining("HTTP 204 No Content; nothing was read"),
    });
  });

  test("a server ignoring Range without a Content-Length: cut off at maxWholeBytes", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "transfer-encoding": "chunked" });
      response.end(table);
    };
    await expect(openTableFile(`${base}/chunked.arrow`, { maxWholeBytes: 1000 })).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringContaining("more than maxWholeBytes (1000)"),
    });
    const file = await openTableFile(`${base}/chunked.arrow`);
    expect(file.byteLength).toBe(table.length);
    expect(file.bytesRead).toBe(table.length);
    await file.close();
  });
});

describe("a Response of 206 Partial Content", () => {
  const bytes = writeTableBytes([{ x: [1], y: "a" }], ParentV1SchemaVersion);
  const partial = (body: Uint8Array, range: string | null) =>
    new Response(body.slice(), {
      status: 206,
      headers: range === null ? {} : { "content-range": range },
    });

  test("holding part of the file, is refused for what it is, not read as a file cut short", async () => {
    const total = bytes.length;
    const range = `bytes 0-99/${total}`;
    const message = `the Response holds bytes 0-99 of the file's ${total} only (206 Partial Content`;
    await expect(readTableFrom(partial(bytes.subarray(0, 100), range))).rejects.toThrow(message);
    await expect(openTableFile(partial(bytes.subarray(0, 100), range))).rejects.toThrow(message);
    await expect(readTableFrom(partial(bytes.subarray(8, 100), `bytes 8-99/${total}`))).rejects.toMatchObject({
      name: "SourceReadError",
    });
  });

  test("holding the whole file (the answer to Range: bytes=0-), or saying no range, is read", async () => {
    const whole = await readTableFrom(partial(bytes, `bytes 0-${bytes.length - 1}/${bytes.length}`), {
      schemaVersion: ParentV1SchemaVersion,
    });
    expect(whole.rows.map((row) => row.y)).toEqual(["a"]);
    const unsaid = await readTableFrom(partial(bytes, null), { schemaVersion: ParentV1SchemaVersion });
    expect(unsaid.rows.map((row) => row.y)).toEqual(["a"]);
  });
});

/**
 * Reads of URLs in a real browser: a page built with Vite from the browser entry, where the
 * browser's HTTP cache stands between the reader and the server, and where a URL may be relative
 * to the page.
 *
 * - Some columns of a table on another origin (CORS, as a bucket is), by range requests. Chromium
 *   keeps each range it fetched and asks for the next one of the same URL with If-Range; answered
 *   anyway (a server that ignores If-Range), it showed the page the cached ETag, so a file
 *   replaced between two requests read as rows of both versions instead of a FileChangedError.
 * - A relative URL's query (a token, as a presigned URL's signature) is hidden from errors,
 *   `TableFile.path` and `batch.source`, as an absolute URL's is.
 * - A request of mode "no-cors" gets an opaque answer, which the error explains.
 */
import { rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FlatArray, ModelV1SchemaVersion, Weights, writeTableBytes } from "legolas-ts";
import { serveStatic } from "../../examples/browser/serve.mjs";
import { browserTestsEnabled } from "./browser-plan.js";
import { launchChromium } from "./chromium.js";
import { buildTestPage } from "./test-page.js";

const PAGE = `<!doctype html><script type="module" src="./main.js"></script>`;
const MAIN = `import * as legolas from "legolas-ts";
window.legolas = legolas;
window.outcomeOf = (promise) => promise.then(
  (value) => ({ value }),
  (error) => ({ name: error.name, code: error.code, message: error.message }),
);
`;

/** What the page's script puts on window. */
interface PageGlobals {
  readonly legolas: typeof import("legolas-ts");
  outcomeOf<T>(promise: Promise<T>): Promise<{ value: T } | { name: string; code: string; message: string }>;
}

/** Three one-row batches of 160 KB of weights each: a file larger than the 64 KiB tail read at opening. */
function tableOf(architectureVersions: readonly bigint[]): Uint8Array {
  const weights = new Weights([new FlatArray(new Float32Array(40_000), [40_000])]);
  const rows = architectureVersions.map((architecture_version) => ({ weights, architecture_version }));
  return writeTableBytes(rows, ModelV1SchemaVersion, { batchSize: 1 });
}

/** The CORS headers a bucket read by range requests sends (docs/scale.md). */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "range",
  "access-control-expose-headers": "content-range, etag, content-length",
};

/**
 * A server whose file is replaced after its first answer (another ETag, the same length), and
 * which answers every range as asked, ignoring If-Range.
 */
function replacedAfterFirstAnswer(before: Uint8Array, after: Uint8Array) {
  let answered = 0;
  return (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === "OPTIONS") return void response.writeHead(204, CORS).end();
    const [bytes, etag] = answered++ === 0 ? [before, '"v1"'] : [after, '"v2"'];
    const suffix = /^bytes=-(\d+)$/.exec(request.headers.range ?? "");
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? "");
    const start = suffix !== null ? bytes.length - Number(suffix[1]) : Number(range![1]);
    const end = suffix !== null ? bytes.length - 1 : Number(range![2]);
    response
      .writeHead(206, { ...CORS, etag, "content-range": `bytes ${start}-${end}/${bytes.length}` })
      .end(bytes.subarray(start, end + 1));
  };
}

describe.runIf(browserTestsEnabled())("reads of a URL in Chromium", () => {
  let work: string;
  let page: Page;
  let outDir: string;
  let pageServer: { url: string; close(): Promise<void> };
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    ({ work, outDir } = await buildTestPage("legolas-url-reads-", { html: PAGE, main: MAIN }));
    pageServer = await serveStatic(outDir);
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(pageServer.url);
    await page.waitForFunction(() => "outcomeOf" in window);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  test("a file replaced on a server that ignores If-Range is a FileChangedError, not rows of both versions", async () => {
    const before = tableOf([1n, 2n, 3n]);
    const after = tableOf([4n, 5n, 6n]);
    expect(after.length).toBe(before.length);
    const server = createServer(replacedAfterFirstAnswer(before, after));
    await new Promise<void>((listening) => server.listen(0, "localhost", listening));
    try {
      const url = `http://localhost:${(server.address() as { port: number }).port}/run.arrow`;
      const outcome = await page.evaluate((tableUrl) => {
        const { legolas, outcomeOf } = window as unknown as PageGlobals;
        const read = legolas.readTableFrom(tableUrl, { columns: ["architecture_version"] });
        return outcomeOf(read.then(({ rows }) => rows.map((row) => String(row.architecture_version))));
      }, url);
      expect(outcome).toMatchObject({ name: "FileChangedError", code: "file_changed" });
    } finally {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
  }, 60_000);

  test("a URL relative to the page names the file without its query", async () => {
    writeFileSync(join(outDir, "run.arrow"), tableOf([1n]));
    const shown = await page.evaluate(async () => {
      const { legolas, outcomeOf } = window as unknown as PageGlobals;
      const file = await legolas.openTableFile("run.arrow?token=secret");
      await file.close();
      const sources: string[] = [];
      for await (const batch of legolas.readTableBatches(["run.arrow?token=secret"])) sources.push(batch.source);
      const missing = await outcomeOf(legolas.readTableFrom("missing.arrow?token=secret#top"));
      return { path: file.path, sources, missing };
    });
    expect(shown).toEqual({
      path: "run.arrow?…",
      sources: ["run.arrow?…"],
      missing: {
        name: "SourceReadError",
        code: "source_unreadable",
        message: "missing.arrow?…: HTTP 404 Not Found; nothing was read",
      },
    });
  }, 60_000);

  test("a read aborted while its body comes rejects with the signal's reason as cause, not the browser's own AbortError", async () => {
    // Chromium rejects a body read cut by the signal with "AbortError: The user aborted a request.",
    // where the request itself fails with the reason; the docs promise the reason either way.
    const size = 1_000_000;
    const server = createServer((request, response) => {
      if (request.method === "OPTIONS") return void response.writeHead(204, CORS).end();
      const suffix = /^bytes=-(\d+)$/.exec(request.headers.range ?? "");
      const start = suffix === null ? 0 : size - Number(suffix[1]);
      const headers = { ...CORS, "content-length": String(size - start) };
      if (suffix === null) response.writeHead(200, headers);
      else response.writeHead(206, { ...headers, "content-range": `bytes ${start}-${size - 1}/${size}` });
      response.write(new Uint8Array(1000)); // and the rest never comes
    });
    await new Promise<void>((listening) => server.listen(0, "localhost", listening));
    try {
      const url = `http://localhost:${(server.address() as { port: number }).port}/run.arrow`;
      const outcomes = await page.evaluate(async (tableUrl) => {
        const { legolas } = window as unknown as PageGlobals;
        const fetchOf = window.fetch;
        const outcomes = [];
        for (const columns of [undefined, ["architecture_version"]]) {
          const controller = new AbortController();
          const reason = new Error("the user left the page");
          // Aborted once the answer's headers came, while its body is read.
          window.fetch = async (...request) => {
            const response = await fetchOf(...request);
            controller.abort(reason);
            return response;
          };
          try {
            await legolas.readTableFrom(tableUrl, { signal: controller.signal, ...(columns && { columns }) });
            outcomes.push("read");
          } catch (error) {
            const { name, message, cause } = error as Error;
            outcomes.push({ name, message, causeIsReason: cause === reason });
          } finally {
            window.fetch = fetchOf;
          }
        }
        return outcomes;
      }, url);
      const aborted = {
        name: "SourceReadError",
        message: `${url}: could not read the response body: the user left the page`,
        causeIsReason: true,
      };
      expect(outcomes).toEqual([aborted, aborted]);
    } finally {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
  }, 60_000);

  test("a fetch CORS refused says what the server must allow, which the browser's bare 'Failed to fetch' does not", async () => {
    // A bucket that allows the page's origin but not the Range header serves a whole read and fails
    // a read of some columns: the error said only "could not fetch it: Failed to fetch".
    const table = tableOf([1n]);
    const allowsOrigin = createServer((request, response) => {
      const origin = { "access-control-allow-origin": "*" };
      if (request.method === "OPTIONS") return void response.writeHead(204, origin).end();
      response.writeHead(200, origin).end(table);
    });
    const noCors = createServer((_request, response) => void response.writeHead(200).end(table));
    const servers = [allowsOrigin, noCors];
    for (const server of servers) await new Promise<void>((listening) => server.listen(0, "localhost", listening));
    try {
      const [bucket, closed] = servers.map(
        (server) => `http://localhost:${(server.address() as { port: number }).port}/run.arrow`,
      );
      const outcomes = await page.evaluate(
        async ([bucketUrl, closedUrl]) => {
          const { legolas, outcomeOf } = window as unknown as PageGlobals;
          const count = ({ rows }: { rows: readonly unknown[] }) => rows.length;
          return [
            await outcomeOf(legolas.readTableFrom(bucketUrl!).then(count)),
            await outcomeOf(legolas.readTableFrom(bucketUrl!, { columns: ["architecture_version"] }).then(count)),
            await outcomeOf(legolas.readTableFrom(closedUrl!).then(count)),
          ];
        },
        [bucket, closed],
      );
      const refused = (url: string, range: string) => ({
        name: "SourceReadError",
        code: "source_unreadable",
        message:
          `${url}: could not fetch it: Failed to fetch. A browser says only this when the server cannot be reached or refuses this page's origin (CORS): ` +
          `it must answer with Access-Control-Allow-Origin${range}; the browser's console says which`,
      });
      expect(outcomes).toEqual([
        { value: 1 },
        refused(
          bucket!,
          ", and allow the Range header of the range requests a read by columns makes (Access-Control-Allow-Headers: Range)",
        ),
        refused(closed!, ""),
      ]);
    } finally {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
      }
    }
  }, 60_000);

  test('a request of mode "no-cors" is a SourceReadError that says the browser hides the answer, and what to do', async () => {
    const table = tableOf([1n]);
    const server = createServer((_request, response) => void response.writeHead(200).end(table));
    await new Promise<void>((listening) => server.listen(0, "localhost", listening));
    try {
      const url = `http://localhost:${(server.address() as { port: number }).port}/run.arrow`;
      const outcomes = await page.evaluate(async (tableUrl) => {
        const { legolas, outcomeOf } = window as unknown as PageGlobals;
        return [
          await outcomeOf(legolas.readTableFrom(new Request(tableUrl, { mode: "no-cors" }))),
          await outcomeOf(legolas.readTableFrom(new Request(tableUrl, { mode: "no-cors" }), { columns: ["weights"] })),
          await outcomeOf(legolas.readTableFrom(await fetch(tableUrl, { mode: "no-cors" }))),
        ];
      }, url);
      const hidden = (source: string) => ({
        name: "SourceReadError",
        code: "source_unreadable",
        message: `${source}: the browser hides this answer from the page (an opaque response, to a request of mode "no-cors"); nothing was read. Fetch it in the default mode, "cors", from a server that allows this page's origin (Access-Control-Allow-Origin)`,
      });
      expect(outcomes).toEqual([hidden(url), hidden(url), hidden("response")]);
    } finally {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
  }, 60_000);
});

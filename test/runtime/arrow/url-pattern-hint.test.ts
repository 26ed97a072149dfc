/**
 * The web entry (table-sources.ts) reads a string as one URL: a glob pattern given there, as the
 * Node entry takes one, fails with the server's 404, which then says that patterns are Node's only
 * and what to pass instead, keeping the class, the status and the original error as `cause`.
 */
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeTableBytes } from "legolas-ts";
import { SourceReadError } from "../../../runtime/arrow/source/errors.js";
import { openTableFile, readTableBatches } from "../../../runtime/arrow/table-sources.js";
import { TrainingLogV1SchemaVersion } from "../../generated/index.js";
import { trainingLogRow } from "../../scale/helpers/training-log.js";

const HINT =
  "; its * is no wildcard here: glob patterns are expanded only in Node (over local paths), and in a browser a string is one URL, read as it is: list the files' URLs and pass them as an array, readTableBatches([url1, url2, ...])";

describe("a URL with a * that is not there, in the web entry", () => {
  const table = writeTableBytes([trainingLogRow(0, 10)], TrainingLogV1SchemaVersion);
  let base = "";
  /** 404 for any path but /there.arrow; 503 for /busy*.arrow. */
  const server = createServer((request, response) => {
    if (request.url?.startsWith("/busy")) return void response.writeHead(503, "Service Unavailable").end("no");
    if (request.url !== "/there.arrow") return void response.writeHead(404, "Not Found").end("no");
    const match = /bytes=(\d*)-(\d*)/.exec(request.headers.range ?? "");
    if (match === null) return void response.writeHead(200, { "Content-Length": table.length }).end(table);
    const size = table.length;
    const [start, end] =
      match[1] === ""
        ? [Math.max(0, size - Number(match[2])), size - 1]
        : [Number(match[1]), match[2] === "" ? size - 1 : Math.min(size - 1, Number(match[2]))];
    response
      .writeHead(206, { "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": end - start + 1 })
      .end(table.subarray(start, end + 1));
  });
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  test("readTableBatches and openTableFile say that patterns are Node's only, same class, status and source, cause the 404", async () => {
    const reads = [
      () => readTableBatches(`${base}/data/*.arrow`).next(),
      () => openTableFile(`${base}/data/*.arrow`),
      async () => {
        for await (const _ of readTableBatches([`${base}/there.arrow`, `${base}/runs/**/*.arrow`]));
      },
    ];
    for (const [k, read] of reads.entries()) {
      const url = k === 2 ? `${base}/runs/**/*.arrow` : `${base}/data/*.arrow`;
      const error = await read().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(SourceReadError);
      expect(error).toMatchObject({
        name: "SourceReadError",
        code: "source_unreadable",
        status: 404,
        source: url,
        reason: `HTTP 404 Not Found; nothing was read${HINT}`,
        message: `${url}: HTTP 404 Not Found; nothing was read${HINT}`,
      });
      expect((error as SourceReadError).cause).toMatchObject({
        name: "SourceReadError",
        status: 404,
        message: `${url}: HTTP 404 Not Found; nothing was read`,
      });
    }
  });

  test("no hint for a 404 without a *, for a ? (a URL's query) or a * in the query, or for another status", async () => {
    for (const url of [`${base}/missing.arrow`, `${base}/missing?.arrow`, `${base}/missing.arrow?match=*`]) {
      await expect(openTableFile(url)).rejects.toMatchObject({
        status: 404,
        message: expect.stringMatching(/: HTTP 404 Not Found; nothing was read$/),
      });
    }
    await expect(openTableFile(`${base}/busy*.arrow`, { retries: 0 })).rejects.toMatchObject({
      status: 503,
      message: expect.not.stringContaining("wildcard"),
    });
    await expect(openTableFile(`${base}/there.arrow`)).resolves.toBeDefined();
  });
});

/**
 * Sources that give their bytes once: a `Response` or `Request` whose body was read (by an
 * earlier read, or by its caller) or is held by a reader, and a `ReadableStream` a reader holds,
 * are refused by every reader before anything is read, with a `SourceReadError` that says so and
 * what to pass instead; a `Blob`, and a `Request` with a body (sent as a copy), are read again and
 * again, and an empty body is still an empty file.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  openTableFile,
  readModelRowFrom,
  readSourceBytes,
  readTableBatches,
  readTableFrom,
  writeModelRowBytes,
} from "legolas-ts";
import { fetchWeights, legolasModelRowFrom, loadModelRowFrom } from "legolas-ts/tfjs";
import { bitsOf, denseNet, useCpuBackend } from "../tfjs/helpers.js";
import { type RangeServer, startRangeServer } from "../../helpers/range-server.js";

let server: RangeServer;
beforeAll(async () => {
  useCpuBackend();
  server = await startRangeServer();
});
afterAll(() => server.close());

const bytes = () => writeModelRowBytes({ weights: fetchWeights(denseNet()), architecture_version: 1 });

const readers: [string, (source: Request | Response | Blob) => Promise<unknown>][] = [
  ["readSourceBytes", (source) => readSourceBytes(source)],
  ["readSourceBytes with a signal", (source) => readSourceBytes(source, new AbortController().signal)],
  ["readTableFrom", (source) => readTableFrom(source)],
  ["readTableFrom by columns", (source) => readTableFrom(source, { columns: ["architecture_version"] })],
  ["readModelRowFrom", (source) => readModelRowFrom(source)],
  ["openTableFile", async (source) => (await openTableFile(source)).close()],
  [
    "readTableBatches",
    async (source) => {
      for await (const _ of readTableBatches(source));
    },
  ],
  ["loadModelRowFrom", (source) => loadModelRowFrom(denseNet(), source)],
  [
    "tf.loadLayersModel(legolasModelRowFrom(...))",
    (source) => tf.loadLayersModel(legolasModelRowFrom(source, { model: denseNet() })),
  ],
];

const bodyUsed = {
  name: "SourceReadError",
  code: "source_unreadable",
  message: expect.stringMatching(
    /^response: this Response's body was read already \(bodyUsed.*Pass a fresh Response \(response\.clone\(\) before its first read keeps one\), or its bytes or Blob/,
  ),
};

test.each(readers)(
  "%s: the same Response given twice is refused the second time, saying its body was read",
  async (_, read) => {
    const response = new Response(bytes());
    await read(response);
    await expect(read(response)).rejects.toMatchObject(bodyUsed);
  },
);

test.each(readers)(
  "%s: a Response whose body its caller read, or a reader holds, is refused before any read",
  async (_, read) => {
    const readByCaller = new Response(bytes());
    await readByCaller.arrayBuffer();
    await expect(read(readByCaller)).rejects.toMatchObject(bodyUsed);

    const held = new Response(bytes());
    const reader = held.body!.getReader();
    await expect(read(held)).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringContaining(
        "response: this Response's body is locked: a reader holds it (response.body.getReader()), so nothing else can read it; nothing was read. Release the reader",
      ),
    });
    // Held, never read: once released, it reads.
    reader.releaseLock();
    await read(held);
  },
);

test.each(readers)("%s: a Blob is read again and again", async (_, read) => {
  const blob = new Blob([bytes()]);
  await read(blob);
  await read(blob);
});

test.each(readers.filter(([name]) => !name.startsWith("readSourceBytes")))(
  "%s: an empty Response never read is an empty file, as before",
  async (_, read) => {
    await expect(read(new Response(new Uint8Array(0)))).rejects.toMatchObject({
      code: "not_arrow_file",
      message: expect.stringContaining("it is empty"),
    });
  },
);

test("a model given a Response read already keeps its weights", async () => {
  const response = new Response(bytes());
  await response.arrayBuffer();
  const model = denseNet();
  const before = bitsOf(fetchWeights(model));
  await expect(loadModelRowFrom(model, response)).rejects.toMatchObject(bodyUsed);
  expect(bitsOf(fetchWeights(model))).toEqual(before);
});

test("a Response of an HTTP error read already is refused for its status, which says more", async () => {
  const missing = new Response("no such file", { status: 404, statusText: "Not Found" });
  await missing.text();
  await expect(readTableFrom(missing)).rejects.toMatchObject({
    status: 404,
    message: "response: HTTP 404 Not Found; nothing was read",
  });
});

test.each(readers)(
  "%s: a Request with a body (a POST) is read, by ranges too, and read again: each request sends a copy",
  async (_, read) => {
    const url = server.put("/posted.model.arrow", bytes());
    const request = new Request(url, { method: "POST", body: "which model?" });
    await read(request);
    await read(request);
    expect(request.bodyUsed).toBe(false);
  },
);

test.each(readers)(
  "%s: a Request whose body its caller read, or a reader holds, is refused before any request",
  async (_, read) => {
    const url = server.put("/spent.model.arrow", bytes());
    const spent = new Request(url, { method: "POST", body: "which model?" });
    await spent.text();
    await expect(read(spent)).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringMatching(
        /\/spent\.model\.arrow: this Request's body was read already \(bodyUsed.*nothing was fetched\. Pass a fresh Request \(request\.clone\(\) before its first fetch keeps one\)$/,
      ),
    });
    const held = new Request(url, { method: "POST", body: "which model?" });
    held.body!.getReader();
    await expect(read(held)).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringContaining(
        "this Request's body is locked: a reader holds it (request.body.getReader()), so nothing else can read it; nothing was fetched",
      ),
    });
  },
);

test.each(readers)(
  "%s: a ReadableStream a reader holds is refused, saying so, not only that it is no source",
  async (_, read) => {
    const stream = new Blob([bytes()]).stream();
    stream.getReader();
    await expect(read(stream as never)).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringContaining(
        "a ReadableStream: not a source of bytes itself, and locked: a reader holds it (stream.getReader()), so nothing else can read it. Release the reader (reader.releaseLock()) and pass new Response(stream)",
      ),
    });
    // Released, as the message says, it reads.
    const released = new Blob([bytes()]).stream();
    released.getReader().releaseLock();
    await read(new Response(released));
  },
);

test("a POST Request opened with a small tail is read by many range requests", async () => {
  const url = server.put("/ranges.model.arrow", bytes());
  const file = await openTableFile(new Request(url, { method: "POST", body: "which model?" }), { tailBytes: 64 });
  try {
    expect((await file.readTable()).rows).toHaveLength(1);
  } finally {
    await file.close();
  }
});

/**
 * The browser-safe readers, run in Node (which has fetch, Blob, Response): model rows and tables
 * from bytes, Blobs/Files, Responses and URLs; the tfjs handler and loader over them.
 */
import * as tf from "@tensorflow/tfjs";
import { openAsBlob } from "node:fs";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fetchWeights, legolasModelRowFrom, loadModelRowFrom } from "legolas-ts/tfjs";
import {
  openTableFile,
  readModelRowBytes,
  readModelRowFrom,
  readSourceBytes,
  readTableBytes,
  readTableFrom,
  writeModelRowBytes,
  writeTableBytes,
} from "legolas-ts";
import * as browserEntry from "../../runtime/core.js";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../../generated/index.js";

function denseNet(units = 3): tf.LayersModel {
  return tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units, kernelInitializer: "randomNormal" })] });
}

let bytes: Uint8Array<ArrayBuffer>;
let model: tf.LayersModel;
let server: ReturnType<typeof createServer>;
let base: string;

beforeAll(async () => {
  await tf.setBackend("cpu");
  model = denseNet();
  // Bytes of an ArrayBuffer, as Blob and Response want (and the type says so).
  bytes = writeModelRowBytes(
    { weights: fetchWeights(model), architecture_version: 1n, epoch: 3, accuracy: 0.5, commit_sha: null },
    DigitsRowV1SchemaVersion,
  );
  server = createServer((request, response) => {
    if (request.url === "/row.arrow")
      response.writeHead(200, { "content-type": "application/vnd.apache.arrow.file" }).end(bytes);
    else response.writeHead(404).end("not found");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
});

describe("readModelRowFrom / readTableFrom", () => {
  test("read the same row from bytes, an ArrayBuffer, a Blob, a File, a Response, a URL string and a URL", async () => {
    const copy = bytes.slice();
    const sources = [
      bytes,
      copy.buffer,
      new DataView(copy.buffer),
      new Blob([copy]),
      new File([copy], "row.digits-model.arrow"),
      new Response(copy),
      `${base}/row.arrow`,
      new URL("/row.arrow", base),
      new Request(`${base}/row.arrow`),
    ];
    for (const source of sources) {
      const row = await readModelRowFrom(source, { schemaVersion: DigitsRowV1SchemaVersion });
      expect(row).toBeInstanceOf(DigitsRowV1);
      expect(row.epoch).toBe(3n);
      expect(Array.from(row.weights!.arrays[0]!.vec)).toEqual(Array.from(fetchWeights(model).arrays[0]!.vec));
    }
    const { identifier, rows } = await readTableFrom(new Blob([bytes]));
    expect(identifier).toBe("digits-model@1>legolas-flux.model@1");
    expect(rows).toHaveLength(1);
  });

  test("errors name the source and say what went wrong", async () => {
    await expect(readModelRowFrom(`${base}/missing.arrow`)).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringContaining("missing.arrow: HTTP 404"),
    });
    await expect(readModelRowFrom("http://127.0.0.1:1/row.arrow")).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringContaining("could not fetch it"),
    });
    await expect(readModelRowFrom(new File([bytes.subarray(0, 100)], "cut.arrow"))).rejects.toMatchObject({
      name: "NotArrowFileError",
      message: expect.stringMatching(/^cut\.arrow is not a readable Arrow IPC file/),
    });
    await expect(readModelRowFrom(42 as never)).rejects.toMatchObject({ name: "SourceReadError" });
    await expect(readTableFrom(Object.create(null) as never)).rejects.toMatchObject({
      name: "SourceReadError",
      message: expect.stringMatching(/^an object: not a source of bytes/),
    });
    // A fetch's body or a Blob's stream, as a page has them: the error says how to pass one, which then reads.
    const streams = [new Blob([bytes]).stream(), (await fetch(`${base}/row.arrow`)).body!];
    for (const stream of streams)
      await expect(readTableFrom(stream as never)).rejects.toMatchObject({
        name: "SourceReadError",
        message: expect.stringMatching(
          /^a ReadableStream: not a source of bytes itself; pass new Response\(stream\), /,
        ),
      });
    await expect(openTableFile(new Blob([bytes]).stream() as never)).rejects.toThrow(/pass new Response\(stream\)/);
    expect((await readTableFrom(new Response(streams[0]))).rows).toHaveLength(1);
    const two = writeTableBytes([{ epoch: 1 }, { epoch: 2 }], DigitsRowV1SchemaVersion);
    await expect(readModelRowFrom(new File([two], "two.arrow"))).rejects.toMatchObject({
      name: "ModelRowError",
      message: expect.stringContaining("two.arrow"),
    });
    // A table that is no model row: the advice names a table reader of the browser entry (readTable, which
    // takes a path, is Node's only), the one of the call's own family.
    const advised = async (read: Promise<unknown> | (() => unknown)) => {
      const error = await (typeof read === "function" ? Promise.resolve().then(read) : read).catch((e: Error) => e);
      return /read it with (\w+) and pick a row/.exec((error as Error).message)?.[1];
    };
    const advice = [
      await advised(readModelRowFrom(new Blob([two]))),
      await advised(readModelRowFrom(new Blob([two]), { columns: ["epoch"] })),
      await advised(loadModelRowFrom(denseNet(), new Blob([two]))),
      await advised(() => readModelRowBytes(two)),
    ];
    expect(advice).toEqual(["readTableFrom", "readTableFrom", "readTableFrom", "readTableBytes"]);
    for (const reader of advice) expect(browserEntry).toHaveProperty(reader!);
    expect(() => writeModelRowBytes([{ epoch: 1 }] as never, DigitsRowV1SchemaVersion)).toThrow(
      "(writeTableBytes writes an array of rows)",
    );
    const { name } = await readSourceBytes(new File([bytes], "named.arrow"));
    expect(name).toBe("named.arrow");
  });
  test("bytes whose buffer was transferred (to a worker) are a SourceReadError that says so", async () => {
    const transferred = bytes.slice();
    const sources = [transferred, transferred.buffer, new DataView(transferred.buffer)];
    structuredClone(transferred, { transfer: [transferred.buffer] });
    const detached = {
      name: "SourceReadError",
      code: "source_unreadable",
      message: expect.stringMatching(
        /^bytes: their buffer is detached \(it was transferred, .*transfer a copy \(bytes\.slice\(\)\)$/,
      ),
    };
    for (const source of sources) {
      await expect(readTableFrom(source)).rejects.toMatchObject(detached);
      await expect(readTableFrom(source, { columns: ["epoch"] })).rejects.toMatchObject(detached);
      await expect(readModelRowFrom(source)).rejects.toMatchObject(detached);
      await expect(openTableFile(source)).rejects.toMatchObject(detached);
      await expect(loadModelRowFrom(denseNet(), source)).rejects.toMatchObject(detached);
    }
    const opened = bytes.slice();
    const file = await openTableFile(opened);
    structuredClone(opened, { transfer: [opened.buffer] });
    await expect(file.readBatch(0)).rejects.toMatchObject(detached);
    expect(() => readTableBytes(transferred)).toThrow(
      expect.objectContaining({ ...detached, message: expect.stringMatching(/^input: their buffer is detached/) }),
    );
    expect(() => readModelRowBytes(transferred)).toThrow(
      expect.objectContaining({ ...detached, message: expect.stringMatching(/^model row: their buffer is detached/) }),
    );
  });
  test("a file that changed on disk since it was picked is a SourceReadError that says to pick it again", async () => {
    // Node's file-backed Blob refuses such a read with the NotReadableError a browser's File gives.
    const folder = await mkdtemp(join(tmpdir(), "legolas-picked-"));
    try {
      const path = join(folder, "row.arrow");
      await writeFile(path, bytes);
      const picked = await openAsBlob(path);
      const opened = await openTableFile(await openAsBlob(path));
      await writeFile(path, bytes.slice().reverse());
      await utimes(path, new Date(), new Date(Date.now() + 60_000));
      const changed = {
        name: "SourceReadError",
        message: expect.stringMatching(
          /^blob: could not read the file; a browser refuses to read a file that changed on disk since it was picked: pick it again \(The blob could not be read\)$/,
        ),
      };
      await expect(readTableFrom(picked)).rejects.toMatchObject(changed);
      await expect(opened.readBatch(0)).rejects.toMatchObject(changed);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("loadModelRowFrom / legolasModelRowFrom", () => {
  test("load the weights into a fresh model, checking the architecture version first", async () => {
    const fresh = denseNet();
    const row = await loadModelRowFrom(fresh, new File([bytes], "row.arrow"), {
      schemaVersion: DigitsRowV1SchemaVersion,
      expectedArchitectureVersion: 1n,
    });
    expect(row.epoch).toBe(3n);
    const x = tf.ones([1, 4]);
    expect(Array.from((fresh.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );

    const untouched = denseNet();
    const before = fetchWeights(untouched);
    await expect(loadModelRowFrom(untouched, bytes, { expectedArchitectureVersion: 2 })).rejects.toMatchObject({
      name: "ArchitectureVersionMismatchError",
      source: "bytes",
    });
    await expect(loadModelRowFrom(denseNet(5), bytes)).rejects.toMatchObject({ name: "WeightsMismatchError" });
    expect(fetchWeights(untouched)).toEqual(before);
  });

  test("tf.loadLayersModel over a URL, and model.save handing the row's bytes to onSave", async () => {
    const loaded = await tf.loadLayersModel(
      legolasModelRowFrom(`${base}/row.arrow`, { model: denseNet(), expectedArchitectureVersion: 1 }),
    );
    const x = tf.ones([2, 4]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );

    let saved: Blob | null = null;
    await model.save(
      legolasModelRowFrom(null, {
        model,
        schemaVersion: DigitsRowV1SchemaVersion,
        fields: { architecture_version: 1n, epoch: 4 },
        // As a page offers them for download.
        onSave: (written) => {
          saved = new Blob([written], { type: "application/vnd.apache.arrow.file" });
        },
      }),
    );
    const row = await readModelRowFrom(saved!, { schemaVersion: DigitsRowV1SchemaVersion });
    expect(row.epoch).toBe(4n);
    expect(row.weights).toEqual(fetchWeights(model));

    expect(() => legolasModelRowFrom(null, { model })).toThrow(/give a source to load from/);
    expect(() => legolasModelRowFrom("x.arrow", {} as never)).toThrow(/needs the tfjs LayersModel/);
    await expect(
      tf.loadLayersModel(legolasModelRowFrom(`${base}/nope.arrow`, { model: denseNet() })),
    ).rejects.toMatchObject({ name: "SourceReadError" });
  });
});

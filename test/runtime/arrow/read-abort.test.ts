/**
 * The `signal` option of the batch readers stops a read of every kind of source, as it stops one
 * of URLs: a local file (between its positioned reads, and before each batch given), a glob's or a
 * list's later files (not opened), a `Blob` (between its slices), bytes. One error for all, the
 * URL's: a `SourceReadError` naming the source being read, whose `cause` is the signal's reason.
 * So do the readers of a whole source (`readTableFrom`, `readModelRowFrom`) of a `Blob` or bytes.
 * Every abort comes from inside the loop, after a batch arrived, never from a timer.
 */
import { writeFileSync } from "node:fs";
import { type FileHandle, mkdir, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import {
  openTableFile,
  readModelRowFrom,
  readTableBatches,
  readTableFrom,
  type TableSource,
  writeTableBytes,
} from "legolas-ts";
import { ReadableFile } from "../../../runtime/arrow/guard/checked-file.js";
import { TrainingLogV1SchemaVersion } from "../../generated/index.js";
import { trainingLogRow } from "../../scale/helpers/training-log.js";
import { type RangeServer, startRangeServer } from "../../helpers/range-server.js";

/** 4 batches of 2 rows, epochs 0..7. */
const table = writeTableBytes(
  Array.from({ length: 8 }, (_, i) => trainingLogRow(i, 10)),
  TrainingLogV1SchemaVersion,
  { batchSize: 2 },
);
const BATCHES = 4;

let folder: string;
let path: string;
/** The same table in the stream format. */
let streamPath: string;
const runs: string[] = [];
let base = "";
let server: RangeServer;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "legolas-read-abort-"));
  path = join(folder, "table.arrow");
  writeFileSync(path, table);
  streamPath = join(folder, "table.arrows");
  writeFileSync(streamPath, tableToIPC(tableFromIPC(table), "stream"));
  await mkdir(join(folder, "runs"));
  for (let k = 0; k < 6; k++) {
    runs.push(join(folder, "runs", `run-${k}.arrow`));
    writeFileSync(runs[k]!, table);
  }
  server = await startRangeServer();
  server.put("/table.arrow", table);
  base = server.base;
});
afterAll(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Files opened, and how many of them were closed, while `read` runs. */
async function counting<T>(read: () => Promise<T>): Promise<{ result: T; opened: string[]; closed: number }> {
  const opened: string[] = [];
  const closed = new Set<ReadableFile>();
  const open = ReadableFile.open.bind(ReadableFile);
  vi.spyOn(ReadableFile, "open").mockImplementation(async (at: string) => {
    opened.push(at);
    const file = await open(at);
    const close = file.close.bind(file);
    file.close = async () => {
      closed.add(file);
      await close();
    };
    return file;
  });
  const result = await read();
  return { result, opened, closed: closed.size };
}

/**
 * The batches of `batches` until it fails, aborting `ending` with `reason` once `abortAfter`
 * batches have arrived; the error it ended with, or `null`.
 */
async function readUntilAborted(
  batches: AsyncIterable<{ source: string }>,
  ending: AbortController,
  reason: unknown,
  abortAfter: number,
): Promise<{ sources: string[]; error: unknown }> {
  const sources: string[] = [];
  try {
    for await (const batch of batches) {
      sources.push(batch.source);
      if (sources.length === abortAfter) ending.abort(reason);
    }
  } catch (error) {
    return { sources, error };
  }
  return { sources, error: null };
}

const blob = () => new Blob([table]);

describe("a signal aborted in the middle of a read stops it, whatever the source", () => {
  test.each<[string, () => TableSource, () => string]>([
    ["a local file", () => path, () => path],
    ["a file: URL", () => new URL(`file://${path}`), () => path],
    ["a local file in the stream format", () => streamPath, () => streamPath],
    ["a Blob", blob, () => "blob"],
    ["bytes", () => table, () => "bytes"],
  ])("%s: no batch after the abort; SourceReadError naming it, whose cause is the reason", async (_, source, name) => {
    const ending = new AbortController();
    const reason = new Error("the user gave up");
    const { result, opened, closed } = await counting(() =>
      readUntilAborted(readTableBatches(source(), { signal: ending.signal }), ending, reason, 1),
    );
    expect(result.sources).toHaveLength(1);
    expect(result.error).toMatchObject({
      name: "SourceReadError",
      code: "source_unreadable",
      source: name(),
      message: `${name()}: its read was aborted: the user gave up`,
      cause: reason,
    });
    expect(closed).toBe(opened.length);
  });

  test("openTableFile(path, { signal }): a batch read after the abort reads nothing from the file", async () => {
    const ending = new AbortController();
    const file = await openTableFile(path, { signal: ending.signal });
    const first = await file.readBatch(0);
    expect(first.rows).toHaveLength(2);
    const read = file.bytesRead;
    const handle = await open(path);
    const reads = vi.spyOn(Object.getPrototypeOf(handle) as FileHandle, "read");
    await handle.close();
    ending.abort(new Error("enough"));
    await expect(file.readBatch(BATCHES - 1)).rejects.toMatchObject({
      name: "SourceReadError",
      message: `${path}: its read was aborted: enough`,
      cause: ending.signal.reason,
    });
    expect(reads).not.toHaveBeenCalled();
    expect(file.bytesRead).toBe(read);
    await file.close();
  });

  test("openTableFile(blob, { signal }): a batch read after the abort slices nothing", async () => {
    const ending = new AbortController();
    const source = blob();
    const file = await openTableFile(source, { signal: ending.signal });
    const slices = vi.spyOn(source, "slice");
    ending.abort(new Error("enough"));
    await expect(file.readBatch(BATCHES - 1)).rejects.toMatchObject({
      name: "SourceReadError",
      cause: ending.signal.reason,
    });
    expect(slices).not.toHaveBeenCalled();
    await file.close();
  });

  test.each([1, 2, 3])(
    "a glob of 6 files, %i in flight: the later files are never opened, and those opened are closed",
    async (filesInFlight) => {
      const ending = new AbortController();
      const reason = new Error("the user gave up");
      const { result, opened, closed } = await counting(() =>
        readUntilAborted(
          readTableBatches(join(folder, "runs", "*.arrow"), { signal: ending.signal, filesInFlight }),
          ending,
          reason,
          BATCHES + 1,
        ),
      );
      // The first file whole, one batch of the second.
      expect(result.sources).toEqual([...Array(BATCHES).fill(runs[0]), runs[1]]);
      expect(result.error).toMatchObject({ name: "SourceReadError", source: runs[1], cause: reason });
      // Files 0 and 1, and those started early beside file 1, no more.
      expect(opened.length).toBeLessThanOrEqual(1 + filesInFlight);
      expect(closed).toBe(opened.length);
    },
  );

  test.each([
    ["while the path is read", 1, () => path],
    ["while the URL is read", BATCHES + 1, () => `${base}/table.arrow`],
  ])("readTableBatches([path, url]), aborted %s: the same error, naming that source", async (_, abortAfter, name) => {
    const ending = new AbortController();
    const reason = new Error("the user gave up");
    const { sources, error } = await readUntilAborted(
      readTableBatches([path, `${base}/table.arrow`], { signal: ending.signal, filesInFlight: 1 }),
      ending,
      reason,
      abortAfter,
    );
    expect(sources).toHaveLength(abortAfter);
    expect(error).toMatchObject({ name: "SourceReadError", source: name(), cause: reason });
  });
});

describe("a signal aborted before the call: nothing is opened", () => {
  test.each([
    ["a local file", () => path],
    ["a glob", () => join(folder, "runs", "*.arrow")],
    ["a list of files", () => runs],
    ["a Blob", blob],
    ["bytes", () => table],
  ])("%s: readTableBatches and openTableFile reject with SourceReadError, cause the reason", async (_, source) => {
    const reason = new Error("gone before it began");
    const signal = AbortSignal.abort(reason);
    const { result, opened } = await counting(async () => {
      const batches = readTableBatches(source(), { signal });
      const { sources, error } = await readUntilAborted(batches, new AbortController(), reason, -1);
      return { sources, error };
    });
    expect(result.sources).toEqual([]);
    expect(result.error).toMatchObject({ name: "SourceReadError", cause: reason });
    expect(opened).toEqual([]);
    const one = source();
    if (!Array.isArray(one) && !(typeof one === "string" && one.includes("*"))) {
      await expect(openTableFile(one, { signal })).rejects.toMatchObject({ name: "SourceReadError", cause: reason });
      expect(opened).toEqual([]);
    }
  });
});

describe("a signal aborted after the last batch: the read completes", () => {
  test.each([
    ["a local file", () => path, BATCHES],
    ["a Blob", blob, BATCHES],
    ["a glob of 6 files", () => join(folder, "runs", "*.arrow"), 6 * BATCHES],
  ])("%s: every batch, no error, every file closed", async (_, source, count) => {
    const ending = new AbortController();
    const { result, opened, closed } = await counting(() =>
      readUntilAborted(readTableBatches(source(), { signal: ending.signal }), ending, new Error("late"), count),
    );
    expect(result).toMatchObject({ error: null });
    expect(result.sources).toHaveLength(count);
    expect(ending.signal.aborted).toBe(true);
    expect(closed).toBe(opened.length);
  });

  test("openTableFile(path, { signal }).readBatches(): every batch, no error", async () => {
    const ending = new AbortController();
    const file = await openTableFile(path, { signal: ending.signal });
    const { sources, error } = await readUntilAborted(file.readBatches(), ending, new Error("late"), BATCHES);
    expect(error).toBeNull();
    expect(sources).toHaveLength(BATCHES);
  });
});

test("readTableBatches(path) without a signal reads every batch", async () => {
  const { sources, error } = await readUntilAborted(readTableBatches(path), new AbortController(), null, 1);
  expect(error).toBeNull();
  expect(sources).toHaveLength(BATCHES);
});

describe("the whole-source readers (readTableFrom, readModelRowFrom) of a Blob or bytes", () => {
  const oneRow = () => writeTableBytes([trainingLogRow(0, 10)], TrainingLogV1SchemaVersion);
  test.each<[string, (source: Blob | Uint8Array, signal: AbortSignal) => Promise<unknown>]>([
    ["readTableFrom", (source, signal) => readTableFrom(source, { signal })],
    ["readModelRowFrom", (source, signal) => readModelRowFrom(source, { signal })],
  ])(
    "%s: a signal aborted before the call rejects with SourceReadError naming the source, cause the reason",
    async (_, read) => {
      const reason = new Error("gone before it began");
      const signal = AbortSignal.abort(reason);
      for (const [source, name] of [
        [new Blob([oneRow()]), "blob"],
        [oneRow(), "bytes"],
      ] as const) {
        await expect(read(source, signal)).rejects.toMatchObject({
          name: "SourceReadError",
          message: `${name}: its read was aborted: gone before it began`,
          cause: reason,
        });
      }
    },
  );

  test("readTableFrom(blob): aborted while the Blob is read, the read ends first, then SourceReadError", async () => {
    const ending = new AbortController();
    const reason = new Error("the user gave up");
    const source = blob();
    const arrayBuffer = source.arrayBuffer.bind(source);
    vi.spyOn(source, "arrayBuffer").mockImplementation(async () => {
      const bytes = await arrayBuffer();
      ending.abort(reason);
      return bytes;
    });
    await expect(readTableFrom(source, { signal: ending.signal })).rejects.toMatchObject({
      name: "SourceReadError",
      source: "blob",
      cause: reason,
    });
  });

  test("without an abort, a Blob and bytes read whole", async () => {
    const signal = new AbortController().signal;
    expect((await readTableFrom(blob(), { signal })).rows).toHaveLength(2 * BATCHES);
    expect((await readTableFrom(table, { signal })).rows).toHaveLength(2 * BATCHES);
  });
});

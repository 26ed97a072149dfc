/**
 * What an open table file does around a failure or a close, as a long-running program meets
 * them: a read that failed asks its source for nothing more (over HTTP, no request after the
 * error), and a read of a file closed meanwhile is a `TableFileClosedError`, whatever the read
 * had reached. Sources in memory, whose every read is counted.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openTableFile, type TableFile, writeTableBytes } from "legolas-ts";
import type { ByteRange, RandomAccessSource } from "../../../runtime/arrow/source/byte-source.js";
import { openTableSource } from "../../../runtime/arrow/table-batches.js";
import { ParentV1SchemaVersion } from "../../generated/index.js";

/** 40 batches of one row of 70 KB: each over the size of the small batches fetched together. */
const table = writeTableBytes(
  Array.from({ length: 40 }, (_, k) => ({ x: [k], y: String(k % 10).repeat(70_000) })),
  ParentV1SchemaVersion,
  { batchSize: 1 },
);

/** `table` as a source that counts its reads, and fails the one `failsIn` reads on (none while 0). */
function flakySource() {
  const state = { reads: 0, failsIn: 0 };
  const source: RandomAccessSource = {
    name: "flaky.arrow",
    size: table.length,
    bytesRead: 0,
    async read(ranges: readonly ByteRange[]) {
      state.reads++;
      if (state.failsIn > 0 && --state.failsIn === 0) throw new Error("the connection was reset");
      return ranges.map(({ at, length }) => table.slice(at, at + length));
    },
    async assertUnchanged() {},
    assertNotAborted() {},
    async close() {},
  };
  return { source, state };
}

/** Lets every read in flight (all in memory, so all promises) go as far as it may. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("a read that fails asks for nothing more", () => {
  test.each([
    ["rowCounts()", (file: Awaited<ReturnType<typeof openTableSource>>) => file.rowCounts()],
    ["readBatch(i) without firstRowIndex", (file: Awaited<ReturnType<typeof openTableSource>>) => file.readBatch(39)],
  ])("%s: once its error is thrown, the reads in flight end and no other starts", async (_, read) => {
    const { source, state } = flakySource();
    const file = await openTableSource(source);
    // Not the first read: readBatch(i) reads its batch, then counts the rows of those before it.
    state.failsIn = 3;
    await expect(read(file)).rejects.toThrow("the connection was reset");
    const readsWhenThrown = state.reads;
    await settled();
    expect(state.reads).toBe(readsWhenThrown);
    await file.close();
  });
});

describe("a file closed while it is read", () => {
  let folder = "";
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "legolas-closing-"));
    await writeFile(join(folder, "parents.arrow"), table);
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** The file on disk, and the same bytes from a source whose reads go on after a close (as HTTP's do). */
  const opened = {
    "a local file": () => openTableFile(join(folder, "parents.arrow")),
    "a source that reads on after a close": () => openTableSource(flakySource().source),
  };
  const closedError = (operation: string) => ({
    name: "TableFileClosedError",
    operation,
    state: "closed",
  });

  test.each(Object.entries(opened))(
    "%s: a readBatch, readTable or rowCounts in flight ends in TableFileClosedError",
    async (_, open) => {
      for (const [operation, read] of [
        ["readBatch(30)", (file: TableFile) => file.readBatch(30)],
        ["rowCounts()", (file: TableFile) => file.rowCounts()],
        ["reading its batches", (file: TableFile) => file.readTable()],
      ] as const) {
        const file = await open();
        const outcome = expect(read(file)).rejects.toMatchObject(closedError(operation));
        await file.close();
        await outcome;
      }
    },
  );

  test.each(Object.entries(opened))(
    "%s: closed inside a loop over its batches, the loop's next batch is TableFileClosedError",
    async (_, open) => {
      for (const batches of [(file: TableFile) => file.readBatches(), (file: TableFile) => file.recordBatches()]) {
        const file = await open();
        let given = 0;
        const loop = async () => {
          for await (const _batch of batches(file)) {
            given++;
            await file.close();
          }
        };
        await expect(loop()).rejects.toMatchObject(closedError("reading its batches"));
        expect(given).toBe(1);
      }
    },
  );

  test.each(Object.entries(opened))(
    "%s: a pass over its batches ended before its first batch closes the file, as one ended after it does",
    async (_, open) => {
      // An async generator runs nothing, not even its finally, before its first next(): a pass
      // returned or thrown into then would leave the file open, as for await never does.
      for (const end of ["return", "throw"] as const) {
        const file = await open();
        const batches = file.readBatches();
        if (end === "return") await batches.return(undefined);
        else await expect(batches.throw(new Error("stop"))).rejects.toThrow("stop");
        await expect(file.readBatch(0)).rejects.toMatchObject(closedError("readBatch(0)"));
      }
    },
  );

  test.each(Object.entries(opened))(
    "%s: a pass refused for an option closes the file, and the next read says so, not that the batches were read",
    async (_, open) => {
      const refusedOption = { validate: "row" } as never;
      for (const pass of [
        (file: TableFile) => file.readTable(refusedOption),
        async (file: TableFile) => {
          for await (const _batch of file.readBatches(refusedOption));
        },
        async (file: TableFile) => {
          for await (const _batch of file.recordBatches({ columns: "name" } as never));
        },
      ]) {
        const file = await open();
        await expect(pass(file)).rejects.toMatchObject({ name: "InvalidOptionError" });
        await expect(file.readTable()).rejects.toMatchObject(closedError("reading its batches"));
      }
    },
  );
});

describe("a second pass over a file's batches while one is under way", () => {
  let folder = "";
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "legolas-second-pass-"));
    await writeFile(join(folder, "parents.arrow"), table);
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  // One caller's mistake (a second pass, an option refused, a pass made and returned unused) is
  // refused to that caller; the pass under way, another caller's, reads on to its end.
  test.each([
    ["readTable()", (file: TableFile) => file.readTable(), "TableFileClosedError"],
    ["readBatches()", (file: TableFile) => file.readBatches().next(), "TableFileClosedError"],
    ["recordBatches()", (file: TableFile) => file.recordBatches().next(), "TableFileClosedError"],
    [
      "readTable with a refused option",
      (file: TableFile) => file.readTable({ validate: "row" } as never),
      "InvalidOptionError",
    ],
    ["readBatches() returned before it started", (file: TableFile) => file.readBatches().return(undefined), null],
  ] as const)(
    "%s is refused, and leaves the pass under way and the file's batches readable",
    async (_, second, refusal) => {
      const file = await openTableFile(join(folder, "parents.arrow"));
      const pass = file.readBatches();
      const first = await pass.next();
      expect(first.done).toBe(false);
      const outcome = second(file);
      if (refusal === null) await outcome;
      else await expect(outcome).rejects.toMatchObject({ name: refusal });
      await expect(file.readBatch(39)).resolves.toMatchObject({ batchIndex: 39 });
      let given = 1;
      for (let next = await pass.next(); !next.done; next = await pass.next()) given++;
      expect(given).toBe(40);
      // The pass closed the file at its end, as always.
      await expect(file.readBatch(0)).rejects.toMatchObject({ name: "TableFileClosedError", state: "closed" });
    },
  );
});

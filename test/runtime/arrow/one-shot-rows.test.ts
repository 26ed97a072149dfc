/**
 * A one-shot source of rows (a generator object, an array's `values()`, a Node.js stream) given to
 * a second write gives no row: write-bytes.ts refuses it (`RowsConsumedError`) rather than write a
 * valid, empty table, and leaves a source that makes a fresh iterator each time, one of its own
 * that starts over, or one that is legitimately empty, alone.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { tableFromIPC } from "apache-arrow";
import { afterAll, expect, test } from "vitest";
import { readTable, writeTable, writeTableBytes } from "legolas-ts";
import { Issue94ChildV1SchemaVersion as V } from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-one-shot-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const row = (i: number) => ({ a: BigInt(i), b: BigInt(10 * i) });
function* rows(n: number) {
  for (let i = 0; i < n; i++) yield row(i);
}
async function* asyncRows(n: number) {
  for (let i = 0; i < n; i++) yield row(i);
}
const rowCount = (bytes: Uint8Array) => tableFromIPC(bytes).numRows;
const consumed = { name: "RowsConsumedError", code: "rows_consumed" };

test("a generator object written twice is refused the second time, by writeTableBytes and writeTable, and no file is made", async () => {
  const once = rows(3);
  expect(rowCount(writeTableBytes(once, V))).toBe(3);
  expect(() => writeTableBytes(once, V)).toThrow(expect.objectContaining(consumed));
  expect(() => writeTableBytes(once, V)).toThrow(/call the generator again for each write, or pass an array/);
  const path = join(folder, "sync.arrow");
  await expect(writeTable(path, once, V)).rejects.toMatchObject(consumed);
  expect(existsSync(path)).toBe(false);

  const twice = asyncRows(2);
  await writeTable(join(folder, "first.arrow"), twice, V);
  expect((await readTable(join(folder, "first.arrow"))).rows).toHaveLength(2);
  await expect(writeTable(join(folder, "second.arrow"), twice, V)).rejects.toMatchObject(consumed);
  expect(readdirSync(folder).sort()).toEqual(["first.arrow"]);
  rmSync(join(folder, "first.arrow"));
});

test("an iterator a write stopped early (an invalid row) is read, and an array's values() and a Map's entries are one-shot too", () => {
  const failing = (function* (): Generator<object> {
    yield row(0);
    yield { a: "no int" };
    yield row(2);
  })();
  expect(() => writeTableBytes(failing as Iterable<never>, V)).toThrow(
    expect.objectContaining({ code: "row_invalid" }),
  );
  expect(() => writeTableBytes(failing as Iterable<never>, V)).toThrow(expect.objectContaining(consumed));
  const values = [row(0), row(1)].values();
  expect(rowCount(writeTableBytes(values, V))).toBe(2);
  expect(() => writeTableBytes(values, V)).toThrow(expect.objectContaining(consumed));
  const entries = new Map([[0, row(0)]]).values();
  expect(rowCount(writeTableBytes(entries, V))).toBe(1);
  expect(() => writeTableBytes(entries, V)).toThrow(expect.objectContaining(consumed));
});

test("a Node.js stream that has ended is refused; one not yet read is written", async () => {
  const stream = Readable.from([row(0), row(1)]);
  await writeTable(join(folder, "stream.arrow"), stream, V);
  expect((await readTable(join(folder, "stream.arrow"))).rows).toHaveLength(2);
  await expect(writeTable(join(folder, "again.arrow"), stream, V)).rejects.toMatchObject({
    ...consumed,
    message: expect.stringContaining("a stream that has ended (readableEnded)"),
  });
  expect(existsSync(join(folder, "again.arrow"))).toBe(false);
});

test("no false refusal: arrays, Sets and iterables that make a fresh iterator are written again and again; empty sources make empty tables", async () => {
  const array = [row(0), row(1)];
  const set = new Set(array);
  const fresh = { [Symbol.iterator]: () => rows(2) };
  const freshAsync = { [Symbol.asyncIterator]: () => asyncRows(2) };
  for (const input of [array, set, fresh]) {
    expect(rowCount(writeTableBytes(input, V))).toBe(2);
    expect(rowCount(writeTableBytes(input, V))).toBe(2);
  }
  for (let k = 0; k < 2; k++) {
    await writeTable(join(folder, "fresh.arrow"), freshAsync, V);
    expect((await readTable(join(folder, "fresh.arrow"))).rows).toHaveLength(2);
  }
  // Empty, given once each: a table of no rows, as before.
  const empty: Iterable<ReturnType<typeof row>>[] = [[], new Set(), rows(0), [].values()];
  for (const input of empty) expect(rowCount(writeTableBytes(input, V))).toBe(0);
  // A write that failed before reading (a folder that does not exist) leaves the generator unread: it is written after.
  const unread = asyncRows(2);
  await expect(writeTable(join(folder, "no-such-folder", "t.arrow"), unread, V)).rejects.toMatchObject({
    code: "file_access_failed",
  });
  await writeTable(join(folder, "retried.arrow"), unread, V);
  expect((await readTable(join(folder, "retried.arrow"))).rows).toHaveLength(2);
});

test("an object that is its own iterator but starts over in [Symbol.iterator]() (a cursor that rewinds) is written again and again", async () => {
  class Cursor {
    #next = 0;
    constructor(readonly count: number) {}
    [Symbol.iterator]() {
      this.#next = 0;
      return this;
    }
    next(): IteratorResult<ReturnType<typeof row>> {
      return this.#next < this.count ? { done: false, value: row(this.#next++) } : { done: true, value: undefined };
    }
  }
  class AsyncCursor {
    #next = 0;
    constructor(readonly count: number) {}
    [Symbol.asyncIterator]() {
      this.#next = 0;
      return this;
    }
    async next(): Promise<IteratorResult<ReturnType<typeof row>>> {
      return this.#next < this.count ? { done: false, value: row(this.#next++) } : { done: true, value: undefined };
    }
  }
  const cursor = new Cursor(2);
  expect(rowCount(writeTableBytes(cursor, V))).toBe(2);
  expect(rowCount(writeTableBytes(cursor, V))).toBe(2);
  const asyncCursor = new AsyncCursor(3);
  for (const name of ["cursor-1.arrow", "cursor-2.arrow"]) {
    await writeTable(join(folder, name), asyncCursor, V);
    expect((await readTable(join(folder, name))).rows).toHaveLength(3);
  }
});

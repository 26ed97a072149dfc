/**
 * `writeTable`'s `signal`: a write of rows from a source of the caller's own (a cursor, a
 * generator awaiting a producer) stopped midway leaves the file it was replacing as it was, no
 * temporary file, and rejects with the signal's reason.
 */
import { getEventListeners } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test, vi } from "vitest";
import { readTable, writeTable } from "legolas-ts";
import { isTemporaryFileName } from "../../../runtime/temporary-files.js";
import { Issue94ChildV1SchemaVersion } from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-abort-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A one-row table at a path of its own, to be replaced. */
async function existingTable(name: string): Promise<{ path: string; before: Buffer }> {
  const path = join(folder, `${name}.arrow`);
  await writeTable(path, [{ a: 7, b: 8 }], Issue94ChildV1SchemaVersion);
  return { path, before: readFileSync(path) };
}

async function expectOldTableKept(path: string, before: Buffer): Promise<void> {
  expect(readFileSync(path)).toEqual(before);
  expect((await readTable(path)).rows.map((row) => ({ ...row }))).toEqual([{ a: 7n, b: 8n }]);
  expect(readdirSync(folder).filter(isTemporaryFileName)).toEqual([]);
}

test("a write aborted midway, between rows, rejects with the reason, keeps the old file and lets the source finish", async () => {
  const { path, before } = await existingTable("between-rows");
  const controller = new AbortController();
  const reason = new Error("the client went away");
  let cleanedUp = false;
  async function* rows() {
    try {
      for (let i = 0; i < 50_000; i++) {
        // Several batches are in the temporary file by then.
        if (i === 35_000) controller.abort(reason);
        yield { a: i, b: i };
      }
    } finally {
      cleanedUp = true;
    }
  }
  await expect(writeTable(path, rows(), Issue94ChildV1SchemaVersion, { signal: controller.signal })).rejects.toBe(
    reason,
  );
  await expectOldTableKept(path, before);
  expect(cleanedUp).toBe(true);
});

test("an abort asks the source to stop at the row it hands over, not once the batch being filled is full", async () => {
  const { path, before } = await existingTable("mid-batch");
  const controller = new AbortController();
  const reason = new Error("the client went away");
  let made = 0;
  let madeWhenStopped = -1;
  async function* rows() {
    try {
      for (let i = 0; i < 5_000; i++) {
        // A producer that takes its time (a read of another table, say).
        await Promise.resolve();
        made++;
        if (i === 5) controller.abort(reason);
        yield { a: i, b: i };
      }
    } finally {
      madeWhenStopped = made;
    }
  }
  const write = writeTable(path, rows(), Issue94ChildV1SchemaVersion, { signal: controller.signal, batchSize: 1_000 });
  await expect(write).rejects.toBe(reason);
  await vi.waitFor(() => expect(madeWhenStopped).not.toBe(-1));
  // Row 5 was the one being made: the source stops there, not after the 1,000 rows of the batch.
  expect(madeWhenStopped).toBe(6);
  await expectOldTableKept(path, before);
});

test("a write waiting on a source that makes no more rows stops when the signal aborts", async () => {
  const { path, before } = await existingTable("stuck-source");
  async function* rows() {
    for (let i = 0; i < 25_000; i++) yield { a: i, b: i };
    await new Promise(() => {}); // a producer that never answers
  }
  const signal = AbortSignal.timeout(50);
  const error = await writeTable(path, rows(), Issue94ChildV1SchemaVersion, { signal }).catch((e: unknown) => e);
  expect(error).toBe(signal.reason);
  expect((error as Error).name).toBe("TimeoutError");
  await expectOldTableKept(path, before);
});

test("a signal aborted before the write starts rejects before the file system is touched", async () => {
  const { path, before } = await existingTable("aborted-first");
  let read = 0;
  function* rows() {
    for (;;) {
      read++;
      yield { a: 1, b: 2 };
    }
  }
  const controller = new AbortController();
  controller.abort(new Error("never mind"));
  await expect(writeTable(path, rows(), Issue94ChildV1SchemaVersion, { signal: controller.signal })).rejects.toThrow(
    "never mind",
  );
  expect(read).toBe(0);
  await expectOldTableKept(path, before);
});

test("a signal aborted before a write of an array rejects with its reason, before the rows are validated", async () => {
  const { path, before } = await existingTable("aborted-first-array");
  const controller = new AbortController();
  const reason = new Error("the client went away");
  controller.abort(reason);
  // An invalid row: validated first, it would be a RowValidationError instead.
  const rows = [
    { a: 1, b: 2 },
    { a: "three", b: 4 },
  ] as never;
  await expect(writeTable(path, rows, Issue94ChildV1SchemaVersion, { signal: controller.signal })).rejects.toBe(reason);
  await expectOldTableKept(path, before);
});

test("a signal that is no AbortSignal is an InvalidOptionError", async () => {
  const { path, before } = await existingTable("not-a-signal");
  await expect(
    writeTable(path, [{ a: 1, b: 2 }], Issue94ChildV1SchemaVersion, { signal: "stop" as never }),
  ).rejects.toMatchObject({ name: "InvalidOptionError", option: "signal" });
  await expectOldTableKept(path, before);
});

test("one signal shared by many writes at once (a server's shutdown signal) prints no listener-leak warning", async () => {
  const writes = 12; // Node warns past 10 listeners on one signal
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on("warning", onWarning);
  try {
    const shutdown = new AbortController();
    // Every write waits on its source until all of them are under way, so that all listen at once.
    let started = 0;
    let allStarted = () => {};
    const underway = new Promise<void>((resolve) => (allStarted = resolve));
    async function* rows() {
      if (++started === writes) allStarted();
      await underway;
      yield { a: 1, b: 2 };
    }
    await Promise.all(
      Array.from({ length: writes }, (_, k) =>
        writeTable(join(folder, `shared-signal-${k}.arrow`), rows(), Issue94ChildV1SchemaVersion, {
          signal: shutdown.signal,
        }),
      ),
    );
    // Warnings are emitted on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
    // Nothing is left listening on the caller's signal.
    expect(getEventListeners(shutdown.signal, "abort")).toEqual([]);
    // The signal still stops a write.
    shutdown.abort(new Error("shutting down"));
    await expect(
      writeTable(join(folder, "shared-signal-last.arrow"), rows(), Issue94ChildV1SchemaVersion, {
        signal: shutdown.signal,
      }),
    ).rejects.toThrow("shutting down");
  } finally {
    process.off("warning", onWarning);
  }
});

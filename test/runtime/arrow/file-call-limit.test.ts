/**
 * Reads and writes of more than 2 GiB go to the file system in pieces Node takes: one read or
 * write of more than 2 GiB - 1 bytes aborts Node 20 (exit 134, nothing to catch), and the
 * buffers of a batch of a table over 2 GiB are read (merged where adjacent) and written as one
 * range. The calls are recorded, not made: a sparse file and buffers whose pages are never
 * touched cost no disk and no memory.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect, test, vi } from "vitest";
import { ReadableFile } from "../../../runtime/arrow/guard/checked-file.js";
import { replaceFile } from "../../../runtime/replace-file.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-file-calls-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const OVER_2_GIB = 2 ** 31 + 4_099;
const LARGEST_CALL = 2 ** 31 - 1;

/** The lengths `handle` is asked to read or write, each call answered as done in full. */
function recordLengths(handle: FileHandle, method: "read" | "write"): number[] {
  const lengths: number[] = [];
  vi.spyOn(handle, method).mockImplementation((async (buffer: Uint8Array, _offset: number, length: number) => {
    lengths.push(length);
    return { bytesRead: length, bytesWritten: length, buffer };
  }) as never);
  return lengths;
}

test("a read of more than 2 GiB asks the file for at most 2 GiB - 1 bytes at a time, and all of them", async () => {
  const path = join(folder, "sparse.bin");
  writeFileSync(path, "");
  truncateSync(path, OVER_2_GIB);
  const file = await ReadableFile.open(path);
  try {
    const lengths = recordLengths(file.handle, "read");
    await file.readAt(0, OVER_2_GIB);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(LARGEST_CALL);
    expect(lengths.reduce((sum, length) => sum + length, 0)).toBe(OVER_2_GIB);
  } finally {
    await file.close();
  }
});

test("a write of more than 2 GiB asks the file for at most 2 GiB - 1 bytes at a time, and all of them", async () => {
  // The handle replaceFile opens is its own: its class's method is recorded.
  const probe = await open(join(folder, "probe"), "w");
  const lengths = recordLengths(Object.getPrototypeOf(probe) as FileHandle, "write");
  await probe.close();
  await replaceFile(join(folder, "written.bin"), [new Uint8Array(OVER_2_GIB)]);
  expect(Math.max(...lengths)).toBeLessThanOrEqual(LARGEST_CALL);
  expect(lengths.reduce((sum, length) => sum + length, 0)).toBe(OVER_2_GIB);
});

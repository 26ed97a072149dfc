/**
 * A record batch whose metadata misplaces a buffer (off Arrow's 8-byte alignment) or gives a
 * column more or fewer values than the batch has rows, and a schema with two columns of one
 * name (guard/batch-layout.ts). apache-arrow's views refused the misplaced buffer where the read
 * by the footer read its bytes shifted; apache-arrow cut or null-padded the column where the read
 * by the footer refused it or read it as nulls; and its batches gave two columns of one name one
 * type, which the read by the footer refused and the whole read did not look at. Every read path
 * must give the same answer: each refuses the file with the same `NotArrowFileError`,
 * uncompressed and with LZ4 or ZSTD bodies, in both IPC formats. (Found by the stream fuzz test:
 * seed 20240611 at a 25 s budget, case 1465, every-type table, a buffer offset 40 -> 39; case
 * 1913, the same in a 3-batch file, 56 -> 57; case 2553, column 10's field node length 3 -> 3 +
 * 65535 * 2^32; seed 99 at 60 s, case 8148, bit flips that emptied two column names.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  ModelV1SchemaVersion,
  prepareCompression,
  readModelRow,
  readModelRowBytes,
  readTable,
  readTableBatches,
  readTableBytes,
  type TableCompression,
  writeModelRowBytes,
  writeTableBytes,
} from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../generated/index.js";
import { firstRecordBatch, withInt64 } from "./helpers/batch-metadata.js";
import { rewriteMetadata } from "./helpers/fuzz.js";
import { allTypesRows } from "./helpers/outcomes.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-buffer-layout-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(async () => {
  await prepareCompression("lz4");
  await prepareCompression("zstd");
});

type Rows = readonly { architecture_version?: unknown }[];

/** Every way to read a table or model row, each giving the rows' `architecture_version`s. */
const READS: Readonly<Record<string, (bytes: Uint8Array, path: string) => Promise<Rows>>> = {
  readTableBytes: async (bytes) => readTableBytes(bytes).rows,
  readModelRowBytes: async (bytes) => [readModelRowBytes(bytes)],
  readTable: async (_, path) => (await readTable(path)).rows,
  "readTable, columns": async (_, path) => (await readTable(path, { columns: ["architecture_version"] })).rows,
  readModelRow: async (_, path) => [await readModelRow(path)],
  readTableBatches: async (_, path) => {
    const rows = [];
    for await (const batch of readTableBatches(path)) rows.push(...batch.rows);
    return rows;
  },
};

/** What each read path makes of `bytes`: the architecture versions it read, or its error's code and message. */
async function everyRead(bytes: Uint8Array): Promise<Record<string, string>> {
  const path = join(folder, "table.arrow");
  writeFileSync(path, bytes);
  const outcomes: Record<string, string> = {};
  for (const [name, read] of Object.entries(READS)) {
    try {
      outcomes[name] = `read ${(await read(bytes, path)).map((row) => String(row.architecture_version))}`;
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      // The message names its source (the path, or "input" for bytes): the rest must be the same.
      outcomes[name] = `${code}: ${message.slice(message.indexOf(" is not ") + 1)}`;
    }
  }
  return outcomes;
}

function sameForEveryRead(outcome: string): Record<string, string> {
  return Object.fromEntries(Object.keys(READS).map((name) => [name, outcome]));
}

const BODIES = [
  ["an uncompressed file", "file", undefined],
  ["an uncompressed stream", "stream", undefined],
  ["an LZ4 file", "file", "lz4"],
  ["a ZSTD file", "file", "zstd"],
] as const;

/** A model row (1,000 zeros compress, so a compressed body holds buffers of odd lengths) in `form`. */
function modelRow(form: "file" | "stream", compression: TableCompression | undefined): Uint8Array {
  const weights = { arrays: [{ vec: new Float32Array(1000), size: [1000] }] };
  const file = writeModelRowBytes({ weights, architecture_version: 3n }, ModelV1SchemaVersion, { compression });
  return form === "file" ? file : tableToIPC(tableFromIPC(file), "stream");
}

test.each(BODIES)("%s as written reads alike on every path", async (_, form, compression) => {
  const bytes = modelRow(form, compression);
  if (compression !== undefined) {
    // Compressed bodies hold empty buffers off the 8-byte grid (apache-arrow's writer and ours
    // pad only before a buffer that holds bytes): the alignment rule must leave them be.
    expect(firstRecordBatch(bytes).buffers.some(({ first, second }) => second === 0n && first % 8n !== 0n)).toBe(true);
  }
  expect(await everyRead(bytes)).toEqual(sameForEveryRead("read 3"));
});

test.each(BODIES)("%s with a buffer one byte off alignment is corrupt on every path", async (_, form, compression) => {
  const bytes = modelRow(form, compression);
  const { buffers } = firstRecordBatch(bytes);
  // The last buffer holds architecture_version's one int64 (after an 8-byte length prefix when compressed).
  const last = buffers.length - 1;
  const { at, first: offset, second: length } = buffers[last]!;
  expect(length).toBe(compression === undefined ? 8n : 16n);
  const shifted = withInt64(bytes, at, offset - 1n);
  expect(await everyRead(shifted)).toEqual(
    sameForEveryRead(
      `not_arrow_file: is not a readable Arrow IPC file: buffer ${last} of a batch starts at byte ${offset - 1n} of its body, where Arrow's IPC format requires a multiple of 8; the file is corrupt`,
    ),
  );
});

test.each(BODIES)(
  "%s whose column holds fewer or more values than its batch has rows is corrupt on every path",
  async (_, form, compression) => {
    const bytes = modelRow(form, compression);
    // Node 0 is column 0's, `weights`: optional, so apache-arrow read a shorter column as a null.
    const { at } = firstRecordBatch(bytes).nodes[0]!;
    for (const values of [0n, 2n, 1n + 2n ** 48n]) {
      expect(await everyRead(withInt64(bytes, at, values))).toEqual(
        sameForEveryRead(
          `not_arrow_file: is not a readable Arrow IPC file: column 0 holds ${values} values where its record batch's length is 1; the file is corrupt`,
        ),
      );
    }
  },
);

test.each([
  ["an uncompressed file", "file", undefined],
  ["an uncompressed stream", "stream", undefined],
  ["a ZSTD file", "file", "zstd"],
] as const)("%s whose schema names two columns alike is corrupt on every path", async (_, form, compression) => {
  const file = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { compression });
  const bytes = form === "file" ? file : tableToIPC(tableFromIPC(file), "stream");
  // Columns 0 and 1 of test.all-types@1 are `flag` and `tiny`: the second renamed in every copy of the schema.
  const renamed = rewriteMetadata(bytes, "tiny", "flag", "all");
  expect(await everyRead(renamed)).toEqual(
    sameForEveryRead(
      'not_arrow_file: is not a readable Arrow IPC file: columns 0 and 1 are both named "flag", which apache-arrow cannot read; the file is corrupt',
    ),
  );
});

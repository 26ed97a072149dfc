/**
 * A record batch whose metadata misplaces a buffer (off Arrow's 8-byte alignment) or gives a
 * column more or fewer values than the batch has rows (guard/batch-layout.ts), and a schema with
 * two columns of one name. apache-arrow's views refused the misplaced buffer where the read by
 * the footer read its bytes shifted; apache-arrow cut or null-padded the column where the read
 * by the footer refused it or read it as nulls; and its batches give two columns of one name one
 * type, which the read by the footer took for a padded column and refused while the whole read
 * read on. Every read path must give the same answer: the same `NotArrowFileError` for the
 * first two, uncompressed and with LZ4 or ZSTD bodies, in both IPC formats; the same rows for
 * the third. (Found by the stream fuzz test: seed 20240611 at a 25 s budget, case 1465,
 * every-type table, a buffer offset 40 -> 39; case 1913, the same in a 3-batch file, 56 -> 57;
 * case 2553, column 10's field node length 3 -> 3 + 65535 * 2^32; seed 99 at 60 s, case 8148,
 * bit flips that emptied two column names.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Bool,
  Field,
  Int32,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Table,
  tableFromIPC,
  tableToIPC,
} from "apache-arrow";
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

type Read = (bytes: Uint8Array, path: string, column: string) => Promise<readonly object[]>;

/** Every way to read a table, each giving its rows (with `columns`, of `column` alone). */
const TABLE_READS: Readonly<Record<string, Read>> = {
  readTableBytes: async (bytes) => readTableBytes(bytes).rows,
  readTable: async (_, path) => (await readTable(path)).rows,
  "readTable, columns": async (_, path, column) => (await readTable(path, { columns: [column] })).rows,
  readTableBatches: async (_, path) => {
    const rows = [];
    for await (const batch of readTableBatches(path)) rows.push(...batch.rows);
    return rows;
  },
};
/** And of a model row, the table reads and the model row's own. */
const MODEL_ROW_READS: Readonly<Record<string, Read>> = {
  ...TABLE_READS,
  readModelRowBytes: async (bytes) => [readModelRowBytes(bytes)],
  readModelRow: async (_, path) => [await readModelRow(path)],
};

/** What each of `reads` makes of `bytes`: the values of `column` it read, or its error's code and reason. */
async function everyRead(
  bytes: Uint8Array,
  column: string,
  reads: Readonly<Record<string, Read>>,
): Promise<Record<string, string>> {
  const path = join(folder, "table.arrow");
  writeFileSync(path, bytes);
  const outcomes: Record<string, string> = {};
  for (const [name, read] of Object.entries(reads)) {
    try {
      const rows = (await read(bytes, path, column)) as readonly Record<string, unknown>[];
      outcomes[name] = `read ${rows.map((row) => String(row[column]))}`;
    } catch (error) {
      // Not the message, which names the source (a path, or "input" for bytes).
      const { code, reason, violations } = error as { code?: string; reason?: string; violations?: unknown };
      outcomes[name] = `${code}: ${reason ?? JSON.stringify(violations)}`;
    }
  }
  return outcomes;
}

function sameForEvery(reads: Readonly<Record<string, Read>>, outcome: string): Record<string, string> {
  return Object.fromEntries(Object.keys(reads).map((name) => [name, outcome]));
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
  expect(await everyRead(bytes, "architecture_version", MODEL_ROW_READS)).toEqual(
    sameForEvery(MODEL_ROW_READS, "read 3"),
  );
});

test.each(BODIES)("%s with a buffer one byte off alignment is corrupt on every path", async (_, form, compression) => {
  const bytes = modelRow(form, compression);
  const { buffers } = firstRecordBatch(bytes);
  // The last buffer holds architecture_version's one int64 (after an 8-byte length prefix when compressed).
  const last = buffers.length - 1;
  const { at, first: offset, second: length } = buffers[last]!;
  expect(length).toBe(compression === undefined ? 8n : 16n);
  const shifted = withInt64(bytes, at, offset - 1n);
  expect(await everyRead(shifted, "architecture_version", MODEL_ROW_READS)).toEqual(
    sameForEvery(
      MODEL_ROW_READS,
      `not_arrow_file: buffer ${last} of a batch starts at byte ${offset - 1n} of its body, where Arrow's IPC format requires a multiple of 8; the file is corrupt`,
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
      expect(await everyRead(withInt64(bytes, at, values), "architecture_version", MODEL_ROW_READS)).toEqual(
        sameForEvery(
          MODEL_ROW_READS,
          `not_arrow_file: column 0 holds ${values} values where its record batch's length is 1; the file is corrupt`,
        ),
      );
    }
  },
);

test.each([
  ["an uncompressed file", "file", undefined],
  ["an uncompressed stream", "stream", undefined],
  ["a ZSTD file", "file", "zstd"],
] as const)("%s with two columns of one name reads alike on every path", async (_, form, compression) => {
  const file = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { compression });
  const bytes = form === "file" ? file : tableToIPC(tableFromIPC(file), "stream");
  // Columns 1 and 11 of test.all-types@1, `tiny` and `text`, both optional, renamed alike in every
  // copy of the schema: two extra columns of one name, and none of either field (its values missing).
  const twoExtra = rewriteMetadata(rewriteMetadata(bytes, "tiny", "more", "all"), "text", "more", "all");
  expect(await everyRead(twoExtra, "double", TABLE_READS)).toEqual(sameForEvery(TABLE_READS, "read 0.5,0.5,0.5"));
  // Two columns of a declared field's name are a column violation naming it (errors.test.ts), on
  // every path that reads that field (a read of other columns does not look at them).
  const twoDeclared = rewriteMetadata(bytes, "tiny", "flag", "all");
  expect(await everyRead(twoDeclared, "flag", TABLE_READS)).toEqual(
    sameForEvery(
      TABLE_READS,
      expect.stringMatching(/^table_schema_invalid: .*2 columns named \\"flag\\"/) as unknown as string,
    ),
  );
});

test("a leaf column whose schema lists child fields (which apache-arrow ignores) reads alike on every path", async () => {
  // Found with Julia's containers in the every-type table (stream fuzz, seed 99, case 1444 at
  // 60 s): the guard counted those children's field nodes, so it compared every later column's
  // length with another node's (a TypeError on one path) and picked other columns' buffers.
  const table = tableFromIPC(writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion));
  const flag = table.schema.fields[0]!;
  const withChild = Object.assign(new Bool(), { children: [new Field("ignored", new Int32())] });
  const schema = new Schema([flag.clone({ type: withChild }), ...table.schema.fields.slice(1)], table.schema.metadata);
  const bytes = RecordBatchFileWriter.writeAll(
    new Table(
      schema,
      table.batches.map((b) => new RecordBatch(schema, b.data)),
    ),
  ).toUint8Array(true);
  expect(await everyRead(bytes, "double", TABLE_READS)).toEqual(sameForEvery(TABLE_READS, "read 0.5,0.5,0.5"));
});

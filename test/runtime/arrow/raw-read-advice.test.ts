/**
 * The advice of the errors a file without a registered schema version meets (no metadata, an
 * unknown version, a Legolas.jl < 0.5 layout) works on the files users hold, compressed ones too.
 * It used to say `tableFromIPC(readFileSync(path))`, which cannot decode a ZSTD body unless
 * legolas-ts has registered its codecs in the same process.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompressionType, Int64, RecordBatchFileWriter, Table, vectorFromArray, type RecordBatch } from "apache-arrow";
import { beforeAll, expect, test } from "vitest";
import { openTableFile, prepareCompression, readTable } from "legolas-ts";

const ADVICE =
  "read its record batches as plain Arrow with (await openTableFile(path)).recordBatches(), which decodes LZ4- and ZSTD-compressed files too, or look at it with `npx --no-install legolas inspect <path>`";

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "legolas-raw-"));
  await prepareCompression("zstd");
});

/** A ZSTD-compressed Arrow file of two rows, written by apache-arrow with the identifier given (or none). */
function zstdFile(name: string, identifier: string | null): string {
  const table = new Table({ epoch: vectorFromArray([1n, 2n], new Int64()) });
  if (identifier !== null) table.schema.metadata.set("legolas_schema_qualified", identifier);
  const path = join(dir, name);
  writeFileSync(
    path,
    RecordBatchFileWriter.writeAll(table, { compressionType: CompressionType.ZSTD }).toUint8Array(true),
  );
  return path;
}

/** The advice, followed: every value of the file, read as plain Arrow. */
async function followAdvice(path: string): Promise<bigint[]> {
  const batches: RecordBatch[] = [];
  for await (const batch of (await openTableFile(path)).recordBatches()) batches.push(batch);
  return new Table(batches).getChild("epoch")!.toArray() as unknown as bigint[];
}

test.each([
  ["an unknown schema version", "raw.unknown@1"],
  ["no Legolas metadata", null],
])("%s: the error's advice reads the compressed file", async (_, identifier) => {
  const path = zstdFile(`${identifier ?? "none"}.arrow`, identifier);
  await expect(readTable(path)).rejects.toThrow(ADVICE);
  expect([...(await followAdvice(path))]).toEqual([1n, 2n]);
});

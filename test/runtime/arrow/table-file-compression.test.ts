/** `TableFile.compression`: the codecs of a file's batches, known once it is opened (no batch decoded). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompressionType, Int64, RecordBatchStreamWriter, Table, vectorFromArray } from "apache-arrow";
import { expect, test } from "vitest";
import { ModelV1SchemaVersion, openTableFile, prepareCompression, writeTable } from "legolas-ts";

const dir = mkdtempSync(join(tmpdir(), "legolas-codec-"));

test.each([[undefined], ["lz4"], ["zstd"]] as const)("a file written with compression %s", async (compression) => {
  const path = join(dir, `${compression ?? "none"}.arrow`);
  await writeTable(path, [{ architecture_version: 1n }], ModelV1SchemaVersion, compression ? { compression } : {});
  const file = await openTableFile(path);
  expect(file.compression).toEqual(compression === undefined ? [] : [compression]);
  await file.close();
});

test("an Arrow stream's codec is found too", async () => {
  await prepareCompression("lz4");
  const table = new Table({ epoch: vectorFromArray([1n], new Int64()) });
  const path = join(dir, "stream.arrows");
  writeFileSync(
    path,
    RecordBatchStreamWriter.writeAll(table, { compressionType: CompressionType.LZ4_FRAME }).toUint8Array(true),
  );
  const file = await openTableFile(path);
  expect(file.format).toBe("stream");
  expect(file.compression).toEqual(["lz4"]);
  await file.close();
});

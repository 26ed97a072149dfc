/**
 * A table of no record batch at all (a schema and nothing else, as a writer may make an empty
 * table) with 128-bit integer columns, Julia's `Int128`/`UInt128`: apache-arrow makes empty data
 * of each field's type for it, which threw for Int(128), so `readTableBytes` refused the file as
 * not Arrow while `readTableBatches` read its 0 rows (found by the stream fuzz, seed 7, case 7778).
 * Every read path now reads 0 rows, in the file and the stream format.
 */
import { RecordBatchFileWriter, RecordBatchStreamWriter, type Schema } from "apache-arrow";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { readTable, readTableBatches, readTableBytes } from "legolas-ts";
import { JuliaScalarsV1SchemaVersion } from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-empty-wide-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The schema's file or stream, with no record batch. */
function schemaOnly(schema: Schema, Writer: typeof RecordBatchFileWriter | typeof RecordBatchStreamWriter): Uint8Array {
  const writer = new Writer();
  writer.reset(undefined, schema);
  writer.close();
  return writer.toUint8Array(true);
}

describe.each([
  ["file", RecordBatchFileWriter],
  ["stream", RecordBatchStreamWriter],
] as const)("a %s of int128 and uint128 columns and no record batch", (format, Writer) => {
  const schema = JuliaScalarsV1SchemaVersion.arrowSchema;
  const bytes = schemaOnly(schema, Writer);
  const path = join(folder, `empty.${format}.arrow`);
  writeFileSync(path, bytes);

  test("the schema holds 128-bit integers", () => {
    expect(schema.fields.filter((field) => String(field.type).endsWith("nt128")).map((f) => f.name)).toEqual([
      "wide",
      "unsigned_wide",
    ]);
  });

  test("reads as 0 rows on every path", async () => {
    expect(readTableBytes(bytes).rows).toHaveLength(0);
    expect((await readTable(path)).rows).toHaveLength(0);
    let rows = 0;
    for await (const batch of readTableBatches(path)) rows += batch.rows.length;
    expect(rows).toBe(0);
  });
});

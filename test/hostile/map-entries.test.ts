/**
 * A schema whose Map field's entries are no Struct of a key and a value (guard/ipc-bounds.ts).
 * apache-arrow's Map type reads its entries' fields without asking: the column check of a
 * `map<K, V>` field threw a TypeError ("object null is not iterable") where every read must end
 * in a typed error. (Found by the stream fuzz test with Julia's containers in the every-type
 * table: seed 7, case 3601 at a 60 s budget.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Field, Int64, Map_, RecordBatchFileWriter, Schema, type Struct } from "apache-arrow";
import { afterAll, expect, test } from "vitest";
import { readTableBatches, readTableBytes, SCHEMA_QUALIFIED_KEY } from "legolas-ts";
import { JuliaContainersV1SchemaVersion } from "../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-map-entries-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test("a map field whose entries are no key-value struct is refused on every path", async () => {
  const schema = new Schema(
    // What apache-arrow's types forbid is what a damaged file can say.
    [new Field("counts", new Map_(new Field("entries", new Int64(), false) as unknown as Field<Struct>), false)],
    new Map([[SCHEMA_QUALIFIED_KEY, JuliaContainersV1SchemaVersion.identifier]]),
  );
  // The schema alone, no batch: what is read is the schema.
  const writer = new RecordBatchFileWriter();
  writer.reset(undefined, schema);
  const bytes = writer.finish().toUint8Array(true);
  const path = join(folder, "map.arrow");
  writeFileSync(path, bytes);
  const refusal = {
    code: "not_arrow_file",
    message: expect.stringContaining("a field of a map type has entries that are no struct of a key and a value"),
  };
  expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining(refusal));
  const batched = async () => {
    for await (const _ of readTableBatches(path)) {
    }
  };
  await expect(batched()).rejects.toMatchObject(refusal);
});

/**
 * A file format's footer that says otherwise than what a reader by the footer reads
 * (readTableBatches, batch-loader.ts) and what a whole read reads (readTableBytes, apache-arrow):
 * each would read other values, so both must refuse it, as one corrupt file. (Found by the
 * stream fuzz test, seed 38: a model row's footer listing its record batch as a dictionary
 * batch too, which the whole read refused and the read by the footer read; and a union whose
 * mode became -1, laid out as a dense union by one reader and a sparse one by the other.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { readTableBatches, readTableBytes, writeTableBytes } from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../generated/index.js";
import { footerRoot, slotAt, target } from "./helpers/flatbuffer-slots.js";
import { allTypesRows } from "./helpers/outcomes.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-footer-schema-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The table file of the every-type rows, with `lie` told in its footer. */
function lyingFile(lie: (view: DataView) => void): Uint8Array {
  const bytes = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { batchSize: 1 });
  lie(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return bytes;
}

/** Footer {version, schema, dictionaries, recordBatches}: the dictionaries made the record batches' vector. */
function recordBatchesAsDictionaries(view: DataView): void {
  const root = footerRoot(view);
  const vtable = root - view.getInt32(root, true);
  view.setUint16(vtable + 4 + 2 * 2, view.getUint16(vtable + 4 + 2 * 3, true), true);
}

/** The union field `either` of the footer's schema given another mode (Union {mode: short, typeIds}). */
function unionMode(mode: number): (view: DataView) => void {
  return (view) => {
    const schema = target(view, slotAt(view, footerRoot(view), 1));
    const fields = target(view, slotAt(view, schema, 1));
    for (let k = 0; k < view.getUint32(fields, true); k++) {
      const field = target(view, fields + 4 + 4 * k);
      const name = target(view, slotAt(view, field, 0));
      const text = new TextDecoder().decode(
        new Uint8Array(view.buffer, view.byteOffset + name + 4, view.getUint32(name, true)),
      );
      if (text !== "either") continue;
      view.setInt16(slotAt(view, target(view, slotAt(view, field, 3)), 0), mode, true);
      return;
    }
    throw new Error("internal: no union field named either");
  };
}

async function readByFooter(bytes: Uint8Array, name: string): Promise<number> {
  const path = join(folder, `${name}.arrow`);
  writeFileSync(path, bytes);
  let rows = 0;
  for await (const batch of readTableBatches(path)) rows += batch.rows.length;
  return rows;
}

test.each([
  [
    "lists its record batches as dictionary batches",
    recordBatchesAsDictionaries,
    "its footer lists 3 dictionary batches, but its schema encodes no field with a dictionary",
  ],
  ["gives a union the mode -1", unionMode(-1), "a union field's mode is -1, neither Sparse (0) nor Dense (1)"],
  ["gives a union the mode 2", unionMode(2), "a union field's mode is 2, neither Sparse (0) nor Dense (1)"],
])("a footer that %s: both read paths refuse the file", async (name, lie, problem) => {
  const bytes = lyingFile(lie);
  const refusal = { code: "not_arrow_file", message: expect.stringContaining(`${problem}; the file is corrupt`) };
  await expect(readByFooter(bytes, name)).rejects.toMatchObject(refusal);
  expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining(refusal));
});

test("the same file, its footer untouched, reads whole both ways", async () => {
  const bytes = lyingFile(() => undefined);
  expect(await readByFooter(bytes, "honest")).toBe(3);
  expect(readTableBytes(bytes).rows.length).toBe(3);
});

/**
 * A file whose footer misstates a block's lengths (guard/ipc-bounds.ts): a read by the footer
 * (readTableBatches, batch-loader.ts) finds the body by the footer's lengths, a whole read
 * (readTableBytes, apache-arrow) by the message's own, so each would read other bytes. Both
 * refuse it, as one corrupt file. (Found by the stream fuzz test, seed 20240611, case 1162 of a
 * longer run: the first batch's metadata length 3488 -> 3496.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { readTableBatches, readTableBytes, writeTableBytes } from "legolas-ts";
import { JuliaScalarsV1SchemaVersion } from "../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-footer-lengths-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const row = { half: 1, wide: 1n, name: "a", letter: "a", count: 1, amount: 1, elapsed: 1n };

/** A table file whose footer block of its record batch has `field` changed by `by` bytes. */
function lyingFooter(field: "metaDataLength" | "bodyLength", by: number): Uint8Array {
  const bytes = writeTableBytes([row, row], JuliaScalarsV1SchemaVersion);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const footerStart = bytes.length - 10 - view.getInt32(bytes.length - 10, true);
  // Block {offset: int64, metaDataLength: int32, bodyLength: int64}: the one whose offset holds a message prefix.
  for (let at = footerStart; at + 24 <= bytes.length - 10; at += 4) {
    const offset = Number(view.getBigInt64(at, true));
    const metaDataLength = view.getInt32(at + 8, true);
    const bodyLength = Number(view.getBigInt64(at + 16, true));
    if (offset > 0 && offset % 8 === 0 && offset + 8 < footerStart && view.getUint32(offset, true) === 0xffffffff)
      if (
        metaDataLength === 8 + view.getInt32(offset + 4, true) &&
        offset + metaDataLength + bodyLength < footerStart
      ) {
        if (field === "metaDataLength") view.setInt32(at + 8, metaDataLength + by, true);
        else view.setBigInt64(at + 16, BigInt(bodyLength + by), true);
        return bytes;
      }
  }
  throw new Error("no record batch block found");
}

test.each([
  ["metaDataLength", 8],
  ["bodyLength", 8],
] as const)("a footer block's %s changed by %i: both read paths refuse the file", async (field, by) => {
  const bytes = lyingFooter(field, by);
  const path = join(folder, `${field}.arrow`);
  writeFileSync(path, bytes);
  const batched = async () => {
    for await (const _ of readTableBatches(path)) {
    }
  };
  await expect(batched()).rejects.toMatchObject({ code: "not_arrow_file" });
  expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining({ code: "not_arrow_file" }));
});

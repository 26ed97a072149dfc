/**
 * A model may have more weight arrays than a call's argument list or the stack can hold: nothing
 * on the write or read path spreads them into a call or recurses over them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { FlatArray, ModelV1SchemaVersion, readModelRow, Weights, writeModelRow } from "legolas-ts";

const folder = mkdtempSync(join(tmpdir(), "legolas-many-arrays-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test("writeModelRow and readModelRow with 125,000 tiny weight arrays", async () => {
  const count = 125_000;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = i;
  const arrays = Array.from({ length: count }, (_, i) => new FlatArray(values.subarray(i, i + 1), [1]));
  const path = join(folder, "many.model.arrow");
  await writeModelRow(path, { weights: new Weights(arrays) }, ModelV1SchemaVersion);
  const row = await readModelRow(path);
  expect(row.weights!.arrays).toHaveLength(count);
  expect(row.weights!.parameterCount).toBe(count);
  expect(row.weights!.arrays[count - 1]!.vec[0]).toBe(count - 1);
});

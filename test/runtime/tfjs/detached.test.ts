/**
 * The aliasing rule of `loadWeights`: by default the model owns a copy, so what happens to the
 * row's buffers afterwards cannot touch it; a `vec` whose buffer was transferred away is named
 * as such, with a typed error, before anything is loaded. `loadModelRow` reads the bytes itself,
 * so it hands them to the model without a second copy.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { fetchWeights, loadModelRow, loadWeights, tfjsToFlux } from "legolas-ts/tfjs";
import { readModelRowBytes, writeModelRow, writeModelRowBytes, ModelV1SchemaVersion } from "legolas-ts";
import { bitsOf, denseNet, predictions, useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

/** A row read from bytes: its `vec`s view one buffer, the whole file's. */
function rowOf(model: ReturnType<typeof denseNet>) {
  return readModelRowBytes(writeModelRowBytes({ weights: fetchWeights(model) }, ModelV1SchemaVersion));
}

test("a detached vec is a DetachedWeightsError naming the array, and the model is unchanged", () => {
  const row = rowOf(denseNet());
  const buffer = row.weights!.arrays[0]!.vec.buffer;
  structuredClone(buffer, { transfer: [buffer] });
  const model = denseNet();
  const before = bitsOf(fetchWeights(model));
  expect(() => loadWeights(model, row.weights!)).toThrow(
    expect.objectContaining({
      name: "DetachedWeightsError",
      code: "weights_detached",
      index: 0,
      message: expect.stringMatching(/detached buffer/),
    }),
  );
  expect(bitsOf(fetchWeights(model))).toEqual(before);
});

test("loaded with the default copy, a model keeps predicting after the row's buffer is transferred", () => {
  const source = denseNet();
  const row = rowOf(source);
  const model = denseNet();
  loadWeights(model, row.weights!);
  const expected = predictions(source);
  const buffer = row.weights!.arrays[0]!.vec.buffer;
  structuredClone(buffer, { transfer: [buffer] });
  expect(predictions(model)).toEqual(expected);
});

const folder = mkdtempSync(join(tmpdir(), "legolas-aliasing-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test("loadModelRow gives the model the bytes it read, without a second copy; { copy: true } copies", async () => {
  const path = join(folder, "row.model.arrow");
  await writeModelRow(path, { weights: fetchWeights(denseNet()) }, ModelV1SchemaVersion);
  const variableBuffer = (model: ReturnType<typeof denseNet>) =>
    (model.layers[0]!.getWeights()[0]!.dataSync() as Float32Array).buffer;

  const shared = denseNet();
  const row = await loadModelRow(shared, path);
  expect(variableBuffer(shared)).toBe(row.weights.arrays[0]!.vec.buffer);

  const own = denseNet();
  const copied = await loadModelRow(own, path, { copy: true });
  expect(variableBuffer(own)).not.toBe(copied.weights.arrays[0]!.vec.buffer);
  expect(predictions(own)).toEqual(predictions(shared));
});

test("a model whose memory went with a transferred buffer: fetchWeights and tfjsToFlux name the variable with a DetachedWeightsError", async () => {
  const path = join(folder, "shared.model.arrow");
  await writeModelRow(path, { weights: fetchWeights(denseNet()) }, ModelV1SchemaVersion);
  const model = denseNet();
  const row = await loadModelRow(model, path); // the model's variables are the row's vecs (no copy)
  const buffer = row.weights.arrays[0]!.vec.buffer;
  structuredClone(buffer, { transfer: [buffer] }); // as postMessage(row.weights, [buffer]) does
  const refused = expect.objectContaining({
    name: "DetachedWeightsError",
    code: "weights_detached",
    index: 0,
    layerName: model.layers[0]!.name,
    variableName: `${model.layers[0]!.name}/kernel`,
    message: expect.stringMatching(
      /^cannot fetch weights: weights\[0\] .* has no values any more\. .* transfer a copy/,
    ),
  });
  expect(() => fetchWeights(model)).toThrow(refused);
  expect(() => fetchWeights(model, { copy: false })).toThrow(refused);
  expect(() => tfjsToFlux(model)).toThrow(refused);

  // As the message says: loading again gives the model values to fetch.
  const source = denseNet();
  loadWeights(model, fetchWeights(source));
  expect(bitsOf(fetchWeights(model))).toEqual(bitsOf(fetchWeights(source)));
});

/**
 * The aliasing rule of `loadWeights`: by default the model owns a copy, so what happens to the
 * row's buffers afterwards cannot touch it; a `vec` whose buffer was transferred away is named
 * as such, with a typed error, before anything is loaded.
 */
import { beforeAll, expect, test } from "vitest";
import { fetchWeights, loadWeights, readModelRowBytes, writeModelRowBytes, ModelV1SchemaVersion } from "legolas-ts";
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
    expect.objectContaining({ name: "DetachedWeightsError", code: "weights_detached", index: 0, message: expect.stringMatching(/detached buffer/) }),
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

/**
 * Saving without staging the weights in a new buffer (issue 24): `fetchWeights(model, { copy:
 * false })` hands over the tensors' own data, and a model row written from it is the same file,
 * byte for byte, as one written from the copied weights; compressed too. Training afterwards
 * does not change the fetched values (tfjs replaces a variable's data when it assigns). `copy`
 * takes `true` or `false` only, so that no other value shares buffers by being falsy.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import {
  fetchWeights,
  legolasModelRow,
  legolasModelRowFrom,
  loadModelRow,
  loadModelRowFrom,
  loadWeights,
} from "legolas-ts/tfjs";
import { ModelV1SchemaVersion, readModelRowBytes, writeModelRowBytes } from "legolas-ts";
import { prepareCompression } from "legolas-ts";
import { bitsOf, denseNet, digitsConvNet, trainBriefly, useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

describe("fetchWeights(model, { copy: false })", () => {
  test("gives the tensors' own data, no copy", () => {
    const model = denseNet();
    const weights = fetchWeights(model, { copy: false });
    weights.arrays.forEach((array, k) => expect(array.vec).toBe(model.weights[k]!.read().dataSync()));
    expect(bitsOf(weights)).toEqual(bitsOf(fetchWeights(model)));
  });

  test("keeps the values of the moment it was called while the model trains", async () => {
    const model = digitsConvNet();
    const fetched = fetchWeights(model, { copy: false });
    const before = bitsOf(fetchWeights(model));
    await trainBriefly(model);
    expect(bitsOf(fetched)).toEqual(before);
    expect(bitsOf(fetchWeights(model))).not.toEqual(before);
  });

  test.each([undefined, "lz4", "zstd"] as const)(
    "writes the same model row as the copied weights (compression %s)",
    async (compression) => {
      if (compression !== undefined) await prepareCompression(compression);
      // Arrays of 64 KiB on average: written one after the other (smaller ones are joined first).
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [128], units: 256 })] });
      const options = compression === undefined ? {} : { compression };
      const row = (copy: boolean) => ({ weights: fetchWeights(model, { copy }), architecture_version: 1n });
      const shared = writeModelRowBytes(row(false), ModelV1SchemaVersion, options);
      expect(shared).toEqual(writeModelRowBytes(row(true), ModelV1SchemaVersion, options));
      expect(bitsOf(readModelRowBytes(shared).weights!)).toEqual(bitsOf(fetchWeights(model)));
    },
  );
});

test("copy takes true or false only: copy: 0 would have loaded the model onto the caller's buffers", () => {
  const model = denseNet();
  const before = bitsOf(fetchWeights(model));
  const weights = fetchWeights(denseNet());
  const refused = expect.objectContaining({
    name: "InvalidOptionError",
    option: "copy",
    message: expect.stringMatching(/^options\.copy is .*: pass true or false, or leave it out for the default$/),
  });
  for (const copy of [0, 1, "no", null] as const) {
    const options = { copy } as unknown as { copy: boolean };
    expect(() => loadWeights(model, weights, options)).toThrow(refused);
    expect(() => fetchWeights(model, options)).toThrow(refused);
  }
  expect(bitsOf(fetchWeights(model))).toEqual(before);
});

test("the model-row loaders and handlers refuse an expectedArchitectureVersion that is no integer before they read", async () => {
  const model = denseNet();
  const refused = expect.objectContaining({
    name: "InvalidOptionError",
    option: "expectedArchitectureVersion",
    message: expect.stringContaining("an integer: a bigint, or a number that is a safe integer"),
  });
  const missing = "no-such-folder/model-row.arrow";
  for (const expectedArchitectureVersion of [2.5, "3", Number.NaN, 2 ** 60] as const) {
    const options = { expectedArchitectureVersion } as never;
    await expect(loadModelRow(model, missing, options)).rejects.toThrow(refused);
    await expect(loadModelRowFrom(model, new Response(null, { status: 404 }), options)).rejects.toThrow(refused);
    expect(() => legolasModelRow(missing, { model, ...(options as object) })).toThrow(refused);
    expect(() => legolasModelRowFrom(new Response(null, { status: 404 }), { model, ...(options as object) })).toThrow(
      refused,
    );
  }
});

test("the model-row loaders refuse a bad copy or schemaVersion before they read the row", async () => {
  const model = denseNet();
  const refused = (option: string) => expect.objectContaining({ name: "InvalidOptionError", option });
  // Read first, the missing file would be a FileAccessError and the failed response a SourceReadError.
  const missing = "no-such-folder/model-row.arrow";
  const failed = () => new Response(null, { status: 404 });
  const copy = { copy: 0 } as never;
  const schemaVersion = { schemaVersion: "legolas-flux.model@1" } as never;
  await expect(loadModelRow(model, missing, copy)).rejects.toThrow(refused("copy"));
  await expect(loadModelRowFrom(model, failed(), copy)).rejects.toThrow(refused("copy"));
  await expect(loadModelRowFrom(model, failed(), schemaVersion)).rejects.toThrow(refused("schemaVersion"));
  // Checked with the handler's own options, as it is made: a source's read options are known then.
  expect(() => legolasModelRowFrom(failed(), { model, ...(schemaVersion as object) })).toThrow(
    refused("schemaVersion"),
  );
});

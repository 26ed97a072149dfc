/**
 * The model a call is given: every door that moves weights checks that it is a LayersModel before
 * it reads or writes anything, and says what to pass instead.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, expect, test } from "vitest";
import { writeModelRowBytes } from "legolas-ts";
import {
  fetchWeights,
  findWeightsMismatch,
  fluxToTfjs,
  loadModelRowFrom,
  loadWeights,
  modelVariables,
  tfjsToFlux,
} from "legolas-ts/tfjs";
import { denseNet, useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

test("a GraphModel, a single layer or nothing is a TypeError that names the LayersModel to pass", async () => {
  const weights = fetchWeights(denseNet());
  const layer = denseNet().layers[0]!;
  for (const [value, found] of [
    [new tf.GraphModel("model.json"), /not a GraphModel: .*tf\.loadGraphModel/],
    [layer, /not a Dense:/],
    [undefined, /not undefined:/],
  ] as const) {
    const model = value as unknown as tf.LayersModel;
    const refused = expect.objectContaining({
      name: "TypeError",
      message: expect.stringMatching(new RegExp(`^model must be a tfjs LayersModel .*${found.source}`)),
    });
    expect(() => modelVariables(model)).toThrow(refused);
    expect(() => fetchWeights(model)).toThrow(refused);
    expect(() => loadWeights(model, weights)).toThrow(refused);
    expect(() => findWeightsMismatch(model, weights)).toThrow(refused);
    expect(() => tfjsToFlux(model)).toThrow(refused);
    expect(() => fluxToTfjs(weights.withLayout("flux"), model)).toThrow(refused);
  }
  await expect(loadModelRowFrom(layer as never, writeModelRowBytes({ weights }))).rejects.toMatchObject({
    name: "ModelRowHandlerError",
  });
});

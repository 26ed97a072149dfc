/**
 * The model a call is given: every door that moves weights checks that it is a LayersModel, and
 * one whose variables were not disposed, before it reads or writes anything, and says what to
 * pass instead.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { writeModelRowBytes } from "legolas-ts";
import {
  fetchWeights,
  findWeightsMismatch,
  fluxToTfjs,
  legolasModelRowFrom,
  loadModelRowFrom,
  loadWeights,
  modelVariables,
  tfjsToFlux,
} from "legolas-ts/tfjs";
import { bitsOf, denseNet, predictions, useCpuBackend } from "./helpers.js";

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

describe("a disposed model", () => {
  const disposed = (operation: string, index: number, layerName: string) =>
    expect.objectContaining({
      name: "DisposedModelError",
      code: "model_disposed",
      operation,
      index,
      layerName,
      message: expect.stringMatching(
        new RegExp(`^cannot ${operation} weights: the model was disposed \\(model\\.dispose\\(\\)`),
      ),
    });

  test("loading into it, from weights or a row, is a DisposedModelError that says to build it again", async () => {
    const weights = fetchWeights(denseNet());
    const model = denseNet();
    const first = model.layers[0]!.name;
    model.dispose();
    const tensors = tf.memory().numTensors;
    expect(() => loadWeights(model, weights)).toThrow(disposed("load", 0, first));
    expect(() => loadWeights(model, weights)).toThrow(/Nothing was loaded\. Build the model again/);
    await expect(loadModelRowFrom(model, writeModelRowBytes({ weights }))).rejects.toMatchObject(
      disposed("load", 0, first),
    );
    expect(tf.memory().numTensors).toBe(tensors);
  });

  test("fetching from it, for a row or for Flux, is a DisposedModelError that says to fetch first", () => {
    const model = denseNet();
    const first = model.layers[0]!.name;
    model.dispose();
    expect(() => fetchWeights(model)).toThrow(disposed("fetch", 0, first));
    expect(() => fetchWeights(model)).toThrow(/Fetch the weights before disposing the model/);
    expect(() => writeModelRowBytes({ weights: fetchWeights(model) })).toThrow(disposed("fetch", 0, first));
    expect(() => tfjsToFlux(model)).toThrow(disposed("fetch", 0, first));
  });

  test("one disposed layer of a live model: refused, naming it, before any other variable is written", () => {
    const model = denseNet();
    const head = model.layers[1]!;
    const kept = model.layers[0]!.getWeights().map((tensor) => tensor.dataSync().slice());
    head.dispose();
    expect(() => loadWeights(model, fetchWeights(denseNet()))).toThrow(disposed("load", 2, head.name));
    expect(model.layers[0]!.getWeights().map((tensor) => tensor.dataSync())).toEqual(kept);
  });

  test("a disposed template still gives the IOHandler its topology: its values play no part", async () => {
    const source = denseNet();
    const template = denseNet();
    template.dispose();
    const loaded = await tf.loadLayersModel(
      legolasModelRowFrom(writeModelRowBytes({ weights: fetchWeights(source) }), { model: template }),
    );
    expect(bitsOf(fetchWeights(loaded))).toEqual(bitsOf(fetchWeights(source)));
    expect(predictions(loaded)).toEqual(predictions(source));
  });
});

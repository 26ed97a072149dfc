/**
 * Weights that do not fit are refused before anything is written: the error names the first bad
 * position, its layer and both shapes, and the model keeps every bit it had.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { FlatArray, ModelV1SchemaVersion, readModelRowBytes, Weights, writeModelRowBytes } from "legolas-ts";
import {
  fetchWeights,
  findWeightsMismatch,
  fluxToTfjs,
  loadModelRowFrom,
  loadWeights,
  tfjsToFlux,
  type WeightsMismatchError,
} from "legolas-ts/tfjs";
import { bitsOf, denseNet, digitsConvNet, predictions, useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

/** Runs `load`, expecting a refusal; checks the model is untouched and no tensor leaked. */
function refusal(model: tf.LayersModel, load: () => void): WeightsMismatchError {
  const bits = bitsOf(fetchWeights(model));
  const outputs = predictions(model);
  const tensors = tf.memory().numTensors;
  let caught: unknown;
  try {
    load();
  } catch (error) {
    caught = error;
  }
  expect(caught).toMatchObject({ name: "WeightsMismatchError", code: "weights_mismatch" });
  expect(bitsOf(fetchWeights(model))).toEqual(bits);
  expect(predictions(model)).toEqual(outputs);
  expect(tf.memory().numTensors).toBe(tensors);
  return caught as WeightsMismatchError;
}

describe("a model of another architecture", () => {
  test("first layer wider: refused at index 0 with layer name and both shapes", () => {
    const [model, wider] = [denseNet(4), fetchWeights(denseNet(5))];
    const error = refusal(model, () => loadWeights(model, wider));
    const layer = model.layers[0]!.name;
    expect(error.message).toBe(
      `weights[0] (layer "${layer}", variable "${layer}/kernel"): the model expects shape [8, 4] ` +
        `(Julia size (4, 8)) but the weights hold shape [8, 5] (Julia size (5, 8)). ` +
        `The model was left unchanged. Build the model with the architecture that produced these weights.`,
    );
    expect(error).toMatchObject({
      reason: "shape",
      index: 0,
      layerName: layer,
      variableName: `${layer}/kernel`,
      expectedShape: [8, 4],
      foundShape: [8, 5],
      expectedCount: 4,
      foundCount: 4,
    });
  });

  test("only the last array differs: nothing before it was written either", () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [8], units: 4 }), tf.layers.dense({ units: 3 })],
    });
    const other = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [8], units: 4 }), tf.layers.dense({ units: 3, useBias: false })],
    });
    const weights = fetchWeights(other);
    const tampered = new Weights([...weights.arrays, new FlatArray(new Float32Array(2), [2])]);
    const error = refusal(model, () => loadWeights(model, tampered));
    expect(error).toMatchObject({ reason: "shape", index: 3, expectedShape: [3], foundShape: [2] });
    expect(error.message).toMatch(/^weights\[3\] \(layer "dense_Dense\d+", variable "dense_Dense\d+\/bias"\)/);
  });

  test("a bias switched off before a BatchNormalization: the shape refused later says the counts differ", () => {
    const build = (useBias: boolean) =>
      tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [8], units: 6, useBias }),
          tf.layers.batchNormalization(),
          tf.layers.dense({ units: 6 }),
        ],
      });
    const [model, withBias] = [build(false), fetchWeights(build(true))];
    const error = refusal(model, () => loadWeights(model, withBias));
    // The bias and the four BatchNormalization vectors all hold 6 values: the first shape that differs is the last Dense's kernel.
    expect(error).toMatchObject({ reason: "shape", index: 5, expectedCount: 7, foundCount: 8 });
    expect(error.message).toMatch(
      /holds? shape \[6\] \(Julia size \(6,\)\)\. The model has 7 weight arrays and the weights 8: an array missing or extra before this position .* moves the ones after it, so look there too\. The model was left unchanged\./,
    );
  });

  test("one layer fewer: the count is named, and the first variable left without a value", () => {
    const model = digitsConvNet();
    const withoutHead = new Weights(fetchWeights(digitsConvNet()).arrays.slice(0, 6));
    const error = refusal(model, () => loadWeights(model, withoutHead));
    const head = model.layers[3]!.name;
    expect(error.message).toBe(
      `the model has 8 weight arrays but the weights hold 6: the model variable at index 6 ` +
        `(layer "${head}", variable "${head}/kernel") gets no value. The model was left unchanged. ` +
        `Build the model with the architecture that produced these weights.`,
    );
    expect(error).toMatchObject({ reason: "count", index: 6, foundShape: null, expectedShape: [144, 10] });
  });

  test("one array too many", () => {
    const model = denseNet();
    const extra = new Weights([...fetchWeights(model).arrays, new FlatArray(new Float32Array(1), [1])]);
    const error = refusal(model, () => loadWeights(model, extra));
    expect(error.message).toMatch(
      /^the model has 4 weight arrays but the weights hold 5: weights\[4\] has no model variable to go to\./,
    );
    expect(error).toMatchObject({ reason: "count", index: 4, layerName: null, expectedShape: null, foundShape: [1] });
  });
});

describe("element types", () => {
  /** A layer with an int32 counter, as custom layers sometimes keep. */
  class StepCounter extends tf.layers.Layer {
    static className = "StepCounter";
    override build(): void {
      this.addWeight("steps", [1], "int32", tf.initializers.zeros(), undefined, false);
      this.built = true;
    }
    override call(input: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return Array.isArray(input) ? input[0]! : input;
    }
  }
  const withCounter = () =>
    tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 3 }), new StepCounter({})] });

  test("fetchWeights refuses an int32 variable by name", () => {
    const model = withCounter();
    const counter = model.layers[1]!.name;
    expect(() => fetchWeights(model)).toThrow(
      expect.objectContaining({
        name: "UnsupportedWeightDtypeError",
        code: "weight_dtype_unsupported",
        index: 2,
        variableName: `${counter}/steps`,
        message: expect.stringMatching(
          new RegExp(
            `^weights\\[2\\]: layer "${counter}" variable "${counter}/steps" has dtype int32, but Weights store float32 values only`,
          ),
        ),
      }),
    );
  });

  test("loadWeights refuses float32 values for an int32 variable", () => {
    const model = withCounter();
    const weights = new Weights([
      ...fetchWeights(denseNet(3)).arrays.slice(0, 2),
      new FlatArray(new Float32Array([7]), [1]),
    ]);
    // The Dense kernel must not be written before the counter is found wanting.
    const kernel = model.layers[0]!.getWeights()[0]!.dataSync().slice();
    let caught: unknown;
    try {
      loadWeights(model, weights);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ reason: "dtype", index: 2, expectedDtype: "int32", foundDtype: "float32" });
    expect(model.layers[0]!.getWeights()[0]!.dataSync()).toEqual(kernel);
  });

  test("an int32 variable is refused whatever the weights hold, saying that weights load into float32 variables only", () => {
    const model = withCounter();
    const dense = fetchWeights(denseNet(3)).arrays.slice(0, 2);
    const int32 = dense.map((array) => new FlatArray(Int32Array.from(array.vec), array.size));
    for (const arrays of [
      [...int32, new FlatArray(Int32Array.of(7), [1])],
      [...dense, new FlatArray(Float32Array.of(7), [1])],
    ]) {
      expect(() => loadWeights(model, new Weights<Int32Array | Float32Array>(arrays))).toThrow(
        expect.objectContaining({
          name: "WeightsMismatchError",
          message: expect.stringMatching(
            /^weights\[2\] \(.*\): the model's variable is int32, and weights load into float32 variables only .*Keep that state outside the weights/,
          ),
        }),
      );
    }
  });

  test("a Uint8ClampedArray vec (no Weights element type) is a dtype mismatch, named as such", () => {
    const model = denseNet();
    const stored = structuredClone(fetchWeights(model));
    const bytes = {
      arrays: stored.arrays.map((array, i) =>
        i === 1 ? { vec: Uint8ClampedArray.from(array.vec), size: array.size } : array,
      ),
    };
    const error = refusal(model, () => loadWeights(model, bytes as never));
    expect(error.message).toMatch(
      /^weights\[1\] \(.*\): the model expects float32 values but the weights hold Uint8ClampedArray\./,
    );
  });
});

test("findWeightsMismatch answers without loading", () => {
  const model = denseNet();
  expect(findWeightsMismatch(model, fetchWeights(denseNet()))).toBeNull();
  expect(findWeightsMismatch(model, fetchWeights(denseNet(6)))).toMatchObject({ reason: "shape", index: 0 });
});

test("findWeightsMismatch refuses weights in Flux's layout as loadWeights does, even where every shape fits", () => {
  const model = denseNet();
  const tfjs = fetchWeights(model);
  // The same shapes, stated as Flux's: "fits" would send a caller to a load that refuses them.
  const flux = new Weights(tfjs.arrays, { layout: "flux" });
  expect(() => loadWeights(model, flux)).toThrow(expect.objectContaining({ name: "WeightsLayoutError" }));
  expect(() => findWeightsMismatch(model, flux)).toThrow(expect.objectContaining({ name: "WeightsLayoutError" }));
});

test("a broken value is a TypeError, not a mismatch", () => {
  const model = denseNet();
  const broken = { arrays: [{ vec: new Float32Array(3), size: [8, 4] }] };
  expect(() => loadWeights(model, broken)).toThrow(
    "weights.arrays[0] is not a FlatArray: size [8,4] holds 32 values but vec has 3",
  );
});

test("a model row or model.getWeights() given where weights go is named as such, by loadWeights, findWeightsMismatch and fluxToTfjs", () => {
  const model = denseNet();
  const before = bitsOf(fetchWeights(model));
  const row = readModelRowBytes(writeModelRowBytes({ weights: fetchWeights(denseNet()) }));
  const asRow = new TypeError(
    "weights must be a Weights value (an object with an `arrays` list), not a legolas-flux.model@1 row: a model row " +
      "holds its Weights in its `weights` field, so pass row.weights",
  );
  expect(() => loadWeights(model, row as never)).toThrow(asRow);
  expect(() => findWeightsMismatch(model, row as never)).toThrow(asRow);
  expect(() => fluxToTfjs(row as never, model)).toThrow(asRow);
  expect(() => loadWeights(model, model.getWeights() as never)).toThrow(
    new TypeError(
      "weights must be a Weights value (an object with an `arrays` list), not an array of length 4: an array is none " +
        "(model.getWeights() gives tensors); fetchWeights(model) gives a model's Weights, new Weights([new FlatArray(vec, size), ...]) one of arrays",
    ),
  );
  expect(bitsOf(fetchWeights(model))).toEqual(before);
});

test("broken weights are refused with a typed error that says what is wrong, by loadWeights and fluxToTfjs, the model unchanged", async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [3, 3, 1], filters: 2, kernelSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ],
  });
  const before = bitsOf(fetchWeights(model));
  const flux = tfjsToFlux(model);
  const arrays = [...fetchWeights(model).arrays];
  delete (arrays as unknown[])[1];
  expect(() => loadWeights(model, { arrays })).toThrow(
    new TypeError("weights.arrays[1] is missing: a Weights value holds a FlatArray at every index"),
  );
  expect(() => loadWeights(model, { arrays: fetchWeights(model).arrays, layout: "pytorch" } as never)).toThrow(
    /weights.layout must be "tfjs", "flux" or absent/,
  );
  const detached = new Weights(
    flux.arrays.map((array) => new FlatArray(array.vec.slice(), array.size)),
    { layout: "flux" },
  );
  for (const index of [0, 2]) {
    const buffer = detached.arrays[index]!.vec.buffer;
    structuredClone(buffer, { transfer: [buffer] });
  }
  expect(() => fluxToTfjs(detached, model)).toThrow(
    expect.objectContaining({ name: "DetachedWeightsError", index: 0 }),
  );
  const short = {
    arrays: flux.arrays.map((array, k) => (k === 2 ? { vec: new Float32Array(3), size: array.size } : array)),
  };
  expect(() => fluxToTfjs(short, model)).toThrow(/weights.arrays\[2\] is not a FlatArray/);
  expect(() => fluxToTfjs(null as never, model)).toThrow(/weights must be a Weights value/);
  const row = writeModelRowBytes({ weights: fetchWeights(model), architecture_version: 1n }, ModelV1SchemaVersion);
  await expect(
    loadModelRowFrom(model, row, { schemaVersion: ModelV1SchemaVersion, expectedArchitectureVersion: 2.5 }),
  ).rejects.toThrow(expect.objectContaining({ name: "InvalidOptionError", option: "expectedArchitectureVersion" }));
  expect(bitsOf(fetchWeights(model))).toEqual(before);
});

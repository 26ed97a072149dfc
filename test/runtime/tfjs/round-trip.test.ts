/**
 * What a user relies on: weights fetched from one model, passed through a storage stand-in
 * (structuredClone, as Arrow would hand back plain data), load into a freshly built model of the
 * same architecture, which then holds the same bits and predicts the same numbers.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { fetchWeights, loadWeights } from "legolas-ts/tfjs";
import { Weights } from "legolas-ts";
import { bitsOf, denseNet, digitsConvNet, predictions, trainBriefly, useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

/** Fetch from `trained`, clone, load into `fresh`; both must then agree bit for bit. */
function expectRoundTrip(trained: tf.LayersModel, fresh: tf.LayersModel): void {
  const saved = fetchWeights(trained);
  const stored = structuredClone(saved); // loses the classes, keeps the Float32Arrays
  expect(stored).not.toBeInstanceOf(Weights);
  expect(predictions(fresh)).not.toEqual(predictions(trained));

  const tensorsBefore = tf.memory().numTensors;
  loadWeights(fresh, stored);
  expect(tf.memory().numTensors).toBe(tensorsBefore);

  expect(bitsOf(fetchWeights(fresh))).toEqual(bitsOf(saved));
  expect(predictions(fresh)).toEqual(predictions(trained));
}

describe("round trip into a fresh build (different automatic names)", () => {
  test("Dense", () => {
    const [a, b] = [denseNet(), denseNet()];
    expect(a.layers[0]!.name).not.toBe(b.layers[0]!.name);
    expectRoundTrip(a, b);
  });

  test("Conv2D + BatchNormalization after training: moving statistics travel too", async () => {
    const trained = digitsConvNet();
    await trainBriefly(trained);
    const batchNorm = fetchWeights(trained).arrays.slice(2, 6); // conv kernel, bias, then BN's four
    const [, , movingMean, movingVariance] = batchNorm;
    expect(movingMean!.vec.some((value) => value !== 0)).toBe(true);
    expect(movingVariance!.vec.some((value) => value !== 1)).toBe(true);
    expectRoundTrip(trained, digitsConvNet());
  });

  test("a Dense layer applied twice is stored once", () => {
    const build = () => {
      const input = tf.input({ shape: [5] });
      const shared = tf.layers.dense({ units: 5, activation: "tanh" });
      const output = tf.layers.dense({ units: 2 }).apply(shared.apply(shared.apply(input))) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: output });
    };
    const model = build();
    expect(fetchWeights(model).arrays.map((array) => array.size)).toEqual([[5, 5], [5], [2, 5], [2]]);
    expectRoundTrip(model, build());
  });

  test("functional model with two branches", () => {
    const build = () => {
      const input = tf.input({ shape: [6] });
      const left = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
      const right = tf.layers.dense({ units: 2, activation: "relu" }).apply(input) as tf.SymbolicTensor;
      const joined = tf.layers.concatenate().apply([left, right]) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(joined) as tf.SymbolicTensor });
    };
    expectRoundTrip(build(), build());
  });

  test("nested model: its layers' weights sit where the nested model sits", async () => {
    const build = () => {
      const encoder = tf.sequential({
        layers: [tf.layers.dense({ inputShape: [8], units: 6 }), tf.layers.batchNormalization()],
      });
      const input = tf.input({ shape: [8] });
      const head = tf.layers.dense({ units: 3, activation: "softmax" });
      return tf.model({ inputs: input, outputs: head.apply(encoder.apply(input)) as tf.SymbolicTensor });
    };
    const trained = build();
    await trainBriefly(trained);
    expect(fetchWeights(trained).arrays.map((array) => array.size)).toEqual([
      [6, 8],
      [6],
      [6],
      [6],
      [6],
      [6],
      [3, 6],
      [3],
    ]);
    expectRoundTrip(trained, build());
  });
});

describe("the Weights value and the model never share memory", () => {
  test("writing into fetched weights leaves the model alone", () => {
    const model = denseNet();
    const before = predictions(model);
    fetchWeights(model).arrays[0]!.vec.fill(42);
    expect(predictions(model)).toEqual(before);
  });

  test("writing into loaded weights leaves the model alone (the default copies)", () => {
    const [source, target] = [denseNet(), denseNet()];
    const weights = fetchWeights(source);
    loadWeights(target, weights);
    const loaded = predictions(target);
    weights.arrays[0]!.vec.fill(42);
    expect(predictions(target)).toEqual(loaded);
  });

  test("{ copy: false } shares memory, as documented: the caller must not write", () => {
    const [source, target] = [denseNet(), denseNet()];
    const weights = fetchWeights(source);
    loadWeights(target, weights, { copy: false });
    expect(predictions(target)).toEqual(predictions(source));
    weights.arrays[0]!.vec.fill(42);
    expect(predictions(target)).not.toEqual(predictions(source));
  });
});

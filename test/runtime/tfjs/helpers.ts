/**
 * Small models and checks shared by the tfjs tests. Every builder makes a fresh model with fresh
 * automatic names and fresh random values, as a second program run would; tests then prove that
 * weights, not names or luck, make two builds agree.
 */
import * as tf from "@tensorflow/tfjs";
import type { WeightsInput } from "legolas-ts";
import { float32ValuesOf } from "../../../runtime/weights/weights.js";

/** The backend the library promises to work on without native add-ons. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
}

/** Deterministic pseudo-random values in [-1, 1): tests must not depend on `Math.random`. */
export function seeded(count: number, seed = 1): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return values;
}

/** A batch of `batch` inputs of `shape`, as a tensor the caller disposes. */
export function inputs(batch: number, shape: readonly number[], seed = 7): tf.Tensor {
  const size = shape.reduce((product, extent) => product * extent, batch);
  return tf.tensor(seeded(size, seed), [batch, ...shape]);
}

/** `model`'s output for fixed inputs, as a plain array (tensors disposed). */
export function predictions(model: tf.LayersModel, batch = 4, seed = 7): Float32Array {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  return tf.tidy(() => (model.predict(inputs(batch, shape, seed)) as tf.Tensor).dataSync().slice() as Float32Array);
}

/** The exact bits of every array, so that comparisons see -0, NaN payloads and rounding. */
export function bitsOf(weights: WeightsInput): Uint32Array[] {
  return weights.arrays.map((array) => new Uint32Array(array.vec.slice().buffer));
}

/**
 * The bits a float32 model holds once `weights` are loaded: each array of another element type
 * (float16, float64, an integer type) widened or rounded to float32 as `loadWeights` does.
 */
export function loadedBitsOf(weights: WeightsInput): Uint32Array[] {
  return bitsOf({ arrays: weights.arrays.map((array) => ({ ...array, vec: float32ValuesOf(array.vec) })) });
}

/** A two-layer perceptron: 8 inputs, `hidden` units, 3 outputs. */
export function denseNet(hidden = 4): tf.Sequential {
  return tf.sequential({
    layers: [tf.layers.dense({ inputShape: [8], units: hidden, activation: "relu" }), tf.layers.dense({ units: 3 })],
  });
}

/**
 * The shape of LegolasFlux's digits example, shrunk: 8x8 grey images, a 3x3 convolution, batch
 * normalisation, a dense classifier over 10 digits. Small enough to train a few steps in tests.
 */
export function digitsConvNet(filters = 4): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters, kernelSize: 3, activation: "relu" }),
      tf.layers.batchNormalization(),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
}

/**
 * A few optimizer steps on fixed random data, so trainable values and BatchNormalization's
 * moving statistics are no longer their initial ones.
 */
export async function trainBriefly(model: tf.LayersModel, steps = 2): Promise<void> {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const outputs = model.outputs[0]!.shape[1] as number;
  const x = inputs(8, shape, 3);
  const labels = [0, 1, 2, 3, 4, 5, 6, 7].map((label) => label % outputs);
  const y = tf.oneHot(tf.tensor1d(labels, "int32"), outputs);
  model.compile({ optimizer: tf.train.sgd(0.1), loss: "categoricalCrossentropy" });
  await model.fit(x, y, { epochs: steps, batchSize: 8, verbose: 0, shuffle: false });
  tf.dispose([x, y]);
}

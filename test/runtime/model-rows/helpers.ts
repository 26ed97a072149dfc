/** Temporary folders and model builders shared by the model-row tests. */
import * as tf from "@tensorflow/tfjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** A fresh folder for this test file, removed after its tests; `file(name)` is a path in it. */
export function scratchFolder(): (name: string) => string {
  const folder = mkdtempSync(join(tmpdir(), "legolas-model-rows-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return (name) => join(folder, name);
}

/** A Dense layer applied twice (shared weights) between an input and a Dense head. */
export function sharedDenseNet(): tf.LayersModel {
  const input = tf.input({ shape: [5] });
  const shared = tf.layers.dense({ units: 5, activation: "tanh" });
  const output = tf.layers.dense({ units: 2 }).apply(shared.apply(shared.apply(input))) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

/** A functional model with two branches joined, and a BatchNormalization on one branch. */
export function branchedNet(): tf.LayersModel {
  const input = tf.input({ shape: [6] });
  const left = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
  const right = tf.layers
    .batchNormalization()
    .apply(tf.layers.dense({ units: 2, activation: "relu" }).apply(input)) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate().apply([left, right]) as tf.SymbolicTensor;
  return tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 3, activation: "softmax" }).apply(joined) as tf.SymbolicTensor,
  });
}

/** A Sequential used as a layer of a functional model (its weights sit where it sits). */
export function nestedNet(): tf.LayersModel {
  const encoder = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [8], units: 6 }), tf.layers.batchNormalization()],
  });
  const input = tf.input({ shape: [8] });
  const head = tf.layers.dense({ units: 3, activation: "softmax" });
  return tf.model({ inputs: input, outputs: head.apply(encoder.apply(input)) as tf.SymbolicTensor });
}

/**
 * SeparableConv2D layers with depth multipliers, one inside a nested Sequential: tfjs 4.22 leaves
 * the multiplier out of the layer's config, so a model rebuilt from the topology differs.
 */
export function separableNet(): tf.LayersModel {
  const inner = tf.sequential({
    layers: [tf.layers.separableConv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 3, depthMultiplier: 2 })],
  });
  const input = tf.input({ shape: [5, 5, 2] });
  const widened = tf.layers.separableConv2d({ filters: 2, kernelSize: 1, depthMultiplier: 3 }).apply(input);
  const flat = tf.layers.flatten().apply(inner.apply(widened));
  return tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 3, activation: "softmax" }).apply(flat) as tf.SymbolicTensor,
  });
}

/**
 * The order of arrays in a `Weights` value is the file format: it must come from the model's
 * structure alone, and nothing a user does after building (freezing, training) may move it.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, expect, test } from "vitest";
import { fetchWeights, loadWeights, modelVariables } from "legolas-ts/tfjs";
import { bitsOf, digitsConvNet, predictions, trainBriefly, useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

const shortNames = (model: tf.LayersModel) =>
  modelVariables(model).map(({ variable }) => variable.name.replace(/^.*\//, ""));

test("every variable, layer by layer, BatchNormalization's moving statistics in place", () => {
  const model = digitsConvNet();
  expect(shortNames(model)).toEqual([
    "kernel",
    "bias",
    "gamma",
    "beta",
    "moving_mean",
    "moving_variance",
    "kernel",
    "bias",
  ]);
  // tfjs's own order puts the non-trainable moving statistics last.
  expect(model.weights.map((variable) => variable.name.replace(/^.*\//, "")).slice(-2)).toEqual([
    "moving_mean",
    "moving_variance",
  ]);
  expect(modelVariables(model).map((entry) => entry.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
});

test("freezing a layer moves it in getWeights() but not in fetchWeights()", async () => {
  const model = digitsConvNet();
  await trainBriefly(model);
  const before = fetchWeights(model);
  const tfjsOrderBefore = model.getWeights().map((tensor) => tensor.shape.join("x"));

  model.layers[0]!.trainable = false;

  expect(model.getWeights().map((tensor) => tensor.shape.join("x"))).not.toEqual(tfjsOrderBefore);
  expect(bitsOf(fetchWeights(model))).toEqual(bitsOf(before));
});

test("switching one variable's trainable flag does not move it either", () => {
  const model = digitsConvNet();
  const before = shortNames(model);
  modelVariables(model)[0]!.variable.trainable = false; // the conv kernel alone
  expect(model.layers[0]!.weights.map((variable) => variable.name.replace(/^.*\//, ""))).toEqual(["bias", "kernel"]);
  expect(shortNames(model)).toEqual(before);
});

test("layer names say where a variable lives, nested models included", () => {
  const inner = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, name: "inner_dense" })] });
  const input = tf.input({ shape: [2] });
  const output = tf.layers.dense({ units: 1, name: "head" }).apply(inner.apply(input)) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  expect(modelVariables(model).map((entry) => entry.layerName)).toEqual([
    `${inner.name}/inner_dense`,
    `${inner.name}/inner_dense`,
    "head",
    "head",
  ]);
});

test("a custom layer that keeps its sublayers in a `layers` field is a layer, not a nested model: its own variables count", () => {
  /** A residual block: two Dense sublayers in `this.layers`, and a scale of its own. */
  class ScaledResidual extends tf.layers.Layer {
    static readonly className = "ScaledResidual";
    readonly layers = [tf.layers.dense({ units: 2 }), tf.layers.dense({ units: 2 })];
    scale: tf.LayerVariable | undefined;
    override build(inputShape: tf.Shape | tf.Shape[]): void {
      for (const layer of this.layers) layer.build(inputShape);
      this.scale = this.addWeight("scale", [2], "float32", tf.initializers.randomNormal({}));
      this.built = true;
    }
    override get trainableWeights(): tf.LayerVariable[] {
      return [...this.layers.flatMap((layer) => layer.trainableWeights), ...super.trainableWeights];
    }
    override call(input: tf.Tensor | tf.Tensor[]): tf.Tensor {
      const x = Array.isArray(input) ? input[0]! : input;
      const y = this.layers.reduce((value, layer) => layer.call(value, {}) as tf.Tensor, x);
      return tf.add(x, tf.mul(y, this.scale!.read()));
    }
  }
  const build = () =>
    tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 }), new ScaledResidual({})] });
  const model = build();
  expect(shortNames(model)).toEqual(["kernel", "bias", "kernel", "bias", "kernel_1", "bias_1", "scale"]);
  const fresh = build();
  loadWeights(fresh, fetchWeights(model));
  expect(predictions(fresh)).toEqual(predictions(model));
});

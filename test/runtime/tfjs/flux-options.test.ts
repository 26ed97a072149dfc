/**
 * Per layer, never global: a Flux model may mix `Conv` and `CrossCor` and several epsilons, so
 * the conversion takes what the weights cannot say per tfjs layer, by name (`outer/inner` inside a
 * nested model) or from a function of the layer. And fluxLayerNorm, the tfjs layer that computes
 * Flux's LayerNorm.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, expect, test } from "vitest";
import {
  fetchWeights,
  fluxConvToTfjs,
  fluxLayerNorm,
  fluxToTfjs,
  tfjsToFlux,
  type FluxLayerInfo,
} from "legolas-ts/tfjs";
import { seeded, useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

/** Two convolutions, the second inside a nested Sequential, and a BatchNorm of another epsilon. */
function mixedModel(): tf.LayersModel {
  const inner = tf.sequential({ name: "inner" });
  inner.add(tf.layers.inputLayer({ inputShape: [4, 4, 2] }));
  inner.add(tf.layers.conv2d({ filters: 2, kernelSize: 2, name: "second" }));
  inner.add(tf.layers.batchNormalization({ epsilon: 1e-3, name: "bn" }));
  const input = tf.input({ shape: [5, 5, 1] });
  const first = tf.layers.conv2d({ filters: 2, kernelSize: 2, name: "first" }).apply(input);
  return tf.model({ inputs: input, outputs: inner.apply(first) as tf.SymbolicTensor });
}

test("each convolution moves as its own Flux layer: Conv flipped, CrossCor not; options by nested name", () => {
  const model = mixedModel();
  const options = {
    layers: {
      first: { convolution: "Conv" as const },
      "inner/second": { convolution: "CrossCor" as const },
      "inner/bn": { epsilon: 1e-3 },
    },
  };
  const flux = tfjsToFlux(model, options);
  const tfjs = fluxToTfjs(flux, model, options);
  expect(tfjs.arrays.map((array) => [...array.vec])).toEqual(fetchWeights(model).arrays.map((array) => [...array.vec]));
  // Flux's arrays: first's weight, bias, second's weight, bias, then β, γ, μ, σ².
  expect([...fluxConvToTfjs(flux.arrays[0]!, { layer: "Conv" }).vec]).toEqual([...tfjs.arrays[0]!.vec]);
  expect([...fluxConvToTfjs(flux.arrays[2]!, { layer: "CrossCor" }).vec]).toEqual([...tfjs.arrays[2]!.vec]);
  expect([...fluxConvToTfjs(flux.arrays[2]!, { layer: "Conv" }).vec]).not.toEqual([...tfjs.arrays[2]!.vec]);
});

test("a layer named in the options is given only options its class takes: a name mistaken for another's is refused", () => {
  const model = mixedModel();
  // Meant for inner/second, the convolution before it: left unused, inner/second would be converted as a Conv.
  const mistaken = { layers: { "inner/bn": { epsilon: 1e-3, convolution: "CrossCor" as const } } };
  const flux = tfjsToFlux(model, { layers: { "inner/bn": { epsilon: 1e-3 } } });
  for (const convert of [() => tfjsToFlux(model, mistaken), () => fluxToTfjs(flux, model, mistaken)]) {
    expect(convert).toThrow(
      expect.objectContaining({
        reason: "options",
        layerName: "inner/bn",
        message: expect.stringContaining("it is a BatchNormalization, which takes no convolution"),
      }),
    );
  }
  expect(() => tfjsToFlux(model, { layers: { first: { epsilon: 1e-3 } } })).toThrow(
    expect.objectContaining({
      reason: "options",
      layerName: "first",
      message: expect.stringContaining("takes no epsilon"),
    }),
  );
});

test("a transposed convolution takes no convolution: a CrossCor told of it, meant for the Conv before it, is refused", () => {
  // Flux: Chain(CrossCor((2,2), 1=>2), ConvTranspose((2,2), 2=>1)). Naming the transposed layer
  // instead of "crosscor" left the option unused and the CrossCor's kernel flipped, without a word.
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 2, name: "crosscor" }),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 2, name: "up" }),
    ],
  });
  const mistaken = { layers: { up: { convolution: "CrossCor" as const } } };
  const flux = tfjsToFlux(model, { layers: { crosscor: { convolution: "CrossCor" } } });
  for (const convert of [() => tfjsToFlux(model, mistaken), () => fluxToTfjs(flux, model, mistaken)]) {
    expect(convert).toThrow(
      expect.objectContaining({
        reason: "options",
        layerName: "up",
        message: expect.stringContaining(
          "it is a Conv2DTranspose, which takes no convolution (Flux's ConvTranspose always flips its kernel",
        ),
      }),
    );
  }
});

test("options from a function of the layer: it sees each layer's name and class", () => {
  const model = mixedModel();
  const seen: string[] = [];
  const options = {
    layers: (layer: FluxLayerInfo) => {
      seen.push(`${layer.name}:${layer.className}`);
      return layer.className === "BatchNormalization" ? { epsilon: 1e-3 } : { convolution: "CrossCor" as const };
    },
  };
  fluxToTfjs(tfjsToFlux(model, options), model, options);
  expect(seen).toContain("first:Conv2D");
  expect(seen).toContain("inner/second:Conv2D");
  expect(seen).toContain("inner/bn:BatchNormalization");
});

test("fluxLayerNorm computes Flux's LayerNorm, (x - μ) / (σ + ϵ) · scale + bias over the last axis, and saves like any layer", async () => {
  const epsilon = 0.25; // large, so that (σ + ϵ) and tfjs's sqrt(σ² + ϵ) differ clearly
  const model = tf.sequential({ layers: [fluxLayerNorm({ inputShape: [2, 4], epsilon, name: "ln" })] });
  const [gamma, beta] = [Float32Array.of(1, 2, -1, 0.5), Float32Array.of(0, 1, 2, 3)];
  model.layers[0]!.setWeights([tf.tensor1d(gamma), tf.tensor1d(beta)]);
  const x = seeded(8, 3);
  const y = tf.tidy(() => (model.predict(tf.tensor3d(x, [1, 2, 4])) as tf.Tensor).dataSync().slice());
  for (let row = 0; row < 2; row++) {
    const values = [...x.subarray(row * 4, row * 4 + 4)];
    const mean = values.reduce((a, b) => a + b, 0) / 4;
    const deviation = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 4);
    values.forEach((v, f) => {
      const flux = ((v - mean) / (deviation + epsilon)) * gamma[f]! + beta[f]!;
      expect(Math.abs(y[row * 4 + f]! - flux)).toBeLessThanOrEqual(1e-5);
    });
  }
  // Its own class name in the topology: tfjs rebuilds it from JSON (the class registers on import).
  const rebuilt = await tf.models.modelFromJSON({
    modelTopology: model.toJSON(null, false) as tf.io.ModelJSON["modelTopology"],
  });
  expect(rebuilt.layers[0]!.getClassName()).toBe("FluxLayerNorm");
  expect(rebuilt.layers[0]!.getConfig()).toMatchObject({ epsilon, affine: true });
  // The conversion checks its epsilon against the Flux layer's, per layer.
  expect(() => tfjsToFlux(model)).toThrow(expect.objectContaining({ reason: "epsilon", layerName: "ln" }));
  expect(tfjsToFlux(model, { layers: { ln: { epsilon } } }).arrays.map((array) => [...array.vec])).toEqual([
    [...gamma],
    [...beta],
  ]);
});

test("fluxLayerNorm on an input whose last axis has no size refuses with a typed error saying what to give it", () => {
  const unsized = [4, null] as unknown as number[];
  expect(() => tf.sequential({ layers: [fluxLayerNorm({ inputShape: unsized, name: "ln" })] })).toThrow(
    expect.objectContaining({
      name: "FluxConversionError",
      code: "flux_conversion",
      reason: "layout",
      layerName: "ln",
      message: expect.stringMatching(
        /^layer "ln": fluxLayerNorm's input shape \[null, 4, null\] .*inputShape.*affine: false/,
      ),
    }),
  );
  // Without gamma and beta, no size is needed.
  expect(tf.sequential({ layers: [fluxLayerNorm({ inputShape: unsized, affine: false })] }).countParams()).toBe(0);
});

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
  tfjsConvToFlux,
  tfjsToFlux,
  type FluxConversionOptions,
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

/**
 * Flux: Chain(c, Chain(c), c) with c = CrossCor((2,2), 1=>1), one layer used three times. In tfjs
 * the layer sits in the outer model and in the nested "inner", so it has two names.
 */
function sharedAcrossNesting(): { model: tf.LayersModel; shared: tf.layers.Layer } {
  const shared = tf.layers.conv2d({ filters: 1, kernelSize: 2, name: "shared" });
  const inner = tf.sequential({ name: "inner", layers: [tf.layers.inputLayer({ inputShape: [5, 5, 1] }), shared] });
  const input = tf.input({ shape: [6, 6, 1] });
  const output = shared.apply(inner.apply(shared.apply(input) as tf.SymbolicTensor)) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: output }), shared };
}

test("a layer used inside a nested model and outside it takes its options under either of its names", () => {
  const { model, shared } = sharedAcrossNesting();
  shared.setWeights([tf.tensor4d(seeded(4, 5), [2, 2, 1, 1]), tf.tensor1d([0.5])]);
  const [kernel, bias] = fetchWeights(model).arrays;
  const crossCor = [...tfjsConvToFlux(kernel!, { layer: "CrossCor" }).vec];
  const byFunction = (name: string) => (layer: FluxLayerInfo) =>
    layer.name === name ? { convolution: "CrossCor" as const } : undefined;
  const givenUnderEitherName: FluxConversionOptions[] = [
    { layers: { shared: { convolution: "CrossCor" as const } } },
    { layers: { "inner/shared": { convolution: "CrossCor" as const } } },
    { layers: { shared: { convolution: "CrossCor" as const }, "inner/shared": { convolution: "CrossCor" as const } } },
    { layers: byFunction("shared") },
    { layers: byFunction("inner/shared") },
  ];
  for (const options of givenUnderEitherName) {
    const flux = tfjsToFlux(model, options);
    expect(flux.arrays.map((array) => [...array.vec])).toEqual([crossCor, [...bias!.vec]]);
    expect(fluxToTfjs(flux, model, options).arrays.map((array) => [...array.vec])).toEqual([
      [...kernel!.vec],
      [...bias!.vec],
    ]);
  }
});

test("a layer's two names given different values of one option are refused, naming both", () => {
  const { model } = sharedAcrossNesting();
  const conflicting = {
    layers: { shared: { convolution: "CrossCor" as const }, "inner/shared": { convolution: "Conv" as const } },
  };
  const flux = tfjsToFlux(model);
  for (const convert of [() => tfjsToFlux(model, conflicting), () => fluxToTfjs(flux, model, conflicting)]) {
    expect(convert).toThrow(
      expect.objectContaining({
        name: "FluxConversionError",
        reason: "options",
        message: expect.stringContaining(
          '"shared" and "inner/shared" name one layer, used inside a nested model and outside it, and the options ' +
            'give its convolution as "CrossCor" under "shared" and "Conv" under "inner/shared"; it is one Flux layer ' +
            "with one set of arrays: give its options under one of its names",
        ),
      }),
    );
  }
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

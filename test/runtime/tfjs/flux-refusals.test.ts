/**
 * What the Flux conversion refuses, one reason at a time: each refusal is a FluxConversionError
 * with its `reason`, the tfjs layer's name, and a message that says what to do. Everything is
 * decided before any array moves, so a refusal converts nothing.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { fetchWeights, fluxToTfjs, loadWeights, tfjsToFlux, type FluxConversionOptions } from "legolas-ts/tfjs";
import { FlatArray, Weights } from "legolas-ts";
import { useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

/** `fluxToTfjs` plans the whole model before it counts arrays: no weights are needed to be refused. */
function refusal(
  model: tf.LayersModel,
  options: FluxConversionOptions = {},
  weights = new Weights([], { layout: "flux" }),
) {
  try {
    fluxToTfjs(weights, model, options);
  } catch (error) {
    return error as { name: string; reason: string; layerName: string | null; message: string };
  }
  throw new Error("the conversion was expected to refuse this model");
}

function sequential(inputShape: number[], ...layers: tf.layers.Layer[]): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape }));
  for (const layer of layers) model.add(layer);
  return model;
}

/** A model that converts: its own weights, through Flux's layout and back, bit for bit. */
function converts(model: tf.LayersModel, options: FluxConversionOptions = {}): void {
  const back = fluxToTfjs(tfjsToFlux(model, options), model, options);
  expect(back.arrays.map((array) => [...array.vec])).toEqual(fetchWeights(model).arrays.map((array) => [...array.vec]));
}

describe("padding", () => {
  test('"same" with stride 2 on an even input: refused with the zeroPadding2d that is Flux\'s pad', () => {
    const model = sequential(
      [8, 8, 1],
      tf.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: "same", name: "c" }),
    );
    expect(refusal(model)).toMatchObject({
      name: "FluxConversionError",
      reason: "padding",
      layerName: "c",
      message:
        'layer "c": tfjs\'s "same" pads (top 0, bottom 1), (left 0, right 1), where Flux\'s SamePad() pads (top 1, bottom 1), ' +
        "(left 1, right 1) (Flux puts an odd pixel in front, tfjs behind, and tfjs's total depends on the stride and the " +
        "input size). Build tf.layers.zeroPadding2d({ padding: [[1,1],[1,1]] }) before this layer and give it padding " +
        '"valid": that is the Flux layer\'s pad, exactly.',
    });
    converts(
      sequential(
        [8, 8, 1],
        tf.layers.zeroPadding2d({
          padding: [
            [1, 1],
            [1, 1],
          ],
        }),
        tf.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: "valid" }),
      ),
    );
  });

  test('"same" agrees with SamePad for stride 1 and an odd kernel, not for an even one', () => {
    converts(sequential([7, 6, 2], tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: "same" })));
    const even = sequential(
      [7, 6, 2],
      tf.layers.conv2d({ filters: 2, kernelSize: [2, 3], padding: "same", name: "even" }),
    );
    expect(refusal(even)).toMatchObject({
      reason: "padding",
      layerName: "even",
      message: expect.stringMatching(/\(top 0, bottom 1\)/),
    });
  });

  test('"same" with a stride on an input of unknown size', () => {
    const input = tf.input({ shape: [null, null, 1] });
    const output = tf.layers.conv2d({ filters: 1, kernelSize: 3, strides: 2, padding: "same", name: "c" }).apply(input);
    const model = tf.model({ inputs: input, outputs: output as tf.SymbolicTensor });
    expect(refusal(model)).toMatchObject({
      reason: "padding",
      message: expect.stringMatching(/stride 2 on an input of unknown size/),
    });
  });

  test("pools: mean pooling never pads like NNlib; max pooling pads like it where the fronts agree", () => {
    const mean = sequential(
      [6, 6, 1],
      tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: "same", name: "p" }),
    );
    expect(refusal(mean)).toMatchObject({
      reason: "padding",
      message: expect.stringMatching(/MeanPool counts the padded zeros/),
    });
    const max = sequential([7, 7, 1], tf.layers.maxPooling2d({ poolSize: 2, padding: "same", name: "p" }));
    expect(refusal(max)).toMatchObject({
      reason: "padding",
      message: expect.stringMatching(/pads max pooling only through "same"/),
    });
    converts(
      sequential(
        [7, 7, 1],
        tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: "same" }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ),
    );
  });

  test("1D: tfjs has no zero padding layer to offer", () => {
    const model = sequential(
      [8, 2],
      tf.layers.conv1d({ filters: 2, kernelSize: 3, strides: 2, padding: "same", name: "c" }),
    );
    expect(refusal(model)).toMatchObject({
      reason: "padding",
      message: expect.stringMatching(/no zeroPadding layer for 1D/),
    });
  });

  test('"causal", which tfjs builds but cannot run: refused with the pad that is its Flux twin', () => {
    const model = sequential(
      [8, 2],
      tf.layers.conv1d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: "causal", name: "c" }),
    );
    expect(() => model.predict(tf.zeros([1, 8, 2]))).toThrow(/CAUSAL padding mode .* not implemented/);
    expect(refusal(model)).toMatchObject({
      reason: "padding",
      layerName: "c",
      message:
        'layer "c": padding "causal": tfjs builds this layer but cannot run it (its conv1d throws "not implemented ' +
        'yet"); its Flux twin is a Conv with pad=(4, 0). tfjs has no zeroPadding layer for 1D: pad the input by (4 in ' +
        'front, 0 behind) and give this layer padding "valid", or change the Flux layer\'s pad.',
    });
    expect(() => tfjsToFlux(model)).toThrow(/padding "causal"/);
  });

  test('a pool\'s "causal", which tfjs pools as "valid": converted as Flux\'s pad=0', () => {
    const input = tf.range(0, 16).reshape([1, 8, 2]);
    for (const pool of [tf.layers.maxPooling1d, tf.layers.averagePooling1d]) {
      const pooled = (padding: "causal" | "valid") =>
        sequential([8, 2], tf.layers.conv1d({ filters: 2, kernelSize: 1 }), pool({ poolSize: 3, padding }));
      const causal = pooled("causal");
      const valid = pooled("valid");
      valid.setWeights(causal.getWeights());
      const output = causal.predict(input) as tf.Tensor;
      expect(output.shape).toEqual([1, 2, 2]);
      expect(output.arraySync()).toEqual((valid.predict(input) as tf.Tensor).arraySync());
      converts(causal);
    }
  });

  test('transposed convolutions: a kernel smaller than the stride, or an odd kernel minus stride with "same"', () => {
    const short = sequential(
      [3, 3, 1],
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 1, strides: 2, name: "t" }),
    );
    expect(refusal(short)).toMatchObject({
      reason: "padding",
      layerName: "t",
      message: expect.stringMatching(/kernel at least as large as the stride/),
    });
    const odd = sequential(
      [3, 3, 1],
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: "same", name: "t" }),
    );
    expect(refusal(odd)).toMatchObject({
      reason: "padding",
      message: expect.stringMatching(/tfjs crops 0 in front, Flux's SamePad\(\) 1/),
    });
    converts(
      sequential([3, 3, 1], tf.layers.conv2dTranspose({ filters: 2, kernelSize: 4, strides: 2, padding: "same" })),
    );
  });
});

describe("layouts", () => {
  test("a dense over an image acts on its channels, Flux's Dense on its width: flatten first", () => {
    const model = sequential([4, 5, 3], tf.layers.dense({ units: 2, name: "d" }));
    expect(refusal(model)).toMatchObject({
      reason: "layout",
      layerName: "d",
      message: expect.stringMatching(/an image \[4, 5, 3\] \(Flux's WHCN \(5, 4, 3\)\).*flatten the image first/),
    });
  });

  test("a BatchNorm over a sequence: Flux normalises its time axis, tfjs its last; tfjs has no twin", () => {
    const over = (axis: number) =>
      sequential(
        [4, 3],
        tf.layers.dense({ units: 3 }),
        tf.layers.batchNormalization({ epsilon: 1e-5, axis, name: "bn" }),
      );
    expect(refusal(over(-1))).toMatchObject({
      reason: "layout",
      message: expect.stringMatching(/normalises the last dimension before the batch, tfjs axis 1 here/),
    });
    expect(refusal(over(1))).toMatchObject({
      reason: "layout",
      message: expect.stringMatching(/tfjs normalises correctly over its last axis only/),
    });
  });

  test("a Reshape of an image, a Permute", () => {
    const reshape = sequential(
      [2, 2, 3],
      tf.layers.reshape({ targetShape: [12], name: "r" }),
      tf.layers.dense({ units: 2 }),
    );
    expect(refusal(reshape)).toMatchObject({
      reason: "layout",
      layerName: "r",
      message: expect.stringMatching(/use tf\.layers\.flatten/),
    });
    converts(sequential([2, 3], tf.layers.reshape({ targetShape: [6] }), tf.layers.dense({ units: 2 })));
    const permute = sequential(
      [2, 3],
      tf.layers.permute({ dims: [2, 1], name: "p" }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    );
    expect(refusal(permute)).toMatchObject({ reason: "unsupported-layer", layerName: "p" });
  });

  test("a Reshape to or from an image of one channel: the same memory in both, converted", () => {
    // Flux: Chain(x -> reshape(x, 5, 4, 1, :), Conv((3,3), 1=>2)), and Chain(Conv((3,2), 2=>1),
    // x -> reshape(x, :, size(x, 4)), Dense(6, 2)). Both were refused as a Conv over, or a Reshape
    // of, values in another order: one channel puts them where tfjs has them. Each twin must
    // predict what the same Flux weights predict in the twin without the Reshape.
    const predictions = (model: tf.LayersModel, weights: Weights, input: tf.Tensor) => {
      loadWeights(model, fluxToTfjs(weights, model));
      return [...(model.predict(input) as tf.Tensor).dataSync()];
    };
    const flux = (...sizes: number[][]) =>
      new Weights(
        sizes.map((size, k) =>
          FlatArray.fromShape(
            tf.randomNormal([size.reduce((a, b) => a * b, 1)], 0, 1, "float32", k).dataSync(),
            [...size].reverse(),
          ),
        ),
        { layout: "flux" },
      );
    const toImage = flux([3, 3, 1, 2], [2]);
    const pixels = tf.randomNormal([3, 20], 0, 1, "float32", 7);
    expect(
      predictions(
        sequential(
          [20],
          tf.layers.reshape({ targetShape: [4, 5, 1] }),
          tf.layers.conv2d({ filters: 2, kernelSize: 3 }),
        ),
        toImage,
        pixels,
      ),
    ).toEqual(
      predictions(
        sequential([4, 5, 1], tf.layers.conv2d({ filters: 2, kernelSize: 3 })),
        toImage,
        pixels.reshape([3, 4, 5, 1]),
      ),
    );
    const fromImage = flux([3, 2, 2, 1], [1], [2, 6], [2]);
    const image = tf.randomNormal([3, 3, 5, 2], 0, 1, "float32", 8);
    const flattening = (flatten: tf.layers.Layer) =>
      sequential(
        [3, 5, 2],
        tf.layers.conv2d({ filters: 1, kernelSize: [2, 3] }),
        flatten,
        tf.layers.dense({ units: 2 }),
      );
    expect(predictions(flattening(tf.layers.reshape({ targetShape: [6] })), fromImage, image)).toEqual(
      predictions(flattening(tf.layers.flatten()), fromImage, image),
    );
    // What reads the Reshape's output decides which Flux array it is: a BatchNorm the image
    // (5, 4, 1), BatchNorm(1) (refused before, as (1, 5, 4)'s BatchNorm(4)); a Dense the array
    // (1, 5, 4), Dense(1 => 2). flux-shapes.test.ts runs both against Flux's forward pass.
    const normalised = sequential(
      [20],
      tf.layers.reshape({ targetShape: [4, 5, 1] }),
      tf.layers.batchNormalization({ epsilon: 1e-5, name: "bn" }),
    );
    converts(normalised);
    expect(tfjsToFlux(normalised).arrays.map((array) => array.size)).toEqual([[1], [1], [1], [1]]);
    const projected = sequential([20], tf.layers.reshape({ targetShape: [4, 5, 1] }), tf.layers.dense({ units: 2 }));
    expect(tfjsToFlux(projected).arrays.map((array) => array.size)).toEqual([[2, 1], [2]]);
    // One Reshape read by a conv1d and a dense: the conv1d reads the memory, the same either way,
    // and leaves it to the dense, Dense(1 => 3) of (1, 6).
    const signal = tf.input({ shape: [6] });
    const reshaped = tf.layers.reshape({ targetShape: [6, 1] }).apply(signal) as tf.SymbolicTensor;
    const branches = [tf.layers.conv1d({ filters: 2, kernelSize: 2 }), tf.layers.dense({ units: 3 })].map(
      (layer) => tf.layers.flatten().apply(layer.apply(reshaped)) as tf.SymbolicTensor,
    );
    const both = tf.model({ inputs: signal, outputs: tf.layers.concatenate().apply(branches) as tf.SymbolicTensor });
    converts(both);
    expect(tfjsToFlux(both).arrays.map((array) => array.size)).toEqual([[2, 1, 2], [2], [3, 1], [3]]);
  });

  test("two inputs concatenated before a conv1d: 1D images, cat(a, b; dims=2), converted", () => {
    // Flux: Chain(xs -> cat(xs...; dims=2), Conv((2,), 5=>2)) on ((6, 2, N), (6, 3, N)). Refused
    // before: the inputs met the concatenate first, so they were taken for (features, time) sequences.
    const [a, b] = [tf.input({ shape: [6, 2] }), tf.input({ shape: [6, 3] })];
    const joined = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
    const convolved = tf.layers.conv1d({ filters: 2, kernelSize: 2 }).apply(joined) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [a, b], outputs: convolved });
    converts(model);
    expect(tfjsToFlux(model).arrays.map((array) => array.size)).toEqual([[2, 5, 2], [2]]);
  });

  test('dataFormat "channelsFirst" on any image layer: tfjs reads axis 1 as the channels, Flux the last', () => {
    // A flatten or a global pool so was converted, and its Dense got other values than Flux's.
    const firsts = [
      tf.layers.flatten({ dataFormat: "channelsFirst", name: "f" }),
      tf.layers.globalAveragePooling2d({ dataFormat: "channelsFirst", name: "f" }),
      tf.layers.globalMaxPooling2d({ dataFormat: "channelsFirst", name: "f" }),
      tf.layers.zeroPadding2d({ padding: 1, dataFormat: "channelsFirst", name: "f" }),
      tf.layers.cropping2D({ cropping: 1, dataFormat: "channelsFirst", name: "f" }),
      tf.layers.upSampling2d({ dataFormat: "channelsFirst", name: "f" }),
      tf.layers.maxPooling2d({ poolSize: 2, dataFormat: "channelsFirst", name: "f" }),
    ];
    for (const first of firsts) {
      const flat = ["Flatten", "GlobalAveragePooling2D", "GlobalMaxPooling2D"].includes(first.getClassName());
      const model = sequential([4, 4, 4], first, ...(flat ? [] : [tf.layers.flatten()]), tf.layers.dense({ units: 2 }));
      expect(refusal(model)).toMatchObject({
        reason: "layout",
        layerName: "f",
        message: expect.stringMatching(/with dataFormat "channelsFirst": only channelsLast \(NHWC\) holds Flux's WHCN/),
      });
    }
  });

  test("a LeakyReLU before a conv1d leaves the input a 1D image, as a Dropout does", () => {
    // Chain(x -> leakyrelu.(x), Conv((3,), 4=>2), Flux.flatten, Dense(8, 2)) on (6, 4, N): refused as a
    // Conv1D over a sequence before, where the same model with a Dropout first converted.
    const twin = (first: tf.layers.Layer) =>
      sequential(
        [6, 4],
        first,
        tf.layers.conv1d({ filters: 2, kernelSize: 3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      );
    const dropout = twin(tf.layers.dropout({ rate: 0.5 }));
    const leaky = twin(tf.layers.leakyReLU({ alpha: 0.01 }));
    const flux = tfjsToFlux(dropout);
    const values = (weights: Weights) => weights.arrays.map((array) => [...array.vec]);
    expect(values(fluxToTfjs(flux, leaky))).toEqual(values(fluxToTfjs(flux, dropout)));
  });

  test("an input is a 1D image or a sequence by its own model's layers, not by another model built on it", () => {
    // Chain(Flux.flatten, Dense(6, 1)) on a sequence (2, 3, N): the flatten keeps the memory, so
    // Flux's weight is the tfjs kernel's bytes. A second model reading the same tf.input with a
    // conv1d made this one's input a 1D image: its Dense rows came out permuted, without a word.
    const build = (secondHead: boolean) => {
      const input = tf.input({ shape: [3, 2] });
      const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      const model = tf.model({
        inputs: input,
        outputs: tf.layers.dense({ units: 1 }).apply(flat) as tf.SymbolicTensor,
      });
      if (secondHead)
        tf.model({
          inputs: input,
          outputs: tf.layers.conv1d({ filters: 1, kernelSize: 2 }).apply(input) as tf.SymbolicTensor,
        });
      return model;
    };
    for (const model of [build(false), build(true)]) {
      const kernel = [...fetchWeights(model).arrays[0]!.vec];
      expect([...tfjsToFlux(model).arrays[0]!.vec]).toEqual(kernel);
      converts(model);
    }
  });

  test("a layer applied twice moves its arrays one way: refused where its inputs' values sit in different orders", () => {
    // One Dense on a flattened image [2, 3, 2] and on 12 features: Flux's Dense(12 => 2) would
    // need its columns in two orders. On two inputs of features it converts, its arrays once.
    const shared = (imageFirst: boolean) => {
      const first = tf.input({ shape: imageFirst ? [2, 3, 2] : [12] });
      const second = tf.input({ shape: [12] });
      const dense = tf.layers.dense({ units: 2, name: "d" });
      const flat = imageFirst ? (tf.layers.flatten().apply(first) as tf.SymbolicTensor) : first;
      const joined = tf.layers
        .concatenate()
        .apply([dense.apply(flat) as tf.SymbolicTensor, dense.apply(second) as tf.SymbolicTensor]);
      return tf.model({ inputs: [first, second], outputs: joined as tf.SymbolicTensor });
    };
    expect(() => tfjsToFlux(shared(true))).toThrow(
      expect.objectContaining({
        reason: "layout",
        layerName: "d",
        message: expect.stringContaining("whose values Flux holds in different orders"),
      }),
    );
    converts(shared(false));
    expect(tfjsToFlux(shared(false)).arrays).toHaveLength(2);
  });

  test("an Add of a flattened image and a Dense's outputs: their values sit in different orders", () => {
    const input = tf.input({ shape: [2, 2, 2] });
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    const dense = tf.layers.dense({ units: 8 }).apply(flat) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: "sum" }).apply([dense, flat]) as tf.SymbolicTensor;
    expect(refusal(tf.model({ inputs: input, outputs: sum }))).toMatchObject({
      reason: "layout",
      layerName: "sum",
      message: expect.stringMatching(
        /joins a flat vector \[8\] and a flat vector \[8\] whose values Flux holds in another order/,
      ),
    });
  });
});

describe("layers", () => {
  test("recurrent layers, by name and with the reason", () => {
    // The LSTM's message said Flux stacks its gates in another order than tfjs: it stacks them in
    // the same (input, forget, cell, output); the GRU's is the one that differs.
    const model = sequential([4, 3], tf.layers.lstm({ units: 2, name: "lstm" }));
    expect(refusal(model)).toMatchObject({
      reason: "unsupported-layer",
      layerName: "lstm",
      message: expect.stringMatching(
        /LSTM is not converted: Flux's LSTM has tfjs's gate order .* stores its learnable initial state .* \(features, batch, time\)/,
      ),
    });
    expect(refusal(sequential([4, 3], tf.layers.gru({ units: 2, name: "gru" })))).toMatchObject({
      layerName: "gru",
      message: expect.stringMatching(
        /GRU stacks its gates reset, update, candidate \(tfjs: update, reset, candidate\)/,
      ),
    });
    expect(refusal(sequential([4, 3], tf.layers.simpleRNN({ units: 2, name: "rnn" })))).toMatchObject({
      layerName: "rnn",
      message: expect.stringMatching(/SimpleRNN is not converted: a Flux recurrent layer \(Recur\) stores/),
    });
  });

  test("tfjs's layerNormalization computes another formula: refused, naming fluxLayerNorm", () => {
    const model = sequential([4], tf.layers.layerNormalization({ epsilon: 1e-5, name: "ln" }));
    expect(refusal(model)).toMatchObject({
      reason: "unsupported-layer",
      message: expect.stringMatching(/sqrt\(variance \+ epsilon\).*fluxLayerNorm/),
    });
  });

  test("an embedding with maskZero: a Softmax layer after it reads the mask, which Flux's Embedding does not make", () => {
    // Flux: Chain(Embedding(4 => 3), softmax) on one token. tfjs masks index 0 (Flux's 1) to -1e9:
    // every value alike, so its softmax is uniform where Flux's is not.
    const build = (maskZero: boolean) =>
      sequential(
        [1],
        tf.layers.embedding({ inputDim: 4, outputDim: 3, maskZero, name: "e" }),
        tf.layers.softmax({ axis: -1 }),
      );
    const masked = build(true);
    const uniform = (masked.predict(tf.zeros([1, 1])) as tf.Tensor).dataSync();
    expect([...uniform].every((value) => Math.abs(value - 1 / 3) < 1e-6)).toBe(true);
    const refused = expect.objectContaining({
      reason: "unsupported-layer",
      layerName: "e",
      message: expect.stringContaining("an embedding with maskZero: Flux's Embedding makes no mask"),
    });
    expect(() => tfjsToFlux(masked)).toThrow(refused);
    expect(refusal(masked)).toEqual(refused);
    converts(build(false));
  });

  test("a layer without a Flux counterpart", () => {
    const model = sequential([4], tf.layers.prelu({ name: "p" }));
    expect(refusal(model)).toMatchObject({
      reason: "unsupported-layer",
      layerName: "p",
      message: expect.stringMatching(/PReLU has no known Flux counterpart/),
    });
  });

  test("a grouped Conv's weights meeting a conv2d: refused as a grouped Conv, depthwiseConv2d named where it fits", () => {
    const model = sequential([5, 5, 4], tf.layers.conv2d({ filters: 4, kernelSize: 3, name: "c" }));
    const grouped = (groups: number) =>
      new Weights(
        [
          new FlatArray(new Float32Array(9 * (4 / groups) * 4), [3, 3, 4 / groups, 4]),
          new FlatArray(new Float32Array(4), [4]),
        ],
        { layout: "flux" },
      );
    expect(refusal(model, {}, grouped(2))).toMatchObject({
      reason: "unsupported-layer",
      layerName: "c",
      message: expect.stringMatching(
        /a Conv with groups=2 \(2 input channels per group\), which tfjs has no layer for/,
      ),
    });
    expect(refusal(model, {}, grouped(4))).toMatchObject({
      message: expect.stringMatching(/tf\.layers\.depthwiseConv2d\(\{ depthMultiplier: 1 \}\)/),
    });
    // Conv((3,), 2=>4; groups=2) and its 3D kin: depthwiseConv2d, which a 1D or 3D image cannot go through, is not offered.
    const oneD = sequential([8, 2], tf.layers.conv1d({ filters: 4, kernelSize: 3, name: "c1" }));
    const threeD = sequential([4, 4, 4, 2], tf.layers.conv3d({ filters: 4, kernelSize: 2, name: "c3" }));
    const depthwise = (k: number[]) =>
      new Weights(
        [
          new FlatArray(new Float32Array(k.reduce((a, b) => a * b, 4)), [...k, 1, 4]),
          new FlatArray(new Float32Array(4), [4]),
        ],
        { layout: "flux" },
      );
    for (const [twin, k, dimensions] of [
      [oneD, [3], 1],
      [threeD, [2, 2, 2], 3],
    ] as const) {
      const refused = refusal(twin, {}, depthwise([...k]));
      expect(refused).toMatchObject({
        reason: "unsupported-layer",
        message: expect.stringContaining(
          `a Conv with groups=2 (1 input channels per group), which tfjs has no layer for; tfjs computes groups=1 only for a ${dimensions}D convolution (its one depthwise layer, depthwiseConv2d, is 2D)`,
        ),
      });
      expect(refused.message).not.toContain("depthMultiplier");
    }
  });

  test("depthwiseConv2d with a dilation: tfjs ignores it", () => {
    const model = sequential([7, 7, 2], tf.layers.depthwiseConv2d({ kernelSize: 3, dilationRate: 2, name: "dw" }));
    expect(refusal(model)).toMatchObject({
      reason: "unsupported-layer",
      layerName: "dw",
      message: expect.stringMatching(/computes it without the dilation/),
    });
  });

  test("a transposed convolution with a dilation: tfjs ignores it", () => {
    // Flux's ConvTranspose((3, 2), 3 => 2; dilation=2) makes 5x4 pixels 8x7 (a dilated kernel spans 5x3); tfjs's twin makes them 6x6.
    const transposed = sequential(
      [5, 4, 3],
      tf.layers.conv2dTranspose({ filters: 2, kernelSize: [2, 3], dilationRate: 2, name: "up" }),
    );
    expect(transposed.outputs[0]!.shape).toEqual([null, 6, 6, 2]);
    expect(refusal(transposed)).toMatchObject({
      reason: "unsupported-layer",
      layerName: "up",
      message:
        'layer "up": Conv2DTranspose with a dilationRate: tfjs computes it without the dilation, so a dilated ConvTranspose has no tfjs twin',
    });
    const volume = sequential(
      [4, 4, 4, 1],
      tf.layers.conv3dTranspose({ filters: 1, kernelSize: 2, dilationRate: [1, 2, 1], name: "up3" }),
    );
    expect(refusal(volume)).toMatchObject({ reason: "unsupported-layer", layerName: "up3" });
  });
});

describe("activations", () => {
  test("a softmax or logSoftmax activation runs over Flux's first dimension, whatever the layer, or is refused", () => {
    // Chain(ConvTranspose((2, 2), 1 => 3), softmax): NNlib's softmax runs over dims=1, the width; tfjs's over the channels.
    // tfjs's type leaves logSoftmax out, but its serialization knows it: a saved model may hold it.
    for (const activation of ["softmax", "logSoftmax"] as "softmax"[]) {
      const transposed = sequential(
        [4, 4, 1],
        tf.layers.conv2dTranspose({ filters: 3, kernelSize: 2, activation, name: "t" }),
      );
      expect(refusal(transposed)).toMatchObject({
        reason: "layout",
        layerName: "t",
        message: expect.stringMatching(/dims=1/),
      });
      const image = sequential([4, 4, 3], tf.layers.activation({ activation, name: "a" }));
      expect(refusal(image)).toMatchObject({ reason: "layout", layerName: "a" });
      converts(sequential([4], tf.layers.dense({ units: 3, activation })));
    }
  });

  test("gelu and hardSigmoid: tfjs's functions of those names are not NNlib's", () => {
    const gelu = sequential([4], tf.layers.dense({ units: 3, activation: "gelu", name: "g" }));
    expect(refusal(gelu)).toMatchObject({
      reason: "unsupported-layer",
      layerName: "g",
      message: expect.stringMatching(
        /activation "gelu": .*tanh approximation.*build the layer with activation "gelu_new"/,
      ),
    });
    const hard = sequential([4], tf.layers.dense({ units: 3, activation: "hardSigmoid", name: "h" }));
    expect(refusal(hard)).toMatchObject({
      reason: "unsupported-layer",
      layerName: "h",
      message: expect.stringMatching(/clamp\(0\.2x \+ 0\.5, 0, 1\).*clamp\(\(x \+ 3\)\/6, 0, 1\)/),
    });
    // The advice holds: tfjs's gelu_new is NNlib v0.8's gelu, 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))).
    const x = [-2, -0.5, 1.5];
    const nnlib = x.map((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))));
    const geluNew = tf.layers.activation({ activation: "gelu_new" }).apply(tf.tensor(x)) as tf.Tensor;
    [...geluNew.dataSync()].forEach((value, i) => expect(value).toBeCloseTo(nnlib[i]!, 6));
    converts(sequential([4], tf.layers.dense({ units: 3, activation: "gelu_new" })));
  });

  test("a LeakyReLU's alpha is the Flux leakyrelu's slope: NNlib's 0.01, or the one the options give", () => {
    // Chain(Dense(2 => 1), leakyrelu): Flux gives -0.02 for W = [1 1], b = 0, x = [-1, -1]; tfjs's default alpha, -0.6.
    const defaulted = sequential([2], tf.layers.dense({ units: 1 }), tf.layers.leakyReLU({ name: "lr" }));
    expect(refusal(defaulted)).toMatchObject({
      reason: "slope",
      layerName: "lr",
      message: expect.stringMatching(
        /LeakyReLU has alpha 0\.3, but the Flux leakyrelu's slope is 0\.01 .*\{ layers: \{ "lr": \{ slope: a \} \} \}/,
      ),
    });
    converts(sequential([2], tf.layers.dense({ units: 1 }), tf.layers.leakyReLU({ alpha: 0.01 })));
    // x -> leakyrelu(x, 0.2) in Flux: told, and a tfjs alpha of 0.2, it converts; told, and another alpha, it is refused.
    const steeper = sequential([2], tf.layers.dense({ units: 1 }), tf.layers.leakyReLU({ alpha: 0.2, name: "lr" }));
    converts(steeper, { layers: { lr: { slope: 0.2 } } });
    expect(refusal(steeper, { layers: { lr: { slope: 0.1 } } })).toMatchObject({ reason: "slope", layerName: "lr" });
    expect(refusal(steeper, { layers: { lr: { slope: "0.2" as never } } })).toMatchObject({ reason: "options" });
  });
});

describe("order, options, epsilon, arrays", () => {
  test("a graph no tree of Chains and Parallels builds: Flux's order is unknown", () => {
    const input = tf.input({ shape: [3] });
    const a = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
    const c = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
    const d = tf.layers.add().apply([a, c]) as tf.SymbolicTensor; // a feeds two merges
    expect(refusal(tf.model({ inputs: input, outputs: d }))).toMatchObject({
      reason: "order",
      layerName: null,
      message: expect.stringMatching(/not one Flux's Chain, Parallel and SkipConnection can build/),
    });
  });

  test("an option naming no layer is refused, listing the layers", () => {
    const model = sequential([3], tf.layers.dense({ units: 2, name: "d" }));
    expect(refusal(model, { layers: { dence: { convolution: "CrossCor" } } })).toMatchObject({
      reason: "options",
      message: 'options.layers names "dence", but the model has no such layer; its layers are "d"',
    });
  });

  test("options this version does not know: the global ones of earlier versions, a typo, a wrong value", () => {
    const model = sequential([3], tf.layers.dense({ units: 2, name: "d" }));
    const earlier = { convolution: "CrossCor" } as unknown as FluxConversionOptions;
    expect(refusal(model, earlier)).toMatchObject({
      reason: "options",
      message: expect.stringMatching(/unknown option "convolution": options are per layer/),
    });
    const typo = { layers: { d: { convolutoin: "CrossCor" } } } as unknown as FluxConversionOptions;
    expect(refusal(model, typo)).toMatchObject({
      reason: "options",
      layerName: "d",
      message: expect.stringMatching(/unknown option "convolutoin"/),
    });
    const wrong = { layers: () => ({ convolution: "conv" }) } as unknown as FluxConversionOptions;
    expect(refusal(model, wrong)).toMatchObject({ reason: "options", message: expect.stringMatching(/not "conv"/) });
  });

  test("options that are no object, from plain JavaScript: refused by name, not an engine TypeError or no options", () => {
    const model = sequential([3], tf.layers.dense({ units: 2, name: "d" }));
    const given = (options: unknown) => options as FluxConversionOptions;
    const cases: [unknown, string | null, string][] = [
      [null, null, "the options given are null: pass an object, { layers: ... }, or leave them out"],
      [5, null, "the options given are 5: pass an object"],
      [{ layers: null }, null, "options.layers is null: a record of options by layer name"],
      [{ layers: "CrossCor" }, null, 'options.layers is "CrossCor" (a string): a record of options by layer name'],
      [{ layers: { d: null } }, "d", "its options are null, not an object { convolution, epsilon, slope }"],
      [{ layers: () => 5 }, "d", "its options are 5, not an object"],
      // A Map's entries are no keys of its own: its options were left unseen, every layer converted by default.
      [
        { layers: new Map([["d", {}]]) },
        null,
        'options.layers is a Map: a record of options by layer name, { "layer name": { convolution, epsilon, slope } }, or a function of the layer that returns them (Object.fromEntries(map) makes one of a Map)',
      ],
      [
        { layers: { d: new Map() } },
        "d",
        "its options are a Map, not an object { convolution, epsilon, slope } (Object.fromEntries",
      ],
      [new Map(), null, "the options given are a Map: pass an object"],
    ];
    for (const [options, layerName, message] of cases) {
      const refused = expect.objectContaining({
        name: "FluxConversionError",
        reason: "options",
        layerName,
        message: expect.stringContaining(message),
      });
      expect(() => tfjsToFlux(model, given(options))).toThrow(refused);
      expect(refusal(model, given(options))).toEqual(refused);
    }
    // A function's undefined, null or false (`layer.name === "c" && { ... }` for the others) says nothing.
    for (const none of [undefined, null, false]) converts(model, given({ layers: () => none }));
  });

  test("another call's option, for the model or for a layer, is refused naming the calls that take it", () => {
    // "unknown option" alone left a user who had read fluxConvToTfjs's { layer } wondering what the name was here.
    const model = sequential([4, 4, 1], tf.layers.conv2d({ filters: 1, kernelSize: 2, name: "c" }));
    const kernelsOption =
      'layer: fluxConvToTfjs and tfjsConvToFlux take it ("Conv" or "CrossCor"); a whole model\'s conversion takes { layers: { name: { convolution } } }';
    expect(refusal(model, { layer: "CrossCor" } as unknown as FluxConversionOptions)).toMatchObject({
      reason: "options",
      layerName: null,
      message: `unknown option "layer": options are per layer, { layers: { "layer name": { convolution, epsilon, slope } } } or { layers: (layer) => ({ convolution, epsilon, slope }) }; ${kernelsOption}`,
    });
    const perLayer = { layers: { c: { layer: "CrossCor" } } } as unknown as FluxConversionOptions;
    expect(refusal(model, perLayer)).toMatchObject({
      reason: "options",
      layerName: "c",
      message: `layer "c": unknown option "layer"; a layer takes { convolution, epsilon, slope }; ${kernelsOption}`,
    });
    expect(refusal(model, { copy: false } as unknown as FluxConversionOptions)).toMatchObject({
      reason: "options",
      message: expect.stringMatching(
        /; copy: the calls that move weights into or out of a model take it: loadWeights,/,
      ),
    });
  });

  test("a BatchNormalization at tfjs's epsilon, unless the Flux layer's eps is said", () => {
    const model = sequential([3], tf.layers.batchNormalization({ name: "bn" }));
    expect(refusal(model)).toMatchObject({
      reason: "epsilon",
      layerName: "bn",
      message: expect.stringMatching(
        /epsilon 1e-3, but the Flux layer used 1e-5 .*\{ layers: \{ "bn": \{ epsilon \} \} \}/,
      ),
    });
    converts(model, { layers: { bn: { epsilon: 1e-3 } } });
  });

  test("arrays that are not the model's twin's: the count, or a size", () => {
    const model = sequential([3], tf.layers.dense({ units: 2, name: "d" }));
    expect(refusal(model)).toMatchObject({
      reason: "count",
      message: expect.stringMatching(/Flux twin holds 2 arrays, the weights 0/),
    });
    const other = tfjsToFlux(sequential([2], tf.layers.dense({ units: 3 })));
    expect(refusal(model, {}, other)).toMatchObject({
      reason: "size",
      layerName: "d",
      message: expect.stringMatching(/Julia size \(3, 2\), but d\/kernel needs \(2, 3\)/),
    });
  });

  describe("a Flux BatchNorm(n; track_stats=false), whose μ and σ² are nothing, so that fetch_weights stores neither", () => {
    // Flux v0.13 src/layers/normalise.jl: such a BatchNorm normalises every batch by that batch's own
    // mean and variance, at inference too; tfjs's batchNormalization by its moving ones. No twin.
    const bn = (name: string, affine = true) =>
      tf.layers.batchNormalization({ epsilon: 1e-5, center: affine, scale: affine, name });
    const chain = (...layers: tf.layers.Layer[]) =>
      sequential([3], tf.layers.dense({ units: 4, name: "d1" }), ...layers, tf.layers.dense({ units: 2, name: "d2" }));
    /** The Flux twin's arrays of `model` (tfjsToFlux), but for those at `indices`. */
    const without = (model: tf.LayersModel, ...indices: number[]) =>
      new Weights(
        tfjsToFlux(model).arrays.filter((_, k) => !indices.includes(k)),
        { layout: "flux" },
      );

    test("refused naming the layer, why tfjs cannot compute it, and what to do", () => {
      // Flux: W1, b1, β, γ, W2, b2 (μ and σ², arrays 4 and 5 of a tracking BatchNorm, left out).
      const model = chain(bn("bn"));
      expect(refusal(model, {}, without(model, 4, 5))).toMatchObject({
        name: "FluxConversionError",
        reason: "unsupported-layer",
        layerName: "bn",
        message:
          'layer "bn": the weights hold no moving mean and variance for this BatchNorm (2 arrays fewer than the ' +
          "model's Flux twin), as a Flux BatchNorm built with track_stats=false stores it: its μ and σ² are nothing. " +
          "Such a BatchNorm normalises every batch by the batch's own mean and variance, at inference too, and tfjs's " +
          "batchNormalization normalises by its moving statistics at inference, so no tfjs layer computes what it " +
          "does. In Flux, build the BatchNorm with track_stats=true, give it these β and γ, run the training data " +
          "through the model in trainmode! so that it gathers μ and σ², and write fetch_weights of that model; " +
          "or keep the model in Julia",
      });
    });

    test("without affine parameters too (BatchNorm(n; affine=false, track_stats=false) stores no array)", () => {
      const model = chain(bn("plain", false));
      expect(refusal(model, {}, without(model, 2, 3))).toMatchObject({
        reason: "unsupported-layer",
        layerName: "plain",
      });
    });

    test("two such BatchNorms of different widths: both named", () => {
      // Flux: W1, b1, β1, γ1, W3, b3, β2, γ2, W2, b2 (d1 4 wide, d3 5 wide).
      const model = chain(bn("first"), tf.layers.dense({ units: 5, name: "d3" }), bn("second"));
      expect(refusal(model, {}, without(model, 4, 5, 10, 11))).toMatchObject({
        reason: "unsupported-layer",
        layerName: null,
        message: expect.stringMatching(
          /^the weights hold no moving mean and variance for the BatchNorms "first" and "second" \(4 arrays fewer/,
        ),
      });
    });

    test("two BatchNorms either of which could be the one: both named, none chosen", () => {
      // Flux: W1, b1, β1, γ1, β2, γ2, μ2, σ²2, W2, b2: μ, σ² of the first or, shifted, of the second.
      const model = chain(bn("first"), bn("second"));
      expect(refusal(model, {}, without(model, 4, 5))).toMatchObject({
        reason: "unsupported-layer",
        layerName: null,
        message: expect.stringMatching(
          /^the weights hold no moving mean and variance for one of the BatchNorms "first" and "second" \(2 arrays fewer/,
        ),
      });
    });

    test("weights short of arrays for another reason keep the count refusal", () => {
      const model = chain(bn("bn"));
      // The last Dense's weight and bias missing: no BatchNorm's statistics explain it.
      expect(refusal(model, {}, without(model, 6, 7))).toMatchObject({
        reason: "count",
        layerName: null,
        message: expect.stringMatching(/Flux twin holds 8 arrays, the weights 6/),
      });
      converts(model);
    });
  });

  test("Flux v0.12's DepthwiseConv weight, (k..., multiplier, channels): refused saying how to pass it", () => {
    // LegolasFlux supports Flux v0.12, whose DepthwiseConv((3,2), 2=>4) stores (3, 2, 2, 2), not v0.13's
    // (3, 2, 1, 4): it was told to build the tfjs model as the Flux model that wrote it, which it was.
    const twin = () =>
      sequential([5, 6, 2], tf.layers.depthwiseConv2d({ kernelSize: [2, 3], depthMultiplier: 2, name: "dw" }));
    const v013 = tfjsToFlux(twin());
    const [kernel, bias] = v013.arrays as [FlatArray, FlatArray];
    const v012 = new Weights([new FlatArray(kernel.vec, [3, 2, 2, 2]), bias], { layout: "flux" });
    expect(refusal(twin(), {}, v012)).toMatchObject({
      reason: "size",
      layerName: "dw",
      message: expect.stringMatching(
        /Julia size \(3, 2, 2, 2\), Flux v0\.12's DepthwiseConv weight .* pass new FlatArray\(array\.vec, \[3, 2, 1, 4\]\) in its place/,
      ),
    });
    const passed = new Weights([new FlatArray(v012.arrays[0]!.vec, [3, 2, 1, 4]), bias], { layout: "flux" });
    expect(fluxToTfjs(passed, twin()).arrays.map((array) => [...array.vec])).toEqual(
      fluxToTfjs(v013, twin()).arrays.map((array) => [...array.vec]),
    );
  });
});

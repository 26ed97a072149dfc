/**
 * LegolasFlux.jl's digits model (examples/digits.jl) written by Julia, loaded through the Flux
 * conversion into the equivalent tfjs model, predicts what Flux computes: checked against a
 * forward pass written here in plain TypeScript from Flux's definitions, on the file's arrays.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, expect, test } from "vitest";
import { fetchWeights, fluxConvToTfjs, fluxToTfjs, loadWeights, tfjsToFlux } from "legolas-ts/tfjs";
import { readModelRow, Weights, type FlatArray } from "legolas-ts";
import { DigitsModelV1SchemaVersion } from "../../generated/digits.model.js";
import { describeWithJuliaFixtures, juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";
import { bitsOf, seeded, useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

/**
 * examples/digits.jl's Chain in tfjs: Dropout, Conv((3,3), 1=>32, relu), BatchNorm(32, relu),
 * MaxPool((2,2)), Dropout, Conv((3,3), 32=>16, relu), Dropout, MaxPool((2,2)), Dropout,
 * Conv((3,3), 16=>10, relu), Dropout, reshape(x, :, N), Dropout, Dense(90, 10), D, D, softmax,
 * where D = Dense(10, 10) is one layer applied twice.
 */
function digitsModel({ batchNormEpsilon = 1e-5, dropouts = true } = {}): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1] });
  // Without dropouts: the README's version of the model (they are the identity at inference).
  const dropout = () => (dropouts ? [tf.layers.dropout({ rate: 0 })] : []);
  let x = input;
  const chain: tf.layers.Layer[] = [
    ...dropout(),
    tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: "relu" }),
    tf.layers.batchNormalization({ epsilon: batchNormEpsilon }),
    tf.layers.activation({ activation: "relu" }), // Flux's BatchNorm(32, relu): relu after the normalisation
    tf.layers.maxPooling2d({ poolSize: 2 }),
    ...dropout(),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: "relu" }),
    ...dropout(),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    ...dropout(),
    tf.layers.conv2d({ filters: 10, kernelSize: 3, activation: "relu" }),
    ...dropout(),
    tf.layers.flatten(),
    ...dropout(),
    tf.layers.dense({ units: 10 }),
  ];
  for (const layer of chain) x = layer.apply(x) as tf.SymbolicTensor;
  const shared = tf.layers.dense({ units: 10 });
  x = shared.apply(shared.apply(x)) as tf.SymbolicTensor;
  const output = tf.layers.softmax().apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

// ---------------------------------------------------------------------------------------------
// Flux's forward pass, from Flux's definitions, in Julia's column-major (W, H, C) index space.

interface Image {
  readonly values: Float64Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}
const at = (x: Image, w: number, h: number, c: number) => x.values[w + x.width * (h + x.height * c)]!;

/** Flux `Conv`: a true convolution (NNlib flips the kernel), weight of Julia size (kw, kh, in, out), then relu. */
function fluxConv(x: Image, weight: FlatArray, bias: FlatArray): Image {
  const [kw, kh, cin, cout] = weight.size as [number, number, number, number];
  const width = x.width - kw + 1;
  const height = x.height - kh + 1;
  const values = new Float64Array(width * height * cout);
  for (let o = 0; o < cout; o++)
    for (let j = 0; j < height; j++)
      for (let i = 0; i < width; i++) {
        let sum = bias.vec[o]!;
        for (let c = 0; c < cin; c++)
          for (let b = 0; b < kh; b++)
            for (let a = 0; a < kw; a++)
              sum += at(x, i + a, j + b, c) * weight.vec[kw - 1 - a + kw * (kh - 1 - b + kh * (c + cin * o))]!;
        values[i + width * (j + height * o)] = Math.max(0, sum);
      }
  return { values, width, height, channels: cout };
}

/** Flux `BatchNorm(n, relu)` at inference: relu(γ (x - μ) / sqrt(σ² + ϵ) + β), ϵ = 1f-5. */
function fluxBatchNorm(x: Image, [beta, gamma, mu, sigma2]: FlatArray[]): Image {
  const eps = Math.fround(1e-5);
  const values = x.values.map((v, k) => {
    const c = Math.floor(k / (x.width * x.height));
    return Math.max(0, (gamma!.vec[c]! * (v - mu!.vec[c]!)) / Math.sqrt(sigma2!.vec[c]! + eps) + beta!.vec[c]!);
  });
  return { ...x, values };
}

/** Flux `MaxPool((2, 2))`: stride 2, no padding, a trailing odd row or column dropped. */
function fluxMaxPool(x: Image): Image {
  const width = Math.floor(x.width / 2);
  const height = Math.floor(x.height / 2);
  const values = new Float64Array(width * height * x.channels);
  for (let c = 0; c < x.channels; c++)
    for (let j = 0; j < height; j++)
      for (let i = 0; i < width; i++)
        values[i + width * (j + height * c)] = Math.max(
          at(x, 2 * i, 2 * j, c),
          at(x, 2 * i + 1, 2 * j, c),
          at(x, 2 * i, 2 * j + 1, c),
          at(x, 2 * i + 1, 2 * j + 1, c),
        );
  return { values, width, height, channels: x.channels };
}

/** Flux `Dense(in, out)`: W*x .+ b, W of Julia size (out, in) column-major. */
function fluxDense(x: ArrayLike<number>, weight: FlatArray, bias: FlatArray): number[] {
  const out = weight.size[0]!;
  return Array.from({ length: out }, (_, o) => {
    let sum = bias.vec[o]!;
    for (let j = 0; j < x.length; j++) sum += weight.vec[o + out * j]! * x[j]!;
    return sum;
  });
}

function softmax(x: number[]): number[] {
  const top = Math.max(...x); // 10 values
  const exps = x.map((v) => Math.exp(v - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
}

/** The Chain of digits.jl on one 28x28 image, as Flux computes it in test mode. */
function fluxDigits(a: readonly FlatArray[], pixels: Float32Array): number[] {
  let x: Image = { values: Float64Array.from(pixels), width: 28, height: 28, channels: 1 };
  x = fluxMaxPool(fluxBatchNorm(fluxConv(x, a[0]!, a[1]!), a.slice(2, 6)));
  x = fluxMaxPool(fluxConv(x, a[6]!, a[7]!));
  x = fluxConv(x, a[8]!, a[9]!);
  // reshape(x, :, N): column-major, so x.values (W, H, C) is already the flat vector.
  const hidden = fluxDense(x.values, a[10]!, a[11]!);
  return softmax(fluxDense(fluxDense(hidden, a[12]!, a[13]!), a[12]!, a[13]!));
}

// ---------------------------------------------------------------------------------------------

const IMAGES = 3;
/** Three 28x28 grey images, values in [0, 1); in NHWC with one channel the memory of Julia's (28, 28, 1, 3). */
const pixels = Float32Array.from(seeded(IMAGES * 784, 11), (v) => (v + 1) / 2);
const imageAt = (n: number) => pixels.subarray(n * 784, (n + 1) * 784);

function predict(model: tf.LayersModel): number[][] {
  return tf.tidy(
    () => (model.predict(tf.tensor4d(pixels, [IMAGES, 28, 28, 1])) as tf.Tensor).arraySync() as number[][],
  );
}

function maxDifference(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, n) => row.forEach((v, k) => (max = Math.max(max, Math.abs(v - b[n]![k]!)))));
  return max;
}

describeWithJuliaFixtures("test.digits-model.arrow through fluxToTfjs", () => {
  const read = () =>
    readModelRow(juliaFixture("test.digits-model.arrow"), { schemaVersion: DigitsModelV1SchemaVersion });

  testWithJuliaFixtures("predicts what Flux computes, within 1e-5", async () => {
    const arrays = (await read()).weights!.arrays;
    const flux = Array.from({ length: IMAGES }, (_, n) => fluxDigits(arrays, imageAt(n)));
    for (const dropouts of [true, false]) {
      const model = digitsModel({ dropouts });
      loadWeights(model, fluxToTfjs((await read()).weights!, model));
      expect(maxDifference(predict(model), flux)).toBeLessThanOrEqual(1e-5);
    }
    // Not a constant model: the images get different answers.
    expect(maxDifference([flux[0]!], [flux[1]!])).toBeGreaterThan(1e-4);
  });

  testWithJuliaFixtures("tfjsToFlux gives back the file's arrays, bit for bit", async () => {
    const weights = (await read()).weights!;
    const model = digitsModel();
    loadWeights(model, fluxToTfjs(weights, model));
    expect(bitsOf(tfjsToFlux(model))).toEqual(bitsOf(weights));
  });

  testWithJuliaFixtures(
    "without the BatchNorm reordering (kernels converted alone) the predictions differ",
    async () => {
      const weights = (await read()).weights!;
      const arrays = weights.arrays;
      const flux = Array.from({ length: IMAGES }, (_, n) => fluxDigits(arrays, imageAt(n)));
      const model = digitsModel();
      // What the README used to say was enough: convert the conv kernels, load the rest as they are.
      const converted = arrays.map((array, k) => (k === 0 || k === 6 || k === 8 ? fluxConvToTfjs(array) : array));
      // Without the flatten permutation the Dense(90, 10) would differ too: keep it right here to
      // isolate BatchNorm's β, γ order.
      converted[10] = fluxToTfjs(weights, model).arrays[10]!;
      loadWeights(model, new Weights(converted));
      expect(maxDifference(predict(model), flux)).toBeGreaterThan(1e-3);
    },
  );

  testWithJuliaFixtures("a BatchNormalization with tfjs's default epsilon (1e-3) is refused", async () => {
    const model = digitsModel({ batchNormEpsilon: 1e-3 });
    const weights = (await read()).weights!;
    expect(() => fluxToTfjs(weights, model)).toThrow(
      expect.objectContaining({
        name: "FluxConversionError",
        code: "flux_conversion",
        reason: "epsilon",
        message: expect.stringMatching(/epsilon 1e-3, but the Flux layer used 1e-5/),
      }),
    );
  });
});

test("tfjsToFlux then fluxToTfjs gives every bit back, for Conv and CrossCor", () => {
  const model = digitsModel();
  const tfjsWeights = fetchWeights(model);
  for (const convolution of ["Conv", "CrossCor"] as const) {
    const options = { layers: () => ({ convolution }) };
    const flux = tfjsToFlux(model, options);
    expect(flux.arrays.map((array) => array.size)).toEqual([
      [3, 3, 1, 32],
      [32],
      [32],
      [32],
      [32],
      [32],
      [3, 3, 32, 16],
      [16],
      [3, 3, 16, 10],
      [10],
      [10, 90],
      [10],
      [10, 10],
      [10],
    ]);
    expect(bitsOf(fluxToTfjs(flux, model, options))).toEqual(bitsOf(tfjsWeights));
  }
  // Flux's order inside a BatchNorm: β (tfjs beta) before γ (tfjs gamma).
  expect(tfjsToFlux(model).arrays[2]!.vec).toEqual(tfjsWeights.arrays[3]!.vec);
});

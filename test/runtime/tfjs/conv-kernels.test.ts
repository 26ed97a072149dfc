/**
 * Flux <-> tfjs layouts, proved on examples small enough to work out by hand, then on a random
 * case against a direct transcription of Flux's definition. Julia indices in comments are
 * 1-based and column-major, as in Julia.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { FlatArray, Weights } from "legolas-ts";
import { fluxConvToTfjs, loadWeights, tfjsConvToFlux } from "legolas-ts/tfjs";
import { WHOLE_MODEL_CONVERSION_OPTIONS } from "../../../runtime/arrow/options.js";
import { seeded, useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

/** tfjs's conv2d (a cross-correlation) of one image `[h, w, c]` with a converted kernel. */
function tfjsConv2d(
  image: Float32Array,
  imageShape: [number, number, number],
  kernel: FlatArray<Float32Array>,
): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(image, [1, ...imageShape]);
    const k = tf.tensor4d(kernel.vec, kernel.shape as [number, number, number, number]);
    return tf.conv2d(x, k, 1, "valid").dataSync().slice() as Float32Array;
  });
}

describe("a 2x2 kernel, one channel in and out, by hand", () => {
  // Flux weight w, Julia size (2, 2, 1, 1): w[1,1] = 1, w[2,1] = 2, w[1,2] = 3, w[2,2] = 4.
  const flux = new FlatArray(new Float32Array([1, 2, 3, 4]), [2, 2, 1, 1]);
  // Image x, Julia size (W, H) = (2, 2): x[1,1] = 10, x[2,1] = 20, x[1,2] = 30, x[2,2] = 40,
  // the same memory as the row-major JavaScript image [[10, 20], [30, 40]].
  const image = new Float32Array([10, 20, 30, 40]);

  test("Conv is a true convolution: the kernel is flipped in both axes", () => {
    // Flux: y = w[2,2]x[1,1] + w[1,2]x[2,1] + w[2,1]x[1,2] + w[1,1]x[2,2] = 40 + 60 + 60 + 40.
    const tfjs = fluxConvToTfjs(flux, { layer: "Conv" });
    expect(tfjs.shape).toEqual([2, 2, 1, 1]); // [kh, kw, in, out]
    expect([...tfjs.vec]).toEqual([4, 3, 2, 1]);
    expect([...tfjsConv2d(image, [2, 2, 1], tfjs)]).toEqual([200]);
  });

  test("Conv is the default", () => {
    expect([...fluxConvToTfjs(flux).vec]).toEqual([4, 3, 2, 1]);
  });

  const conversions = [
    [fluxConvToTfjs, "fluxConvToTfjs"],
    [tfjsConvToFlux, "tfjsConvToFlux"],
  ] as const;

  test("convolution, a whole model's name for layer, is refused naming layer: it went unused, a CrossCor's kernel flipped", () => {
    for (const [convert, call] of conversions)
      expect(() => convert(flux, { convolution: "CrossCor" } as never)).toThrow(
        expect.objectContaining({
          name: "UnknownOptionError",
          option: "convolution",
          meant: ["layer"],
          message: `options.convolution is not an option of ${call}, which would leave it unused: convolution is an option of the whole-model conversions, fluxToTfjs(weights, model, { layers: { "<layer name>": { convolution } } }) and tfjsToFlux(model, { layers: { "<layer name>": { convolution } } }); a kernel's conversion takes it as layer: "Conv" or "CrossCor"; nothing was converted`,
        }),
      );
  });

  test("epsilon and slope, a whole model's options for a BatchNorm and a leakyrelu, are refused: a kernel's conversion took them without a word", () => {
    // Their callers believed the kernel converted for the eps or the slope they gave; nothing in a kernel uses either.
    for (const [convert, call] of conversions)
      for (const [option, value] of [
        ["epsilon", 1e-3],
        ["slope", 0.2],
      ] as const)
        expect(() => convert(flux, { [option]: value } as never)).toThrow(
          expect.objectContaining({
            name: "UnknownOptionError",
            option,
            meant: [],
            message: `options.${option} is not an option of ${call}, which would leave it unused: ${option} is an option of the whole-model conversions, fluxToTfjs(weights, model, { layers: { "<layer name>": { ${option} } } }) and tfjsToFlux(model, { layers: { "<layer name>": { ${option} } } }); a kernel's conversion takes only layer: "Conv" or "CrossCor"; nothing was converted`,
          }),
        );
  });

  test("every option of the whole-model conversions is refused by a kernel's, naming them", () => {
    for (const [convert, call] of conversions)
      for (const [option, written] of Object.entries(WHOLE_MODEL_CONVERSION_OPTIONS))
        expect(() => convert(flux, { layer: "Conv", [option]: 1 } as never)).toThrow(
          expect.objectContaining({
            name: "UnknownOptionError",
            option,
            message: expect.stringContaining(
              `${call}, which would leave it unused: ${option} is an option of the whole-model conversions, fluxToTfjs(weights, model, ${written})`,
            ),
          }),
        );
  });

  test("layers, the whole-model conversions' option, is refused as theirs, not as a misspelt layer", () => {
    // It was "no option of legolas-ts (did you mean layer?)", as if the user had slipped a letter.
    for (const [convert, call] of conversions)
      expect(() => convert(flux, { layers: { conv: { convolution: "CrossCor" } } } as never)).toThrow(
        expect.objectContaining({
          name: "UnknownOptionError",
          option: "layers",
          meant: [],
          message: `options.layers is not an option of ${call}, which would leave it unused: layers is an option of the whole-model conversions, fluxToTfjs(weights, model, { layers }) and tfjsToFlux(model, { layers }); a kernel's conversion takes only layer: "Conv" or "CrossCor"; nothing was converted`,
        }),
      );
  });

  test("a layer that is neither Conv nor CrossCor is refused, not taken for CrossCor", () => {
    // From plain JavaScript, { layer: "conv" } left the kernel unflipped: a Conv's weights turned wrong without a word.
    for (const convert of [fluxConvToTfjs, tfjsConvToFlux])
      expect(() => convert(flux, { layer: "conv" } as never)).toThrow(
        expect.objectContaining({
          name: "InvalidOptionError",
          option: "layer",
          message: 'options.layer is "conv" (a string): pass "Conv" or "CrossCor", or leave it out for the default',
        }),
      );
    expect(() => fluxConvToTfjs(flux, { copy: true } as never)).toThrow(
      expect.objectContaining({
        name: "UnknownOptionError",
        option: "copy",
        message: expect.stringMatching(/^options\.copy is not an option of fluxConvToTfjs/),
      }),
    );
  });

  test("CrossCor is not flipped", () => {
    // Flux: y = w[1,1]x[1,1] + w[2,1]x[2,1] + w[1,2]x[1,2] + w[2,2]x[2,2] = 10 + 40 + 90 + 160.
    const tfjs = fluxConvToTfjs(flux, { layer: "CrossCor" });
    expect([...tfjs.vec]).toEqual([1, 2, 3, 4]);
    expect([...tfjsConv2d(image, [2, 2, 1], tfjs)]).toEqual([300]);
  });
});

test("channels move from the slow end (Flux) to the fast end (tfjs)", () => {
  // A 1x1 kernel, 2 channels in, 3 out; w[1,1,i,o] = 10i + o sits at Julia offset (i-1) + 2(o-1).
  const flux = new FlatArray(new Float32Array([11, 21, 12, 22, 13, 23]), [1, 1, 2, 3]);
  // tfjs [1, 1, 2, 3] row-major: kernel[0][0][i-1][o-1] at offset 3(i-1) + (o-1).
  const tfjs = fluxConvToTfjs(flux);
  expect(tfjs.shape).toEqual([1, 1, 2, 3]);
  expect([...tfjs.vec]).toEqual([11, 12, 13, 21, 22, 23]);
});

test("a rectangular multi-channel kernel gives Flux's output, computed from its definition", () => {
  const [KW, KH, C, O, W, H] = [3, 2, 2, 3, 5, 4];
  const w = seeded(KW * KH * C * O, 11); // Flux weight, Julia size (KW, KH, C, O)
  const pixel = (x: number, y: number, c: number) => Math.fround(Math.sin(1 + x + 3 * y + 7 * c)); // 0-based
  // The same pixels in tfjs's NHWC layout.
  const image = new Float32Array(H * W * C);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) image[(y * W + x) * C + c] = pixel(x, y, c);

  // Flux's Conv, transcribed: y[i,j,o] = sum w[KW+1-p, KH+1-q, c, o] * x[i+p-1, j+q-1, c].
  const weight = (p: number, q: number, c: number, o: number) => w[p + KW * (q + KH * (c + C * o))]!;
  const [WO, HO] = [W - KW + 1, H - KH + 1];
  const expected = new Float32Array(HO * WO * O); // laid out as tfjs's output [1, HO, WO, O]
  for (let j = 0; j < HO; j++)
    for (let i = 0; i < WO; i++)
      for (let o = 0; o < O; o++) {
        let sum = 0;
        for (let q = 0; q < KH; q++)
          for (let p = 0; p < KW; p++)
            for (let c = 0; c < C; c++) {
              sum += weight(KW - 1 - p, KH - 1 - q, c, o) * pixel(i + p, j + q, c);
            }
        expected[(j * WO + i) * O + o] = sum;
      }

  const kernel = fluxConvToTfjs(new FlatArray(w, [KW, KH, C, O]));
  expect(kernel.shape).toEqual([KH, KW, C, O]);
  const actual = tfjsConv2d(image, [H, W, C], kernel);
  actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 5));
});

test("tfjsConvToFlux undoes fluxConvToTfjs for 1D, 2D and 3D kernels", () => {
  for (const size of [
    [3, 2, 4],
    [3, 2, 2, 4],
    [2, 3, 2, 2, 3],
  ]) {
    const count = size.reduce((product, extent) => product * extent, 1);
    const flux = new FlatArray(seeded(count, count), size);
    for (const layer of ["Conv", "CrossCor"] as const) {
      const back = tfjsConvToFlux(fluxConvToTfjs(flux, { layer }), { layer });
      expect(back.size).toEqual(size);
      expect(back.vec).toEqual(flux.vec);
    }
  }
});

test("anything but a 1-3D convolution kernel is refused", () => {
  expect(() => fluxConvToTfjs(new FlatArray(new Float32Array(6), [2, 3]))).toThrow(
    "expected a Flux weight of Julia size (k1, ..., kn, in, out) with 1 to 3 spatial axes, but this array has Julia size (2, 3)",
  );
  expect(() => tfjsConvToFlux(new FlatArray(new Float32Array(6), [6]))).toThrow(
    /tfjs kernel of shape \[kn, \.\.\., k1, in, out\]/,
  );
});

test("a Flux Dense weight of Julia size (out, in) is a tfjs Dense kernel [in, out] as it is", () => {
  // W, Julia size (3, 2): W[o,i] = 10o + i at offset (o-1) + 3(i-1). Flux computes y = W * x.
  const W = new FlatArray(new Float32Array([11, 21, 31, 12, 22, 32]), [3, 2]);
  expect(W.shape).toEqual([2, 3]);
  const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 3, useBias: false })] });
  loadWeights(dense, new Weights([W]));
  const y = tf.tidy(() => (dense.predict(tf.tensor2d([[1, 2]])) as tf.Tensor).dataSync().slice());
  // W * [1, 2] = [11 + 2*12, 21 + 2*22, 31 + 2*32].
  expect([...y]).toEqual([35, 65, 95]);
});

test("a kernel moves between layouts as bits: a signalling NaN, its sign and payload survive both ways", () => {
  const bits = new Uint32Array([0x7f800001, 0xff800abc, 0x7fc00005, 0x80000000, 0x00000001, 0x3f800000, 0xffffffff, 0]);
  const flux = new FlatArray(new Float32Array(bits.buffer), [2, 2, 1, 2]);
  const hex = (vec: Float32Array | Float64Array | Uint16Array) =>
    [...new Uint32Array(vec.buffer, vec.byteOffset, vec.byteLength / 4)].map((word) => word.toString(16));
  for (const layer of ["Conv", "CrossCor"] as const) {
    const tfjs = fluxConvToTfjs(flux, { layer });
    expect(hex(tfjs.vec).sort(), layer).toEqual(hex(flux.vec).sort());
    expect(hex(tfjsConvToFlux(tfjs, { layer }).vec), layer).toEqual(hex(flux.vec));
  }
  const float64 = new FlatArray(new Float64Array(new Uint32Array([1, 0x7ff00000, 2, 0xfff00000]).buffer), [1, 1, 1, 2]);
  expect(hex(tfjsConvToFlux(fluxConvToTfjs(float64, { layer: "Conv" }), { layer: "Conv" }).vec)).toEqual(
    hex(float64.vec),
  );
});

test("an integer kernel moves as its numbers, exactly, to the same places a float32 one does", () => {
  const values = [1, -2, 3, -4, 5, -6];
  const size = [3, 1, 1, 2];
  const float = fluxConvToTfjs(new FlatArray(Float32Array.from(values), size), { layer: "Conv" });
  for (const Vec of [Int8Array, Int16Array, Int32Array]) {
    const flux = new FlatArray(Vec.from(values), size);
    const tfjs = fluxConvToTfjs(flux, { layer: "Conv" });
    expect(tfjs.vec, Vec.name).toBeInstanceOf(Vec);
    expect([...tfjs.vec], Vec.name).toEqual([...float.vec]);
    expect([...tfjsConvToFlux(tfjs, { layer: "Conv" }).vec], Vec.name).toEqual(values);
  }
});

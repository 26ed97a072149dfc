/**
 * The arrays after a flatten of an image follow its values' order: tfjs flattens [H, W, C]
 * row-major, so its input `(h, w, c)` is Flux's `w + W (h + H c)` of the WHCN (W, H, C). A Dense
 * kernel's rows and a BatchNorm's vectors move so, every bit of every element type kept (NaN
 * payloads, float16 as its bits), and back to Flux's order unchanged.
 */
import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { fluxToTfjs, loadWeights, tfjsToFlux } from "legolas-ts/tfjs";
import { FlatArray, Weights } from "legolas-ts";
import { useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

/** A vec over random bits, by element type (float16 is stored as its bits). */
const VEC = {
  float32: (bits: Uint32Array) => new Float32Array(bits.buffer),
  float64: (bits: Uint32Array) => new Float64Array(bits.buffer),
  float16: (bits: Uint32Array) => new Uint16Array(bits.buffer),
} as const;

/** The unsigned integers of a vec's bytes, one per element (a float64's as a bigint), for exact comparison. */
function bitsOf(vec: Float32Array | Float64Array | Uint16Array): (number | bigint)[] {
  if (vec instanceof Float64Array) return [...new BigUint64Array(vec.buffer, vec.byteOffset, vec.length)];
  if (vec instanceof Float32Array) return [...new Uint32Array(vec.buffer, vec.byteOffset, vec.length)];
  return [...vec];
}

const imageDense = fc.record({
  height: fc.integer({ min: 1, max: 4 }),
  width: fc.integer({ min: 1, max: 4 }),
  channels: fc.integer({ min: 1, max: 4 }),
  // One unit moves value by value, up to 16 words in a loop, more by blocks.
  units: fc.integer({ min: 1, max: 20 }),
  normalised: fc.boolean(),
  type: fc.constantFrom(...(Object.keys(VEC) as (keyof typeof VEC)[])),
  seed: fc.integer(),
});

test("property: a Dense after a flatten takes Flux's rows in the image's order, bit for bit, and gives them back", () => {
  fc.assert(
    fc.property(imageDense, ({ height, width, channels, units, normalised, type, seed }) => {
      const inputs = height * width * channels;
      const model = tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape: [height, width, channels] }),
          ...(normalised ? [tf.layers.batchNormalization({ epsilon: 1e-5 })] : []),
          tf.layers.dense({ units }),
        ],
      });
      // Every bit pattern, NaNs with payloads among them.
      const random = (count: number, salt: number) => {
        const size = type === "float64" ? 2 * count : type === "float16" ? Math.ceil(count / 2) : count;
        const bits = Uint32Array.from(
          { length: size },
          (_, k) => Math.imul(seed ^ salt, 2654435761) ^ Math.imul(k + 1, 40503),
        );
        return VEC[type](bits).subarray(0, count);
      };
      const vectors = normalised ? [0, 1, 2, 3].map((k) => new FlatArray(random(inputs, k + 10), [inputs])) : [];
      const kernel = new FlatArray(random(units * inputs, 1), [units, inputs]);
      const flux = new Weights([...vectors, kernel, new FlatArray(random(units, 2), [units])], { layout: "flux" });
      const tfjs = fluxToTfjs(flux, model).arrays;
      const fluxInput = (t: number) => {
        const [h, w, c] = [Math.floor(t / (width * channels)), Math.floor(t / channels) % width, t % channels];
        return w + width * (h + height * c);
      };
      const [fluxBits, tfjsBits] = [bitsOf(kernel.vec as Float32Array), bitsOf(tfjs.at(-2)!.vec as Float32Array)];
      for (let t = 0; t < inputs; t++)
        for (let o = 0; o < units; o++) expect(tfjsBits[t * units + o]).toBe(fluxBits[fluxInput(t) * units + o]);
      // Flux's β, γ, μ, σ² are tfjs's beta, gamma, moving_mean, moving_variance, which tfjs lists gamma first.
      [1, 0, 2, 3].forEach((flux, k) => {
        if (!normalised) return;
        const [from, to] = [bitsOf(vectors[flux]!.vec as Float32Array), bitsOf(tfjs[k]!.vec as Float32Array)];
        for (let t = 0; t < inputs; t++) expect(to[t]).toBe(from[fluxInput(t)]);
      });
      if (type === "float32" && !flux.arrays.some((array) => (array.vec as Float32Array).some(Number.isNaN))) {
        // tfjs holds float32 only, and may quieten a NaN: the way back is checked on numbers.
        loadWeights(model, new Weights(tfjs, { layout: "tfjs" }));
        const back = tfjsToFlux(model).arrays;
        expect(back.map((array) => bitsOf(array.vec as Float32Array))).toEqual(
          flux.arrays.map((array) => bitsOf(array.vec as Float32Array)),
        );
      }
      model.dispose();
    }),
    { numRuns: 150 },
  );
});

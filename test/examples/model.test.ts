import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { REDUCED, TEST_SEED_OFFSET } from "../../examples/digits/config.js";
import { makeDigits } from "../../examples/digits/dataset.js";
import { ARCHITECTURE_VERSION, buildDigitsModel, HIDDEN } from "../../examples/digits/model.js";
import { evaluate, predictLabels, trainEpochs } from "../../examples/digits/train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Weights in the stable order (layer by layer), as plain arrays. */
function snapshot(model: tf.LayersModel): Float32Array[] {
  return model.layers
    .flatMap((l) => l.weights)
    .map((w) => w.read().dataSync() as Float32Array)
    .map((a) => a.slice());
}

describe("buildDigitsModel", () => {
  it("applies one Dense layer twice and stores its weights once", () => {
    const model = buildDigitsModel(16, { seed: 1 });
    const shared = model.getLayer("shared");
    expect(shared.inboundNodes.length).toBe(2);
    expect(shared.weights.map((w) => w.shape)).toEqual([[HIDDEN, HIDDEN], [HIDDEN]]);
    const stable = model.layers.flatMap((l) => l.weights);
    expect(stable.length).toBe(model.weights.length);
    // conv kernel; BN gamma, beta, moving mean, moving variance; 3 Dense layers x (kernel, bias)
    expect(stable.length).toBe(1 + 4 + 6);
    expect(ARCHITECTURE_VERSION).toBe(1n);
    model.dispose();
  });

  it("starts from identical weights for one seed and different ones for another", () => {
    const a = snapshot(buildDigitsModel(16, { seed: 3 }));
    const b = snapshot(buildDigitsModel(16, { seed: 3 }));
    const c = snapshot(buildDigitsModel(16, { seed: 4 }));
    expect(b).toEqual(a);
    expect(c[0]).not.toEqual(a[0]);
  });
});

describe("trainEpochs and evaluate", () => {
  it("learns well above chance in the reduced setting", async () => {
    const { count, testCount, size, epochs, batchSize, learningRate } = REDUCED;
    const seed = 1;
    const train = makeDigits({ count, seed, size });
    const test = makeDigits({ count: testCount, seed: seed + TEST_SEED_OFFSET, size });
    const model = buildDigitsModel(size, { seed });
    const seen: number[] = [];
    const results = await trainEpochs(model, train, {
      epochs,
      batchSize,
      learningRate,
      seed,
      onEpoch: async (r) => {
        seen.push(r.epoch);
      },
    });
    expect(seen).toEqual([1, 2]);
    expect(results[1]!.loss).toBeLessThan(results[0]!.loss);
    const accuracy = evaluate(model, test);
    expect(accuracy).toBeGreaterThan(0.3); // chance is 0.1; measured 0.5-0.6
    expect(accuracy).toBeLessThanOrEqual(1);
    model.dispose();
  });

  it("is reproducible: one seed gives the same losses and predictions", async () => {
    const train = makeDigits({ count: 200, seed: 5, size: 16 });
    const test = makeDigits({ count: 50, seed: 6, size: 16 });
    const run = async () => {
      const model = buildDigitsModel(16, { seed: 5 });
      const results = await trainEpochs(model, train, { epochs: 1, batchSize: 16, seed: 5 });
      const predicted = predictLabels(model, test);
      const weights = snapshot(model);
      model.dispose();
      return { losses: results.map((r) => r.loss), predicted, weights };
    };
    const first = await run();
    const second = await run();
    expect(second.losses).toEqual(first.losses);
    expect(second.predicted).toEqual(first.predicted);
    expect(second.weights).toEqual(first.weights);
  });
});

/**
 * How long the bridge takes on a model of ~10M float32 parameters, CPU backend. Skipped unless
 * LEGOLAS_BENCH is set (building the model alone takes a few hundred ms):
 *
 *     LEGOLAS_BENCH=1 npx vitest run test/tfjs/timing.test.ts
 */
import * as tf from "@tensorflow/tfjs";
import { expect, test } from "vitest";
import { fetchWeights, loadWeights } from "legolas-ts";
import { useCpuBackend } from "./helpers.js";

/** Median of `runs` timings of `work`, in ms. */
function median(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

test.skipIf(!process.env.LEGOLAS_BENCH)("fetchWeights / loadWeights on ~10M parameters", async () => {
  await useCpuBackend();
  const build = () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [1330], units: 3000 }),
        tf.layers.dense({ units: 2000 }),
        tf.layers.batchNormalization(),
        tf.layers.dense({ units: 10 }),
      ],
    });
  const [source, target] = [build(), build()];
  expect(source.countParams()).toBeGreaterThan(9_900_000);

  const weights = fetchWeights(source);
  const times = {
    parameters: source.countParams(),
    fetchWeightsMs: median(5, () => fetchWeights(source)),
    loadWeightsCopyMs: median(5, () => loadWeights(target, weights)),
    loadWeightsSharedMs: median(5, () => loadWeights(target, weights, { copy: false })),
  };
  console.log(JSON.stringify(times));
});

/**
 * Times data generation, training and evaluation for one configuration: how the FULL and REDUCED
 * settings in ./config.ts were chosen, and how to re-check them on another machine.
 *
 *   measure [--reduced] [--count N] [--test N] [--size S] [--epochs E] [--batch B] [--lr R] [--seed K]
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { FULL, REDUCED, TEST_SEED_OFFSET } from "./config.js";
import { makeDigits } from "./dataset.js";
import { buildDigitsModel } from "./model.js";
import { evaluate, trainEpochs } from "./train.js";

const { values } = parseArgs({
  options: {
    reduced: { type: "boolean", default: false },
    count: { type: "string" },
    test: { type: "string" },
    size: { type: "string" },
    epochs: { type: "string" },
    batch: { type: "string" },
    lr: { type: "string" },
    seed: { type: "string", default: "1" },
  },
});
const base = values.reduced ? REDUCED : FULL;
const num = (flag: string | undefined, fallback: number) => (flag === undefined ? fallback : Number(flag));
const size = num(values.size, base.size);
const seed = num(values.seed, 1);

const t0 = performance.now();
await tf.setBackend("cpu");
const train = makeDigits({ count: num(values.count, base.count), seed, size });
const test = makeDigits({ count: num(values.test, base.testCount), seed: seed + TEST_SEED_OFFSET, size });
const t1 = performance.now();
const model = buildDigitsModel(size, { seed });
await trainEpochs(model, train, {
  epochs: num(values.epochs, base.epochs),
  batchSize: num(values.batch, base.batchSize),
  learningRate: num(values.lr, base.learningRate),
  seed,
  onEpoch: (r) => {
    const acc = evaluate(model, test);
    console.log(
      `epoch ${r.epoch}: loss ${r.loss.toFixed(3)} train ${(r.trainAccuracy * 100).toFixed(1)}% ` +
        `test ${(acc * 100).toFixed(1)}% (${(r.millis / 1000).toFixed(2)} s)`,
    );
  },
});
const t2 = performance.now();
console.log(
  `params ${model.countParams()}; backend+data ${((t1 - t0) / 1000).toFixed(2)} s; ` +
    `train+eval ${((t2 - t1) / 1000).toFixed(2)} s; total ${((t2 - t0) / 1000).toFixed(2)} s`,
);

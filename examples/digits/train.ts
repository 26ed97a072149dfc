/**
 * Training and evaluation for the digits model.
 *
 * Training runs one `model.fit` call per epoch on data we shuffled ourselves with a seeded PRNG:
 * fit's own shuffle uses Math.random, which would make two runs with one seed differ, and the
 * per-epoch call gives the caller a place to evaluate and store a row after every epoch.
 */
import * as tf from "@tensorflow/tfjs";
import { subsetDigits, toTensors, type DigitsData } from "./dataset.js";
import { mulberry32, shuffleInPlace } from "./random.js";

export interface EpochResult {
  /** 1-based: the number of epochs trained so far in this call. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Training accuracy over the epoch's batches (measured while the weights moved). */
  trainAccuracy: number;
  /** Wall time of the epoch, in milliseconds. */
  millis: number;
}

export interface TrainOptions {
  epochs: number;
  /** 32 by default. */
  batchSize?: number;
  /** Adam's learning rate; 0.01 by default (high, because the runs are a few epochs long). */
  learningRate?: number;
  /** Seed of the per-epoch shuffles. */
  seed?: number;
  /** Called after every epoch, and awaited, so it can evaluate and write a row. */
  onEpoch?: (result: EpochResult) => void | Promise<void>;
}

/** Compiles the model if it has not been compiled, then trains `epochs` epochs. */
export async function trainEpochs(
  model: tf.LayersModel,
  data: DigitsData,
  options: TrainOptions,
): Promise<EpochResult[]> {
  const batchSize = options.batchSize ?? 32;
  if (model.optimizer == null) {
    model.compile({
      optimizer: tf.train.adam(options.learningRate ?? 0.01),
      loss: "categoricalCrossentropy",
      metrics: ["accuracy"],
    });
  }
  const rng = mulberry32(options.seed ?? 0);
  const order = Int32Array.from({ length: data.labels.length }, (_, i) => i);
  const results: EpochResult[] = [];
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const start = performance.now();
    const { xs, ys } = toTensors(subsetDigits(data, shuffleInPlace(order, rng)));
    try {
      const history = await model.fit(xs, ys, { epochs: 1, batchSize, shuffle: false, verbose: 0 });
      const result: EpochResult = {
        epoch,
        loss: Number(history.history.loss?.[0]),
        trainAccuracy: Number((history.history.acc ?? history.history.accuracy)?.[0]),
        millis: performance.now() - start,
      };
      results.push(result);
      await options.onEpoch?.(result);
    } finally {
      xs.dispose();
      ys.dispose();
    }
  }
  return results;
}

/**
 * Class probabilities of every image (`n x 10`, row by row), predicting in batches to bound
 * memory on large test sets. Two models with bitwise-equal weights give bitwise-equal output.
 */
export function predictProbabilities(model: tf.LayersModel, data: DigitsData, batchSize = 256): Float32Array {
  const n = data.labels.length;
  const pixels = data.size * data.size;
  const out = new Float32Array(n * 10);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const predicted = tf.tidy(() => {
      const xs = tf.tensor4d(data.images.subarray(start * pixels, end * pixels), [
        end - start,
        data.size,
        data.size,
        1,
      ]);
      return model.predict(xs) as tf.Tensor;
    });
    out.set(predicted.dataSync() as Float32Array, start * 10);
    predicted.dispose();
  }
  return out;
}

/** Predicted class of every image: the most probable of its ten. */
export function predictLabels(model: tf.LayersModel, data: DigitsData): Int32Array {
  const probabilities = predictProbabilities(model, data);
  const labels = new Int32Array(data.labels.length);
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let k = 1; k < 10; k++) if (probabilities[i * 10 + k]! > probabilities[i * 10 + best]!) best = k;
    labels[i] = best;
  }
  return labels;
}

/** Fraction of `data` classified correctly, in [0, 1] (0 for an empty set). */
export function evaluate(model: tf.LayersModel, data: DigitsData): number {
  const n = data.labels.length;
  if (n === 0) return 0;
  const predicted = predictLabels(model, data);
  let correct = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === data.labels[i]) correct++;
  return correct / n;
}

/**
 * The two settings of the digits example, measured on a 2-core machine with Node 20 and the tfjs
 * CPU backend (numbers in examples/digits/README.md). "full" shows training that
 * converges; "reduced" is a smoke test that exercises every step in a few seconds for CI.
 */
export interface DigitsSetting {
  /** Training images. */
  count: number;
  /** Test images, generated from a different seed than the training images. */
  testCount: number;
  /** Side of the image grid. */
  size: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

/** 86-91% test accuracy from the third epoch on (seeds 1-3); times are in examples/digits/README.md. */
export const FULL: DigitsSetting = {
  count: 3000,
  testCount: 1000,
  size: 16,
  epochs: 5,
  batchSize: 32,
  learningRate: 0.01,
};

/**
 * A quick run (times in examples/digits/README.md); 50-61% test accuracy: well above chance, far from converged. Batch
 * 16 because with so few images the number of optimiser steps, not the data, limits learning.
 */
export const REDUCED: DigitsSetting = {
  count: 1000,
  testCount: 300,
  size: 16,
  epochs: 2,
  batchSize: 16,
  learningRate: 0.01,
};

/** Test images come from `seed + TEST_SEED_OFFSET`, so they never repeat a training image's draw. */
export const TEST_SEED_OFFSET = 1_000_003;

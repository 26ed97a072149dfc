/**
 * The digits classifier. Small on purpose (about 38k parameters at 16x16) so that it trains in
 * seconds on the tfjs CPU backend, yet it contains each thing that makes storing weights by
 * position interesting:
 *   - BatchNormalization, whose moving mean/variance are non-trainable weights that tfjs's
 *     `getWeights()` moves to the end of the list;
 *   - one Dense layer applied twice, whose weights must be stored once and restored into both uses;
 *   - a convolution kernel, whose axis order differs from Flux's.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Bump whenever a change below alters the list of weights or their shapes (layers, filters, hidden
 * width, strides). Rows record it, so a stored row is never loaded into a model it does not fit;
 * loadWeights would refuse too, but this says why before trying. The grid size also changes the
 * first Dense kernel's shape; the example always trains at one size per run of rows.
 */
export const ARCHITECTURE_VERSION = 1n;

/** Convolution filters. Training cost on the CPU backend grows linearly with this. */
export const FILTERS = 8;
/** Width of the Dense layer that is applied twice. */
export const HIDDEN = 64;

export interface DigitsModelOptions {
  /** Seed for every initialiser, so two builds with one seed start from identical weights. */
  seed?: number;
}

export function buildDigitsModel(size: number, options: DigitsModelOptions = {}): tf.LayersModel {
  // A different seed per layer: one shared seed would give same-shaped kernels the same values.
  let layerSeed = options.seed ?? 0;
  const init = () => tf.initializers.glorotUniform({ seed: ++layerSeed });

  const input = tf.input({ shape: [size, size, 1], name: "image" });
  // Stride 2 instead of stride 1 plus max-pooling: at stride 1 the CPU backend's filter gradient
  // dominated an epoch, and stride 2 cuts it to a quarter (examples/digits/README.md). Keeping
  // the full 8x8 map (no pooling after it) gave 85-90% test accuracy in 3-5 epochs, where pooling
  // down to 4x4 gave 77-86% depending on the seed.
  // No bias: BatchNormalization's beta does that job.
  let x = tf.layers
    .conv2d({
      filters: FILTERS,
      kernelSize: 3,
      strides: 2,
      padding: "same",
      useBias: false,
      kernelInitializer: init(),
      name: "conv",
    })
    .apply(input) as tf.SymbolicTensor;
  // Momentum 0.9 rather than Keras's 0.99: runs here are a few hundred steps long, and with 0.99
  // the moving statistics that inference uses lag far behind the batch statistics that training
  // used, so test accuracy trailed training accuracy by up to 27 points in the first epochs.
  x = tf.layers.batchNormalization({ momentum: 0.9, name: "conv_bn" }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: "conv_relu" }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: "flatten" }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .dense({ units: HIDDEN, activation: "relu", kernelInitializer: init(), name: "project" })
    .apply(x) as tf.SymbolicTensor;
  // The shared layer maps HIDDEN -> HIDDEN, so it can be applied to its own output: two layers'
  // worth of depth with one layer's weights.
  const shared = tf.layers.dense({ units: HIDDEN, activation: "relu", kernelInitializer: init(), name: "shared" });
  x = shared.apply(x) as tf.SymbolicTensor;
  x = shared.apply(x) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: 10, activation: "softmax", kernelInitializer: init(), name: "classify" })
    .apply(x) as tf.SymbolicTensor;
  // Explicit names keep summaries readable. Weight storage must not depend on them: tfjs still
  // makes variable names unique per process, so a second build gets suffixed variable names.
  return tf.model({ inputs: input, outputs: output, name: "digits" });
}

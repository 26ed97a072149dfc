/**
 * The tfjs layers that hold weights, each against its Flux twin (Flux v0.13: src/layers/basic.jl,
 * conv.jl, normalise.jl): what its input must look like for the two to compute the same, and its
 * variables in the Flux struct's field order.
 *
 * | tfjs layer (variables)                              | Flux layer (fields with arrays)                    |
 * | `dense` (kernel, bias)                              | `Dense` (weight, bias)                             |
 * | `conv1d`/`conv2d`/`conv3d` (kernel, bias)           | `Conv` or `CrossCor` (weight, bias)                |
 * | `depthwiseConv2d` (depthwise_kernel, bias)          | `Conv(k, C => C*m; groups=C)` (weight, bias)       |
 * | `separableConv2d` (depthwise_kernel, pointwise_kernel, bias) | `Chain(Conv(k, C => C*m; groups=C, bias=false), Conv((1, 1), C*m => out))` |
 * | `conv2dTranspose`/`conv3dTranspose` (kernel, bias)  | `ConvTranspose` (weight, bias)                     |
 * | `batchNormalization` (gamma, beta, moving_mean, moving_variance) | `BatchNorm` (β, γ, μ, σ²)             |
 * | (none: refused, untracked-statistics.ts)           | `BatchNorm(n; track_stats=false)` (β, γ)           |
 * | `fluxLayerNorm` (gamma, beta)                       | `LayerNorm` (diag.scale, diag.bias)                |
 * | `embedding` (embeddings)                            | `Embedding` (weight)                               |
 */
import { FluxConversionError } from "./errors.js";
import { inputAxis, perAxis, type LayerApplication, type LayerRule } from "./layer-application.js";
import { describeLayout, fluxFirstIsLast, natural, type Layout } from "./layouts.js";
import { SAME, type Transform } from "./transforms.js";
import { slidingWindow, transposedWindow } from "./windows.js";

/** Flux's default `eps` for BatchNorm and LayerNorm: `1f-5`. */
const FLUX_EPSILON = 1e-5;

/**
 * `Dense` multiplies along the first dimension of any array, keeping the others
 * (`reshape(x, size(x, 1), :)`); tfjs's `dense` along the last axis. After a flatten of an image
 * the inputs arrive in another order, which the kernel's rows follow.
 */
const dense: LayerRule = (application) => {
  const input = application.inputs[0]!;
  if (input.shape.length > 1 && !fluxFirstIsLast(input)) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `a dense over ${describeLayout(input)}: tfjs's dense acts on the last axis, Flux's Dense on the first ` +
        `dimension, which is tfjs axis ${input.fluxAxes[0]! + 1} here; flatten the image first (Flux.flatten, tf.layers.flatten)`,
    );
  }
  const output: Layout = { shape: application.outputShapes[0]!, fluxAxes: input.fluxAxes, fluxIndex: null };
  const kernel: Transform = input.fluxIndex === null ? SAME : { kind: "input-rows", fluxIndex: input.fluxIndex };
  return {
    outputs: [output],
    variables: [
      { role: "kernel", transform: kernel },
      { role: "bias", transform: SAME },
    ],
  };
};

const flips = (application: LayerApplication): boolean => application.options.convolution !== "CrossCor";

const convolution: LayerRule = (application) => ({
  outputs: [slidingWindow(application, "convolution")],
  variables: [
    { role: "kernel", transform: { kind: "conv-kernel", flip: flips(application) } },
    { role: "bias", transform: SAME },
  ],
});

/**
 * tfjs 4.22 computes some layers undilated whatever their dilationRate says: DepthwiseConv2D (a 3x1
 * kernel with dilation 2 over 7 rows gives 5 rows, not 3; tested), Conv2DTranspose and
 * Conv3DTranspose (their call passes no dilation to the op, and their output size leaves it out).
 * Read from the layer, not its config: the transposed layers' getConfig drops the dilationRate.
 */
function refuseDilation(application: LayerApplication, fluxLayer: string): void {
  const { dilationRate } = application.layer as unknown as { dilationRate?: unknown };
  if (perAxis(dilationRate, 1, 1).every((rate) => rate === 1)) return;
  throw new FluxConversionError(
    "unsupported-layer",
    application.name,
    `${application.className} with a dilationRate: tfjs computes it without the dilation, so a dilated ${fluxLayer} has no tfjs twin`,
  );
}

const depthwiseConvolution: LayerRule = (application) => {
  refuseDilation(application, "grouped Conv");
  return {
    outputs: [slidingWindow(application, "convolution")],
    variables: [
      { role: "depthwise_kernel", transform: { kind: "depthwise-kernel", flip: flips(application) } },
      { role: "bias", transform: SAME },
    ],
  };
};

const separableConvolution: LayerRule = (application) => ({
  outputs: [slidingWindow(application, "convolution")],
  variables: [
    { role: "depthwise_kernel", transform: { kind: "depthwise-kernel", flip: flips(application) } },
    // A 1x1 kernel is the same flipped or not.
    { role: "pointwise_kernel", transform: { kind: "conv-kernel", flip: false } },
    { role: "bias", transform: SAME },
  ],
});

const transposedConvolution: LayerRule = (application) => {
  refuseDilation(application, "ConvTranspose");
  return {
    outputs: [transposedWindow(application)],
    variables: [
      { role: "kernel", transform: { kind: "transposed-kernel" } },
      { role: "bias", transform: SAME },
    ],
  };
};

/** tfjs computes in float32 and Flux keeps `eps` as a Float32 (`1f-5`): compared as float32. */
function checkEpsilon(application: LayerApplication): void {
  const wanted = application.options.epsilon ?? FLUX_EPSILON;
  const epsilon = application.config["epsilon"] as number;
  if (Math.fround(epsilon) === Math.fround(wanted)) return;
  throw new FluxConversionError(
    "epsilon",
    application.name,
    `${application.className} has epsilon ${epsilon.toExponential()}, but the Flux layer used ${wanted.toExponential()} ` +
      `(Flux's default is 1f-5, tfjs's 1e-3); build the layer with { epsilon: ${wanted.toExponential()} }, or, if the ` +
      `Flux layer set eps itself, tell the conversion: { layers: { "${application.name}": { epsilon } } }`,
  );
}

/**
 * `BatchNorm` normalises dimension N-1 of an N-dimensional array (channels: the last before the
 * batch); tfjs's over `axis`. Over a flat vector that was an image, the vectors follow its order.
 */
const batchNormalization: LayerRule = (application) => {
  const input = application.inputs[0]!;
  checkEpsilon(application);
  const { config } = application;
  const axis = inputAxis(application, config["axis"] ?? -1);
  const last = input.shape.length - 1;
  const fluxChannels = input.fluxAxes[last]!;
  // tfjs 4.22's CPU kernel (FusedBatchNorm) reads the statistics along the last axis whatever
  // `axis` says (a BatchNormalization with axis 1 over [N, 2, 3] computes wrong values, tested),
  // so only the last axis has a tfjs twin.
  if (axis !== fluxChannels || axis !== last) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `batchNormalization over tfjs axis ${axis + 1} of ${describeLayout(input)}: Flux's BatchNorm normalises the ` +
        `last dimension before the batch, tfjs axis ${fluxChannels + 1} here, and tfjs normalises correctly over its last ` +
        `axis only (its CPU kernel ignores any other axis), so this BatchNorm has no tfjs twin` +
        (fluxChannels === last ? `; build it with { axis: -1 }` : ""),
    );
  }
  if (config["center"] !== config["scale"]) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `batchNormalization with center ${String(config["center"])} and scale ${String(config["scale"])}: Flux's BatchNorm has both (affine=true) or neither`,
    );
  }
  const vector = positions(input);
  return {
    outputs: [input],
    variables: ["beta", "gamma", "moving_mean", "moving_variance"].map((role) => ({ role, transform: vector })),
  };
};

/** Flux's `LayerNorm(n)` normalises dimension 1 and scales it (`Scale`: scale, bias); `fluxLayerNorm` the last axis. */
const layerNorm: LayerRule = (application) => {
  const input = application.inputs[0]!;
  checkEpsilon(application);
  if (input.shape.length > 1 && !fluxFirstIsLast(input)) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `a layer norm over the last axis of ${describeLayout(input)}: Flux's LayerNorm(n) normalises the first dimension, ` +
        `which is tfjs axis ${input.fluxAxes[0]! + 1} here`,
    );
  }
  const vector = positions(input);
  return { outputs: [input], variables: ["gamma", "beta"].map((role) => ({ role, transform: vector })) };
};

function positions(input: Layout): Transform {
  return input.fluxIndex === null ? SAME : { kind: "positions", fluxIndex: input.fluxIndex };
}

/** tfjs's own layerNormalization computes another formula than Flux's LayerNorm: refused with the fix. */
const tfjsLayerNormalization: LayerRule = (application) => {
  throw new FluxConversionError(
    "unsupported-layer",
    application.name,
    `tfjs's layerNormalization divides by sqrt(variance + epsilon), Flux's LayerNorm by (standard deviation + eps) ` +
      `(Flux v0.13 src/layers/stateless.jl normalise): no epsilon makes the two agree. Build fluxLayerNorm({ epsilon }) ` +
      `from legolas-ts instead, which computes Flux's formula`,
  );
};

/**
 * `Embedding(in => out)`: weight (out, in), column `i` for index `i` (1-based in Julia, 0-based in tfjs).
 * Flux's makes no mask; tfjs's with `maskZero` does, and a Softmax layer after it reads the mask
 * (tfjs-layers advanced_activations.ts adds -1e9 where it is 0), so its values are not Flux's.
 */
const embedding: LayerRule = (application) => {
  if (application.config["maskZero"] === true) {
    throw new FluxConversionError(
      "unsupported-layer",
      application.name,
      `an embedding with maskZero: Flux's Embedding makes no mask, and tfjs's layers that read one (a Softmax layer ` +
        `adds -1e9 where it is 0) compute other values than the Flux model; build the embedding without maskZero`,
    );
  }
  const input = application.inputs[0]!;
  if (input.fluxIndex !== null || !natural(input.shape).fluxAxes.every((axis, k) => axis === input.fluxAxes[k])) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `an embedding of ${describeLayout(input)}, whose indices Flux holds in another order`,
    );
  }
  return { outputs: [natural(application.outputShapes[0]!)], variables: [{ role: "embeddings", transform: SAME }] };
};

/**
 * Why Flux v0.13's recurrent layers (src/layers/recurrent.jl) have no tfjs twin the weights can
 * make. Its LSTM and RNN keep tfjs's gate order and memory (Wi (4h, in) is the kernel [in, 4h]);
 * what differs is what every one of them stores and reads.
 */
const RECURRENT_DIFFERENCES = new Map<string, string>([
  [
    "GRU",
    "Flux's GRU stacks its gates reset, update, candidate (tfjs: update, reset, candidate) and applies the reset " +
      "after the recurrent product, which tfjs 4.22's GRU cannot (it refuses resetAfter); ",
  ],
  ["LSTM", "Flux's LSTM has tfjs's gate order (input, forget, cell, output) and memory, but "],
]);

/** Refused by name, with what Flux's layer holds and computes that tfjs's cannot. */
const recurrent: LayerRule = (application) => {
  throw new FluxConversionError(
    "unsupported-layer",
    application.name,
    `${application.className} is not converted: ${RECURRENT_DIFFERENCES.get(application.className) ?? ""}` +
      `a Flux recurrent layer (Recur) stores its learnable initial state and its current state among its arrays, ` +
      `where tfjs's starts each sequence from zeros, and reads a sequence as (features, batch, time), not in tfjs's ` +
      `[batch, time, features] memory, so no tfjs layer computes what it does from its weights; keep the recurrent ` +
      `part in Julia, or give tfjs a model without it`,
  );
};

export const WEIGHTED_LAYERS: ReadonlyMap<string, LayerRule> = new Map<string, LayerRule>([
  ["Dense", dense],
  ["Conv1D", convolution],
  ["Conv2D", convolution],
  ["Conv3D", convolution],
  ["DepthwiseConv2D", depthwiseConvolution],
  ["SeparableConv2D", separableConvolution],
  ["Conv2DTranspose", transposedConvolution],
  ["Conv3DTranspose", transposedConvolution],
  ["BatchNormalization", batchNormalization],
  ["FluxLayerNorm", layerNorm],
  ["LayerNormalization", tfjsLayerNormalization],
  ["Embedding", embedding],
  ...["LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "ConvLSTM2D", "LSTMCell", "GRUCell", "SimpleRNNCell"].map(
    (className) => [className, recurrent] as [string, LayerRule],
  ),
]);

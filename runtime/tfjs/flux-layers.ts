/**
 * Flux <-> tfjs, layer by layer: the one explicit conversion between the weights of a Flux model
 * (as LegolasFlux.jl's `fetch_weights` stores them) and the equivalent tfjs model.
 *
 * `fetch_weights` (LegolasFlux src/functors.jl) collects every numeric array of the model with
 * `Functors.fcollect`: layer by layer in the Chain's order, each layer's arrays in its struct's
 * field order, each shared array once. That is the same walk as `fetchWeights` here, but the
 * arrays themselves differ per layer:
 *
 * | Flux layer (fields, Julia size)            | tfjs layer (variables, row-major shape)          | conversion |
 * | `Dense`: weight (out, in), bias (out,)     | `dense`: kernel [in, out], bias [out]            | none (same bytes), except after a Flatten of a spatial input, see below |
 * | `Conv`: weight (kw, kh, in, out), bias     | `conv2d`: kernel [kh, kw, in, out], bias          | axes moved, kernel flipped (Flux's `Conv` is a true convolution) |
 * | `CrossCor`: as `Conv`                      | `conv2d`                                          | axes moved, not flipped (`{ convolution: "CrossCor" }`) |
 * | `BatchNorm`: β, γ, μ, σ² (channels,)       | `batchNormalization`: gamma, beta, moving_mean, moving_variance | reordered |
 * | `MaxPool`, `MeanPool`, `Dropout`, `flatten`, activations | `maxPooling2d`, `averagePooling2d`, `dropout`, `flatten`, `activation` | none (no weights) |
 *
 * (Flux: src/layers/basic.jl `Dense`, src/layers/conv.jl `Conv`/`CrossCor`, src/layers/normalise.jl
 * `BatchNorm`; 1D and 3D convolutions work like 2D.) Anything else that holds weights is refused
 * with {@link FluxConversionError}: recurrent layers in particular, whose gates Flux and tfjs
 * stack in different orders and shapes.
 *
 * Flatten. Flux flattens a WHCN array column-major (`reshape(x, :, size(x, 4))`, `Flux.flatten`):
 * width fastest, channel slowest. tfjs flattens NHWC row-major: channel fastest. The same pixels
 * therefore land in different positions of the flat vector, and the Dense layer that follows
 * needs its input rows permuted. The conversion finds such a Dense (its input comes from a
 * `flatten` layer over a spatial tensor, possibly through dropout or activation layers) and
 * permutes it; a `reshape` or `permute` layer in that place is refused, since its order cannot
 * be known.
 *
 * What the weights cannot carry, the tfjs model must have itself. To reproduce a Flux model:
 *  - BatchNorm: `epsilon: 1e-5` (Flux's default; tfjs's is 1e-3, so a BatchNormalization whose
 *    epsilon differs from `options.batchNormEpsilon` (default 1e-5) is refused, since inference
 *    would silently differ); Flux's `BatchNorm(n, relu)` applies relu AFTER normalising, so add
 *    `tf.layers.activation({ activation: "relu" })` after the tfjs layer. `momentum` only matters
 *    in training.
 *  - Conv: Flux's default `pad=0` is tfjs's `padding: "valid"`; `pad=SamePad()` with an odd
 *    kernel is `"same"`; `stride` is `strides`; the activation goes into the layer as in Flux.
 *  - Inputs: a Flux array of size (W, H, C, N) is the tfjs tensor [N, H, W, C] holding the same
 *    pixels (`x[w, h, c, n]` in Julia is `x[n][h][w][c]` here); for one channel the memory is
 *    the same.
 *  - Dense: the activation as in Flux; Flux's `Dense(…; bias=false)` is `useBias: false`.
 */
import type { LayersModel, LayerVariable, layers } from "@tensorflow/tfjs";
import { LegolasError } from "../errors.js";
import { FlatArray, Weights, type FlatArrayInput, type FlatArrayVec, type WeightsInput } from "../weights/weights.js";
import { fluxConvToTfjs, tfjsConvToFlux } from "./conv-kernels.js";
import { fetchWeights } from "./fetch-weights.js";
import { modelVariables, type ModelVariable } from "./model-variables.js";

export interface FluxConversionOptions {
  /** Which Flux layer the model's convolutions were: `"Conv"` (default, flips the kernel) or `"CrossCor"`. */
  readonly convolution?: "Conv" | "CrossCor";
  /** The Flux BatchNorm's `eps` (default Flux's `1f-5`); a tfjs BatchNormalization must have the same `epsilon`. */
  readonly batchNormEpsilon?: number;
}

/** Why a conversion was refused; `layerName` names the tfjs layer. */
export type FluxConversionReason = "unsupported-layer" | "epsilon" | "layout" | "count" | "size";

/** The weights and the tfjs model cannot be converted into each other faithfully; nothing was converted. */
export class FluxConversionError extends LegolasError {
  override readonly name = "FluxConversionError";
  readonly code = "flux_conversion";
  constructor(
    readonly reason: FluxConversionReason,
    readonly layerName: string | null,
    detail: string,
  ) {
    super(layerName === null ? detail : `layer "${layerName}": ${detail}`);
  }
}

/**
 * Flux-ordered weights (a LegolasFlux row's `weights`) as the weights of the tfjs `model`, in
 * `fetchWeights` order, ready for `loadWeights(model, result)`. Arrays that need no change are
 * passed on as they are (views of the row's memory); converted ones are new, of the same element type.
 *
 * @throws FluxConversionError for a layer it does not know, a BatchNormalization whose epsilon is
 * not Flux's, a Flatten it cannot follow, or arrays that do not match the model's layers.
 */
export function fluxToTfjs(weights: WeightsInput, model: LayersModel, options: FluxConversionOptions = {}): Weights {
  const plans = layerPlans(model, options);
  const flux = weights.arrays;
  const expected = plans.reduce((sum, plan) => sum + plan.variables.length, 0);
  if (flux.length !== expected) {
    throw new FluxConversionError(
      "count",
      null,
      `the model's layers hold ${expected} arrays in Flux's layout, the weights ${flux.length}`,
    );
  }
  const out: FlatArray[] = [];
  let next = 0;
  for (const plan of plans) {
    const converted: FlatArray[] = new Array<FlatArray>(plan.variables.length);
    for (const tfjsIndex of plan.fluxOrder) {
      const entry = plan.variables[tfjsIndex]!;
      const array = flux[next]!;
      checkFluxSize(entry, array, next, plan.layerName);
      converted[tfjsIndex] = toTfjs(entry, array, options);
      next++;
    }
    for (const array of converted) out.push(array);
  }
  return new Weights(out);
}

/**
 * The weights of the tfjs `model` in Flux's layout and order, as LegolasFlux's `load_weights!`
 * expects them for the equivalent Flux model (a copy, like `fetchWeights`).
 *
 * @throws FluxConversionError as {@link fluxToTfjs}.
 */
export function tfjsToFlux(model: LayersModel, options: FluxConversionOptions = {}): Weights {
  const plans = layerPlans(model, options);
  const tfjs = fetchWeights(model).arrays;
  const out: FlatArray[] = [];
  let at = 0;
  for (const plan of plans) {
    for (const tfjsIndex of plan.fluxOrder)
      out.push(toFlux(plan.variables[tfjsIndex]!, tfjs[at + tfjsIndex]!, options));
    at += plan.variables.length;
  }
  return new Weights(out);
}

// ---------------------------------------------------------------------------------------------
// Plans: what each layer's variables are, and in which order Flux holds them

type Transform =
  | { readonly kind: "same" }
  | { readonly kind: "conv-kernel" }
  /** A Dense kernel after a Flatten of `positions` spatial positions times `channels` channels. */
  | { readonly kind: "flattened-dense"; readonly positions: number; readonly channels: number };

interface PlannedVariable {
  readonly variable: LayerVariable;
  readonly transform: Transform;
}

interface LayerPlan {
  readonly layerName: string;
  /** The layer's variables in `fetchWeights` (creation) order. */
  readonly variables: readonly PlannedVariable[];
  /** For each Flux array of the layer, in Flux's order, the index of its tfjs variable. */
  readonly fluxOrder: readonly number[];
}

const SAME: Transform = { kind: "same" };
const CONV_KERNEL: Transform = { kind: "conv-kernel" };
const RECURRENT = new Set([
  "LSTM",
  "GRU",
  "SimpleRNN",
  "RNN",
  "Bidirectional",
  "ConvLSTM2D",
  "LSTMCell",
  "GRUCell",
  "SimpleRNNCell",
]);
const CONVOLUTIONS = new Set(["Conv1D", "Conv2D", "Conv3D"]);
/** Layers that keep their input's layout: a Flatten before them still decides a Dense's row order. */
const ELEMENTWISE = new Set([
  "Dropout",
  "Activation",
  "ReLU",
  "LeakyReLU",
  "ELU",
  "ThresholdedReLU",
  "Softmax",
  "GaussianNoise",
  "GaussianDropout",
  "AlphaDropout",
]);

/** One plan per layer with variables, in `fetchWeights` order; the layers' settings checked first. */
function layerPlans(model: LayersModel, options: FluxConversionOptions): LayerPlan[] {
  const plans: LayerPlan[] = [];
  let group: ModelVariable[] = [];
  const flush = (): void => {
    if (group.length > 0) plans.push(planLayer(group, options));
    group = [];
  };
  for (const entry of modelVariables(model)) {
    if (group.length > 0 && group[0]!.layer !== entry.layer) flush();
    group.push(entry);
  }
  flush();
  return plans;
}

function planLayer(entries: readonly ModelVariable[], options: FluxConversionOptions): LayerPlan {
  const { layer, layerName } = entries[0]!;
  const className = layer.getClassName();
  const config = layer.getConfig() as Record<string, unknown>;
  const role = (entry: ModelVariable): string => entry.variable.originalName.replace(/^.*\//, "");
  const indexOf = (name: string): number => entries.findIndex((entry) => role(entry) === name);
  const same = (): PlannedVariable[] => entries.map(({ variable }) => ({ variable, transform: SAME }));

  if (className === "Dense") {
    const transform = denseInputTransform(layer, layerName);
    const variables = entries.map((entry) => ({
      variable: entry.variable,
      transform: role(entry) === "kernel" ? transform : SAME,
    }));
    return { layerName, variables, fluxOrder: identityOrder(entries.length) };
  }
  if (CONVOLUTIONS.has(className)) {
    if (config["dataFormat"] !== undefined && config["dataFormat"] !== "channelsLast") {
      throw new FluxConversionError(
        "layout",
        layerName,
        `dataFormat "${String(config["dataFormat"])}": only channelsLast (NHWC) corresponds to Flux's WHCN layout`,
      );
    }
    const variables = entries.map((entry) => ({
      variable: entry.variable,
      transform: role(entry) === "kernel" ? CONV_KERNEL : SAME,
    }));
    return { layerName, variables, fluxOrder: identityOrder(entries.length) };
  }
  if (className === "BatchNormalization") {
    checkBatchNorm(config, layerName, options);
    // Flux's field order: β, γ (when affine), μ, σ² (src/layers/normalise.jl).
    const fluxOrder = ["beta", "gamma", "moving_mean", "moving_variance"].map(indexOf).filter((index) => index >= 0);
    return { layerName, variables: same(), fluxOrder };
  }
  if (RECURRENT.has(className)) {
    throw new FluxConversionError(
      "unsupported-layer",
      layerName,
      `${className} is not converted: Flux and tfjs stack a recurrent layer's gates in different orders and shapes ` +
        `(Flux LSTM: input, forget, cell, output gates in one (4h, in) array; tfjs: [in, 4h] kernels), so its weights ` +
        `would load and compute nonsense`,
    );
  }
  throw new FluxConversionError(
    "unsupported-layer",
    layerName,
    `${className} holds weights that have no known Flux counterpart; converted are Dense, Conv1D/2D/3D (Flux Conv or CrossCor) ` +
      `and BatchNormalization, plus layers without weights`,
  );
}

function identityOrder(count: number): number[] {
  return Array.from({ length: count }, (_, k) => k);
}

function checkBatchNorm(config: Record<string, unknown>, layerName: string, options: FluxConversionOptions): void {
  const wanted = options.batchNormEpsilon ?? 1e-5;
  const epsilon = config["epsilon"] as number;
  // Flux keeps eps as a Float32 (1f-5); tfjs computes in float32 too: compare as float32.
  if (Math.fround(epsilon) !== Math.fround(wanted)) {
    throw new FluxConversionError(
      "epsilon",
      layerName,
      `BatchNormalization has epsilon ${epsilon.toExponential()}, but the Flux BatchNorm used ${wanted.toExponential()} ` +
        `(Flux's default is 1f-5, tfjs's 1e-3); build the layer with { epsilon: ${wanted.toExponential()} }, or pass ` +
        `{ batchNormEpsilon } if the Flux model set eps itself`,
    );
  }
  const axis = config["axis"];
  if (axis !== -1 && axis !== undefined) {
    throw new FluxConversionError(
      "layout",
      layerName,
      `BatchNormalization over axis ${String(axis)}: Flux normalises the channel axis, tfjs's last (axis -1)`,
    );
  }
  if (config["center"] !== config["scale"]) {
    throw new FluxConversionError(
      "layout",
      layerName,
      `BatchNormalization with center ${String(config["center"])} and scale ${String(config["scale"])}: Flux has both (affine=true) or neither`,
    );
  }
}

/** How a Dense kernel's rows must move: permuted when the layer's input is a Flatten of a spatial tensor. */
function denseInputTransform(layer: layers.Layer, layerName: string): Transform {
  const transforms = layer.inboundNodes.map((node) => {
    let source = node.inboundLayers[0];
    while (source !== undefined && ELEMENTWISE.has(source.getClassName()))
      source = source.inboundNodes[0]?.inboundLayers[0];
    const className = source?.getClassName();
    if (className === "Reshape" || className === "Permute") {
      throw new FluxConversionError(
        "layout",
        layerName,
        `the Dense input comes from a ${className} layer, whose element order differs between Flux (column-major) and tfjs (row-major); use tf.layers.flatten, which the conversion follows`,
      );
    }
    if (className !== "Flatten") return SAME;
    // A node's `inputShapes` is one shape, or a list of one shape per input.
    const shapes = source!.inboundNodes[0]!.inputShapes as (number | null)[] | (number | null)[][];
    const [, ...dims] = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as (number | null)[];
    if (dims.length < 2) return SAME;
    const channels = dims[dims.length - 1]!;
    const positions = dims.slice(0, -1).reduce<number>((product, extent) => product * extent!, 1);
    return { kind: "flattened-dense", positions, channels } as const;
  });
  const first = transforms[0] ?? SAME;
  if (transforms.some((t) => JSON.stringify(t) !== JSON.stringify(first))) {
    throw new FluxConversionError(
      "layout",
      layerName,
      "the Dense layer is applied to inputs of different layouts, so no one kernel order fits both",
    );
  }
  return first;
}

// ---------------------------------------------------------------------------------------------
// Moving one array

/** Flux's Julia size for the tfjs variable: `shape` reversed, spatial kernel axes kept in Flux's order. */
function fluxSizeOf(entry: PlannedVariable): number[] {
  const shape = entry.variable.shape as number[];
  if (entry.transform.kind !== "conv-kernel") return [...shape].reverse();
  return [...shape.slice(0, -2).reverse(), ...shape.slice(-2)];
}

function checkFluxSize(entry: PlannedVariable, array: FlatArrayInput, index: number, layerName: string): void {
  const expected = fluxSizeOf(entry);
  if (expected.length !== array.size.length || expected.some((extent, axis) => extent !== array.size[axis])) {
    throw new FluxConversionError(
      "size",
      layerName,
      `Flux array ${index} has Julia size (${array.size.join(", ")}), but ${entry.variable.originalName} needs (${expected.join(", ")}); ` +
        `build the tfjs model as the Flux model that wrote these weights`,
    );
  }
}

function toTfjs(entry: PlannedVariable, array: FlatArrayInput, options: FluxConversionOptions): FlatArray {
  const transform = entry.transform;
  switch (transform.kind) {
    case "same":
      return array instanceof FlatArray ? array : new FlatArray(array.vec, array.size);
    case "conv-kernel":
      return fluxConvToTfjs(array, { layer: options.convolution ?? "Conv" });
    case "flattened-dense":
      return new FlatArray(permuteRows(array.vec, array.size[0]!, transform, "to-tfjs"), array.size);
  }
}

function toFlux(entry: PlannedVariable, array: FlatArray, options: FluxConversionOptions): FlatArray {
  const transform = entry.transform;
  switch (transform.kind) {
    case "same":
      return array;
    case "conv-kernel":
      return tfjsConvToFlux(array, { layer: options.convolution ?? "Conv" });
    case "flattened-dense":
      return new FlatArray(permuteRows(array.vec, array.size[0]!, transform, "to-flux"), array.size);
  }
}

/**
 * A Dense weight's input rows between the two flatten orders. The same element (spatial
 * position r in row-major order, channel c) is input j = r + positions * c in Flux and input
 * t = r * channels + c in tfjs; row j of Flux's weight (out, in) is `out` contiguous values, as is
 * row t of tfjs's kernel [in, out].
 */
function permuteRows<V extends FlatArrayVec>(
  vec: V,
  out: number,
  { positions, channels }: { positions: number; channels: number },
  direction: "to-tfjs" | "to-flux",
): V {
  const result = new (vec.constructor as new (length: number) => V)(vec.length);
  for (let r = 0; r < positions; r++) {
    for (let c = 0; c < channels; c++) {
      const flux = (r + positions * c) * out;
      const tfjs = (r * channels + c) * out;
      const [from, to] = direction === "to-tfjs" ? [flux, tfjs] : [tfjs, flux];
      result.set(vec.subarray(from, from + out) as never, to);
    }
  }
  return result;
}

/**
 * The tfjs twin of a Flux model, built as docs/flux.md tells a user to build it: layer for layer,
 * nested Chains as nested Sequential or functional models (or inline), Parallel and
 * SkipConnection as functional merges. Where Flux allows what the mapping says, some choices are
 * left to chance as a user might make them (a SamePad as `padding: "same"` or as `zeroPadding2d`
 * + `"valid"`, a grouped Conv as `depthwiseConv2d` or naively as `conv2d`, a BatchNorm's epsilon
 * stated or forgotten). A choice that does not reproduce Flux marks the twin `inexact`: the
 * conversion must then refuse it, or the predictions must still agree.
 *
 * Independent of the conversion: it knows Flux (flux-model.ts) and tfjs's layer API only.
 */
import * as tf from "@tensorflow/tfjs";
import { fluxLayerNorm } from "legolas-ts";
import type { Values } from "./flux-forward.js";
import type { Activation, BatchNorm, Conv, ConvTranspose, FluxLayer, LayerNorm, Pool } from "./flux-model.js";
import type { Random } from "./random.js";
import type { Shape } from "./random-model.js";

/** What the user tells the conversion about one tfjs layer (keyed by its path, `outer/inner`). */
export interface LayerSettings {
  readonly convolution?: "Conv" | "CrossCor";
  readonly epsilon?: number;
}

export interface Twin {
  /** `null` when tfjs could not build the twin: only an inexact twin may fail so (shapes that differ). */
  readonly model: tf.LayersModel | null;
  readonly settings: ReadonlyMap<string, LayerSettings>;
  /** Why the twin does not compute what Flux computes, or `null` when it does. */
  readonly inexact: string | null;
}

/** Forces choices that are otherwise random (for hand-written cases). */
export interface TwinStyle {
  /** SamePad as `padding: "same"`, as a user reading the old README would (default: random). */
  readonly samePadding?: "same" | "zero-padding";
  /** Nested Chains inline, or as nested Sequential / functional models (default: random). */
  readonly nesting?: "inline" | "sequential" | "functional";
  /** The outer model (default: random). */
  readonly top?: "sequential" | "functional";
  /** A Conv with groups = its input channels as depthwiseConv2d, or naively as conv2d (default: random). */
  readonly depthwise?: boolean;
}

type Kind = "image" | "plain" | "tokens";

/**
 * A tfjs tensor and what it holds in Flux's terms. `flat`: a global pool's output, flat in tfjs
 * only. `permuted`: a flat vector whose values tfjs holds in another order than Flux (a flatten of
 * an image with several channels and positions), which a Dense's outputs cannot be added to.
 */
interface TwinTensor {
  readonly tensor: tf.SymbolicTensor;
  readonly kind: Kind;
  readonly flat?: boolean;
  readonly permuted?: boolean;
}

interface Sink {
  add(layer: tf.layers.Layer, input: TwinTensor): tf.SymbolicTensor;
}

const functionalSink: Sink = { add: (layer, input) => layer.apply(input.tensor) as tf.SymbolicTensor };

function sequentialSink(model: tf.Sequential): Sink {
  return {
    add: (layer) => {
      model.add(layer);
      return model.outputs[0]!;
    },
  };
}

/** tfjs's shape (without the batch) of a Flux input. */
export function tfjsInputShape(input: Shape): number[] {
  switch (input.kind) {
    case "image":
      return [...[...input.spatial].reverse(), input.channels];
    case "plain":
      return [...input.size].reverse();
    case "tokens":
      return [input.length];
  }
}

export function buildTwin(model: FluxLayer, input: Shape, random: Random, style: TwinStyle = {}): Twin {
  const builder = new TwinBuilder(random, style);
  const shape = tfjsInputShape(input);
  const top = style.top ?? random.pick(["sequential", "functional"] as const);
  const kind: Kind = input.kind;
  try {
    if (top === "sequential") {
      const sequential = tf.sequential();
      sequential.add(tf.layers.inputLayer({ inputShape: shape }));
      builder.apply(model, { tensor: sequential.outputs[0]!, kind }, sequentialSink(sequential), "", true);
      return builder.twin(sequential);
    }
    const x = tf.input({ shape });
    const out = builder.apply(model, { tensor: x, kind }, functionalSink, "", true);
    return builder.twin(tf.model({ inputs: x, outputs: out.tensor }));
  } catch (error) {
    const twin = builder.twin(null);
    if (twin.inexact === null) throw error;
    return twin;
  }
}

class TwinBuilder {
  private readonly settings = new Map<string, LayerSettings>();
  private inexact: string | null = null;
  private count = 0;
  private readonly shared = new Map<FluxLayer, tf.layers.Layer>();

  constructor(
    private readonly random: Random,
    private readonly style: TwinStyle,
  ) {}

  twin(model: tf.LayersModel | null): Twin {
    return { model, settings: this.settings, inexact: this.inexact };
  }

  private name(prefix: string): string {
    return `${prefix}${++this.count}`;
  }

  private flag(reason: string): void {
    this.inexact ??= reason;
  }

  apply(layer: FluxLayer, x: TwinTensor, sink: Sink, path: string, top = false): TwinTensor {
    const add = (made: tf.layers.Layer, kind: Kind = x.kind, flat = false, permuted = x.permuted): TwinTensor => ({
      tensor: sink.add(made, x),
      kind,
      flat,
      permuted,
    });
    const chain = (layers: readonly tf.layers.Layer[], kind: Kind = x.kind): TwinTensor => {
      let current = x;
      for (const made of layers) current = { tensor: sink.add(made, current), kind, permuted: x.permuted };
      return current;
    };
    switch (layer.kind) {
      case "Dense": {
        if (x.kind === "image") this.flag("Flux's Dense acts on an image's width, tfjs's dense on its channels");
        let dense = this.shared.get(layer);
        if (dense === undefined) {
          const [out] = layer.weight.size as [number, number];
          dense = tf.layers.dense({
            units: out,
            useBias: layer.bias !== null,
            activation: activationName(layer.σ),
            name: this.name("dense"),
          });
          this.shared.set(layer, dense);
        }
        return add(dense, x.kind, false, false);
      }
      case "Conv":
      case "CrossCor":
        return chain(this.conv(layer, x, path));
      case "ConvTranspose":
        return add(this.convTranspose(layer));
      case "BatchNorm":
        return chain(this.batchNorm(layer, x, path));
      case "LayerNorm":
        return chain(this.layerNorm(layer, x, path));
      case "MaxPool":
      case "MeanPool":
        return chain(this.pool(layer, x));
      case "GlobalMeanPool":
      case "GlobalMaxPool": {
        const oneD = x.tensor.shape.length === 3;
        const name = this.name("global");
        const made =
          layer.kind === "GlobalMeanPool"
            ? oneD
              ? tf.layers.globalAveragePooling1d({ name })
              : tf.layers.globalAveragePooling2d({ name })
            : oneD
              ? tf.layers.globalMaxPooling1d({ name })
              : tf.layers.globalMaxPooling2d({ name });
        return add(made, "image", true, false);
      }
      case "flatten":
        // tfjs's flatten needs more than one axis; a flat tensor is already what Flux's flatten gives.
        if (x.flat === true || x.tensor.shape.length <= 2)
          return { tensor: x.tensor, kind: "plain", permuted: x.permuted };
        return add(
          tf.layers.flatten({ name: this.name("flatten") }),
          "plain",
          false,
          x.kind === "image" && reordersOnFlatten(x.tensor),
        );
      case "Dropout":
        return add(tf.layers.dropout({ rate: 0.5, name: this.name("dropout") }));
      case "function":
        if (layer.f === "softmax") {
          if (x.kind === "image") this.flag("Flux's softmax runs over an image's width, tfjs's over its channels");
          return add(tf.layers.softmax({ name: this.name("softmax") }));
        }
        return add(tf.layers.activation({ activation: activationName(layer.f), name: this.name("act") }));
      case "Embedding": {
        const [out, inputs] = layer.weight.size as [number, number];
        return add(
          tf.layers.embedding({ inputDim: inputs, outputDim: out, name: this.name("embedding") }),
          "plain",
          false,
          false,
        );
      }
      case "Chain": {
        const how = top
          ? "inline"
          : (this.style.nesting ?? this.random.pick(["inline", "sequential", "functional"] as const));
        const fold = (start: TwinTensor, inner: Sink, innerPath: string) =>
          layer.layers.reduce((current, next) => this.apply(next, current, inner, innerPath), start);
        return how === "inline" ? fold(x, sink, path) : this.nested(x, sink, path, how, fold);
      }
      case "Parallel":
      case "SkipConnection": {
        // Merges need the functional API: inside a Sequential they become a nested functional model.
        const merge = (start: TwinTensor, _inner: Sink, innerPath: string) => this.merge(layer, start, innerPath);
        return sink === functionalSink ? merge(x, sink, path) : this.nested(x, sink, path, "functional", merge);
      }
    }
  }

  /** `build` inside a nested model, applied as one layer where `x` is. */
  private nested(
    x: TwinTensor,
    sink: Sink,
    path: string,
    how: "sequential" | "functional",
    build: (x: TwinTensor, sink: Sink, path: string) => TwinTensor,
  ): TwinTensor {
    const name = this.name("model");
    const shape = x.tensor.shape.slice(1) as number[];
    let inner: tf.LayersModel;
    let out: TwinTensor;
    if (how === "sequential") {
      const sequential = tf.sequential({ name });
      sequential.add(tf.layers.inputLayer({ inputShape: shape }));
      const start = sequential.outputs[0]!;
      out = build({ ...x, tensor: start }, sequentialSink(sequential), `${path}${name}/`);
      if (out.tensor === start) return { ...out, tensor: x.tensor }; // nothing inside
      inner = sequential;
    } else {
      const start = tf.input({ shape });
      out = build({ ...x, tensor: start }, functionalSink, `${path}${name}/`);
      if (out.tensor === start) return { ...out, tensor: x.tensor };
      inner = tf.model({ inputs: start, outputs: out.tensor, name });
    }
    return { ...out, tensor: sink.add(inner, x) };
  }

  private merge(
    layer: Extract<FluxLayer, { kind: "Parallel" | "SkipConnection" }>,
    x: TwinTensor,
    path: string,
  ): TwinTensor {
    const outputs =
      layer.kind === "SkipConnection"
        ? [this.apply(layer.layers, x, functionalSink, path), x]
        : layer.layers.map((branch) => this.apply(branch, x, functionalSink, path));
    const tensors = outputs.map((output) => output.tensor);
    const name = this.name("merge");
    const permuted = outputs.some((output) => output.permuted === true);
    if (layer.kind === "SkipConnection" || layer.connection === "+") {
      if (outputs.some((output) => (output.permuted === true) !== permuted)) {
        this.flag(
          "adds a flattened image to values in tfjs's own order: the conversion cannot reorder a Dense's outputs",
        );
      }
      return { tensor: tf.layers.add({ name }).apply(tensors) as tf.SymbolicTensor, kind: x.kind, permuted };
    }
    const kind = layer.connection === "vcat" ? "plain" : "image";
    return { tensor: tf.layers.concatenate({ axis: -1, name }).apply(tensors) as tf.SymbolicTensor, kind, permuted };
  }

  private conv(layer: Conv, x: TwinTensor, path: string): tf.layers.Layer[] {
    const n = layer.weight.size.length - 2;
    const [groupIn, out] = layer.weight.size.slice(n) as [number, number];
    const cin = groupIn * layer.groups;
    const before = this.padding(
      layer.pad,
      layer.samePad,
      x,
      layer.weight.size.slice(0, n),
      layer.stride,
      layer.dilation,
      "conv",
    );
    const common = {
      kernelSize: reversed(layer.weight.size.slice(0, n)),
      strides: reversed(layer.stride),
      dilationRate: reversed(layer.dilation),
      padding: before.padding,
      useBias: layer.bias !== null,
      activation: activationName(layer.σ),
    };
    let made: tf.layers.Layer;
    if (layer.groups > 1 && layer.groups === cin && n === 2 && (this.style.depthwise ?? this.random.chance(0.7))) {
      if (layer.dilation.some((rate) => rate !== 1)) this.flag("tfjs's depthwiseConv2d ignores dilationRate");
      made = tf.layers.depthwiseConv2d({
        ...common,
        depthMultiplier: out / cin,
        name: this.name("depthwise"),
      } as never);
    } else {
      if (layer.groups > 1) this.flag(`a Conv with groups=${layer.groups} built as a full conv${n}d`);
      const config = { ...common, filters: out, name: this.name("conv") };
      made = n === 1 ? tf.layers.conv1d(config as never) : tf.layers.conv2d(config as never);
    }
    this.settings.set(`${path}${made.name}`, { convolution: layer.kind });
    return [...before.layers, made];
  }

  private convTranspose(layer: ConvTranspose): tf.layers.Layer {
    const k = layer.weight.size.slice(0, 2);
    const [out] = layer.weight.size.slice(2) as [number, number];
    if (layer.samePad) {
      // tfjs crops floor((k - s)/2) in front, Flux's SamePad cld((k - s)/2).
      if (k.some((extent, d) => (extent - layer.stride[d]!) % 2 !== 0))
        this.flag('conv2dTranspose "same" crops on the other side');
    } else if (k.some((extent, d) => extent < layer.stride[d]!)) {
      this.flag('conv2dTranspose "valid" with a kernel smaller than its stride gives a longer output');
    }
    return tf.layers.conv2dTranspose({
      filters: out,
      kernelSize: reversed(k),
      strides: reversed(layer.stride),
      padding: layer.samePad ? "same" : "valid",
      useBias: layer.bias !== null,
      activation: activationName(layer.σ),
      name: this.name("deconv"),
    });
  }

  /**
   * Flux's pad as tfjs builds it: `"valid"` without padding, `"same"` for a SamePad (when tfjs's
   * "same" pads in front what Flux does, else the twin is inexact), or a `zeroPadding2d` before
   * a `"valid"` layer (2D only; exact for convolutions and mean pooling, which count padding as zeros).
   */
  private padding(
    pad: readonly number[],
    samePad: boolean,
    x: TwinTensor,
    k: readonly number[],
    stride: readonly number[],
    dilation: readonly number[],
    what: "conv" | "MaxPool" | "MeanPool",
  ): { padding: "valid" | "same"; layers: tf.layers.Layer[] } {
    if (pad.every((p) => p === 0)) return { padding: "valid", layers: [] };
    const n = k.length;
    // tfjs pads max pooling only through "same" (zero padding would beat negative values).
    const choice = samePad
      ? n === 1 || what === "MaxPool"
        ? "same"
        : (this.style.samePadding ?? this.random.pick(["same", "same", "zero-padding"] as const))
      : "zero-padding";
    if (choice === "same") {
      // TensorFlow's "same": total max((ceil(n/s) - 1)s + k_eff - n, 0), the smaller half in front.
      const spatial = reversed(x.tensor.shape.slice(1, 1 + n) as number[]);
      const front = spatial.map((extent, d) => {
        const kEff = (k[d]! - 1) * dilation[d]! + 1;
        const total = Math.max((Math.ceil(extent / stride[d]!) - 1) * stride[d]! + kEff - extent, 0);
        return Math.floor(total / 2);
      });
      if (front.some((p, d) => p !== pad[2 * d]))
        this.flag(`tfjs's "same" pads in front (${front}) where Flux pads (${pad.filter((_, i) => i % 2 === 0)})`);
      if (what === "MeanPool")
        this.flag('tfjs\'s average pooling with "same" leaves padding out of the mean, NNlib counts it');
      return { padding: "same", layers: [] };
    }
    if (what === "MaxPool") this.flag("zero padding is not NNlib's max-pool padding");
    const padding: [[number, number], [number, number]] = [
      [pad[2]!, pad[3]!],
      [pad[0]!, pad[1]!],
    ];
    return { padding: "valid", layers: [tf.layers.zeroPadding2d({ padding, name: this.name("pad") })] };
  }

  private batchNorm(layer: BatchNorm, x: TwinTensor, path: string): tf.layers.Layer[] {
    const rank = x.tensor.shape.length - 1;
    // Flux normalises dimension N-1 (the last before the batch): tfjs's first axis after the batch.
    const fluxAxis = x.kind === "image" || rank === 1 ? -1 : 1;
    const axis = fluxAxis === -1 || this.random.chance(0.6) ? fluxAxis : -1;
    if (axis !== fluxAxis)
      this.flag("batchNormalization over tfjs's last axis, where Flux normalises the first after the batch");
    // tfjs 4.22's CPU kernel normalises over the last axis whatever `axis` says.
    if (axis !== -1) this.flag("tfjs computes batchNormalization over its last axis only");
    const forget = this.random.chance(0.15);
    if (forget && layer.ϵ !== 1e-3) this.flag("batchNormalization left at tfjs's epsilon, 1e-3");
    const name = this.name("bn");
    if (!forget) this.settings.set(`${path}${name}`, { epsilon: layer.ϵ });
    else if (layer.ϵ !== 1e-5) this.flag("the Flux BatchNorm's eps was not told to the conversion");
    const affine = layer.β !== null;
    const bn = tf.layers.batchNormalization({
      axis,
      epsilon: forget ? 1e-3 : layer.ϵ,
      center: affine,
      scale: affine,
      name,
    });
    return [bn, ...this.activation(layer.λ)];
  }

  /** Flux's LayerNorm is legolas-ts's fluxLayerNorm (tfjs's layerNormalization computes another formula). */
  private layerNorm(layer: LayerNorm, x: TwinTensor, path: string): tf.layers.Layer[] {
    if (x.kind === "image") this.flag("Flux's LayerNorm normalises an image's width");
    const name = this.name("ln");
    this.settings.set(`${path}${name}`, { epsilon: layer.ϵ });
    const made = fluxLayerNorm({ epsilon: layer.ϵ, affine: layer.scale !== null, name });
    return [made, ...this.activation(layer.λ)];
  }

  private pool(layer: Pool, x: TwinTensor): tf.layers.Layer[] {
    const before = this.padding(
      layer.pad,
      layer.samePad,
      x,
      layer.k,
      layer.stride,
      layer.k.map(() => 1),
      layer.kind,
    );
    const config = {
      poolSize: reversed(layer.k) as [number, number],
      strides: reversed(layer.stride) as [number, number],
      padding: before.padding,
      name: this.name("pool"),
    };
    const oneD = layer.k.length === 1;
    const made =
      layer.kind === "MaxPool"
        ? oneD
          ? tf.layers.maxPooling1d({ ...config, poolSize: layer.k[0]!, strides: layer.stride[0]! })
          : tf.layers.maxPooling2d(config)
        : oneD
          ? tf.layers.averagePooling1d({ ...config, poolSize: layer.k[0]!, strides: layer.stride[0]! })
          : tf.layers.averagePooling2d(config);
    return [...before.layers, made];
  }

  private activation(λ: Activation): tf.layers.Layer[] {
    return λ === "identity" ? [] : [tf.layers.activation({ activation: activationName(λ), name: this.name("act") })];
  }
}

/** Whether tfjs's flatten of this image puts its values in another order than Flux's: several channels and positions. */
function reordersOnFlatten(tensor: tf.SymbolicTensor): boolean {
  const shape = tensor.shape.slice(1) as number[];
  const channels = shape[shape.length - 1]!;
  return channels > 1 && shape.slice(0, -1).reduce((a, b) => a * b, 1) > 1;
}

function reversed(values: readonly number[]): number[] {
  return [...values].reverse();
}

function activationName(σ: Activation): "linear" | "relu" | "tanh" | "sigmoid" {
  return σ === "identity" ? "linear" : σ;
}

/** The Flux input batch as the twin's input tensor: images WHCN -> NHWC, tokens 1-based -> 0-based. */
export function feed(input: Shape, x: Values): tf.Tensor {
  const shape = [x.size[x.size.length - 1]!, ...tfjsInputShape(input)];
  if (input.kind === "tokens")
    return tf.tensor(
      Float32Array.from(x.data, (index) => index - 1),
      shape,
    );
  if (input.kind === "plain") return tf.tensor(Float32Array.from(x.data), shape);
  return tf.tensor(fromFluxImage(x), shape);
}

/** An image batch (s1, ..., sn, C, N) in tfjs's row-major order [N, sn, ..., s1, C]. */
function fromFluxImage(x: Values): Float32Array {
  const n = x.size.length - 2;
  const spatial = x.size.slice(0, n);
  const channels = x.size[n]!;
  const out = new Float32Array(x.data.length);
  x.data.forEach((value, at) => {
    let rest = at;
    const index = x.size.map((extent) => {
      const i = rest % extent;
      rest = Math.floor(rest / extent);
      return i;
    });
    let target = index[n + 1]!;
    for (let d = n - 1; d >= 0; d--) target = target * spatial[d]! + index[d]!;
    out[target * channels + index[n]!] = value;
  });
  return out;
}

/** A twin's output in Flux's order: an image [N, sn, ..., s1, C] back to (s1, ..., sn, C, N); anything else as it is. */
export function inFluxOrder(output: Float32Array, fluxSize: readonly number[], image: boolean): Float32Array {
  if (!image) return output;
  const n = fluxSize.length - 2;
  const spatial = fluxSize.slice(0, n);
  const channels = fluxSize[n]!;
  const out = new Float32Array(output.length);
  for (let at = 0; at < out.length; at++) {
    let rest = at;
    const index = fluxSize.map((extent) => {
      const i = rest % extent;
      rest = Math.floor(rest / extent);
      return i;
    });
    let source = index[n + 1]!;
    for (let d = n - 1; d >= 0; d--) source = source * spatial[d]! + index[d]!;
    out[at] = output[source * channels + index[n]!]!;
  }
  return out;
}

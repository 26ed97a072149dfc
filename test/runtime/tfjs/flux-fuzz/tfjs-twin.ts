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
import type { FluxLayer } from "./flux-model.js";
import type { Random } from "./random.js";
import type { Shape } from "./random-model.js";
import { tfjsInputShape } from "./twin-io.js";
import {
  activationName,
  batchNorm,
  conv,
  convTranspose,
  layerNorm,
  pool,
  reordersOnFlatten,
  type TwinChoices,
} from "./twin-layers.js";

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
export interface TwinTensor {
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

class TwinBuilder implements TwinChoices {
  readonly settings = new Map<string, LayerSettings>();
  private inexact: string | null = null;
  private count = 0;
  private readonly shared = new Map<FluxLayer, tf.layers.Layer>();

  constructor(
    readonly random: Random,
    readonly style: TwinStyle,
  ) {}

  twin(model: tf.LayersModel | null): Twin {
    return { model, settings: this.settings, inexact: this.inexact };
  }

  name(prefix: string): string {
    return `${prefix}${++this.count}`;
  }

  flag(reason: string): void {
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
        return chain(conv(this, layer, x, path));
      case "ConvTranspose":
        return add(convTranspose(this, layer));
      case "BatchNorm":
        return chain(batchNorm(this, layer, x, path));
      case "LayerNorm":
        return chain(layerNorm(this, layer, x, path));
      case "MaxPool":
      case "MeanPool":
        return chain(pool(this, layer, x));
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
      case "reshape": {
        // tfjs reshapes its own memory, row-major: Flux's column-major values where they are the same.
        const oneChannel = x.kind !== "image" || x.tensor.shape[x.tensor.shape.length - 1] === 1;
        if (!oneChannel || x.permuted === true)
          this.flag("tfjs reshapes its row-major memory, which holds an image's values in another order than Flux");
        // Julia's (W, H, 1) is an image of one channel, tfjs's [H, W, 1] in the same memory.
        const toImage = layer.size.length >= 2 && layer.size[layer.size.length - 1] === 1;
        const targetShape = toImage ? [...layer.size.slice(0, -1).reverse(), 1] : [...layer.size].reverse();
        return add(tf.layers.reshape({ targetShape, name: this.name("reshape") }), toImage ? "image" : "plain");
      }
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
}

/**
 * Each Flux layer's tfjs twin, as docs/flux.md maps it, with the choices a user may get wrong left
 * to chance (flagged as inexact when they do not reproduce Flux).
 */
import * as tf from "@tensorflow/tfjs";
import { fluxLayerNorm } from "legolas-ts/tfjs";
import type { Activation, BatchNorm, Conv, ConvTranspose, LayerNorm, Pool } from "./flux-model.js";
import type { Random } from "./random.js";
import type { LayerSettings, TwinStyle, TwinTensor } from "./tfjs-twin.js";

/** What the mappings need of the builder: its chances, names, flags and the settings it collects. */
export interface TwinChoices {
  readonly random: Random;
  readonly style: TwinStyle;
  readonly settings: Map<string, LayerSettings>;
  name(prefix: string): string;
  /** Marks the twin inexact, with why. */
  flag(reason: string): void;
}

export function conv(t: TwinChoices, layer: Conv, x: TwinTensor, path: string): tf.layers.Layer[] {
  const n = layer.weight.size.length - 2;
  const [groupIn, out] = layer.weight.size.slice(n) as [number, number];
  const cin = groupIn * layer.groups;
  const before = padding(
    t,
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
  if (layer.groups > 1 && layer.groups === cin && n === 2 && (t.style.depthwise ?? t.random.chance(0.7))) {
    if (layer.dilation.some((rate) => rate !== 1)) t.flag("tfjs's depthwiseConv2d ignores dilationRate");
    made = tf.layers.depthwiseConv2d({
      ...common,
      depthMultiplier: out / cin,
      name: t.name("depthwise"),
    } as never);
  } else {
    if (layer.groups > 1) t.flag(`a Conv with groups=${layer.groups} built as a full conv${n}d`);
    const config = { ...common, filters: out, name: t.name("conv") };
    made = n === 1 ? tf.layers.conv1d(config as never) : tf.layers.conv2d(config as never);
  }
  t.settings.set(`${path}${made.name}`, { convolution: layer.kind });
  return [...before.layers, made];
}

export function convTranspose(t: TwinChoices, layer: ConvTranspose): tf.layers.Layer {
  const k = layer.weight.size.slice(0, 2);
  const [out] = layer.weight.size.slice(2) as [number, number];
  if (layer.samePad) {
    // tfjs crops floor((k - s)/2) in front, Flux's SamePad cld((k - s)/2).
    if (k.some((extent, d) => (extent - layer.stride[d]!) % 2 !== 0))
      t.flag('conv2dTranspose "same" crops on the other side');
  } else if (k.some((extent, d) => extent < layer.stride[d]!)) {
    t.flag('conv2dTranspose "valid" with a kernel smaller than its stride gives a longer output');
  }
  return tf.layers.conv2dTranspose({
    filters: out,
    kernelSize: reversed(k),
    strides: reversed(layer.stride),
    padding: layer.samePad ? "same" : "valid",
    useBias: layer.bias !== null,
    activation: activationName(layer.σ),
    name: t.name("deconv"),
  });
}

/**
 * Flux's pad as tfjs builds it: `"valid"` without padding, `"same"` for a SamePad (when tfjs's
 * "same" pads in front what Flux does, else the twin is inexact), or a `zeroPadding2d` before
 * a `"valid"` layer (2D only; exact for convolutions and mean pooling, which count padding as zeros).
 */
function padding(
  t: TwinChoices,
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
      : (t.style.samePadding ?? t.random.pick(["same", "same", "zero-padding"] as const))
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
      t.flag(`tfjs's "same" pads in front (${front}) where Flux pads (${pad.filter((_, i) => i % 2 === 0)})`);
    if (what === "MeanPool")
      t.flag('tfjs\'s average pooling with "same" leaves padding out of the mean, NNlib counts it');
    return { padding: "same", layers: [] };
  }
  if (what === "MaxPool") t.flag("zero padding is not NNlib's max-pool padding");
  const padding: [[number, number], [number, number]] = [
    [pad[2]!, pad[3]!],
    [pad[0]!, pad[1]!],
  ];
  return { padding: "valid", layers: [tf.layers.zeroPadding2d({ padding, name: t.name("pad") })] };
}

export function batchNorm(t: TwinChoices, layer: BatchNorm, x: TwinTensor, path: string): tf.layers.Layer[] {
  const rank = x.tensor.shape.length - 1;
  // Flux normalises dimension N-1 (the last before the batch): tfjs's first axis after the batch.
  const fluxAxis = x.kind === "image" || rank === 1 ? -1 : 1;
  const axis = fluxAxis === -1 || t.random.chance(0.6) ? fluxAxis : -1;
  if (axis !== fluxAxis)
    t.flag("batchNormalization over tfjs's last axis, where Flux normalises the first after the batch");
  // tfjs 4.22's CPU kernel normalises over the last axis whatever `axis` says.
  if (axis !== -1) t.flag("tfjs computes batchNormalization over its last axis only");
  const forget = t.random.chance(0.15);
  if (forget && layer.ϵ !== 1e-3) t.flag("batchNormalization left at tfjs's epsilon, 1e-3");
  const name = t.name("bn");
  if (!forget) t.settings.set(`${path}${name}`, { epsilon: layer.ϵ });
  else if (layer.ϵ !== 1e-5) t.flag("the Flux BatchNorm's eps was not told to the conversion");
  const affine = layer.β !== null;
  const bn = tf.layers.batchNormalization({
    axis,
    epsilon: forget ? 1e-3 : layer.ϵ,
    center: affine,
    scale: affine,
    name,
  });
  return [bn, ...activation(t, layer.λ)];
}

/** Flux's LayerNorm is legolas-ts's fluxLayerNorm (tfjs's layerNormalization computes another formula). */
export function layerNorm(t: TwinChoices, layer: LayerNorm, x: TwinTensor, path: string): tf.layers.Layer[] {
  if (x.kind === "image") t.flag("Flux's LayerNorm normalises an image's width");
  const name = t.name("ln");
  t.settings.set(`${path}${name}`, { epsilon: layer.ϵ });
  const made = fluxLayerNorm({ epsilon: layer.ϵ, affine: layer.scale !== null, name });
  return [made, ...activation(t, layer.λ)];
}

export function pool(t: TwinChoices, layer: Pool, x: TwinTensor): tf.layers.Layer[] {
  const before = padding(
    t,
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
    name: t.name("pool"),
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

function activation(t: TwinChoices, λ: Activation): tf.layers.Layer[] {
  return λ === "identity" ? [] : [tf.layers.activation({ activation: activationName(λ), name: t.name("act") })];
}

/** Whether tfjs's flatten of this image puts its values in another order than Flux's: several channels and positions. */
export function reordersOnFlatten(tensor: tf.SymbolicTensor): boolean {
  const shape = tensor.shape.slice(1) as number[];
  const channels = shape[shape.length - 1]!;
  return channels > 1 && shape.slice(0, -1).reduce((a, b) => a * b, 1) > 1;
}

function reversed(values: readonly number[]): number[] {
  return [...values].reverse();
}

export function activationName(σ: Activation): "linear" | "relu" | "tanh" | "sigmoid" {
  return σ === "identity" ? "linear" : σ;
}

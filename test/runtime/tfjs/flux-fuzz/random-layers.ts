/**
 * Random Flux layers, each fitted to the size of the array reaching it, with random weights
 * scaled so that activations stay near 1 (a wrong placement then shows in the output).
 */
import type {
  Activation,
  BatchNorm,
  ConvTranspose,
  Conv,
  Dense,
  FluxLayer,
  JuliaArray,
  LayerNorm,
  Pool,
} from "./flux-model.js";
import type { Random } from "./random.js";

/** What reaches a layer, per sample: an image of `spatial` (Julia order) by `channels`, plain features, or tokens. */
export type Shape =
  | { readonly kind: "image"; readonly spatial: readonly number[]; readonly channels: number }
  | { readonly kind: "plain"; readonly size: readonly number[] }
  | { readonly kind: "tokens"; readonly length: number; readonly vocabulary: number };

export type ArrayShape = Exclude<Shape, { kind: "tokens" }>;
export type ImageShape = Extract<Shape, { kind: "image" }>;
export type Built = [FluxLayer, ArrayShape];

export const ACTIVATIONS: readonly Activation[] = ["identity", "relu", "tanh", "sigmoid"];

export class RandomLayers {
  /** A Dense layer that may be used again later (Flux keeps a shared layer's arrays once). */
  private readonly denseByWidth = new Map<number, Dense>();

  constructor(protected readonly random: Random) {}

  /** Random values scaled by `1/sqrt(fanIn)`, so that activations stay near 1 through the model. */
  array(size: number[], fanIn: number, low = -1, high = 1): JuliaArray {
    const count = size.reduce((a, b) => a * b, 1);
    const scale = 1 / Math.sqrt(Math.max(1, fanIn));
    return { size, data: this.random.floats(count, low * scale, high * scale) };
  }

  dense(inputs: number, out: number): Dense {
    const reusable = this.denseByWidth.get(inputs);
    if (inputs === out && reusable !== undefined && this.random.chance(0.3)) return reusable;
    const dense: Dense = {
      kind: "Dense",
      weight: this.array([out, inputs], inputs),
      bias: this.random.chance(0.85) ? this.array([out], 4) : null,
      σ: this.random.pick(ACTIVATIONS),
    };
    if (inputs === out) this.denseByWidth.set(inputs, dense);
    return dense;
  }

  conv(shape: ImageShape, options: { keepSize?: boolean; out?: number } = {}): Built | null {
    const r = this.random;
    const n = shape.spatial.length;
    const keep = options.keepSize ?? false;
    const k = shape.spatial.map((extent) => Math.min(extent, keep ? r.pick([1, 3]) : r.int(1, 4)));
    const stride = k.map(() => (keep || r.chance(0.6) ? 1 : 2));
    // tfjs computes a dilated convolution only with every stride 1.
    const dilated = stride.every((s) => s === 1) && !keep && r.chance(0.2);
    const dilation = k.map(() => (dilated ? 2 : 1));
    const kEff = k.map((extent, d) => (extent - 1) * dilation[d]! + 1);
    const style = keep ? "same" : r.pick(["zero", "same", "same", "explicit"] as const);
    const pad = kEff.flatMap((extent) => {
      if (style === "zero") return [0, 0];
      if (style === "same") return [Math.ceil((extent - 1) / 2), Math.floor((extent - 1) / 2)];
      return n === 2 ? [r.int(0, 2), r.int(0, 2)] : [0, 0];
    });
    const outSpatial = shape.spatial.map(
      (extent, d) => Math.floor((extent + pad[2 * d]! + pad[2 * d + 1]! - kEff[d]!) / stride[d]!) + 1,
    );
    if (outSpatial.some((extent) => extent < 1)) return null;
    const cin = shape.channels;
    let groups = 1;
    let out = options.out ?? r.int(1, 4);
    if (options.out === undefined && cin > 1 && r.chance(0.25)) {
      const divisors = [...Array(cin).keys()].map((d) => d + 1).filter((g) => g > 1 && cin % g === 0);
      groups = r.chance(0.7) ? cin : r.pick(divisors);
      out = groups * r.int(1, 2);
    }
    const fanIn = (cin / groups) * k.reduce((a, b) => a * b, 1);
    const conv: Conv = {
      kind: r.pick(["Conv", "CrossCor"] as const),
      σ: r.pick(ACTIVATIONS),
      weight: this.array([...k, cin / groups, out], fanIn),
      bias: r.chance(0.85) ? this.array([out], 4) : null,
      stride,
      pad,
      samePad: style === "same",
      dilation,
      groups,
    };
    return [conv, { kind: "image", spatial: outSpatial, channels: out }];
  }

  convTranspose(shape: ImageShape): Built | null {
    const r = this.random;
    const k = shape.spatial.map(() => r.int(1, 3));
    const stride = k.map(() => r.int(1, 2));
    const same = k.every((extent, d) => extent >= stride[d]!) && r.chance(0.5);
    const pad = k.flatMap((extent, d) =>
      same ? [Math.ceil((extent - stride[d]!) / 2), Math.floor((extent - stride[d]!) / 2)] : [0, 0],
    );
    const outSpatial = shape.spatial.map(
      (extent, d) => (extent - 1) * stride[d]! + k[d]! - pad[2 * d]! - pad[2 * d + 1]!,
    );
    if (outSpatial.some((extent) => extent < 1 || extent > 12)) return null;
    const out = r.int(1, 3);
    const layer: ConvTranspose = {
      kind: "ConvTranspose",
      σ: r.pick(ACTIVATIONS),
      weight: this.array([...k, out, shape.channels], shape.channels * k[0]! * k[1]!),
      bias: r.chance(0.85) ? this.array([out], 4) : null,
      stride,
      pad,
      samePad: same,
    };
    return [layer, { kind: "image", spatial: outSpatial, channels: out }];
  }

  batchNorm(shape: ArrayShape): Built {
    const channels = shape.kind === "image" ? shape.channels : shape.size[shape.size.length - 1]!;
    const affine = this.random.chance(0.85);
    const layer: BatchNorm = {
      kind: "BatchNorm",
      λ: this.random.pick(ACTIVATIONS),
      β: affine ? this.array([channels], 1, -0.5, 0.5) : null,
      γ: affine ? this.array([channels], 1, 0.5, 1.5) : null,
      μ: this.array([channels], 1, -0.5, 0.5),
      σ2: this.array([channels], 1, 0.5, 1.5),
      ϵ: this.random.pick([1e-5, 1e-5, 1e-3]),
    };
    return [layer, shape];
  }

  layerNorm(shape: ArrayShape): Built {
    const features = shape.kind === "image" ? shape.spatial[0]! : shape.size[0]!;
    const affine = this.random.chance(0.85);
    const layer: LayerNorm = {
      kind: "LayerNorm",
      λ: this.random.pick(ACTIVATIONS),
      scale: affine ? this.array([features], 1, 0.5, 1.5) : null,
      bias: affine ? this.array([features], 1, -0.5, 0.5) : null,
      ϵ: 1e-5,
    };
    return [layer, shape];
  }

  pool(shape: ImageShape): Built | null {
    const r = this.random;
    const kind = r.pick(["MaxPool", "MeanPool"] as const);
    const k = shape.spatial.map((extent) => Math.min(extent, r.int(2, 3)));
    const stride = r.chance(0.7) ? k : k.map(() => 1);
    const style = r.pick(["zero", "same", ...(kind === "MeanPool" && k.length === 2 ? ["explicit"] : [])] as const);
    const pad = k.flatMap((extent) => {
      if (style === "zero") return [0, 0];
      if (style === "same") return [Math.ceil((extent - 1) / 2), Math.floor((extent - 1) / 2)];
      return [r.int(0, 1), r.int(0, 1)];
    });
    const outSpatial = shape.spatial.map(
      (extent, d) => Math.floor((extent + pad[2 * d]! + pad[2 * d + 1]! - k[d]!) / stride[d]!) + 1,
    );
    if (outSpatial.some((extent) => extent < 1)) return null;
    const layer: Pool = { kind, k, stride, pad, samePad: style === "same" };
    return [layer, { kind: "image", spatial: outSpatial, channels: shape.channels }];
  }

  /** A global pool, then the `flatten` Flux needs after it (tfjs's global pool is flat already). */
  globalPool(shape: ImageShape): Built {
    const pool: FluxLayer = { kind: this.random.pick(["GlobalMeanPool", "GlobalMaxPool"] as const) };
    return [
      { kind: "Chain", layers: [pool, { kind: "flatten" }] },
      { kind: "plain", size: [shape.channels] },
    ];
  }
}

/** Values per sample. */
export function elements(shape: ArrayShape): number {
  return shape.kind === "image"
    ? shape.spatial.reduce((a, b) => a * b, shape.channels)
    : shape.size.reduce((a, b) => a * b, 1);
}

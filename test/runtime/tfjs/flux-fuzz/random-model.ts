/**
 * Random Flux models, each layer fitted to the size of the array reaching it: dense and
 * convolutional layers (1D and 2D, Conv and CrossCor, random stride, padding, dilation and groups,
 * transposed), normalisation, pooling, `flatten` at random places, nested `Chain`s,
 * `SkipConnection`s and `Parallel`s whose branches differ in depth, and `Embedding` for token
 * inputs; weights drawn at random, so that a wrong placement shows in the output. Every model ends
 * in plain features (a `Dense`, after a `flatten` if needed), which both frameworks hold in the
 * same memory, so that outputs compare element by element.
 */
import type { Chain, FluxLayer } from "./flux-model.js";
import type { Random } from "./random.js";
import { type ArrayShape, type Built, elements, type ImageShape, RandomLayers, type Shape } from "./random-layers.js";

export type { Shape } from "./random-layers.js";

export interface FluxCase {
  readonly input: Shape;
  readonly model: FluxLayer;
  readonly output: Shape;
}

export function randomInput(random: Random): Shape {
  switch (random.pick(["image2d", "image2d", "image1d", "features", "sequence", "tokens"] as const)) {
    case "image2d":
      return { kind: "image", spatial: [random.int(3, 9), random.int(3, 9)], channels: random.int(1, 3) };
    case "image1d":
      return { kind: "image", spatial: [random.int(4, 12)], channels: random.int(1, 3) };
    case "features":
      return { kind: "plain", size: [random.int(2, 8)] };
    case "sequence":
      return { kind: "plain", size: [random.int(2, 5), random.int(2, 5)] };
    case "tokens":
      return { kind: "tokens", length: random.int(2, 5), vocabulary: random.int(3, 8) };
  }
}

export function randomModel(random: Random, input: Shape = randomInput(random)): FluxCase {
  const builder = new ModelBuilder(random);
  const layers: FluxLayer[] = [];
  let shape = input;
  if (shape.kind === "tokens") {
    const out = random.int(2, 5);
    layers.push({ kind: "Embedding", weight: builder.array([out, shape.vocabulary], 1) });
    shape = { kind: "plain", size: [out, shape.length] };
  }
  if (shape.kind === "image" && shape.spatial.length === 1) {
    // An input of two axes is a 1D image, (L, C) in Flux and [L, C] in tfjs, when a 1D convolution
    // reads it first; else a sequence, (F, T) in Flux and [T, F] in tfjs (docs/flux.md, "Inputs").
    const [conv, next] = builder.conv(shape, { keepSize: true })!;
    layers.push(conv);
    shape = next;
  }
  for (let count = random.int(1, 4); count > 0; count--) {
    const [layer, next] = builder.block(shape as Exclude<Shape, { kind: "tokens" }>, 0);
    layers.push(layer);
    shape = next;
  }
  const [head, output] = builder.head(shape as Exclude<Shape, { kind: "tokens" }>);
  layers.push(...head);
  return { input, model: { kind: "Chain", layers }, output };
}

const MAX_DEPTH = 2;

/** Layers composed: blocks, nested Chains, SkipConnections and Parallels, and the Dense head. */
class ModelBuilder extends RandomLayers {
  /** What ends every model: plain features out of a Dense. */
  head(shape: ArrayShape): [FluxLayer[], Shape] {
    const layers: FluxLayer[] = [];
    let size = shape.kind === "image" ? [elements(shape)] : shape.size;
    if (shape.kind === "image") layers.push({ kind: "flatten" });
    const out = this.random.int(1, 4);
    layers.push(this.dense(size[0]!, out));
    size = [out, ...size.slice(1)];
    if (size.length === 1 && this.random.chance(0.2)) layers.push({ kind: "function", f: "softmax" });
    return [layers, { kind: "plain", size }];
  }

  block(shape: ArrayShape, depth: number): Built {
    const r = this.random;
    if (shape.kind === "image") {
      const choices: (() => Built | null)[] = [
        () => this.conv(shape),
        () => this.conv(shape),
        () => this.conv(shape),
        () => this.batchNorm(shape),
        () => this.pool(shape),
        () => [{ kind: "flatten" }, { kind: "plain", size: [elements(shape)] }],
        () => [{ kind: "function", f: r.pick(["relu", "tanh", "sigmoid"] as const) }, shape],
        () => [{ kind: "Dropout" }, shape],
        () => (shape.spatial.length === 2 ? this.convTranspose(shape) : null),
        () => this.globalPool(shape),
        () => this.skip(shape, depth),
        () => this.parallel(shape, depth),
        () => this.chain(shape, depth),
        () => (r.chance(0.3) ? this.layerNorm(shape) : null),
        () => {
          // Flux's Dense acts on the first dimension, here the image's width: tfjs has no twin.
          if (!r.chance(0.3)) return null;
          const out = r.int(1, 4);
          return [this.dense(shape.spatial[0]!, out), { ...shape, spatial: [out, ...shape.spatial.slice(1)] }];
        },
      ];
      return this.first(choices, shape);
    }
    const features = shape.size[0]!;
    const choices: (() => Built | null)[] = [
      () => {
        const out = r.int(1, 8);
        return [this.dense(features, out), { kind: "plain", size: [out, ...shape.size.slice(1)] }];
      },
      () => this.batchNorm(shape),
      () => this.layerNorm(shape),
      () => (shape.size.length > 1 ? [{ kind: "flatten" }, { kind: "plain", size: [elements(shape)] }] : null),
      () => [{ kind: "flatten" }, { kind: "plain", size: [elements(shape)] }],
      // tfjs's softmax layer computes over a flat tensor only (tfjs 4.22 refuses any other axis).
      () => [
        {
          kind: "function",
          f: r.pick(["relu", "tanh", "sigmoid", ...(shape.size.length === 1 ? ["softmax" as const] : [])]),
        },
        shape,
      ],
      () => [{ kind: "Dropout" }, shape],
      () => this.skip(shape, depth),
      () => this.parallel(shape, depth),
      () => this.chain(shape, depth),
    ];
    return this.first(choices, shape);
  }

  /** Tries random choices until one fits (some need a deeper model, a bigger image, ...). */
  private first(choices: (() => Built | null)[], shape: ArrayShape): Built {
    for (let attempt = 0; attempt < 20; attempt++) {
      const built = this.random.pick(choices)();
      if (built !== null) return built;
    }
    return [{ kind: "Dropout" }, shape];
  }

  /** `SkipConnection(layers, +)` around layers that keep the size. */
  skip(shape: ArrayShape, depth: number): Built | null {
    if (depth >= MAX_DEPTH) return null;
    const layers = this.sizeKeeping(
      shape,
      this.random.int(1, 2),
      shape.kind === "image" ? shape.channels : shape.size[0]!,
    );
    return [{ kind: "SkipConnection", layers }, shape];
  }

  /** A Chain of `count` layers that ends in the input's size, with `out` channels or features. */
  private sizeKeeping(shape: ArrayShape, count: number, out: number): FluxLayer {
    const layers: FluxLayer[] = [];
    let current = shape;
    for (let k = 0; k < count; k++) {
      const last = k === count - 1;
      if (current.kind === "image") {
        const width = last ? out : this.random.int(1, 4);
        const choice = this.random.int(0, 3);
        if (!last && choice === 0) layers.push(this.batchNorm(current)[0]);
        else if (!last && choice === 1) layers.push({ kind: "function", f: "relu" });
        else {
          const [conv, next] = this.conv(current, { keepSize: true, out: width })!;
          layers.push(conv);
          current = next as typeof current;
        }
      } else {
        const width = last ? out : this.random.int(1, 6);
        layers.push(this.dense(current.size[0]!, width));
        current = { kind: "plain", size: [width, ...current.size.slice(1)] };
      }
    }
    return layers.length === 1 ? layers[0]! : { kind: "Chain", layers };
  }

  /** `Parallel` with 2 or 3 branches of different depths, joined by `+`, `vcat` or channel concatenation. */
  parallel(shape: ArrayShape, depth: number): Built | null {
    if (depth >= MAX_DEPTH) return null;
    const r = this.random;
    const count = r.int(2, 3);
    if (shape.kind === "image") {
      if (r.chance(0.3)) {
        // Each branch ends flat: `Chain(conv..., flatten)`, joined by vcat.
        const branches: FluxLayer[] = [];
        let total = 0;
        for (let b = 0; b < count; b++) {
          const layers: FluxLayer[] = [];
          let current: ArrayShape = shape;
          for (let k = r.int(0, 2); k > 0; k--) {
            const built = this.conv(current as ImageShape);
            if (built === null) break;
            layers.push(built[0]);
            current = built[1];
          }
          layers.push({ kind: "flatten" });
          total += elements(current);
          branches.push({ kind: "Chain", layers });
        }
        return [
          { kind: "Parallel", connection: "vcat", layers: branches },
          { kind: "plain", size: [total] },
        ];
      }
      const plus = r.chance(0.5);
      const widths = Array.from({ length: count }, () => r.int(1, 3));
      const common = r.int(1, 3);
      const branches = widths.map((_, b) => this.sizeKeeping(shape, r.int(1, 3), plus ? common : widths[b]!));
      const channels = plus ? common : widths.reduce((a, b) => a + b, 0);
      return [
        { kind: "Parallel", connection: plus ? "+" : "catchannels", layers: branches },
        { kind: "image", spatial: shape.spatial, channels },
      ];
    }
    const plus = shape.size.length > 1 || r.chance(0.5);
    const common = r.int(1, 6);
    const widths = Array.from({ length: count }, () => (plus ? common : r.int(1, 6)));
    const branches = widths.map((width) => this.sizeKeeping(shape, r.int(1, 3), width));
    const features = plus ? common : widths.reduce((a, b) => a + b, 0);
    return [
      { kind: "Parallel", connection: plus ? "+" : "vcat", layers: branches },
      { kind: "plain", size: [features, ...shape.size.slice(1)] },
    ];
  }

  /** A nested Chain of 1 to 3 blocks. */
  chain(shape: ArrayShape, depth: number): Built | null {
    if (depth >= MAX_DEPTH) return null;
    const layers: FluxLayer[] = [];
    let current = shape;
    for (let count = this.random.int(1, 3); count > 0; count--) {
      const [layer, next] = this.block(current, depth + 1);
      layers.push(layer);
      current = next;
    }
    const chain: Chain = { kind: "Chain", layers };
    return [chain, current];
  }
}

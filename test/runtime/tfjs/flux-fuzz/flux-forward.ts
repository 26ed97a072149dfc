/**
 * Flux's forward pass at inference (test mode), in plain TypeScript over column-major arrays, in
 * float64: the "expected" side of the differential fuzzer. Written from the Julia sources, not from
 * legolas-ts's conversion (which this file must never import):
 *
 *  - Flux v0.13.17 src/layers/basic.jl: `Dense` (`σ.(W*x .+ b)` over the first dimension, the
 *    others kept), `Chain`, `Parallel` (`connection(map(f -> f(x), layers)...)`), `SkipConnection`
 *    (`connection(layers(x), x)`), `Embedding` (`weight[:, x]`, 1-based), `Scale`;
 *  - src/layers/conv.jl: `Conv` / `CrossCor` / `ConvTranspose` through NNlib, `calc_padding`,
 *    `MaxPool`, `MeanPool`, `GlobalMaxPool`, `GlobalMeanPool`;
 *  - src/layers/normalise.jl: `BatchNorm` (test mode, tracked statistics: channels are dimension
 *    N-1, `γ ./ sqrt.(σ² .+ ϵ) .* (x .- μ) .+ β`, then λ), `LayerNorm` (`normalise` over dimension 1:
 *    `(x .- μ) ./ (σ .+ ϵ)` with σ the uncorrected standard deviation, then `Scale`, which applies λ);
 *  - src/layers/stateless.jl / MLUtils `flatten` (`reshape(x, :, size(x)[end])`), Base's
 *    `reshape` (the same column-major values, another size), NNlib `softmax` (dims=1);
 *  - NNlib v0.8.19 src/impl/conv_direct.jl (a `Conv` kernel is read flipped, `kproj(k, M) = M - k
 *    + 1`; `CrossCor` is not; an input index `(out - 1) * stride - pad_lo + 1 + (k - 1) * dilation`;
 *    padded positions contribute nothing), src/conv.jl (groups split the channels into contiguous
 *    blocks), `∇conv_data` as the adjoint of `conv`, src/impl/pooling_direct.jl (max pooling skips
 *    padded positions; mean pooling sums the positions inside and divides by the whole window,
 *    `prod(K)`).
 */
import type { Activation, Conv, ConvTranspose, FluxLayer, JuliaArray, Pool } from "./flux-model.js";

/** A batch: Julia size with the batch last, column-major float64 values. */
export interface Values {
  readonly size: readonly number[];
  readonly data: Float64Array;
}

/**
 * What a forward pass notes about its own precision. `magnitude`: the largest value it has met
 * (an input of any layer), the scale of the rounding a float32 pass makes anywhere (a Dense sum
 * small by cancellation errs by its terms' rounding, not its own). `amplification`: the largest
 * factor by which a `LayerNorm` magnifies such an error, `magnitude / (σ + ϵ)` over its columns
 * of values not all equal: a column of nearly equal values (σ small) is normalised by
 * cancellation, so one float32 rounding, `2^-24 magnitude`, becomes `2^-24 amplification` in its
 * output, in Flux's Float32 as in tfjs.
 */
export interface ForwardNotes {
  magnitude: number;
  amplification: number;
}

export function fluxForward(
  layer: FluxLayer,
  x: Values,
  notes: ForwardNotes = { magnitude: 0, amplification: 0 },
): Values {
  for (const value of x.data) notes.magnitude = Math.max(notes.magnitude, Math.abs(value));
  switch (layer.kind) {
    case "Dense":
      return dense(layer.weight, layer.bias, layer.σ, x);
    case "Conv":
    case "CrossCor":
      return conv(layer, x);
    case "ConvTranspose":
      return convTranspose(layer, x);
    case "BatchNorm": {
      const { β, γ, μ, σ2, ϵ, λ } = layer;
      const channelAxis = x.size.length - 2;
      return mapChannels(x, channelAxis, (value, c) => {
        const normalised = (value - μ.data[c]!) / Math.sqrt(σ2.data[c]! + ϵ);
        return activate(λ, γ === null ? normalised : γ.data[c]! * normalised + β!.data[c]!);
      });
    }
    case "LayerNorm":
      return layerNorm(layer.scale, layer.bias, layer.ϵ, layer.λ, x, notes);
    case "MaxPool":
    case "MeanPool":
      return pool(layer, x);
    case "GlobalMeanPool":
    case "GlobalMaxPool": {
      const spatial = x.size.slice(0, -2);
      const k = spatial;
      return pool(
        {
          kind: layer.kind === "GlobalMeanPool" ? "MeanPool" : "MaxPool",
          k,
          stride: k,
          pad: k.flatMap(() => [0, 0]),
          samePad: false,
        },
        x,
      );
    }
    case "Embedding": {
      const [out] = layer.weight.size as [number, number];
      const data = new Float64Array(out * x.data.length);
      x.data.forEach((index, position) => {
        for (let o = 0; o < out; o++) data[o + out * position] = layer.weight.data[o + out * (index - 1)]!;
      });
      return { size: [out, ...x.size], data };
    }
    case "flatten": {
      const batch = x.size[x.size.length - 1]!;
      return { size: [x.data.length / batch, batch], data: x.data };
    }
    case "reshape":
      return { size: [...layer.size, x.size[x.size.length - 1]!], data: x.data };
    case "Dropout":
      return x;
    case "function":
      return layer.f === "softmax"
        ? softmax(x)
        : { size: x.size, data: x.data.map((v) => activate(layer.f as Activation, v)) };
    case "Chain":
      return layer.layers.reduce((value, inner) => fluxForward(inner, value, notes), x);
    case "Parallel": {
      const outputs = layer.layers.map((inner) => fluxForward(inner, x, notes));
      if (layer.connection === "+") return outputs.reduce(add);
      return concatenate(outputs, layer.connection === "vcat" ? 0 : outputs[0]!.size.length - 2);
    }
    case "SkipConnection":
      return add(fluxForward(layer.layers, x, notes), x);
  }
}

function activate(σ: Activation, value: number): number {
  switch (σ) {
    case "identity":
      return value;
    case "relu":
      return Math.max(0, value);
    case "tanh":
      return Math.tanh(value);
    case "sigmoid":
      return 1 / (1 + Math.exp(-value));
  }
}

/** `σ.(W*x .+ b)` on the first dimension, every other dimension kept (`reshape(x, size(x,1), :)`). */
function dense(weight: JuliaArray, bias: JuliaArray | null, σ: Activation, x: Values): Values {
  const [out, inputs] = weight.size as [number, number];
  const columns = x.data.length / inputs;
  const data = new Float64Array(out * columns);
  for (let r = 0; r < columns; r++)
    for (let o = 0; o < out; o++) {
      let sum = bias === null ? 0 : bias.data[o]!;
      for (let j = 0; j < inputs; j++) sum += weight.data[o + out * j]! * x.data[j + inputs * r]!;
      data[o + out * r] = activate(σ, sum);
    }
  return { size: [out, ...x.size.slice(1)], data };
}

/** Column-major strides of `size`. */
function stridesOf(size: readonly number[]): number[] {
  const strides: number[] = [];
  let stride = 1;
  for (const extent of size) {
    strides.push(stride);
    stride *= extent;
  }
  return strides;
}

/** Every multi-index of `size`, first index fastest (column-major order). */
function* indices(size: readonly number[]): Generator<number[]> {
  const index = size.map(() => 0);
  if (size.some((extent) => extent === 0)) return;
  while (true) {
    yield index;
    let axis = 0;
    while (axis < size.length && ++index[axis]! === size[axis]!) index[axis++] = 0;
    if (axis === size.length) return;
  }
}

/** A kernel `(k..., a, b)` over a batch `(s..., C, N)`: its spatial rank, sizes and channel pair, and the batch's. */
function kernelOver(weight: JuliaArray, x: Values) {
  const n = weight.size.length - 2;
  return {
    n,
    k: weight.size.slice(0, n),
    channels: weight.size.slice(n) as [number, number],
    spatial: x.size.slice(0, n),
    batch: x.size[n + 1]!,
  };
}

/** NNlib's `conv` with a `DenseConvDims`: 1 or 2 spatial dimensions, groups, flipped for `Conv`. */
function conv(layer: Conv, x: Values): Values {
  const { n, k, channels, spatial, batch } = kernelOver(layer.weight, x);
  const [groupIn, out] = channels;
  const outSpatial = spatial.map(
    (extent, d) =>
      Math.floor(
        (extent + layer.pad[2 * d]! + layer.pad[2 * d + 1]! - ((k[d]! - 1) * layer.dilation[d]! + 1)) /
          layer.stride[d]!,
      ) + 1,
  );
  const size = [...outSpatial, out, batch];
  const data = new Float64Array(size.reduce((a, b) => a * b, 1));
  const xStrides = stridesOf(x.size);
  const wStrides = stridesOf(layer.weight.size);
  const yStrides = stridesOf(size);
  const groupOut = out / layer.groups;
  const flip = layer.kind === "Conv";
  for (let b = 0; b < batch; b++)
    for (let o = 0; o < out; o++) {
      const group = Math.floor(o / groupOut);
      for (const position of indices(outSpatial)) {
        let sum = layer.bias === null ? 0 : layer.bias.data[o]!;
        for (let c = 0; c < groupIn; c++)
          for (const offset of indices(k)) {
            let xAt = (group * groupIn + c) * xStrides[n]! + b * xStrides[n + 1]!;
            let wAt = c * wStrides[n]! + o * wStrides[n + 1]!;
            let inside = true;
            for (let d = 0; d < n; d++) {
              const i = position[d]! * layer.stride[d]! - layer.pad[2 * d]! + offset[d]! * layer.dilation[d]!;
              if (i < 0 || i >= spatial[d]!) inside = false;
              xAt += i * xStrides[d]!;
              wAt += (flip ? k[d]! - 1 - offset[d]! : offset[d]!) * wStrides[d]!;
            }
            if (inside) sum += x.data[xAt]! * layer.weight.data[wAt]!;
          }
        let yAt = o * yStrides[n]! + b * yStrides[n + 1]!;
        position.forEach((p, d) => (yAt += p * yStrides[d]!));
        data[yAt] = activate(layer.σ, sum);
      }
    }
  return { size, data };
}

/**
 * `ConvTranspose` is NNlib's `∇conv_data`, the adjoint of the (flipped) convolution whose input
 * it produces: `y[j, c] += x[o, c'] * w[k - a, c, c']` (1-based) wherever `j = (o - 1) * stride -
 * pad_lo + a`, over output sizes `(n - 1) * stride + k - pad_lo - pad_hi` (conv_transpose_dims).
 */
function convTranspose(layer: ConvTranspose, x: Values): Values {
  const { n, k, channels, spatial, batch } = kernelOver(layer.weight, x);
  const [out, inputs] = channels;
  const outSpatial = spatial.map(
    (extent, d) => (extent - 1) * layer.stride[d]! + k[d]! - layer.pad[2 * d]! - layer.pad[2 * d + 1]!,
  );
  const size = [...outSpatial, out, batch];
  const data = new Float64Array(size.reduce((a, b) => a * b, 1));
  const xStrides = stridesOf(x.size);
  const wStrides = stridesOf(layer.weight.size);
  const yStrides = stridesOf(size);
  for (let b = 0; b < batch; b++)
    for (let ci = 0; ci < inputs; ci++)
      for (const position of indices(spatial)) {
        let xAt = ci * xStrides[n]! + b * xStrides[n + 1]!;
        position.forEach((p, d) => (xAt += p * xStrides[d]!));
        const value = x.data[xAt]!;
        for (const offset of indices(k)) {
          let yAt = b * yStrides[n + 1]!;
          let wAt = ci * wStrides[n + 1]!;
          let inside = true;
          for (let d = 0; d < n; d++) {
            const j = position[d]! * layer.stride[d]! - layer.pad[2 * d]! + offset[d]!;
            if (j < 0 || j >= outSpatial[d]!) inside = false;
            yAt += j * yStrides[d]!;
            wAt += (k[d]! - 1 - offset[d]!) * wStrides[d]!;
          }
          if (!inside) continue;
          for (let co = 0; co < out; co++)
            data[yAt + co * yStrides[n]!]! += value * layer.weight.data[wAt + co * wStrides[n]!]!;
        }
      }
  for (let b = 0; b < batch; b++)
    for (let co = 0; co < out; co++)
      for (const position of indices(outSpatial)) {
        let yAt = co * yStrides[n]! + b * yStrides[n + 1]!;
        position.forEach((p, d) => (yAt += p * yStrides[d]!));
        data[yAt] = activate(layer.σ, data[yAt]! + (layer.bias === null ? 0 : layer.bias.data[co]!));
      }
  return { size, data };
}

function pool(layer: Pool, x: Values): Values {
  const n = layer.k.length;
  const spatial = x.size.slice(0, n);
  const [channels, batch] = x.size.slice(n) as [number, number];
  const outSpatial = spatial.map(
    (extent, d) =>
      Math.floor((extent + layer.pad[2 * d]! + layer.pad[2 * d + 1]! - layer.k[d]!) / layer.stride[d]!) + 1,
  );
  const size = [...outSpatial, channels, batch];
  const data = new Float64Array(size.reduce((a, b) => a * b, 1));
  const xStrides = stridesOf(x.size);
  const yStrides = stridesOf(size);
  const window = layer.k.reduce((a, b) => a * b, 1);
  for (let b = 0; b < batch; b++)
    for (let c = 0; c < channels; c++)
      for (const position of indices(outSpatial)) {
        let result = layer.kind === "MaxPool" ? Number.NEGATIVE_INFINITY : 0;
        for (const offset of indices(layer.k)) {
          let xAt = c * xStrides[n]! + b * xStrides[n + 1]!;
          let inside = true;
          for (let d = 0; d < n; d++) {
            const i = position[d]! * layer.stride[d]! - layer.pad[2 * d]! + offset[d]!;
            if (i < 0 || i >= spatial[d]!) inside = false;
            xAt += i * xStrides[d]!;
          }
          if (!inside) continue;
          result = layer.kind === "MaxPool" ? Math.max(result, x.data[xAt]!) : result + x.data[xAt]!;
        }
        let yAt = c * yStrides[n]! + b * yStrides[n + 1]!;
        position.forEach((p, d) => (yAt += p * yStrides[d]!));
        data[yAt] = layer.kind === "MaxPool" ? result : result / window;
      }
  return { size, data };
}

/** `f(value, channel)` for every value, the channel being the index along `axis`. */
function mapChannels(x: Values, axis: number, f: (value: number, channel: number) => number): Values {
  const stride = stridesOf(x.size)[axis]!;
  const extent = x.size[axis]!;
  return { size: x.size, data: x.data.map((value, at) => f(value, Math.floor(at / stride) % extent)) };
}

function layerNorm(
  scale: JuliaArray | null,
  bias: JuliaArray | null,
  ϵ: number,
  λ: Activation,
  x: Values,
  notes: ForwardNotes,
): Values {
  const features = x.size[0]!;
  const data = new Float64Array(x.data.length);
  for (let start = 0; start < x.data.length; start += features) {
    const column = x.data.subarray(start, start + features);
    const μ = column.reduce((a, b) => a + b, 0) / features;
    const σ = Math.sqrt(column.reduce((a, v) => a + (v - μ) ** 2, 0) / features);
    // Equal values (a column a relu zeroed) are equal in float32 too: nothing is magnified.
    if (σ > 0) notes.amplification = Math.max(notes.amplification, notes.magnitude / (σ + ϵ));
    column.forEach((v, f) => {
      const normalised = (v - μ) / (σ + ϵ);
      data[start + f] = activate(λ, scale === null ? normalised : scale.data[f]! * normalised + bias!.data[f]!);
    });
  }
  return { size: x.size, data };
}

/** NNlib `softmax(x; dims=1)`. */
function softmax(x: Values): Values {
  const features = x.size[0]!;
  const data = new Float64Array(x.data.length);
  for (let start = 0; start < x.data.length; start += features) {
    const column = x.data.subarray(start, start + features);
    const top = Math.max(...column);
    const exps = column.map((v) => Math.exp(v - top));
    const total = exps.reduce((a, b) => a + b, 0);
    exps.forEach((v, f) => (data[start + f] = v / total));
  }
  return { size: x.size, data };
}

function add(a: Values, b: Values): Values {
  if (a.size.join() !== b.size.join()) throw new Error(`Flux: sizes ${a.size} and ${b.size} do not add`);
  return { size: a.size, data: a.data.map((v, k) => v + b.data[k]!) };
}

/** `cat(xs...; dims=axis+1)`. */
function concatenate(xs: readonly Values[], axis: number): Values {
  const size = [...xs[0]!.size];
  size[axis] = xs.reduce((sum, x) => sum + x.size[axis]!, 0);
  const inner = size.slice(0, axis).reduce((a, b) => a * b, 1);
  const outer = size.slice(axis + 1).reduce((a, b) => a * b, 1);
  const data = new Float64Array(inner * size[axis]! * outer);
  let at = 0;
  for (let o = 0; o < outer; o++)
    for (const x of xs) {
      const block = inner * x.size[axis]!;
      data.set(x.data.subarray(o * block, (o + 1) * block), at);
      at += block;
    }
  return { size, data };
}

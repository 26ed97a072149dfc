/**
 * The model shapes of issue 20, each run through the differential fuzzer's machinery: Flux's
 * forward pass against the tfjs twin built as the README used to say. Before the conversion
 * followed the graph, all seven loaded without a word and predicted wrong values; now each
 * predicts what Flux computes, or is refused with the reason.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { useCpuBackend } from "./helpers.js";
import { conversion } from "./flux-fuzz/conversion.js";
import type { Activation, Conv, Dense, FluxLayer, JuliaArray } from "./flux-fuzz/flux-model.js";
import { Random } from "./flux-fuzz/random.js";
import type { Shape } from "./flux-fuzz/random-model.js";
import { runCase, type Outcome } from "./flux-fuzz/run-case.js";
import type { TwinStyle } from "./flux-fuzz/tfjs-twin.js";

beforeAll(useCpuBackend);

const random = new Random(2020);
const array = (size: number[]): JuliaArray => ({
  size,
  data: random.floats(
    size.reduce((a, b) => a * b, 1),
    -0.7,
    0.7,
  ),
});
const dense = (inputs: number, out: number, σ: Activation = "identity"): Dense => ({
  kind: "Dense",
  weight: array([out, inputs]),
  bias: array([out]),
  σ,
});
const conv = (k: number[], cin: number, out: number, options: Partial<Conv> = {}): Conv => ({
  kind: "Conv",
  σ: "identity",
  weight: array([...k, cin, out]),
  bias: array([out]),
  stride: k.map(() => 1),
  pad: k.flatMap(() => [0, 0]),
  samePad: false,
  dilation: k.map(() => 1),
  groups: 1,
  ...options,
});
const image = (spatial: number[], channels: number): Shape => ({ kind: "image", spatial, channels });
const plain = (...size: number[]): Shape => ({ kind: "plain", size });
const chain = (...layers: FluxLayer[]): FluxLayer => ({ kind: "Chain", layers });
const flatten: FluxLayer = { kind: "flatten" };

function run(model: FluxLayer, input: Shape, output: Shape, style: TwinStyle = {}): Outcome {
  return runCase({ model, input, output }, new Random(7), conversion, {
    top: "functional",
    nesting: "inline",
    samePadding: "same",
    ...style,
  }).outcome;
}

const matches = expect.objectContaining({ kind: "match" });
const refused = (reason: string, message: RegExp) =>
  expect.objectContaining({ kind: "refused", reason, message: expect.stringMatching(message) });

describe("the seven shapes that loaded silently wrong", () => {
  test('Conv((3,3), 1=>4; pad=SamePad(), stride=2) on 8x8, as conv2d "same" with strides 2: refused, naming the fix', () => {
    const model = conv([3, 3], 1, 4, { stride: [2, 2], pad: [1, 1, 1, 1], samePad: true });
    expect(run(model, image([8, 8], 1), image([4, 4], 4))).toEqual(refused("padding", /zeroPadding2d/));
  });

  test("Conv((5,5), 1=>4; pad=2, stride=2) on 8x8 (Flux's docstring example): refused, naming the fix", () => {
    const model = conv([5, 5], 1, 4, { stride: [2, 2], pad: [2, 2, 2, 2], samePad: true });
    expect(run(model, image([8, 8], 1), image([4, 4], 4))).toEqual(refused("padding", /zeroPadding2d/));
  });

  test("Chain(Conv, flatten, BatchNorm(n), Dense): the BatchNorm's vectors follow the flatten", () => {
    const model = chain(conv([3, 3], 2, 3), flatten, batchNorm(27), dense(27, 3));
    expect(run(model, image([5, 5], 2), plain(3))).toEqual(matches);
  });

  test("Chain(Conv, flatten, Chain(Dense, Dense)) with the inner Chain a nested Sequential", () => {
    const model = chain(conv([3, 3], 2, 2), flatten, chain(dense(18, 4, "relu"), dense(4, 3)));
    expect(run(model, image([5, 5], 2), plain(3), { nesting: "sequential" })).toEqual(matches);
  });

  test("Chain(Parallel(vcat, Chain(Conv, flatten), Chain(Conv, flatten)), Dense)", () => {
    const branch = () => chain(conv([2, 2], 2, 2), flatten);
    const model = chain({ kind: "Parallel", connection: "vcat", layers: [branch(), branch()] }, dense(64, 3));
    expect(run(model, image([5, 5], 2), plain(3))).toEqual(matches);
  });

  test("Parallel(+, Dense(4=>3, relu), Chain(Dense(4=>3), Dense(3=>3))): Flux's order, branch by branch", () => {
    const model: FluxLayer = {
      kind: "Parallel",
      connection: "+",
      layers: [dense(4, 3, "relu"), chain(dense(4, 3), dense(3, 3))],
    };
    expect(run(model, plain(4), plain(3))).toEqual(matches);
  });

  test("Chain(Dense(3=>4), flatten, Dense(20=>2)) on a (features, time, batch) sequence: no permutation", () => {
    const model = chain(dense(3, 4), flatten, dense(20, 2));
    expect(run(model, plain(3, 5), plain(2))).toEqual(matches);
  });
});

describe("the other shapes of issue 20", () => {
  /** `Parallel(+, Chain(Conv, BN, relu, Conv, BN), Chain(Conv((1,1)), BN))`, then relu: ResNet's projection block. */
  const projectionBlock = (stride: number): FluxLayer => {
    const pad = { pad: [1, 1, 1, 1], samePad: true };
    const main = chain(
      conv([3, 3], 2, 4, { ...pad, stride: [stride, stride] }),
      batchNorm(4),
      { kind: "function", f: "relu" },
      conv([3, 3], 4, 4, pad),
      batchNorm(4),
    );
    const shortcut = chain(conv([1, 1], 2, 4, { stride: [stride, stride] }), batchNorm(4));
    return chain(
      { kind: "Parallel", connection: "+", layers: [main, shortcut] },
      { kind: "function", f: "relu" },
      flatten,
      dense(stride === 1 ? 144 : 36, 3),
    );
  };

  test("a ResNet projection block converts (stride 1)", () => {
    expect(run(projectionBlock(1), image([6, 6], 2), plain(3))).toEqual(matches);
  });

  test('with stride 2 on an even image, "same" is refused naming zeroPadding2d; built so, it converts', () => {
    expect(run(projectionBlock(2), image([6, 6], 2), plain(3))).toEqual(
      refused("padding", /zeroPadding2d\(\{ padding: \[\[1,1\],\[1,1\]\] \}\)/),
    );
    expect(run(projectionBlock(2), image([6, 6], 2), plain(3), { samePadding: "zero-padding" })).toEqual(matches);
  });

  test("a grouped Conv is refused by name; with groups = channels it is depthwiseConv2d", () => {
    const grouped = (groups: number, out: number) =>
      chain(conv([3, 3], 4 / groups, out, { groups }), flatten, dense(9 * out, 2));
    expect(run(grouped(2, 4), image([5, 5], 4), plain(2))).toEqual(
      refused("unsupported-layer", /a Conv with groups=2/),
    );
    expect(run(grouped(4, 8), image([5, 5], 4), plain(2), { depthwise: false })).toEqual(
      refused("unsupported-layer", /depthwiseConv2d\(\{ depthMultiplier: 2 \}\)/),
    );
    expect(run(grouped(4, 8), image([5, 5], 4), plain(2), { depthwise: true })).toEqual(matches);
  });

  test("Chain(BatchNorm(2), Conv((3,), 2=>3), flatten, Dense) on a 1D image (a signal's channels) converts", () => {
    // Refused before: a BatchNorm read the input first, so it was taken for a (features, time) sequence.
    const signal = image([8], 2);
    expect(run(chain(batchNorm(2), conv([3], 2, 3), flatten, dense(18, 2)), signal, plain(2))).toEqual(matches);
  });

  test("LayerNorm (as fluxLayerNorm) and Embedding convert", () => {
    const layerNorm: FluxLayer = { kind: "LayerNorm", λ: "relu", scale: array([4]), bias: array([4]), ϵ: 1e-5 };
    const embedding: FluxLayer = { kind: "Embedding", weight: array([4, 6]) };
    const tokens: Shape = { kind: "tokens", length: 3, vocabulary: 6 };
    expect(run(chain(embedding, layerNorm, flatten, dense(12, 2)), tokens, plain(2))).toEqual(matches);
  });

  test("ConvTranspose converts where tfjs crops as Flux does", () => {
    const transposed: FluxLayer = {
      kind: "ConvTranspose",
      σ: "identity",
      weight: array([4, 4, 2, 3]),
      bias: array([2]),
      stride: [2, 2],
      pad: [1, 1, 1, 1],
      samePad: true,
    };
    expect(run(chain(transposed, flatten, dense(72, 2)), image([3, 3], 3), plain(2))).toEqual(matches);
  });
});

describe("a Reshape to an image of one channel, a concatenation before a 1D convolution", () => {
  const reshape = (...size: number[]): FluxLayer => ({ kind: "reshape", size });
  const catChannels = (...layers: FluxLayer[]): FluxLayer => ({ kind: "Parallel", connection: "catchannels", layers });
  const dropout: FluxLayer = { kind: "Dropout" };

  test("Chain(x -> reshape(x, 5, 4, 1, :), BatchNorm(1), Conv((3,3), 1=>2)) converts", () => {
    // Refused before: the Reshape's [4, 5, 1] was taken for Flux's (1, 5, 4), whose BatchNorm has 4 channels.
    const model = chain(reshape(5, 4, 1), batchNorm(1), conv([3, 3], 1, 2));
    expect(run(model, plain(20), image([3, 2], 2))).toEqual(matches);
  });

  test("Chain(x -> reshape(x, 6, 1, :), BatchNorm(1)) converts: a 1D image of one channel", () => {
    expect(run(chain(reshape(6, 1), batchNorm(1)), plain(6), image([6], 1))).toEqual(matches);
  });

  test("Chain(x -> reshape(x, 1, 6, :), Dense(1=>3)) still converts: the Reshape's array, (1, 6), as Flux's Dense reads it", () => {
    expect(run(chain(reshape(1, 6), dense(1, 3)), plain(6), plain(3, 6))).toEqual(matches);
  });

  test("Chain(Parallel(cat on channels, Dropout, Dropout), Conv((2,), 4=>3)) on a 1D image converts", () => {
    // Refused before: the input met a concatenate first, so it was taken for a (features, time) sequence.
    const model = chain(catChannels(dropout, dropout), conv([2], 4, 3));
    expect(run(model, image([6], 2), image([5], 3))).toEqual(matches);
  });

  test("Chain(x -> reshape(x, 6, 1, :), Parallel(cat on channels, Dropout, BatchNorm(1)), Conv((2,), 2=>3)) converts", () => {
    const model = chain(reshape(6, 1), catChannels(dropout, batchNorm(1)), conv([2], 2, 3));
    expect(run(model, plain(6), image([5], 3))).toEqual(matches);
  });
});

function batchNorm(channels: number): FluxLayer {
  return {
    kind: "BatchNorm",
    λ: "identity",
    β: array([channels]),
    γ: { size: [channels], data: random.floats(channels, 0.5, 1.5) },
    μ: array([channels]),
    σ2: { size: [channels], data: random.floats(channels, 0.5, 1.5) },
    ϵ: 1e-5,
  };
}

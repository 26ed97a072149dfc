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

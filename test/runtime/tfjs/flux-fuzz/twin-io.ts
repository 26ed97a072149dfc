/**
 * Values in and out of a twin: a Flux batch as the tfjs input tensor (docs/flux.md, "Inputs":
 * images WHCN as NHWC, token indices 1-based as 0-based, anything else in the same memory), and a
 * tfjs output back in Flux's order.
 */
import * as tf from "@tensorflow/tfjs";
import type { Values } from "./flux-forward.js";
import type { Shape } from "./random-model.js";

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

/** The Flux input batch as the twin's input tensor. */
export function feed(input: Shape, x: Values): tf.Tensor {
  const shape = [x.size[x.size.length - 1]!, ...tfjsInputShape(input)];
  if (input.kind === "tokens")
    return tf.tensor(
      Float32Array.from(x.data, (index) => index - 1),
      shape,
    );
  if (input.kind === "plain") return tf.tensor(Float32Array.from(x.data), shape);
  const image = new Float32Array(x.data.length);
  x.data.forEach((value, at) => {
    image[nhwcOffset(at, x.size)] = value;
  });
  return tf.tensor(image, shape);
}

/** A twin's output in Flux's order: an image [N, sn, ..., s1, C] back to (s1, ..., sn, C, N); anything else as it is. */
export function inFluxOrder(output: Float32Array, fluxSize: readonly number[], image: boolean): Float32Array {
  if (!image) return output;
  return Float32Array.from({ length: output.length }, (_, at) => output[nhwcOffset(at, fluxSize)]!);
}

/** Where the value at column-major offset `at` of an image batch of Julia size (s1, ..., sn, C, N) sits in NHWC order. */
function nhwcOffset(at: number, size: readonly number[]): number {
  const n = size.length - 2;
  let rest = at;
  const index = size.map((extent) => {
    const i = rest % extent;
    rest = Math.floor(rest / extent);
    return i;
  });
  let offset = index[n + 1]!;
  for (let d = n - 1; d >= 0; d--) offset = offset * size[d]! + index[d]!;
  return offset * size[n]! + index[n]!;
}

/**
 * One differential case: a Flux model with random weights, its forward pass in Flux's semantics,
 * its tfjs twin loaded through the conversion under test, and the two predictions compared.
 */
import * as tf from "@tensorflow/tfjs";
import { loadWeights } from "legolas-ts/tfjs";
import { FlatArray, Weights, type WeightsInput } from "legolas-ts";
import { type ForwardNotes, fluxForward, type Values } from "./flux-forward.js";
import { fetchFluxArrays, showFlux } from "./flux-model.js";
import type { Random } from "./random.js";
import type { FluxCase, Shape } from "./random-model.js";
import { buildTwin, type LayerSettings, type TwinStyle } from "./tfjs-twin.js";
import { feed, inFluxOrder } from "./twin-io.js";

/** The conversion under test, given what the user states about each layer. */
export interface Conversion {
  toTfjs(weights: Weights, model: tf.LayersModel, settings: ReadonlyMap<string, LayerSettings>): WeightsInput;
  toFlux(model: tf.LayersModel, settings: ReadonlyMap<string, LayerSettings>): WeightsInput;
}

export type Outcome =
  /** Converted, and tfjs predicts what Flux computes (`error`: the largest difference, relative above 1). */
  | { readonly kind: "match"; readonly error: number }
  | { readonly kind: "refused"; readonly reason: string; readonly layerName: string | null; readonly message: string }
  /** Converted without a word, and tfjs predicts something else: what must never happen. */
  | { readonly kind: "mismatch"; readonly error: number }
  /** Converted and predicted right, but the way back gave other arrays. */
  | { readonly kind: "round-trip"; readonly index: number }
  /** tfjs could not build the (inexact) twin at all: nothing to convert. */
  | { readonly kind: "unbuildable" };

export interface CaseResult {
  readonly outcome: Outcome;
  /** Why the twin is not an exact one, or `null` (then the conversion must not refuse it). */
  readonly inexact: string | null;
  /** The Flux model as Julia code and its input, for a failure message. */
  readonly description: string;
  /** The Flux model's layer kinds, for coverage counts. */
  readonly kinds: readonly string[];
}

/**
 * Within 1e-5, relative for values above 1: float32 (tfjs) against float64 (Flux here); or, after
 * a `LayerNorm` over nearly equal values, within what one float32 rounding of its input becomes
 * there (`ForwardNotes`), which no float32 pass, Flux's own included, can stay under.
 */
export const TOLERANCE = 1e-5;
export const toleranceOf = (notes: ForwardNotes): number => Math.max(TOLERANCE, 2 ** -24 * notes.amplification);
const BATCH = 2;

export function runCase(fluxCase: FluxCase, random: Random, conversion: Conversion, style: TwinStyle = {}): CaseResult {
  const { model, input } = fluxCase;
  const arrays = fetchFluxArrays(model);
  const weights = new Weights(arrays.map((array) => new FlatArray(array.data, array.size)));
  const x = randomInput(input, random);
  const notes: ForwardNotes = { magnitude: 0, amplification: 0 };
  const expected = fluxForward(model, x, notes);
  const twin = buildTwin(model, input, random, style);
  const description = `${showFlux(model)} on ${describeInput(input)}`;
  const kinds = layerKinds(model);
  const result = (outcome: Outcome): CaseResult => ({ outcome, inexact: twin.inexact, description, kinds });
  const tfjsModel = twin.model;
  if (tfjsModel === null) return result({ kind: "unbuildable" });
  try {
    let converted: WeightsInput;
    try {
      converted = conversion.toTfjs(weights, tfjsModel, twin.settings);
    } catch (error) {
      const refusal = error as { name?: string; reason?: string; layerName?: string | null; message: string };
      if (refusal.name !== "FluxConversionError") throw error;
      return result({
        kind: "refused",
        reason: refusal.reason!,
        layerName: refusal.layerName ?? null,
        message: refusal.message,
      });
    }
    loadWeights(tfjsModel, converted);
    const output = tf.tidy(() => {
      // At inference, as predict (dropout off), without predict's batching: a third faster on tiny inputs.
      const y = tfjsModel.apply(feed(input, x), { training: false }) as tf.Tensor;
      return { data: y.dataSync().slice() as Float32Array, size: y.shape };
    });
    const image = fluxCase.output.kind === "image";
    const error =
      output.data.length === expected.data.length
        ? largestDifference(inFluxOrder(output.data, expected.size, image), expected.data)
        : Number.POSITIVE_INFINITY;
    if (!(error <= toleranceOf(notes))) return result({ kind: "mismatch", error });
    const back = conversion.toFlux(tfjsModel, twin.settings).arrays;
    const index = arrays.findIndex((array, k) => !sameBits(array.data, back[k]?.vec));
    if (index >= 0 || back.length !== arrays.length)
      return result({ kind: "round-trip", index: Math.max(index, arrays.length) });
    return result({ kind: "match", error });
  } finally {
    tfjsModel.dispose();
  }
}

function randomInput(input: Shape, random: Random): Values {
  if (input.kind === "tokens") {
    const size = [input.length, BATCH];
    return { size, data: Float64Array.from({ length: input.length * BATCH }, () => random.int(1, input.vocabulary)) };
  }
  const size = input.kind === "image" ? [...input.spatial, input.channels, BATCH] : [...input.size, BATCH];
  const count = size.reduce((a, b) => a * b, 1);
  return { size, data: Float64Array.from(random.floats(count, -1, 1)) };
}

function describeInput(input: Shape): string {
  switch (input.kind) {
    case "image":
      return `an image batch of size (${[...input.spatial, input.channels, BATCH].join(", ")})`;
    case "plain":
      return `a batch of size (${[...input.size, BATCH].join(", ")})`;
    case "tokens":
      return `token indices of size (${input.length}, ${BATCH}) below ${input.vocabulary + 1}`;
  }
}

function largestDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let largest = 0;
  for (let k = 0; k < expected.length; k++) {
    const difference = Math.abs(actual[k]! - expected[k]!) / Math.max(1, Math.abs(expected[k]!));
    if (!(difference <= largest)) largest = difference;
  }
  return largest;
}

function sameBits(a: Float32Array, b: unknown): boolean {
  if (!(b instanceof Float32Array) || a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.every((bits, k) => bits === y[k]);
}

function layerKinds(model: FluxCase["model"]): string[] {
  const kinds: string[] = [];
  const visit = (layer: FluxCase["model"]): void => {
    kinds.push(layer.kind === "Parallel" ? `Parallel(${layer.connection})` : layer.kind);
    if (layer.kind === "Chain" || layer.kind === "Parallel") layer.layers.forEach(visit);
    if (layer.kind === "SkipConnection") visit(layer.layers);
  };
  visit(model);
  return kinds;
}

/**
 * Flux <-> tfjs: the one explicit conversion between the weights of a Flux model (as
 * LegolasFlux.jl's `fetch_weights` stores them) and the weights of its tfjs twin. Every conversion
 * is right or refused: the model's graph is followed from its inputs (flux/plan.ts), so each
 * array is moved for what it meets (a kernel's axes, a BatchNorm's field order, a flatten's order
 * of values, padding), in the order Flux stores it; what the conversion cannot follow is refused
 * with a {@link FluxConversionError} that names the layer, before any array is converted.
 * docs/flux.md is the user's guide: the layer table, padding, inputs, what a model must look like.
 */
import type { LayersModel } from "@tensorflow/tfjs";
import { type FlatArray, Weights, type FlatArrayInput, type WeightsInput } from "../weights/weights.js";
import { fetchWeights } from "./fetch-weights.js";
import { layoutMismatch, unknownLayout } from "./layout-mismatch.js";
import { unknownLayoutOf } from "../weights/unknown-layout.js";
import { FluxConversionError } from "./flux/errors.js";
import type { FluxConversionOptions } from "./flux/options.js";
import { fitsPlanned, planConversion, plannedFluxSize, plannedShape, type PlannedVariable } from "./flux/plan.js";
import { toFlux, toTfjs } from "./flux/transforms.js";
import { untrackedStatisticsError } from "./flux/untracked-statistics.js";
import { wholeArraysOf } from "./weights-fit.js";

export { FluxConversionError, type FluxConversionReason } from "./flux/errors.js";
export type { FluxConversionOptions, FluxLayerInfo, FluxLayerOptions } from "./flux/options.js";

/**
 * Flux-ordered weights (a LegolasFlux row's `weights`) as the weights of the tfjs `model`, in
 * `fetchWeights` order and tfjs's layout, ready for `loadWeights(model, result)`. Arrays that need
 * no change are passed on as they are (views of the row's memory); moved ones are new, of the
 * same element type.
 *
 * @throws WeightsLayoutError when the weights say they are tfjs's already.
 * @throws FluxConversionError for a layer, a padding, a layout or an order the conversion cannot
 * follow, an epsilon that is not Flux's, or arrays that are not the model's twin's.
 * @throws DetachedWeightsError when a `vec`'s buffer was transferred; TypeError when `weights` is
 * no Weights value (an array missing, or a `vec` that does not hold its `size`'s values).
 */
export function fluxToTfjs(weights: WeightsInput, model: LayersModel, options: FluxConversionOptions = {}): Weights {
  if (weights?.layout === "tfjs") throw layoutMismatch("tfjs", null);
  const stated = unknownLayoutOf(weights);
  if (stated !== null) throw unknownLayout(stated);
  const plan = planConversion(model, options);
  const flux = wholeArraysOf(weights);
  if (flux.length !== plan.length) {
    // Fewer arrays may be the sign of a Flux BatchNorm that tfjs cannot compute: said by name.
    const untracked = untrackedStatisticsError(
      plan,
      flux.map((array) => array.size),
    );
    throw (
      untracked ??
      new FluxConversionError(
        "count",
        null,
        `the model's Flux twin holds ${plan.length} arrays, the weights ${flux.length}; build the tfjs model as the Flux model that wrote them`,
      )
    );
  }
  plan.forEach((entry, k) => checkFluxSize(entry, flux[k]!, k));
  const out = new Array<FlatArray>(plan.length);
  plan.forEach((entry, k) => {
    out[entry.target.index] = toTfjs(entry.transform, flux[k]!, plannedShape(entry));
  });
  return new Weights(out, { layout: "tfjs" });
}

/**
 * The weights of the tfjs `model` in Flux's layout and order, as LegolasFlux's `load_weights!`
 * expects them for the model's Flux twin (a copy, like `fetchWeights`).
 *
 * @throws FluxConversionError as {@link fluxToTfjs}.
 */
export function tfjsToFlux(model: LayersModel, options: FluxConversionOptions = {}): Weights {
  const plan = planConversion(model, options);
  const tfjs = fetchWeights(model).arrays;
  return new Weights(
    plan.map((entry) => toFlux(entry.transform, tfjs[entry.target.index]!, plannedShape(entry))),
    { layout: "flux" },
  );
}

function checkFluxSize(entry: PlannedVariable, array: FlatArrayInput, index: number): void {
  const size = array.size;
  if (fitsPlanned(entry, size)) return;
  const expected = plannedFluxSize(entry);
  const found = `Flux array ${index} has Julia size (${size.join(", ")})`;
  const groups = groupsOf(entry, size, expected);
  if (groups !== null) {
    throw new FluxConversionError(
      "unsupported-layer",
      entry.layerName,
      `${found}: a Conv with groups=${groups} (${size.at(-2)} input channels per group), which tfjs has no layer for; ` +
        groupedConvAdvice(groups, expected, size.at(-1)! / groups),
    );
  }
  if (isFluxV012Depthwise(entry, size, expected)) {
    throw new FluxConversionError(
      "size",
      entry.layerName,
      `${found}, Flux v0.12's DepthwiseConv weight (k..., multiplier, channels); ${entry.target.variable.originalName} ` +
        `is read as Flux v0.13's (${expected.join(", ")}), which holds the same values in the same order: pass ` +
        `new FlatArray(array.vec, [${expected.join(", ")}]) in its place (and give Flux v0.12's load_weights! ` +
        `tfjsToFlux's array as (${size.join(", ")}))`,
    );
  }
  throw new FluxConversionError(
    "size",
    entry.layerName,
    `${found}, but ${entry.target.variable.originalName} needs (${expected.join(", ")}); build the tfjs model as the Flux model that wrote these weights`,
  );
}

/**
 * What tfjs has for a grouped Conv: `depthwiseConv2d` when the groups are the input channels, and
 * only for a 2D image (tfjs 4.22 has no depthwise layer of one or three dimensions).
 */
function groupedConvAdvice(groups: number, expected: readonly number[], multiplier: number): string {
  const spatial = expected.length - 2;
  if (spatial !== 2)
    return `tfjs computes groups=1 only for a ${spatial}D convolution (its one depthwise layer, depthwiseConv2d, is 2D)`;
  if (groups === expected.at(-2))
    return `a grouped Conv with groups equal to its input channels is tf.layers.depthwiseConv2d({ depthMultiplier: ${multiplier} })`;
  return "tfjs computes groups=1 (conv2d) and groups equal to the input channels (depthwiseConv2d) only";
}

/**
 * Flux v0.12's `DepthwiseConv` keeps its weight as (k..., multiplier, channels) (src/layers/conv.jl
 * `depthwiseconvfilter`), v0.13's grouped Conv as (k..., 1, channels·multiplier): the same memory.
 */
function isFluxV012Depthwise(entry: PlannedVariable, size: readonly number[], expected: readonly number[]): boolean {
  if (entry.transform.kind !== "depthwise-kernel") return false;
  const [channels, multiplier] = plannedShape(entry).slice(-2) as [number, number];
  const v012 = [...expected.slice(0, -2), multiplier, channels];
  return v012.length === size.length && v012.every((extent, axis) => extent === size[axis]);
}

/** Flux's `groups` when `size` is a grouped Conv's weight for this ungrouped kernel: fewer input channels, all else equal. */
function groupsOf(entry: PlannedVariable, size: readonly number[], expected: readonly number[]): number | null {
  if (entry.transform.kind !== "conv-kernel" || size.length !== expected.length) return null;
  const inAxis = size.length - 2;
  const sameElsewhere = size.every((extent, axis) => axis === inAxis || extent === expected[axis]);
  const groups = expected[inAxis]! / size[inAxis]!;
  return sameElsewhere && Number.isInteger(groups) && groups > 1 ? groups : null;
}

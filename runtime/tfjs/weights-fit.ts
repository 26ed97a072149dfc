/**
 * Whether a `Weights` value fits a model: the same number of arrays, and at every position the
 * model's shape and a float32 variable (weights of any element type: see load-weights.ts).
 * `loadWeights` asks this before it touches the model; it is public so a caller can ask too
 * (e.g. to pick among several saved weights) without loading.
 */
import type { LayersModel } from "@tensorflow/tfjs";
import {
  elementTypeOf,
  flatArrayProblem,
  isDetached,
  type FlatArrayInput,
  type WeightsInput,
} from "../weights/weights.js";
import { DetachedWeightsError } from "../weights/errors.js";
import type { WeightsMismatchFacts } from "./errors.js";
import { layoutMismatch, unknownLayout } from "./layout-mismatch.js";
import { modelVariables } from "./model-variables.js";
import { unknownLayoutOf } from "../weights/unknown-layout.js";
import { describeValue } from "../violations.js";

/**
 * The first position where `weights` does not fit `model`, or `null` when they fit: `null` means
 * `loadWeights` loads them, unless the model was disposed (its variables' shapes are still known
 * and judged here, as a disposed template serves `legolasModelRow`; `loadWeights` throws
 * `DisposedModelError`). Positions are compared in order and the first difference wins, so an
 * inserted or removed layer is reported at the first position it disturbs, with both counts,
 * rather than as a bare count (arrays of equal shapes after it can put that position a few
 * layers later).
 *
 * @throws WeightsLayoutError when the weights say they are in Flux's layout (or one this version
 * does not know), as `loadWeights` does: such arrays can have every shape the model's have and
 * still not be its values (`fluxToTfjs` converts them).
 * @throws TypeError when `weights` is not a Weights value at all (e.g. a `vec` that does not hold
 * `size`'s number of values): that is a broken value, not a model that differs.
 */
export function findWeightsMismatch(model: LayersModel, weights: WeightsInput): WeightsMismatchFacts | null {
  assertTfjsLayout(weights);
  const variables = modelVariables(model);
  const arrays = arraysOf(weights);
  const counts = { expectedCount: variables.length, foundCount: arrays.length };
  for (let index = 0; index < Math.max(variables.length, arrays.length); index++) {
    const target = variables[index];
    const array = arrays[index];
    const facts = {
      index,
      layerName: target?.layerName ?? null,
      variableName: target?.variable.name ?? null,
      expectedShape: target === undefined ? null : [...(target.variable.shape as number[])],
      foundShape: array === undefined ? null : shapeOf(array),
      ...counts,
    };
    if (target === undefined || array === undefined) return { reason: "count", ...facts };
    const expectedDtype = target.variable.dtype;
    // float64, float16 and integer weights load too: loadWeights converts them to float32 (tfjs's type).
    if (expectedDtype !== "float32" || elementTypeOf(array.vec) === null) {
      return { reason: "dtype", ...facts, expectedDtype, foundDtype: dtypeOf(array.vec) };
    }
    assertWholeArray(array, index);
    if (!sameShape(facts.expectedShape!, facts.foundShape!)) return { reason: "shape", ...facts };
  }
  return null;
}

/** Throws unless `weights` are in tfjs's layout: the one that loads into a tfjs model as they are. */
export function assertTfjsLayout(weights: WeightsInput): void {
  const layout: unknown = weights?.layout;
  if (layout === "flux") throw layoutMismatch("flux", null);
  const stated = unknownLayoutOf(weights);
  if (stated !== null) throw unknownLayout(stated);
  if (layout !== undefined && layout !== "tfjs")
    throw new TypeError(
      `weights.layout must be "tfjs", "flux" or absent (as the Weights constructor takes it), not ${String(layout)}`,
    );
}

/**
 * `weights`' arrays, each a whole FlatArray: what a conversion reads before it reads any value.
 *
 * @throws DetachedWeightsError when a `vec`'s buffer was transferred.
 * @throws TypeError when `weights` is no Weights value, or an array is missing or broken.
 */
export function wholeArraysOf(weights: WeightsInput): readonly FlatArrayInput[] {
  const arrays = arraysOf(weights);
  arrays.forEach(assertWholeArray);
  return arrays;
}

function assertWholeArray(array: FlatArrayInput, index: number): void {
  const problem = flatArrayProblem(array.vec, array.size);
  if (problem === null) return;
  if (isDetached(array.vec)) throw new DetachedWeightsError(index);
  throw new TypeError(`weights.arrays[${index}] is not a FlatArray: ${problem}`);
}

/** The arrays of `weights`, a list without holes. */
function arraysOf(weights: WeightsInput): readonly FlatArrayInput[] {
  const arrays: unknown = (weights as { arrays?: unknown } | null)?.arrays;
  if (!Array.isArray(arrays))
    throw new TypeError(
      `weights must be a Weights value (an object with an \`arrays\` list), not ${describeValue(weights)}${notWeightsHint(weights)}`,
    );
  const hole = arrays.findIndex((array: unknown) => array === undefined || array === null);
  if (hole >= 0)
    throw new TypeError(`weights.arrays[${hole}] is missing: a Weights value holds a FlatArray at every index`);
  return arrays as FlatArrayInput[];
}

/** What the value given as weights likely was: a model row (its `weights` are), or tensors (`model.getWeights()`). */
function notWeightsHint(value: unknown): string {
  if (typeof value === "object" && value !== null && "weights" in value)
    return ": a model row holds its Weights in its `weights` field, so pass row.weights";
  if (Array.isArray(value))
    return ": an array is none (model.getWeights() gives tensors); fetchWeights(model) gives a model's Weights, new Weights([new FlatArray(vec, size), ...]) one of arrays";
  return "";
}

/** Row-major shape: Julia's `size` reversed (validated later, with the values). */
function shapeOf(array: FlatArrayInput): number[] | null {
  return Array.isArray(array.size) ? [...array.size].reverse() : null;
}

/** The element type of a FlatArray's values; otherwise what the value is, for the message. */
function dtypeOf(vec: unknown): string {
  const elementType = elementTypeOf(vec);
  if (elementType !== null) return elementType;
  return (vec as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof vec;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dimension, axis) => dimension === b[axis]);
}

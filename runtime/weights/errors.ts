/**
 * The errors of Weights values: an element type legolas-ts does not take, a vec whose memory is
 * gone, weights in the other layout than the call expects, a value LegolasFlux.jl cannot read.
 */
import { LegolasError } from "../errors.js";
import type { WeightsLayout } from "../weights-shape.js";

/**
 * A Weights value, column or file whose element type legolas-ts does not take: an integer or
 * other non-float Arrow type on read, or arrays of different float types in one Weights value or
 * one column on write (Arrow, like LegolasFlux's `Weights{T}`, has one element type per column).
 */
export class WeightsElementTypeError extends LegolasError {
  override readonly name = "WeightsElementTypeError";
  readonly code = "weights_element_type";
  constructor(
    /** What was found: an Arrow type (`Int32`) or the element types that were mixed. */
    readonly found: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * A `vec` whose memory is gone: its buffer was transferred or detached. With `loadWeights(...,
 * { copy: false })` (and `loadModelRow`'s default) the model's variables are those very `vec`s,
 * and with `fetchWeights(model, { copy: false })` the `vec`s are the variables' memory, so
 * detaching their buffer breaks the model too (it then predicts NaN); fetching from such a model
 * is this error with `layerName` and `variableName` set, naming the variable whose values are gone.
 */
export class DetachedWeightsError extends LegolasError {
  override readonly name = "DetachedWeightsError";
  readonly code = "weights_detached";
  constructor(
    /** Position of the array, in `fetchWeights` order. */
    readonly index: number,
    /** The model's layer and variable whose memory was detached; `null` for a `vec` passed in. */
    readonly layerName: string | null = null,
    readonly variableName: string | null = null,
  ) {
    super(
      layerName === null
        ? `weights.arrays[${index}].vec has a detached buffer (it was transferred, e.g. by postMessage or ` +
            `structuredClone with transfer), so its values are gone. Read the weights again, or transfer a copy ` +
            `(vec.slice()) instead of the buffer the row views.`
        : `cannot fetch weights: weights[${index}] (layer "${layerName}", variable "${variableName}") has no values ` +
            `any more. The model shared that memory with a Weights value (fetchWeights or loadWeights with ` +
            `{ copy: false }, or the row loadModelRow returns) whose buffer was then transferred (postMessage, ` +
            `structuredClone with transfer), so the model lost those values and predicts NaN. Load weights into it ` +
            `again (loadWeights, loadModelRow) or build it again; to send shared weights away, transfer a copy (vec.slice()).`,
    );
  }
}

/**
 * Weights in another layout than the call needs: loading Flux's arrays into a tfjs model as they
 * are, converting tfjs's as if they were Flux's, or one table holding both. Either would give a
 * model that loads without complaint and predicts nonsense (a BatchNorm's β and γ swapped, kernels
 * read along the wrong axes), so nothing was loaded, converted or written; the message names the
 * call that fits.
 */
export class WeightsLayoutError extends LegolasError {
  override readonly name = "WeightsLayoutError";
  readonly code = "weights_layout";

  constructor(
    /** The layout the weights are in (`null` when they do not say). */
    readonly layout: WeightsLayout | null,
    /** The layout the call needs (`null` when it needs one layout, whichever). */
    readonly expected: WeightsLayout | null,
    /** Where the weights came from or go to (a file, a URL, a row), or `null` for a value passed in. */
    readonly source: string | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A Weights value that LegolasFlux.jl cannot read back: one with no arrays, or whose first array
 * holds no values. Julia builds a Weights value read from Arrow with `Weights(v::AbstractVector{<:FlatArray})`
 * (LegolasFlux.jl, src/LegolasFlux.jl), which takes the element type from the first value of
 * the first array, `typeof(first(first(v).vec))`: on either value that throws a BoundsError, so
 * `read_model_row` and any read of the row fail, whatever the other arrays hold. No other form
 * carries the same values (a missing value is no empty one, and the arrays' order is the model's),
 * so nothing was written.
 */
export class JuliaUnreadableWeightsError extends LegolasError {
  override readonly name = "JuliaUnreadableWeightsError";
  readonly code = "weights_julia_unreadable";
  constructor(
    /** The schema version written. */
    readonly identifier: string,
    /** The row's index in the table. */
    readonly row: number,
    /** Where the value is in the row: its column, or a place inside one (`runs[1].weights`). */
    readonly path: string,
    readonly problem: "no_arrays" | "empty_first_array",
    /** The first array's `size` (Julia's order), for `empty_first_array`. */
    readonly firstSize: readonly number[] = [],
  ) {
    const { what, why, fix } = unreadableWeightsWords(problem, firstSize);
    super(`row ${row}, ${path} of ${identifier}: ${what}, which ${why}. Nothing was written; ${fix}`);
  }
}

/**
 * What a Weights value with `problem` is, why LegolasFlux.jl cannot read it and what to write
 * instead: the words of a writer's refusal and of a read's report of it (arrow/julia-unreadable-rows.ts).
 */
export function unreadableWeightsWords(
  problem: JuliaUnreadableWeightsError["problem"],
  firstSize: readonly number[],
): { what: string; why: string; fix: string } {
  const what =
    problem === "no_arrays"
      ? "a Weights value with no arrays"
      : `a Weights value whose first array (size [${firstSize.join(", ")}]) holds no values`;
  const why =
    "LegolasFlux.jl cannot read: its Weights(v) takes the element type from the first value of the first array " +
    "(typeof(first(first(v).vec))), so reading the row in Julia throws a BoundsError" +
    (problem === "empty_first_array" ? ", whatever the later arrays hold" : "");
  const fix =
    problem === "no_arrays"
      ? "for a model without weights, write a missing value (null) instead"
      : "a variable of no values (a layer of 0 units, say) has nothing to store: take it out of the model, " +
        "or write a missing value (null) instead";
  return { what, why, fix };
}

/**
 * Whose order and layout a model's arrays are in. The same numbers mean different things to the
 * two frameworks (a BatchNorm holds β, γ, μ, σ² in Flux and gamma first in tfjs; a conv kernel's
 * axes differ), so a `Weights` value says which it holds when that is known:
 *
 *  - `"tfjs"`: what `fetchWeights` gives and `loadWeights` takes (tfjs's variables, in the order of
 *    `modelVariables`); also what `fluxToTfjs` gives.
 *  - `"flux"`: what LegolasFlux.jl's `fetch_weights` stores and `load_weights!` takes (Flux's
 *    arrays in `Functors.fcollect` order); also what `tfjsToFlux` gives.
 *
 * A table records it in its metadata (`legolas_ts_weights_layout`, arrow/weights-layout.ts); a
 * table without that key was written by LegolasFlux.jl, and its weights are Flux's.
 */
import { LegolasError } from "../errors.js";
import type { WeightsLayout } from "./weights-shape.js";

// The rule lives with the other shape rules, which violation messages use without an import circle.
export { isWeightsLayout, type WeightsLayout } from "./weights-shape.js";

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

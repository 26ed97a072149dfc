/**
 * LegolasFlux's `loadweights!`: put a `Weights` value's numbers into a model, by position.
 *
 * All or nothing. tfjs's own `setWeights` checks shapes but not dtypes before writing, and
 * `model.loadWeights` checks while it writes, so either can fail halfway and leave a model that
 * is half old, half new. Here every array is checked first (`findWeightsMismatch`), then every tensor
 * is made, and only then is anything assigned; a refusal leaves the model bit for bit as it was.
 *
 * Copy or share. `tf.tensor(float32Array)` keeps a reference to the array, so a model loaded
 * without a copy shares memory with the `Weights`: writing into a `vec` afterwards would change
 * the model's predictions, and the model would keep alive whatever buffer the `vec` views (a
 * whole Arrow file, say). So by default the model gets its own copy (its cost is in BENCHMARKS.md);
 * `{ copy: false }` skips it for callers who own the buffer and will not touch it.
 *
 * Element types. tfjs computes in float32. Float64 weights (Flux after `f64(model)`) and integer
 * weights (a `Weights{Int8}`) are rounded to float32 on the way in, to nearest with ties to even,
 * exactly what Julia's `Float32.(w)` gives (and what LegolasFlux's `load_weights!` does when it
 * copies them into Float32 arrays): integers of up to 24 bits arrive exact. Float16 weights widen
 * exactly. Either way the model gets new arrays, so `copy` does not matter for them, and the
 * `Weights` keeps its own element type. See `float32ValuesOf`.
 */
import * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "@tensorflow/tfjs";
import { float32ValuesOf, type WeightsInput } from "../weights/weights.js";
import { WeightsMismatchError } from "./errors.js";
import { liveModelVariables } from "./model-variables.js";
import { checkOptions } from "../arrow/options.js";
import { assertTfjsLayout, findWeightsMismatch } from "./weights-fit.js";

export interface LoadWeightsOptions {
  /**
   * `true` (the default): the model gets its own copy of every value. `false`: the model's
   * variables ARE the `vec`s (float32 ones) until training replaces them. The rule that comes
   * with it: while the model is in use, do not write into those `vec`s, and do not transfer or
   * detach the buffer they view (`postMessage(x, [vec.buffer])`): the model would predict from
   * the changed values, or NaN from a detached buffer, with no error. For a row read from a
   * file, that buffer is the whole file's bytes, kept alive by the model.
   */
  readonly copy?: boolean | undefined;
}

/**
 * Assigns `weights` to `model`'s variables in `fetchWeights` order, trainable or not. Layer and
 * variable names play no part, so weights fetched from one build load into any other build of
 * the same architecture. Accepts a `Weights` instance or a structured clone of one.
 *
 * @throws WeightsLayoutError when the weights say they are in Flux's layout (`fluxToTfjs` converts them).
 * @throws DisposedModelError when the model (one of its variables) was disposed; nothing is loaded.
 * @throws WeightsMismatchError when the count, a shape or a dtype differs; the model is unchanged.
 * @throws DetachedWeightsError when a `vec`'s buffer was transferred; the model is unchanged.
 * @throws InvalidOptionError when `copy` is neither `true` nor `false`; nothing is loaded.
 * @throws TypeError when `weights` is not a Weights value at all (its `layout` one no Weights has included).
 */
export function loadWeights(model: LayersModel, weights: WeightsInput, options: LoadWeightsOptions = {}): void {
  loadCheckedWeights(model, weights, checkOptions(options, "loadWeights").copy ?? true);
}

/** {@link loadWeights}, for the loaders that have checked its options: `copy` as they resolved it. */
export function loadCheckedWeights(model: LayersModel, weights: WeightsInput, copy: boolean): void {
  assertTfjsLayout(weights);
  const targets = liveModelVariables(model, "load").map(({ value }) => value);
  const mismatch = findWeightsMismatch(model, weights);
  if (mismatch !== null) throw new WeightsMismatchError(mismatch);

  tf.tidy(() => {
    const values = weights.arrays.map((array, index) => {
      const float32 = float32ValuesOf(array.vec);
      const own = copy && float32 === array.vec ? float32.slice() : float32;
      return tf.tensor(own, targets[index]!.shape, "float32");
    });
    // Assign on the core variable rather than `LayerVariable.write`, which would re-apply the
    // layer's constraint (e.g. maxNorm) and so could change the very values being restored.
    // `tidy` disposes the temporary tensors; the variables keep their data alive.
    targets.forEach((target, index) => target.assign(values[index]!));
  });
}

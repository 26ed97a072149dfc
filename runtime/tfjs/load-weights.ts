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
 * whole Arrow file, say). So by default the model gets its own copy (about 30 ms per 10M
 * parameters); `{ copy: false }` skips it for callers who own the buffer and will not touch it.
 */
import * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "@tensorflow/tfjs";
import type { WeightsInput } from "../weights/weights.js";
import { WeightsMismatchError } from "./errors.js";
import { modelVariables } from "./model-variables.js";
import { findWeightsMismatch } from "./weights-fit.js";

export interface LoadWeightsOptions {
  /**
   * `true` (the default): the model gets its own copy of every value. `false`: the model's
   * variables view the `vec`s' memory until training replaces them; do not write into those
   * `vec`s while the model uses them.
   */
  readonly copy?: boolean;
}

/**
 * Assigns `weights` to `model`'s variables in `fetchWeights` order, trainable or not. Layer and
 * variable names play no part, so weights fetched from one build load into any other build of
 * the same architecture. Accepts a `Weights` instance or a structured clone of one.
 *
 * @throws WeightsMismatchError when the count, a shape or a dtype differs; the model is unchanged.
 * @throws TypeError when `weights` is not a Weights value at all.
 */
export function loadWeights(model: LayersModel, weights: WeightsInput, options: LoadWeightsOptions = {}): void {
  const mismatch = findWeightsMismatch(model, weights);
  if (mismatch !== null) throw new WeightsMismatchError(mismatch);

  const copy = options.copy ?? true;
  // `read()` also refuses a disposed variable, so that failure too comes before any change.
  const targets = modelVariables(model).map(({ variable }) => variable.read() as tf.Variable);
  tf.tidy(() => {
    const values = weights.arrays.map((array, index) =>
      tf.tensor(copy ? array.vec.slice() : array.vec, targets[index]!.shape, "float32"),
    );
    // Assign on the core variable rather than `LayerVariable.write`, which would re-apply the
    // layer's constraint (e.g. maxNorm) and so could change the very values being restored.
    // `tidy` disposes the temporary tensors; the variables keep their data alive.
    targets.forEach((target, index) => target.assign(values[index]!));
  });
}

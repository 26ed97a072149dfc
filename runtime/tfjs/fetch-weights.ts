/**
 * LegolasFlux's `fetchweights`: a model's current values as a `Weights` value.
 *
 * By default the result is a copy, in one buffer: on the CPU backend `dataSync()` hands back the
 * tensor's own backing array, so without a copy the `Weights` share memory with the live model,
 * and writing into a `vec` would change its predictions. To save a model right away, `{ copy:
 * false }` skips that copy: each `vec` is the tensor's data as the backend hands it over, and
 * `writeModelRow` writes the arrays one after the other without joining them (gather writes,
 * arrow/ipc/gathered-values.ts), so a save touches the weights' memory once, when the file is written.
 * Training does not write into those arrays (tfjs replaces a variable's data when it assigns),
 * so they keep the values of the moment of the call; only writing into them yourself changes the model.
 */
import type { LayersModel } from "@tensorflow/tfjs";
import { FlatArray, isDetached, Weights } from "../weights/weights.js";
import { DetachedWeightsError } from "../weights/errors.js";
import { checkOptions } from "../arrow/options.js";
import { UnsupportedWeightDtypeError } from "./errors.js";
import { liveModelVariables } from "./model-variables.js";

export interface FetchWeightsOptions {
  /**
   * `true` (default): the values are copied into one buffer the `Weights` own. `false`: each
   * array is the tensor's data itself (on the CPU backend), for writing it right away without a copy:
   * do not write into it or transfer its buffer (`postMessage(x, [vec.buffer])`), which would change
   * or empty the model's own values.
   */
  readonly copy?: boolean | undefined;
}

/**
 * Every variable of `model`, trainable or not (BatchNormalization's moving statistics included),
 * layer by layer in model order, each shared variable once. See `modelVariables` for the order.
 *
 * @throws UnsupportedWeightDtypeError when a variable is not float32; nothing is returned then.
 * @throws DisposedModelError when the model (one of its variables) was disposed.
 * @throws DetachedWeightsError when a variable's memory, shared with a `Weights` value (`copy: false`),
 * was transferred away with that value's buffer; nothing is returned then.
 * @throws InvalidOptionError when `copy` is neither `true` nor `false`.
 */
export function fetchWeights(model: LayersModel, options: FetchWeightsOptions = {}): Weights<Float32Array> {
  checkOptions(options, "fetchWeights");
  const variables = liveModelVariables(model, "fetch");
  // Check every dtype before reading any data, so a refusal costs nothing.
  for (const { index, layerName, variable } of variables) {
    if (variable.dtype !== "float32") {
      throw new UnsupportedWeightDtypeError(index, layerName, variable.name, variable.dtype);
    }
  }
  const data = variables.map(({ index, layerName, variable, value }) => {
    const values = value.dataSync() as Float32Array;
    // The memory a Weights value shared with the model (copy: false either way) and then transferred away.
    if (isDetached(values)) throw new DetachedWeightsError(index, layerName, variable.name);
    return values;
  });
  if (options.copy === false)
    return new Weights(
      variables.map(({ variable }, k) => FlatArray.fromShape(data[k]!, variable.shape as number[])),
      { layout: "tfjs" },
    );
  // One copy into ONE buffer, each FlatArray a view of its part: the arrays are then contiguous,
  // so writing them to a model row reuses this buffer as the Arrow column.
  const all = new Float32Array(data.reduce((sum, values) => sum + values.length, 0));
  let at = 0;
  return new Weights(
    variables.map(({ variable }, k) => {
      const values = all.subarray(at, at + data[k]!.length);
      values.set(data[k]!);
      at += values.length;
      return FlatArray.fromShape(values, variable.shape as number[]);
    }),
    { layout: "tfjs" },
  );
}

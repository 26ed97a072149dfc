/**
 * LegolasFlux's `fetchweights`: a model's current values as a `Weights` value.
 *
 * The result is a copy, in one buffer. On the CPU backend `dataSync()` hands back the tensor's own backing
 * array, so without a copy the `Weights` would share memory with the live model: writing into a
 * `vec` would change the model's predictions, and the `Weights` would not be the snapshot its
 * name promises. The copy is small beside writing the same bytes to a file
 * (BENCHMARKS.md, "Figures behind choices in the code").
 */
import type { LayersModel } from "@tensorflow/tfjs";
import { FlatArray, Weights } from "../weights/weights.js";
import { UnsupportedWeightDtypeError } from "./errors.js";
import { modelVariables } from "./model-variables.js";

/**
 * Every variable of `model`, trainable or not (BatchNormalization's moving statistics included),
 * layer by layer in model order, each shared variable once. See `modelVariables` for the order.
 *
 * @throws UnsupportedWeightDtypeError when a variable is not float32; nothing is returned then.
 */
export function fetchWeights(model: LayersModel): Weights<Float32Array> {
  const variables = modelVariables(model);
  // Check every dtype before reading any data, so a refusal costs nothing.
  for (const { index, layerName, variable } of variables) {
    if (variable.dtype !== "float32") {
      throw new UnsupportedWeightDtypeError(index, layerName, variable.name, variable.dtype);
    }
  }
  // One copy (see the module comment for why a view would be unsafe) into ONE buffer, each
  // FlatArray a view of its part: the arrays are then contiguous, so writing them to a model row
  // reuses this buffer as the Arrow column instead of concatenating them (a second copy).
  const data = variables.map(({ variable }) => variable.read().dataSync() as Float32Array);
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

/**
 * The one place that decides which variables make up a model's weights, and in what order.
 * `fetchWeights` and `loadWeights` both walk this list, so whatever order it picks, a round trip
 * puts every value back where it came from.
 *
 * Why not `model.getWeights()` or `model.weights`: they list trainable variables first, so
 * freezing a layer moves its variables towards the end, and a file written before freezing would
 * no longer load after it. Why not variable names: tfjs numbers automatic names per process
 * (`dense_Dense1`, then `dense_Dense2` for the next build), so a freshly built model never has the
 * names a saved one had. What stays the same between two builds of one architecture is the
 * structure, so the order comes from the structure only:
 *
 *  - layers in `model.layers` order, descending into nested models where they sit;
 *  - within a layer, variables in the order the layer created them;
 *  - each variable once, however often its layer is applied or listed.
 */
import type { LayersModel, LayerVariable, layers, Variable } from "@tensorflow/tfjs";
import { describeValue } from "../violations.js";
import { DisposedModelError } from "./errors.js";
import { isLayersModel, namedLayers } from "./layers-models.js";

/** One variable of a model, where `fetchWeights` puts it. */
export interface ModelVariable {
  /** Position in the model's `Weights`. */
  readonly index: number;
  /** The owning layer's name; for a layer in a nested model, `outer/inner`. For messages only. */
  readonly layerName: string;
  /** The layer that owns the variable (the innermost one, for a nested model). */
  readonly layer: layers.Layer;
  readonly variable: LayerVariable;
}

/**
 * Every variable of `model`, trainable or not, in the order `fetchWeights` and `loadWeights` use.
 *
 * @throws TypeError when `model` is no LayersModel (a GraphModel, a single layer, `undefined`).
 */
export function modelVariables(model: LayersModel): ModelVariable[] {
  if (!isLayersModel(model)) {
    throw new TypeError(
      `model must be a tfjs LayersModel (tf.sequential, tf.model or tf.loadLayersModel), not ${describeValue(model)}: ` +
        `weights are moved layer by layer, and a GraphModel (tf.loadGraphModel) has no layers; for a single layer, ` +
        `pass the model it is in`,
    );
  }
  const found: ModelVariable[] = [];
  const seen = new Set<LayerVariable>();
  for (const { name, layer } of namedLayers(model)) {
    for (const variable of inCreationOrder(layer.weights)) {
      if (seen.has(variable)) continue;
      seen.add(variable);
      found.push({ index: found.length, layerName: name, layer, variable });
    }
  }
  return found;
}

/** A variable of a model that is not disposed, with its value. */
export interface LiveModelVariable extends ModelVariable {
  /** The variable's value (`variable.read()`): what fetching reads and loading assigns to. */
  readonly value: Variable;
}

/**
 * {@link modelVariables} with their values, once none of them is disposed: what a call that
 * reads or writes the values walks, so that a disposed model is refused before any variable is
 * touched. Each value is read once, and that read is the check.
 *
 * @throws DisposedModelError naming the first disposed variable.
 */
export function liveModelVariables(model: LayersModel, operation: "load" | "fetch"): LiveModelVariable[] {
  return modelVariables(model).map((found) => ({ ...found, value: valueOf(found, operation) }));
}

/** tfjs has no public flag for a disposed variable: `read()` throws exactly when it was disposed. */
function valueOf({ index, layerName, variable }: ModelVariable, operation: "load" | "fetch"): Variable {
  try {
    return variable.read() as Variable;
  } catch {
    throw new DisposedModelError(operation, index, layerName, variable.name);
  }
}

/**
 * `layer.weights` puts the variables whose own `trainable` flag is set first, so switching one
 * variable's flag reorders them. Variable ids are handed out in creation order and never change,
 * and a layer creates its variables in the same order every time it is built.
 */
function inCreationOrder(variables: readonly LayerVariable[]): LayerVariable[] {
  return [...variables].sort((a, b) => a.id - b.id);
}

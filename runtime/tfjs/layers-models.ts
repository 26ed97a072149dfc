/**
 * Recognising tfjs models: the model a call is given, and a model used as a layer of another.
 * Both are tested by shape rather than `instanceof`, so that a model built with another copy of
 * tfjs is still recognised.
 */
import type { LayersModel, layers } from "@tensorflow/tfjs";

/** A tfjs `LayersModel` (`tf.sequential`, `tf.model`, `tf.loadLayersModel`): its weights sit in its layers. */
export function isLayersModel(value: unknown): value is LayersModel {
  const candidate = value as Partial<LayersModel> | null | undefined;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    Array.isArray(candidate.layers) &&
    typeof candidate.toJSON === "function" &&
    typeof candidate.save === "function"
  );
}

/**
 * A model used as a layer of another: a LayersModel, not merely a layer with a `layers` list. A
 * custom layer may keep its sublayers in a field of that name and hold variables of its own
 * beside theirs; walking its `layers` instead of its `weights` would leave those out.
 */
export function isNestedModel(layer: layers.Layer): layer is layers.Layer & { readonly layers: layers.Layer[] } {
  return isLayersModel(layer);
}

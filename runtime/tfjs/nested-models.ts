/** Recognising a model used as a layer of another. */
import type { layers } from "@tensorflow/tfjs";

/**
 * A model used as a layer of another. Tested by shape rather than `instanceof`, so that a model
 * built with another copy of tfjs is still recognised.
 */
export function isNestedModel(layer: layers.Layer): layer is layers.Layer & { readonly layers: layers.Layer[] } {
  return Array.isArray((layer as { layers?: unknown }).layers);
}

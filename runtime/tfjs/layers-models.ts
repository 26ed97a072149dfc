/**
 * Recognising tfjs models: the model a call is given, and a model used as a layer of another.
 * Both are tested by shape rather than `instanceof`, so that a model built with another copy of
 * tfjs is still recognised. And the layers within a model, by the names they have there.
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

/** A layer of a model by the name it has there: `outer/inner` inside a nested model. */
export interface NamedLayer {
  readonly name: string;
  readonly layer: layers.Layer;
}

/**
 * Every layer of `model` that is not itself a model, in `model.layers` order, walking into nested
 * models where they sit. A layer listed in several models (used inside a nested model and outside
 * it) comes once per place, under each of its names.
 */
export function namedLayers(model: LayersModel): NamedLayer[] {
  const found: NamedLayer[] = [];
  const visit = (layer: layers.Layer, path: string): void => {
    if (!isNestedModel(layer)) {
      found.push({ name: `${path}${layer.name}`, layer });
      return;
    }
    for (const inner of layer.layers) visit(inner, `${path}${layer.name}/`);
  };
  for (const layer of model.layers) visit(layer, "");
  return found;
}

/**
 * What the weights cannot say about a Flux model, told per layer: whether a convolution was a
 * `Conv` (a true convolution, its kernel flipped) or a `CrossCor`, and a normalisation layer's
 * `eps`. Per layer, because one Flux model may mix both kinds and several epsilons.
 */
import type { layers } from "@tensorflow/tfjs";
import { FluxConversionError } from "./errors.js";

export interface FluxLayerOptions {
  /** The Flux layer a tfjs convolution stands for: `"Conv"` (the default) or `"CrossCor"`. */
  readonly convolution?: "Conv" | "CrossCor";
  /**
   * The Flux `BatchNorm`'s or `LayerNorm`'s `eps` (default Flux's `1f-5`). The tfjs layer must
   * have the same `epsilon`; the conversion refuses it otherwise.
   */
  readonly epsilon?: number;
}

/** A tfjs layer as the `layers` callback sees it. */
export interface FluxLayerInfo {
  /** Its name; inside a nested model `outer/inner`, as `modelVariables` names it. */
  readonly name: string;
  /** Its tfjs class, e.g. `Conv2D`. */
  readonly className: string;
  readonly layer: layers.Layer;
}

export interface FluxConversionOptions {
  /**
   * Per tfjs layer, what its Flux twin was: a record keyed by layer name (`outer/inner` inside a
   * nested model; name the layers when building, since tfjs numbers automatic names per process),
   * or a function of the layer. A record key that names no layer is refused, so a typo cannot go
   * unnoticed. Layers not named are `Conv`s with Flux's default epsilon.
   */
  readonly layers?:
    | Readonly<Record<string, FluxLayerOptions>>
    | ((layer: FluxLayerInfo) => FluxLayerOptions | undefined);
}

/** The options of each layer, looked up once; `checkAllUsed` refuses keys that named no layer. */
export class LayerOptions {
  private readonly used = new Set<string>();

  constructor(private readonly options: FluxConversionOptions) {}

  of(info: FluxLayerInfo): FluxLayerOptions {
    const layers = this.options.layers;
    if (layers === undefined) return {};
    if (typeof layers === "function") return layers(info) ?? {};
    if (!Object.hasOwn(layers, info.name)) return {};
    this.used.add(info.name);
    return layers[info.name]!;
  }

  checkAllUsed(names: readonly string[]): void {
    const layers = this.options.layers;
    if (layers === undefined || typeof layers === "function") return;
    const unused = Object.keys(layers).filter((name) => !this.used.has(name));
    if (unused.length > 0) {
      throw new FluxConversionError(
        "options",
        null,
        `options.layers names ${unused.map((name) => `"${name}"`).join(", ")}, but the model has no such layer; ` +
          `its layers are ${names.map((name) => `"${name}"`).join(", ")}`,
      );
    }
  }
}

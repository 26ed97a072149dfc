/**
 * Flux's `LayerNorm` as a tfjs layer. tfjs's own `layerNormalization` divides by
 * `sqrt(variance + epsilon)`; Flux v0.13's `LayerNorm(n)` applies `normalise` over its first
 * dimension, which divides by the standard deviation plus `eps` (src/layers/stateless.jl:
 * `(x .- μ) ./ (σ .+ ϵ)`, σ uncorrected), then its `Scale` (`scale .* x .+ bias`). No epsilon
 * makes the two agree for every input, so the conversion maps Flux's `LayerNorm` to this layer
 * only, which computes Flux's formula over the last axis (Flux's first dimension) with the same
 * two arrays, `gamma` (Flux's `diag.scale`) and `beta` (`diag.bias`).
 *
 * Registered with tfjs's serialization under the class name `FluxLayerNorm`, so a model that uses
 * it saves and loads like any other.
 */
import * as tf from "@tensorflow/tfjs";
import { FluxConversionError } from "./flux/errors.js";

export interface FluxLayerNormArgs {
  /** Flux's `eps` (default `1f-5`, Flux's). */
  readonly epsilon?: number;
  /** Flux's `affine` (default `true`): with a `gamma` and a `beta`, else none. */
  readonly affine?: boolean;
  readonly name?: string;
  readonly inputShape?: number[];
  readonly trainable?: boolean;
}

export class FluxLayerNorm extends tf.layers.Layer {
  static readonly className = "FluxLayerNorm";
  readonly epsilon: number;
  readonly affine: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: FluxLayerNormArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-5;
    this.affine = args.affine ?? true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1];
    if (this.affine) {
      if (features == null)
        throw new FluxConversionError(
          "layout",
          this.name,
          `fluxLayerNorm's input shape [${shape.map(String).join(", ")}] has no size on its last axis, which gamma and beta ` +
            "need: give the model an input whose last axis is a number (e.g. inputShape: [2, 4]), or build the layer " +
            "with affine: false (no gamma and beta, as Flux's LayerNorm(n; affine = false))",
        );
      this.gamma = this.addWeight("gamma", [features], "float32", tf.initializers.ones());
      this.beta = this.addWeight("beta", [features], "float32", tf.initializers.zeros());
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const centred = x.sub(x.mean(-1, true));
      const deviation = centred.square().mean(-1, true).sqrt();
      const normalised = centred.div(deviation.add(this.epsilon));
      if (this.gamma === null || this.beta === null) return normalised;
      return normalised.mul(this.gamma.read()).add(this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon, affine: this.affine };
  }
}

tf.serialization.registerClass(FluxLayerNorm);

/** A {@link FluxLayerNorm}: Flux's `LayerNorm(n; eps, affine)` over the last axis. */
export function fluxLayerNorm(args: FluxLayerNormArgs = {}): FluxLayerNorm {
  return new FluxLayerNorm(args);
}

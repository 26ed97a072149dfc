/** The one error of the Flux conversion: it names the tfjs layer and says why, and what to do. */
import { LegolasError } from "../../errors.js";

/**
 * Why a conversion was refused:
 *  - `unsupported-layer`: a tfjs layer with no exact Flux counterpart (recurrent layers, tfjs's
 *    own layerNormalization, a grouped convolution tfjs cannot compute, an unknown layer), or a
 *    Flux layer with no tfjs one (a BatchNorm built with track_stats=false, untracked-statistics.ts);
 *  - `epsilon`: a normalisation layer's epsilon is not the Flux layer's;
 *  - `slope`: a LeakyReLU's alpha is not the Flux leakyrelu's slope;
 *  - `layout`: the layer would act on other axes than its Flux twin (a Dense over an image, a
 *    BatchNorm over the wrong axis, a merge of tensors held in different orders, a Reshape), or
 *    a `fluxLayerNorm` built on an input whose last axis has no size;
 *  - `padding`: tfjs pads differently from Flux (its "same" against Flux's SamePad);
 *  - `order`: the model's graph is not one Flux's Chains and Parallels can hold, so the order in
 *    which Flux stores its arrays cannot be known;
 *  - `options`: an option names a layer the model does not have, or one that takes no such option;
 *  - `count`, `size`: the weights do not hold the arrays the model's Flux twin has.
 */
export type FluxConversionReason =
  | "unsupported-layer"
  | "epsilon"
  | "slope"
  | "layout"
  | "padding"
  | "order"
  | "options"
  | "count"
  | "size";

/** The weights and the tfjs model cannot be converted into each other faithfully; nothing was converted. */
export class FluxConversionError extends LegolasError {
  override readonly name = "FluxConversionError";
  readonly code = "flux_conversion";
  constructor(
    readonly reason: FluxConversionReason,
    /** The tfjs layer (`outer/inner` inside a nested model), or `null` for the model as a whole. */
    readonly layerName: string | null,
    detail: string,
  ) {
    super(layerName === null ? detail : `layer "${layerName}": ${detail}`);
  }
}

/**
 * A layer's activation against its Flux twin's: NNlib's function of the same name (NNlib v0.8,
 * Flux v0.13's: src/activations.jl, src/softmax.jl). Most compute the same function; the softmaxes
 * run over an axis, and two functions share a name only.
 */
import { FluxConversionError } from "./errors.js";
import { checkSoftmax, type LayerApplication } from "./layer-application.js";
import type { Layout } from "./layouts.js";

/** tfjs activations whose NNlib namesake is another function, and why. */
const NAMESAKES = new Map<string, string>([
  [
    "gelu",
    `tfjs's "gelu" is the exact x·Φ(x) (with erf), but NNlib v0.8's gelu (Flux v0.13's) is the tanh approximation ` +
      `0.5x(1 + tanh(√(2/π)(x + 0.044715x³))), which tfjs calls "gelu_new"; build the layer with activation "gelu_new"`,
  ],
  [
    "hardSigmoid",
    `tfjs's "hardSigmoid" is clamp(0.2x + 0.5, 0, 1), but NNlib v0.8's hardσ (Flux v0.13's) is clamp((x + 3)/6, 0, 1), ` +
      `which no tfjs activation computes`,
  ],
]);

/** NNlib v0.8's `leakyrelu_a` (src/activations.jl): the slope of Flux's `leakyrelu`. tfjs's LeakyReLU defaults to 0.3. */
const FLUX_LEAKYRELU_SLOPE = 0.01;

/**
 * A LeakyReLU layer's `alpha` against its Flux twin's slope: NNlib's, or the one the options give
 * for `x -> leakyrelu(x, a)`. Compared as float32, the type Flux computes it in (`oftf(x, a)`).
 */
export function checkLeakyReluSlope(application: LayerApplication): void {
  const wanted = application.options.slope ?? FLUX_LEAKYRELU_SLOPE;
  const alpha = application.config["alpha"] as number;
  if (Math.fround(alpha) === Math.fround(wanted)) return;
  throw new FluxConversionError(
    "slope",
    application.name,
    `LeakyReLU has alpha ${alpha}, but the Flux leakyrelu's slope is ${wanted} (NNlib's default is 0.01, tfjs's 0.3); ` +
      `build the layer with { alpha: ${wanted} }, or, if the Flux model used x -> leakyrelu(x, a), tell the ` +
      `conversion: { layers: { "${application.name}": { slope: a } } }`,
  );
}

/** Checks the `activation` of a layer (a dense's, a convolution's, an activation layer's) whose output is `output`. */
export function checkActivation(application: LayerApplication, output: Layout): void {
  const activation = application.config["activation"];
  if (typeof activation !== "string") return;
  if (activation === "softmax" || activation === "logSoftmax") {
    checkSoftmax(application, output, output.shape.length - 1);
  }
  const namesake = NAMESAKES.get(activation);
  if (namesake !== undefined) {
    throw new FluxConversionError("unsupported-layer", application.name, `activation "${activation}": ${namesake}`);
  }
}

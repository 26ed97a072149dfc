/**
 * The tfjs layers without weights that the conversion follows: they hold no arrays, but they decide
 * where Flux holds the values the next layer with arrays meets (a flatten of an image reorders
 * them, a concatenation joins two orders), and some compute something else than their Flux twin
 * unless the values are where Flux has them (a softmax, an elementwise merge, a pool's padding).
 */
import { checkLeakyReluSlope } from "./activations.js";
import { FluxConversionError } from "./errors.js";
import {
  checkChannelsLast,
  checkSoftmax,
  inputAxis,
  type LayerApplication,
  type LayerRule,
} from "./layer-application.js";
import { concatenated, describeLayout, flattened, image, isImage, natural, sameLayout, sameMemory } from "./layouts.js";
import { slidingWindow } from "./windows.js";

/** Value by value, at inference: `Dropout`, activation functions; the layout stays. */
const elementwise: LayerRule = (application) => ({ outputs: [application.inputs[0]!] });

const leakyRelu: LayerRule = (application) => {
  checkLeakyReluSlope(application);
  return elementwise(application);
};

const softmax: LayerRule = (application) => {
  const input = application.inputs[0]!;
  checkSoftmax(application, input, inputAxis(application, application.config["axis"] ?? -1));
  return { outputs: [input] };
};

/**
 * `Flux.flatten` (`reshape(x, :, size(x)[end])`), column-major, against tfjs's row-major flatten
 * (with `dataFormat: "channelsFirst"`, tfjs moves axis 1 last before it flattens: refused).
 */
const flatten: LayerRule = (application) => {
  checkChannelsLast(application);
  return { outputs: [flattened(application.inputs[0]!, application.name)] };
};

/**
 * A Reshape keeps the memory in both frameworks, so it is Flux's `reshape` (with the sizes
 * reversed) only where Flux holds the values in tfjs's memory order (an image of one channel
 * does). Its output is Flux's array of the sizes reversed (`[H, W, 3]` is `(3, W, H)`), but one
 * of one channel is also the WHCN image in the same memory (`[H, W, 1]` is `reshape(x, W, H, 1,
 * :)`): an image where a BatchNorm, or a convolution or a pool after a concatenation, reads it
 * first (a BatchNorm(1) of the image normalises its one channel, one of `(1, W, H)` its H rows),
 * else the array, which a Dense reads as Flux's `Dense(1 => k)` does.
 */
const reshape: LayerRule = (application) => {
  const input = application.inputs[0]!;
  if (!sameMemory(input, natural(input.shape))) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `a Reshape of ${describeLayout(input)}, whose values Flux holds in another order than tfjs's memory, so no Flux ` +
        `reshape matches it; use tf.layers.flatten (which the conversion follows) or reshape before the image layers`,
    );
  }
  const output = natural(application.outputShapes[0]!);
  const oneChannel = image(output.shape);
  const isOneChannel = output.shape.length >= 2 && sameMemory(output, oneChannel);
  return { outputs: [isOneChannel && application.readFirstAsImage() ? oneChannel : output] };
};

/** An image in, held as Flux holds it, and the layer reading it so (channels last). */
function requireImage(application: LayerApplication): void {
  checkChannelsLast(application);
  const input = application.inputs[0]!;
  if (!isImage(input)) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `${application.className} over ${describeLayout(input)}, which is no image as Flux holds images (WHCN)`,
    );
  }
}

/** Image in, image out, without weights: zero padding (Flux's `pad`), cropping, upsampling. */
const imageToImage: LayerRule = (application) => {
  requireImage(application);
  if (application.className === "UpSampling2D" && application.config["interpolation"] !== "nearest") {
    throw new FluxConversionError(
      "unsupported-layer",
      application.name,
      `upSampling2d with interpolation "${String(application.config["interpolation"])}": only "nearest" is known to be Flux's Upsample(:nearest)`,
    );
  }
  return { outputs: [image(application.outputShapes[0]!)] };
};

const maxPool: LayerRule = (application) => ({ outputs: [slidingWindow(application, "max")] });
const meanPool: LayerRule = (application) => ({ outputs: [slidingWindow(application, "mean")] });

/** `GlobalMeanPool()` / `GlobalMaxPool()` then `Flux.flatten`: tfjs's global pools give the flat channels at once. */
const globalPool: LayerRule = (application) => {
  requireImage(application);
  const output = natural(application.outputShapes[0]!);
  const oneChannel = image(output.shape);
  const isOneChannel = output.shape.length >= 2 && sameMemory(output, oneChannel);
  return { outputs: [isOneChannel && application.readFirstAsImage() ? oneChannel : output] };
};

/** `Parallel(vcat, ...)` for flat vectors, `cat(...; dims)` along the matching dimension otherwise. */
const concatenate: LayerRule = (application) => ({
  outputs: [
    concatenated(application.inputs, inputAxis(application, application.config["axis"] ?? -1), application.name),
  ],
});

/** `Parallel(+, ...)`, `SkipConnection(layers, +)` and the like: value by value, so the values must sit alike. */
const merge: LayerRule = (application) => {
  const [first, ...rest] = application.inputs;
  const other = rest.find((layout) => !sameLayout(layout, first!));
  if (other !== undefined) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `${application.className} joins ${describeLayout(first!)} and ${describeLayout(other)} value by value, but Flux ` +
        `holds their values in different orders, so its twin would join other values`,
    );
  }
  return { outputs: [first!] };
};

const permute: LayerRule = (application) => {
  throw new FluxConversionError(
    "unsupported-layer",
    application.name,
    "a Permute: the conversion does not follow permuted axes (Flux's permutedims); flatten instead, or leave it out",
  );
};

const ELEMENTWISE = [
  "Dropout",
  "SpatialDropout1D",
  "GaussianNoise",
  "GaussianDropout",
  "AlphaDropout",
  "Activation",
  "ReLU",
  "ELU",
  "ThresholdedReLU",
];

export const SHAPE_LAYERS: ReadonlyMap<string, LayerRule> = new Map<string, LayerRule>([
  ...ELEMENTWISE.map((className) => [className, elementwise] as [string, LayerRule]),
  ["LeakyReLU", leakyRelu],
  ["Softmax", softmax],
  ["Flatten", flatten],
  ["Reshape", reshape],
  ["Permute", permute],
  ["ZeroPadding2D", imageToImage],
  ["Cropping2D", imageToImage],
  ["UpSampling2D", imageToImage],
  ["MaxPooling1D", maxPool],
  ["MaxPooling2D", maxPool],
  ["MaxPooling3D", maxPool],
  ["AveragePooling1D", meanPool],
  ["AveragePooling2D", meanPool],
  ["AveragePooling3D", meanPool],
  ["GlobalAveragePooling1D", globalPool],
  ["GlobalAveragePooling2D", globalPool],
  ["GlobalMaxPooling1D", globalPool],
  ["GlobalMaxPooling2D", globalPool],
  ["Concatenate", concatenate],
  ...["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"].map(
    (className) => [className, merge] as [string, LayerRule],
  ),
]);

/**
 * Layers whose output holds its input's values laid out as they were: what a tensor passes
 * through before a layer decides whether it is an image (first-readers.ts). A LeakyReLU is one
 * (its own rule checks its slope only), and so is a BatchNormalization, which normalises the last
 * axis: a 1D image's channels, as Flux's BatchNorm does; over a sequence it is refused anyway. A
 * Concatenate joins its inputs laid out as its output is (Flux's `cat`), so what reads the output
 * first reads them first.
 */
export function keepsLayout(className: string): boolean {
  return (
    ELEMENTWISE.includes(className) ||
    className === "LeakyReLU" ||
    className === "BatchNormalization" ||
    className === "Concatenate"
  );
}

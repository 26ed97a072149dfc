/**
 * Layers that slide a window over an image: convolutions, transposed convolutions and pooling.
 * Flux keeps images WHCN, tfjs NHWC (channels last in both, src/layers/conv.jl: "Image data
 * should be stored in WHCN order"); their padding is checked against Flux's (padding.ts).
 */
import { FluxConversionError } from "./errors.js";
import { checkChannelsLast, perAxis, type LayerApplication } from "./layer-application.js";
import { describeLayout, image, isImage, type Layout } from "./layouts.js";
import {
  checkSamePadding,
  checkTransposedPadding,
  paddingWithoutTwin,
  type Window,
  type WindowKind,
} from "./padding.js";

/** The layer's input, once it is known to be an image held as Flux holds it. */
function imageInput(application: LayerApplication): Layout {
  const input = application.inputs[0]!;
  checkChannelsLast(application);
  if (!isImage(input) || input.fluxIndex !== null) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `${application.className} over ${describeLayout(input)}: Flux convolves and pools images, WHCN arrays whose ` +
        `tfjs twin is [N, H, W, C]; this tensor holds its values in another order`,
    );
  }
  return input;
}

function windowOf(application: LayerApplication, input: Layout): Window {
  const spatial = input.shape.length - 1;
  const { config } = application;
  return {
    layerName: application.name,
    input: input.shape.slice(0, spatial),
    kernel: perAxis(config["kernelSize"] ?? config["poolSize"], spatial, 1),
    // A pooling layer's strides default to its window.
    strides: perAxis(config["strides"] ?? config["poolSize"], spatial, 1),
    dilations: perAxis(config["dilationRate"], spatial, 1),
  };
}

/**
 * The layer's padding when it is one a Flux layer has a twin of, `"valid"` (tfjs's default) or
 * `"same"`. A pool's `"causal"` is `"valid"`: tfjs pools it so, and sizes its output so (pool2d,
 * pool3d and convOutputLength take anything but `"same"` for `"valid"`).
 */
function paddingOf(application: LayerApplication, input: Layout, kind: WindowKind): "valid" | "same" {
  const padding = application.config["padding"] ?? "valid";
  if (padding === "valid" || padding === "same") return padding;
  if (padding === "causal" && kind !== "convolution") return "valid";
  throw paddingWithoutTwin(windowOf(application, input), padding);
}

/** A convolution's or a pool's padding checked against Flux's, and its output: an image again. */
export function slidingWindow(application: LayerApplication, kind: WindowKind): Layout {
  const input = imageInput(application);
  if (paddingOf(application, input, kind) === "same") checkSamePadding(windowOf(application, input), kind);
  return image(application.outputShapes[0]!);
}

export function transposedWindow(application: LayerApplication): Layout {
  const input = imageInput(application);
  checkTransposedPadding(windowOf(application, input), paddingOf(application, input, "convolution"));
  return image(application.outputShapes[0]!);
}

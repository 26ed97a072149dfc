/**
 * What a layer rule sees of one application of a tfjs layer, and what it says back: the layouts
 * of the layer's outputs (tfjs computes their shapes, the rule says where Flux holds the values)
 * and, for a layer with weights, its variables in Flux's field order with how each one moves.
 */
import type { layers } from "@tensorflow/tfjs";
import { FluxConversionError } from "./errors.js";
import { describeLayout, type Layout } from "./layouts.js";
import type { FluxLayerOptions } from "./options.js";
import type { Transform } from "./transforms.js";

export interface LayerApplication {
  readonly layer: layers.Layer;
  /** The layer's name, `outer/inner` inside a nested model. */
  readonly name: string;
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly inputs: readonly Layout[];
  /** tfjs's output shapes, without the batch axis. */
  readonly outputShapes: readonly (readonly (number | null)[])[];
  readonly options: FluxLayerOptions;
  /**
   * Whether a layer that reads an image's axes (a BatchNorm, a convolution or a pool after a
   * concatenation) reads the layer's (first) output first, through layers that keep its layout
   * (first-readers.ts): asked by a Reshape, whose output of one channel Flux's `reshape` may give
   * as an image or not.
   */
  readonly readFirstAsImage: () => boolean;
}

/** A layer variable by its tfjs role (`kernel`, `gamma`, ...), with how it moves. */
export interface RoleTransform {
  readonly role: string;
  readonly transform: Transform;
}

export interface LayerOutcome {
  readonly outputs: readonly Layout[];
  /**
   * The layer's variables in the order of its Flux struct's fields, each with how it moves;
   * roles the layer does not have (a bias it was built without) are skipped.
   */
  readonly variables?: readonly RoleTransform[];
}

export type LayerRule = (application: LayerApplication) => LayerOutcome;

/** A positive axis of the layer's input without the batch, from a tfjs axis that counts it (`-1` the last). */
export function inputAxis(application: LayerApplication, axis: unknown): number {
  const rank = application.inputs[0]!.shape.length + 1;
  const value = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < -rank ||
    value >= rank ||
    (value + rank) % rank === 0
  ) {
    throw new FluxConversionError(
      "layout",
      application.name,
      `${application.className} over axis ${JSON.stringify(axis)} of a tensor of rank ${rank}: the conversion follows one axis that is not the batch's`,
    );
  }
  return ((value + rank) % rank) - 1;
}

/**
 * Flux's `softmax` runs over the first dimension (NNlib, `dims=1`); tfjs's over an axis of its
 * own. They agree over a flat vector (a softmax does not care about the order of its values) and
 * where Flux's first dimension is that axis.
 */
export function checkSoftmax(application: LayerApplication, layout: Layout, axis: number): void {
  if (layout.shape.length === 1 || layout.fluxAxes[0] === axis) return;
  throw new FluxConversionError(
    "layout",
    application.name,
    `a softmax over tfjs axis ${axis + 1} of ${describeLayout(layout)}: Flux's softmax runs over the first dimension ` +
      `(dims=1), which is tfjs axis ${layout.fluxAxes[0]! + 1} here; flatten first, or apply it where Flux's first dimension is tfjs's last`,
  );
}

/**
 * A layer's `dataFormat` (convolutions, pools, global pools, padding, cropping, upsampling,
 * flatten): Flux holds an image's channels on its last axis before the batch (WHCN), tfjs's
 * `channelsLast` (NHWC); with `channelsFirst` tfjs reads tfjs axis 1 as the channels, so the layer
 * pools, pads or flattens other values than its Flux twin.
 */
export function checkChannelsLast(application: LayerApplication): void {
  const format = application.config["dataFormat"];
  if (format === undefined || format === "channelsLast") return;
  throw new FluxConversionError(
    "layout",
    application.name,
    `${application.className} with dataFormat "${String(format)}": only channelsLast (NHWC) holds Flux's WHCN images, ` +
      `whose channels are the last axis; build the layer without dataFormat`,
  );
}

/** A per-axis setting of a tfjs config (`3` or `[3, 3]`) as one number per axis. */
export function perAxis(value: unknown, count: number, fallback: number): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return Array.from({ length: count }, () => (typeof value === "number" ? value : fallback));
}

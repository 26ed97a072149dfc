/**
 * Padding, where Flux and tfjs part ways. Flux's `SamePad()` (src/layers/conv.jl `calc_padding`)
 * pads `k_eff - 1` in all, `cld` of it in front and `fld` behind, whatever the stride or the input
 * size. TensorFlow's `"same"` pads `max((ceil(n/s) - 1)s + k_eff - n, 0)`, the smaller half in
 * front: the odd pixel goes the other way, and with a stride the total depends on the input size.
 * Both give `ceil(n/s)` outputs, so the two agree exactly when they pad the same in front.
 * `"valid"` is Flux's `pad=0`; any other Flux padding is a `zeroPadding2d` before a `"valid"` layer.
 *
 * Pooling pads too: NNlib's max pooling skips padded positions as tfjs's does, but its mean
 * pooling divides by the whole window, padding included (src/impl/pooling_direct.jl), where
 * tfjs's averages only the values inside.
 */
import { FluxConversionError } from "./errors.js";

/** A sliding window over a layer's spatial axes, in tfjs's axis order. */
export interface Window {
  readonly layerName: string;
  /** The spatial extents of the layer's input (`null` where unknown). */
  readonly input: readonly (number | null)[];
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
}

/** What a layer computes over its window: a convolution, a max or a mean. */
export type WindowKind = "convolution" | "max" | "mean";

/** Checks a `"same"` layer against Flux's `SamePad()`; `"valid"` needs no check. */
export function checkSamePadding(window: Window, kind: WindowKind): void {
  const flux = window.kernel.map((_, axis) => samePad(effectiveKernel(window, axis)));
  if (kind === "mean" && flux.some(([front, back]) => front + back > 0)) {
    throw new FluxConversionError(
      "padding",
      window.layerName,
      `average pooling with padding "same": NNlib's MeanPool counts the padded zeros in each mean, tfjs's leaves them ` +
        `out. ${zeroPaddingAdvice(flux)}`,
    );
  }
  const tfjs = window.kernel.map((_, axis) => tfjsSameFront(window, axis));
  const differs = tfjs.some((front, axis) => front !== flux[axis]![0]);
  if (!differs) return;
  const unknown = tfjs.indexOf(null);
  const found =
    unknown >= 0
      ? `with stride ${window.strides[unknown]} on an input of unknown size, tfjs's "same" padding is not known before it runs`
      : `tfjs's "same" pads ${describePads(tfjs.map((front, axis) => [front!, totalSame(window, axis)! - front!]))}`;
  throw new FluxConversionError(
    "padding",
    window.layerName,
    `${found}, where Flux's SamePad() pads ${describePads(flux)} (Flux puts an odd pixel in front, tfjs behind, and ` +
      `tfjs's total depends on the stride and the input size). ${kind === "max" ? MAX_POOL_ADVICE : zeroPaddingAdvice(flux)}`,
  );
}

/**
 * The refusal of a padding other than `"valid"` and `"same"`. tfjs's `"causal"` (a 1D
 * convolution's: `k_eff - 1` in front) is Flux's `pad=(k_eff - 1, 0)`, but tfjs 4.22 builds such a
 * layer and throws when it runs (conv1dWithBias: "not implemented yet"), so no model of it can be
 * checked against Flux's.
 */
export function paddingWithoutTwin(window: Window, padding: unknown): FluxConversionError {
  if (padding === "causal") {
    const flux = window.kernel.map((_, axis) => [effectiveKernel(window, axis) - 1, 0] as const);
    return new FluxConversionError(
      "padding",
      window.layerName,
      `padding "causal": tfjs builds this layer but cannot run it (its conv1d throws "not implemented yet"); ` +
        `its Flux twin is a Conv with pad=(${flux.flat().join(", ")}). ${zeroPaddingAdvice(flux)}`,
    );
  }
  return new FluxConversionError(
    "padding",
    window.layerName,
    `padding ${JSON.stringify(String(padding))}: a conversion knows "valid" (Flux's pad=0) and "same" (checked against Flux's SamePad())`,
  );
}

/**
 * Checks a transposed convolution: Flux's `ConvTranspose` gives `(n - 1)s + k_eff - pad` outputs
 * and crops `cld(k_eff - s, 2)` in front for `SamePad()`; tfjs's `"valid"` gives `ns + max(k_eff - s, 0)`,
 * its `"same"` `ns`, cropping `fld(k_eff - s, 2)` in front.
 */
export function checkTransposedPadding(window: Window, padding: string): void {
  window.kernel.forEach((_, axis) => {
    const k = effectiveKernel(window, axis);
    const s = window.strides[axis]!;
    if (padding === "valid" && k < s) {
      throw new FluxConversionError(
        "padding",
        window.layerName,
        `a transposed convolution with a kernel of ${k} and a stride of ${s}: tfjs's "valid" gives ${s} outputs per ` +
          `input, Flux's ConvTranspose (pad=0) one kernel fewer at the end; use a kernel at least as large as the stride`,
      );
    }
    if (padding === "same" && (k < s || (k - s) % 2 !== 0)) {
      throw new FluxConversionError(
        "padding",
        window.layerName,
        `a transposed convolution with a kernel of ${k} and a stride of ${s} and padding "same": tfjs crops ` +
          `${Math.floor(Math.max(k - s, 0) / 2)} in front, Flux's SamePad() ${Math.ceil((k - s) / 2)}; they agree when ` +
          `kernel minus stride is even and not negative`,
      );
    }
  });
}

function effectiveKernel(window: Window, axis: number): number {
  return (window.kernel[axis]! - 1) * window.dilations[axis]! + 1;
}

/** Flux's `SamePad()` on one axis: `k_eff - 1`, the larger half in front. */
function samePad(kEff: number): [number, number] {
  return [Math.ceil((kEff - 1) / 2), Math.floor((kEff - 1) / 2)];
}

function totalSame(window: Window, axis: number): number | null {
  const n = window.input[axis];
  const s = window.strides[axis]!;
  const k = effectiveKernel(window, axis);
  if (s === 1) return k - 1; // (n - 1) + k - n, whatever n is
  if (n == null) return null;
  return Math.max((Math.ceil(n / s) - 1) * s + k - n, 0);
}

function tfjsSameFront(window: Window, axis: number): number | null {
  const total = totalSame(window, axis);
  return total === null ? null : Math.floor(total / 2);
}

/** `(top 1, bottom 0), (left 1, right 1)` for 2D; per axis otherwise. */
function describePads(pads: readonly (readonly [number, number])[]): string {
  if (pads.length === 2) {
    const [[top, bottom], [left, right]] = pads as [[number, number], [number, number]];
    return `(top ${top}, bottom ${bottom}), (left ${left}, right ${right})`;
  }
  return pads.map(([front, back]) => `(${front} in front, ${back} behind)`).join(", ");
}

// Zero padding is not max pooling's: NNlib skips padded positions, a zero would win over negative values.
const MAX_POOL_ADVICE = `tfjs pads max pooling only through "same": give the Flux layer pad=0 and this one padding "valid", or a stride of 1 and an odd window, where the two agree.`;

function zeroPaddingAdvice(flux: readonly (readonly [number, number])[]): string {
  if (flux.length === 2) {
    const padding = JSON.stringify(flux);
    return `Build tf.layers.zeroPadding2d({ padding: ${padding} }) before this layer and give it padding "valid": that is the Flux layer's pad, exactly.`;
  }
  return `tfjs has no zeroPadding layer for ${flux.length}D: pad the input by ${describePads(flux)} and give this layer padding "valid", or change the Flux layer's pad.`;
}

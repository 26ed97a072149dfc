/**
 * Where each value of a tfjs tensor sits in the Flux array that holds the same values. Flux keeps
 * arrays column-major with the batch last, tfjs row-major with the batch first, so an array of
 * Julia size `(d1, ..., dn)` is, value for value and in the same memory, the tfjs tensor of shape
 * `[dn, ..., d1]`: that is the *natural* layout, which Dense layers, sequences and flat vectors
 * keep. Images differ: Flux's `(W, H, C)` is tfjs's `[H, W, C]` (channels last in both), so the
 * same pixels sit in another order. A tensor's layout is therefore a mapping of axes, and for a
 * flat vector (after a `flatten`) a mapping of positions, which the conversion follows through
 * the model's graph to every layer whose arrays depend on it.
 */
import { FluxConversionError } from "./errors.js";

export interface Layout {
  /** The tfjs tensor's shape without the batch axis; `null` where tfjs does not know the extent. */
  readonly shape: readonly (number | null)[];
  /** Flux's array axis by axis, in Julia's order without the batch: the tfjs axis each one is. */
  readonly fluxAxes: readonly number[];
  /**
   * For a flat tensor only: `fluxIndex[t]` is the position in Flux's vector of tfjs's value `t`;
   * `null` when every value sits at the same position in both.
   */
  readonly fluxIndex: Int32Array | null;
}

/** The same memory in both frameworks: Flux's axes are tfjs's reversed. */
export function natural(shape: readonly (number | null)[]): Layout {
  return { shape, fluxAxes: shape.map((_, axis) => shape.length - 1 - axis), fluxIndex: null };
}

/**
 * An image, `[s1, ..., sn, C]` in tfjs (`[H, W, C]`), `(sn, ..., s1, C)` in Flux (`(W, H, C)`):
 * spatial axes reversed, channels last in both (Flux: "Image data should be stored in WHCN order",
 * src/layers/conv.jl; tfjs: `dataFormat: "channelsLast"`).
 */
export function image(shape: readonly (number | null)[]): Layout {
  const spatial = shape.length - 1;
  return {
    shape,
    fluxAxes: [...shape.slice(0, spatial).map((_, axis) => spatial - 1 - axis), spatial],
    fluxIndex: null,
  };
}

/**
 * The layout holds its values where Flux's WHCN image of its shape does. An image of one channel
 * is one in tfjs's memory too (a reshape of a flat vector to [H, W, 1] is Flux's
 * `reshape(x, W, H, 1, :)`).
 */
export function isImage(layout: Layout): boolean {
  return layout.shape.length >= 2 && sameMemory(layout, image(layout.shape));
}

/** Flux's first axis is tfjs's last: what Dense, LayerNorm, softmax and Embedding need. */
export function fluxFirstIsLast(layout: Layout): boolean {
  return layout.fluxAxes[0] === layout.shape.length - 1;
}

export function sameLayout(a: Layout, b: Layout): boolean {
  return (
    a.shape.length === b.shape.length &&
    a.shape.every((extent, axis) => extent === b.shape[axis]) &&
    sameAxes(a.fluxAxes, b.fluxAxes) &&
    samePositions(a.fluxIndex, b.fluxIndex)
  );
}

/**
 * Both layouts put each of tfjs's values at the same offset in Flux's array: their axes in the
 * same order once the axes of extent 1 are left out, since a step along those moves nothing.
 * Only a layer that reads the values by their place may take one for the other (a convolution
 * reads an image's, a Reshape tfjs's memory); a Dense or a BatchNorm reads Flux's axes.
 */
export function sameMemory(a: Layout, b: Layout): boolean {
  const extended = (layout: Layout) => layout.fluxAxes.filter((axis) => layout.shape[axis] !== 1);
  return sameLayout({ ...a, fluxAxes: extended(a) }, { ...b, fluxAxes: extended(b) });
}

function sameAxes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((axis, k) => axis === b[k]);
}

/** Positions are `null` for the identity, never an identity array (see `identityOf`). */
export function samePositions(a: Int32Array | null, b: Int32Array | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let t = 0; t < a.length; t++) if (a[t] !== b[t]) return false;
  return true;
}

/** `null` when `positions` is the identity, else `positions`: one form per layout, so layouts compare. */
function identityOf(positions: Int32Array): Int32Array | null {
  for (let t = 0; t < positions.length; t++) if (positions[t] !== t) return positions;
  return null;
}

/**
 * A flatten: Flux's `reshape(x, :, size(x)[end])` reads the array column-major, tfjs's row-major.
 * The flat value `t` of tfjs is the value at the row-major multi-index `t` of the tensor, which
 * Flux puts at the column-major offset of the same value in its own axis order.
 */
export function flattened(layout: Layout, layerName: string): Layout {
  if (layout.shape.length <= 1) return layout;
  const shape = knownShape(layout, layerName, "flatten");
  const length = shape.reduce((product, extent) => product * extent, 1);
  // Column-major strides of Flux's axes, indexed by the tfjs axis each one is.
  const fluxStride = new Array<number>(shape.length);
  let stride = 1;
  for (const axis of layout.fluxAxes) {
    fluxStride[axis] = stride;
    stride *= shape[axis]!;
  }
  const fluxIndex = new Int32Array(length);
  // Row by row of tfjs's last axis (its fastest), along which Flux's offset steps by one stride;
  // between rows the row-major multi-index of the other axes steps, and the offset with it.
  const last = shape.length - 1;
  const [rowLength, rowStride] = [shape[last]!, fluxStride[last]!];
  const index = shape.map(() => 0);
  let start = 0;
  for (let t = 0; t < length; t += rowLength) {
    for (let k = 0, position = start; k < rowLength; k++, position += rowStride) fluxIndex[t + k] = position;
    for (let axis = last - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) {
        start += fluxStride[axis]!;
        break;
      }
      start -= fluxStride[axis]! * (shape[axis]! - 1);
      index[axis] = 0;
    }
  }
  return { shape: [length], fluxAxes: [0], fluxIndex: identityOf(fluxIndex) };
}

/**
 * A concatenation along tfjs axis `axis`: Flux's `cat` along the matching dimension (`vcat` for
 * flat vectors, `dims=3` for the channels of WHCN images). Flat vectors join their positions;
 * other tensors must share one layout.
 */
export function concatenated(layouts: readonly Layout[], axis: number, layerName: string): Layout {
  const first = layouts[0]!;
  if (first.shape.length === 1) {
    const lengths = layouts.map((layout) => knownShape(layout, layerName, "concatenate")[0]!);
    const fluxIndex = new Int32Array(lengths.reduce((a, b) => a + b, 0));
    let offset = 0;
    layouts.forEach((layout, k) => {
      for (let t = 0; t < lengths[k]!; t++) fluxIndex[offset + t] = offset + (layout.fluxIndex?.[t] ?? t);
      offset += lengths[k]!;
    });
    return { shape: [fluxIndex.length], fluxAxes: [0], fluxIndex: identityOf(fluxIndex) };
  }
  if (layouts.some((layout) => !sameAxes(layout.fluxAxes, first.fluxAxes))) {
    throw new FluxConversionError(
      "layout",
      layerName,
      `it concatenates ${layouts.map(describeLayout).join(" and ")}, whose values Flux holds in different orders, so no Flux cat joins them the same way`,
    );
  }
  const shape = [...first.shape];
  shape[axis] = layouts.reduce<number | null>(
    (sum, layout) => (sum === null || layout.shape[axis] == null ? null : sum + layout.shape[axis]!),
    0,
  );
  return { shape, fluxAxes: first.fluxAxes, fluxIndex: null };
}

function knownShape(layout: Layout, layerName: string, what: string): number[] {
  if (layout.shape.some((extent) => extent === null)) {
    throw new FluxConversionError(
      "layout",
      layerName,
      `a ${what} of a tensor of unknown size [${layout.shape.map((extent) => extent ?? "?").join(", ")}]: the positions ` +
        `of its values in Flux cannot be worked out; give the model's input a fixed shape`,
    );
  }
  return layout.shape as number[];
}

/** The layout in words, for messages. */
export function describeLayout(layout: Layout): string {
  const tfjs = `[${layout.shape.map((extent) => extent ?? "?").join(", ")}]`;
  if (layout.fluxIndex !== null)
    return `a flat vector ${tfjs} whose values Flux holds in another order (a flatten of an image)`;
  if (layout.shape.length <= 1) return `a flat vector ${tfjs}`;
  const julia = `(${layout.fluxAxes.map((axis) => layout.shape[axis] ?? "?").join(", ")})`;
  // Its own axes, not another layout's of the same memory: the message names Flux's dimensions.
  if (sameAxes(layout.fluxAxes, image(layout.shape).fluxAxes)) return `an image ${tfjs} (Flux's WHCN ${julia})`;
  return `a tensor ${tfjs} (Julia size ${julia})`;
}

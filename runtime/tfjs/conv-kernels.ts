/**
 * Moving one convolution kernel between Flux and tfjs: an explicit conversion, never applied by
 * `loadWeights` or `fetchWeights`, because nothing in a `Weights` value says which arrays are
 * kernels or which framework wrote them. Whole models go through `fluxToTfjs` / `tfjsToFlux`
 * (flux-layers.ts), which use these per kernel and also handle what differs in other layers:
 * BatchNorm's arrays come in another order (Flux: β, γ, μ, σ²; tfjs: gamma, beta, moving_mean,
 * moving_variance), and a Dense after a Flatten sees its inputs in another order.
 *
 * A row-major tfjs shape `[d1, ..., dn]` has the memory of a Julia array of size `(dn, ..., d1)`,
 * so a Flux `Dense` weight of size `(out, in)` *is* a tfjs Dense kernel `[in, out]`, and each
 * bias or BatchNorm vector is the same array on both sides (only their order differs).
 *
 * Convolution kernels differ in two ways (checked against Flux's `src/layers/conv.jl` and
 * NNlib's `DenseConvDims`):
 *
 *  1. Axis order. Flux stores a kernel as Julia size `(k1, ..., kn, in, out)`, the spatial axes in
 *     the data's order `WHCN`, width first. tfjs wants `[kn, ..., k1, in, out]` row-major (Conv2D:
 *     `[kh, kw, in, out]`), which is Julia size `(out, in, k1, ..., kn)`: channels move from the
 *     slow end to the fast end, so the values must be rearranged, not just relabelled.
 *  2. Direction. Flux's `Conv` computes a true convolution: NNlib flips the kernel along every
 *     spatial axis (`flipkernel = false`, the default). `CrossCor` does not flip, and neither does
 *     tfjs, whose "convolution" is a cross-correlation. A `Conv` kernel is therefore flipped in
 *     every spatial axis on the way over; a `CrossCor` kernel is not.
 *
 * The mapping assumes the same pixels in memory on both sides: an image stored row-major as
 * `[height][width]` in JavaScript is a Julia `(width, height)` array, which is Flux's `WH`.
 * Grouped, depthwise and transposed convolutions have other layouts and are not handled here.
 */
import { checkOptions } from "../arrow/options.js";
import { exactElements, FlatArray, type FlatArrayInput, type FlatArrayVec } from "../weights/weights.js";

/** Which Flux layer the kernel belongs to: `Conv` (flips the kernel) or `CrossCor` (does not). */
export interface FluxConvOptions {
  /**
   * Default `"Conv"`, Flux's ordinary convolution layer. A whole model's conversion calls it
   * `convolution`, per layer; given here, that name is refused (`UnknownOptionError`), as are
   * the whole model's other options (`epsilon`, `slope`, `layers`), which no kernel uses.
   */
  readonly layer?: "Conv" | "CrossCor" | undefined;
}

/**
 * A Flux `Conv`/`CrossCor` weight (Julia size `(k1, ..., kn, in, out)`, n = 1, 2 or 3) as the
 * kernel of the matching tfjs layer (`conv1d`, `conv2d`, `conv3d`). Returns a new FlatArray of the
 * same element type.
 */
export function fluxConvToTfjs<V extends FlatArrayVec>(
  flux: FlatArrayInput<V>,
  options: FluxConvOptions = {},
): FlatArray<V> {
  checkOptions(options, "fluxConvToTfjs");
  checkKernelRank(flux.size, "a Flux weight of Julia size (k1, ..., kn, in, out)");
  const spatial = flux.size.slice(0, -2);
  const [inChannels, outChannels] = flux.size.slice(-2) as [number, number];
  // Where each Flux axis lands in tfjs memory, whose Julia size is (out, in, k1, ..., kn).
  const strides = [...spatialStrides(spatial, inChannels * outChannels), outChannels, 1];
  const flips = [...spatial.map(() => flipsKernel(options)), false, false];
  const vec = rearrange(flux.vec, flux.size, strides, flips);
  return new FlatArray(vec, [outChannels, inChannels, ...spatial]);
}

/** The inverse of `fluxConvToTfjs`: a tfjs conv kernel `[kn, ..., k1, in, out]` as a Flux weight. */
export function tfjsConvToFlux<V extends FlatArrayVec>(
  tfjs: FlatArrayInput<V>,
  options: FluxConvOptions = {},
): FlatArray<V> {
  checkOptions(options, "tfjsConvToFlux");
  checkKernelRank(tfjs.size, "a tfjs kernel of shape [kn, ..., k1, in, out]");
  const [outChannels, inChannels, ...spatial] = tfjs.size as [number, number, ...number[]];
  // Where each tfjs axis (Julia order: out, in, k1, ..., kn) lands in Flux memory.
  const kernelVolume = spatial.reduce((product, extent) => product * extent, 1);
  const strides = [kernelVolume * inChannels, kernelVolume, ...spatialStrides(spatial, 1)];
  const flips = [false, false, ...spatial.map(() => flipsKernel(options))];
  const vec = rearrange(tfjs.vec, tfjs.size, strides, flips);
  return new FlatArray(vec, [...spatial, inChannels, outChannels]);
}

function flipsKernel(options: FluxConvOptions): boolean {
  return (options.layer ?? "Conv") === "Conv";
}

/** A 1D, 2D or 3D convolution kernel has two channel axes and one to three spatial ones. */
function checkKernelRank(size: readonly number[], expected: string): void {
  if (size.length < 3 || size.length > 5) {
    throw new RangeError(
      `expected ${expected} with 1 to 3 spatial axes, but this array has Julia size (${size.join(", ")})`,
    );
  }
}

/** Column-major strides of the spatial axes `k1, ..., kn`, starting from `first`. */
function spatialStrides(spatial: readonly number[], first: number): number[] {
  let stride = first;
  return spatial.map((extent) => {
    const current = stride;
    stride *= extent;
    return current;
  });
}

/**
 * Copies `vec`, a column-major array of size `size`, into a new array in which a step along
 * source axis `a` is a step of `strides[a]`, backwards where `flips[a]`. One pass, in source
 * order, keeping the target offset up to date like an odometer.
 */
function rearrange<V extends FlatArrayVec>(
  vec: V,
  size: readonly number[],
  strides: readonly number[],
  flips: readonly boolean[],
): V {
  // The same element type out as in: a float64 or float16 kernel stays one.
  const out = new (vec.constructor as new (length: number) => V)(vec.length);
  // Moved as bits, never as numbers: reading a float into a number quietens a signalling NaN.
  const words = vec instanceof Float64Array ? 2 : 1;
  const [from, to] = [exactElements(vec), exactElements(out)];
  const steps = strides.map((stride, axis) => (flips[axis] ? -stride : stride));
  const position = size.map(() => 0);
  let offset = size.reduce((start, extent, axis) => start + (flips[axis] ? (extent - 1) * strides[axis]! : 0), 0);
  for (let source = 0; source < vec.length; source++) {
    for (let word = 0; word < words; word++) to[offset * words + word] = from[source * words + word]!;
    for (let axis = 0; axis < size.length; axis++) {
      if (++position[axis]! < size[axis]!) {
        offset += steps[axis]!;
        break;
      }
      offset -= steps[axis]! * (size[axis]! - 1);
      position[axis] = 0;
    }
  }
  return out;
}

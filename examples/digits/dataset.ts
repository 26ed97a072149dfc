/**
 * A handwritten-digit-like data set generated from a seed, so the example needs no download and
 * every run (and every CI machine) trains on exactly the same bytes.
 *
 * Each image is one glyph from ./glyphs.ts drawn with a round pen after a random affine map
 * (scale, aspect, slant, a little rotation), a gentle sine warp that bends straight strokes the
 * way a hand does, and a random shift; then pixel noise. The variation is tuned so that a small
 * conv net needs a few epochs to reach high accuracy: easy enough to train in seconds on a CPU,
 * hard enough that the accuracy changes from epoch to epoch (which the example records per row).
 */
import * as tf from "@tensorflow/tfjs";
import { GLYPHS, type Glyph } from "./glyphs.js";
import { mulberry32, shuffleInPlace, type Rng } from "./random.js";

export { readDigitsCsv, DigitsCsvError, type ReadDigitsCsvOptions } from "./csv.js";

/** Square grey-scale images in one flat buffer, row-major, image after image. */
export interface DigitsData {
  /** `count * size * size` values in [0, 1]; 0 is background, 1 full ink. */
  images: Float32Array;
  /** `count` labels in 0..9. */
  labels: Int32Array;
  /** Side of the square image, in pixels. */
  size: number;
}

export interface MakeDigitsOptions {
  count: number;
  seed: number;
  /** Side of the grid; 16 by default. Below 8 the glyphs become unrecognisable. */
  size?: number;
  /** Standard deviation of the additive pixel noise is drawn from [0, noise]; 0.1 by default. */
  noise?: number;
}

export const DEFAULT_SIZE = 16;

/** Generates `count` labelled images; the same options always give the same bytes. */
export function makeDigits(options: MakeDigitsOptions): DigitsData {
  const { count, seed } = options;
  const size = options.size ?? DEFAULT_SIZE;
  const noise = options.noise ?? 0.1;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(size) || size < 8) throw new RangeError(`size must be an integer >= 8, got ${size}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);

  const rng = mulberry32(seed);
  // Labels round-robin, then shuffled: every class gets count/10 images (within one), so accuracy
  // is not skewed by an unlucky draw, and neighbouring images are not in label order.
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % 10;
  shuffleInPlace(labels, rng);

  const pixels = size * size;
  const images = new Float32Array(count * pixels);
  for (let i = 0; i < count; i++) {
    const label = labels[i]!;
    const variants = GLYPHS[label]!;
    const glyph = variants[rng.int(variants.length)]!;
    drawGlyph(images.subarray(i * pixels, (i + 1) * pixels), size, glyph, rng, noise);
  }
  return { images, labels, size };
}

/** Draws one glyph with random pen and pose into `out` (size*size, zero on entry). */
function drawGlyph(out: Float32Array, size: number, glyph: Glyph, rng: Rng, noise: number): void {
  // Pose. Heights of 55-80% of the grid leave room for the shift; digits are taller than wide.
  const height = size * rng.uniform(0.55, 0.8);
  const width = height * rng.uniform(0.5, 0.8);
  const slant = rng.uniform(-0.3, 0.3);
  const angle = rng.uniform(-0.15, 0.15);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // The warp: a quarter to half a period of a sine across the glyph, a few percent of its size.
  const warpA = rng.uniform(-0.04, 0.04);
  const warpB = rng.uniform(-0.04, 0.04);
  const warpF = rng.uniform(1.5, 3);
  const warpP = rng.uniform(0, 2 * Math.PI);
  // Shift: up to most of the free margin, so a glyph may touch but rarely leave the grid.
  const marginX = Math.max(0, (size - width - height * Math.abs(slant)) / 2);
  const marginY = Math.max(0, (size - height) / 2);
  const cx = size / 2 + rng.uniform(-0.8, 0.8) * marginX;
  const cy = size / 2 + rng.uniform(-0.8, 0.8) * marginY;
  // Pen: a radius of half a pixel is a one-pixel line at 16x16; thicker pens scale with the grid.
  const radius = Math.max(0.5, (size / 16) * rng.uniform(0.45, 1.15));
  const ink = rng.uniform(0.7, 1);

  const place = ([px, py]: readonly [number, number]): [number, number] => {
    let x = px - 0.5;
    let y = py - 0.5;
    x += warpA * Math.sin(warpF * y * Math.PI + warpP);
    y += warpB * Math.sin(warpF * x * Math.PI + warpP);
    x = x * width + slant * -y * height; // positive slant leans the top to the right
    y = y * height;
    return [cx + cos * x - sin * y, cy + sin * x + cos * y];
  };

  for (const stroke of glyph) {
    const points = stroke.map(place);
    if (points.length === 1) points.push(points[0]!);
    for (let k = 0; k + 1 < points.length; k++) stampSegment(out, size, points[k]!, points[k + 1]!, radius, ink);
  }

  const sigma = rng.uniform(0, noise);
  if (sigma > 0) {
    for (let p = 0; p < out.length; p++) out[p] = clamp01(out[p]! + sigma * rng.normal());
  }
}

/**
 * Inks every pixel near the segment a-b. Coverage falls off linearly over one pixel at the pen's
 * edge, which is a cheap anti-aliasing: without it thin strokes alias into jagged, shift-dependent
 * patterns that a small net memorises instead of shapes.
 */
function stampSegment(
  out: Float32Array,
  size: number,
  a: readonly number[],
  b: readonly number[],
  radius: number,
  ink: number,
): void {
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  const reach = radius + 1;
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
  const x1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
  const y1 = Math.min(size - 1, Math.ceil(Math.max(ay, by) + reach));
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      // Distance from the pixel centre to the segment.
      const qx = x + 0.5 - ax;
      const qy = y + 0.5 - ay;
      const t = len2 > 0 ? Math.min(1, Math.max(0, (qx * dx + qy * dy) / len2)) : 0;
      const ex = qx - t * dx;
      const ey = qy - t * dy;
      const coverage = clamp01(radius + 0.5 - Math.sqrt(ex * ex + ey * ey)) * ink;
      const p = y * size + x;
      if (coverage > out[p]!) out[p] = coverage;
    }
  }
}

function clamp01(v: number): number {
  return v < 0 ? 0 : Math.min(v, 1);
}

/** The images at `indices`, in that order. */
export function subsetDigits(data: DigitsData, indices: ArrayLike<number>): DigitsData {
  const pixels = data.size * data.size;
  const images = new Float32Array(indices.length * pixels);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    images.set(data.images.subarray(j * pixels, (j + 1) * pixels), i * pixels);
    labels[i] = data.labels[j]!;
  }
  return { images, labels, size: data.size };
}

/**
 * Splits into train and test after a seeded shuffle. A real CSV is often sorted by label, so
 * taking "the last 20%" without shuffling would test on two or three classes only.
 */
export function splitDigits(
  data: DigitsData,
  testFraction: number,
  seed: number,
): { train: DigitsData; test: DigitsData } {
  if (!(testFraction > 0 && testFraction < 1))
    throw new RangeError(`testFraction must be in (0, 1), got ${testFraction}`);
  const n = data.labels.length;
  const order = shuffleInPlace(
    Int32Array.from({ length: n }, (_, i) => i),
    mulberry32(seed),
  );
  const nTest = Math.max(1, Math.round(n * testFraction));
  return { train: subsetDigits(data, order.subarray(nTest)), test: subsetDigits(data, order.subarray(0, nTest)) };
}

/**
 * Tensors in the layout the model expects: images `[N, size, size, 1]` (NHWC, one channel) and
 * one-hot labels `[N, 10]` for categorical cross-entropy. The caller owns (and disposes) them.
 */
export function toTensors(data: DigitsData): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const n = data.labels.length;
  // tf.tensor keeps a reference to the array it is given; copy so later edits to `data` are inert.
  const xs = tf.tensor4d(data.images.slice(), [n, data.size, data.size, 1], "float32");
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, "int32"), 10).toFloat() as tf.Tensor2D);
  return { xs, ys };
}

/** One image as text (`#` ink, `+` half ink), for eyeballing the generator in a terminal. */
export function asciiDigit(data: DigitsData, index: number): string {
  const { size } = data;
  const rows: string[] = [];
  for (let y = 0; y < size; y++) {
    let row = "";
    for (let x = 0; x < size; x++) {
      const v = data.images[index * size * size + y * size + x]!;
      row += v > 0.6 ? "#" : v > 0.3 ? "+" : ".";
    }
    rows.push(row);
  }
  return rows.join("\n");
}

/**
 * From a drawing to the model's input: a `size x size` grid of ink values in [0, 1] (0 background,
 * 1 full ink), row-major, as examples/digits/dataset.ts renders its glyphs. There a glyph is
 * 55-80% of the grid high, roughly centred, and each pixel holds the pen's coverage of it. So the
 * drawing's ink is cropped to its bounding box, scaled to 68% of the grid's height (at most 85%
 * of its width), centred, and each grid cell takes the ink covering it, by area.
 */

/** The share of the grid's height a drawing is scaled to: the middle of the glyphs' 55-80%. */
export const GLYPH_HEIGHT = 0.68;
const MAX_WIDTH = 0.85;
/** Ink below this is paper (anti-aliasing fringes of the canvas). */
const INK_THRESHOLD = 0.02;

/** Ink per pixel from RGBA pixels of dark strokes on white paper: 1 - luminance, times alpha. */
export function inkOf(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Float32Array {
  const ink = new Float32Array(width * height);
  for (let p = 0; p < ink.length; p++) {
    const r = rgba[4 * p]!;
    const g = rgba[4 * p + 1]!;
    const b = rgba[4 * p + 2]!;
    const a = rgba[4 * p + 3]! / 255;
    const luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    ink[p] = a * (1 - luminance);
  }
  return ink;
}

/**
 * The model input for `ink` (`width x height`, values in [0, 1]), or `null` when nothing is drawn.
 * Each source pixel is a square of side `scale` in grid units; a cell receives the pixel's ink
 * times the area of their overlap, so any scale (shrinking or enlarging) conserves ink.
 */
export function modelInputFromInk(ink: Float32Array, width: number, height: number, size: number): Float32Array | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > INK_THRESHOLD) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const boxWidth = x1 - x0 + 1;
  const boxHeight = y1 - y0 + 1;
  // Never enlarge more than 3x the whole-canvas mapping: a dot should stay a dot.
  const scale = Math.min(
    (GLYPH_HEIGHT * size) / boxHeight,
    (MAX_WIDTH * size) / boxWidth,
    (3 * size) / Math.max(width, height),
  );
  const cx = (x0 + x1 + 1) / 2;
  const cy = (y0 + y1 + 1) / 2;
  const out = new Float32Array(size * size);
  for (let y = y0; y <= y1; y++) {
    const gy0 = (y - cy) * scale + size / 2;
    const gy1 = gy0 + scale;
    for (let x = x0; x <= x1; x++) {
      const value = ink[y * width + x]!;
      if (value <= 0) continue;
      const gx0 = (x - cx) * scale + size / 2;
      const gx1 = gx0 + scale;
      for (let row = Math.max(0, Math.floor(gy0)); row < Math.min(size, Math.ceil(gy1)); row++) {
        const dy = Math.min(gy1, row + 1) - Math.max(gy0, row);
        if (dy <= 0) continue;
        for (let col = Math.max(0, Math.floor(gx0)); col < Math.min(size, Math.ceil(gx1)); col++) {
          const dx = Math.min(gx1, col + 1) - Math.max(gx0, col);
          if (dx > 0) out[row * size + col]! += value * dx * dy;
        }
      }
    }
  }
  for (let p = 0; p < out.length; p++) out[p] = Math.min(1, out[p]!);
  return out;
}

/** Paints a model input (ink 1 = black) into a `size x size` canvas, one pixel per cell. */
export function paintInput(canvas: HTMLCanvasElement, input: Float32Array | null, size: number): void {
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext("2d")!;
  const image = context.createImageData(size, size);
  for (let p = 0; p < size * size; p++) {
    const shade = Math.round(255 * (1 - (input?.[p] ?? 0)));
    image.data.set([shade, shade, shade, 255], 4 * p);
  }
  context.putImageData(image, 0, 0);
}

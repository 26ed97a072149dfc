/**
 * Pen strokes for the digits 0-9, in a unit box (x to the right, y downwards, both in [0, 1]).
 *
 * Each digit has a few variants (an open and a closed 4, a 7 with and without a bar, ...) because
 * people write them differently, and a classifier that only ever sees one shape per class learns
 * the shape's pixels rather than the digit. Curves are polylines fine enough that, once scaled to
 * a 16-pixel grid, the corners are smaller than a pixel.
 */

export type Point = readonly [number, number];
/** A pen-down stroke: consecutive points are joined by straight segments. */
export type Stroke = readonly Point[];
/** One way of writing a digit. */
export type Glyph = readonly Stroke[];

/** An elliptical arc. Angles in degrees; with y downwards, 270 is the top and 90 the bottom. */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, steps = 16): Point[] {
  const points: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const a = ((from + ((to - from) * i) / steps) * Math.PI) / 180;
    points.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return points;
}

/** A quadratic Bezier curve from p0 to p1 pulled towards c. */
function quad(p0: Point, c: Point, p1: Point, steps = 10): Point[] {
  const points: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    points.push([u * u * p0[0] + 2 * u * t * c[0] + t * t * p1[0], u * u * p0[1] + 2 * u * t * c[1] + t * t * p1[1]]);
  }
  return points;
}

export const GLYPHS: readonly (readonly Glyph[])[] = [
  // 0: an oval; a slashed zero would be a different class to a reader, so it stays plain.
  [[arc(0.5, 0.5, 0.42, 0.48, 0, 360, 24)], [arc(0.5, 0.5, 0.34, 0.48, -60, 300, 24)]],
  // 1: a bare stick, with a flag, or with a flag and a foot.
  [
    [
      [
        [0.5, 0],
        [0.5, 1],
      ],
    ],
    [
      [
        [0.22, 0.25],
        [0.55, 0],
        [0.55, 1],
      ],
    ],
    [
      [
        [0.22, 0.25],
        [0.55, 0],
        [0.55, 1],
      ],
      [
        [0.25, 1],
        [0.85, 1],
      ],
    ],
  ],
  // 2: a hook over a diagonal and a base; the second variant has a curly foot.
  [
    [[...arc(0.5, 0.3, 0.4, 0.3, 190, 380), [0.05, 1], [0.95, 1]]],
    [[...arc(0.5, 0.28, 0.38, 0.28, 200, 370), ...quad([0.87, 0.35], [0.55, 0.75], [0.08, 0.98]), [0.95, 0.95]]],
  ],
  // 3: two bowls that meet in the middle; or a flat top with a bowl (the "Z-3").
  [
    [arc(0.48, 0.26, 0.38, 0.25, 200, 450), arc(0.48, 0.73, 0.44, 0.27, 270, 510)],
    [[[0.1, 0], [0.9, 0], [0.45, 0.42], ...arc(0.48, 0.7, 0.44, 0.29, 260, 510)]],
  ],
  // 4: closed (triangle) and open (two strokes).
  [
    [
      [
        [0.7, 1],
        [0.7, 0],
        [0.05, 0.68],
        [0.95, 0.68],
      ],
    ],
    [
      [
        [0.2, 0],
        [0.1, 0.6],
        [0.95, 0.6],
      ],
      [
        [0.7, 0.25],
        [0.7, 1],
      ],
    ],
  ],
  // 5: flag, back and belly.
  [
    [[[0.9, 0], [0.2, 0], [0.15, 0.45], ...arc(0.5, 0.68, 0.42, 0.32, 215, 500)]],
    [
      [[0.15, 0.02], [0.13, 0.45], ...arc(0.5, 0.68, 0.42, 0.32, 215, 500)],
      [
        [0.15, 0.02],
        [0.9, 0],
      ],
    ],
  ],
  // 6: a sweep down into a loop.
  [
    [[...quad([0.78, 0.02], [0.12, 0.15], [0.1, 0.7]), ...arc(0.5, 0.7, 0.4, 0.3, 180, 540)]],
    [[...quad([0.7, 0], [0.25, 0.3], [0.12, 0.72]), ...arc(0.5, 0.72, 0.38, 0.28, 170, 530)]],
  ],
  // 7: plain, crossed, and with a curved stem.
  [
    [
      [
        [0.05, 0],
        [0.95, 0],
        [0.35, 1],
      ],
    ],
    [
      [
        [0.05, 0],
        [0.95, 0],
        [0.35, 1],
      ],
      [
        [0.3, 0.5],
        [0.85, 0.5],
      ],
    ],
    [[[0.05, 0.05], [0.95, 0], ...quad([0.95, 0], [0.5, 0.45], [0.45, 1])]],
  ],
  // 8: two stacked loops; or a figure drawn as one crossing stroke.
  [
    [arc(0.5, 0.25, 0.33, 0.25, 0, 360, 20), arc(0.5, 0.72, 0.42, 0.28, 0, 360, 20)],
    [
      [
        ...arc(0.5, 0.25, 0.34, 0.25, 90, 420),
        ...quad([0.78, 0.38], [0.05, 0.7], [0.5, 1]),
        ...quad([0.5, 1], [0.98, 0.7], [0.5, 0.5]),
      ],
    ],
  ],
  // 9: a loop on a stem, straight or curved.
  [
    [
      arc(0.5, 0.3, 0.4, 0.3, 0, 360, 20),
      [
        [0.9, 0.3],
        [0.85, 1],
      ],
    ],
    [[...arc(0.5, 0.3, 0.4, 0.3, 0, 360, 20), ...quad([0.9, 0.3], [0.9, 0.85], [0.35, 1])]],
  ],
];

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DigitsCsvError, makeDigits, readDigitsCsv, splitDigits, toTensors } from "../../examples/digits/dataset.js";

function bytes(a: Float32Array | Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe("makeDigits", () => {
  it("gives identical bytes for the same seed", () => {
    const a = makeDigits({ count: 200, seed: 42 });
    const b = makeDigits({ count: 200, seed: 42 });
    expect(bytes(a.images).equals(bytes(b.images))).toBe(true);
    expect(bytes(a.labels).equals(bytes(b.labels))).toBe(true);
  });

  it("gives different images and label orders for different seeds", () => {
    const a = makeDigits({ count: 200, seed: 42 });
    const b = makeDigits({ count: 200, seed: 43 });
    expect(bytes(a.images).equals(bytes(b.images))).toBe(false);
    expect(bytes(a.labels).equals(bytes(b.labels))).toBe(false);
  });

  it("has the documented shape, defaulting to 16x16", () => {
    const d = makeDigits({ count: 7, seed: 1 });
    expect(d.size).toBe(16);
    expect(d.images.length).toBe(7 * 16 * 16);
    expect(d.labels.length).toBe(7);
    const e = makeDigits({ count: 3, seed: 1, size: 12 });
    expect(e.images.length).toBe(3 * 12 * 12);
  });

  it("balances the labels to within one per class and shuffles them", () => {
    const d = makeDigits({ count: 1003, seed: 7 });
    const counts = new Array<number>(10).fill(0);
    for (const l of d.labels) counts[l]!++;
    expect(Math.min(...counts)).toBe(100);
    expect(Math.max(...counts)).toBe(101);
    // Not in round-robin order: a classifier must not be able to learn from position.
    const roundRobin = d.labels.every((l, i) => l === i % 10);
    expect(roundRobin).toBe(false);
  });

  it("keeps pixel values in [0, 1], with ink in every image", () => {
    const size = 16;
    const d = makeDigits({ count: 300, seed: 5, size });
    let min = Infinity;
    let max = -Infinity;
    for (const v of d.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    for (let i = 0; i < 300; i++) {
      const image = d.images.subarray(i * size * size, (i + 1) * size * size);
      // Stroke pixels above the noise (sigma <= 0.1): no glyph was drawn off the grid. Thin, faint
      // pens make some strokes mostly grey, so the bar is 0.3 (the fewest seen was 11 pixels).
      expect(image.filter((v) => v > 0.3).length).toBeGreaterThanOrEqual(8);
    }
  });

  it("draws classes that differ on average (the glyphs are not all alike)", () => {
    const size = 16;
    const d = makeDigits({ count: 1000, seed: 9, size, noise: 0 });
    const means = Array.from({ length: 10 }, () => new Float64Array(size * size));
    for (let i = 0; i < 1000; i++) {
      const m = means[d.labels[i]!]!;
      for (let p = 0; p < size * size; p++) m[p]! += d.images[i * size * size + p]! / 100;
    }
    for (let a = 0; a < 10; a++) {
      for (let b = a + 1; b < 10; b++) {
        let dist = 0;
        for (let p = 0; p < size * size; p++) dist += (means[a]![p]! - means[b]![p]!) ** 2;
        expect(Math.sqrt(dist), `classes ${a} and ${b}`).toBeGreaterThan(0.5);
      }
    }
  });

  it("rejects nonsense options", () => {
    expect(() => makeDigits({ count: -1, seed: 1 })).toThrow(RangeError);
    expect(() => makeDigits({ count: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => makeDigits({ count: 1, seed: 1, size: 4 })).toThrow(/size/);
  });
});

describe("splitDigits and toTensors", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("splits deterministically into disjoint parts that cover the data", () => {
    const d = makeDigits({ count: 50, seed: 3, size: 8 });
    const { train, test } = splitDigits(d, 0.2, 11);
    expect(test.labels.length).toBe(10);
    expect(train.labels.length).toBe(40);
    const again = splitDigits(d, 0.2, 11);
    expect(bytes(again.test.images).equals(bytes(test.images))).toBe(true);
    const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(train.images) + sum(test.images)).toBeCloseTo(sum(d.images), 2);
  });

  it("makes NHWC images and one-hot labels", () => {
    const d = makeDigits({ count: 4, seed: 3, size: 8 });
    const { xs, ys } = toTensors(d);
    try {
      expect(xs.shape).toEqual([4, 8, 8, 1]);
      expect(ys.shape).toEqual([4, 10]);
      expect(Array.from(ys.argMax(-1).dataSync())).toEqual(Array.from(d.labels));
      expect(xs.dataSync()).toEqual(d.images);
    } finally {
      xs.dispose();
      ys.dispose();
    }
  });
});

describe("readDigitsCsv", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "digits-csv-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("reads a 2x2 CSV with a header, inferring the side and scaling 0..255", () => {
    const path = write("mnist-like.csv", "label,p0,p1,p2,p3\n3,0,255,51,0\n7,255,255,0,0\n\n");
    const d = readDigitsCsv(path);
    expect(d.size).toBe(2);
    expect(Array.from(d.labels)).toEqual([3, 7]);
    expect(Array.from(d.images)).toEqual([0, 1, 0.2, 0, 1, 1, 0, 0].map(Math.fround));
  });

  it("reads optdigits-style rows (8x8, 0..16, label last) without a header", () => {
    const row = (label: number, v: number) => [...new Array(64).fill(v), label].join(",");
    const path = write("optdigits.tra", `${row(0, 16)}\r\n${row(9, 8)}\r\n`);
    const d = readDigitsCsv(path, { labelColumn: "last" });
    expect(d.size).toBe(8);
    expect(Array.from(d.labels)).toEqual([0, 9]);
    expect(d.images[0]).toBe(1);
    expect(d.images[64]).toBe(0.5);
  });

  it("names the file and line of a ragged row", () => {
    const path = write("ragged.csv", "1,0,0,0,0\n2,0,0,0\n");
    expect(() => readDigitsCsv(path)).toThrow(DigitsCsvError);
    expect(() => readDigitsCsv(path)).toThrow(/ragged\.csv:2: 4 columns, expected 5/);
  });

  it("explains a column count that is not 1 + side^2", () => {
    const path = write("wide.csv", "1,0,0,0\n");
    expect(() => readDigitsCsv(path)).toThrow(/4 columns; a digits CSV has 1 \+ side\*side columns/);
  });

  it("rejects labels outside 0-9 and hints at the label column", () => {
    const path = write("label.csv", "12,0,0,0,0\n");
    expect(() => readDigitsCsv(path)).toThrow(/label.csv:1: label "12" is not a digit 0-9 .*labelColumn/);
  });

  it("rejects a non-numeric or negative pixel", () => {
    expect(() => readDigitsCsv(write("nan.csv", "1,0,x,0,0\n1,0,0,0,0\n"))).toThrow(/nan.csv:1: pixel 1 is "x"/);
    expect(() => readDigitsCsv(write("neg.csv", "1,0,0,-3,0\n"))).toThrow(/pixel 2 is "-3"/);
  });

  it("asks for maxValue when the range is not a known one", () => {
    expect(() => readDigitsCsv(write("big.csv", "1,0,0,1000,0\n"))).toThrow(
      /largest pixel value is 1000; pass maxValue/,
    );
    expect(readDigitsCsv(write("big2.csv", "1,0,0,1000,0\n"), { maxValue: 1000 }).images[2]).toBe(1);
  });

  it("reports an empty file and a missing file", () => {
    expect(() => readDigitsCsv(write("empty.csv", "label,p0\n\n"))).toThrow(/no data rows/);
    expect(() => readDigitsCsv(join(dir, "missing.csv"))).toThrow(/missing\.csv: cannot read digits CSV/);
  });
});

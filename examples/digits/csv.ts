/**
 * Reads a real digits data set from CSV, for users who want to train the example on actual
 * handwriting: e.g. the UCI optdigits files (8x8, values 0..16, label in the LAST column) or an
 * MNIST CSV export (28x28, values 0..255, label first, often with a header row).
 *
 * The image side is inferred from the column count (1 + side^2) so one reader covers both; values
 * are scaled to 0..1 so the same model and training code apply unchanged.
 */
import { readFileSync } from "node:fs";
import type { DigitsData } from "./dataset.js";

export interface ReadDigitsCsvOptions {
  /** Where the label is. "first" (MNIST exports) by default; UCI optdigits needs "last". */
  labelColumn?: "first" | "last";
  /**
   * The value that means full ink. By default it is inferred from the largest pixel value:
   * <= 1 -> 1, <= 16 -> 16 (optdigits), <= 255 -> 255 (8-bit images).
   */
  maxValue?: number;
}

/** A CSV that is not a digits table; the message names the file and, where it applies, the line. */
export class DigitsCsvError extends Error {
  override name = "DigitsCsvError";
}

export function readDigitsCsv(path: string, options: ReadDigitsCsvOptions = {}): DigitsData {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new DigitsCsvError(`${path}: cannot read digits CSV: ${(e as Error).message}`);
  }
  return parseDigitsCsv(text, path, options);
}

/** The parser behind readDigitsCsv, separate so it can be fed a string. `source` names it in errors. */
export function parseDigitsCsv(text: string, source: string, options: ReadDigitsCsvOptions = {}): DigitsData {
  const labelFirst = (options.labelColumn ?? "first") === "first";
  const lines = text.split(/\r?\n/);
  const rows: { line: number; cells: string[] }[] = [];
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed !== "") rows.push({ line: i + 1, cells: trimmed.split(",").map((c) => c.trim()) });
  });
  // A header (label,pixel0,...) is recognised by its label cell: a data row's label is always a
  // number. (Judging by "any cell not a number" would silently drop a first row with a bad pixel.)
  const first = rows[0];
  if (first !== undefined && !isNumber((labelFirst ? first.cells[0] : first.cells[first.cells.length - 1]) ?? ""))
    rows.shift();
  if (rows.length === 0)
    throw new DigitsCsvError(`${source}: no data rows; expected one image per line, label then pixel values`);

  const columns = rows[0]!.cells.length;
  const side = Math.round(Math.sqrt(columns - 1));
  if (columns < 2 || side * side !== columns - 1) {
    throw new DigitsCsvError(
      `${source}:${rows[0]!.line}: ${columns} columns; a digits CSV has 1 + side*side columns ` +
        `(label and a square image, e.g. 65 for 8x8 or 785 for 28x28)`,
    );
  }

  const pixels = side * side;
  const images = new Float32Array(rows.length * pixels);
  const labels = new Int32Array(rows.length);
  let max = 0;
  rows.forEach(({ line, cells }, r) => {
    if (cells.length !== columns) {
      throw new DigitsCsvError(`${source}:${line}: ${cells.length} columns, expected ${columns} like the first row`);
    }
    const labelCell = labelFirst ? cells[0]! : cells[columns - 1]!;
    const label = Number(labelCell);
    if (!Number.isInteger(label) || label < 0 || label > 9) {
      throw new DigitsCsvError(
        `${source}:${line}: label ${JSON.stringify(labelCell)} is not a digit 0-9` +
          (labelFirst ? ' (if the label is the last column, pass labelColumn: "last")' : ""),
      );
    }
    labels[r] = label;
    const offset = labelFirst ? 1 : 0;
    for (let p = 0; p < pixels; p++) {
      const cell = cells[p + offset]!;
      const v = isNumber(cell) ? Number(cell) : NaN;
      if (!(v >= 0))
        throw new DigitsCsvError(`${source}:${line}: pixel ${p} is ${JSON.stringify(cell)}, expected a number >= 0`);
      images[r * pixels + p] = v;
      if (v > max) max = v;
    }
  });

  const scale = options.maxValue ?? (max <= 1 ? 1 : max <= 16 ? 16 : max <= 255 ? 255 : NaN);
  if (!(scale > 0)) {
    throw new DigitsCsvError(
      `${source}: largest pixel value is ${max}; pass maxValue to say which value means full ink`,
    );
  }
  if (max > scale) throw new DigitsCsvError(`${source}: pixel value ${max} exceeds maxValue ${scale}`);
  for (let i = 0; i < images.length; i++) images[i] = images[i]! / scale;
  return { images, labels, size: side };
}

function isNumber(cell: string): boolean {
  return cell !== "" && Number.isFinite(Number(cell));
}

/** The digits example end to end, on the reduced setting: the reloaded model predicts exactly as the trained one. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { readTable } from "legolas-ts";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../../generated/index.js";
import { runDigits } from "../../examples/digits.js";
import { REDUCED } from "../../examples/digits/config.js";

test("trains, stores every epoch, and reloads the best row into a fresh model that predicts identically", async () => {
  const out = mkdtempSync(join(tmpdir(), "legolas-digits-"));
  const lines: string[] = [];
  const result = await runDigits({ setting: REDUCED, seed: 1, out, run: "ci", log: (line) => lines.push(line) });

  expect(result.identicalPredictions).toBe(true);
  expect(result.best).toBeInstanceOf(DigitsRowV1);
  expect(result.best.architecture_version).toBe(1n);
  expect(result.best.commit_sha === null || /^[0-9a-f]{40}$/.test(result.best.commit_sha)).toBe(true);
  const { rows } = await readTable(result.epochsPath, { schemaVersion: DigitsRowV1SchemaVersion });
  expect(rows.map((row) => row.epoch)).toEqual([1n, 2n]);
  expect(Math.max(...rows.map((row) => row.accuracy!))).toBe(result.best.accuracy);
  expect(lines.filter((line) => line.startsWith("epoch "))).toHaveLength(REDUCED.epochs);
});

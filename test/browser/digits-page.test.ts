/**
 * The digits demo page (examples/browser) in a real browser: a row trained in this run is served
 * beside the page, the page loads it, a known glyph goes into the model input, and the page shows
 * the prediction that Node computes for that input with the same row. Bad files show a clear
 * error on the page. A screenshot after a prediction goes to test-artifacts/browser-digits.png.
 */
import * as tf from "@tensorflow/tfjs";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fetchWeights, loadWeights } from "legolas-ts/tfjs";
import { ModelV1SchemaVersion, readModelRow, writeModelRowBytes } from "legolas-ts";
import { DigitsRowV1SchemaVersion, type DigitsRowV1 } from "../../generated/index.js";
import { runDigits } from "../../examples/digits.js";
import { REDUCED, TEST_SEED_OFFSET } from "../../examples/digits/config.js";
import { makeDigits } from "../../examples/digits/dataset.js";
import { buildDigitsModel } from "../../examples/digits/model.js";
import type {} from "../../examples/browser/demo-api.js"; // window.legolasDemo
import { buildPage, ROW_FILE_NAME, serveStatic } from "../../examples/browser/serve.mjs";
import { browserTestsEnabled } from "./browser-plan.js";
import { launchChromium } from "./chromium.js";

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts");
const SIZE = REDUCED.size;

describe.runIf(browserTestsEnabled())("the digits page in Chromium", () => {
  let work: string;
  let bestPath: string;
  let row: DigitsRowV1;
  let nodeModel: tf.LayersModel;
  let server: { url: string; close(): Promise<void> };
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];
  const timings: Record<string, number> = {};

  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      timings[name] = Math.round(performance.now() - start);
    }
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "legolas-browser-"));
    // Train and store a row now (the example's CI setting), so the page is tested against this
    // checkout's writer.
    const result = await timed("train", () =>
      runDigits({ setting: REDUCED, seed: 1, out: work, run: "browser", log: () => {} }),
    );
    bestPath = result.bestPath;
    row = await readModelRow(bestPath, { schemaVersion: DigitsRowV1SchemaVersion });
    nodeModel = buildDigitsModel(SIZE, { seed: 99 });
    loadWeights(nodeModel, row.weights!);

    const outDir = await timed("vite build", () => buildPage({ outDir: join(work, "page"), row: bestPath }));
    expect(readFileSync(join(outDir, ROW_FILE_NAME))).toEqual(readFileSync(bestPath));
    server = await serveStatic(outDir);
    browser = await timed("launch chromium", () => launchChromium());
    page = await browser.context.newPage();
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await timed("page load", async () => {
      await page.goto(server.url);
      await page.evaluate(() => window.legolasDemo.ready);
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    nodeModel?.dispose();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
    console.log(`browser test timings (ms): ${JSON.stringify(timings)}`);
  });

  /** Waits for a condition on the page (as playwright's web-first assertions do). */
  const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });

  /** The text of the first element `locator` matches ("" when none). */
  async function textOf(locator: Locator): Promise<string> {
    return (await locator.first().textContent({ timeout: 5_000 })) ?? "";
  }

  /** Node's probabilities for one input, with the row's weights (CPU backend, as the page). */
  function nodeProbabilities(input: ArrayLike<number>): number[] {
    return tf.tidy(() =>
      Array.from(
        (nodeModel.predict(tf.tensor4d(Float32Array.from(input), [1, SIZE, SIZE, 1])) as tf.Tensor).dataSync(),
      ),
    );
  }

  /** What the page shows: the predicted class and the ten probabilities of the bar chart. */
  async function shownPrediction(): Promise<{ label: number; probabilities: number[] }> {
    await page.locator("#predicted-class[data-label]").waitFor();
    const label = Number(await page.locator("#predicted-class").textContent());
    const probabilities = (await page.locator("#bars li .value").allTextContents()).map(Number);
    return { label, probabilities };
  }

  function expectSamePrediction(shown: { label: number; probabilities: number[] }, expected: number[]): void {
    const label = expected.indexOf(Math.max(...expected));
    expect(shown.label).toBe(label);
    expect(shown.probabilities).toHaveLength(10);
    // The page shows six decimals; 1e-5 leaves room for that rounding only.
    shown.probabilities.forEach((p, k) => expect(Math.abs(p - expected[k]!)).toBeLessThan(1e-5));
  }

  test("shows the row's schema identifier, epoch, accuracy and commit", async () => {
    await poll(() => textOf(page.locator("#row-identifier"))).toBe("digits-model@1>legolas-flux.model@1");
    await poll(() => textOf(page.locator("#row-epoch"))).toBe(String(row.epoch));
    await poll(() => textOf(page.locator("#row-accuracy"))).toBe(`${(row.accuracy! * 100).toFixed(1)}%`);
    await poll(() => textOf(page.locator("#row-commit"))).toBe(
      row.commit_sha === null ? "–" : row.commit_sha.slice(0, 12),
    );
    await poll(() => textOf(page.locator("#row-source"))).toMatch(new RegExp(ROW_FILE_NAME.replaceAll(".", "\\.")));
    await poll(() => page.locator("#error").isVisible()).toBe(false);
  });

  test("predicts a rendered glyph exactly as Node does, and the screenshot is saved", async () => {
    // Glyphs the model was not trained on, drawn by examples/digits/dataset.ts; take one whose
    // top two classes are clearly apart, so that the class itself is a fair comparison (and,
    // for the screenshot, one the model gets right when there is one).
    const glyphs = makeDigits({ count: 40, seed: 2 * TEST_SEED_OFFSET + 5, size: SIZE });
    const pixels = SIZE * SIZE;
    const clear = [...glyphs.labels.keys()].filter((i) => {
      const sorted = nodeProbabilities(glyphs.images.subarray(i * pixels, (i + 1) * pixels)).sort((a, b) => b - a);
      return sorted[0]! - sorted[1]! > 0.05;
    });
    const right = clear.filter((i) => {
      const p = nodeProbabilities(glyphs.images.subarray(i * pixels, (i + 1) * pixels));
      return p.indexOf(Math.max(...p)) === glyphs.labels[i];
    });
    const chosen = right[0] ?? clear[0] ?? -1;
    expect(chosen).toBeGreaterThanOrEqual(0);
    const input = Array.from(glyphs.images.subarray(chosen * pixels, (chosen + 1) * pixels));

    await page.evaluate((values) => window.legolasDemo.setInput(values), input);
    expect(await page.evaluate(() => window.legolasDemo.input())).toEqual(Array.from(Float32Array.from(input)));
    const shown = await shownPrediction();
    expectSamePrediction(shown, nodeProbabilities(input));
    // The bar chart: one bar per class, the predicted one highlighted, widths as probabilities.
    await poll(() => page.locator("#bars li").count()).toBe(10);
    await poll(() => page.locator("#bars li.top").getAttribute("data-class")).toBe(String(shown.label));

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "browser-digits.png"), fullPage: true });
  });

  test("a digit drawn with the mouse is downsampled to a 16x16 input in [0, 1] and predicted as Node predicts it", async () => {
    await page.click("#clear");
    await poll(() => textOf(page.locator("#predicted-class"))).toBe("–");
    const box = (await page.locator("#pad").boundingBox())!;
    const at = (x: number, y: number) => [box.x + (x / 256) * box.width, box.y + (y / 256) * box.height] as const;
    // A "7": the bar, then the diagonal down to the left.
    await page.mouse.move(...at(70, 50));
    await page.mouse.down();
    for (const [x, y] of [
      [130, 50],
      [190, 50],
      [165, 110],
      [140, 170],
      [120, 220],
    ] as const)
      await page.mouse.move(...at(x, y), { steps: 6 });
    await page.mouse.up();

    const input = (await page.evaluate(() => window.legolasDemo.input()))!;
    expect(input).toHaveLength(SIZE * SIZE);
    expect(input.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(input.filter((v) => v > 0.5).length).toBeGreaterThan(8); // ink, not a blank grid
    expect(input.filter((v) => v === 0).length).toBeGreaterThan(SIZE * SIZE * 0.5); // mostly paper
    expectSamePrediction(await shownPrediction(), nodeProbabilities(input));
  });

  test("bad files show a clear error on the page, and the loaded row stays in use", async () => {
    const bytes = readFileSync(bestPath);
    const errorBox = page.locator("#error");

    // A download cut short.
    await page.setInputFiles("#file-input", {
      name: "cut.digits-model.arrow",
      mimeType: "application/octet-stream",
      buffer: bytes.subarray(0, bytes.length >> 1),
    });
    await poll(() => errorBox.isVisible()).toBe(true);
    await poll(() => textOf(errorBox)).toContain("Could not load cut.digits-model.arrow");
    await poll(() => textOf(errorBox)).toContain("NotArrowFileError");
    await poll(() => textOf(errorBox)).toMatch(/cut short/);
    await page.screenshot({ path: join(ARTIFACTS, "browser-digits-error.png"), fullPage: true });
    await poll(() => textOf(page.locator("#row-identifier"))).toBe("digits-model@1>legolas-flux.model@1");
    await poll(() => textOf(page.locator("#status"))).toMatch(
      new RegExp(`Still using .*${ROW_FILE_NAME.replaceAll(".", "\\.")}`),
    );

    // Not Arrow at all, dropped onto the page.
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(["epoch,accuracy\n1,0.5\n"], "notes.csv", { type: "text/csv" }));
      document
        .getElementById("drop-zone")!
        .dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await poll(() => textOf(errorBox)).toContain("Could not load notes.csv");
    await poll(() => textOf(errorBox)).toContain("NotArrowFileError");

    // A valid digits row whose weights belong to another model.
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] });
    const weights = fetchWeights(other);
    other.dispose();
    const foreign = writeModelRowBytes({ weights, architecture_version: null }, DigitsRowV1SchemaVersion);
    await page.setInputFiles("#file-input", {
      name: "dense.digits-model.arrow",
      mimeType: "application/octet-stream",
      buffer: Buffer.from(foreign),
    });
    await poll(() => textOf(errorBox)).toContain("Could not load dense.digits-model.arrow");
    await poll(() => textOf(errorBox)).toContain("WeightsMismatchError");
    await poll(() => textOf(errorBox)).toContain("do not fit the digits model");

    // A model row of another schema: refused as such, never shown with missing fields.
    await page.setInputFiles("#file-input", {
      name: "dense.model.arrow",
      mimeType: "application/octet-stream",
      buffer: Buffer.from(writeModelRowBytes({ weights, architecture_version: null }, ModelV1SchemaVersion)),
    });
    await poll(() => textOf(errorBox)).toContain("SchemaVersionMismatchError");
    await poll(() => textOf(errorBox)).toContain("This page reads digits-model@1 rows only");

    // The good row again, from a file this time: the error goes away.
    await page.setInputFiles("#file-input", {
      name: "again.digits-model.arrow",
      mimeType: "application/octet-stream",
      buffer: bytes,
    });
    await poll(() => errorBox.isVisible()).toBe(false);
    await poll(() => textOf(page.locator("#row-source"))).toBe("again.digits-model.arrow");
    expect(pageErrors).toEqual([]);
  });

  test("a page without a row served beside it says how to get one", async () => {
    const other = await browser.context.newPage();
    await other.goto(`${server.url}?row=missing.digits-model.arrow`);
    await other.evaluate(() => window.legolasDemo.ready);
    await poll(() => textOf(other.locator("#status"))).toContain("HTTP 404");
    await poll(() => textOf(other.locator("#status"))).toContain("npm run example:digits");
    await other.close();
  });
});

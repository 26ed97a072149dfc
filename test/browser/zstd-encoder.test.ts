/**
 * The ZSTD encoder in a real browser. Its WebAssembly (@bokuweb/zstd-wasm's zstd.wasm) is fetched
 * from beside the bundle: Vite copies it there, esbuild and a plain Rollup build do not. A page
 * built with Vite writes and reads a ZSTD table with the file served; served without it (as an
 * esbuild bundle is), `prepareCompression("zstd")` rejects with a CompressionUnavailableError that
 * names the URL and what to do, instead of staying pending for good, and so does every later call
 * in that page.
 */
import { copyFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serveStatic } from "../../examples/browser/serve.mjs";
import { browserTestsEnabled } from "./browser-plan.js";
import { launchChromium } from "./chromium.js";
import { buildTestPage } from "./test-page.js";

const PAGE = `<!doctype html><script type="module" src="./main.js"></script>`;
const MAIN = `import { ModelV1SchemaVersion, prepareCompression, readTableBytes, writeTableBytes } from "legolas-ts";
window.zstdRoundTrip = async () => {
  // Never settling was the fault: a guard turns it into an answer the test can show.
  const pending = new Promise((settle) => setTimeout(() => settle({ pending: "still pending after 20 s" }), 20_000));
  const loaded = prepareCompression("zstd").then(
    () => ({ loaded: true }),
    (error) => ({ name: error.name, code: error.code, message: error.message }),
  );
  const outcome = await Promise.race([loaded, pending]);
  if (!outcome.loaded) return outcome;
  const bytes = writeTableBytes([{ architecture_version: 7n }], ModelV1SchemaVersion, { compression: "zstd" });
  return { rows: readTableBytes(bytes).rows.map((row) => String(row.architecture_version)) };
};
`;

describe.runIf(browserTestsEnabled())("the ZSTD encoder in Chromium", () => {
  let work: string;
  let outDir: string;
  let server: { url: string; close(): Promise<void> };
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    ({ work, outDir } = await buildTestPage("legolas-zstd-page-", { html: PAGE, main: MAIN }));
    server = await serveStatic(outDir);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  /**
   * A fresh page's answers to `zstdRoundTrip()`: called once, or, given `between`, again in the
   * same page after it; with the errors the page did not handle.
   */
  async function roundTrips(between?: () => void): Promise<{ outcomes: unknown[]; pageErrors: string[] }> {
    const page: Page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    const roundTrip = () =>
      page.evaluate(() => (window as unknown as { zstdRoundTrip(): Promise<unknown> }).zstdRoundTrip());
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => "zstdRoundTrip" in window);
      const outcomes = [await roundTrip()];
      if (between !== undefined) {
        between();
        outcomes.push(await roundTrip());
      }
      return { outcomes, pageErrors };
    } finally {
      await page.close();
    }
  }

  test("with zstd.wasm served beside the bundle (Vite copies it), a ZSTD table is written and read", async () => {
    expect(await roundTrips()).toEqual({ outcomes: [{ rows: ["7"] }], pageErrors: [] });
  }, 60_000);

  test("without it (an esbuild bundle), prepareCompression rejects with a CompressionUnavailableError naming the URL and the fix, also when asked again", async () => {
    const assets = join(outDir, "assets");
    const [wasm, ...others] = readdirSync(assets).filter((name) => name.endsWith(".wasm"));
    expect(others).toEqual([]);
    const served = join(assets, wasm!);
    const aside = join(work, wasm!);
    renameSync(served, aside);

    // Served again before the second call: the WebAssembly zstd, once aborted, never starts in this page.
    const { outcomes, pageErrors } = await roundTrips(() => copyFileSync(aside, served));
    const failed = {
      name: "CompressionUnavailableError",
      code: "compression_unavailable",
      message: expect.stringContaining(
        `writing a ZSTD-compressed table needs its encoder, which did not load: its WebAssembly did not load (failed to load wasm binary file at '${server.url}assets/${wasm}')`,
      ),
    };
    expect(outcomes).toEqual([failed, failed]);
    const { message } = outcomes[0] as { message: string };
    expect(message).toContain(
      "with esbuild, bundle as ES modules (--format=esm) and copy node_modules/@bokuweb/zstd-wasm/dist/web/zstd.wasm next to the bundle",
    );
    expect(message).toContain("then reload the page (or restart the server)");
    // The library's abort is the rejection above, not an error the page is left with.
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

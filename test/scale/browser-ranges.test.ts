/**
 * The HTTP source in a real browser: Chromium loads the browser-safe runtime (runtime/core.ts,
 * bundled by Vite) from nginx and reads two columns of a table nginx serves, with `fetch` range
 * requests only, as it would read a presigned S3 URL. nginx's log shows what was asked.
 */
import { chmod, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, expect, test } from "vitest";
import { browserTestsEnabled } from "../browser/browser-plan.js";
import { launchChromium } from "../browser/chromium.js";
import { describeWithNginx, type Nginx, startNginx } from "./helpers/nginx.js";
import { writeTrainingLog } from "./helpers/training-log.js";

const ROOT = resolve(import.meta.dirname, "../..");

describeWithNginx.runIf(browserTestsEnabled())("openTableFile(url) in Chromium", () => {
  let folder: string;
  let nginx: Nginx;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let size: number;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "legolas-browser-ranges-"));
    await chmod(folder, 0o755);
    await writeTrainingLog(join(folder, "log.arrow"), { rows: 20, weightsPerRow: 250_000, batchSize: 1 });
    size = (await stat(join(folder, "log.arrow"))).size;
    await build({
      configFile: false,
      root: ROOT,
      logLevel: "warn",
      build: {
        outDir: folder,
        emptyOutDir: false,
        target: "es2022",
        lib: { entry: join(ROOT, "runtime/core.ts"), formats: ["es"], fileName: "legolas" },
      },
    });
    await writeFile(join(folder, "index.html"), "<!doctype html><title>legolas-ts</title>");
    nginx = await startNginx(folder);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await nginx?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  test("two columns of a 20 MB table, read with ranged fetches only", async () => {
    const page = await browser.context.newPage();
    await page.goto(nginx.url("index.html"));
    await nginx.takeRequests();
    // Page code as text: vitest would rewrite an import() written here for Node.
    const read = (await page.evaluate(`(async () => {
      const legolas = await import("/legolas.js");
      const file = await legolas.openTableFile(${JSON.stringify(nginx.url("log.arrow"))});
      const epochs = [];
      // As plain Arrow: this page has not registered the table's schema version.
      for await (const batch of file.recordBatches({ columns: ["epoch", "accuracy"] }))
        for (const epoch of batch.getChild("epoch")) epochs.push(String(epoch));
      return { epochs, bytesRead: file.bytesRead, batchCount: file.batchCount };
    })()`)) as { epochs: string[]; bytesRead: number; batchCount: number };
    expect(read.batchCount).toBe(20);
    expect(read.epochs).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    const requests = (await nginx.takeRequests()).filter((r) => r.uri === "/log.arrow");
    const sent = requests.reduce((sum, r) => sum + r.bytesSent, 0);
    expect(requests.every((r) => r.status === 206 && r.range !== null)).toBe(true);
    expect(sent).toBe(read.bytesRead);
    expect(sent).toBeLessThan(size / 100);
  });
});

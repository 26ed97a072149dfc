/**
 * Debian's Chromium driven by playwright-core, the way this machine (and CI) can run a browser:
 * no browser download (never `npx playwright install`), background networking off (the network
 * is closed; Chromium's own connections would only fail), a fresh profile per launch.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { CHROMIUM } from "./browser-plan.js";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the browser tests need Chromium at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` ` +
        `(or set LEGOLAS_CHROMIUM to its path, or LEGOLAS_SKIP_BROWSER=1 to skip these tests)`,
    );
  }
}

/** A headless Chromium with a fresh, throw-away profile; `close()` removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  assertChromium();
  const profile = mkdtempSync(join(tmpdir(), "legolas-chromium-"));
  // launchPersistentContext is playwright's way to pass a --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 760 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

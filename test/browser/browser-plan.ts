/**
 * Whether the browser tests run here, decided without loading a browser driver (the global
 * setup that prints the notice reads it before any test file).
 */
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.LEGOLAS_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Whether the browser tests run, and what to say about it, given the environment and whether
 * Chromium is at CHROMIUM: they run where it is; LEGOLAS_SKIP_BROWSER=1 skips them on purpose;
 * without Chromium they skip with one visible line naming both variables, except under CI=true,
 * where a skipped browser test would hide a broken promise, so the run fails (as it does without
 * the Julia fixtures).
 */
export function browserTestPlan(
  env: Readonly<Record<string, string | undefined>>,
  chromiumFound: boolean,
): { readonly run: boolean; readonly notice: string | null; readonly error: string | null } {
  if (env.LEGOLAS_SKIP_BROWSER === "1") return { run: false, notice: null, error: null };
  if (chromiumFound) return { run: true, notice: null, error: null };
  const missing =
    `Chromium not found at ${env.LEGOLAS_CHROMIUM ?? "/usr/bin/chromium"}: the browser tests (test/browser) are skipped. ` +
    "Install it (`apt-get install chromium`), set LEGOLAS_CHROMIUM to its path, or LEGOLAS_SKIP_BROWSER=1 to skip them quietly.";
  if (env.CI === "true") return { run: false, notice: null, error: `${missing} CI=true, so this is an error.` };
  return { run: false, notice: missing, error: null };
}

/** This run's plan (see {@link browserTestPlan}). */
export const BROWSER_TESTS = browserTestPlan(process.env, existsSync(CHROMIUM));

/** Whether the browser tests run here (see {@link browserTestPlan}). */
export function browserTestsEnabled(): boolean {
  return BROWSER_TESTS.run;
}

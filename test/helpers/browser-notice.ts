/**
 * Vitest global setup: says once, visibly, when the browser tests skip for want of Chromium, and
 * fails the run under CI=true (test/browser/browser-plan.ts, `browserTestPlan`).
 */
import { BROWSER_TESTS } from "../browser/browser-plan.js";

export default function setup(): void {
  if (BROWSER_TESTS.error !== null) throw new Error(BROWSER_TESTS.error);
  if (BROWSER_TESTS.notice !== null) console.warn(`\n[legolas-ts] ${BROWSER_TESTS.notice}\n`);
}

/**
 * `npm test` without Chromium: the browser tests skip with one line naming LEGOLAS_CHROMIUM and
 * LEGOLAS_SKIP_BROWSER, instead of failing with a launch error; under CI=true they fail the run.
 */
import { expect, test } from "vitest";
import { browserTestPlan } from "./browser-plan.js";

const NOTICE =
  "Chromium not found at /usr/bin/chromium: the browser tests (test/browser) are skipped. Install it (`apt-get install chromium`), set LEGOLAS_CHROMIUM to its path, or LEGOLAS_SKIP_BROWSER=1 to skip them quietly.";

test("Chromium found: the tests run", () => {
  expect(browserTestPlan({}, true)).toEqual({ run: true, notice: null, error: null });
});

test("no Chromium: skipped, with one line that names both variables", () => {
  expect(browserTestPlan({}, false)).toEqual({ run: false, notice: NOTICE, error: null });
  expect(browserTestPlan({ LEGOLAS_CHROMIUM: "/opt/chrome" }, false).notice).toContain(
    "Chromium not found at /opt/chrome:",
  );
});

test("no Chromium under CI=true: an error, so that CI cannot pass by skipping them", () => {
  expect(browserTestPlan({ CI: "true" }, false)).toEqual({
    run: false,
    notice: null,
    error: `${NOTICE} CI=true, so this is an error.`,
  });
});

test("LEGOLAS_SKIP_BROWSER=1 skips them quietly, Chromium or not, CI or not", () => {
  expect(browserTestPlan({ LEGOLAS_SKIP_BROWSER: "1", CI: "true" }, false)).toEqual({
    run: false,
    notice: null,
    error: null,
  });
  expect(browserTestPlan({ LEGOLAS_SKIP_BROWSER: "1" }, true).run).toBe(false);
});

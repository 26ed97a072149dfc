/**
 * The public surface changes only on purpose: the checked-in API report must match the one built
 * from dist/ (`npm test` builds it first). After a deliberate change, `npm run api:update`
 * rewrites api/legolas-ts.api.md; review its diff with the change.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { apiReport } from "../../tools/api-report.js";

const PACKAGE_ROOT = fileURLToPath(new URL("../../runtime", import.meta.url));
const REPORT = fileURLToPath(new URL("../../api/legolas-ts.api.md", import.meta.url));

test("api/legolas-ts.api.md is the package's current API (after a deliberate change: npm run api:update)", () => {
  const report = apiReport(PACKAGE_ROOT);
  if (process.env["UPDATE_API"] === "1") writeFileSync(REPORT, report);
  const checkedIn = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : "";
  expect(checkedIn, "the API changed: run `npm run api:update` and review the diff of api/legolas-ts.api.md").toBe(
    report,
  );
}, 120_000);

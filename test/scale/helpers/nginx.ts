/**
 * nginx for the tests of reads over HTTP (bench/scale/nginx.ts starts it). Absent, the suites that
 * need it skip, saying so once; under `CI=true` that is an error (.ci/run installs nginx as it
 * installs Chromium), so CI never passes by skipping.
 */
import { describe } from "vitest";
import { haveNginx, NGINX } from "../../../bench/scale/nginx.js";

export { type LoggedRequest, type Nginx, startNginx } from "../../../bench/scale/nginx.js";

if (!haveNginx) {
  const message = `nginx not found at ${NGINX}: the tests of reads over HTTP are skipped (apt-get install nginx, or set LEGOLAS_NGINX).`;
  if (process.env.CI === "true") throw new Error(`${message} CI=true, so this is an error.`);
  console.warn(`\n[legolas-ts] ${message}\n`);
}

/** `describe` that runs only where nginx is. */
export const describeWithNginx: typeof describe = describe.skipIf(!haveNginx) as typeof describe;

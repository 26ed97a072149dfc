/**
 * Vitest global setup: says once, visibly, when the Julia fixtures are absent, and fails the run
 * under CI=true, where a skipped interop test would hide a broken promise.
 */
import { haveJuliaFixtures, missingFixturesMessage } from "./julia-fixtures.js";

export default function setup(): void {
  if (haveJuliaFixtures) return;
  if (process.env.CI === "true") throw new Error(`${missingFixturesMessage} CI=true, so this is an error.`);
  console.warn(`\n[legolas-ts] ${missingFixturesMessage}\n`);
}

/**
 * The Arrow files Legolas.jl and LegolasFlux.jl wrote live outside this repository (they are
 * upstream files, never copied in). Like Apache Arrow's own test data (`ARROW_TEST_DATA`), the
 * folder is found through an environment variable, `LEGOLAS_JULIA_FIXTURES`, defaulting to
 * `../shared/fixtures/julia` beside the checkout. Without it the fixture tests skip (one line
 * says so, printed by `test/helpers/fixtures-notice.ts`); under `CI=true` a missing folder is an
 * error, so CI can never pass by skipping them.
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, test } from "vitest";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The fixtures folder: the variable as given, or the default relative to the working folder. */
export const juliaFixturesFolder: string =
  process.env.LEGOLAS_JULIA_FIXTURES ?? relative(process.cwd(), join(repositoryRoot, "../shared/fixtures/julia"));

export const haveJuliaFixtures: boolean = existsSync(juliaFixturesFolder);

export const missingFixturesMessage =
  `Julia fixtures not found at ${juliaFixturesFolder}: the tests that read Legolas.jl's files are skipped. ` +
  "Set LEGOLAS_JULIA_FIXTURES to a folder holding them (see docs/contributing.md, 'Tests').";

/** The path of one fixture file, e.g. `juliaFixture("test.digits-model.arrow")`. */
export const juliaFixture = (name: string): string => `${juliaFixturesFolder}/${name}`;

/** `describe` / `test` that run only where the fixtures are. */
export const describeWithJuliaFixtures: typeof describe = describe.skipIf(!haveJuliaFixtures) as typeof describe;
export const testWithJuliaFixtures: typeof test = test.skipIf(!haveJuliaFixtures) as typeof test;

import { defineConfig } from "vitest/config";
import { sourceAliases } from "./tools/source-entries.mjs";

// The packages' entries resolve to their TypeScript sources (tools/source-entries.mjs reads them
// from the packages' `exports`; tsconfig.json's `paths` name the same files), and tests import
// package sources by relative path: every test process loads one copy of the runtime, the
// sources, never a second one from runtime/dist (the schema registry and `instanceof` depend on it).
export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    pool: "forks",
    // LEGOLAS_TEST_PIPELINE=force: readTable(path) pipelined for files of every size (test/helpers/pipeline-setting.ts);
    // under CI=true, property tests draw the same cases every run (test/helpers/property-seed.ts).
    setupFiles: ["test/helpers/pipeline-setting.ts", "test/helpers/property-seed.ts"],
    maxWorkers: 2,
    testTimeout: 60_000,
    // The pack-install test (an npm install and two compiler runs) goes last, alone, so that it
    // does not slow the tests with time limits that run beside it.
    projects: [
      // Only the unit tests read the Julia fixtures and drive Chromium: the notices about them are theirs, said once.
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/package/**"],
          globalSetup: ["test/helpers/fixtures-notice.ts", "test/helpers/browser-notice.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: "package", include: ["test/package/**/*.test.ts"], sequence: { groupOrder: 1 } } },
    ],
  },
});

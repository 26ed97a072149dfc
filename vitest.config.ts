import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The packages' entries resolve to their TypeScript sources (the same files as tsconfig.json's
// `paths`), and tests import package sources by relative path: every test process loads one copy
// of the runtime, the sources, never a second one from runtime/dist (the schema
// registry and `instanceof` depend on it).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^legolas-ts\/tfjs$/, replacement: here("./runtime/tfjs/index.ts") },
      { find: /^legolas-ts\/codegen$/, replacement: here("./runtime/codegen.ts") },
      { find: /^legolas-ts\/internal\/(.*)$/, replacement: here("./runtime/$1.ts") },
      { find: /^legolas-ts-cli\/internal\/(.*)$/, replacement: here("./generator/$1.ts") },
      { find: /^legolas-ts$/, replacement: here("./runtime/index.ts") },
    ],
  },
  test: {
    pool: "forks",
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

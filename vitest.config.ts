import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^legolas-ts\/runtime$/, replacement: here("./runtime/index.ts") },
      { find: /^legolas-ts\/codegen$/, replacement: here("./runtime/codegen.ts") },
      { find: /^legolas-ts$/, replacement: here("./index.ts") },
    ],
  },
  test: {
    globalSetup: ["test/helpers/fixtures-notice.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    // The pack-install test (an npm install and two compiler runs) goes last, alone, so that it
    // does not slow the tests with time limits that run beside it.
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/package/**"], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "package", include: ["test/package/**/*.test.ts"], sequence: { groupOrder: 1 } } },
    ],
  },
});

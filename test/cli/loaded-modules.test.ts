/**
 * A command loads its own modules and what they use, not every command's: `generate` reads no
 * table, so it loads no apache-arrow (~0.45 s of CPU, most of `generate --check`'s start-up),
 * and without row checks no TypeScript compiler. Runs the built bin (npm test builds it first).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { loadedModules, packagesOf } from "../helpers/loaded-modules.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "generator/bin/legolas.js");

test("legolas generate --check loads no other command's modules, no apache-arrow and, without row checks, no TypeScript", () => {
  const root = mkdtempSync(join(tmpdir(), "legolas-loaded-"));
  try {
    const schemas = join(root, "schemas");
    const out = join(root, "generated");
    mkdirSync(schemas);
    writeFileSync(
      join(schemas, "run.yaml"),
      'schema: run\nprefix: Run\nversions:\n  1:\n    extends: legolas-flux.model@1\n    fields:\n      epoch: int64\n      tag:\n        type: string\n        pattern: "^[a-z]+$"\n',
    );
    execFileSync(process.execPath, [BIN, "generate", "--schemas", schemas, "--out", out], { cwd: root });
    const run = loadedModules([BIN, "generate", "--schemas", schemas, "--out", out, "--check"], root);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const commands = run.modules.filter((module) => module.includes("/generator/dist/cli/commands/"));
    expect(commands.map((module) => module.replace(/.*\/commands\//, ""))).toEqual(["generate.js"]);
    // No diff either: only a stale output needs a patch.
    expect([...packagesOf(run.modules)].sort()).toEqual(["commander", "refa", "signal-exit", "yaml"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

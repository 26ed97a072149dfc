/**
 * A command loads its own modules and what they use, not every command's: `generate` reads no
 * table, so it loads no apache-arrow (~0.45 s of CPU, most of `generate --check`'s start-up),
 * and without row checks no TypeScript compiler; `validate --schemas` none either (loading it
 * was most of that flag's start-up). Runs the built bin (npm test builds it first).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { loadedModules, packagesOf } from "../helpers/loaded-modules.js";
import { loadSchemaFolders } from "../../generator/cli/schema-loader.js";
import { writeTable } from "../../runtime/arrow/table-files.js";
import { findSchemaVersion } from "../../runtime/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "generator/bin/legolas.js");

/** A folder with `schemas/run.yaml`: a model schema with a pattern and no row check. */
function projectWithSchemas(): { root: string; schemas: string } {
  const root = mkdtempSync(join(tmpdir(), "legolas-loaded-"));
  const schemas = join(root, "schemas");
  mkdirSync(schemas);
  writeFileSync(
    join(schemas, "run.yaml"),
    'schema: run\nprefix: Run\nversions:\n  1:\n    extends: legolas-flux.model@1\n    fields:\n      epoch: int64\n      tag:\n        type: string\n        pattern: "^[a-z]+$"\n',
  );
  return { root, schemas };
}

/** The packages whose names say they hold a TypeScript compiler. */
const isTypeScript = (name: string): boolean => name === "typescript" || name.includes("ts-morph");

test("legolas generate --check loads no other command's modules, no apache-arrow and, without row checks, no TypeScript", () => {
  const { root, schemas } = projectWithSchemas();
  try {
    const out = join(root, "generated");
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

test("legolas validate --schemas registers a folder without row checks and loads no TypeScript compiler", async () => {
  const { root, schemas } = projectWithSchemas();
  try {
    await loadSchemaFolders([schemas]);
    const table = join(root, "run.arrow");
    await writeTable(
      table,
      [
        { epoch: 3n, tag: "abc" },
        { epoch: 4n, tag: "ABC" },
      ],
      findSchemaVersion("run@1")!,
      {
        validate: false,
      },
    );
    const run = loadedModules([BIN, "validate", "--schemas", schemas, "--json", table], root);
    // The second row breaks the folder's pattern: it can be told invalid only by the folder's version.
    expect(JSON.parse(run.stdout).schemaVersions).toMatchObject([{ schemaVersion: "run@1", invalidRows: 1 }]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: "" });
    expect([...packagesOf(run.modules)].filter(isTypeScript)).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

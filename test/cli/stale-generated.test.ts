/**
 * `validate` and `inspect` check tables with the row classes of the project's YAML; the app runs
 * those of its generated folder. When the YAML was edited and not regenerated, they warn (the
 * comparison of `generate --check`), so the CLI and the app never disagree without a word.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Field, Int64, Schema, Table, tableToIPC, vectorFromArray } from "apache-arrow";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { runCli } from "./helpers.js";

/** A schema file; each test adds schemas of new names, since one process registers a version once. */
const yaml = (name: string, prefix: string) =>
  `schema: ${name}\nprefix: ${prefix}\nversions:\n  1:\n    fields:\n      epoch: int64\n`;

let project: string;
let file: string;
const home = process.cwd();
const using = (command: string) =>
  `legolas ${command}: using the schemas in schemas (the project's folder; --schemas <dir> names others)`;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "legolas-stale-"));
  mkdirSync(join(project, "schemas"));
  // Marked not nullable, as Julia reads a required field: `new Table` marks it nullable, which validate reports.
  const epoch = vectorFromArray([1n], new Int64());
  const table = new Table(new Schema([new Field("epoch", epoch.type, false)]), { epoch });
  table.schema.metadata.set("legolas_schema_qualified", "stale.run@1");
  file = join(project, "runs.arrow");
  writeFileSync(file, tableToIPC(table, "file"));
});
afterEach(() => process.chdir(home));
afterAll(() => rmSync(project, { recursive: true, force: true }));

test("a generated folder that no longer matches the YAML: both commands warn, naming the files and the fix", async () => {
  process.chdir(project);
  writeFileSync(join(project, "schemas", "stale.run.yaml"), yaml("stale.run", "StaleRun"));
  expect((await runCli("generate")).code).toBe(0);
  expect((await runCli("validate", file)).err).toBe(using("validate"));

  writeFileSync(join(project, "schemas", "stale.more.yaml"), yaml("stale.more", "StaleMore"));
  const warning =
    "warning: generated is stale against schemas (changed index.ts, missing stale.more.ts): your app's generated code is not what this run checked with; run `npx --no-install legolas generate`";
  const validated = await runCli("validate", file);
  expect(validated.code).toBe(0);
  expect(validated.err.split("\n")).toEqual([using("validate"), `legolas validate: ${warning}`]);
  // Naming the project's folder with --schemas is the same folder, and the same warning.
  expect((await runCli("inspect", file, "--schemas", "schemas")).err).toBe(`legolas inspect: ${warning}`);

  expect((await runCli("generate")).code).toBe(0);
  expect((await runCli("inspect", file)).err).toBe(using("inspect"));
});

test("a JavaScript output folder (generate --target js) is compared as JavaScript", async () => {
  process.chdir(project);
  expect((await runCli("generate", "--target", "js")).code).toBe(0);
  expect((await runCli("validate", file)).err).toBe(using("validate"));
  rmSync(join(project, "schemas", "stale.more.yaml"));
  expect((await runCli("validate", file)).err).toContain(
    "warning: generated is stale against schemas (changed index.d.ts, changed index.js, obsolete stale.more.d.ts, obsolete stale.more.js)",
  );
  expect((await runCli("validate", file)).err).toContain("run `npx --no-install legolas generate --target js`");
});

test("a folder generated with another --runtime is compared with that runtime, and the advice passes it", async () => {
  process.chdir(project);
  writeFileSync(join(project, "schemas", "stale.runtime.yaml"), yaml("stale.runtime", "StaleRuntime"));
  // The folder holds the JavaScript of the test before, which a generate without --target keeps.
  expect((await runCli("generate", "--runtime", "../lib/codegen.js", "--target", "ts")).code).toBe(0);
  expect((await runCli("validate", file)).err).toBe(using("validate"));
  rmSync(join(project, "schemas", "stale.runtime.yaml"));
  expect((await runCli("validate", file)).err).toContain(
    "(changed index.ts, obsolete stale.runtime.ts): your app's generated code is not what this run checked with; run `npx --no-install legolas generate --runtime ../lib/codegen.js`",
  );
  expect((await runCli("generate")).code).toBe(0);
});

test("a runtime named by a relative path (--runtime ./codegen.js) is found as the one generated with, not taken for a sibling module", async () => {
  process.chdir(project);
  writeFileSync(join(project, "schemas", "stale.relative.yaml"), yaml("stale.relative", "StaleRelative"));
  expect((await runCli("generate", "--runtime", "./codegen.js")).code).toBe(0);
  expect((await runCli("validate", file)).err).toBe(using("validate"));
  rmSync(join(project, "schemas", "stale.relative.yaml"));
  expect((await runCli("validate", file)).err).toContain(
    "(changed index.ts, obsolete stale.relative.ts): your app's generated code is not what this run checked with; run `npx --no-install legolas generate --runtime ./codegen.js`",
  );
  expect((await runCli("generate")).code).toBe(0);
});

test("another folder named with --schemas is not compared with the project's generated folder", async () => {
  const other = mkdtempSync(join(tmpdir(), "legolas-stale-other-"));
  writeFileSync(join(other, "stale.other.yaml"), yaml("stale.other", "StaleOther"));
  process.chdir(project);
  expect((await runCli("validate", file, "--schemas", other)).err).toBe("");
  rmSync(other, { recursive: true, force: true });
});

/**
 * `legolas validate` never reports `ok` for a file it could check only against a version its own
 * extends: run from a folder without the file's YAML, a model row of `my-model@1` (which extends
 * the shipped `legolas-flux.model@1`) used to be checked as `legolas-flux.model@1` and pass, exit
 * 0, although it broke its own schema's check. A CI gate must not go green on that.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Int64, Table, tableToIPC, vectorFromArray } from "apache-arrow";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { runCli } from "./helpers.js";

const MY_MODEL = `schema: my-model
prefix: MyModel
versions:
  1:
    extends: legolas-flux.model@1
    fields:
      epoch: int64?
    checks:
      - check: row.epoch === null || row.epoch >= 0n
        message: epoch must not be negative
`;

let project: string;
let elsewhere: string;
let file: string;
const home = process.cwd();

beforeAll(() => {
  const root = mkdtempSync(join(tmpdir(), "legolas-ancestor-"));
  project = join(root, "project");
  elsewhere = join(root, "elsewhere");
  mkdirSync(join(project, "schemas"), { recursive: true });
  mkdirSync(elsewhere);
  writeFileSync(join(project, "schemas", "my-model.yaml"), MY_MODEL);
  // A row that breaks my-model@1's own check, written with apache-arrow alone (nothing validates it).
  const table = new Table({ epoch: vectorFromArray([-5n], new Int64()) });
  table.schema.metadata.set("legolas_schema_qualified", "my-model@1>legolas-flux.model@1");
  file = join(root, "model.arrow");
  writeFileSync(file, tableToIPC(table, "file"));
});

afterEach(() => process.chdir(home));
afterAll(() => rmSync(join(project, ".."), { recursive: true, force: true }));

test("from a folder without the YAML: `partial`, not ok, exit 1, naming the version to register", async () => {
  process.chdir(elsewhere);
  const result = await runCli("validate", file);
  expect(result).toEqual({
    code: 1,
    out: [
      `partial  ${file}: 1 row checked against ancestor legolas-flux.model@1 only: register my-model@1 with --schemas <folder of its YAML> (or pass --allow-ancestor)`,
      "1 file: 0 valid, 1 checked against an ancestor only, 0 invalid, 0 unreadable",
      "  legolas-flux.model@1: 1 file (0 valid, 1 checked against it as an ancestor only, 0 invalid), 1 row read, 0 invalid rows",
    ].join("\n"),
    err: "",
  });
  const asJson = await runCli("validate", file, "--json");
  expect(asJson.code).toBe(1);
  expect(JSON.parse(asJson.out)).toEqual({
    ok: false,
    files: [
      {
        file,
        status: "partial",
        schemaVersion: "legolas-flux.model@1",
        unregistered: "my-model@1",
        identifier: "my-model@1>legolas-flux.model@1",
        rows: 1,
      },
    ],
    schemaVersions: [
      {
        schemaVersion: "legolas-flux.model@1",
        files: 1,
        valid: 0,
        partial: 1,
        unfinished: 0,
        invalid: 0,
        rows: 1,
        invalidRows: 0,
      },
    ],
  });
});

test("--allow-ancestor lets such a file pass (exit 0), still reported as partial", async () => {
  process.chdir(elsewhere);
  const result = await runCli("validate", file, "--allow-ancestor");
  expect(result.code).toBe(0);
  expect(result.out.split("\n")[0]).toBe(
    `partial  ${file}: 1 row checked against ancestor legolas-flux.model@1 only: passed, as --allow-ancestor asks; to check its own fields and row checks, register my-model@1 with --schemas <folder of its YAML>`,
  );
  expect(JSON.parse((await runCli("validate", file, "--allow-ancestor", "--json")).out)).toMatchObject({ ok: true });
});

test("a file whose rows break the ancestor itself is invalid, with the note that its own version was not checked", async () => {
  process.chdir(elsewhere);
  const table = new Table({ architecture_version: vectorFromArray(["x"]) });
  table.schema.metadata.set("legolas_schema_qualified", "my-model@1>legolas-flux.model@1");
  const bad = join(elsewhere, "bad.arrow");
  writeFileSync(bad, tableToIPC(table, "file"));
  const result = await runCli("validate", bad);
  expect(result.code).toBe(1);
  expect(result.out).toContain(
    `invalid  ${bad}: 1 column violation against legolas-flux.model@1; its rows were not read:`,
  );
  expect(result.out).toContain(
    "  note: my-model@1 is not registered; validated as legolas-flux.model@1, which it extends",
  );
});

// The tests below register my-model@1 in this process (the registry is global): they go last.
test("with its YAML registered the row's own check runs: invalid, exit 1", async () => {
  process.chdir(elsewhere);
  const result = await runCli("validate", file, "--schemas", join(project, "schemas"));
  expect(result.code).toBe(1);
  expect(result.out.split("\n")).toEqual([
    `invalid  ${file}: 1 of 1 row violates my-model@1 (1 violation):`,
    "  row 0:",
    "    - row: check failed: epoch must not be negative",
    "1 file: 0 valid, 1 invalid, 0 unreadable",
    "  my-model@1: 1 file (0 valid, 1 invalid), 1 row read, 1 invalid row",
  ]);
});

test("in the project folder its schemas are registered without --schemas, and the command says which folder", async () => {
  process.chdir(project);
  const result = await runCli("validate", file);
  expect(result.code).toBe(1);
  expect(result.out).toMatch(/^invalid {2}.*: 1 of 1 row violates my-model@1/);
  expect(result.err).toBe(
    "legolas validate: using the schemas in schemas (the project's folder; --schemas <dir> names others)",
  );
});

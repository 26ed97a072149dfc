/**
 * Every command that reads a schema folder checks it the same way: a folder that is not there is
 * a usage error (exit 2) that names it as given, where it was looked for, and what to do (by the
 * flag that named it); never a raw `ENOENT ... scandir` (or `watch`, for generate --watch).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { runCli } from "./helpers.js";

const advice = (folder: string) =>
  `no schema folder ${folder} (relative to ${process.cwd()}); create it with \`npx --no-install legolas init\`, or pass --schemas <folder of .yaml files>`;

test.each([
  ["generate", []],
  ["generate", ["--watch"]],
  ["compat", ["run"]],
  ["docs", []],
  ["inspect", ["some.arrow"]],
  ["validate", ["some.arrow"]],
])("legolas %s %j with a missing --schemas folder: exit 2 and what to do", async (command, args) => {
  const result = await runCli(command, ...args, "--schemas", "no/such/schemas");
  expect(result).toEqual({ code: 2, out: "", err: `legolas ${command}: ${advice("no/such/schemas")}` });
});

test("a missing --old-schemas folder is named by its own flag", async () => {
  const result = await runCli("compat", "run", "--old-schemas", "no/such/old", "--schemas", "schemas");
  expect(result).toEqual({
    code: 2,
    out: "",
    err:
      `legolas compat: no schema folder no/such/old (relative to ${process.cwd()}); ` +
      "pass --old-schemas <folder of the old .yaml files>, or --against <git revision> to compare with a commit",
  });
});

test("a file where the folder should be: exit 2 saying so, not advice to run init, which would fail on that file", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "legolas-folder-")), "schemas");
  writeFileSync(file, "not a folder");
  expect(await runCli("docs", "--schemas", file)).toEqual({
    code: 2,
    out: "",
    err: `legolas docs: --schemas ${file} is a file, not a folder (relative to ${process.cwd()}); --schemas takes the folder of .yaml schema files: move the file away, or name that folder`,
  });
  expect((await runCli("compat", "run", "--old-schemas", file)).err).toMatch(
    /^legolas compat: --old-schemas .* is a file, not a folder .*; --old-schemas takes the folder of \.yaml schema files/,
  );
});

test("a schema file given for its folder: exit 2 naming the folder to pass, not advice to create one", async () => {
  const schemas = mkdtempSync(join(tmpdir(), "legolas-folder-"));
  const file = join(schemas, "run.yaml");
  writeFileSync(file, "schema: run\nprefix: Run\nversions:\n  1:\n    fields:\n      id: int64\n");
  for (const command of [["generate"], ["docs"], ["validate", "some.arrow"]]) {
    const result = await runCli(...command, "--schemas", file);
    expect(result).toEqual({
      code: 2,
      out: "",
      err: `legolas ${command[0]}: --schemas ${file} is a schema file, not a folder; --schemas takes the folder of .yaml files that holds it: --schemas ${schemas}`,
    });
  }
  const old = await runCli("compat", "run", "--old-schemas", file, "--schemas", schemas);
  expect(old.err).toBe(
    `legolas compat: --old-schemas ${file} is a schema file, not a folder; --old-schemas takes the folder of .yaml files that holds it: --old-schemas ${schemas}`,
  );
});

test.each([
  ["generate", "--out", []],
  ["generate", "--out", ["--check"]],
  ["docs", "--out", []],
  ["generate", "--schemas", []],
  ["docs", "--schemas", []],
  ["validate", "--schemas", ["some.arrow"]],
  ["inspect", "--schemas", ["some.arrow"]],
  ["compat", "--schemas", ["run"]],
])(
  'legolas %s %s "" (an unset variable in a script): exit 2 saying it names no folder',
  async (command, flag, args) => {
    const result = await runCli(command, ...args, flag, "");
    expect(result).toEqual({
      code: 2,
      out: "",
      err: `legolas ${command}: ${flag} "" names no folder: give a folder path, or leave ${flag} out for its default`,
    });
  },
);

test("a missing --schemas folder whose name misspells a folder of schemas beside it: that folder is named", async () => {
  const app = mkdtempSync(join(tmpdir(), "legolas-folder-"));
  mkdirSync(join(app, "schemas"));
  writeFileSync(
    join(app, "schemas", "run.yaml"),
    "schema: run\nprefix: Run\nversions:\n  1:\n    fields:\n      id: int64\n",
  );
  // A close name with no schema files in it is not offered.
  mkdirSync(join(app, "schemes"));
  const missing = join(app, "schema");
  expect(await runCli("generate", "--schemas", missing)).toEqual({
    code: 2,
    out: "",
    err:
      `legolas generate: no schema folder ${missing} (relative to ${process.cwd()}); did you mean --schemas ` +
      `${join(app, "schemas")}, which holds schema files? Else create it with \`npx --no-install legolas init\`, ` +
      "or pass --schemas <folder of .yaml files>",
  });
  // Nothing close beside it: the advice alone.
  const far = join(app, "elsewhere");
  expect((await runCli("docs", "--schemas", far)).err).toBe(`legolas docs: ${advice(far)}`);
});

/**
 * Flag values Commander would take in silence that are a user's mistake are bad usage (exit 2):
 * a flag that takes one value given twice with two values (`--schemas` is repeatable in
 * `inspect` and `validate`, and a user who gives `generate` two folders must not find the first
 * one's modules removed), and another flag taken for a flag's forgotten value.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { advisedWords, runCli } from "./helpers.js";

function schemaFolder(root: string, schema: string): string {
  const folder = join(root, schema);
  mkdirSync(folder);
  writeFileSync(
    join(folder, `${schema}.yaml`),
    `schema: ${schema}\nprefix: Run\nversions:\n  1:\n    fields:\n      epoch: int64\n`,
  );
  return folder;
}

test("generate given two schema folders writes and removes nothing, and says the flag takes one", async () => {
  const root = mkdtempSync(join(tmpdir(), "legolas-repeated-flags-"));
  const [runs, models, out] = [schemaFolder(root, "runs"), schemaFolder(root, "models"), join(root, "generated")];
  expect((await runCli("generate", "--schemas", runs, "--out", out)).code).toBe(0);

  // Commander prints its usage errors on stderr itself, as it prints an unknown flag.
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    expect(await runCli("generate", "--schemas", runs, "--schemas", models, "--out", out)).toMatchObject({
      code: 2,
      out: "",
    });
    expect(stderr.mock.calls.join("")).toBe(
      `error: option '--schemas <dir>' given twice, ${JSON.stringify(runs)} and ${JSON.stringify(models)}: it takes one value; give it once\n`,
    );
  } finally {
    stderr.mockRestore();
  }
  expect(readdirSync(out).sort()).toEqual(["index.ts", "runs.ts"]);

  // The same value twice changes nothing.
  expect((await runCli("generate", "--schemas", runs, "--schemas", runs, "--out", out)).code).toBe(0);
});

test("validate --columns twice answers --json, given after it, with a usage error, not a check of the last columns only", async () => {
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const result = await runCli("validate", "--columns", "epoch", "--columns", "accuracy", "a.arrow", "--json");
    expect(result.code).toBe(2);
    expect(JSON.parse(result.out)).toEqual({
      ok: false,
      error: {
        code: "usage",
        message: `option '--columns <names>' given twice, "epoch" and "accuracy": it takes one value; give it once`,
      },
    });
  } finally {
    stderr.mockRestore();
  }
});

test("generate --out --check, the folder forgotten, is a usage error, not a run that writes into a folder named --check and passes", async () => {
  const root = mkdtempSync(join(tmpdir(), "legolas-option-values-"));
  const runs = schemaFolder(root, "runs");
  const home = process.cwd();
  process.chdir(root);
  try {
    for (const command of ["generate", "docs"]) {
      // runCli restores every mock when it returns: one spy per run.
      const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      expect(await runCli(command, "--schemas", runs, "--out", "--check")).toMatchObject({ code: 2, out: "" });
      expect(stderr.mock.calls.join("")).toBe(
        `error: option '--out <dir>' argument missing: "--check" after it is a flag of ${command}, not its value\n`,
      );
    }
    expect(existsSync(join(root, "--check"))).toBe(false);
  } finally {
    process.chdir(home);
  }
});

test("generate --out with a misspelt flag or -- after it is a usage error naming the flag, not a run into a folder of that name", async () => {
  const root = mkdtempSync(join(tmpdir(), "legolas-flag-like-values-"));
  const runs = schemaFolder(root, "runs");
  const home = process.cwd();
  process.chdir(root);
  try {
    for (const [argv, refusal] of [
      [
        ["--out", "--chekc"],
        `"--chekc" after it is written as a flag (did you mean --check?), not its value; a folder of that name is ./--chekc`,
      ],
      [["--out", "--", "--check"], `"--" after it ends the flags, not its value; a folder of that name is ./--`],
    ] as const) {
      const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      expect(await runCli("generate", "--schemas", runs, ...argv)).toMatchObject({ code: 2, out: "" });
      expect(stderr.mock.calls.join("")).toBe(`error: option '--out <dir>' argument missing: ${refusal}\n`);
    }
    expect(readdirSync(root)).toEqual(["runs"]);
    // As the refusal says: a folder whose name begins with -- is written ./--chekc.
    expect((await runCli("generate", "--schemas", runs, "--out", "./--chekc")).code).toBe(0);
    expect(readdirSync(join(root, "--chekc")).sort()).toEqual(["index.ts", "runs.ts"]);
  } finally {
    process.chdir(home);
  }
});

test("a package.json whose folders begin with --: generate and docs --check advise ./--runs and ./--gen, which run, not the refused --runs", async () => {
  const root = mkdtempSync(join(tmpdir(), "legolas-flag-like-folders-"));
  renameSync(schemaFolder(root, "runs"), join(root, "--runs"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ legolas: { schemas: "--runs", out: "--gen" } }));
  const home = process.cwd();
  process.chdir(root);
  try {
    for (const [command, out] of [
      ["generate", "./--gen"],
      ["docs", "docs"],
    ] as const) {
      const stale = await runCli(command, "--check");
      expect(stale.code, stale.err).toBe(1);
      const advised = advisedWords(stale.err);
      expect(advised).toEqual(["npx", "--no-install", "legolas", command, "--schemas", "./--runs", "--out", out]);
      expect((await runCli(...advised.slice(3))).code).toBe(0);
      expect((await runCli(command, "--check")).code).toBe(0);
    }
  } finally {
    process.chdir(home);
  }
});

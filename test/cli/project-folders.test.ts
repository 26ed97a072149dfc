/**
 * Commands without `--schemas`/`--out` take their folders from the `legolas` field of the working
 * folder's package.json (a monorepo names them once), else `schemas/` and `generated/`.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { runCli } from "./helpers.js";

const SCHEMA = "schema: run\nprefix: Run\nversions:\n  1:\n    fields:\n      epoch: int64\n";
const folders: string[] = [];
const home = process.cwd();

afterEach(() => {
  process.chdir(home);
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A project folder with `schemas` holding one YAML file and the given package.json, made the working folder. */
function enterProject(schemas: string, manifest: unknown): string {
  const root = mkdtempSync(join(tmpdir(), "legolas-project-"));
  folders.push(root);
  mkdirSync(join(root, schemas), { recursive: true });
  writeFileSync(join(root, schemas, "run.yaml"), SCHEMA);
  if (manifest !== undefined) writeFileSync(join(root, "package.json"), JSON.stringify(manifest));
  process.chdir(root);
  return root;
}

test("generate and generate --check use the folders package.json names", async () => {
  const root = enterProject("models/schemas", {
    name: "app",
    legolas: { schemas: "models/schemas", out: "models/generated" },
  });
  expect((await runCli("generate")).code).toBe(0);
  expect(readdirSync(join(root, "models/generated")).sort()).toEqual(["index.ts", "run.ts"]);
  expect(existsSync(join(root, "generated"))).toBe(false);
  const check = await runCli("generate", "--check");
  expect(check).toMatchObject({ code: 0, out: "models/generated: up to date (2 files)" });
});

test("a flag wins over package.json, and a field left out keeps its convention", async () => {
  const root = enterProject("models/schemas", { legolas: { schemas: "models/schemas" } });
  expect((await runCli("generate")).code).toBe(0);
  expect(readdirSync(join(root, "generated")).sort()).toEqual(["index.ts", "run.ts"]);
  expect((await runCli("generate", "--out", "elsewhere")).code).toBe(0);
  expect(readdirSync(join(root, "elsewhere")).sort()).toEqual(["index.ts", "run.ts"]);
});

test("without a legolas field the folders are schemas/ and generated/", async () => {
  const root = enterProject("schemas", { name: "app" });
  expect((await runCli("generate")).code).toBe(0);
  expect(readdirSync(join(root, "generated")).sort()).toEqual(["index.ts", "run.ts"]);
});

test("a malformed legolas field is a usage error that says what the field must hold, and nothing is written", async () => {
  const root = enterProject("schemas", { legolas: { schemas: 3 } });
  const result = await runCli("generate");
  expect(result.code).toBe(2);
  expect(result.err).toBe(
    'legolas generate: package.json: "legolas.schemas" must be a folder path (a non-empty string)',
  );
  expect(existsSync(join(root, "generated"))).toBe(false);
  enterProject("schemas", { legolas: "schemas" });
  expect((await runCli("generate")).err).toContain('package.json: "legolas" must be an object');
});

/**
 * Commands without `--schemas`/`--out` take their folders from the `legolas` field of the working
 * folder's package.json (a monorepo names them once), else `schemas/` and `generated/`.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
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

test("a package.json saved with a byte order mark and CRLF line ends (Notepad's) still names the folders, as npm and Node read it", async () => {
  const root = enterProject("models/schemas", undefined);
  const manifest = { name: "app", legolas: { schemas: "models/schemas", out: "models/generated" } };
  writeFileSync(join(root, "package.json"), `\uFEFF${JSON.stringify(manifest, null, 2).replaceAll("\n", "\r\n")}\r\n`);
  expect(await runCli("generate")).toMatchObject({
    code: 0,
    out: "models/generated: wrote index.ts, run.ts (1 schema file)",
  });
  expect(existsSync(join(root, "generated"))).toBe(false);
});

test("a misspelt setting in the legolas field is a usage error naming it, not a folder left to the convention", async () => {
  const root = enterProject("models/schemas", { legolas: { schema: "models/schemas", out: "models/generated" } });
  expect(await runCli("generate")).toEqual({
    code: 2,
    out: "",
    err: 'legolas generate: package.json: "legolas.schema" is no setting (did you mean schemas?); the "legolas" field takes "schemas" and "out"',
  });
  // Where nothing is close, the two settings are still named.
  writeFileSync("package.json", JSON.stringify({ legolas: { schemas: "models/schemas", output: "models/generated" } }));
  expect((await runCli("generate")).err).toBe(
    'legolas generate: package.json: "legolas.output" is no setting; the "legolas" field takes "schemas" and "out"',
  );
  expect(existsSync(join(root, "generated"))).toBe(false);
});

test("a package.json that is not JSON (a trailing comma, a merge conflict) is a usage error, not its folders left to the convention in silence", async () => {
  // npx runs the command beside a package.json that npm run refuses: the legolas field went
  // unread, and generate advised `legolas init`, which would make a second schemas/ folder.
  const root = enterProject("models/schemas", undefined);
  const manifest = JSON.stringify({ legolas: { schemas: "models/schemas", out: "models/generated" } });
  writeFileSync("package.json", `${manifest.slice(0, -1)},}`);
  const parseError = (() => {
    try {
      JSON.parse(readFileSync("package.json", "utf8"));
    } catch (error) {
      return (error as SyntaxError).message;
    }
  })();
  const refusal = `package.json is not JSON (${parseError}), so the folders its "legolas" field may name cannot be read: fix it (npm run refuses it too)`;
  for (const command of [["generate"], ["generate", "--check"], ["compat", "run"], ["docs"]]) {
    expect(await runCli(...command)).toEqual({ code: 2, out: "", err: `legolas ${command[0]}: ${refusal}` });
  }
  expect(await runCli("validate", "t.arrow", "--json")).toEqual({
    code: 2,
    out: JSON.stringify({ ok: false, error: { code: "usage", message: refusal } }, null, 2),
    err: `legolas validate: ${refusal}`,
  });
  writeFileSync("package.json", `{\n<<<<<<< HEAD\n${manifest}\n=======\n>>>>>>> theirs\n}\n`);
  expect(await runCli("generate")).toMatchObject({
    code: 2,
    err: expect.stringContaining("package.json is not JSON ("),
  });
  expect(readdirSync(root).sort()).toEqual(["models", "package.json"]);
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

describe("a package.json names only folders inside its project", () => {
  // A cloned repository's package.json must not make `npx legolas generate` write elsewhere.
  test.each([
    ["a relative path out of it", "../../x"],
    ["an absolute path", "/tmp/legolas-elsewhere"],
  ])("%s is a usage error naming the flag that would allow it, and nothing is written", async (_, out) => {
    const root = enterProject("schemas", { legolas: { out } });
    const result = await runCli("generate");
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `legolas generate: package.json: "legolas.out" is ${JSON.stringify(out)}, outside the project ${realpathSync(root)}; a package.json may only name folders inside its project (pass --out ${JSON.stringify(out)} to use that folder anyway)`,
    );
    expect(existsSync(resolve(root, out))).toBe(false);
  });

  test("a symbolic link out of the project is followed, dangling or not", async () => {
    const outside = mkdtempSync(join(tmpdir(), "legolas-outside-"));
    folders.push(outside);
    const root = enterProject("schemas", { legolas: { out: "generated" } });
    symlinkSync(join(outside, "not-yet"), join(root, "generated"));
    expect((await runCli("generate")).err).toContain('"legolas.out" is "generated", outside the project');
    rmSync(join(root, "generated"));
    symlinkSync(outside, join(root, "generated"));
    expect((await runCli("generate")).err).toContain('"legolas.out" is "generated", outside the project');
    expect(readdirSync(outside)).toEqual([]);
  });

  test("the command line is explicit: --out outside the project is honoured", async () => {
    const outside = mkdtempSync(join(tmpdir(), "legolas-outside-"));
    folders.push(outside);
    enterProject("schemas", { legolas: { out: "../../x" } });
    expect((await runCli("generate", "--out", outside)).code).toBe(0);
    expect(readdirSync(outside).sort()).toEqual(["index.ts", "run.ts"]);
  });

  test("a NUL in a folder is a usage error, not Node's raw error", async () => {
    enterProject("schemas", { legolas: { out: "gen\0erated" } });
    expect((await runCli("generate")).err).toBe(
      'legolas generate: package.json: "legolas.out" must be a folder path (a non-empty string without a NUL character)',
    );
  });
});

test("a folder name with line breaks or */ stays inside the comments of generated code", async () => {
  // A folder name cannot hold "/", so "*/" closes the path: the folder "... /*" holds run.yaml.
  const schemas = "models\nglobalThis.PWNED = 1;\n\u2028 globalThis.PWNED = 2; /*";
  const root = enterProject(schemas, { legolas: { schemas } });
  expect((await runCli("generate")).code).toBe(0);
  const { ts } = await import("ts-morph");
  for (const name of ["run.ts", "index.ts"]) {
    const text = readFileSync(join(root, "generated", name), "utf8");
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
    // Only imports, declarations and exports: no statement that would run at import.
    expect(file.statements.filter((statement) => ts.isExpressionStatement(statement))).toEqual([]);
    expect(text).not.toContain("\u2028");
  }
  expect(readFileSync(join(root, "generated", "run.ts"), "utf8").split("\n")[0]).toContain(
    "from ../models\\nglobalThis.PWNED = 1;\\n\\u2028 globalThis.PWNED = 2; /*\\/run.yaml",
  );
});

test("run from a subfolder of the app, a missing schema folder names the app's folder, not legolas init", async () => {
  const root = realpathSync(enterProject("models/schemas", { legolas: { schemas: "models/schemas" } }));
  mkdirSync(join(root, "scripts/train"), { recursive: true });
  process.chdir(join(root, "scripts/train"));
  const result = await runCli("generate");
  expect(result).toEqual({
    code: 2,
    out: "",
    err:
      `legolas generate: no schema folder schemas (relative to ${process.cwd()}); the project is ${root} ` +
      "(its package.json; schema folder models/schemas), and its folders are read from the folder a command runs in: " +
      "run it there (cd ../..)",
  });
  expect(readdirSync(process.cwd())).toEqual([]); // nothing written below
  // The table commands, which need no schema folder, say that the app's was not read.
  const tableCommand = await runCli("inspect", join(root, "none.arrow"));
  expect(tableCommand.err).toContain(
    `legolas inspect: no schemas were registered: the project is ${root} (its package.json; schema folder ` +
      "models/schemas), and its folders are read from the folder a command runs in: run it there (cd ../..), " +
      "or pass --schemas <dir>",
  );
  // A package.json above without a schema folder: the usual advice.
  rmSync(join(root, "models"), { recursive: true });
  expect((await runCli("generate")).err).toMatch(/; create it with `npx --no-install legolas init`, or pass --schemas/);
});

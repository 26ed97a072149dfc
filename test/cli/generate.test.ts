/** The `legolas generate` command, run in-process: exit codes, messages, and what reaches the disk. */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { advisedWords, runCli } from "./helpers.js";
import { gitPatch } from "../../generator/write/patch.js";

function project(): { schemas: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), "legolas-cli-"));
  const schemas = join(root, "schemas");
  mkdirSync(schemas);
  writeFileSync(
    join(schemas, "run.yaml"),
    "schema: run\nprefix: Run\nversions:\n  1:\n    extends: legolas-flux.model@1\n    fields:\n      epoch: int64\n",
  );
  return { schemas, out: join(root, "generated") };
}

test('an empty or space-padded --runtime is a usage error, nothing written (not modules importing from "")', async () => {
  const { schemas, out } = project();
  for (const runtime of ["", " legolas-ts/codegen"]) {
    expect(await runCli("generate", "--schemas", schemas, "--out", out, "--runtime", runtime)).toEqual({
      code: 2,
      out: "",
      err: `legolas generate: --runtime ${JSON.stringify(runtime)} names no module: give the module generated code imports the runtime from (legolas-ts/codegen when left out), without spaces around it`,
    });
  }
  expect(existsSync(out)).toBe(false);
});

test("generate writes one module per schema and an index; shipped parents come through legolas-ts/codegen, its one import", async () => {
  const { schemas, out } = project();
  const result = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(result.code).toBe(0);
  expect(readdirSync(out).sort()).toEqual(["index.ts", "run.ts"]);
  const code = readFileSync(join(out, "run.ts"), "utf8");
  expect([...code.matchAll(/from "([^"]+)";/g)].map((match) => match[1])).toEqual(["legolas-ts/codegen"]);
  expect(code).toMatch(
    /import \{[^}]*\btype ModelV1Fields,[^}]*\bModelV1SchemaVersion,[^}]*\} from "legolas-ts\/codegen";/,
  );
});

test("--check exits 0 when up to date and 1 with the difference when a YAML file changed", async () => {
  const { schemas, out } = project();
  await runCli("generate", "--schemas", schemas, "--out", out);
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--check")).code).toBe(0);
  writeFileSync(
    join(schemas, "run.yaml"),
    readFileSync(join(schemas, "run.yaml"), "utf8").replace("epoch: int64", "epoch: int32"),
  );
  const stale = await runCli("generate", "--schemas", schemas, "--out", out, "--check");
  expect(stale.code).toBe(1);
  expect(stale.err.split("\n")).toEqual([
    `${out} is stale; run \`npx --no-install legolas generate --schemas ${schemas} --out ${out}\`, or apply the patch on stdout with \`git -C ${realpathSync(out)} apply\`:`,
    // The folder as it was given: absolute here, not a climb out of the working folder.
    `  changed: ${join(out, "run.ts")}`,
  ]);
  // A git patch on stdout; for a folder in no repository (and outside the working folder) its paths start there.
  expect(stale.out).toMatch(
    /^diff --git a\/run.ts b\/run.ts\n--- a\/run.ts\n\+\+\+ b\/run.ts\n@@ -\d+,\d+ \+\d+,\d+ @@/,
  );
  expect(stale.out).toContain("\n-  readonly epoch: bigint;\n");
});

test("output checked out with CRLF line endings (git on Windows, core.autocrlf) is up to date, and generate leaves it", async () => {
  const { schemas, out } = project();
  await runCli("generate", "--schemas", schemas, "--out", out);
  for (const name of ["index.ts", "run.ts"])
    writeFileSync(join(out, name), readFileSync(join(out, name), "utf8").replaceAll("\n", "\r\n"));
  expect(await runCli("generate", "--schemas", schemas, "--out", out, "--check")).toEqual({
    code: 0,
    out: `${out}: up to date (2 files)`,
    err: "",
  });
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).out).toBe(`${out}: up to date (1 schema file)`);
  writeFileSync(join(out, "run.ts"), readFileSync(join(out, "run.ts"), "utf8").replace("epoch", "epoch2"));
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--check")).code).toBe(1);
});

test("--check's advice passes the --runtime it was given, so that running it brings the output up to date", async () => {
  const { schemas, out } = project();
  const stale = await runCli("generate", "--schemas", schemas, "--out", out, "--runtime", "my-runtime", "--check");
  expect(stale.code).toBe(1);
  expect(stale.err.split("\n")[0]).toContain(
    `run \`npx --no-install legolas generate --schemas ${schemas} --out ${out} --runtime my-runtime\`, or apply`,
  );
  await runCli("generate", "--schemas", schemas, "--out", out, "--runtime", "my-runtime");
  expect(
    (await runCli("generate", "--schemas", schemas, "--out", out, "--runtime", "my-runtime", "--check")).code,
  ).toBe(0);
});

test("a plain generate or --check keeps the --runtime the folder was generated with; --runtime legolas-ts/codegen switches back", async () => {
  const { schemas, out } = project();
  const runtimeOf = () =>
    /\bdefineSchemaVersion,[^}]*\} from "([^"]+)";/.exec(readFileSync(join(out, "run.ts"), "utf8"))?.[1];
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--runtime", "./my-runtime.js")).code).toBe(0);
  expect(runtimeOf()).toBe("./my-runtime.js");
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--check")).code).toBe(0);
  // A YAML edit, then the plain generate that init's hint and the README say to run.
  const yaml = join(schemas, "run.yaml");
  writeFileSync(yaml, readFileSync(yaml, "utf8").replace("epoch: int64", "epoch: int64\n      loss: float64"));
  const stale = await runCli("generate", "--schemas", schemas, "--out", out, "--check");
  expect(stale.err.split("\n")[0]).toContain(`--out ${out} --runtime ./my-runtime.js\``);
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).code).toBe(0);
  expect(runtimeOf()).toBe("./my-runtime.js");
  expect(readFileSync(join(out, "run.ts"), "utf8")).toContain("loss");
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--runtime", "legolas-ts/codegen")).code).toBe(
    0,
  );
  expect(runtimeOf()).toBe("legolas-ts/codegen");
});

// On Windows the advice is written for cmd and PowerShell, not sh.
test.skipIf(process.platform === "win32")(
  "--check's advice quotes the folders a shell would split or expand: pasted, it passes each as one word and brings the output up to date",
  async () => {
    const root = mkdtempSync(join(tmpdir(), "legolas-cli-"));
    const schemas = join(root, `it's "my" schemas`);
    const out = join(root, "generated $HOME *");
    const runtime = "./my runtime.js";
    mkdirSync(schemas);
    writeFileSync(
      join(schemas, "run.yaml"),
      "schema: run\nprefix: Run\nversions:\n  1:\n    fields:\n      epoch: int64\n",
    );
    const stale = await runCli("generate", "--schemas", schemas, "--out", out, "--runtime", runtime, "--check");
    expect(stale.code).toBe(1);
    const words = advisedWords(stale.err);
    expect(words).toEqual([
      "npx",
      "--no-install",
      "legolas",
      "generate",
      "--schemas",
      schemas,
      "--out",
      out,
      "--runtime",
      runtime,
    ]);
    expect((await runCli(...words.slice(3))).code).toBe(0);
    expect((await runCli("generate", "--schemas", schemas, "--out", out, "--runtime", runtime, "--check")).code).toBe(
      0,
    );
  },
);

test("--check where --out is a file cannot run: exit 2 naming the path, not a patch that creates files inside it", async () => {
  const { schemas, out } = project();
  writeFileSync(out, "notes\n");
  const result = await runCli("generate", "--schemas", schemas, "--out", out, "--check");
  expect(result.code).toBe(2);
  expect(result.out).toBe("");
  expect(result.err).toContain(`cannot read ${join(out, "")}`);
  expect(result.err).toContain("(ENOTDIR): a part of the path is not a folder");
});

test("generate --check > fix.patch applies with a plain `git apply`, run anywhere in the repository: changed, new and removed files", async () => {
  const repository = mkdtempSync(join(tmpdir(), "legolas-patch-"));
  const app = join(repository, "packages", "app");
  mkdirSync(join(app, "schemas"), { recursive: true });
  const yaml = (name: string, field: string) =>
    `schema: ${name}\nprefix: ${name[0]!.toUpperCase()}${name.slice(1)}\nversions:\n  1:\n    fields:\n      ${field}\n`;
  writeFileSync(join(app, "schemas", "run.yaml"), yaml("run", "epoch: int64"));
  writeFileSync(join(app, "schemas", "gone.yaml"), yaml("gone", "x: bool"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: app, stdio: "pipe" });
  git("init", "-q", repository);
  const home = process.cwd();
  process.chdir(app);
  try {
    expect((await runCli("generate")).code).toBe(0);
    git("add", "-A");
    git("commit", "-qm", "generated");
    writeFileSync(join(app, "schemas", "run.yaml"), yaml("run", "epoch: int32"));
    writeFileSync(join(app, "schemas", "added.yaml"), yaml("added", "y: string"));
    rmSync(join(app, "schemas", "gone.yaml"));
    const stale = await runCli("generate", "--check");
    expect(stale.code).toBe(1);
    expect(stale.out).toContain("diff --git a/packages/app/generated/run.ts b/packages/app/generated/run.ts\n");
    expect(stale.out).toContain("new file mode 100644\n--- /dev/null\n+++ b/packages/app/generated/added.ts\n");
    expect(stale.out).toContain("deleted file mode 100644\n--- a/packages/app/generated/gone.ts\n+++ /dev/null\n");
    writeFileSync(join(app, "fix.patch"), `${stale.out}\n`);
    git("apply", "fix.patch");
    expect(await runCli("generate", "--check")).toMatchObject({ code: 0, out: "generated: up to date (3 files)" });
  } finally {
    process.chdir(home);
    rmSync(repository, { recursive: true, force: true });
  }
});

// The advice is pasted into sh; on Windows it is written for cmd and PowerShell.
test.skipIf(process.platform === "win32").each([
  ["in a repository of its own, the working folder in another", ["here", "my app"]],
  ["in the working folder's repository, outside the working folder (git apply there skips it)", ["."]],
  ["in no repository, outside the working folder", []],
])("--check's patch for an output folder %s applies with the command the advice names", async (_, repositories) => {
  const root = mkdtempSync(join(tmpdir(), "legolas-patch-"));
  const [here, there] = [join(root, "here"), join(root, "my app")];
  mkdirSync(here);
  mkdirSync(join(there, "schemas"), { recursive: true });
  const yaml = (name: string) =>
    `schema: ${name}\nprefix: ${name.toUpperCase()}\nversions:\n  1:\n    fields:\n      epoch: int64\n`;
  writeFileSync(join(there, "schemas", "run.yaml"), yaml("run"));
  for (const folder of repositories) execFileSync("git", ["init", "-q", join(root, folder)]);
  const home = process.cwd();
  process.chdir(here);
  try {
    const folders = ["--schemas", "../my app/schemas", "--out", "../my app/generated"];
    expect((await runCli("generate", ...folders)).code).toBe(0);
    writeFileSync(join(there, "schemas", "run.yaml"), yaml("run").replace("int64", "int32"));
    writeFileSync(join(there, "schemas", "added.yaml"), yaml("added"));
    const stale = await runCli("generate", ...folders, "--check");
    expect(stale.code).toBe(1);
    const apply = /apply the patch on stdout with `([^`]+)`/.exec(stale.err)![1]!;
    execFileSync("sh", ["-c", apply], { input: `${stale.out}\n`, stdio: ["pipe", "pipe", "pipe"] });
    expect((await runCli("generate", ...folders, "--check")).code).toBe(0);
  } finally {
    process.chdir(home);
    rmSync(root, { recursive: true, force: true });
  }
});

test("the patch keeps the spaces a hand-edited line ends with, so that it still applies", () => {
  const folder = mkdtempSync(join(tmpdir(), "legolas-patch-spaces-"));
  const generated = "// @generated by legolas-ts\nexport {};\n";
  const edited = `${generated}   \n`;
  writeFileSync(join(folder, "run.ts"), edited);
  const patch = gitPatch([{ path: "run.ts", status: "changed", current: edited, generated }], "");
  expect(patch.endsWith("\n-   ")).toBe(true);
  writeFileSync(join(folder, "fix.patch"), `${patch}\n`);
  execFileSync("git", ["apply", "fix.patch"], { cwd: folder, stdio: "pipe" });
  expect(readFileSync(join(folder, "run.ts"), "utf8")).toBe(generated);
  rmSync(folder, { recursive: true, force: true });
});

test("a schema folder that does not exist: exit 2, naming the folder and what to do", async () => {
  const result = await runCli("generate", "--schemas", "no/such/schemas");
  expect(result).toMatchObject({
    code: 2,
    err: `legolas generate: no schema folder no/such/schemas (relative to ${process.cwd()}); create it with \`npx --no-install legolas init\`, or pass --schemas <folder of .yaml files>`,
  });
});

test("a declaration error exits 2, names file:line:col, and writes nothing", async () => {
  const { schemas, out } = project();
  writeFileSync(join(schemas, "bad.yaml"), "schema: bad\nprefix: Bad\nversions:\n  1:\n    extends: missing@1\n");
  const result = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(result.code).toBe(2);
  expect(result.err.split("\n")).toEqual([
    `${join(schemas, "bad.yaml")}:5:14: parent "missing@1" is not declared in any schema file [unknown-parent]`,
    `1 declaration error; ${out} left as it was`,
  ]);
  expect(result.out).toBe("");
  expect(existsSync(out)).toBe(false);
});

test("one run reports every file's errors: a file that does not parse, the resolve errors of the others and of a file's versions that parse, one error for a child of the broken file; exit 2, nothing written", async () => {
  const { schemas, out } = project();
  writeFileSync(join(schemas, "base.yaml"), "schema: base\nprefix: Base\nversions:\n  1:\n    fields: [x\n");
  writeFileSync(
    join(schemas, "child.yaml"),
    "schema: child\nprefix: Child\nversions:\n  1:\n    extends: base@1\n    fields:\n      n: int8\n",
  );
  writeFileSync(
    join(schemas, "typo.yaml"),
    [
      "schema: typo",
      "prefix: Typo",
      "versions:",
      "  1:",
      "    extends: gone@1",
      "  2:",
      "    fields:",
      "      a: in64",
      "      b:",
      "        type: int8",
      "        min: 1000",
      "      c: child@1",
      "",
    ].join("\n"),
  );
  const expected = [
    `${join(schemas, "base.yaml")}:5:13: invalid YAML: `,
    `${join(schemas, "child.yaml")}:5:14: parent "base@1" cannot be read: ${join(schemas, "base.yaml")}, the file of schema "base", has errors; once they are fixed, child@1 is checked too [depends-on-errors]`,
    `${join(schemas, "typo.yaml")}:5:14: parent "gone@1" is not declared in any schema file [unknown-parent]`,
    `${join(schemas, "typo.yaml")}:8:10: field "a": unknown type "in64"`,
    `${join(schemas, "typo.yaml")}:11:14: field "b": min 1000 does not fit: 1000 is out of the range of int8 [constraint-type]`,
  ];
  for (const check of [[], ["--check"]]) {
    const result = await runCli("generate", "--schemas", schemas, "--out", out, ...check);
    expect(result.code).toBe(2);
    const lines = result.err.split("\n");
    expect(lines).toHaveLength(expected.length + 1);
    expected.forEach((start, i) => expect(lines[i]!.startsWith(start), lines[i]).toBe(true));
    expect(lines.at(-1)).toMatch(/^5 declaration errors; /);
    expect(existsSync(out)).toBe(false);
  }
});

test.each([
  ["eval.yml", "YAML's other extension"],
  ["eval.YAML", "in capitals (an editor on a case-insensitive disk)"],
  ["Eval.Yml", "in mixed case"],
])("a schema saved as %s, %s, is refused by the file-name rule, never passed over", async (file) => {
  const { schemas, out } = project();
  writeFileSync(
    join(schemas, file),
    "schema: eval\nprefix: Eval\nversions:\n  1:\n    fields:\n      score: float64\n",
  );
  const result = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(result.code).toBe(2);
  expect(result.err.split("\n")).toEqual([
    `${join(schemas, file)}:1:9: schema "eval" must live in a file named "eval.yaml" [file-name]`,
    `1 declaration error; ${out} left as it was`,
  ]);
  expect(existsSync(out)).toBe(false);
});

test("a schema file that cannot be read (a folder named x.yaml, a dangling link): exit 2 naming it and why, nothing written", async () => {
  const { schemas, out } = project();
  mkdirSync(join(schemas, "eval.yaml"));
  expect(await runCli("generate", "--schemas", schemas, "--out", out)).toMatchObject({
    code: 2,
    err: `legolas generate: cannot read ${join(schemas, "eval.yaml")} (EISDIR): it is a folder named like a schema file; rename it, or move it out`,
  });
  rmSync(join(schemas, "eval.yaml"), { recursive: true });
  symlinkSync("gone.yaml", join(schemas, "eval.yaml"));
  expect(await runCli("generate", "--schemas", schemas, "--out", out)).toMatchObject({
    code: 2,
    err: `legolas generate: cannot read ${join(schemas, "eval.yaml")} (ENOENT): no such file or folder; check the path`,
  });
  expect(existsSync(out)).toBe(false);
});

test("what tools leave beside a file is no schema file: an editor's lock (.#run.yaml, a link to nowhere) or macOS's ._run.yaml", async () => {
  const { schemas, out } = project();
  symlinkSync("me@host.1234:1733400000", join(schemas, ".#run.yaml"));
  writeFileSync(join(schemas, "._run.yaml"), "\u0000\u0005\u0016\u0007Mac OS X");
  expect(await runCli("generate", "--schemas", schemas, "--out", out)).toEqual({
    code: 0,
    out: `${out}: wrote index.ts, run.ts (1 schema file)`,
    err: "",
  });
});

test("generated files of a removed schema are deleted, and said to be; other files are left alone", async () => {
  const { schemas, out } = project();
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).out).toBe(
    `${out}: wrote index.ts, run.ts (1 schema file)`,
  );
  writeFileSync(join(out, "handwritten.ts"), "export const mine = 1;\n");
  writeFileSync(join(schemas, "run.yaml"), "schema: run\nprefix: Run\nversions:\n  1:\n");
  writeFileSync(join(out, "old.ts"), "// @generated by legolas-ts from old.yaml. DO NOT EDIT.\n");
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).out).toBe(
    `${out}: wrote run.ts; removed old.ts (1 schema file)`,
  );
  expect(readdirSync(out).sort()).toEqual(["handwritten.ts", "index.ts", "run.ts"]);
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).out).toBe(`${out}: up to date (1 schema file)`);
});

test.each(["run.ts", "index.ts"])(
  "a file of the user's own where generate would write %s is refused, not overwritten, by generate and by --check",
  async (name) => {
    const { schemas, out } = project();
    mkdirSync(out);
    writeFileSync(join(out, name), "export const mine = 1;\n");
    const refusal = `legolas generate: cannot write ${join(out, name)}: it does not start with "// @generated by legolas-ts", so generate did not write it and does not replace it; move it out of ${out} (or delete it, if it is generated code whose first line was removed)`;
    expect(await runCli("generate", "--schemas", schemas, "--out", out)).toEqual({ code: 2, out: "", err: refusal });
    expect(await runCli("generate", "--schemas", schemas, "--out", out, "--check")).toEqual({
      code: 2,
      out: "",
      err: refusal,
    });
    expect(readdirSync(out)).toEqual([name]);
    expect(readFileSync(join(out, name), "utf8")).toBe("export const mine = 1;\n");
  },
);

test("a generated file an editor re-saved with a byte order mark is still the generator's: --check calls it stale, generate replaces it", async () => {
  const { schemas, out } = project();
  await runCli("generate", "--schemas", schemas, "--out", out);
  const generated = readFileSync(join(out, "run.ts"), "utf8");
  writeFileSync(join(out, "run.ts"), `\uFEFF${generated}`);
  expect(await runCli("generate", "--schemas", schemas, "--out", out, "--check")).toMatchObject({ code: 1 });
  expect(await runCli("generate", "--schemas", schemas, "--out", out)).toEqual({
    code: 0,
    out: `${out}: wrote run.ts (1 schema file)`,
    err: "",
  });
  expect(readFileSync(join(out, "run.ts"), "utf8")).toBe(generated);
});

// The shipped schemas import the runtime's building blocks directly: legolas-ts/codegen exports them.
test.each([
  ["runtime/schemas", "runtime/generated", "../codegen-blocks.js"],
  ["test/schemas", "test/generated", "legolas-ts/codegen"],
  ["schemas", "generated", "legolas-ts/codegen"],
  ["bench/schemas", "bench/generated", "legolas-ts/codegen"],
])("the repository's generated code for %s is up to date", async (schemas, out, runtime) => {
  expect(await runCli("generate", "--schemas", schemas, "--out", out, "--runtime", runtime, "--check")).toMatchObject({
    code: 0,
  });
});

test("unknown flags are a usage error (exit 2)", async () => {
  expect((await runCli("generate", "--no-such-flag")).code).toBe(2);
});

test('--target js in a package that is not "type": "module" (npm init -y writes "commonjs") warns that Node will not load the output as written', async () => {
  const { schemas, out } = project();
  const manifest = join(out, "..", "package.json");
  const written = `${out}: wrote index.d.ts, index.js, run.d.ts, run.js (1 schema file)`;
  const fix = 'set "type": "module" there (`npm pkg set type=module`), or generate TypeScript for your build instead';

  writeFileSync(manifest, JSON.stringify({ name: "app", type: "commonjs" }));
  expect(await runCli("generate", "--schemas", schemas, "--out", out, "--target", "js")).toEqual({
    code: 0,
    out: written,
    err: `warning: ${out}'s JavaScript is ES modules, but ${manifest} has "type": "commonjs", so Node loads them as CommonJS and fails with a SyntaxError: ${fix}`,
  });
  expect(() => execFileSync(process.execPath, ["-e", `require(${JSON.stringify(join(out, "index.js"))})`])).toThrow(
    /SyntaxError: Unexpected token 'export'/,
  );

  writeFileSync(manifest, JSON.stringify({ name: "app" }));
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--target", "js")).err).toBe(
    `warning: ${out}'s JavaScript is ES modules, but ${manifest} has no "type": "module", so Node reparses each with a warning, and Node before 20.19 refuses them: ${fix}`,
  );

  // As the docs ask; TypeScript output compiles to either module system, so it never warns.
  writeFileSync(manifest, JSON.stringify({ name: "app", type: "module" }));
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--target", "js")).err).toBe("");
  writeFileSync(manifest, JSON.stringify({ name: "app", type: "commonjs" }));
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--target", "ts")).err).toBe("");

  // Saved with a byte order mark (Notepad), it still says "commonjs" to Node.
  writeFileSync(manifest, `\uFEFF${JSON.stringify({ name: "app", type: "commonjs" })}`);
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--target", "js")).err).toContain(
    'has "type": "commonjs", so Node loads them as CommonJS',
  );
});

test("--target js writes ES modules with .d.ts declarations; --check compares them; --target ts removes them", async () => {
  const { schemas, out } = project();
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--target", "js")).out).toBe(
    `${out}: wrote index.d.ts, index.js, run.d.ts, run.js (1 schema file)`,
  );
  const js = readFileSync(join(out, "run.js"), "utf8");
  expect(js).toMatch(/^\/\/ @generated by legolas-ts .* DO NOT EDIT\.\n/);
  expect(js).toContain('from "legolas-ts/codegen";');
  expect(js).toContain("export class RunV1 extends LegolasRow {");
  expect(js).not.toMatch(/: bigint|readonly |interface /);
  expect(readFileSync(join(out, "run.d.ts"), "utf8")).toContain(
    "export declare class RunV1 extends LegolasRow<RunV1Json> {",
  );
  expect(await runCli("generate", "--schemas", schemas, "--out", out, "--target", "js", "--check")).toMatchObject({
    code: 0,
    out: `${out}: up to date (4 files)`,
  });
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--target", "ts", "--check")).code).toBe(1);
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--target", "ts")).out).toBe(
    `${out}: wrote index.ts, run.ts; removed index.d.ts, index.js, run.d.ts, run.js (1 schema file)`,
  );
  expect(readdirSync(out).sort()).toEqual(["index.ts", "run.ts"]);
  expect(await runCli("generate", "--schemas", schemas, "--target", "py")).toMatchObject({
    code: 2,
    err: 'legolas generate: --target must be one of ts, js, not "py"',
  });
});

test("without --target, generate and --check keep a JavaScript output folder JavaScript, so a JavaScript app still runs after a YAML edit", async () => {
  const { schemas, out } = project();
  expect((await runCli("generate", "--schemas", schemas, "--out", out, "--target", "js")).code).toBe(0);
  expect(await runCli("generate", "--schemas", schemas, "--out", out, "--check")).toMatchObject({
    code: 0,
    out: `${out}: up to date (4 files)`,
  });
  writeFileSync(join(schemas, "run.yaml"), readFileSync(join(schemas, "run.yaml"), "utf8").replace("int64", "int32"));
  const stale = await runCli("generate", "--schemas", schemas, "--out", out, "--check");
  expect(stale.code).toBe(1);
  expect(stale.err).toContain(`--target js\`, or apply the patch`);
  expect(stale.err).toContain("changed: ");
  expect(stale.err).not.toContain("missing: ");
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).out).toBe(
    `${out}: wrote run.d.ts, run.js (1 schema file)`,
  );
  expect(readdirSync(out).sort()).toEqual(["index.d.ts", "index.js", "run.d.ts", "run.js"]);
});

test("generate where --out is a file, or a link to nothing, exits 2 saying so, not Node's bare EEXIST", async () => {
  const { schemas, out } = project();
  writeFileSync(out, "notes\n");
  const onFile = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(onFile.code).toBe(2);
  expect(onFile.err).toBe(
    `legolas generate: cannot write ${out} (EEXIST): it is a file, not a folder to write into; name a folder (a missing one is created), or move it away`,
  );
  expect(readFileSync(out, "utf8")).toBe("notes\n");
  rmSync(out);
  symlinkSync(join(out, "..", "nowhere"), out);
  const onLink = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(onLink.code).toBe(2);
  expect(onLink.err).toContain(
    `cannot write ${out} (EEXIST): it is a symbolic link to nothing, not a folder to write into;`,
  );
});

test("a schema file that is not UTF-8 (saved as Latin-1, or UTF-16) is a declaration error at its first such byte, not values of U+FFFD", async () => {
  const { schemas, out } = project();
  const latin1 = Buffer.from(
    "schema: run\nprefix: Run\nversions:\n  1:\n    fields:\n      x:\n        type: string\n        values: [café, thé]\n",
    "latin1",
  );
  writeFileSync(join(schemas, "run.yaml"), latin1);
  const result = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(result.code).toBe(2);
  expect(result.err).toContain(
    `${join(schemas, "run.yaml")}:8:21: the file is not UTF-8: byte 0xE9 here is no UTF-8 character (is it Latin-1 or Windows-1252?); schema files are read as UTF-8: save it as UTF-8 [file-encoding]\n`,
  );
  expect(existsSync(out)).toBe(false);
  writeFileSync(join(schemas, "run.yaml"), Buffer.from("\uFEFFschema: run\n", "utf16le"));
  const utf16 = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(utf16.code).toBe(2);
  expect(utf16.err).toContain(
    `${join(schemas, "run.yaml")}:1:1: the file is UTF-16 (it starts with a UTF-16 byte order mark);`,
  );
});

test("an empty schema folder is refused, exit 2, before the output it would empty is touched; schema files in subfolders are named", async () => {
  const { schemas, out } = project();
  await runCli("generate", "--schemas", schemas, "--out", out);
  mkdirSync(join(schemas, "v1"));
  const moved = join(schemas, "v1", "run.yaml");
  writeFileSync(moved, readFileSync(join(schemas, "run.yaml")));
  rmSync(join(schemas, "run.yaml"));
  for (const check of [[], ["--check"]]) {
    const result = await runCli("generate", "--schemas", schemas, "--out", out, ...check);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `legolas generate: --schemas ${schemas}: the folder holds no .yaml or .yml schema file (${moved} is in a subfolder, which is not read: move it into ${schemas}); nothing was done`,
    );
    expect(readdirSync(out).sort()).toEqual(["index.ts", "run.ts"]);
  }
  // Beside schema files directly in the folder, one in a subfolder is generated without, and said.
  writeFileSync(join(schemas, "run.yaml"), readFileSync(moved));
  writeFileSync(moved, readFileSync(moved, "utf8").replace("schema: run\nprefix: Run", "schema: old\nprefix: Old"));
  const beside = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(beside.code).toBe(0);
  expect(beside.err).toBe(
    `warning: ${moved} is in a subfolder of ${schemas}, which is not read: move it into ${schemas}`,
  );
});

test("a folder where --check or docs reads or writes a file of the CLI's naming is to be moved or renamed, not 'name a file inside it', which no flag can do", async () => {
  const { schemas, out } = project();
  mkdirSync(join(out, "index.ts"), { recursive: true });
  const inTheWay = "a folder stands where this file goes; move or rename the folder";
  expect(await runCli("generate", "--schemas", schemas, "--out", out, "--check")).toEqual({
    code: 2,
    out: "",
    err: `legolas generate: cannot read ${join(out, "index.ts")} (EISDIR): ${inTheWay}`,
  });
  mkdirSync(join(out, "schemas.md"));
  for (const check of [[], ["--check"]])
    expect((await runCli("docs", "--schemas", schemas, "--out", out, ...check)).err).toBe(
      `legolas docs: cannot ${check.length === 0 ? "write" : "read"} ${join(out, "schemas.md")} (EISDIR): ${inTheWay}`,
    );
});

/**
 * `legolas compat --against <git revision>`: the working tree's YAML against the same folder at a
 * revision, read from git's objects (no checkout), as `buf breaking --against '.git#branch=main'`
 * does for protobuf. With the default gate (`bump`) a CI job fails exactly on a version changed in
 * place in a breaking way, or removed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { runCli } from "./helpers.js";

const V1 = "  1:\n    fields:\n      epoch: int64\n      note: string?\n";
const V2 = "  2:\n    fields:\n      epoch: int64\n      loss: float64?\n";
const header = "schema: run\nprefix: Run\nversions:\n";

let repository: string;
let app: string;
const home = process.cwd();
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: app, encoding: "utf8" });
const write = (text: string) => writeFileSync(join(app, "schemas", "run.yaml"), text);

beforeAll(() => {
  repository = mkdtempSync(join(tmpdir(), "legolas-against-"));
  app = join(repository, "app");
  mkdirSync(join(app, "schemas"), { recursive: true });
  git("init", "-q", "-b", "main", repository);
  write(header + V1 + V2);
  git("add", "-A");
  git("commit", "-qm", "run@1 and run@2");
});
afterEach(() => {
  process.chdir(home);
  write(header + V1 + V2);
});
afterAll(() => rmSync(repository, { recursive: true, force: true }));

test("a version changed in place in a breaking way: exit 1, and the working tree untouched", async () => {
  process.chdir(app);
  write(header + V1.replace("epoch: int64", "epoch: int32") + V2);
  const before = git("status", "--porcelain");
  const result = await runCli("compat", "--against", "main");
  expect(result.code).toBe(1);
  expect(result.out).toContain(
    "run@1 -> run@1: backward no, forward no, full no; --mode bump: VIOLATED (a breaking change without a new version)",
  );
  expect(result.out).toContain("run@2 is unchanged.");
  expect(git("status", "--porcelain")).toBe(before);
  expect(readFileSync(join(app, "schemas", "run.yaml"), "utf8")).toContain("epoch: int32");
});

test("a new breaking version next to unchanged ones passes (exit 0); a schema name narrows the check", async () => {
  process.chdir(app);
  write(`${header}${V1}${V2}  3:\n    fields:\n      epoch: int64\n      loss: float64\n`);
  const result = await runCli("compat", "--against", "main");
  expect(result).toMatchObject({ code: 0, err: "" });
  expect(result.out.split("\n").filter((line) => !line.startsWith(" "))).toEqual([
    "run@1 -> run@1: backward yes, forward yes, full yes; --mode bump: compatible",
    "run@2 -> run@2: backward yes, forward yes, full yes; --mode bump: compatible",
    "run@3: new since main:schemas, so not compared in place; compat run compares it with run@2, to check its bump",
  ]);
  expect(JSON.parse((await runCli("compat", "--against", "main", "--json")).out)).toMatchObject({
    ok: true,
    added: ["run@3"],
  });
  expect((await runCli("compat", "run", "--against", "HEAD")).code).toBe(0);
  // The consecutive pairs, run@2 -> run@3 included, are what `compat run` checks without --against.
  expect((await runCli("compat", "run")).out).toContain(
    "run@2 -> run@3: backward no, forward yes, full no; --mode bump: correctly bumped",
  );
});

test("a removed version exits 1; one version compared with itself; a run from a subfolder", async () => {
  process.chdir(app);
  write(header + V1);
  const removed = await runCli("compat", "--against", "main");
  expect(removed.code).toBe(1);
  expect(removed.out).toContain("run@2: declared in main:schemas but no longer in schemas");
  expect((await runCli("compat", "run@1", "--against", "main")).code).toBe(0);
  mkdirSync(join(app, "sub"), { recursive: true });
  process.chdir(join(app, "sub"));
  expect((await runCli("compat", "--against", "main", "--schemas", "../schemas")).code).toBe(1);
});

test("one version named: removed since the revision exits 1, as a whole check does; new since it needs no check", async () => {
  process.chdir(app);
  write(`${header}${V1}  3:\n    fields:\n      epoch: int64\n`);
  expect(await runCli("compat", "run@2", "--against", "main")).toEqual({
    code: 1,
    out: "run@2: declared in main:schemas but no longer in schemas; its tables lose their schema (keep old versions declared)",
    err: "",
  });
  expect(JSON.parse((await runCli("compat", "run@2", "--against", "main", "--json")).out)).toMatchObject({
    ok: false,
    comparisons: [],
    removed: ["run@2"],
  });
  expect(await runCli("compat", "run@3", "--against", "main")).toEqual({
    code: 0,
    out: "run@3: new since main:schemas, so not compared in place; compat run compares it with run@1, to check its bump",
    err: "",
  });
  expect((await runCli("compat", "run@4", "--against", "main")).err).toBe(
    "legolas compat: run@4 is not declared in schemas (it declares run@1, run@3)",
  );
});

test("the folder absent at the revision: nothing to compare, exit 0, and each version said new", async () => {
  process.chdir(app);
  mkdirSync(join(app, "more"), { recursive: true });
  writeFileSync(join(app, "more", "run.yaml"), header + V1 + V2);
  expect(await runCli("compat", "--against", "main", "--schemas", "more")).toEqual({
    code: 0,
    out:
      "run@1: new since main:more, the first version of run: nothing to compare it with\n" +
      "run@2: new since main:more, so not compared in place; compat run compares it with run@1, to check its bump",
    err: "",
  });
});

test("a --schemas folder of no schema file (its YAML kept in a subfolder) exits 2 naming it, not 0 for a comparison of nothing", async () => {
  process.chdir(app);
  mkdirSync(join(app, "nested", "v1"), { recursive: true });
  writeFileSync(join(app, "nested", "v1", "run.yaml"), header + V1 + V2);
  const reason = (flag: string) =>
    `${flag} nested: the folder holds no .yaml or .yml schema file (${join("nested", "v1", "run.yaml")} is in a subfolder, which is not read: move it into nested); nothing was done`;
  expect(await runCli("compat", "--against", "main", "--schemas", "nested")).toEqual({
    code: 2,
    out: "",
    err: `legolas compat: ${reason("--schemas")}`,
  });
  // The old side's folder too: every version would be said new since it, and pass.
  expect(await runCli("compat", "--old-schemas", "nested")).toEqual({
    code: 2,
    out: "",
    err: `legolas compat: ${reason("--old-schemas")}`,
  });
});

test.skipIf(process.platform === "win32")(
  "a folder reached through a symbolic link (models -> schemas) is read where it lies: a change in place exits 1",
  async () => {
    process.chdir(app);
    symlinkSync("schemas", join(app, "models"));
    try {
      write(header + V1.replace("epoch: int64", "epoch: int32") + V2);
      const result = await runCli("compat", "--against", "main", "--schemas", "models");
      expect(result.code).toBe(1);
      expect(result.out).toContain("run@1 -> run@1: backward no, forward no, full no; --mode bump: VIOLATED");
    } finally {
      rmSync(join(app, "models"));
    }
  },
);

// A file that does not load at the revision cannot be compared. Deleted since, it has nothing to
// be compared with and blocked nothing at the revision (generate refused the whole folder there):
// it is said, and the rest compared. Still there, its versions' change cannot be judged: exit 2.
test("a file that does not load at the revision: deleted since, said and left out, the rest compared; still there, exit 2 naming the revision and the file", async () => {
  process.chdir(app);
  const unknownParent = "schema: bad\nprefix: Bad\nversions:\n  1:\n    extends: missing@1\n";
  const brokenYaml = "schema: broken\nprefix: Broken\nversions:\n  1:\n    fields: [epoch: int64\n";
  writeFileSync(join(app, "schemas", "bad.yaml"), unknownParent);
  writeFileSync(join(app, "schemas", "broken.yaml"), brokenYaml);
  git("add", "-A");
  git("commit", "-qm", "bad");
  rmSync(join(app, "schemas", "bad.yaml"));
  rmSync(join(app, "schemas", "broken.yaml"));
  write(header + V1.replace("epoch: int64", "epoch: int32") + V2);
  const result = await runCli("compat", "--against", "HEAD");
  expect(result.code).toBe(1);
  expect(result.err).toBe("");
  expect(result.out.split("\n").filter((line) => !line.startsWith(" "))).toEqual([
    'HEAD:schemas/bad.yaml: not compared: deleted from schemas, and its versions cannot be read at HEAD (5:14: parent "missing@1" is not declared in any schema file [unknown-parent])',
    expect.stringMatching(
      /^HEAD:schemas\/broken\.yaml: not compared: deleted from schemas, and its versions cannot be read at HEAD \(5:13: invalid YAML: .* \[yaml-syntax\]\)$/,
    ),
    "run@1 -> run@1: backward no, forward no, full no; --mode bump: VIOLATED (a breaking change without a new version)",
    "run@2 -> run@2: backward yes, forward yes, full yes; --mode bump: compatible",
  ]);
  write(header + V1 + V2);
  const report = JSON.parse((await runCli("compat", "--against", "HEAD", "--json")).out);
  expect(report).toMatchObject({
    ok: true,
    deletedUnreadable: [{ file: "HEAD:schemas/bad.yaml" }, { file: "HEAD:schemas/broken.yaml" }],
  });
  expect(report.deletedUnreadable[0].errors).toEqual([
    'HEAD:schemas/bad.yaml:5:14: parent "missing@1" is not declared in any schema file [unknown-parent]',
  ]);

  // Still in the working tree (here fixed): the comparison it asks for cannot be made.
  writeFileSync(
    join(app, "schemas", "bad.yaml"),
    "schema: bad\nprefix: Bad\nversions:\n  1:\n    fields:\n      n: int32\n",
  );
  const kept = await runCli("compat", "--against", "HEAD");
  expect(kept.code).toBe(2);
  expect(kept.err.split("\n")[0]).toBe(
    'HEAD:schemas/bad.yaml:5:14: parent "missing@1" is not declared in any schema file [unknown-parent]',
  );
  rmSync(join(app, "schemas", "bad.yaml"));
  git("rm", "-q", "--cached", "schemas/bad.yaml", "schemas/broken.yaml");
  git("commit", "-qm", "no bad");
});

test("in a CI checkout (one branch, one commit) the target branch it lacks is named with the command that fetches it", async () => {
  git("branch", "-f", "feature");
  const checkout = mkdtempSync(join(tmpdir(), "legolas-shallow-"));
  const clone = (...flags: string[]) => {
    process.chdir(home);
    rmSync(checkout, { recursive: true, force: true });
    execFileSync("git", [
      "clone",
      "-q",
      ...flags,
      "--single-branch",
      "-b",
      "feature",
      `file://${repository}`,
      checkout,
    ]);
    process.chdir(join(checkout, "app"));
  };
  try {
    clone("--depth", "1");
    const refused = await runCli("compat", "--against", "origin/main");
    expect(refused).toEqual({
      code: 2,
      out: "",
      err:
        "legolas compat: --against origin/main: git knows no such revision in this shallow clone, which holds only the commits it fetched: " +
        "fetch origin's branch main first (`git fetch --depth 1 origin +refs/heads/main:refs/remotes/origin/main`), " +
        "or check out with the history (actions/checkout: fetch-depth: 0)",
    });
    // The advised command, run as pasted, makes the comparison possible.
    execFileSync("sh", ["-c", /\(`([^`]+)`\)/.exec(refused.err)?.[1] ?? "false"], { stdio: "ignore" });
    expect(await runCli("compat", "--against", "origin/main")).toMatchObject({ code: 0, err: "" });
    // Not a branch (`~1`): the clone is said to be shallow.
    expect((await runCli("compat", "--against", "HEAD~1")).err).toBe(
      "legolas compat: --against HEAD~1: git knows no such revision in this shallow clone, which holds only the commits it fetched: " +
        "fetch it first, or check out with the history (actions/checkout: fetch-depth: 0)",
    );
    // A whole clone of one branch: the fetch is as deep as the clone.
    clone();
    expect((await runCli("compat", "--against", "origin/main")).err).toBe(
      "legolas compat: --against origin/main: git knows no such revision in this clone: " +
        "fetch origin's branch main first (`git fetch origin +refs/heads/main:refs/remotes/origin/main`)",
    );
  } finally {
    process.chdir(home);
    rmSync(checkout, { recursive: true, force: true });
    git("branch", "-D", "feature");
  }
});

test("usage errors exit 2: an unknown revision, outside a repository, --against with --old-schemas", async () => {
  process.chdir(app);
  expect(await runCli("compat", "--against", "no-such-branch")).toEqual({
    code: 2,
    out: "",
    err: "legolas compat: --against no-such-branch: git knows no such revision (give a branch, tag or commit, e.g. main or HEAD~1)",
  });
  expect((await runCli("compat", "--against", "main", "--old-schemas", "schemas")).err).toBe(
    "legolas compat: --old-schemas and --against both name the old side: give one",
  );
  const outside = mkdtempSync(join(tmpdir(), "legolas-no-git-"));
  mkdirSync(join(outside, "schemas"));
  writeFileSync(join(outside, "schemas", "run.yaml"), header + V1);
  process.chdir(outside);
  expect((await runCli("compat", "--against", "main")).err).toBe(
    "legolas compat: --against main: the working folder is not inside a git repository (or git is not installed)",
  );
  rmSync(outside, { recursive: true, force: true });
});

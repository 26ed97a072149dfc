/** The `legolas compat` command, run in-process: exit codes, the table it prints, its JSON. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { runCli } from "./helpers.js";

const RUN_YAML = `schema: run
prefix: Run
versions:
  1:
    extends: legolas-flux.model@1
    fields:
      epoch: int64
      note: string?
  2:
    extends: legolas-flux.model@1
    fields:
      epoch: int64
      loss: float64?
  3:
    extends: legolas-flux.model@1
    fields:
      epoch: int64
      loss: float64
`;

function folder(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), "legolas-compat-")), "schemas");
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test("a schema of one version: nothing to compare, said of that schema and its version, exit 0", async () => {
  const schemas = folder({
    "model.yaml": "schema: model\nprefix: Checkpoint\nversions:\n  4:\n    fields:\n      epoch: int64\n",
  });
  const result = await runCli("compat", "model", "--schemas", schemas);
  expect(result).toMatchObject({ code: 0, err: "" });
  expect(result.out).toBe(
    "nothing to compare: model declares one version, model@4; compat model compares each version with the next once there are two",
  );
});

test("compatible versions exit 0 and print a table of changes with verdicts and reasons", async () => {
  const schemas = folder({ "run.yaml": RUN_YAML });
  const result = await runCli("compat", "run@1", "run@2", "--schemas", schemas);
  expect(result.err).toBe("");
  expect(result.code).toBe(0);
  const lines = result.out.split("\n");
  expect(lines[0]).toBe(
    "run@1>legolas-flux.model@1 -> run@2>legolas-flux.model@1: backward yes, forward yes, full yes; --mode bump: compatible",
  );
  expect(lines[1]).toMatch(/^ {2}backward +forward +change +field +detail$/);
  expect(result.out).toMatch(/ok +ok\* +field removed +note +optional string/);
  expect(result.out).toMatch(/ok\* +ok +field added +loss +optional float64/);
  expect(result.out).toContain("no version bump was required");
});

test("a breaking change under a new version number is correctly bumped: exit 0, with what breaks", async () => {
  const schemas = folder({ "run.yaml": RUN_YAML });
  const bumped = await runCli("compat", "run@2", "run@3", "--schemas", schemas);
  expect(bumped.code).toBe(0);
  expect(bumped.out.split("\n")[0]).toBe(
    "run@2>legolas-flux.model@1 -> run@3>legolas-flux.model@1: backward no, forward yes, full no; --mode bump: correctly bumped",
  );
  expect(bumped.out).toMatch(/BREAKS +ok +made required +loss +float64\? -> float64/);
  expect(bumped.out).toContain(
    "version bump required, and made: these changes are not both backward and forward compatible, and come under a new version number.",
  );
});

test("a mode asks every comparison for a direction, bumped or not: a violated one exits 1", async () => {
  const schemas = folder({ "run.yaml": RUN_YAML });
  const backward = await runCli("compat", "run@2", "run@3", "--schemas", schemas, "--mode", "backward");
  expect(backward.code).toBe(1);
  expect(backward.out).toContain("--mode backward: VIOLATED");
  expect(backward.out).toMatch(/BREAKS +ok +made required +loss +float64\? -> float64/);
  expect(backward.out).toContain("old tables may lack the column or hold nulls in it");
  // The bump rule holds; the line that says so says too that the mode asks more, lest it read as a pass.
  expect(backward.out).toContain(
    "come under a new version number; but --mode backward asks for backward compatibility too, which the changes marked BREAKS under backward break.",
  );
  const forward = await runCli("compat", "run@2", "run@3", "--schemas", schemas, "--mode", "forward");
  expect(forward.code).toBe(0);
  expect(forward.out).toContain("come under a new version number.");
  const full = await runCli("compat", "run@2", "run@3", "--schemas", schemas, "--mode", "full");
  expect(full.code).toBe(1);
  expect(full.out).toContain("which the changes marked BREAKS in either column break.");
});

test("--json gives every change as data", async () => {
  const schemas = folder({ "run.yaml": RUN_YAML });
  const result = await runCli("compat", "run@2", "run@3", "--schemas", schemas, "--json", "--mode", "backward");
  expect(result.code).toBe(1);
  const report = JSON.parse(result.out);
  expect(report).toMatchObject({ mode: "backward", strict: false, ok: false });
  expect(report.comparisons).toHaveLength(1);
  expect(report.comparisons[0]).toMatchObject({
    old: "run@2>legolas-flux.model@1",
    new: "run@3>legolas-flux.model@1",
    inPlace: false,
    backward: false,
    forward: true,
    full: false,
    bumpRequired: true,
    passes: false,
    changes: [{ kind: "made-required", path: "loss", detail: "float64? -> float64", backward: false, forward: true }],
  });
});

test("--json --strict gives each change's verdicts as --strict counts them, as the text report does", async () => {
  const schemas = folder({ "run.yaml": RUN_YAML });
  const result = await runCli("compat", "run@1", "run@2", "--schemas", schemas, "--json", "--strict");
  expect(JSON.parse(result.out).comparisons[0]).toMatchObject({
    backward: false,
    forward: false,
    changes: [
      { kind: "field-removed", path: "note", backward: true, forward: false, caveat: { direction: "forward" } },
      { kind: "field-added", path: "loss", backward: false, forward: true, caveat: { direction: "backward" } },
    ],
  });
});

test("one schema name checks every consecutive pair; correctly bumped versions pass a CI gate (exit 0)", async () => {
  const schemas = folder({ "run.yaml": RUN_YAML });
  const result = await runCli("compat", "run", "--schemas", schemas);
  expect(result.code).toBe(0);
  expect(JSON.parse((await runCli("compat", "run", "--schemas", schemas, "--json")).out)).toMatchObject({
    mode: "bump",
    ok: true,
    comparisons: [
      { passes: true, bumpRequired: false },
      { passes: true, bumpRequired: true },
    ],
  });
  expect(result.out).toContain("run@1>legolas-flux.model@1 -> run@2>legolas-flux.model@1: backward yes");
  expect(result.out).toContain("run@2>legolas-flux.model@1 -> run@3>legolas-flux.model@1: backward no");
});

test("--old-schemas: a version changed in place in a breaking way exits 1", async () => {
  const old = folder({ "run.yaml": RUN_YAML });
  const loosened = folder({
    "run.yaml": RUN_YAML.replace("      epoch: int64\n      note: string?", "      epoch: int64?\n      note: string?"),
  });
  const result = await runCli("compat", "run@1", "--old-schemas", old, "--schemas", loosened);
  expect(result.code).toBe(1);
  expect(result.out).toContain("--mode bump: VIOLATED (a breaking change without a new version)");
  expect(result.out).toContain("version bump required: run@1 was changed in place");
  // Legolas.jl's own wording of the rule (only changes that make compliant data non-compliant): backward.
  expect(
    (await runCli("compat", "run@1", "--old-schemas", old, "--schemas", loosened, "--mode", "backward")).code,
  ).toBe(0);
  // Without arguments: every version of every schema in the old folder.
  const all = await runCli("compat", "--old-schemas", old, "--schemas", loosened);
  expect(all.code).toBe(1);
  expect(all.out).toContain("run@2 is unchanged.");
  expect((await runCli("compat", "--old-schemas", old, "--schemas", old)).code).toBe(0);
});

test("--old-schemas: a version changed in place only through a nested record changed in place names that record", async () => {
  const hyper = (batch: string) =>
    `schema: hyper\nprefix: Hyper\nversions:\n  1:\n    fields:\n      batch_size: ${batch}\n      lr: float64\n`;
  const trial = (id: string) =>
    `schema: trial\nprefix: Trial\nversions:\n  1:\n    fields:\n      id: ${id}\n      hyper: hyper@1\n`;
  const old = folder({ "hyper.yaml": hyper("int32"), "trial.yaml": trial("string") });
  const changed = folder({ "hyper.yaml": hyper("string"), "trial.yaml": trial("string") });
  const result = await runCli("compat", "--old-schemas", old, "--schemas", changed);
  expect(result.code).toBe(1);
  expect(result.out).toContain(
    "version bump required: trial@1 was changed in place only through hyper@1 (a record it holds), which was itself changed in place; declare that change as a new version of hyper, and a new version of trial that uses it",
  );
  const json = JSON.parse(
    (await runCli("compat", "trial@1", "--old-schemas", old, "--schemas", changed, "--json")).out,
  );
  expect(json.comparisons[0].changes).toMatchObject([{ path: "hyper.batch_size", within: "hyper@1" }]);
  // A change of the version's own as well: the sentence says the version was changed in place, as before.
  const both = folder({ "hyper.yaml": hyper("string"), "trial.yaml": trial("int32") });
  const own = await runCli("compat", "trial@1", "--old-schemas", old, "--schemas", both);
  expect(own.out).toContain("version bump required: trial@1 was changed in place in a way that is not both");
});

test("--old-schemas: a record changed in place inside a record the version holds names the record it holds", async () => {
  const hyper = (batch: string) =>
    `schema: hyper\nprefix: Hyper\nversions:\n  1:\n    fields:\n      batch_size: ${batch}\n`;
  const outer = "schema: outer\nprefix: Outer\nversions:\n  1:\n    fields:\n      h: hyper@1\n";
  const trial = "schema: trial\nprefix: Trial\nversions:\n  1:\n    fields:\n      runs: list<outer@1>\n";
  const old = folder({ "hyper.yaml": hyper("int32"), "outer.yaml": outer, "trial.yaml": trial });
  const changed = folder({ "hyper.yaml": hyper("string"), "outer.yaml": outer, "trial.yaml": trial });
  const result = await runCli("compat", "--old-schemas", old, "--schemas", changed);
  // trial holds outer, which holds hyper: trial needs a new version of outer, and outer one of hyper.
  expect(result.out).toContain("trial@1 was changed in place only through outer@1 (a record it holds)");
  expect(result.out).toContain("outer@1 was changed in place only through hyper@1 (a record it holds)");
  const json = JSON.parse(
    (await runCli("compat", "trial@1", "--old-schemas", old, "--schemas", changed, "--json")).out,
  );
  expect(json.comparisons[0].changes).toMatchObject([{ path: "runs[].h.batch_size", within: "outer@1" }]);
});

test("--old-schemas: a version changed in place only through the parent it extends names that parent", async () => {
  const base = (batch: string) =>
    `schema: base\nprefix: Base\nversions:\n  1:\n    fields:\n      batch_size: ${batch}\n`;
  const child = (extra: string) =>
    `schema: child\nprefix: Child\nversions:\n  1:\n    extends: base@1\n    fields:\n      note: ${extra}\n`;
  const old = folder({ "base.yaml": base("int32"), "child.yaml": child("string") });
  const result = await runCli(
    "compat",
    "child@1",
    "--old-schemas",
    old,
    "--schemas",
    folder({ "base.yaml": base("string"), "child.yaml": child("string") }),
  );
  expect(result.out).toContain(
    "child@1 was changed in place only through base@1 (the version it extends), which was itself changed in place; declare that change as a new version of base, and a new version of child that uses it",
  );
  // A row check added to the parent is the parent's change too.
  const checked = `${base("int32")}    checks:\n      - check: row.batch_size > 0\n        message: a positive batch\n`;
  const viaCheck = await runCli(
    "compat",
    "child@1",
    "--old-schemas",
    old,
    "--schemas",
    folder({ "base.yaml": checked, "child.yaml": child("string") }),
  );
  expect(viaCheck.out).toContain("child@1 was changed in place only through base@1 (the version it extends)");
  // A change of its own as well: the sentence of a version changed in place.
  const own = await runCli(
    "compat",
    "child@1",
    "--old-schemas",
    old,
    "--schemas",
    folder({ "base.yaml": base("string"), "child.yaml": child("int32") }),
  );
  expect(own.out).toContain("version bump required: child@1 was changed in place in a way that is not both");
});

test("a version removed in place exits 1", async () => {
  const old = folder({ "run.yaml": RUN_YAML });
  const fewer = folder({ "run.yaml": RUN_YAML.slice(0, RUN_YAML.indexOf("  3:")) });
  const result = await runCli("compat", "run", "--old-schemas", old, "--schemas", fewer);
  expect(result.code).toBe(1);
  expect(result.out).toContain(`run@3: declared in ${old} but no longer in ${fewer}`);
});

test("usage and declaration errors exit 2", async () => {
  const schemas = folder({ "run.yaml": RUN_YAML });
  const unknown = await runCli("compat", "run@1", "run@9", "--schemas", schemas);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toBe(`legolas compat: run@9 is not declared in ${schemas} (it declares run@1, run@2, run@3)`);
  const mode = await runCli("compat", "run@1", "run@2", "--schemas", schemas, "--mode", "sideways");
  expect(mode.code).toBe(2);
  expect(mode.err).toBe('legolas compat: --mode must be one of bump, backward, forward, full, not "sideways"');
  const other = await runCli("compat", "run@1", "legolas-flux.model@1", "--schemas", schemas);
  expect(other.code).toBe(2);
  expect(other.err).toBe(
    "legolas compat: run@1 and legolas-flux.model@1 are versions of two schemas (run, legolas-flux.model): compat compares two versions of one schema, to say whether the change between them needed a new version number",
  );
  expect((await runCli("compat", "--schemas", schemas)).code).toBe(2);
  expect((await runCli("compat", "run@1", "--schemas", schemas)).code).toBe(2);
  expect((await runCli("compat", "nope", "--schemas", schemas)).code).toBe(2);
  // A file's path (or its prefix) where its schema's name goes: the names it could have been.
  const path = await runCli("compat", join(schemas, "run.yaml"), "--schemas", schemas);
  expect(path.code).toBe(2);
  expect(path.err).toBe(
    `legolas compat: schema ${JSON.stringify(join(schemas, "run.yaml"))} is not declared in ${schemas} (it declares run)`,
  );
  const bad = folder({
    "run.yaml": RUN_YAML,
    "bad.yaml": "schema: bad\nprefix: Bad\nversions:\n  1:\n    extends: missing@1\n",
  });
  const declaration = await runCli("compat", "run@1", "run@2", "--schemas", bad);
  expect(declaration.code).toBe(2);
  expect(declaration.err).toBe(
    `${join(bad, "bad.yaml")}:5:14: parent "missing@1" is not declared in any schema file [unknown-parent]`,
  );
});

test("declaration errors: one run names every file's, a file that does not parse beside the others' resolve errors, exit 2", async () => {
  const schemas = folder({
    "run.yaml": RUN_YAML,
    "base.yaml": "schema: base\nprefix: Base\nversions:\n  1:\n    fields: [x\n",
    "typo.yaml": "schema: typo\nprefix: Typo\nversions:\n  1:\n    extends: gone@1\n",
  });
  const expected = [
    `${join(schemas, "base.yaml")}:5:13: invalid YAML: `,
    `${join(schemas, "typo.yaml")}:5:14: parent "gone@1" is not declared in any schema file [unknown-parent]`,
  ];
  for (const args of [["run"], ["run", "--old-schemas", schemas]]) {
    const result = await runCli("compat", ...args, "--schemas", schemas);
    expect(result.code).toBe(2);
    const lines = result.err.split("\n");
    expect(lines).toHaveLength(expected.length);
    expected.forEach((start, i) => expect(lines[i]!.startsWith(start), lines[i]).toBe(true));
  }
});

test("the digits example's schemas compare: digits-model@1 against itself is unchanged", async () => {
  const result = await runCli("compat", "digits-model@1", "digits-model@1", "--schemas", "schemas");
  expect(result.code).toBe(0);
  expect(result.out).toContain("digits-model@1 is unchanged.");
});

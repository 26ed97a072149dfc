/** `legolas docs`: the Markdown reference and its Mermaid graph, checked line by line. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { advisedWords, runCli } from "./helpers.js";
import { generateDocs } from "../../generator/docs/docs.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../generator/schema-folder.js";

const FILES: Record<string, string> = {
  "example.base.yaml": `schema: example.base
prefix: Base
doc: The root.
versions:
  1:
    fields:
      id:
        type: string
        pattern: "^(a|b)"
        doc: "An id; | pipes\\nand two lines."
      count:
        type: int64?
        min: 0
    checks:
      - check: row.count === null || row.count < 10n
        message: count stays small
`,
  "example.run.yaml": `schema: example.run
prefix: Run
versions:
  1:
    extends: legolas-flux.model@1
    doc: A training run.
    fields:
      epoch:
        type: int64
        default: 3
      kind:
        type: string
        values: [a, b]
      owners:
        type: list<struct>?
        fields:
          who: example.base@1
  2:
    extends: example.base@1
    fields:
      count: int64
`,
};

function project(): { root: string; schemas: string } {
  const root = mkdtempSync(join(tmpdir(), "legolas-docs-"));
  const schemas = join(root, "schemas");
  mkdirSync(schemas);
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(schemas, name), text);
  return { root, schemas };
}

test("docs writes docs/schemas.md: graph, chains, fields with origin, constraints, defaults, docs, checks", async () => {
  const { root, schemas } = project();
  const out = join(root, "docs");
  const result = await runCli("docs", "--schemas", schemas, "--out", out);
  expect(result).toMatchObject({ code: 0, err: "" });
  expect(result.out).toBe(`${join(out, "schemas.md")}: wrote the reference of 2 schema files`);
  const lines = readFileSync(join(out, "schemas.md"), "utf8").split("\n");
  const graph = lines.slice(lines.indexOf("```mermaid") + 1, lines.indexOf("```", lines.indexOf("```mermaid")));
  expect(graph).toEqual([
    "flowchart BT",
    '  v0["example.base@1"]',
    '  v1["example.run@1"]',
    '  v2["example.run@2"]',
    '  v3["legolas-flux.model@1"]:::shipped',
    "  v1 -->|extends| v3",
    '  v1 -.->|"owners.who"| v0',
    "  v2 -->|extends| v0",
    "  classDef shipped stroke-dasharray: 4 4",
  ]);
  expect(lines).toContain("- [example.base](#schema-example.base): The root.");
  expect(lines.find((line) => line.startsWith("- [legolas-flux.model]"))).toMatch(
    /^- \[legolas-flux\.model\]\(#schema-legolas-flux\.model\) \(shipped with legolas-ts\): A model's numeric weights/,
  );
  expect(lines).toContain("Prefix `Model`, shipped with legolas-ts (`legolas-ts/schemas/legolas-flux.model.yaml`).");
  expect(lines).toContain("Prefix `Base`, declared in `../schemas/example.base.yaml`.");
  expect(lines).toContain("- Identifier: `example.run@1>legolas-flux.model@1`");
  expect(lines).toContain("- Extends: [legolas-flux.model@1](#version-legolas-flux.model-1)");
  expect(lines).toContain("- TypeScript: `RunV2`, `RunV2Fields`, `RunV2SchemaVersion`");
  expect(lines).toContain("- Declared at `../schemas/example.run.yaml:4`");
  expect(lines).toContain("A training run.");
  expect(lines).toContain(
    "| `id` | `string` | yes |  | pattern `^(a\\|b)` | this version, line 7 | An id; \\| pipes<br>and two lines. |",
  );
  expect(lines.find((line) => line.startsWith("| `weights`"))).toMatch(
    /^\| `weights` \| `Weights` \| no \| {2}\| {2}\| inherited from \[legolas-flux\.model@1\]\(#version-legolas-flux\.model-1\) \| .+ \|$/,
  );
  expect(lines).toContain("| `epoch` | `int64` | yes | `3` |  | this version, line 8 |  |");
  expect(lines).toContain('| `kind` | `string` | yes |  | one of `"a"`, `"b"` | this version, line 11 |  |');
  expect(lines).toContain("| `owners` | `list<struct{who: example.base@1}>` | no |  |  | this version, line 14 |  |");
  expect(lines).toContain(
    "| `count` | `int64` | yes |  | min `0` | narrows [example.base@1](#version-example.base-1)'s, line 21 |  |",
  );
  expect(lines).toContain(
    "- `row.count === null || row.count < 10n`: count stays small (from [example.base@1](#version-example.base-1))",
  );
  expect(lines).toContain('<a id="version-example.run-2"></a>');
});

test("a field's value: expression is shown as Legolas's right-hand side, `= expression`", async () => {
  const folder = "test/schemas";
  const content = generateDocs(await readSchemaFolder(folder), {
    shipped: await readSchemaFolder(shippedSchemaFolder()),
  })[0]!.content.split("\n");
  expect(content).toContain(
    "| `a` | `int32` | yes | = `row.a == null ? null : Math.round(row.a)` |  | this version, line 11 |  |",
  );
  expect(content.find((line) => line.startsWith("| `config` | `digits-config@1`"))).toContain(
    "from any input, = `typeof",
  );
  expect(content).toContain("| `z` | `any` | no |  |  | this version, line 9 |  |");
});

test("an inline struct's fields are listed under the field, with their constraints, defaults and docs", () => {
  const text = `schema: example.box
prefix: Box
versions:
  1:
    fields:
      corners:
        type: list<struct>
        fields:
          x:
            type: float64
            min: 0
            doc: From the left.
          label:
            type: string?
            default: none
            values: [none, top]
          constructor: int32
`;
  const lines = generateDocs([{ path: "schemas/example.box.yaml", text }])[0]!.content.split("\n");
  const table = lines.slice(lines.indexOf("| --- | --- | --- | --- | --- | --- | --- |") + 1);
  expect(table.slice(0, 4)).toEqual([
    "| `corners` | `list<struct{x: float64, label: string?, constructor: int32}>` | yes |  |  | this version, line 6 |  |",
    "| `corners.x` | `float64` | yes |  | min `0` |  | From the left. |",
    '| `corners.label` | `string` | no | `"none"` | one of `"none"`, `"top"` |  |  |',
    "| `corners.constructor` (TypeScript `constructor$`) | `int32` | yes |  |  |  |  |",
  ]);
});

test("a float32's or float16's bounds, listed values and default are shown as the YAML wrote them, not as held", () => {
  const text = `schema: example.rate
prefix: Rate
versions:
  1:
    fields:
      rate:
        type: float32
        min: 0.1
        max: 0.9
      half:
        type: float16
        default: 0.1
        values: [0.1, 0.3]
      exact:
        type: float64
        max: 0.9
`;
  const lines = generateDocs([{ path: "schemas/example.rate.yaml", text }])[0]!.content.split("\n");
  const table = lines.slice(lines.indexOf("| --- | --- | --- | --- | --- | --- | --- |") + 1);
  expect(table.slice(0, 3)).toEqual([
    "| `rate` | `float32` | yes |  | min `0.1`, max `0.9` | this version, line 6 |  |",
    "| `half` | `float16` | yes | `0.1` | one of `0.1`, `0.3` | this version, line 10 |  |",
    "| `exact` | `float64` | yes |  | max `0.9` | this version, line 14 |  |",
  ]);
});

test("a SchemaVersion's listed values say the parents Legolas.jl writes after one may follow it", () => {
  const text = `schema: example.kept
prefix: Kept
versions:
  1:
    fields:
      model:
        type: SchemaVersion
        values: [digits-model@1]
      stage:
        type: string
        values: [train]
`;
  const lines = generateDocs([{ path: "schemas/example.kept.yaml", text }])[0]!.content.split("\n");
  const table = lines.slice(lines.indexOf("| --- | --- | --- | --- | --- | --- | --- |") + 1);
  expect(table.slice(0, 2)).toEqual([
    '| `model` | `SchemaVersion` | yes |  | one of `"digits-model@1"`, followed by its parents or not | this version, line 6 |  |',
    '| `stage` | `string` | yes |  | one of `"train"` | this version, line 9 |  |',
  ]);
});

test("the reference is deterministic, and --check says whether it is up to date", async () => {
  const { root, schemas } = project();
  const out = join(root, "docs");
  expect((await runCli("docs", "--schemas", schemas, "--out", out, "--check")).code).toBe(1);
  await runCli("docs", "--schemas", schemas, "--out", out);
  const first = readFileSync(join(out, "schemas.md"), "utf8");
  expect(await runCli("docs", "--schemas", schemas, "--out", out)).toMatchObject({
    code: 0,
    out: `${join(out, "schemas.md")}: up to date (2 schema files)`,
  });
  expect((await runCli("docs", "--schemas", schemas, "--out", out, "--check")).code).toBe(0);
  // As git on Windows (core.autocrlf) checks it out: the same text to git, so up to date.
  writeFileSync(join(out, "schemas.md"), first.replaceAll("\n", "\r\n"));
  expect((await runCli("docs", "--schemas", schemas, "--out", out, "--check")).code).toBe(0);
  writeFileSync(join(out, "schemas.md"), first);
  const sources = Object.entries(FILES).map(([name, text]) => ({ path: `schemas/${name}`, text }));
  const shipped = await readSchemaFolder(shippedSchemaFolder());
  expect(generateDocs(sources, { shipped })[0]!.content).toBe(
    generateDocs([...sources].reverse(), { shipped })[0]!.content,
  );
  writeFileSync(
    join(schemas, "example.base.yaml"),
    FILES["example.base.yaml"]!.replace("The root.", "The root, changed."),
  );
  const stale = await runCli("docs", "--schemas", schemas, "--out", out, "--check");
  expect(stale.code).toBe(1);
  expect(stale.err).toContain("schemas.md is stale; run `npx --no-install legolas docs");
  expect(readFileSync(join(out, "schemas.md"), "utf8")).toBe(first);
});

// On Windows the advice is written for cmd and PowerShell, not sh.
test.skipIf(process.platform === "win32")(
  "--check's advice quotes a folder a shell would split: pasted, it writes the reference --check looks for",
  async () => {
    const { root, schemas } = project();
    const out = join(root, "my 'docs'");
    const missing = await runCli("docs", "--schemas", schemas, "--out", out, "--check");
    expect(missing.code).toBe(1);
    const words = advisedWords(missing.err);
    expect(words).toEqual(["npx", "--no-install", "legolas", "docs", "--schemas", schemas, "--out", out]);
    expect((await runCli(...words.slice(3))).code).toBe(0);
    expect((await runCli("docs", "--schemas", schemas, "--out", out, "--check")).code).toBe(0);
  },
);

test('--check where --out is a file cannot run: exit 2 naming the path, not "missing"', async () => {
  const { root, schemas } = project();
  writeFileSync(join(root, "docs"), "notes\n");
  const result = await runCli("docs", "--schemas", schemas, "--out", join(root, "docs"), "--check");
  expect(result.code).toBe(2);
  expect(result.err).toContain(`cannot read ${join(root, "docs", "schemas.md")} (ENOTDIR)`);
});

test("a schemas.md of the user's own is never replaced: exit 2 saying whose it is, --check too", async () => {
  const { root, schemas } = project();
  const out = join(root, "docs");
  mkdirSync(out);
  const theirs = "# Our schemas\n\nNotes written by hand.\n";
  writeFileSync(join(out, "schemas.md"), theirs);
  for (const check of [[], ["--check"]]) {
    const result = await runCli("docs", "--schemas", schemas, "--out", out, ...check);
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      `legolas docs: cannot write ${join(out, "schemas.md")}: it does not start with "<!-- @generated by legolas-ts docs. DO NOT EDIT. -->", so legolas docs did not write it and does not replace it`,
    );
  }
  expect(readFileSync(join(out, "schemas.md"), "utf8")).toBe(theirs);
  // A reference it wrote, edited by hand below its first line, is still its own to replace.
  writeFileSync(join(out, "schemas.md"), "\uFEFF<!-- @generated by legolas-ts docs. DO NOT EDIT. -->\nold\n");
  expect((await runCli("docs", "--schemas", schemas, "--out", out)).code).toBe(0);
  expect(readFileSync(join(out, "schemas.md"), "utf8")).toContain("# Schema reference");
});

test("a schema folder without schema files is refused, exit 2, and the reference is left as it was (--check too)", async () => {
  const { root, schemas } = project();
  const out = join(root, "docs");
  await runCli("docs", "--schemas", schemas, "--out", out);
  const written = readFileSync(join(out, "schemas.md"), "utf8");
  const empty = join(root, "schemas-typo");
  mkdirSync(empty);
  for (const check of [[], ["--check"]]) {
    const result = await runCli("docs", "--schemas", empty, "--out", out, ...check);
    expect(result).toMatchObject({ code: 2, out: "" });
    expect(result.err).toBe(
      `legolas docs: --schemas ${empty}: the folder holds no .yaml or .yml schema file; nothing was done`,
    );
  }
  expect(readFileSync(join(out, "schemas.md"), "utf8")).toBe(written);
});

test("a folder in the place of schemas.md: exit 2, a write that cannot be done", async () => {
  const { root, schemas } = project();
  mkdirSync(join(root, "docs", "schemas.md"), { recursive: true });
  const result = await runCli("docs", "--schemas", schemas, "--out", join(root, "docs"));
  expect(result.code).toBe(2);
  expect(result.err).toContain(`cannot write ${join(root, "docs", "schemas.md")} (EISDIR)`);
});

test("declaration errors exit 2 with file:line:col and write nothing", async () => {
  const { root, schemas } = project();
  writeFileSync(
    join(schemas, "example.run.yaml"),
    FILES["example.run.yaml"]!.replace("example.base@1\n    fields", "example.gone@1\n    fields"),
  );
  const result = await runCli("docs", "--schemas", schemas, "--out", join(root, "docs"));
  expect(result.code).toBe(2);
  expect(result.err).toBe(
    `${join(schemas, "example.run.yaml")}:19:14: parent "example.gone@1" is not declared in any schema file [unknown-parent]`,
  );
  expect(existsSync(join(root, "docs"))).toBe(false);
});

test("one run names every file's declaration errors: a file that does not parse, and another's unknown parent", async () => {
  const { root, schemas } = project();
  writeFileSync(join(schemas, "broken.yaml"), "schema: broken\nprefix: Broken\nversions:\n  1:\n    fields: [x\n");
  writeFileSync(
    join(schemas, "example.run.yaml"),
    FILES["example.run.yaml"]!.replace("example.base@1\n    fields", "example.gone@1\n    fields"),
  );
  const result = await runCli("docs", "--schemas", schemas, "--out", join(root, "docs"));
  expect(result.code).toBe(2);
  const lines = result.err.split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(new RegExp(`^${escape(join(schemas, "broken.yaml"))}:5:13: invalid YAML: `));
  expect(lines[1]).toBe(
    `${join(schemas, "example.run.yaml")}:19:14: parent "example.gone@1" is not declared in any schema file [unknown-parent]`,
  );
  expect(existsSync(join(root, "docs"))).toBe(false);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test.runIf(process.getuid?.() === 0)(
  "docs on a full disk leaves no folder it created (exit 2, ENOSPC), so the next run starts clean",
  async () => {
    const mountPoint = mkdtempSync(join(tmpdir(), "legolas-docs-full-"));
    try {
      const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]).status === 0;
      if (!mounted) return console.log("docs on a full disk: skipped, this machine cannot mount a tmpfs");
      spawnSync("dd", ["if=/dev/zero", `of=${join(mountPoint, "filler")}`, "bs=4k", "count=100"]);
      const out = join(mountPoint, "reference", "docs");
      const full = await runCli("docs", "--schemas", project().schemas, "--out", out);
      expect(full.code).toBe(2);
      expect(full.err).toContain("(ENOSPC): the file system is full");
      expect(existsSync(join(mountPoint, "reference"))).toBe(false);
    } finally {
      spawnSync("umount", [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  },
);

/**
 * Hostile text in the terminal: a crafted file's column names, metadata, provider keys and
 * identifier, and hostile file names, must reach a human-readable output escaped (no control or
 * bidi character is printed raw, no line can be forged), while `--json` keeps them exact. And
 * a file whose name holds a newline is checked like any other.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector, Schema, Table, tableToIPC, vectorFromArray } from "apache-arrow";
import { expect, test } from "vitest";
import { ModelV1SchemaVersion, writeTable } from "legolas-ts";
import { printable } from "../../generator/cli/terminal-text.js";
import { runCli } from "./helpers.js";

/** Characters a terminal obeys: C0 but the newline that separates our own lines, DEL, C1, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const TITLE = "\u001b]0;pwned\u0007";
const CLEAR = "\u001b[2J\u001b[H";
const FORGED = "\ncheck    the columns comply with legolas-flux.model@1";
const BIDI = "\u202eevil\u2066\u200f\u061c";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "legolas-terminal-"));
}

/** A model-row table whose every string from the file is hostile. */
function hostileFile(folder: string, identifier = `legolas-flux.model@1`): string {
  const table = new Table({
    architecture_version: makeVector(new BigInt64Array([1n])),
    [`col${TITLE}${FORGED}`]: makeVector(new Int32Array([1])),
  });
  const metadata = new Map([
    ["legolas_schema_qualified", identifier],
    ["legolas_julia_schema_provider_name", `Pkg${CLEAR}${BIDI}`],
    ["legolas_julia_schema_provider_version", `1.0${FORGED}`],
    [`key${CLEAR}`, `value${TITLE}${FORGED}`],
  ]);
  const path = join(folder, "hostile.arrow");
  writeFileSync(path, tableToIPC(new Table(new Schema(table.schema.fields, metadata), table.batches), "file"));
  return path;
}

test("printable escapes C0, DEL, C1 and bidi characters and nothing else", () => {
  expect(printable(`a\nb\tc\rd${TITLE}\u007f\u0085${BIDI} é 日本 🙂 \\`)).toBe(
    "a\\nb\\tc\\rd\\x1b]0;pwned\\x07\\x7f\\x85\\u202eevil\\u2066\\u200f\\u061c é 日本 🙂 \\",
  );
});

test("inspect escapes column names, metadata, provider keys and the identifier; --json keeps them exact", async () => {
  const folder = scratch();
  for (const identifier of ["legolas-flux.model@1", `legolas-flux.model@1${CLEAR}${FORGED}`]) {
    const path = hostileFile(folder, identifier);
    const text = await runCli("inspect", path);
    expect(text.out + text.err).not.toMatch(RAW_CONTROL);
    expect(text.out).toContain("\\x1b]0;pwned\\x07\\ncheck    the columns comply");
    // the only line that starts like the check's is the check's own
    expect(text.out.split("\n").filter((line) => line.startsWith("check "))).toHaveLength(1);
    const json = JSON.parse((await runCli("inspect", "--json", path)).out);
    expect(json.columns[1].name).toBe(`col${TITLE}${FORGED}`);
    expect(json.metadata[`key${CLEAR}`]).toBe(`value${TITLE}${FORGED}`);
    expect(json.provider.name).toBe(`Pkg${CLEAR}${BIDI}`);
  }
});

test("validate checks a file whose name holds a newline, escapes every file name, and counts what it checked", async () => {
  const folder = scratch();
  const rows = [{ weights: null, architecture_version: 1n }];
  await writeTable(join(folder, "a.arrow"), rows, ModelV1SchemaVersion);
  await writeTable(join(folder, `b${TITLE}.arrow`), rows, ModelV1SchemaVersion);
  writeFileSync(join(folder, "bad\nname.arrow"), "not arrow at all");
  for (const args of [[folder], [join(folder, "*.arrow")]]) {
    const result = await runCli("validate", ...args);
    expect(result.out + result.err).not.toMatch(RAW_CONTROL);
    expect(result.out).toContain("bad\\nname.arrow: not a readable Arrow IPC file");
    expect(result.out).toContain(`b\\x1b]0;pwned\\x07.arrow: 1 row of legolas-flux.model@1`);
    expect(result.out).toContain("3 files: 2 valid, 0 invalid, 1 unreadable");
    expect(result.code).toBe(2);
  }
  const json = JSON.parse((await runCli("validate", "--json", folder)).out);
  expect(json.files.map((report: { file: string }) => report.file)).toContain(join(folder, "bad\nname.arrow"));
});

test("a column violation quoting a hostile nested name is escaped in validate's and inspect's reports", async () => {
  const folder = scratch();
  const path = join(folder, "violation.arrow");
  const table = new Table({ architecture_version: vectorFromArray([{ [`x${TITLE}${FORGED}`]: 1 }]) });
  writeFileSync(
    path,
    tableToIPC(
      new Table(
        new Schema(table.schema.fields, new Map([["legolas_schema_qualified", "legolas-flux.model@1"]])),
        table.batches,
      ),
      "file",
    ),
  );
  for (const command of ["validate", "inspect"]) {
    const result = await runCli(command, path);
    expect(result.code).toBe(1);
    expect(result.out).toContain("x\\x1b]0;pwned");
    expect(result.out + result.err).not.toMatch(RAW_CONTROL);
  }
});

test("a file's identifier of any length is quoted short in inspect's and validate's text; --json keeps it whole", async () => {
  const folder = scratch();
  const huge = `${"a".repeat(100_000)}@1`;
  // Unknown; unknown but extending a registered version; malformed; and found where --as expects another.
  const cases: [string, string[]][] = [
    [huge, []],
    [`${huge}>legolas-flux.model@1`, ["--allow-ancestor"]],
    [`${huge}>`, []],
    [huge, ["--as", "legolas-flux.model@1"]],
  ];
  for (const [identifier, flags] of cases) {
    const path = hostileFile(folder, identifier);
    for (const [command, extra] of [
      ["inspect", []],
      ["validate", flags],
    ] as const) {
      const { out, err } = await runCli(command, ...extra, path);
      const longest = Math.max(...`${out}\n${err}`.split("\n").map((line) => line.length));
      expect(longest, `${command} ${extra.join(" ")} of ${identifier.slice(-30)}`).toBeLessThan(1_000);
      expect(out + err).toContain("… (100,00");
    }
    expect(JSON.parse((await runCli("inspect", "--json", path)).out).identifier).toBe(identifier);
  }
});

test("generate, docs and init escape the folder they name in what they print", async () => {
  const folder = scratch();
  const project = join(folder, `project${TITLE}${FORGED}`);
  const init = await runCli("init", project);
  expect(init.out).not.toMatch(RAW_CONTROL);
  expect(init.out.split("\n")).toHaveLength(2);
  writeFileSync(
    join(project, "schemas", "extra.yaml"),
    "schema: extra\nprefix: Extra\nversions:\n  1:\n    fields:\n      a: int64\n",
  );
  const out = join(folder, `generated${CLEAR}${FORGED}`);
  const docs = join(folder, `docs${BIDI}`);
  for (const args of [
    ["generate", "--schemas", join(project, "schemas"), "--out", out],
    ["generate", "--schemas", join(project, "schemas"), "--out", out],
    ["docs", "--schemas", join(project, "schemas"), "--out", docs],
    ["docs", "--schemas", join(project, "schemas"), "--out", docs],
    ["docs", "--schemas", join(project, "schemas"), "--out", docs, "--check"],
  ]) {
    const result = await runCli(...args);
    expect(result.code).toBe(0);
    expect(result.out.split("\n")).toHaveLength(1);
    expect(result.out + result.err).not.toMatch(RAW_CONTROL);
  }
});

/**
 * `-` as the table argument of `validate` and `inspect`: the table piped in on stdin, run as a
 * user runs it (the built CLI, its stdin a pipe); a terminal's stdin is refused as bad usage.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector, Table, tableToIPC } from "apache-arrow";
import { afterEach, beforeAll, expect, test } from "vitest";
import { runCli } from "./helpers.js";

const CLI = join(import.meta.dirname, "../../generator/bin/legolas.js");

const CHECK_YAML = `schema: cli.stdin
prefix: Stdin
versions:
  1:
    fields:
      id: int64
      accuracy:
        type: float32
        min: 0
        max: 1
`;

let schemas: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "legolas-stdin-"));
  schemas = join(dir, "schemas");
  mkdirSync(schemas);
  writeFileSync(join(schemas, "cli.stdin.yaml"), CHECK_YAML);
});

/** A cli.stdin@1 table's bytes, in the IPC file or stream format. */
function tableBytes(accuracy: number[], format: "file" | "stream"): Uint8Array {
  const table = new Table({
    id: makeVector(BigInt64Array.from(accuracy, (_, i) => BigInt(i))),
    accuracy: makeVector(Float32Array.from(accuracy)),
  });
  table.schema.metadata.set("legolas_schema_qualified", "cli.stdin@1");
  return tableToIPC(table, format);
}

/** The built CLI with `input` piped to its stdin, run in `cwd` (this process's working folder when left out). */
function pipedIn(
  cwd: string | undefined,
  input: Uint8Array,
  ...argv: string[]
): { code: number; out: string; err: string } {
  const run = spawnSync(process.execPath, [CLI, ...argv, "--schemas", schemas], { cwd, input, encoding: "utf8" });
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr };
}

const piped = (input: Uint8Array, ...argv: string[]) => pipedIn(undefined, input, ...argv);

test.each(["file", "stream"] as const)("validate - reads the table (IPC %s) piped in on stdin", (format) => {
  const valid = piped(tableBytes([0.5, 0.25], format), "validate", "-", "--json");
  expect(valid.code).toBe(0);
  expect(JSON.parse(valid.out).files).toEqual([
    { file: "-", status: "ok", schemaVersion: "cli.stdin@1", identifier: "cli.stdin@1", rows: 2 },
  ]);
  const invalid = piped(tableBytes([0.5, 1.5], format), "validate", "-");
  expect(invalid.code).toBe(1);
  expect(invalid.out).toContain(
    "invalid  -: 1 of 2 rows violates cli.stdin@1 (1 violation):\n  row 1:\n    - accuracy: must be <= 1, found 1.5",
  );
});

test("an IPC file without a Schema message piped in waits for its end in TMPDIR, left empty; where it cannot, it is unreadable (exit 2), saying to pass the path", () => {
  const folder = mkdtempSync(join(tmpdir(), "legolas-spill-"));
  // apache-arrow's file writer, which tableToIPC uses, writes no Schema message.
  const input = tableBytes([0.5, 0.25], "file");
  const withTmpdir = (TMPDIR: string) =>
    spawnSync(process.execPath, [CLI, "validate", "-", "--schemas", schemas], {
      input,
      encoding: "utf8",
      env: { ...process.env, TMPDIR },
    });
  const read = withTmpdir(folder);
  expect(read.status).toBe(0);
  expect(read.stdout).toContain("ok       -: 2 rows of cli.stdin@1");
  expect(readdirSync(folder)).toEqual([]);
  const missing = join(folder, "missing");
  const refused = withTmpdir(missing);
  expect(refused.status).toBe(2);
  expect(refused.stdout).toContain(
    `error    -: it is an Arrow IPC file whose stream holds no Schema message (apache-arrow's file writer writes none), so it is read from its footer, which comes last, and its bytes are kept until then in a temporary file in ${missing}, which could not be written (ENOENT). Pass the table's path instead of piping it, or set TMPDIR to a folder with room for it`,
  );
});

test("inspect - describes the table piped in on stdin", () => {
  const bytes = tableBytes([0.5], "file");
  const { code, out } = piped(bytes, "inspect", "-");
  expect(code).toBe(0);
  expect(out).toContain(`file     - (${bytes.length} bytes, Arrow IPC file)\n`);
  expect(out).toContain("schema   cli.stdin@1\n");
});

test("what is piped in is read as the file would be: not Arrow is unreadable (exit 2)", () => {
  const { code, out } = piped(new TextEncoder().encode("hello\n"), "validate", "-");
  expect(code).toBe(2);
  expect(out).toContain('error    -: not a readable Arrow IPC file: it does not start with the Arrow magic "ARROW1"');
});

test("beside a file named -, `-` is stdin and `./-` or a pattern's match is the file: each read and counted once", () => {
  const folder = mkdtempSync(join(tmpdir(), "legolas-dash-"));
  writeFileSync(join(folder, "-"), tableBytes([1.5], "file"));
  mkdirSync(join(folder, "runs"));
  const stdin = tableBytes([0.5, 0.25], "stream");
  const fromStdin = { file: "-", status: "ok", rows: 2 };
  const fromFile = { file: "./-", status: "invalid", rows: 1, invalidRows: 1 };
  for (const [argv, reports] of [
    [
      ["-", "./-"],
      [fromStdin, fromFile],
    ],
    [
      ["./-", "-"],
      [fromFile, fromStdin],
    ],
    // A pattern's match is read from the disk, never from stdin, and is the file `./-` names.
    [
      ["?", "-", "./-"],
      [fromFile, fromStdin],
    ],
  ] as const) {
    const { code, out } = pipedIn(folder, stdin, "validate", ...argv, "--json");
    expect(code, argv.join(" ")).toBe(1);
    expect(JSON.parse(out).files, argv.join(" ")).toMatchObject(reports);
  }
  const text = pipedIn(folder, stdin, "validate", "-", "./-");
  expect(text.out).toContain("2 files: 1 valid, 1 invalid, 0 unreadable");
  // A folder named `-` is `./-` too: `-` alone is still stdin.
  const inFolder = join(folder, "runs");
  mkdirSync(join(inFolder, "-"));
  writeFileSync(join(inFolder, "-", "a.arrow"), tableBytes([1.5], "file"));
  expect(JSON.parse(pipedIn(inFolder, stdin, "validate", "-", "--json").out).files).toMatchObject([fromStdin]);
  const inspected = pipedIn(folder, stdin, "inspect", "./-", "--json");
  expect(JSON.parse(inspected.out)).toMatchObject({ file: "./-", rows: 1 });
});

afterEach(() => {
  delete (process.stdin as { isTTY?: boolean }).isTTY;
});

test.each(["validate", "inspect"])(
  "%s - with a terminal on stdin is bad usage, saying to pipe the table in",
  async (command) => {
    Object.defineProperty(process.stdin, "isTTY", { value: true, configurable: true });
    const result = await runCli(command, "-", "--schemas", schemas);
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      `legolas ${command}: "-" reads the table from stdin, which is a terminal here: pipe the table in (cat table.arrow | legolas ${command} -) or pass its path (a file named "-" is ./-)`,
    );
  },
);

test.each(["file", "stream"] as const)(
  "a table (IPC %s) piped in cut short is refused as that file is by its path (exit 2)",
  (format) => {
    const bytes = tableBytes([0.5, 0.25], format);
    const cut = bytes.subarray(0, bytes.length - 20);
    const folder = mkdtempSync(join(tmpdir(), "legolas-cut-"));
    writeFileSync(join(folder, "cut.arrow"), cut);
    const byPath = pipedIn(folder, new Uint8Array(0), "validate", "cut.arrow", "--json");
    const piped = pipedIn(folder, cut, "validate", "-", "--json");
    expect(piped.code).toBe(2);
    const { file: _, ...report } = JSON.parse(piped.out).files[0];
    const { file: __, ...expected } = JSON.parse(byPath.out).files[0];
    expect(report).toEqual(expected);
    expect(report.status).toBe("unreadable");
  },
);

/** `legolas validate`, run in-process: per-file reports, row violations, JSON, exit codes, file arguments. */
import { execFileSync } from "node:child_process";
import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  Field,
  Float64,
  Int64,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { beforeAll, describe, expect, test } from "vitest";
import { runCli } from "./helpers.js";
import { ipcOfEndianness } from "../runtime/arrow/helpers/big-endian.js";
import { describeWithJuliaFixtures, juliaFixturesFolder } from "../helpers/julia-fixtures.js";
import { expandFileArguments } from "../../generator/cli/file-args.js";
import { segmentMatcher } from "../../runtime/glob.js";
import { loadSchemaFolders } from "../../generator/cli/schema-loader.js";
import type { FileReport } from "../../generator/cli/table-validation.js";
import type { VersionSummary } from "../../generator/cli/commands/validate.js";
import { writeTable } from "../../runtime/arrow/table-files.js";
import { findSchemaVersion } from "../../runtime/index.js";
import { startRangeServer } from "../helpers/range-server.js";

interface JsonOutput {
  ok: boolean;
  columns?: string[];
  files: FileReport[];
  schemaVersions: VersionSummary[];
}

async function json(...argv: string[]): Promise<{ code: number } & JsonOutput> {
  const result = await runCli("validate", "--json", ...argv);
  return { code: result.code, ...(JSON.parse(result.out) as JsonOutput) };
}

const julia = juliaFixturesFolder;

const CHECK_YAML = `schema: cli.check
prefix: Check
versions:
  1:
    fields:
      id: int64
      accuracy:
        type: float32
        min: 0
        max: 1
      config:
        type: struct
        fields:
          rate:
            type: float64
            min: 0
`;

/** A row of a list of records, each of which may break its bound: as many violations in one row as it has items. */
const ITEMS_YAML = `schema: cli.items
prefix: Items
versions:
  1:
    fields:
      items: list<cli.item@1>
`;
const ITEM_YAML = `schema: cli.item
prefix: Item
versions:
  1:
    fields:
      rate:
        type: float64
        min: 0
`;

/** A folder with schemas/cli.check.yaml (and cli.items, cli.item), and Arrow files written by the tests. */
let dir: string;
let schemas: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "legolas-validate-"));
  schemas = join(dir, "schemas");
  mkdirSync(schemas);
  writeFileSync(join(schemas, "cli.check.yaml"), CHECK_YAML);
  writeFileSync(join(schemas, "cli.items.yaml"), ITEMS_YAML);
  writeFileSync(join(schemas, "cli.item.yaml"), ITEM_YAML);
  await loadSchemaFolders([schemas]);
});

/** A cli.check@1 table written with apache-arrow alone, so nothing validates its rows on the way. */
function writeRaw(name: string, batches: { accuracy: number[]; rate: number[] }[], metadata = true): string {
  const tables = batches.map(({ accuracy, rate }) => {
    const config = vectorFromArray(
      rate.map((r) => ({ rate: r })),
      new Struct([new Field("rate", new Float64(), false)]),
    );
    const id = makeVector(BigInt64Array.from(accuracy, (_, i) => BigInt(i)));
    return new Table({ id, accuracy: makeVector(Float32Array.from(accuracy)), config });
  });
  const concatenated = tables.slice(1).reduce((all, t) => all.concat(t), tables[0]!);
  // Every column marked not nullable, as Julia reads a required field (`new Table` marks a struct nullable): only the rows are invalid.
  const schema = new Schema(concatenated.schema.fields.map((field) => field.clone({ nullable: false })));
  const table = new Table(
    schema,
    concatenated.batches.map((batch) => new RecordBatch(schema, batch.data)),
  );
  if (metadata) table.schema.metadata.set("legolas_schema_qualified", "cli.check@1");
  const path = join(dir, name);
  writeFileSync(path, tableToIPC(table, "file"));
  return path;
}

describeWithJuliaFixtures("Julia's fixtures", () => {
  test("a folder: the valid ones ok, the others no registered Legolas table; exit 1", async () => {
    const result = await runCli("validate", julia, "--schemas", "test/schemas");
    expect(result.code).toBe(1);
    expect(result.out.split("\n").filter((line) => !line.startsWith(" "))).toEqual([
      `ok       ${julia}/dense-chain.model.arrow: 1 row of legolas-flux.model@1`,
      `ok       ${julia}/issue-94.arrow: 1 row of test.issue-94-parent@1`,
      // The mirror of digits.model@1 reads the legacy layout through its compat_config (`value:`).
      `ok       ${julia}/legacy-v0.1.8.digits-model.arrow: 1 row of digits.model@1`,
      `ok       ${julia}/test.digits-model.arrow: 1 row of digits.model@1`,
      `ok       ${julia}/test.onda.signal.arrow: 6 rows of onda.signal@2`,
      `error    ${julia}/test_provider_pkg.arrow: test-provider-pkg.foo@1 is not registered (declared by the Julia package TestProviderPkg 0.1.0); pass --schemas <folder> with its YAML declaration, or --as a version it extends`,
      `error    ${julia}/uuid4.arrow: no legolas_schema_qualified metadata, so it is not a Legolas table; pass --as <name@version> to validate it as a version you choose`,
      "7 files: 5 valid, 0 invalid, 2 unreadable",
    ]);
  });

  test("a glob of valid files exits 0; the JSON has one report per file", async () => {
    const { code, ok, files } = await json(`${julia}/test.*.arrow`, "--schemas", "test/schemas");
    expect(code).toBe(0);
    expect(ok).toBe(true);
    expect(files).toEqual([
      {
        file: `${julia}/test.digits-model.arrow`,
        status: "ok",
        schemaVersion: "digits.model@1",
        identifier: "digits.model@1>legolas-flux.model@1",
        rows: 1,
      },
      {
        file: `${julia}/test.onda.signal.arrow`,
        status: "ok",
        schemaVersion: "onda.signal@2",
        identifier: "onda.signal@2>onda.samples-info@2",
        rows: 6,
      },
    ]);
  });
});

test("column violations in JSON have row null, and the hint of a Legolas.jl < 0.5 nested row", async () => {
  // cli.check@1's struct `config` stored as Legolas.jl < 0.5 stored a nested row: (name, version, fields).
  const legacy = new Struct([
    new Field("1", new Utf8(), false),
    new Field("2", new Int64(), false),
    new Field("3", new Struct([new Field("rate", new Float64(), false)]), false),
  ]);
  const table = new Table({
    id: makeVector(BigInt64Array.of(1n)),
    accuracy: makeVector(Float32Array.of(0.5)),
    config: vectorFromArray([{ 1: "cli.config", 2: 1n, 3: { rate: 0.1 } }], legacy),
  });
  table.schema.metadata.set("legolas_schema_qualified", "cli.check@1");
  const path = join(dir, "legacy-layout.arrow");
  writeFileSync(path, tableToIPC(table, "file"));
  const { files } = await json(path, "--schemas", schemas);
  expect(files[0]).toMatchObject({
    status: "invalid",
    rows: null,
    violationCount: 1,
    violations: [{ row: null, code: "incorrect_type", path: "config" }],
    hint: expect.stringContaining("Legolas.jl < 0.5"),
  });
  const result = await runCli("validate", path, "--schemas", schemas);
  expect(result.out).toContain("  The column looks like a nested row written by Legolas.jl < 0.5");
});

describe("files written here", () => {
  test("a file written by writeTable is valid", async () => {
    const path = join(dir, "good.arrow");
    await writeTable(path, [{ id: 1, accuracy: 0.5, config: { rate: 0.1 } }], findSchemaVersion("cli.check@1")!);
    const result = await runCli("validate", path, "--schemas", schemas);
    expect(result).toEqual({
      code: 0,
      out: [
        `ok       ${path}: 1 row of cli.check@1`,
        "1 file: 1 valid, 0 invalid, 0 unreadable",
        "  cli.check@1: 1 file (1 valid, 0 invalid), 1 row read, 0 invalid rows",
      ].join("\n"),
      err: "",
    });
  });

  test("--quiet prints only the files that did not pass, then the whole summary", async () => {
    const folder = mkdtempSync(join(tmpdir(), "legolas-validate-quiet-"));
    const version = findSchemaVersion("cli.check@1")!;
    for (const name of ["a.arrow", "c.arrow"])
      await writeTable(join(folder, name), [{ id: 1, accuracy: 0.5, config: { rate: 0.1 } }], version);
    await writeTable(join(folder, "b.arrow"), [{ id: 2, accuracy: 1.5, config: { rate: 0.1 } }], version, {
      validate: false,
    });
    const loud = await runCli("validate", folder, "--schemas", schemas);
    const quiet = await runCli("validate", folder, "--schemas", schemas, "--quiet");
    expect(quiet.code).toBe(1);
    expect(quiet.code).toBe(loud.code);
    // The loud report's lines about a.arrow and c.arrow are gone, b.arrow's and the summary kept.
    const loudLines = loud.out.split("\n");
    expect(loudLines.filter((line) => line.startsWith("ok ")).length).toBe(2);
    expect(quiet.out).toBe(loudLines.filter((line) => !line.startsWith("ok ")).join("\n"));
    expect(quiet.out).toContain(`invalid  ${join(folder, "b.arrow")}`);
    expect(quiet.out.split("\n").at(-2)).toBe("3 files: 2 valid, 1 invalid, 0 unreadable");
  });

  test("a file named again through a symbolic or hard link is validated and counted once, as readTableBatches reads it once", async (context) => {
    const linked = mkdtempSync(join(tmpdir(), "legolas-validate-links-"));
    const path = join(linked, "a.arrow");
    await writeTable(path, [{ id: 1, accuracy: 0.5, config: { rate: 0.1 } }], findSchemaVersion("cli.check@1")!);
    try {
      symlinkSync(path, join(linked, "link-to-a.arrow"));
      linkSync(path, join(linked, "hard-link-to-a.arrow"));
    } catch (error) {
      // Windows without developer mode or the privilege to make them.
      const { code } = error as { code?: string };
      if (code !== "EPERM" && code !== "EACCES") throw error;
      context.skip(`links cannot be made here (${code}): the CLI's check by the file's identity is not tested`);
    }
    for (const named of [
      [path, join(linked, "link-to-a.arrow")],
      [join(linked, "hard-link-to-a.arrow"), path],
      [join(linked, "*.arrow")],
      [linked],
    ]) {
      const result = await runCli("validate", ...named, "--schemas", schemas);
      expect(result.code).toBe(0);
      expect(result.out.split("\n").slice(-2)).toEqual([
        "1 file: 1 valid, 0 invalid, 0 unreadable",
        "  cli.check@1: 1 file (1 valid, 0 invalid), 1 row read, 0 invalid rows",
      ]);
    }
  });

  test("a presigned URL is reported without its query, where its signature is, by validate and inspect", async () => {
    const bytes = readFileSync(writeRaw("presigned.arrow", [{ accuracy: [0.5], rate: [1] }]));
    const server = await startRangeServer();
    server.put("/t.arrow", bytes);
    const { base } = server;
    const query = "?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=deadbeef";
    try {
      const validated = await runCli(
        "validate",
        `${base}/t.arrow${query}`,
        `${base}/missing.arrow${query}`,
        "--schemas",
        schemas,
      );
      expect(validated.out.split("\n").slice(0, 2)).toEqual([
        `ok       ${base}/t.arrow?…: 1 row of cli.check@1`,
        `error    ${base}/missing.arrow?…: HTTP 404 Not Found; nothing was read`,
      ]);
      const inspected = await runCli("inspect", `${base}/missing.arrow${query}`, "--schemas", schemas);
      expect(inspected.err).toContain(`${base}/missing.arrow?…: HTTP 404 Not Found`);
      expect(validated.out + inspected.out + inspected.err).not.toContain("deadbeef");
    } finally {
      await server.close();
    }
  });

  test("row violations name the row (across batches) and the field path; exit 1", async () => {
    const path = writeRaw("bad-rows.arrow", [
      { accuracy: [0.5, 1.5, 0.25], rate: [1, 1, 1] },
      { accuracy: [0.5, 2], rate: [1, -3] },
    ]);
    const result = await runCli("validate", path, "--schemas", schemas);
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      [
        `invalid  ${path}: 2 of 5 rows violate cli.check@1 (3 violations):`,
        "  row 1:",
        "    - accuracy: must be <= 1, found 1.5",
        "  row 4:",
        "    - accuracy: must be <= 1, found 2",
        "    - config.rate: must be >= 0, found -3",
        "1 file: 0 valid, 1 invalid, 0 unreadable",
        "  cli.check@1: 1 file (0 valid, 1 invalid), 5 rows read, 2 invalid rows",
      ].join("\n"),
    );
    const { files } = await json(path, "--schemas", schemas);
    expect(files[0]).toEqual({
      file: path,
      status: "invalid",
      schemaVersion: "cli.check@1",
      identifier: "cli.check@1",
      rows: 5,
      invalidRows: 2,
      violationCount: 3,
      violations: [
        { row: 1, code: "constraint_violated", path: "accuracy", expected: "<= 1", found: "1.5" },
        { row: 4, code: "constraint_violated", path: "accuracy", expected: "<= 1", found: "2" },
        { row: 4, code: "constraint_violated", path: "config.rate", expected: ">= 0", found: "-3" },
      ],
    });
  });

  test("every invalid row is counted; the first 100 violations are kept, the text shows 10", async () => {
    const accuracy = Array.from({ length: 150 }, () => 7);
    const path = writeRaw("many-bad.arrow", [{ accuracy, rate: accuracy.map(() => 0) }]);
    const { files } = await json(path, "--schemas", schemas);
    expect(files[0]).toMatchObject({ status: "invalid", rows: 150, invalidRows: 150, violationCount: 150 });
    expect((files[0] as { violations: unknown[] }).violations).toHaveLength(100);
    const text = await runCli("validate", path, "--schemas", schemas);
    expect(text.out).toContain("  row 9:\n    - accuracy: must be <= 1, found 7\n  ... and 140 more\n");
  });

  test("a row with more violations than a row keeps (1,000) counts them all", async () => {
    const path = join(dir, "many-in-one-row.arrow");
    const items = Array.from({ length: 1_500 }, () => ({ rate: -1 }));
    await writeTable(path, [{ items }, { items: [{ rate: -2 }] }], findSchemaVersion("cli.items@1")!, {
      validate: false,
    });
    const { files } = await json(path, "--schemas", schemas);
    expect(files[0]).toMatchObject({ status: "invalid", rows: 2, invalidRows: 2, violationCount: 1_501 });
    expect((files[0] as { violations: unknown[] }).violations).toHaveLength(100);
    const text = await runCli("validate", path, "--schemas", schemas);
    expect(text.out).toContain("2 of 2 rows violate cli.items@1 (1501 violations):");
    expect(text.out).toContain("  ... and 1491 more\n");
  });

  test("a non-Arrow file and a missing file are unreadable input (exit 2), the other files still reported", async () => {
    const notes = join(dir, "notes.arrow");
    writeFileSync(notes, "not arrow");
    const good = writeRaw("fine.arrow", [{ accuracy: [0.1], rate: [0] }]);
    const missing = join(dir, "missing.arrow");
    const { code, ok, files } = await json(notes, good, missing, "--schemas", schemas);
    expect({ code, ok }).toEqual({ code: 2, ok: false });
    expect(files.map((f) => [f.file, f.status])).toEqual([
      [notes, "unreadable"],
      [good, "ok"],
      [missing, "unreadable"],
    ]);
    expect(files[0]).toEqual({
      file: notes,
      status: "unreadable",
      code: "not_arrow_file",
      message:
        'not a readable Arrow IPC file: it does not start with the Arrow magic "ARROW1" (nor is it an Arrow stream)',
    });
    expect(files[2]).toEqual({
      file: missing,
      status: "unreadable",
      code: "file_access_failed",
      message: "cannot read it (ENOENT): no such file or folder; check the path",
    });
  });

  // A shell's data/*.arrow names these too; a folder or quoted pattern must not pass without them.
  test.skipIf(process.platform === "win32")(
    "a folder or pattern whose .arrow link points nowhere (a git-annex file not fetched), or holds a FIFO: reported unreadable, exit 2",
    async () => {
      const folder = mkdtempSync(join(tmpdir(), "legolas-validate-links-"));
      writeFileSync(join(folder, "a.arrow"), readFileSync(writeRaw("linked.arrow", [{ accuracy: [0.5], rate: [1] }])));
      symlinkSync("../.git/annex/objects/b.arrow", join(folder, "b.arrow"));
      execFileSync("mkfifo", [join(folder, "c.arrow")]);
      for (const argument of [folder, join(folder, "*.arrow")]) {
        const { code, files } = await json(argument, "--schemas", schemas);
        expect(code).toBe(2);
        expect(files.map((f) => [f.file, f.status])).toEqual([
          [join(folder, "a.arrow"), "ok"],
          [join(folder, "b.arrow"), "unreadable"],
          [join(folder, "c.arrow"), "unreadable"],
        ]);
      }
    },
  );

  test("a truncated Arrow file is unreadable, with the reason", async () => {
    const whole = readFileSync(writeRaw("whole.arrow", [{ accuracy: [0.1, 0.2], rate: [0, 0] }]));
    const path = join(dir, "truncated.arrow");
    writeFileSync(path, whole.subarray(0, whole.length >> 1));
    const { code, files } = await json(path, "--schemas", schemas);
    expect(code).toBe(2);
    expect(files[0]).toMatchObject({
      status: "unreadable",
      code: "not_arrow_file",
      message: expect.stringContaining("it is truncated"),
    });
  });

  test("a stream cut at a message boundary is unfinished, not ok (exit 1); the same stream closed is ok", async () => {
    // Two batches in the stream format: a writer stopped after the first leaves a readable stream
    // of fewer rows, without the end-of-stream marker every writer adds when it closes a stream.
    const table = tableFromIPC(
      readFileSync(
        writeRaw("two-batches.arrow", [
          { accuracy: [0.1], rate: [0] },
          { accuracy: [0.2], rate: [1] },
        ]),
      ),
    );
    const stream = tableToIPC(table, "stream");
    const closed = join(dir, "closed.arrows");
    writeFileSync(closed, stream);
    const oneBatch = tableToIPC(new Table(table.schema, table.batches.slice(0, 1)), "stream");
    const cut = join(dir, "cut.arrows");
    writeFileSync(cut, oneBatch.subarray(0, oneBatch.length - 8));

    const { code, ok, files, schemaVersions } = await json(closed, cut, "--schemas", schemas);
    expect({ code, ok }).toEqual({ code: 1, ok: false });
    expect(files).toMatchObject([
      { file: closed, status: "ok", rows: 2 },
      { file: cut, status: "unfinished", schemaVersion: "cli.check@1", rows: 1 },
    ]);
    expect(schemaVersions).toMatchObject([{ files: 2, valid: 1, unfinished: 1, invalid: 0 }]);
    const text = await runCli("validate", cut, "--schemas", schemas);
    expect(text.out.split("\n")[0]).toBe(
      `unfinished ${cut}: 1 row of cli.check@1, but the stream ends without its end-of-stream marker: its writer never closed it (it was stopped, or is still writing), so rows may be missing; validate it once its writer has closed it`,
    );
  });

  test("a big-endian file is unreadable by validate and inspect, which say so and how to rewrite it", async () => {
    const path = join(dir, "big-endian.arrow");
    writeFileSync(path, ipcOfEndianness("big", "cli.check@1", { id: [1n] }, "file"));
    const { code, files } = await json(path, "--schemas", schemas);
    expect(code).toBe(2);
    expect(files[0]).toMatchObject({
      status: "unreadable",
      code: "not_arrow_file",
      message: expect.stringContaining("it is big-endian (its schema's endianness is Big)"),
    });
    const inspected = await runCli("inspect", path, "--schemas", schemas);
    expect(inspected.code).toBe(2);
    expect(inspected.err).toContain("legolas-ts reads little-endian Arrow only");
    expect(inspected.err).toContain("Rewrite it little-endian");
  });

  test("metadata that holds no schema identifier: not a Legolas table, exit 1, as a table without metadata", async () => {
    for (const [name, identifier] of [
      ["empty-id.arrow", ""],
      ["no-version.arrow", "cli.check"],
    ] as const) {
      const path = writeRaw(name, [{ accuracy: [0.1], rate: [0] }], false);
      const table = tableFromIPC(readFileSync(path));
      table.schema.metadata.set("legolas_schema_qualified", identifier);
      writeFileSync(path, tableToIPC(table, "file"));
      const { code, files } = await json(path, "--schemas", schemas);
      expect(code).toBe(1);
      expect(files[0]).toMatchObject({
        status: "unreadable",
        code: "invalid_identifier",
        message: expect.stringContaining(`metadata, ${JSON.stringify(identifier)}, is no schema identifier (`),
      });
      expect(files[0]!.status === "unreadable" && files[0]!.message).toContain("its writer must set name@version");
    }
  });

  test("--as validates a table without Legolas metadata as the version named", async () => {
    const path = writeRaw("bare.arrow", [{ accuracy: [0.1, 3], rate: [0, 0] }], false);
    expect((await json(path, "--schemas", schemas)).files[0]).toMatchObject({
      status: "unreadable",
      code: "schema_metadata_missing",
    });
    const asCheck = await json(path, "--schemas", schemas, "--as", "cli.check@1");
    expect(asCheck.files[0]).toMatchObject({
      status: "invalid",
      identifier: null,
      invalidRows: 1,
      violations: [{ row: 1, path: "accuracy" }],
    });
  });

  test("--as a version the file's label neither is nor extends: invalid, counted so, not unreadable (exit 1)", async () => {
    const model = join(dir, "model.arrow");
    await writeTable(model, [{}], findSchemaVersion("legolas-flux.model@1")!);
    const valid = writeRaw("as-valid.arrow", [{ accuracy: [0.5], rate: [0] }]);
    const mismatch = "it holds rows of legolas-flux.model@1, which neither is nor extends cli.check@1 (--as)";
    const text = await runCli("validate", valid, model, "--schemas", schemas, "--as", "cli.check@1");
    expect(text.code).toBe(1);
    expect(text.out.split("\n")).toEqual([
      `ok       ${valid}: 1 row of cli.check@1`,
      `invalid  ${model}: ${mismatch}; its rows were not read`,
      "2 files: 1 valid, 1 invalid, 0 unreadable",
      "  cli.check@1: 2 files (1 valid, 1 invalid), 1 row read, 0 invalid rows",
    ]);
    const { code, ok, files } = await json(model, "--schemas", schemas, "--as", "cli.check@1");
    expect({ code, ok }).toEqual({ code: 1, ok: false });
    expect(files[0]).toEqual({
      file: model,
      status: "invalid",
      schemaVersion: "cli.check@1",
      identifier: "legolas-flux.model@1",
      rows: null,
      invalidRows: 0,
      violationCount: 0,
      violations: [],
      labelMismatch: mismatch,
    });
  });

  test("a file of an unregistered version that extends a registered one is validated as that one, as inspect checks it", async () => {
    const path = writeRaw("sub.arrow", [{ accuracy: [0.5, 2], rate: [0, 0] }]);
    const bytes = readFileSync(path);
    const table = tableFromIPC(bytes);
    table.schema.metadata.set("legolas_schema_qualified", "cli.sub@1>cli.check@1");
    writeFileSync(path, tableToIPC(table, "file"));
    const validated = await runCli("validate", path, "--schemas", schemas);
    expect(validated.code).toBe(1);
    expect(validated.out).toContain(`invalid  ${path}: 1 of 2 rows violates cli.check@1 (1 violation):`);
    expect(validated.out).toContain("  note: cli.sub@1 is not registered; validated as cli.check@1, which it extends");
    const inspected = await runCli("inspect", path, "--schemas", schemas, "--json");
    expect(JSON.parse(inspected.out)).toMatchObject({ check: { checkedAgainst: "cli.check@1" } });
  });

  test("--as a parent of a file that names only its own version: read as it when that version is registered, else told why not", async () => {
    const labelled = (name: string, identifier: string) => {
      const path = writeRaw(name, [{ accuracy: [0.5], rate: [0] }]);
      const table = tableFromIPC(readFileSync(path));
      table.schema.metadata.set("legolas_schema_qualified", identifier);
      writeFileSync(path, tableToIPC(table, "file"));
      return path;
    };
    const withChild = join(dir, "with-child");
    mkdirSync(withChild);
    writeFileSync(join(withChild, "cli.check.yaml"), CHECK_YAML);
    writeFileSync(
      join(withChild, "cli.own.yaml"),
      "schema: cli.own\nprefix: Own\nversions:\n  1:\n    extends: cli.check@1\n",
    );
    const registered = labelled("own-only.arrow", "cli.own@1");
    const unregistered = labelled("stranger-only.arrow", "cli.stranger@1");
    const { code, files } = await json(registered, unregistered, "--schemas", withChild, "--as", "cli.check@1");
    expect(code).toBe(1);
    expect(files[0]).toMatchObject({ status: "ok", schemaVersion: "cli.check@1" });
    expect(files[1]).toEqual({
      file: unregistered,
      status: "unreadable",
      code: "schema_version_mismatch",
      message:
        "it names only cli.stranger@1, not the versions it extends, and cli.stranger@1 is not registered, so whether it extends cli.check@1 (--as) cannot be told; pass --schemas <folder> with its YAML declaration, or have its writer label it with its whole chain (cli.stranger@1>…), as Legolas.jl does",
    });
  });

  test("--jobs 1 and the default give the same reports, in argument order", async () => {
    const paths = [
      writeRaw("j1.arrow", [{ accuracy: [2], rate: [0] }]),
      writeRaw("j2.arrow", [{ accuracy: [0], rate: [0] }]),
    ];
    const one = await runCli("validate", ...paths, "--schemas", schemas, "--jobs", "1");
    expect(await runCli("validate", ...paths, "--schemas", schemas)).toEqual(one);
    expect(one.out.split("\n")[0]).toContain("j1.arrow");
  });
});

describe("--columns and the summary per schema version", () => {
  test("--columns validates only those columns: a bad value elsewhere is not read, one in them is found", async () => {
    const path = writeRaw("bad-rate.arrow", [{ accuracy: [0.5, 0.25], rate: [1, -3] }]);
    const some = await runCli("validate", path, "--schemas", schemas, "--columns", "id, accuracy");
    expect(some.code).toBe(0);
    expect(some.out).toContain(`ok       ${path}: 2 rows of cli.check@1`);
    expect(some.out).toContain("only the columns id, accuracy (and those row checks read) were validated");
    const all = await runCli("validate", path, "--schemas", schemas, "--columns", "config");
    expect(all.code).toBe(1);
    expect(all.out).toContain("    - config.rate: must be >= 0, found -3");
    expect((await json(path, "--schemas", schemas, "--columns", "accuracy")).columns).toEqual(["accuracy"]);
    // A name given twice is one column: named once in the summary and in --json.
    const twice = await runCli("validate", path, "--schemas", schemas, "--columns", "accuracy,id, accuracy");
    expect(twice.out).toContain("only the columns accuracy, id (and those row checks read) were validated");
    expect((await json(path, "--schemas", schemas, "--columns", "id,id")).columns).toEqual(["id"]);
    expect(await runCli("validate", path, "--schemas", schemas, "--columns", " , ")).toMatchObject({
      code: 2,
      err: 'legolas validate: --columns " , ": expected column names, separated by commas',
    });
    expect((await json(path, "--schemas", schemas, "--columns", "acuracy")).files[0]).toMatchObject({
      status: "unreadable",
      code: "column_unknown",
    });
  });

  test("--columns naming a column the version does not declare: a note says it was read, not validated", async () => {
    const table = tableFromIPC(readFileSync(writeRaw("undeclared-column.arrow", [{ accuracy: [0.5], rate: [-3] }])));
    const columns = Object.fromEntries(table.schema.fields.map((field) => [field.name, table.getChild(field.name)!]));
    const extended = new Table({ ...columns, notes: vectorFromArray(["x"], new Utf8()) });
    extended.schema.metadata.set("legolas_schema_qualified", "cli.check@1");
    const path = join(dir, "undeclared-column-notes.arrow");
    writeFileSync(path, tableToIPC(extended, "file"));
    const text = await runCli("validate", path, "--schemas", schemas, "--columns", "notes");
    expect(text.code).toBe(0);
    expect(text.out.split("\n").slice(0, 2)).toEqual([
      `ok       ${path}: 1 row of cli.check@1`,
      "  note: cli.check@1 declares no column notes: it was read, not validated",
    ]);
    const some = await json(path, "--schemas", schemas, "--columns", "notes,config");
    expect(some.files[0]).toMatchObject({
      status: "invalid",
      note: "cli.check@1 declares no column notes: it was read, not validated",
    });
    expect((await json(path, "--schemas", schemas, "--columns", "accuracy")).files[0]).not.toHaveProperty("note");
  });

  test("an unknown column: the file named once, and no claim that some columns were validated when none were", async () => {
    const path = writeRaw("unknown-column.arrow", [{ accuracy: [0.5], rate: [0] }]);
    const text = await runCli("validate", path, "--schemas", schemas, "--columns", "acuracy");
    expect(text.code).toBe(2);
    expect(text.out.split("\n")[0]).toBe(
      `error    ${path}: it has no column "acuracy" (did you mean "accuracy"?); the columns it can read: "id", "accuracy", "config"`,
    );
    expect(text.out).not.toContain("were validated");
    const missing = join(dir, "unknown-column-missing.arrow");
    const both = await runCli("validate", path, missing, "--schemas", schemas, "--columns", "accuracy");
    expect(both.out).toContain("only the columns accuracy (and those row checks read) were validated");
  });

  test("one line per schema version the files were read as: files, verdicts, rows, invalid rows", async () => {
    const model = join(dir, "summary-model.arrow");
    await writeTable(model, [{}, {}], findSchemaVersion("legolas-flux.model@1")!);
    const paths = [
      writeRaw("s1.arrow", [{ accuracy: [0.5, 2, 3], rate: [0, 0, 0] }]),
      model,
      writeRaw("s2.arrow", [{ accuracy: [0.5], rate: [0] }]),
      join(dir, "summary-missing.arrow"),
    ];
    const text = await runCli("validate", ...paths, "--schemas", schemas);
    expect(text.out.split("\n").slice(-3)).toEqual([
      "4 files: 2 valid, 1 invalid, 1 unreadable",
      "  cli.check@1: 2 files (1 valid, 1 invalid), 4 rows read, 2 invalid rows",
      "  legolas-flux.model@1: 1 file (1 valid, 0 invalid), 2 rows read, 0 invalid rows",
    ]);
    expect((await json(...paths, "--schemas", schemas)).schemaVersions).toEqual([
      {
        schemaVersion: "cli.check@1",
        files: 2,
        valid: 1,
        partial: 0,
        unfinished: 0,
        invalid: 1,
        rows: 4,
        invalidRows: 2,
      },
      {
        schemaVersion: "legolas-flux.model@1",
        files: 1,
        valid: 1,
        partial: 0,
        unfinished: 0,
        invalid: 0,
        rows: 2,
        invalidRows: 0,
      },
    ]);
  });
});

test("usage errors exit 2: a pattern matching nothing, bad --jobs, unknown --as, invalid YAML", async () => {
  expect(await runCli("validate", join(tmpdir(), "no-such-folder-*", "*.arrow"))).toMatchObject({
    code: 2,
    err: expect.stringContaining("no .arrow file matches"),
  });
  expect(await runCli("validate", `${julia}/uuid4.arrow`, "--jobs", "0")).toMatchObject({
    code: 2,
    err: "legolas validate: --jobs 0: expected a positive integer",
  });
  expect(await runCli("validate", `${julia}/uuid4.arrow`, "--as", "nope@1")).toMatchObject({
    code: 2,
    err: expect.stringContaining(
      "--as nope@1: no such schema version is registered; pass --schemas <folder> with its YAML",
    ),
  });
  // The schema is registered, another version of it is asked for: its versions, not --schemas.
  expect(await runCli("validate", `${julia}/uuid4.arrow`, "--as", "legolas-flux.model@2")).toMatchObject({
    code: 2,
    err: expect.stringContaining(
      "--as legolas-flux.model@2: no such schema version is registered; legolas-flux.model has legolas-flux.model@1",
    ),
  });
  // The schema's name without a version: the versions to pick from.
  expect(await runCli("validate", `${julia}/uuid4.arrow`, "--as", "legolas-flux.model")).toMatchObject({
    code: 2,
    err: expect.stringContaining(
      'no "@version"; write it as name@version; legolas-flux.model has legolas-flux.model@1',
    ),
  });
  expect(await runCli("validate", `${julia}/uuid4.arrow`, "--as", "legolas-flux.modle@1")).toMatchObject({
    code: 2,
    err: expect.stringContaining("no such schema version is registered (did you mean legolas-flux.model@1?)"),
  });
  expect((await runCli("validate")).code).toBe(2);
  const bad = mkdtempSync(join(tmpdir(), "legolas-validate-bad-"));
  writeFileSync(join(bad, "bad.yaml"), "schema: bad\nprefix: Bad\nversions:\n  1:\n    extends: missing@1\n");
  expect(await runCli("validate", `${julia}/uuid4.arrow`, "--schemas", bad)).toEqual({
    code: 2,
    out: "",
    err: `${join(bad, "bad.yaml")}:5:14: parent "missing@1" is not declared in any schema file [unknown-parent]`,
  });
});

describe("file arguments", () => {
  function tree(): string {
    const root = mkdtempSync(join(tmpdir(), "legolas-glob-"));
    for (const path of [
      "a.arrow",
      "b.arrow",
      "notes.txt",
      ".hidden.arrow",
      "sub/c.arrow",
      "sub/deep/d.arrow",
      ".git/e.arrow",
    ]) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), "");
    }
    return root;
  }

  test("*, ?, ** and folders; hidden entries skipped; sorted per pattern, in argument order, without duplicates", async () => {
    const root = tree();
    const rel = (files: string[]) => files.map((f) => f.slice(root.length + 1));
    expect(rel((await expandFileArguments([`${root}/*.arrow`])).files)).toEqual(["a.arrow", "b.arrow"]);
    expect(rel((await expandFileArguments([`${root}/?.arrow`])).files)).toEqual(["a.arrow", "b.arrow"]);
    expect(rel((await expandFileArguments([`${root}/**/*.arrow`])).files)).toEqual([
      "a.arrow",
      "b.arrow",
      "sub/c.arrow",
      "sub/deep/d.arrow",
    ]);
    expect(rel((await expandFileArguments([`${root}/sub/**/*.arrow`])).files)).toEqual([
      "sub/c.arrow",
      "sub/deep/d.arrow",
    ]);
    expect(rel((await expandFileArguments([root])).files)).toEqual([
      "a.arrow",
      "b.arrow",
      "sub/c.arrow",
      "sub/deep/d.arrow",
    ]);
    expect(rel((await expandFileArguments([`${root}/b.arrow`, `${root}/*.arrow`])).files)).toEqual([
      "b.arrow",
      "a.arrow",
    ]);
    expect(rel((await expandFileArguments([`${root}/*/c.arrow`])).files)).toEqual(["sub/c.arrow"]);
  });

  test("a folder reached through a link is walked by ** and a folder argument, as by *; a link back up adds no file", async () => {
    const root = tree();
    const elsewhere = mkdtempSync(join(tmpdir(), "legolas-glob-linked-"));
    writeFileSync(join(elsewhere, "e.arrow"), "");
    // data/2024 -> /mnt/archive/2024, and a link to a folder above it (no endless walk).
    symlinkSync(elsewhere, join(root, "sub", "linked"));
    symlinkSync("..", join(root, "sub", "deep", "up"));
    const rel = (files: string[]) => files.map((f) => f.slice(root.length + 1));
    const below = ["a.arrow", "b.arrow", "sub/c.arrow", "sub/deep/d.arrow", "sub/linked/e.arrow"];
    expect(rel((await expandFileArguments([`${root}/**/*.arrow`])).files)).toEqual(below);
    expect(rel((await expandFileArguments([root])).files)).toEqual(below);
    expect(rel((await expandFileArguments([`${root}/sub/*/*.arrow`])).files)).toEqual([
      "sub/deep/d.arrow",
      "sub/linked/e.arrow",
    ]);
  });

  test("a file named twice, however it is spelled, is read and counted once", async () => {
    const root = tree();
    const named = [`${root}/a.arrow`, `${root}/./a.arrow`, `${root}/sub/../a.arrow`, `${root}/*.arrow`, root];
    expect((await expandFileArguments(named)).files).toEqual([
      `${root}/a.arrow`,
      `${root}/b.arrow`,
      `${root}/sub/c.arrow`,
      `${root}/sub/deep/d.arrow`,
    ]);
  });

  test("a URL is kept as it is: the ? of its query (a presigned URL's signature) is no wildcard", async () => {
    const url = "https://bucket.s3.amazonaws.com/runs/a.arrow?X-Amz-Signature=abc&X-Amz-Expires=60";
    expect(await expandFileArguments([url])).toEqual({ files: [url], unmatched: [] });
  });

  test("a path without wildcards is kept even when missing; a pattern or folder without matches is reported", async () => {
    const root = tree();
    expect(await expandFileArguments([`${root}/none.arrow`])).toEqual({ files: [`${root}/none.arrow`], unmatched: [] });
    expect(await expandFileArguments([`${root}/*.parquet`, `${root}/sub/deep/x*`])).toEqual({
      files: [],
      unmatched: [`${root}/*.parquet`, `${root}/sub/deep/x*`],
    });
    mkdirSync(join(root, "empty"));
    expect((await expandFileArguments([join(root, "empty")])).unmatched).toEqual([join(root, "empty")]);
  });

  test("a folder of no .arrow file is named with the files it holds instead, and a pattern for those that may be tables", async () => {
    // A folder of tables named .feather (or only a README) passed nothing to validate, and said
    // only that no .arrow file matched it, as if the folder were misspelt.
    const root = tree();
    const data = join(root, "data");
    mkdirSync(join(data, "more"), { recursive: true });
    for (const name of ["README.txt", "a.feather", "more/b.feather", "more/c.arrows"])
      writeFileSync(join(data, name), "x");
    writeFileSync(join(data, ".hidden.arrow"), "x");
    expect(await runCli("validate", data, `${root}/*.parquet`, "--schemas", "test/schemas")).toEqual({
      code: 2,
      out: "",
      err: `legolas validate: no .arrow file matches ${JSON.stringify(data)} (a folder gives the *.arrow files below it; it holds 4 other files, README.txt, a.feather, more/b.feather, ...: name the tables among them, by path or by a quoted pattern such as ${JSON.stringify(`${data}/**/*.feather`)}), ${JSON.stringify(`${root}/*.parquet`)}`,
    });
    // The pattern advised takes them.
    expect((await expandFileArguments([`${data}/**/*.feather`])).files.map((file) => relative(data, file))).toEqual([
      "a.feather",
      "more/b.feather",
    ]);
    // Only files that sit beside tables: no pattern; an empty folder: nothing more to say.
    const notes = join(root, "notes");
    mkdirSync(notes);
    writeFileSync(join(notes, "README.md"), "x");
    expect((await runCli("validate", `${notes}/`, "--schemas", "test/schemas")).err).toBe(
      `legolas validate: no .arrow file matches ${JSON.stringify(`${notes}/`)} (a folder gives the *.arrow files below it; it holds 1 other file, README.md: name the tables among them)`,
    );
    mkdirSync(join(root, "empty"));
    expect((await runCli("validate", join(root, "empty"), "--schemas", "test/schemas")).err).toBe(
      `legolas validate: no .arrow file matches ${JSON.stringify(join(root, "empty"))}`,
    );
  });

  test("segment patterns: regex characters are literal, a leading dot must be matched explicitly", () => {
    expect(segmentMatcher("a+b*.arrow")("a+b1.arrow")).toBe(true);
    expect(segmentMatcher("a+b*.arrow")("aab1.arrow")).toBe(false);
    expect(segmentMatcher("*")(".hidden")).toBe(false);
    expect(segmentMatcher(".*")(".hidden")).toBe(true);
  });
});

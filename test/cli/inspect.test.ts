/** `legolas inspect`, run in-process: the facts it shows, its JSON, its exit codes, on Julia's files and ours. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  makeVector,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  Table,
  tableFromIPC,
  tableToIPC,
} from "apache-arrow";
import { describe, expect, test } from "vitest";
import { advisedWords, runCli, usingProjectSchemas } from "./helpers.js";
import { describeWithJuliaFixtures, juliaFixture } from "../helpers/julia-fixtures.js";
import { loadSchemaFolders } from "../../generator/cli/schema-loader.js";
import type { TableFacts } from "../../generator/cli/table-facts.js";
import { writeTable } from "../../runtime/arrow/table-files.js";
import { findSchemaVersion, FlatArray, ModelV1SchemaVersion, Weights } from "../../runtime/index.js";

const fixture = juliaFixture;

async function json(...argv: string[]): Promise<{ code: number; facts: TableFacts }> {
  const result = await runCli("inspect", "--json", ...argv);
  return { code: result.code, facts: JSON.parse(result.out) as TableFacts };
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "legolas-inspect-"));
}

describeWithJuliaFixtures("Julia's fixtures", () => {
  test("without its YAML (registered by no test before this one), the version is checked against the registered parent, and the note says so", async () => {
    const { code, facts } = await json(fixture("test.digits-model.arrow"));
    expect(code).toBe(0);
    expect(facts.check.checkedAgainst).toBe("legolas-flux.model@1");
    expect(facts.check.note).toBe(
      "digits.model@1 is not registered (pass --schemas <folder> with its YAML declaration); checked against legolas-flux.model@1, which it extends",
    );
    expect(facts.weights[0]!.rows[0]!.arrays).toHaveLength(14);
  });

  test("test.digits-model.arrow: identifier, chain, columns, the check, and 14 weight arrays", async () => {
    const result = await runCli("inspect", fixture("test.digits-model.arrow"), "--schemas", "test/schemas");
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      "schema   digits.model@1>legolas-flux.model@1\nchain    digits.model@1 > legolas-flux.model@1\nprovider none\nlayout   flux (no legolas_ts_weights_layout: LegolasFlux.jl's)\nrows     1 (1 record batch)",
    );
    expect(result.out).toMatch(/\n {2}config\.seed +Int64 +no\n/);
    expect(result.out).toMatch(/\n {2}weights +Struct<.*> +no +JuliaLang\.LegolasFlux\.Weights\n/);
    expect(result.out).toContain(
      "check    the columns comply with digits.model@1 (registered as digits.model@1>legolas-flux.model@1)",
    );
    expect(result.out).toContain("weights  column weights, row 0: 14 arrays, 7542 elements");
    expect(result.out).toMatch(/\n {3}0 {2}\[32, 1, 3, 3\] +\[3, 3, 1, 32\] +288\n/);

    const { facts } = await json(fixture("test.digits-model.arrow"), "--schemas", "test/schemas");
    expect(facts).toMatchObject({
      identifier: "digits.model@1>legolas-flux.model@1",
      chain: ["digits.model@1", "legolas-flux.model@1"],
      rows: 1,
      batches: 1,
      format: "file",
    });
    expect(facts.columns.map((c) => c.name)).toEqual([
      "weights",
      "architecture_version",
      "config",
      "epoch",
      "accuracy",
    ]);
    expect(facts.columns[2]).toEqual({
      name: "config",
      type: "Struct<{seed:Int64, dropout_rate:Float32}>",
      nullable: false,
      extension: null,
      children: [
        { name: "seed", type: "Int64", nullable: false, extension: null },
        { name: "dropout_rate", type: "Float32", nullable: false, extension: null },
      ],
    });
    expect(facts.check).toEqual({
      checkedAgainst: "digits.model@1",
      registeredIdentifier: "digits.model@1>legolas-flux.model@1",
      note: null,
      violations: [],
    });
    const [weights] = facts.weights;
    expect(weights!.column).toBe("weights");
    expect(weights!.rows[0]!.elements).toBe(7542);
    expect(weights!.rows[0]!.arrays!.map((a) => a.size)).toEqual([
      [3, 3, 1, 32],
      [32],
      [32],
      [32],
      [32],
      [32],
      [3, 3, 32, 16],
      [16],
      [3, 3, 16, 10],
      [10],
      [10, 90],
      [10],
      [10, 10],
      [10],
    ]);
    expect(weights!.rows[0]!.arrays![10]).toEqual({ index: 10, shape: [90, 10], size: [10, 90], elements: 900 });
  });

  test("dense-chain.model.arrow: a Null-typed column and the Dense kernels' shapes both ways", async () => {
    const { code, facts } = await json(fixture("dense-chain.model.arrow"));
    expect(code).toBe(0);
    expect(facts.columns[1]).toEqual({ name: "architecture_version", type: "Null", nullable: true, extension: null });
    expect(facts.weights[0]!.rows[0]!.arrays!.map((a) => [a.shape, a.size])).toEqual([
      [
        [1, 10],
        [10, 1],
      ],
      [[10], [10]],
      [
        [10, 10],
        [10, 10],
      ],
      [[10], [10]],
      [
        [10, 1],
        [1, 10],
      ],
      [[1], [1]],
    ]);
  });

  test("test_provider_pkg.arrow: provider keys shown; not registered, so not checked, exit 0", async () => {
    const result = await runCli("inspect", fixture("test_provider_pkg.arrow"));
    expect(result.code).toBe(0);
    expect(result.out).toContain("provider TestProviderPkg 0.1.0");
    expect(result.out).toContain(
      "check    not checked: test-provider-pkg.foo@1 is not registered (nor is any version it extends): pass --schemas <folder> with its YAML declaration",
    );
    const { facts } = await json(fixture("test_provider_pkg.arrow"));
    expect(facts.provider).toEqual({ name: "TestProviderPkg", version: "0.1.0" });
    expect(facts.metadata).toMatchObject({ legolas_julia_schema_provider_name: "TestProviderPkg" });
    expect(facts.check.checkedAgainst).toBeNull();
  });

  test("uuid4.arrow: no Legolas metadata, the raw facts all the same", async () => {
    const result = await runCli("inspect", fixture("uuid4.arrow"));
    expect(result.code).toBe(0);
    expect(result.out).toContain("schema   none (no legolas_schema_qualified metadata)");
    expect(result.out).toMatch(/\n {2}col1 +FixedSizeBinary\[16\] +no +JuliaLang\.UUID\n/);
    expect(result.out).toContain("check    not checked: no legolas_schema_qualified metadata: not a Legolas table");
  });

  test("legacy-v0.1.8.digits-model.arrow: valid through the mirror's compat_config, exit 0", async () => {
    const result = await runCli("inspect", fixture("legacy-v0.1.8.digits-model.arrow"), "--schemas", "test/schemas");
    expect(result.code).toBe(0);
    expect(result.out).toContain("weights  column weights, row 0: 12 arrays, 7432 elements");
  });

  test.each([
    [
      "issue-94.arrow",
      "test.issue-94-parent@1",
      /\n {2}x +Struct<\{a:Int64, b:Int64\}> +no +JuliaLang\.Legolas\.Generated\.test\.issue-94-child\.1\n/,
    ],
    [
      "test.onda.signal.arrow",
      "onda.signal@2",
      /\n {2}span\.start +Duration<NANOSECOND> +no +JuliaLang\.Dates\.Period\n/,
    ],
  ])("%s complies with %s once test/schemas is loaded", async (file, version, column) => {
    const result = await runCli("inspect", fixture(file), "--schemas", "test/schemas");
    expect(result.code).toBe(0);
    expect(result.out).toContain(`check    the columns comply with ${version}`);
    expect(result.out).toMatch(column);
  });
});

describe("files written here", () => {
  test("a model row of 125,000 weight arrays prints them all (no call with one argument per line)", async () => {
    const path = join(scratch(), "many.arrow");
    const arrays = Array.from({ length: 125_000 }, () => new FlatArray(new Float32Array(1), [1]));
    await writeTable(path, [{ weights: new Weights(arrays) }], ModelV1SchemaVersion);
    const result = await runCli("inspect", path);
    expect(result.err).toBe(usingProjectSchemas("inspect"));
    expect(result.code).toBe(0);
    expect(result.out).toContain("125000 arrays, 125000 elements");
    expect(result.out.split("\n").length).toBeGreaterThan(125_000);
  });

  test("says whose layout the weights are in: tfjs's, Flux's when the table does not say, or a value it does not know", async () => {
    const dir = scratch();
    const layoutLine = async (path: string) =>
      (await runCli("inspect", path)).out.split("\n").find((line) => line.startsWith("layout"));
    const arrays = [new FlatArray(new Float32Array([1, 2]), [2])];

    await writeTable(
      join(dir, "tfjs.arrow"),
      [{ weights: new Weights(arrays, { layout: "tfjs" }) }],
      ModelV1SchemaVersion,
    );
    expect(await layoutLine(join(dir, "tfjs.arrow"))).toBe('layout   tfjs (legolas_ts_weights_layout = "tfjs")');

    await writeTable(join(dir, "julia.arrow"), [{ weights: new Weights(arrays) }], ModelV1SchemaVersion);
    expect(await layoutLine(join(dir, "julia.arrow"))).toBe(
      "layout   flux (no legolas_ts_weights_layout: LegolasFlux.jl's)",
    );

    const newer = tableFromIPC(readFileSync(join(dir, "tfjs.arrow")));
    newer.schema.metadata.set("legolas_ts_weights_layout", "jax");
    writeFileSync(join(dir, "newer.arrow"), tableToIPC(newer, "file"));
    expect(await layoutLine(join(dir, "newer.arrow"))).toBe(
      'layout   unknown to this version (legolas_ts_weights_layout = "jax"): its weights neither load nor convert',
    );

    const plain = new Table({ a: makeVector(new Int32Array([1])) });
    writeFileSync(join(dir, "plain.arrow"), tableToIPC(plain, "file"));
    expect(await layoutLine(join(dir, "plain.arrow"))).toBeUndefined(); // no weights, no layout
    expect((await json(join(dir, "plain.arrow"))).facts.weightsLayout).toBeNull();

    // --json says the same layouts as data.
    expect((await json(join(dir, "tfjs.arrow"))).facts.weightsLayout).toBe("tfjs");
    expect((await json(join(dir, "julia.arrow"))).facts.weightsLayout).toBe("flux");
    expect((await json(join(dir, "newer.arrow"))).facts.weightsLayout).toEqual({ unknown: "jax" });
  });

  test("names no layout for a table whose rows hold no weights (each missing, or no rows): nothing says one", async () => {
    const dir = scratch();
    const inspected = async (name: string) => {
      const path = join(dir, name);
      const text = (await runCli("inspect", path)).out.split("\n").find((line) => line.startsWith("layout"));
      return { text, json: (await json(path)).facts.weightsLayout };
    };
    await writeTable(join(dir, "missing.arrow"), [{ weights: null }, {}], ModelV1SchemaVersion);
    expect(await inspected("missing.arrow")).toEqual({
      text: "layout   none: all 2 rows' weights are missing",
      json: null,
    });

    // A layout the writer's caller stated is still shown, as the key it is.
    await writeTable(join(dir, "stated.arrow"), [{}], ModelV1SchemaVersion, {
      metadata: { legolas_ts_weights_layout: "tfjs" },
    });
    expect(await inspected("stated.arrow")).toEqual({
      text: `layout   none: its row's weights are missing (legolas_ts_weights_layout = "tfjs")`,
      json: null,
    });

    await writeTable(join(dir, "empty.arrow"), [], ModelV1SchemaVersion);
    expect(await inspected("empty.arrow")).toEqual({ text: "layout   none: the table has no rows", json: null });

    // One row with weights is enough to say the table's layout.
    const arrays = [new FlatArray(new Float32Array([1, 2]), [2])];
    await writeTable(join(dir, "some.arrow"), [{}, { weights: new Weights(arrays) }], ModelV1SchemaVersion);
    expect(await inspected("some.arrow")).toEqual({
      text: "layout   flux (no legolas_ts_weights_layout: LegolasFlux.jl's)",
      json: "flux",
    });
  });

  test("a table of a user's schema, two batches, a missing Weights value", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "schemas"));
    writeFileSync(
      join(dir, "schemas", "cli.run.yaml"),
      "schema: cli.run\nprefix: Run\nversions:\n  1:\n    extends: legolas-flux.model@1\n    fields:\n      epoch: int64\n",
    );
    await loadSchemaFolders([join(dir, "schemas")]);
    const path = join(dir, "runs.arrow");
    const weights = new Weights([
      FlatArray.fromShape(new Float32Array(6), [2, 3]),
      new FlatArray(new Float32Array(3), [3]),
    ]);
    await writeTable(
      path,
      [
        { epoch: 1, weights },
        { epoch: 2, weights: null },
      ],
      findSchemaVersion("cli.run@1")!,
    );
    const result = await runCli("inspect", path, "--schemas", join(dir, "schemas"));
    expect(result.code).toBe(0);
    expect(result.out).toContain("schema   cli.run@1>legolas-flux.model@1");
    expect(result.out).toContain("rows     2 (1 record batch)");
    expect(result.out).toContain(
      "weights  column weights, row 0: 2 arrays, 9 elements\n  #  shape (row-major)  size (Julia)  elements\n  0  [2, 3]             [3, 2]               6\n  1  [3]                [3]                  3\nweights  column weights, row 1: missing",
    );
  });

  test("a column of the wrong type is a column violation (exit 1); JSON lists it as data", async () => {
    const path = join(scratch(), "wrong.arrow");
    const table = new Table({ weights: makeVector(new Int32Array([1, 2])) });
    table.schema.metadata.set("legolas_schema_qualified", ModelV1SchemaVersion.identifier);
    writeFileSync(path, tableToIPC(table, "file"));
    const { code, facts } = await json(path);
    expect(code).toBe(1);
    // As validate's and compat's: `.ok` follows the exit code, so a script that reads it cannot pass this file.
    expect((facts as TableFacts & { ok?: unknown }).ok).toBe(false);
    expect(facts.check.violations).toEqual([
      {
        code: "incorrect_type",
        path: "weights",
        expected: expect.stringContaining("Weights (Arrow Struct<"),
        found: "Arrow Int32",
      },
    ]);
    // Declared Weights by the schema version, so listed, with why its arrays cannot be shown.
    expect(facts.weights).toEqual([
      {
        column: "weights",
        rows: [],
        problem: expect.stringMatching(/^not LegolasFlux's Weights layout: expected Weights \(Arrow Struct</),
      },
    ]);
  });

  test("an Arrow stream (not file) is inspected too", async () => {
    const path = join(scratch(), "rows.arrows");
    const table = new Table({ a: makeVector(new Int32Array([1, 2, 3])) });
    writeFileSync(path, tableToIPC(table, "stream"));
    const { code, facts } = await json(path);
    expect(code).toBe(0);
    expect(facts).toMatchObject({
      ok: true,
      format: "stream",
      rows: 3,
      identifier: null,
      columns: [{ name: "a", type: "Int32" }],
    });
  });

  test("a stream its writer never closed (no end-of-stream marker) is said to be unfinished, its rows maybe not all there", async () => {
    const folder = scratch();
    const stream = tableToIPC(new Table({ a: makeVector(new Int32Array([1, 2, 3])) }), "stream");
    const closed = join(folder, "closed.arrows");
    const cut = join(folder, "cut.arrows");
    writeFileSync(closed, stream);
    writeFileSync(cut, stream.subarray(0, stream.length - 8));
    expect((await json(closed)).facts.streamFinished).toBe(true);
    expect((await json(cut)).facts).toMatchObject({ format: "stream", rows: 3, streamFinished: false });
    const text = await runCli("inspect", cut);
    expect(text.code).toBe(0);
    expect(text.out).toContain(
      "rows     3 (1 record batch)\nstream   unfinished: it ends without its end-of-stream marker, so its writer never closed it (it was stopped, or is still writing) and rows may be missing\n",
    );
    expect((await runCli("inspect", closed)).out).not.toContain("unfinished");
    const file = join(folder, "rows.arrow");
    writeFileSync(file, tableToIPC(new Table({ a: makeVector(new Int32Array([1])) }), "file"));
    expect((await json(file)).facts.streamFinished).toBeNull();
  });

  test.each([
    ["file", RecordBatchFileWriter],
    ["stream", RecordBatchStreamWriter],
  ] as const)(
    "an empty table of no record batch (a %s as apache-arrow and pyarrow may write it): its schema, columns and check all the same",
    async (format, Writer) => {
      const path = join(scratch(), `empty.${format}.arrow`);
      const writer = new Writer();
      writer.reset(undefined, ModelV1SchemaVersion.arrowSchema);
      writer.close();
      writeFileSync(path, writer.toUint8Array(true));
      const { code, facts } = await json(path);
      expect(code).toBe(0);
      expect(facts).toMatchObject({
        format,
        identifier: ModelV1SchemaVersion.identifier,
        rows: 0,
        batches: 0,
        columns: [{ name: "weights" }, { name: "architecture_version", type: "Int64" }],
        check: { checkedAgainst: ModelV1SchemaVersion.identifier, violations: [] },
      });
    },
  );

  test("a file that is not Arrow exits 2 with the reason; --json gives the error as data, ok false, as every command that could not run", async () => {
    const path = join(scratch(), "notes.arrow");
    writeFileSync(path, "just some text\n");
    const result = await runCli("inspect", path);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `${usingProjectSchemas("inspect")}\n${path}: not a readable Arrow IPC file: it does not start with the Arrow magic "ARROW1" (nor is it an Arrow stream)`,
    );
    const asJson = await runCli("inspect", path, "--json");
    expect(asJson).toMatchObject({ code: 2, err: result.err });
    expect(JSON.parse(asJson.out)).toEqual({
      ok: false,
      file: path,
      error: { code: "not_arrow_file", message: expect.stringContaining("does not start with") },
    });
  });

  test("a missing file exits 2, naming the user's path and what to check, as validate does", async () => {
    const path = join(scratch(), "nope.arrow");
    const result = await runCli("inspect", path);
    expect(result).toMatchObject({
      code: 2,
      err: `${usingProjectSchemas("inspect")}\n${path}: cannot read it (ENOENT): no such file or folder; check the path`,
    });
    const validated = await runCli("validate", path);
    expect(validated).toMatchObject({
      code: 2,
      out: expect.stringContaining(`error    ${path}: cannot read it (ENOENT): no such file or folder; check the path`),
    });
  });

  test("a glob pattern exits 2 saying that inspect reads one file and validate takes patterns", async () => {
    const path = join(scratch(), "runs-*.arrow");
    const result = await runCli("inspect", path);
    expect(result).toMatchObject({
      code: 2,
      err: `${usingProjectSchemas("inspect")}\n${path}: cannot read it (ENOENT): no such file or folder; inspect reads one file, and this name holds a wildcard (* or ?): legolas validate takes patterns`,
    });
  });

  test("a folder exits 2 advising the validate command that reads it, not the library's readTableBatches", async () => {
    const folder = join(scratch(), "my runs");
    mkdirSync(folder);
    writeFileSync(join(folder, "a.arrow"), "");
    const result = await runCli("inspect", folder);
    expect(result).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${folder}: cannot read it (EISDIR): it is a folder; inspect reads one table`),
    });
    expect(result.err).not.toContain("readTableBatches");
    expect(advisedWords(result.err)).toEqual(["npx", "--no-install", "legolas", "validate", folder]);
  });

  test("a folder whose name begins with a dash, given after --: the advised validate names it ./-runs, no flag", async () => {
    const home = process.cwd();
    process.chdir(scratch());
    try {
      mkdirSync("-runs");
      const result = await runCli("inspect", "--schemas", join(home, "schemas"), "--", "-runs");
      expect(result.code).toBe(2);
      expect(advisedWords(result.err)).toEqual(["npx", "--no-install", "legolas", "validate", "./-runs"]);
    } finally {
      process.chdir(home);
    }
  });
});

test("usage errors exit 2: no file, an unknown flag, a --schemas folder that does not exist", async () => {
  expect((await runCli("inspect")).code).toBe(2);
  expect((await runCli("inspect", "some.arrow", "--nope")).code).toBe(2);
  const missing = await runCli("inspect", "some.arrow", "--schemas", "no/such/folder");
  expect(missing).toMatchObject({
    code: 2,
    err: expect.stringMatching(/^legolas inspect: no schema folder no\/such\/folder /),
  });
});

test("--help says that the file may be a URL, as the command reads one", () => {
  const help = execFileSync(
    process.execPath,
    [join(import.meta.dirname, "../../generator/bin/legolas.js"), "inspect", "--help"],
    {
      encoding: "utf8",
    },
  );
  expect(help.replaceAll(/\s+/g, " ")).toContain(
    "an Arrow IPC file (or stream), or an http(s) URL, read with range requests",
  );
});

describe("the schema loader behind --schemas", () => {
  test("links sibling modules and the shipped schemas; loading the same YAML again is harmless", async () => {
    const dir = join(scratch(), "schemas");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "cli.base.yaml"),
      "schema: cli.base\nprefix: Base\nversions:\n  1:\n    extends: legolas-flux.model@1\n    fields:\n      note: string?\n",
    );
    writeFileSync(
      join(dir, "cli.child.yaml"),
      "schema: cli.child\nprefix: Child\nversions:\n  1:\n    extends: cli.base@1\n    fields:\n      inner: cli.base@1?\n",
    );
    const first = await loadSchemaFolders([dir]);
    expect(first.declared).toEqual(["cli.base@1", "cli.child@1"]);
    expect(findSchemaVersion("cli.child@1")!.identifier).toBe("cli.child@1>cli.base@1>legolas-flux.model@1");
    const child = findSchemaVersion("cli.child@1")!;
    expect(child.rowClass.validate({ note: 3 })).toEqual([
      { code: "incorrect_type", path: "note", expected: "string", found: "3" },
    ]);
    const again = await loadSchemaFolders([dir]);
    expect(again.declared).toEqual(first.declared);
    expect(findSchemaVersion("cli.child@1")).toBe(child);
  });

  test("a folder named twice, however it is spelled, is loaded once", async () => {
    const dir = join(scratch(), "schemas");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "cli.once.yaml"),
      "schema: cli.once\nprefix: Once\nversions:\n  1:\n    fields:\n      a: int64\n",
    );
    const loaded = await loadSchemaFolders([dir, `${dir}/`, join(dir, "..", "schemas")]);
    expect(loaded).toMatchObject({ folders: [dir], declared: ["cli.once@1"] });
  });

  test("the shipped folder is never loaded twice; a different redeclaration of a registered version is refused", async () => {
    expect((await loadSchemaFolders(["runtime/schemas"])).declared).toEqual([]);
    const dir = join(scratch(), "schemas");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "cli.twice.yaml"),
      "schema: cli.twice\nprefix: Twice\nversions:\n  1:\n    fields:\n      a: int64\n",
    );
    await loadSchemaFolders([dir]);
    writeFileSync(
      join(dir, "cli.twice.yaml"),
      "schema: cli.twice\nprefix: Twice\nversions:\n  1:\n    fields:\n      a: int32\n",
    );
    await expect(loadSchemaFolders([dir])).rejects.toMatchObject({ name: "SchemaVersionConflictError" });
  });

  test("a folder loaded again after only a field's doc changed registers the new declaration, as a hot reload does", async () => {
    const dir = join(scratch(), "schemas");
    mkdirSync(dir);
    const yaml = (doc: string): string =>
      `schema: cli.redoc\nprefix: Redoc\nversions:\n  1:\n    fields:\n      a:\n        type: int64\n        doc: ${doc}\n`;
    writeFileSync(join(dir, "cli.redoc.yaml"), yaml("The count."));
    await loadSchemaFolders([dir]);
    writeFileSync(join(dir, "cli.redoc.yaml"), yaml("How many there were."));
    await expect(loadSchemaFolders([dir])).resolves.toMatchObject({ declared: ["cli.redoc@1"] });
    expect(findSchemaVersion("cli.redoc@1")?.fields[0]?.doc).toBe("How many there were.");
  });
});

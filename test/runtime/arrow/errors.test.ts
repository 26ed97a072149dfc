/** Typed errors that say what to fix, and writes that fail without touching the old file. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Field,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromArrays,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import * as flechette from "@uwdata/flechette";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import {
  openTableFile,
  readTable,
  readTableBatches,
  readTableBytes,
  readTableFrom,
  validateTable,
  writeTable,
} from "legolas-ts";
import { BaseV1, BaseV1SchemaVersion } from "../../golden/chain-across-files/expected/example.base.js";
import { AllTypesV1SchemaVersion, Issue94ChildV1, Issue94ChildV1SchemaVersion } from "../../generated/index.js";
import { juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";
import { ipcOfEndianness } from "./helpers/big-endian.js";
import { legolasTable } from "./helpers/legolas-table.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-errors-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const leftovers = () => readdirSync(folder).filter((name) => name.includes("legolas-tmp"));

describe("a failed write leaves the previous file intact and no temporary file", () => {
  const path = join(folder, "children.arrow");
  let before: Buffer;
  beforeEach(async () => {
    await writeTable(path, [{ a: 1, b: 2 }], Issue94ChildV1SchemaVersion);
    before = readFileSync(path);
  });

  test("an invalid row in an array: RowValidationError with its index, nothing written", async () => {
    const error = await writeTable(path, [{ a: 1, b: 2 }, { a: 3 } as never], Issue94ChildV1SchemaVersion).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 1 });
    expect((error as Error).message).toContain("(row 1)");
    expect((error as Error).message).toContain("b: required field is missing");
    expect(readFileSync(path)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  test("an invalid row late in a stream, after batches reached the temporary file", async () => {
    async function* rows() {
      for (let i = 0; i < 25; i++) yield i === 23 ? ({ a: "x", b: 1 } as never) : { a: i, b: i };
    }
    const error = await writeTable(path, rows(), Issue94ChildV1SchemaVersion, { batchSize: 10 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 23 });
    expect(readFileSync(path)).toEqual(before);
    expect(leftovers()).toEqual([]);
    expect((await readTable(path)).rows).toEqual([new Issue94ChildV1({ a: 1, b: 2 })]);
  });

  test("a source that throws mid-stream", async () => {
    async function* rows() {
      yield { a: 1, b: 1 };
      throw new Error("source broke");
    }
    await expect(writeTable(path, rows(), Issue94ChildV1SchemaVersion, { batchSize: 1 })).rejects.toThrow(
      "source broke",
    );
    expect(readFileSync(path)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });
});

describe("writing an Arrow table", () => {
  test("columns are checked first, every violation listed", async () => {
    const table = tableFromArrays({ a: Float64Array.of(1), c: ["x"] });
    const error = await writeTable(join(folder, "t.arrow"), table, Issue94ChildV1SchemaVersion).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "TableSchemaError", code: "table_schema_invalid" });
    expect((error as Error).message).toBe(
      "table does not comply with test.issue-94-child@1: 2 column violations:\n" +
        "  - b: required field is missing (expected int64 (Arrow Int64))\n" +
        "  - a: expected int64 (Arrow Int64), found Arrow Float64",
    );
    expect(validateTable(table.schema, Issue94ChildV1SchemaVersion)).toHaveLength(2);
  });

  test("then values; a valid table is written as it is, extra columns kept in the table and dropped from rows", async () => {
    const a = vectorFromArray([1n, 2n], new Int64());
    const extra = vectorFromArray(["kept", "too"], new Utf8());
    const table = new Table({ b: a, a, extra });
    const path = join(folder, "extra.arrow");
    await writeTable(path, table, Issue94ChildV1SchemaVersion);
    const { table: read, rows } = await readTable(path, { schemaVersion: Issue94ChildV1SchemaVersion });
    expect(read.getChild("extra")!.toArray()).toEqual(["kept", "too"]);
    expect(read.schema.metadata.get("legolas_schema_qualified")).toBe("test.issue-94-child@1");
    expect(rows[1]).toEqual(new Issue94ChildV1({ a: 2, b: 2 }));
    expect(Object.keys(rows[1]!)).toEqual(["b", "a"]);
  });

  test("a null in a required column is a column violation when the table is at hand", () => {
    const a = makeData({
      type: new Int64(),
      length: 2,
      nullCount: 1,
      nullBitmap: Uint8Array.of(1),
      data: BigInt64Array.of(1n, 0n),
    });
    const schema = new Schema([new Field("a", new Int64(), true), new Field("b", new Int64(), false)]);
    const b = makeData({ type: new Int64(), length: 2, data: BigInt64Array.of(1n, 2n) });
    const table = new Table(
      new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 2, children: [a, b] })),
    );
    expect(validateTable(table, Issue94ChildV1SchemaVersion)).toEqual([
      { code: "missing_field", path: "a", expected: "int64", found: "1 null" },
    ]);
    expect(validateTable(table.schema, Issue94ChildV1SchemaVersion)).toEqual([]);
  });
});

test("two columns of a declared field's name are a column violation naming it, on read and on write (the first was read, the second ignored)", async () => {
  const int64 = (values: bigint[]) =>
    makeData({ type: new Int64(), length: values.length, data: BigInt64Array.from(values) });
  const schema = new Schema(
    [new Field("a", new Int64(), false), new Field("b", new Int64(), false), new Field("a", new Int64(), false)],
    new Map([["legolas_schema_qualified", Issue94ChildV1SchemaVersion.identifier]]),
  );
  const table = new Table(
    new RecordBatch(
      schema,
      makeData({ type: new Struct(schema.fields), length: 1, children: [int64([1n]), int64([2n]), int64([3n])] }),
    ),
  );
  const violation = {
    code: "incorrect_type",
    path: "a",
    expected: "one column of this name holding int64 (Arrow Int64)",
    found: '2 columns named "a"',
  };
  expect(validateTable(table, Issue94ChildV1SchemaVersion)).toEqual([violation]);
  const expected = { name: "TableSchemaError", violations: [violation] };
  expect(() => readTableBytes(tableToIPC(table, "file"))).toThrow(expect.objectContaining(expected));
  expect(() => readTableBytes(tableToIPC(table, "file"), { validate: "columns" })).toThrow(
    expect.objectContaining(expected),
  );
  await expect(writeTable(join(folder, "duplicate.arrow"), table, Issue94ChildV1SchemaVersion)).rejects.toMatchObject(
    expected,
  );
});

describe("reading what is not a Legolas table", () => {
  test("a truncated file", async () => {
    const path = join(folder, "truncated.arrow");
    const whole = tableToIPC(tableFromArrays({ a: new Float32Array(10_000) }), "file");
    writeFileSync(path, whole.subarray(0, 20_000));
    const error = await readTable(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NotArrowFileError", code: "not_arrow_file" });
    expect((error as Error).message).toContain(
      `${path} is not a readable Arrow IPC file: it starts like an Arrow file but does not end with its footer: it is truncated`,
    );
  });

  test("a file with bytes after its end is not called only truncated", async () => {
    const path = join(folder, "appended.arrow");
    const whole = tableToIPC(tableFromArrays({ a: new Float32Array(10) }), "file");
    writeFileSync(path, Buffer.concat([whole, Buffer.from("xxxx")]));
    const error = await readTable(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NotArrowFileError", code: "not_arrow_file" });
    expect((error as Error).message).toContain("it is truncated, or bytes follow its end");
  });

  test.each([
    ["its metadata", (at: StreamPlaces) => at.batchMetadata + 4, "metadata bytes runs past the end of the stream"],
    ["its body", (at: StreamPlaces) => at.batchBody + 4, "a message body of 40 bytes runs past the end of the stream"],
    ["its end-of-stream marker", (at: StreamPlaces) => at.end - 2, "6 bytes that are no whole message prefix"],
  ])("a stream cut inside %s (its writer stopped, or still writing) is not called corrupt", async (_, cutAt, what) => {
    const path = join(folder, "cut.arrows");
    const whole = tableToIPC(tableFromArrays({ a: new Float32Array(10) }), "stream");
    writeFileSync(path, whole.subarray(0, cutAt(streamPlaces(whole))));
    const error = await readTable(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NotArrowFileError", code: "not_arrow_file" });
    const message = (error as Error).message;
    expect(message).toContain(what);
    expect(message).toContain("(was its writer stopped, or is it still writing?), or");
    expect(message).not.toContain("corrupt");
  });

  test("a version not registered says to import its generated module for its values, which an import of its types alone is not", () => {
    const bytes = tableToIPC(
      legolasTable("run@1", [new Field("a", new Int64(), false)], [makeData({ type: new Int64(), length: 0 })]),
    );
    expect(() => readTableBytes(bytes)).toThrow(
      expect.objectContaining({
        code: "unknown_schema_version",
        message: expect.stringContaining(
          'import its generated module for its values, as import "./generated/index.js" does: a module\'s versions are registered when it runs, and TypeScript drops an import whose names serve only as types (import type, a class named only in a cast)',
        ),
      }),
    );
  });

  test("a version not registered whose parent is names that parent as the version to read the rows as", () => {
    const bytes = (identifier: string) =>
      tableToIPC(
        legolasTable(identifier, [new Field("a", new Int64(), false)], [makeData({ type: new Int64(), length: 0 })]),
      );
    expect(() => readTableBytes(bytes("run@2>unregistered.base@1>legolas-flux.model@1"))).toThrow(
      'Or pass { schemaVersion } of "legolas-flux.model@1", a parent in the identifier that is registered, to read the rows as that version',
    );
    expect(() => readTableBytes(bytes("run@2>unregistered.base@1"))).toThrow(
      "Or pass { schemaVersion } to read the rows as a parent version, or read its record batches as plain Arrow",
    );
  });

  test("a version not registered that names no parent is not told to pass a parent version, which no reader could take", () => {
    const bytes = tableToIPC(
      legolasTable("run@1", [new Field("a", new Int64(), false)], [makeData({ type: new Int64(), length: 0 })]),
    );
    const error = (() => {
      try {
        readTableBytes(bytes);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toMatchObject({ code: "unknown_schema_version" });
    expect(error?.message).toContain("a class named only in a cast). Or read its record batches as plain Arrow");
    expect(error?.message).not.toContain("parent");
    // And the advice it left out would have failed: a file that names no parent is of no version asked for.
    expect(() => readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion })).toThrow(
      expect.objectContaining({ code: "schema_version_mismatch" }),
    );
  });

  test("a schema identifier of 10 MB, unknown or malformed, is quoted in a message of a few hundred characters, its length said", () => {
    const withIdentifier = (identifier: string) =>
      tableToIPC(
        legolasTable(identifier, [new Field("a", new Int64(), false)], [makeData({ type: new Int64(), length: 0 })]),
      );
    const name = "a".repeat(10_000_000);
    for (const [identifier, code] of [
      [`${name}@1`, "unknown_schema_version"],
      [name, "invalid_identifier"],
    ] as const) {
      let error: unknown;
      try {
        readTableBytes(withIdentifier(identifier));
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toMatchObject({
        code,
        message: expect.stringContaining(`"… (${identifier.length.toLocaleString("en-US")} characters)`),
      });
      expect((error as Error).message.length).toBeLessThan(1_500);
    }
  });

  test("a struct column whose field is named by 10 MB of text is a violation that shows the start of its type, not 10 MB", () => {
    const table = new Table({ point: vectorFromArray([{ ["c".repeat(10_000_000)]: 1 }]) });
    const violation = validateTable(table, AllTypesV1SchemaVersion).find(({ path }) => path === "point");
    expect(violation).toMatchObject({
      code: "incorrect_type",
      found: expect.stringMatching(/^Arrow Struct<\{c+… \(10,000,0\d\d characters\)$/),
    });
    expect(violation!.found!.length).toBeLessThan(1_100);
  });

  test("bytes that are not Arrow at all, and an empty file", () => {
    expect(() => readTableBytes(new TextEncoder().encode("PAR1 not arrow"))).toThrow(
      /does not start with the Arrow magic/,
    );
    expect(() => readTableBytes(new Uint8Array(0))).toThrow(/it is empty/);
  });

  test("an HTML page where a table was expected (a dev server's answer for a missing file) is said to be one, on every read path", async () => {
    // Vite's dev server, `vite preview` and single-page-app hosts answer a URL they have no file for
    // with index.html and status 200; the error said only that the bytes lack the Arrow magic.
    const page = "\uFEFF<!doctype html>\n<html><body><script type=module src=/main.js></script></body></html>\n";
    const server = createServer((_request, response) =>
      response.writeHead(200, { "content-type": "text/html" }).end(page),
    );
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/runs/typo.arrow`;
      const reads: [string, () => Promise<unknown>][] = [
        ["runs/typo.arrow", () => readTableFrom(url)],
        ["runs/typo.arrow", () => readTableFrom(url, { columns: ["epoch"] })],
        ["bytes", async () => readTableBytes(new TextEncoder().encode(page), {}, "bytes")],
      ];
      for (const [name, read] of reads) {
        const error = await read().catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "NotArrowFileError", code: "not_arrow_file" });
        expect((error as Error).message).toMatch(
          new RegExp(
            `${name} is not a readable Arrow IPC file: it starts like an HTML or XML document \\("\uFEFF<!doc"\\), not with the Arrow magic "ARROW1": a web page where the file was expected\\? .*check the URL$`,
          ),
        );
      }
      // Other text is not taken for a page.
      expect(() => readTableBytes(new TextEncoder().encode("a,b\n1,2\n"))).toThrow(
        /is not a readable Arrow IPC file: it does not start with the Arrow magic "ARROW1" \(nor is it an Arrow stream\)$/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
  });

  test("a run-end encoded column (valid Arrow that apache-arrow cannot read) is said to be one on every read path, never called corrupt", async () => {
    const types = {
      id: flechette.int64(),
      name: flechette.runEndEncoded(
        flechette.field("run_ends", flechette.int32(), false),
        flechette.field("values", flechette.utf8()),
      ),
      n: flechette.int32(),
    };
    const table = flechette.tableFromArrays({ id: [1n, 2n, 3n], name: ["a", "a", "b"], n: [1, 2, 3] }, { types });
    const message =
      'is not a readable Arrow IPC file: its field "name" is stored as Arrow RunEndEncoded, a layout apache-arrow (which every read here goes through) cannot read';
    for (const format of ["file", "stream"] as const) {
      const bytes = flechette.tableToIPC(table, { format })!;
      const reads: (() => Promise<unknown>)[] = [async () => readTableBytes(bytes), () => openTableFile(bytes)];
      for (const read of reads) {
        const error = await read().catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "NotArrowFileError", code: "not_arrow_file" });
        expect((error as Error).message).toContain(message);
        expect((error as Error).message).not.toContain("corrupt");
      }
    }
  });

  test("a big-endian file is refused on every read path, as one; a file that says Little reads", async () => {
    const columns = { b: [1n, 2n, 300n], a: [-4n, 5n, 6n] };
    const message =
      "is not a readable Arrow IPC file: it is big-endian (its schema's endianness is Big), and legolas-ts reads little-endian Arrow only";
    for (const format of ["file", "stream"] as const) {
      const path = join(folder, `big-endian.${format}.arrow`);
      writeFileSync(path, ipcOfEndianness("big", "test.issue-94-child@1", columns, format));
      const reads: (() => Promise<unknown>)[] = [
        async () => readTableBytes(readFileSync(path)),
        () => readTable(path),
        async () => {
          for await (const _ of readTableBatches(path));
        },
        async () => (await openTableFile(path)).recordBatches().next(),
      ];
      for (const read of reads) {
        const error = await read().catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "NotArrowFileError", code: "not_arrow_file" });
        expect((error as Error).message).toContain(message);
        expect((error as Error).message).toContain("Rewrite it little-endian");
      }
      const little = ipcOfEndianness("little", "test.issue-94-child@1", columns, format);
      expect(readTableBytes(little).rows).toEqual([
        new Issue94ChildV1({ b: 1, a: -4 }),
        new Issue94ChildV1({ b: 2, a: 5 }),
        new Issue94ChildV1({ b: 300, a: 6 }),
      ]);
    }
  });

  test("a malformed identifier is an IdentifierError", () => {
    const table = tableFromArrays({ a: Float32Array.of(1) });
    const schema = new Schema(table.schema.fields, new Map([["legolas_schema_qualified", "Not A Schema"]]));
    const bytes = tableToIPC(
      new Table(
        schema,
        table.batches.map((b) => new RecordBatch(schema, b.data)),
      ),
      "file",
    );
    expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining({ name: "IdentifierError" }));
  });

  testWithJuliaFixtures("a file of another schema version than the one asked for", async () => {
    const error = await readTable(juliaFixture("issue-94.arrow"), {
      schemaVersion: (await import("../../generated/index.js")).DigitsModelV1SchemaVersion,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SchemaVersionMismatchError" });
    expect((error as Error).message).toContain(
      "holds rows of test.issue-94-parent@1, which neither is nor extends digits.model@1>legolas-flux.model@1",
    );
  });

  test("a file of another schema version that is not registered either: the advice reads it", () => {
    // A Julia colleague's model row (digits.model@1 in LegolasFlux's README), not declared here,
    // read with the app's own version: "read it without { schemaVersion }" would fail as well.
    const labelled = (identifier: string) =>
      tableToIPC(
        legolasTable(identifier, [new Field("id", new Utf8())], [vectorFromArray(["a"], new Utf8()).data[0]!]),
      );
    const unregistered = "elsewhere.digits@1>legolas-flux.model@1";
    const read = () => readTableBytes(labelled(unregistered), { schemaVersion: BaseV1SchemaVersion });
    expect(read).toThrow(
      expect.objectContaining({ name: "SchemaVersionMismatchError", registeredParent: "legolas-flux.model@1" }),
    );
    expect(read).toThrow(
      `table holds rows of ${unregistered}, which neither is nor extends example.base@1; elsewhere.digits@1 is not ` +
        "registered here either: to read its rows, declare elsewhere.digits@1 in YAML and import its generated " +
        'module, or pass { schemaVersion } of "legolas-flux.model@1", a parent in the identifier that is registered',
    );
    expect(() => readTableBytes(labelled(unregistered))).toThrow(
      expect.objectContaining({ name: "UnknownSchemaVersionError" }),
    );
    // No registered parent: declaring it is the way.
    expect(() =>
      readTableBytes(labelled("elsewhere.a@1>elsewhere.b@1"), { schemaVersion: BaseV1SchemaVersion }),
    ).toThrow(
      /; elsewhere\.a@1 is not registered here either: to read its rows, declare elsewhere\.a@1 in YAML and import its generated module$/,
    );
    // A registered version keeps the advice to leave { schemaVersion } out, and says how to get
    // rows of the version asked for from those it reads: the call, and the docs that show it.
    expect(() =>
      readTableBytes(labelled(BaseV1SchemaVersion.identifier), { schemaVersion: AllTypesV1SchemaVersion }),
    ).toThrow(
      "table holds rows of example.base@1, which neither is nor extends test.all-types@1; read it without " +
        "{ schemaVersion } to get its example.base@1 rows, then convert them to test.all-types@1 with " +
        "new AllTypesV1({ ...row }) (docs/schemas.md#versions-and-evolution)",
    );
  });

  test('a row that fails its row class names its index; validate: "columns" reads it anyway', () => {
    const table = new Table({
      id: vectorFromArray(["a", "b"], new Utf8()),
      count: vectorFromArray([5, -1], new Int32()),
    });
    const schema = new Schema(table.schema.fields, new Map([["legolas_schema_qualified", "example.base@1"]]));
    const bytes = tableToIPC(
      new Table(
        schema,
        table.batches.map((b) => new RecordBatch(schema, b.data)),
      ),
      "file",
    );
    expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining({ name: "RowValidationError", rowIndex: 1 }));
    expect(() => readTableBytes(bytes)).toThrow("count: must be >= 0, found -1");
    const { rows } = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion, validate: "columns" });
    expect(rows[1]).toBeInstanceOf(BaseV1);
    expect(rows.map((r) => r.count)).toEqual([5, -1]);
  });
});

/** Where a stream of one record batch (its schema message, the batch, the end-of-stream marker) has its parts. */
interface StreamPlaces {
  readonly batchMetadata: number;
  readonly batchBody: number;
  readonly end: number;
}

function streamPlaces(stream: Uint8Array): StreamPlaces {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  // Each message: a continuation marker, its metadata's length, the metadata, then its body.
  const batchPrefix = 8 + view.getInt32(4, true);
  const batchMetadata = batchPrefix + 8;
  return { batchMetadata, batchBody: batchMetadata + view.getInt32(batchPrefix + 4, true), end: stream.length };
}

/**
 * Extra keys of row objects (issue 23): Legolas.jl writes every column a table has, and so do we.
 * Rows in an array keep an extra key as a column when every row has it with values of one type;
 * otherwise the write is refused with an ExtraKeyError that says how to keep or drop the key,
 * never a key dropped without a word.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Bool,
  type DataType,
  Float64,
  Int64,
  Table,
  tableFromIPC,
  Timestamp,
  TimeUnit,
  Uint64,
  Utf8,
} from "apache-arrow";
import { afterAll, describe, expect, test } from "vitest";
import {
  readTable,
  readTableBatches,
  readTableBytes,
  writeModelRowBytes,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import {
  AcceptedV1SchemaVersion,
  ChildV1,
  FooV1SchemaVersion,
  Issue94ChildV1SchemaVersion,
  type JuliaNamesV1,
  JuliaNamesV1SchemaVersion,
  JuliaStoragesV1,
  JuliaStoragesV1SchemaVersion,
  ParentV1SchemaVersion,
} from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-extra-columns-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const AT = new Date("2024-05-06T07:08:09.010Z");
const LATER = new Date("2024-05-07T00:00:00.000Z");

describe("rows in an array: extra keys of one type become columns after the declared ones", () => {
  test.each<[string, unknown[], DataType, unknown[]]>([
    ["boolean", [true, null], new Bool(), [true, null]],
    ["number", [1.5, -0.25], new Float64(), [1.5, -0.25]],
    ["bigint", [2n ** 63n - 1n, null], new Int64(), [2n ** 63n - 1n, null]],
    // Under and over 2^63, none negative: UInt64 holds them all (Julia reads UInt64(1) == 1), never wrapped.
    ["bigint under and over 2^63", [1n, 2n ** 63n + 5n, null], new Uint64(), [1n, 2n ** 63n + 5n, null]],
    ["string", ["a", "é"], new Utf8(), ["a", "é"]],
    ["Date", [LATER, null], new Timestamp(TimeUnit.MILLISECOND), [LATER.getTime(), null]],
  ])("%s values", (_, values, arrowType, stored) => {
    const rows = values.map((note) => ({ at: AT, note }));
    for (const batchSize of [undefined, 1]) {
      const table = tableFromIPC(writeTableBytes(rows, JuliaStoragesV1SchemaVersion, { batchSize }));
      const names = table.schema.fields.map((field) => field.name);
      expect(names.slice(-2)).toEqual(["zoned", "note"]);
      expect(String(table.schema.fields.at(-1)!.type)).toBe(String(arrowType));
      expect(table.schema.fields.at(-1)!.nullable).toBe(true);
      expect([...table.getChild("note")!].map((value) => (value instanceof Date ? value.getTime() : value))).toEqual(
        stored,
      );
    }
  });

  test("the table reads back with its declared rows and the extra column in the Arrow table", () => {
    const written = [
      { at: AT, clock: 1n, run: "a" },
      { at: LATER, run: "b" },
    ];
    const bytes = writeTableBytes(written, JuliaStoragesV1SchemaVersion);
    const { rows, table } = readTableBytes(bytes, { schemaVersion: JuliaStoragesV1SchemaVersion });
    expect(rows.map((row) => row.at)).toEqual([AT, LATER]);
    expect(rows[0]).not.toHaveProperty("run");
    expect(table.getChild("run")!.toArray()).toEqual(["a", "b"]);
  });

  test("row-class instances and keys whose value is undefined bring no column", () => {
    const table = tableFromIPC(
      writeTableBytes(
        [new JuliaStoragesV1({ at: AT }), new JuliaStoragesV1({ at: LATER })],
        JuliaStoragesV1SchemaVersion,
      ),
    );
    expect(table.schema.fields.at(-1)!.name).toBe("zoned");
    const withUndefined = [{ at: AT, note: undefined }];
    const undefinedKey = tableFromIPC(writeTableBytes(withUndefined, JuliaStoragesV1SchemaVersion));
    expect(undefinedKey.schema.fields.map((field) => field.name)).not.toContain("note");
  });
  test("only a row's own keys are columns, in their order: an enumerable key of its prototype is none", () => {
    const defaults = { inherited: "from the prototype" };
    const row = (run: string) => Object.assign(Object.create(defaults) as object, { at: AT, zeta: run, alpha: 1 });
    const table = tableFromIPC(writeTableBytes([row("a"), row("b")], JuliaStoragesV1SchemaVersion));
    expect(table.schema.fields.map((field) => field.name).slice(-3)).toEqual(["zoned", "zeta", "alpha"]);
  });
});

describe("an extra key that makes no one column is an ExtraKeyError saying how to keep or drop it", () => {
  test.each<[string, unknown[], RegExp]>([
    ["missing from a row", [{ at: AT, note: "a" }, { at: AT }], /row 0 has it but row 1 does not/],
    [
      "of two types",
      [
        { at: AT, note: "a" },
        { at: AT, note: 1 },
      ],
      /more than one type \(string and float64, row 1\)/,
    ],
    [
      "of no inferable type",
      [{ at: AT, note: [1] }],
      /row 0 holds an array of length 1, whose Arrow type cannot be inferred/,
    ],
    ["null in every row", [{ at: AT, note: null }], /every value is null/],
    ["a bigint beyond 64 bits", [{ at: AT, note: 2n ** 64n }], /beyond 64 bits/],
    [
      "bigints below 0 and past Int64's range",
      [
        { at: AT, note: -1n },
        { at: AT, note: 2n ** 63n },
      ],
      /row 1 holds 9223372036854775808n, past Int64's range, and row 0 holds -1n, below UInt64's: no 64-bit integer holds both/,
    ],
    [
      "beside a row-class instance",
      [{ at: AT, note: "a" }, new JuliaStoragesV1({ at: AT })],
      /row 1 is not a plain object/,
    ],
  ])("%s", (_, rows, reason) => {
    expect(() => writeTableBytes(rows as never[], JuliaStoragesV1SchemaVersion)).toThrow(
      expect.objectContaining({
        name: "ExtraKeyError",
        code: "extra_key",
        key: "note",
        message: expect.stringMatching(reason),
      }),
    );
    expect(() => writeTableBytes(rows as never[], JuliaStoragesV1SchemaVersion)).toThrow(
      /to keep it as a column of its own, give it a value in every row.*or write an Arrow table.*to drop it, delete the key/,
    );
  });

  test("a lone surrogate, in a value or in the key, is refused: UTF-8 would write it as U+FFFD", () => {
    expect(() => writeTableBytes([{ at: AT, note: "a\uD800" }] as never[], JuliaStoragesV1SchemaVersion)).toThrow(
      expect.objectContaining({
        name: "ExtraKeyError",
        key: "note",
        message: expect.stringMatching(/row 0 holds a string with a lone surrogate, which UTF-8 cannot hold/),
      }),
    );
    expect(() => writeTableBytes([{ at: AT, ["n\uDC00"]: "a" }] as never[], JuliaStoragesV1SchemaVersion)).toThrow(
      expect.objectContaining({
        name: "ExtraKeyError",
        key: "n\uDC00",
        message: expect.stringMatching(/it holds a lone surrogate, which UTF-8 cannot hold .*rename the key/),
      }),
    );
  });

  test("the message names the version written, so that keys of another version's fields say which version was passed", () => {
    // A model row of the user's own schema, its version left out: writeModelRowBytes takes legolas-flux.model@1.
    const row = { weights: null, run_id: "run-0001", config: { hidden_units: 8 } };
    expect(() => writeModelRowBytes(row)).toThrow(
      expect.objectContaining({
        name: "ExtraKeyError",
        key: "config",
        identifier: "legolas-flux.model@1",
        message: expect.stringMatching(
          /^rows have a key "config" that is no field of legolas-flux\.model@1: row 0 holds an object, /,
        ),
      }),
    );
    // What fixes it, said first: a struct cannot be an extra column, and deleting the key loses it.
    expect(() => writeModelRowBytes(row)).toThrow(
      /; to write it as a field, pass the schema version that declares it \(a model row written without one is legolas-flux\.model@1\); to keep it as a column of its own, /,
    );
    // writeModelRowBytes is the browser's door: the advice names no writer the browser entry lacks.
    expect(() => writeModelRowBytes(row)).not.toThrow(/writeModelRow\b/);
    expect(() => writeTableBytes([{ at: AT, note: [1] }] as never[], JuliaStoragesV1SchemaVersion)).toThrow(
      /^rows have a key "note" that is no field of test\.julia-storages@1: /,
    );
    // Rows of another version are not told about model rows.
    expect(() => writeTableBytes([{ at: AT, note: [1] }] as never[], JuliaStoragesV1SchemaVersion)).toThrow(
      /; to write it as a field, pass the schema version that declares it; to keep it as a column of its own, /,
    );
  });

  test("a key naming the column of a field held under a $ suffix (toString, held as toString$) is refused, not written as a second column of that name", async () => {
    const row = { "σ²": 1, moment: AT };
    const refused = expect.objectContaining({
      name: "ExtraKeyError",
      key: "toString",
      message: expect.stringContaining(
        'row 1 has it, and it names the column of field toString, which rows hold under the property "toString$"',
      ),
    });
    const rows = [
      { ...row, toString$: "kept" },
      { ...row, toString: "x" },
    ];
    expect(() => writeTableBytes(rows, JuliaNamesV1SchemaVersion)).toThrow(refused);
    const file = join(folder, "escaped.arrow");
    await expect(writeTable(file, rows.values(), JuliaNamesV1SchemaVersion)).rejects.toThrow(refused);
    expect(existsSync(file)).toBe(false);
    const written = readTableBytes(writeTableBytes([rows[0]!], JuliaNamesV1SchemaVersion)).rows[0] as JuliaNamesV1;
    expect(written.toString$).toBe("kept");
  });

  test("rows of another version's row class: the refusal says which version they are and how to write them", async () => {
    // A test.child@1 row written as its parent: its own field z (null, so no column can be
    // inferred) is refused, and the message says that the row is of another version, never
    // "pass row-class instances" to a row that is one.
    const child = new ChildV1({ x: [1n], y: "a" });
    expect(() => writeTableBytes([child] as never[], ParentV1SchemaVersion)).toThrow(
      expect.objectContaining({
        name: "ExtraKeyError",
        code: "extra_key",
        key: "z",
        message:
          'rows have a key "z" that is no field of test.parent@1: row 0 is a test.child@1 row (ChildV1), not a test.parent@1 row: ' +
          "write it as test.child@1 (ChildV1SchemaVersion), or make it a test.parent@1 row (new ParentV1(row) keeps test.parent@1's fields only)",
      }),
    );
    // An instance of an unrelated version, from an array and from an iterator: the same
    // explanation, at its first key that makes no column (x, a list), and no file left.
    const unrelated =
      /no field of test\.accepted@1: row 0 is a test\.child@1 row \(ChildV1\), not a test\.accepted@1 row: write it as test\.child@1 \(ChildV1SchemaVersion\), or make it a test\.accepted@1 row \(new AcceptedV1\(row\)/;
    expect(() => writeTableBytes([child] as never[], AcceptedV1SchemaVersion)).toThrow(unrelated);
    // Each version with its article as it is read aloud: "an example.foo@1 row", never "a example...".
    expect(() => writeTableBytes([child] as never[], FooV1SchemaVersion)).toThrow(
      "row 0 is a test.child@1 row (ChildV1), not an example.foo@1 row: write it as test.child@1 (ChildV1SchemaVersion), " +
        "or make it an example.foo@1 row (new FooV1(row) keeps example.foo@1's fields only)",
    );
    const file = join(folder, "child-as-accepted.arrow");
    await expect(writeTable(file, [child].values() as never, AcceptedV1SchemaVersion)).rejects.toThrow(unrelated);
    expect(existsSync(file)).toBe(false);
    // A row whose prototype's constructor cannot be read is refused as a row of no class, as before.
    const prototype = Object.defineProperty({}, "constructor", {
      get() {
        throw new Error("no constructor");
      },
    });
    const odd = Object.assign(Object.create(prototype) as object, { at: AT, note: [1] });
    expect(() => writeTableBytes([odd] as never[], JuliaStoragesV1SchemaVersion)).toThrow(
      expect.objectContaining({ name: "ExtraKeyError", message: expect.stringMatching(/row 0 holds an array/) }),
    );
  });

  test("batches given as rows (a copy batch by batch): the refusal says to write their rows, or a table of them", async () => {
    const source = join(folder, "batches-source.arrow");
    await writeTable(source, [{ a: 7n, b: 8n }].values(), Issue94ChildV1SchemaVersion);
    const copy = join(folder, "batches-copy.arrow");
    // readTableBatches' batches themselves, not their rows.
    const read = readTableBatches(source, { schemaVersion: Issue94ChildV1SchemaVersion });
    await expect(writeTable(copy, read as never, Issue94ChildV1SchemaVersion)).rejects.toThrow(
      expect.objectContaining({
        name: "ExtraKeyError",
        message: expect.stringContaining(
          "row 0 is a batch of a read (readTableBatches, readBatch), not a row: write the rows of each batch (for await (const b of batches) yield* b.rows)",
        ),
      }),
    );
    // apache-arrow's own batches, from an iterator and from an array.
    const { batches } = readTableBytes(writeTableBytes([{ a: 7n, b: 8n }], Issue94ChildV1SchemaVersion)).table;
    const recordBatch =
      "row 0 is an apache-arrow RecordBatch, not a row: write the batches as one arrow.Table (new Table(batches)), which writeTable takes";
    await expect(writeTable(copy, batches.values() as never, Issue94ChildV1SchemaVersion)).rejects.toThrow(recordBatch);
    expect(() => writeTableBytes(batches as never[], Issue94ChildV1SchemaVersion)).toThrow(recordBatch);
    expect(existsSync(copy)).toBe(false);
    // What the message says to write is written.
    await writeTable(copy, new Table(batches), Issue94ChildV1SchemaVersion);
    expect((await readTable(copy)).rows.map((row) => ({ ...row }))).toEqual([{ a: 7n, b: 8n }]);
  });

  test("rows from an iterator: refused (the schema was written before them), and no file is left", async () => {
    const file = join(folder, "streamed.arrow");
    const rows = [{ at: AT }, { at: AT, note: "a" }];
    await expect(writeTable(file, rows.values(), JuliaStoragesV1SchemaVersion, { batchSize: 1 })).rejects.toThrow(
      expect.objectContaining({
        name: "ExtraKeyError",
        key: "note",
        message: expect.stringMatching(
          /row 1 has it.*to write it as a field, pass the schema version that declares it; .*write the rows from an array or as an Arrow table/,
        ),
      }),
    );
    expect(existsSync(file)).toBe(false);
  });
});

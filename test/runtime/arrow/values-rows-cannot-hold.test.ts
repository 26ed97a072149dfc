/**
 * A table that reads is whole: each value a row's lazy getter decodes was judged by the read's
 * column scan (validate/column-scan.ts), so a value no row can hold is refused by the read
 * itself, by every reader, lazy rows as eager, and never thrown later from a getter or handed
 * out where its row class would refuse it. Each case is the smallest Arrow table holding one
 * such value, laid out as Arrow.jl lays out its type.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Data,
  type DataType,
  Duration,
  Field,
  Int32,
  Int64,
  List,
  makeData,
  Struct,
  tableToIPC,
  TimeUnit,
  Uint32,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { beforeAll, describe, expect, test } from "vitest";
import {
  findSchemaVersion,
  openTableFile,
  readTable,
  readTableBatches,
  readTableBytes,
  type SchemaVersion,
} from "legolas-ts";
import { arrowJlExtension } from "./helpers/arrow-jl-extension.js";
import { legolasTable } from "./helpers/legolas-table.js";
import { loadYamlSchemas } from "./helpers/row-path.js";

const values = (type: DataType, data: Uint32Array | Int32Array | BigInt64Array): Data =>
  makeData({ type, length: data.length, nullCount: 0, data } as never);
const listOf = (element: Field, child: Data): Data =>
  makeData({ type: new List(element), length: 1, nullCount: 0, valueOffsets: Int32Array.of(0, child.length), child });
const structOf = (children: readonly Field[], data: readonly Data[]): Data =>
  makeData({ type: new Struct([...children]), length: 1, nullCount: 0, children: [...data] });

interface Case {
  readonly what: string;
  /** The YAML type of the one field `v`. */
  readonly type: unknown;
  readonly field: Field;
  readonly data: Data;
  /** The error the read throws. */
  readonly error: string;
}

/** UInt32 `JuliaLang.Char`, as Arrow.jl stores a Char: its code point. */
const charField = (name: string) => new Field(name, new Uint32(), false, arrowJlExtension("JuliaLang.Char"));
const PAST_UNICODE = Uint32Array.of(0x41, 0x110000);

/** A VersionNumber struct as Arrow.jl writes one (empty prerelease and build), its counts stored as `count`. */
function versionColumn(count: DataType, major: Int32Array | BigInt64Array): { field: Field; data: Data } {
  const empty = new Struct([]);
  const type = new Struct([
    new Field("major", count, false),
    new Field("minor", count, false),
    new Field("patch", count, false),
    new Field("prerelease", empty, false, arrowJlExtension("JuliaLang.Tuple")),
    new Field("build", empty, false, arrowJlExtension("JuliaLang.Tuple")),
  ]);
  const zeros = major instanceof Int32Array ? new Int32Array(major.length) : new BigInt64Array(major.length);
  const none = makeData({ type: empty, length: major.length, nullCount: 0, children: [] });
  return {
    field: new Field("v", type, false, arrowJlExtension("JuliaLang.VersionNumber")),
    data: makeData({
      type,
      length: major.length,
      nullCount: 0,
      children: [values(count, major), values(count, zeros), values(count, zeros), none, none],
    }),
  };
}

/** A Utf8 column of `items`. */
function texts(items: readonly string[]): Data {
  const vector = vectorFromArray([...items], new Utf8());
  return vector.data[0]!;
}

const SCHEMA_VERSION_ELEMENT = new Field("", new Utf8(), false, arrowJlExtension("JuliaLang.Legolas.SchemaVersion"));

const cases: readonly Case[] = [
  {
    what: "a char past U+10FFFF",
    type: "char",
    field: charField("v"),
    data: values(new Uint32(), PAST_UNICODE),
    error: "CorruptTableError",
  },
  {
    what: "a char past U+10FFFF in a list",
    type: "list<char>",
    field: new Field("v", new List(charField("")), false),
    data: listOf(charField(""), values(new Uint32(), PAST_UNICODE)),
    error: "CorruptTableError",
  },
  {
    what: "a char past U+10FFFF in a struct",
    type: { type: "struct", fields: { c: "char" } },
    field: new Field("v", new Struct([charField("c")]), false),
    data: structOf([charField("c")], [values(new Uint32(), Uint32Array.of(0x110000))]),
    error: "CorruptTableError",
  },
  {
    what: "a char past U+10FFFF in an any column",
    type: "any",
    field: charField("v"),
    data: values(new Uint32(), PAST_UNICODE),
    error: "CorruptTableError",
  },
  // The row class refuses "-1.0.0" and "1099511627776.0.0": a VersionNumber's parts are UInt32s.
  {
    what: "a version with a negative part",
    type: "version",
    ...versionColumn(new Int32(), Int32Array.of(1, -1)),
    error: "RowValidationError",
  },
  {
    what: "a version with a part past UInt32",
    type: "version",
    ...versionColumn(new Int64(), BigInt64Array.of(2n ** 40n)),
    error: "RowValidationError",
  },
  // 10^11 s is 10^20 ns, past Int64: the row class refuses the period it reads as.
  {
    what: "a period in seconds past Int64 nanoseconds",
    type: "period",
    field: new Field("v", new Duration(TimeUnit.SECOND), false, arrowJlExtension("JuliaLang.Dates.Period")),
    data: values(new Duration(TimeUnit.SECOND), BigInt64Array.of(1n, 10n ** 11n)),
    error: "RowValidationError",
  },
  {
    what: "a period in seconds past Int64 nanoseconds in a list",
    type: "list<period>",
    field: new Field("v", new List(new Field("", new Duration(TimeUnit.SECOND), false)), false),
    data: listOf(
      new Field("", new Duration(TimeUnit.SECOND), false),
      values(new Duration(TimeUnit.SECOND), BigInt64Array.of(10n ** 11n)),
    ),
    error: "RowValidationError",
  },
  // Any text reads from a Utf8 column, but a SchemaVersion's row class takes only an identifier.
  {
    what: "a SchemaVersion that is no identifier",
    type: "SchemaVersion",
    field: new Field("v", new Utf8(), false, arrowJlExtension("JuliaLang.Legolas.SchemaVersion")),
    data: texts(["example.foo@1", "not an identifier"]),
    error: "RowValidationError",
  },
  {
    what: "a SchemaVersion that is no identifier in a list",
    type: "list<SchemaVersion>",
    field: new Field("v", new List(SCHEMA_VERSION_ELEMENT), false),
    data: listOf(SCHEMA_VERSION_ELEMENT, texts(["example.foo@"])),
    error: "RowValidationError",
  },
];

const identifier = (k: number) => `test.values-rows-cannot-hold-${k}@1`;

beforeAll(async () => {
  await loadYamlSchemas(
    cases.map(({ type }, k) => ({
      schema: `test.values-rows-cannot-hold-${k}`,
      prefix: `CannotHold${k}`,
      version: { fields: { v: type } },
    })),
  );
});

describe.each(cases.map((c, k) => ({ ...c, k })))("$what", ({ field, data, error, k }) => {
  const bytes = () => tableToIPC(legolasTable(identifier(k), [field], [data]), "file");
  const schemaVersion = () => findSchemaVersion(identifier(k)) as SchemaVersion;
  const refused = expect.objectContaining({ name: error });

  test.each(["lazy", "eager"] as const)("is refused by readTableBytes and readTable, %s rows", async (rows) => {
    expect(() => readTableBytes(bytes(), { schemaVersion: schemaVersion(), rows })).toThrow(refused);
    const path = join(mkdtempSync(join(tmpdir(), "cannot-hold-")), "t.arrow");
    writeFileSync(path, bytes());
    await expect(readTable(path, { schemaVersion: schemaVersion(), rows })).rejects.toThrow(refused);
  });

  test.each(["lazy", "eager"] as const)("is refused by readTableBatches and readBatch, %s rows", async (rows) => {
    const read = async () => {
      for await (const batch of readTableBatches(bytes(), { schemaVersion: schemaVersion(), rows })) void batch;
    };
    await expect(read()).rejects.toThrow(refused);
    const file = await openTableFile(bytes());
    try {
      await expect(file.readBatch(0, { schemaVersion: schemaVersion(), rows })).rejects.toThrow(refused);
    } finally {
      await file.close();
    }
  });
});

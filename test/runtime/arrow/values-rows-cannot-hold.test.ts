/**
 * A table that reads is whole: each value a row's lazy getter decodes was judged by the read's
 * column scan (validate/column-scan.ts), so a value no row can hold is refused by the read
 * itself, by every reader, lazy rows as eager, and never thrown later from a getter or handed
 * out where its row class would refuse it. Each case is the smallest Arrow table holding one
 * such value, laid out as Arrow.jl lays out its type. A read that trusts the values
 * (`validate: "columns"`) refuses at read time those its decoder cannot read.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Data,
  type DataType,
  Date_,
  DateUnit,
  Duration,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  Map_,
  Struct,
  tableFromIPC,
  tableToIPC,
  TimeUnit,
  Timestamp,
  Uint32,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { beforeAll, describe, expect, test } from "vitest";
import {
  FlatArray,
  findSchemaVersion,
  openTableFile,
  readTable,
  readTableBatches,
  readTableBytes,
  type SchemaVersion,
  Weights,
  writeTableBytes,
} from "legolas-ts";
import { arrowJlExtension } from "./helpers/arrow-jl-extension.js";
import { legolasTable } from "./helpers/legolas-table.js";
import { loadYamlSchemas } from "./helpers/row-path.js";

const values = (type: DataType, data: Uint32Array | Int32Array | BigInt64Array | Float64Array): Data =>
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
  /**
   * Whether a read that trusts the values (`validate: "columns"`) refuses it too: a value its
   * decoder cannot read (a char past U+10FFFF, a date beyond a `Date`) is refused by every read;
   * one it reads and only its row class refuses (a version's negative part) is such a read's to trust.
   */
  readonly unreadable: boolean;
}

/** UInt32 `JuliaLang.Char`, as Arrow.jl stores a Char: its code point. */
const charField = (name: string) => new Field(name, new Uint32(), false, arrowJlExtension("JuliaLang.Char"));
const PAST_UNICODE = Uint32Array.of(0x41, 0x110000);
const TUPLE = arrowJlExtension("JuliaLang.Tuple");
const CHAR_MAP = new Map_(
  new Field(
    "entries",
    new Struct<{ key: Uint32; value: Int32 }>([charField("key"), new Field("value", new Int32(), false)]),
    false,
  ),
);
const DATETIME = new Timestamp(TimeUnit.MILLISECOND);
/** A Map of Float64 keys, as Arrow.jl stores a Julia `Dict{Float64, Int32}` in an untyped field. */
const FLOAT_MAP = new Map_(
  new Field(
    "entries",
    new Struct<{ key: Float64; value: Int32 }>([
      new Field("key", new Float64(), false),
      new Field("value", new Int32(), false),
    ]),
    false,
  ),
);
/** Two rows: `Dict(1.5 => 1)`, and `Dict(0.0 => 2, -0.0 => 3)`, whose keys Julia keeps apart and a JavaScript Map would not. */
const FLOAT_KEYS = makeData({
  type: FLOAT_MAP,
  length: 2,
  nullCount: 0,
  valueOffsets: Int32Array.of(0, 1, 3),
  child: makeData({
    type: FLOAT_MAP.children[0]!.type,
    length: 3,
    nullCount: 0,
    children: [values(new Float64(), Float64Array.of(1.5, 0, -0)), values(new Int32(), Int32Array.of(1, 2, 3))],
  }),
});

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
    what: "a char past 0x1FFFFF, which Julia's Char(::UInt32) refuses",
    type: "char",
    field: charField("v"),
    data: values(new Uint32(), Uint32Array.of(0x41, 0x200000)),
    error: "CorruptTableError",
    unreadable: true,
  },
  {
    what: "a char past U+10FFFF",
    type: "char",
    field: charField("v"),
    data: values(new Uint32(), PAST_UNICODE),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a char past U+10FFFF in a list",
    type: "list<char>",
    field: new Field("v", new List(charField("")), false),
    data: listOf(charField(""), values(new Uint32(), PAST_UNICODE)),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a char past U+10FFFF in a struct",
    type: { type: "struct", fields: { c: "char" } },
    field: new Field("v", new Struct([charField("c")]), false),
    data: structOf([charField("c")], [values(new Uint32(), Uint32Array.of(0x110000))]),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a char past U+10FFFF in an any column",
    type: "any",
    field: charField("v"),
    data: values(new Uint32(), PAST_UNICODE),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a char past U+10FFFF in a set (Julia's Set{Char})",
    type: "set<char>",
    field: new Field("v", new List(charField("")), false, arrowJlExtension("JuliaLang.Set")),
    data: listOf(charField(""), values(new Uint32(), PAST_UNICODE)),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a char past U+10FFFF in a tuple",
    type: "tuple<int32, char>",
    field: new Field("v", new Struct([new Field("1", new Int32(), false), charField("2")]), false, TUPLE),
    data: structOf(
      [new Field("1", new Int32(), false), charField("2")],
      [values(new Int32(), Int32Array.of(1)), values(new Uint32(), Uint32Array.of(0x110000))],
    ),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a char past U+10FFFF as a map's key",
    type: "map<char, int32>",
    field: new Field("v", CHAR_MAP, false),
    data: makeData({
      type: CHAR_MAP,
      length: 1,
      nullCount: 0,
      valueOffsets: Int32Array.of(0, 2),
      child: makeData({
        type: CHAR_MAP.children[0]!.type,
        length: 2,
        nullCount: 0,
        children: [values(new Uint32(), PAST_UNICODE), values(new Int32(), Int32Array.of(1, 2))],
      }),
    }),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a Map key -0.0 in an any column (Julia's Dict keeps it apart from 0.0)",
    type: "any",
    field: new Field("v", FLOAT_MAP, false),
    data: FLOAT_KEYS,
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a Map key -0.0 in a list in an any column",
    type: "any",
    field: new Field("v", new List(new Field("", FLOAT_MAP, false)), false),
    data: listOf(new Field("", FLOAT_MAP, false), FLOAT_KEYS),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  // 2^30 days is past a Date's 10^8 days either side of 1970.
  {
    what: "a date past a JavaScript Date",
    type: "date",
    field: new Field("v", new Date_(DateUnit.DAY), false),
    data: values(new Date_(DateUnit.DAY), Int32Array.of(0, 2 ** 30)),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a date past a JavaScript Date in a struct",
    type: { type: "struct", fields: { d: "date?" } },
    field: new Field("v", new Struct([new Field("d", new Date_(DateUnit.DAY), true)]), false),
    data: structOf(
      [new Field("d", new Date_(DateUnit.DAY), true)],
      [values(new Date_(DateUnit.DAY), Int32Array.of(-(2 ** 30)))],
    ),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  // Julia's DateTime reaches 10^17 ms (some 3 million years); a JavaScript Date 8.64e15.
  {
    what: "a datetime past a JavaScript Date",
    type: "datetime",
    field: new Field("v", DATETIME, false, arrowJlExtension("JuliaLang.DateTime")),
    data: values(DATETIME, BigInt64Array.of(0n, 10n ** 17n)),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  {
    what: "a datetime past a JavaScript Date in an any column",
    type: "any",
    field: new Field("v", DATETIME, false, arrowJlExtension("JuliaLang.DateTime")),
    data: values(DATETIME, BigInt64Array.of(-(10n ** 17n))),
    error: "UnrepresentableValueError",
    unreadable: true,
  },
  // The row class refuses "-1.0.0" and "1099511627776.0.0": a VersionNumber's parts are UInt32s.
  {
    what: "a version with a negative part",
    type: "version",
    ...versionColumn(new Int32(), Int32Array.of(1, -1)),
    error: "RowValidationError",
    unreadable: false,
  },
  {
    what: "a version with a part past UInt32",
    type: "version",
    ...versionColumn(new Int64(), BigInt64Array.of(2n ** 40n)),
    error: "RowValidationError",
    unreadable: false,
  },
  // 10^11 s is 10^20 ns, past Int64: the row class refuses the period it reads as.
  {
    what: "a period in seconds past Int64 nanoseconds",
    type: "period",
    field: new Field("v", new Duration(TimeUnit.SECOND), false, arrowJlExtension("JuliaLang.Dates.Period")),
    data: values(new Duration(TimeUnit.SECOND), BigInt64Array.of(1n, 10n ** 11n)),
    error: "RowValidationError",
    unreadable: false,
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
    unreadable: false,
  },
  // Any text reads from a Utf8 column, but a SchemaVersion's row class takes only an identifier.
  {
    what: "a SchemaVersion that is no identifier",
    type: "SchemaVersion",
    field: new Field("v", new Utf8(), false, arrowJlExtension("JuliaLang.Legolas.SchemaVersion")),
    data: texts(["example.foo@1", "not an identifier"]),
    error: "RowValidationError",
    unreadable: false,
  },
  {
    what: "a SchemaVersion that is no identifier in a list",
    type: "list<SchemaVersion>",
    field: new Field("v", new List(SCHEMA_VERSION_ELEMENT), false),
    data: listOf(SCHEMA_VERSION_ELEMENT, texts(["example.foo@"])),
    error: "RowValidationError",
    unreadable: false,
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

describe.each(cases.map((c, k) => ({ ...c, k })))("$what", ({ field, data, error, unreadable, k }) => {
  const bytes = () => tableToIPC(legolasTable(identifier(k), [field], [data]), "file");
  const schemaVersion = () => findSchemaVersion(identifier(k)) as SchemaVersion;
  const refused = expect.objectContaining({ name: error });

  test.each(["lazy", "eager"] as const)("is refused by readTableBytes and readTable, %s rows", async (rows) => {
    expect(() => readTableBytes(bytes(), { schemaVersion: schemaVersion(), rows })).toThrow(refused);
    const path = join(mkdtempSync(join(tmpdir(), "cannot-hold-")), "t.arrow");
    writeFileSync(path, bytes());
    await expect(readTable(path, { schemaVersion: schemaVersion(), rows })).rejects.toThrow(refused);
  });

  test.each(["lazy", "eager"] as const)('with validate: "columns", %s rows, as its decoder judges it', async (rows) => {
    const options = { schemaVersion: schemaVersion(), rows, validate: "columns" } as const;
    const readAll = async () => {
      const { rows: read } = readTableBytes(bytes(), options);
      // Every value of every row, as a user reads them: a getter that throws fails here.
      JSON.stringify(read);
      for await (const batch of readTableBatches(bytes(), options)) JSON.stringify(batch.rows);
    };
    if (unreadable) await expect(readAll()).rejects.toThrow(refused);
    else await expect(readAll()).resolves.toBeUndefined();
    if (!unreadable) return;
    // Refused by the read itself, never later by a row's getter.
    expect(() => readTableBytes(bytes(), options)).toThrow(refused);
    const file = await openTableFile(bytes());
    try {
      await expect(file.readBatch(0, options)).rejects.toThrow(refused);
    } finally {
      await file.close();
    }
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

describe("a Weights value whose size does not fit its values", () => {
  const weightsIdentifier = "test.values-rows-cannot-hold-weights@1";
  beforeAll(async () => {
    await loadYamlSchemas([
      {
        schema: "test.values-rows-cannot-hold-weights",
        prefix: "CannotHoldWeights",
        version: { fields: { w: "Weights" } },
      },
    ]);
  });
  /** A table of one Weights value, size [2, 2] over 4 values, its first dimension then made 3. */
  const bytes = () => {
    const written = writeTableBytes(
      [{ w: new Weights([new FlatArray(new Float32Array([1, 2, 3, 4]), [2, 2])]) }],
      findSchemaVersion(weightsIdentifier) as SchemaVersion<object, object>,
    );
    const table = tableFromIPC(written);
    const flat = table.getChild("w")!.data[0]!.children[0]!.children[0]!;
    const size = flat.children[(flat.type as Struct).children.findIndex((child) => child.name === "size")]!;
    (size.children[0]!.values as BigInt64Array)[0] = 3n;
    return tableToIPC(table, "file");
  };

  test.each(["lazy", "eager"] as const)('is refused by the read with validate: "columns", %s rows', async (rows) => {
    const options = {
      schemaVersion: findSchemaVersion(weightsIdentifier) as SchemaVersion,
      rows,
      validate: "columns",
    } as const;
    const refused = expect.objectContaining({ name: "CorruptTableError" });
    expect(() => readTableBytes(bytes(), options)).toThrow(refused);
    const batches = async () => {
      for await (const batch of readTableBatches(bytes(), options)) void batch;
    };
    await expect(batches()).rejects.toThrow(refused);
    const file = await openTableFile(bytes());
    try {
      await expect(file.readBatch(0, options)).rejects.toThrow(refused);
    } finally {
      await file.close();
    }
  });
});

test("a char past U+10FFFF that Julia's Char holds is named as a value JavaScript has no string for, not as a corrupt file", () => {
  const bytes = tableToIPC(legolasTable(identifier(1), [cases[1]!.field], [cases[1]!.data]), "file");
  expect(() => readTableBytes(bytes, { schemaVersion: findSchemaVersion(identifier(1)) as SchemaVersion })).toThrow(
    expect.objectContaining({
      code: "value_unrepresentable",
      message: expect.stringMatching(
        /a char column holds U\+110000, past U\+10FFFF: a Julia Char \(an invalid character, which Arrow\.jl reads\), but no JavaScript string holds it; read its other columns with \{ columns/,
      ),
    }),
  );
});

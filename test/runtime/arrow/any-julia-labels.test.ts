/**
 * `any` columns labelled with a Julia type (Arrow.jl's extension names, columns/any-values.ts):
 * where a declared type reads the label's storage, the column reads as that type's values, as
 * Arrow.jl reads a column of `Any` (a `UUID`, not its 16 bytes), at every depth of a List or
 * Struct; written back with `fieldMetadataFrom`, the column is byte for byte the one read. Any
 * other storage under a label reads as its storage.
 */
import {
  type Data,
  DataType,
  Dictionary,
  Field,
  FixedSizeBinary,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  Struct,
  type Table,
  TimeUnit,
  Timestamp,
  tableFromIPC,
  tableToIPC,
  Uint32,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { readTableBatches, readTableBytes, validateRecordBatch, validateTable, writeTableBytes } from "legolas-ts";
import { juliaArrowType } from "../../../runtime/arrow/columns/julia-scalar-storage.js";
import {
  ChildParamV1SchemaVersion,
  ChildV1SchemaVersion,
  DigitsModelV1SchemaVersion,
  FooV1SchemaVersion,
} from "../../generated/index.js";
import { juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";
import { arrowJlExtension } from "./helpers/arrow-jl-extension.js";
import { columnBytes } from "./helpers/column-bytes.js";
import { legolasTable } from "./helpers/legolas-table.js";

const IDENTIFIER = "test.child@1>test.parent@1";

/** A test.child@1 table (`z` untyped, Julia's `z::Any`) with `z` given as its field and data. */
function childTable(z: Field, zData: Data): Table {
  const n = zData.length;
  const x = vectorFromArray(
    Array.from({ length: n }, (_, i) => [BigInt(i)]),
    new List(new Field("", new Int64(), false)),
  );
  const y = vectorFromArray(
    Array.from({ length: n }, (_, i) => `y${i}`),
    new Utf8(),
  );
  return legolasTable(
    IDENTIFIER,
    [new Field("x", x.type, false), new Field("y", new Utf8(), false), z],
    [x.data[0]!, y.data[0]!, zData],
  );
}

const UUIDS = ["0b8b3f1e-5a4c-4d1e-9f3a-2c7e8d9a0b1c", "ffffffff-0000-4000-8000-000000000001"];

/** The 16 bytes Arrow.jl stores for each UUID: its UInt128, little-endian (the RFC 4122 bytes reversed). */
function uuidBytes(uuids: readonly string[]): Uint8Array {
  const out = new Uint8Array(16 * uuids.length);
  uuids.forEach((uuid, i) => {
    const hex = uuid.replaceAll("-", "");
    for (let k = 0; k < 16; k++) out[16 * i + 15 - k] = Number.parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  });
  return out;
}

const uuidData = (uuids: readonly string[]) =>
  makeData({ type: new FixedSizeBinary(16), length: uuids.length, nullCount: 0, data: uuidBytes(uuids) });

const UUID_FIELD = (name: string) =>
  new Field(name, new FixedSizeBinary(16), false, arrowJlExtension("JuliaLang.UUID"));
const DATETIME = new Timestamp(TimeUnit.MILLISECOND);
const CHAR_FIELD = new Field("", new Uint32(), false, arrowJlExtension("JuliaLang.Char"));
const SYMBOL_FIELD = new Field("", new Utf8(), false, arrowJlExtension("JuliaLang.Symbol"));

/** Labelled columns as Arrow.jl writes them, each with the values a declared field of its Julia type reads. */
const LABELLED: readonly { what: string; field: Field; data: Data; read: unknown[] }[] = [
  {
    what: "FixedSizeBinary(16) labelled JuliaLang.UUID: uuid strings",
    field: UUID_FIELD("z"),
    data: uuidData(UUIDS),
    read: UUIDS,
  },
  {
    what: "UInt32 labelled JuliaLang.Char: strings of one code point",
    field: new Field("z", new Uint32(), false, arrowJlExtension("JuliaLang.Char")),
    data: makeData({ type: new Uint32(), length: 3, nullCount: 0, data: Uint32Array.of(0x61, 0x20ac, 0x1f600) }),
    read: ["a", "€", "😀"],
  },
  {
    what: "Timestamp(ms) labelled JuliaLang.DateTime: Dates",
    field: new Field("z", DATETIME, false, arrowJlExtension("JuliaLang.DateTime")),
    data: makeData({ type: DATETIME, length: 2, nullCount: 0, data: BigInt64Array.of(1_709_164_800_123n, -1n) }),
    read: [new Date(1_709_164_800_123), new Date(-1)],
  },
  {
    what: "the JuliaLang.VersionNumber struct without prerelease or build: version text",
    field: new Field("z", juliaArrowType({ kind: "version" }), false, arrowJlExtension("JuliaLang.VersionNumber")),
    data: versionData([
      [1, 2, 3],
      [0, 0, 4_294_967_295],
    ]),
    read: ["1.2.3", "0.0.4294967295"],
  },
  {
    what: "a List labelled JuliaLang.Set: Sets",
    field: new Field("z", new List(new Field("", new Int64(), false)), false, arrowJlExtension("JuliaLang.Set")),
    data: vectorFromArray([[3n, 1n], []], new List(new Field("", new Int64(), false))).data[0]!,
    read: [new Set([3n, 1n]), new Set()],
  },
  {
    what: "a Struct labelled JuliaLang.Tuple: arrays",
    field: new Field(
      "z",
      new Struct([new Field("1", new Int64(), false), UUID_FIELD("2")]),
      false,
      arrowJlExtension("JuliaLang.Tuple"),
    ),
    data: makeData({
      type: new Struct([new Field("1", new Int64(), false), UUID_FIELD("2")]),
      length: 2,
      nullCount: 0,
      children: [
        makeData({ type: new Int64(), length: 2, nullCount: 0, data: BigInt64Array.of(7n, 8n) }),
        uuidData(UUIDS),
      ],
    }),
    read: [
      [7n, UUIDS[0]],
      [8n, UUIDS[1]],
    ],
  },
  {
    what: "a List of labelled elements (Julia's Vector{UUID}): arrays of uuid strings",
    field: new Field("z", new List(UUID_FIELD("")), true),
    data: makeData({
      type: new List(UUID_FIELD("")),
      length: 2,
      nullCount: 1,
      nullBitmap: Uint8Array.of(1),
      valueOffsets: Int32Array.of(0, 2, 2),
      child: uuidData(UUIDS),
    }),
    read: [UUIDS, null],
  },
  {
    what: "a Struct with labelled children (Julia's NamedTuple of a UUID and a DateTime): objects of their values",
    field: new Field(
      "z",
      new Struct([UUID_FIELD("id"), new Field("at", DATETIME, true, arrowJlExtension("JuliaLang.DateTime"))]),
      false,
    ),
    data: makeData({
      type: new Struct([UUID_FIELD("id"), new Field("at", DATETIME, true, arrowJlExtension("JuliaLang.DateTime"))]),
      length: 2,
      nullCount: 0,
      children: [
        uuidData(UUIDS),
        makeData({
          type: DATETIME,
          length: 2,
          nullCount: 1,
          nullBitmap: Uint8Array.of(1),
          data: BigInt64Array.of(5n, 0n),
        }),
      ],
    }),
    read: [
      { id: UUIDS[0], at: new Date(5) },
      { id: UUIDS[1], at: null },
    ],
  },
  {
    what: "a List labelled JuliaLang.Set of UInt32 labelled JuliaLang.Char (Julia's Set{Char}): Sets of one-code-point strings",
    field: new Field("z", new List(CHAR_FIELD), false, arrowJlExtension("JuliaLang.Set")),
    data: makeData({
      type: new List(CHAR_FIELD),
      length: 2,
      nullCount: 0,
      valueOffsets: Int32Array.of(0, 2, 3),
      child: makeData({ type: new Uint32(), length: 3, nullCount: 0, data: Uint32Array.of(0x61, 0x1f600, 0x20ac) }),
    }),
    read: [new Set(["a", "😀"]), new Set(["€"])],
  },
  {
    what: "a List labelled JuliaLang.Set of Utf8 labelled JuliaLang.Symbol (Julia's Set{Symbol}): Sets of strings",
    field: new Field("z", new List(SYMBOL_FIELD), false, arrowJlExtension("JuliaLang.Set")),
    data: vectorFromArray([["red", "green"], []], new List(SYMBOL_FIELD)).data[0]!,
    read: [new Set(["red", "green"]), new Set()],
  },
];

function versionData(parts: readonly [number, number, number][]): Data {
  const type = juliaArrowType({ kind: "version" }) as Struct;
  const count = (k: number) =>
    makeData({ type: new Uint32(), length: parts.length, nullCount: 0, data: Uint32Array.from(parts, (p) => p[k]!) });
  const empty = (k: number) =>
    makeData({ type: type.children[k]!.type as Struct, length: parts.length, nullCount: 0, children: [] });
  return makeData({
    type,
    length: parts.length,
    nullCount: 0,
    children: [count(0), count(1), count(2), empty(3), empty(4)],
  });
}

describe("an any column labelled with a Julia type reads as that type's values", () => {
  test.each(LABELLED)("$what, and is written back byte for byte", ({ field, data, read }) => {
    const table = childTable(field, data);
    const bytes = tableToIPC(table, "file");
    expect(validateTable(table, ChildV1SchemaVersion)).toEqual([]);
    for (const validate of ["rows", "columns"] as const) {
      const { rows } = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion, validate });
      expect(rows.map((row) => row.z)).toEqual(read);
      const written = tableFromIPC(writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom: table }));
      expect(columnBytes(written, "z")).toEqual(columnBytes(table, "z"));
    }
    const eager = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion, rows: "eager" });
    expect(eager.rows.map((row) => row.z)).toEqual(read);
  });

  test("read batch by batch, the same values", async () => {
    const { field, data, read } = LABELLED[0]!;
    const values: unknown[] = [];
    for await (const batch of readTableBatches(tableToIPC(childTable(field, data), "stream"), {
      schemaVersion: ChildV1SchemaVersion,
    }))
      for (const row of batch.rows) values.push(row.z);
    expect(values).toEqual(read);
  });

  test("in JSON, the forms those types take: a uuid as its text, a Set as an array, a Date as ISO text", () => {
    const rows = LABELLED.slice(0, 6).map(({ field, data }) => {
      const { rows } = readTableBytes(tableToIPC(childTable(field, data), "file"), {
        schemaVersion: ChildV1SchemaVersion,
      });
      return (rows[0]!.toJSON() as { z: unknown }).z;
    });
    expect(rows).toEqual([UUIDS[0], "a", "2024-02-29T00:00:00.123Z", "1.2.3", ["3", "1"], ["7", UUIDS[0]]]);
  });

  test("a value of another type than the label's is refused on write, never stored as something else", () => {
    const table = childTable(LABELLED[0]!.field, LABELLED[0]!.data);
    const rows = [{ x: [0n], y: "y0", z: "not-a-uuid" }];
    expect(() => writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom: table })).toThrow(
      expect.objectContaining({ name: "AnyColumnError", message: expect.stringMatching(/canonical UUID string/) }),
    );
  });

  test("a dictionary-encoded labelled column reads as the label's values", () => {
    const dictionary = new Dictionary(new FixedSizeBinary(16), new Int32());
    const field = new Field("z", dictionary, false, arrowJlExtension("JuliaLang.UUID"));
    const data = makeData({
      type: dictionary,
      length: 3,
      nullCount: 0,
      data: Int32Array.of(1, 0, 1),
      dictionary: makeVector(uuidData(UUIDS)),
    });
    const { rows } = readTableBytes(tableToIPC(childTable(field, data), "file"), {
      schemaVersion: ChildV1SchemaVersion,
    });
    expect(rows.map((row) => row.z)).toEqual([UUIDS[1], UUIDS[0], UUIDS[1]]);
  });
});

test("a vector<any> (Julia's AbstractVector) of labelled elements: a plain array of their values, written back byte for byte", () => {
  const n = 2;
  const d = new Field("d", new List(UUID_FIELD("")), false);
  const dData = makeData({
    type: d.type,
    length: n,
    nullCount: 0,
    valueOffsets: Int32Array.of(0, 1, 2),
    child: uuidData(UUIDS),
  });
  const a = makeData({ type: new Float64(), length: n, nullCount: 0, data: Float64Array.of(1, 2) });
  const b = vectorFromArray(["p", "q"], new Utf8()).data[0]!;
  const c = makeData({ type: new Int64(), length: n, nullCount: 0, data: BigInt64Array.of(1n, 2n) });
  const fields = [
    new Field("a", new Float64(), false),
    new Field("b", new Utf8(), false),
    new Field("c", new Int64(), false),
    d,
  ];
  const table = legolasTable("example.foo@1", fields, [a, b, c, dData]);
  const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: FooV1SchemaVersion });
  expect(rows.map((row) => row.d)).toEqual([[UUIDS[0]], [UUIDS[1]]]);
  const written = tableFromIPC(writeTableBytes(rows, FooV1SchemaVersion, { fieldMetadataFrom: table }));
  expect(columnBytes(written, "d")).toEqual(columnBytes(table, "d"));
});

test("a row check reads a labelled any value as rows do, in the columnar validators too (a DateTime is no Union{Real,String})", () => {
  // Legolas.jl's tour: ChildParamV1's c::(<:Union{Real,String}), an any held by a row check.
  const int64 = (...values: bigint[]) =>
    makeData({ type: new Int64(), length: values.length, nullCount: 0, data: BigInt64Array.from(values) });
  const fields = [
    new Field("a", new Int64(), false),
    new Field("b", new Int64(), false),
    new Field("c", DATETIME, false, arrowJlExtension("JuliaLang.DateTime")),
  ];
  const c = makeData({ type: DATETIME, length: 1, nullCount: 0, data: BigInt64Array.of(5n) });
  const table = legolasTable("example.child-param@1>example.param@1", fields, [int64(1n), int64(2n), c]);
  expect(() => readTableBytes(tableToIPC(table, "file"), { schemaVersion: ChildParamV1SchemaVersion })).toThrow(
    /c isa Union\{Real,String\}/,
  );
  expect(validateRecordBatch(table, ChildParamV1SchemaVersion)).toEqual([
    expect.objectContaining({ rowIndex: 0, violations: [expect.objectContaining({ code: "check_failed" })] }),
  ]);
});

test.each([
  ["the column", new Field("z", DATETIME, false, arrowJlExtension("JuliaLang.DateTime"))],
  [
    "a list's element",
    new Field("z", new List(new Field("", DATETIME, false, arrowJlExtension("JuliaLang.DateTime"))), false),
  ],
])(
  "a JuliaLang.DateTime beyond a Date's range in %s of an any column is refused by the read, as a datetime field's is, not by a lazy row's getter",
  (_, field) => {
    // 9e15 ms: Julia's DateTime holds it, a JavaScript Date does not (±8.64e15).
    const beyond = makeData({
      type: DATETIME,
      length: 1,
      nullCount: 0,
      data: BigInt64Array.of(9_000_000_000_000_000n),
    });
    const data = DataType.isList(field.type)
      ? makeData({ type: field.type, length: 1, nullCount: 0, valueOffsets: Int32Array.of(0, 1), child: beyond })
      : beyond;
    const bytes = tableToIPC(childTable(field, data), "file");
    for (const rows of ["lazy", "eager"] as const) {
      expect(() => readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion, rows })).toThrow(
        expect.objectContaining({
          name: "UnrepresentableValueError",
          message: expect.stringMatching(/beyond what a JavaScript Date holds/),
        }),
      );
    }
  },
);

describe("storages Arrow.jl does not write for the label read as their storage", () => {
  const cases: readonly { what: string; field: Field; data: Data; read: unknown[] }[] = [
    {
      what: "Utf8 labelled JuliaLang.UUID",
      field: new Field("z", new Utf8(), false, arrowJlExtension("JuliaLang.UUID")),
      data: vectorFromArray(["x"], new Utf8()).data[0]!,
      read: ["x"],
    },
    {
      what: "Timestamp(us) labelled JuliaLang.DateTime (not Arrow.jl's milliseconds: a Date would drop digits)",
      field: new Field("z", new Timestamp(TimeUnit.MICROSECOND), false, arrowJlExtension("JuliaLang.DateTime")),
      data: makeData({
        type: new Timestamp(TimeUnit.MICROSECOND),
        length: 1,
        nullCount: 0,
        data: BigInt64Array.of(1_001n),
      }),
      read: [1_001n],
    },
    {
      what: "a label no declared type has (Onda's JuliaLang.TimeSpan)",
      field: new Field("z", new Int64(), false, arrowJlExtension("JuliaLang.TimeSpan")),
      data: makeData({ type: new Int64(), length: 1, nullCount: 0, data: BigInt64Array.of(3n) }),
      read: [3n],
    },
  ];
  test.each(cases)("$what", ({ field, data, read }) => {
    const table = childTable(field, data);
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: ChildV1SchemaVersion });
    expect(rows.map((row) => row.z)).toEqual(read);
    const written = tableFromIPC(writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom: table }));
    expect(columnBytes(written, "z")).toEqual(columnBytes(table, "z"));
  });
});

testWithJuliaFixtures(
  "Onda's recording column, written by Julia, read as an any column: uuid strings, written back as they were",
  () => {
    const signal = tableFromIPC(readFileSync(juliaFixture("test.onda.signal.arrow")));
    const index = signal.schema.fields.findIndex((f) => f.name === "recording");
    const recording = signal.schema.fields[index]!;
    const field = new Field("z", recording.type as DataType, recording.nullable, recording.metadata);
    const table = childTable(field, signal.batches[0]!.data.children[index]!);
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: ChildV1SchemaVersion });
    const declared = (signal.toArray() as { recording: Uint8Array }[]).map((row) => row.recording);
    expect(rows.map((row) => row.z)).toEqual(declared.map((bytes) => uuidOf(bytes)));
    const written = tableFromIPC(writeTableBytes(rows, ChildV1SchemaVersion, { fieldMetadataFrom: table }));
    expect(columnBytes(written, "z")).toEqual(columnBytes(table, "z"));
  },
);

function uuidOf(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))
    .reverse()
    .join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe("a ZonedDateTime as Arrow.jl before 2.4.2 stored it (local wall-clock times, JuliaLang.ZonedDateTime)", () => {
  const local = new Timestamp(TimeUnit.MILLISECOND, "America/New_York");
  const localData = makeData({ type: local, length: 1, nullCount: 0, data: BigInt64Array.of(1_000n) });
  const label = arrowJlExtension("JuliaLang.ZonedDateTime");
  test.each([
    ["the column", new Field("z", local, false, label), localData, "z"],
    [
      "a struct child",
      new Field("z", new Struct([new Field("at", local, false, label)]), false),
      makeData({
        type: new Struct([new Field("at", local, false, label)]),
        length: 1,
        nullCount: 0,
        children: [localData],
      }),
      "z.at",
    ],
  ] as const)(
    "in %s of an any column is refused, as a declared field refuses it, never read as instants",
    (_, field, data, path) => {
      const table = childTable(field, data);
      expect(validateTable(table, ChildV1SchemaVersion)).toEqual([
        expect.objectContaining({
          code: "incorrect_type",
          path,
          expected: "any (any Arrow type)",
          found: expect.stringMatching(/local wall-clock times/),
        }),
      ]);
      expect(() => readTableBytes(tableToIPC(table, "file"), { schemaVersion: ChildV1SchemaVersion })).toThrow(
        expect.objectContaining({ name: "TableSchemaError", message: expect.stringMatching(/Arrow.jl before 2.4.2/) }),
      );
    },
  );

  test("in the column of an input: any field is refused too, not handed to its value: expression as instants", () => {
    // digits.model@1's config takes any storage (input: any), which its value: expression converts.
    const table = legolasTable(
      "digits.model@1>legolas-flux.model@1",
      [new Field("config", local, false, label)],
      [localData],
    );
    expect(validateTable(table, DigitsModelV1SchemaVersion)).toEqual([
      expect.objectContaining({
        code: "incorrect_type",
        path: "config",
        expected: "any (any Arrow type)",
        found: expect.stringMatching(/local wall-clock times/),
      }),
    ]);
    expect(() => readTableBytes(tableToIPC(table, "file"), { schemaVersion: DigitsModelV1SchemaVersion })).toThrow(
      expect.objectContaining({ name: "TableSchemaError", message: expect.stringMatching(/Arrow.jl before 2.4.2/) }),
    );
  });
});

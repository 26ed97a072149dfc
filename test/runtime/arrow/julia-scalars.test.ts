/**
 * Julia's scalar types of issue 23 (runtime/arrow/columns/julia-scalars.ts): what we write has
 * the Arrow schema Arrow.jl writes for `Float16`, `Int128`/`UInt128`, `Symbol`, `Char`,
 * `VersionNumber`, `Legolas.SchemaVersion` and `Dates.Period`, and the values come back exactly;
 * a table laid out the way Julia writes one (other storages Arrow.jl reads as the declared type)
 * reads; the abstract `Integer`, `Real` and `Period` read every concrete storage Julia accepts
 * for them, and what Julia refuses is refused.
 */
import {
  Bool,
  type DataType,
  DenseUnion,
  Duration,
  Field,
  FixedSizeBinary,
  Float16,
  Float32,
  Int,
  Int32,
  Int8,
  Int64,
  LargeUtf8,
  makeData,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimeUnit,
  Uint32,
  Uint64,
  Utf8,
  Utf8View,
  vectorFromArray,
  type Data,
} from "apache-arrow";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  findSchemaVersion,
  readTableBytes,
  type SchemaVersion,
  type RowValidationError,
  type TableSchemaError,
  type UnstorableValueError,
  validateRecordBatch,
  writeTableBytes,
} from "legolas-ts";
import {
  JuliaNarrowedV1,
  JuliaNarrowedV1SchemaVersion,
  JuliaUnionNarrowedV1,
  JuliaUnionNarrowedV1SchemaVersion,
  JuliaScalarsV1,
  JuliaScalarsV1SchemaVersion,
  type JuliaScalarsV1Input,
  SignalV2SchemaVersion,
} from "../../generated/index.js";
import { describeWithJuliaFixtures, juliaFixture } from "../../helpers/julia-fixtures.js";
import { loadYamlSchemas } from "./helpers/row-path.js";
import { withLargeLists } from "./helpers/arrow-jl-large-lists.js";
import { errorOf } from "../../helpers/error-of.js";

const row: JuliaScalarsV1Input = {
  half: 0.333251953125,
  wide: -(2n ** 127n),
  unsigned_wide: 2n ** 128n - 1n,
  name: "alpha",
  tag: "red",
  letter: "😀",
  grade: "B",
  release: "v1.2",
  schema: "test.child@1>test.parent@1",
  count: 2n ** 62n,
  amount: 2.5,
  any_number: 7,
  elapsed: 1_500_000_000n,
  halves: [0.5, -0, Number.POSITIVE_INFINITY],
  letters: ["a", "é"],
};

const EXTENSION = "ARROW:extension:name";

function readRows(bytes: Uint8Array, validate: "rows" | "columns" = "rows"): JuliaScalarsV1[] {
  return [...readTableBytes(bytes, { schemaVersion: JuliaScalarsV1SchemaVersion, validate, rows: "eager" }).rows];
}

describe("writing Julia's scalars", () => {
  test("every value round-trips, converted as Julia's constructors convert (Float16(x), VersionNumber(text))", () => {
    const converted = new JuliaScalarsV1({ ...row, half: 1 / 3 });
    expect(converted.half).toBe(0.333251953125); // Float16(1/3)
    expect(converted.release).toBe("1.2.0"); // VersionNumber("v1.2")
    const bytes = writeTableBytes([converted], JuliaScalarsV1SchemaVersion);
    for (const validate of ["rows", "columns"] as const)
      expect({ ...readRows(bytes, validate)[0] }).toStrictEqual({ ...converted });
  });

  test("the Arrow schema is Arrow.jl's: storage types and extension names", () => {
    const table = tableFromIPC(writeTableBytes([row], JuliaScalarsV1SchemaVersion));
    const column = (name: string) => table.schema.fields.find((f) => f.name === name)!;
    const described = (name: string) => [String(column(name).type), column(name).metadata.get(EXTENSION) ?? null];
    expect(described("half")).toEqual(["Float16", null]);
    expect(described("wide")).toEqual(["Int128", null]);
    expect(described("unsigned_wide")).toEqual(["Uint128", null]);
    expect(described("name")).toEqual(["Utf8", "JuliaLang.Symbol"]);
    expect(described("letter")).toEqual(["Uint32", "JuliaLang.Char"]);
    expect(described("schema")).toEqual(["Utf8", "JuliaLang.Legolas.SchemaVersion"]);
    expect(described("count")).toEqual(["Int64", null]);
    expect(described("amount")).toEqual(["Float64", null]);
    expect(described("elapsed")).toEqual(["Duration<NANOSECOND>", "JuliaLang.Dates.Period"]);
    // VersionNumber's fields (Base's `major::UInt32, minor, patch, prerelease::Tuple, build::Tuple`).
    const release = column("release");
    expect(release.metadata.get(EXTENSION)).toBe("JuliaLang.VersionNumber");
    expect(
      (release.type as Struct).children.map((f) => [f.name, String(f.type), f.metadata.get(EXTENSION) ?? null]),
    ).toEqual([
      ["major", "Uint32", null],
      ["minor", "Uint32", null],
      ["patch", "Uint32", null],
      ["prerelease", "Struct<{}>", "JuliaLang.Tuple"],
      ["build", "Struct<{}>", "JuliaLang.Tuple"],
    ]);
  });

  test("a 128-bit value is its 16 bytes, little-endian two's complement, as Arrow.jl writes an Int128", () => {
    const table = tableFromIPC(writeTableBytes([{ ...row, wide: -2n }], JuliaScalarsV1SchemaVersion));
    const bytes = table.getChild("wide")!.data[0]!.values as Uint8Array;
    expect([...bytes]).toEqual([0xfe, ...new Array(15).fill(0xff)]);
  });

  test("an abstract value the written storage cannot hold is an UnstorableValueError, nothing written", () => {
    const beyondInt64 = errorOf<UnstorableValueError>(() =>
      writeTableBytes([{ ...row, count: 2n ** 64n - 1n }], JuliaScalarsV1SchemaVersion),
    );
    expect(beyondInt64.code).toBe("unstorable_value");
    expect(beyondInt64.message).toBe(
      "column count row 0 holds 18446744073709551615, which a integer column cannot store: legolas-ts writes integer as Int64; declare the concrete type (int128, uint64, int64, float64) to keep such values",
    );
    const inexact = errorOf<UnstorableValueError>(() =>
      writeTableBytes([{ ...row, amount: 2n ** 60n + 1n }], JuliaScalarsV1SchemaVersion),
    );
    expect([inexact.column, inexact.storage]).toEqual(["amount", "Float64"]);
    // Exact ones are written, and read back as the number they are.
    const [exact] = readRows(writeTableBytes([{ ...row, amount: 2n ** 60n }], JuliaScalarsV1SchemaVersion));
    expect(exact!.amount).toBe(2 ** 60);
  });

  test("values a field does not hold are row violations with the YAML type named", () => {
    const invalid = {
      ...row,
      half: 0.1,
      wide: 2n ** 127n,
      letter: "ab",
      release: "1.2.3-rc1",
      schema: "nope",
      count: 1.5,
    };
    const error = errorOf<RowValidationError>(() => writeTableBytes([invalid], JuliaScalarsV1SchemaVersion));
    expect(error.violations.map((v) => [v.path, v.expected])).toEqual([
      ["wide", "int128"],
      ["letter", "char"],
      ["release", "version"],
      ["schema", "SchemaVersion"],
      ["count", "integer"],
    ]);
    // 0.1 is rounded to the Float16 nearest it on construction, as `Float16(0.1)`; a raw row keeps it and is refused.
    expect(JuliaScalarsV1.validate({ ...new JuliaScalarsV1(row), half: 0.1 }).map((v) => v.path)).toEqual(["half"]);
    // A period is held as bigint nanoseconds: a number there is told so, as an int64's is.
    expect(JuliaScalarsV1.validate({ ...new JuliaScalarsV1(row), elapsed: 5 })).toMatchObject([
      { path: "elapsed", found: "5 (a period is a bigint: pass 5n)" },
    ]);
    expect(JuliaScalarsV1.validate({ ...new JuliaScalarsV1(row), elapsed: 2 ** 60 })).toMatchObject([
      { path: "elapsed", found: expect.stringContaining("pass the integer as a bigint, such as 1152921504606846976n") },
    ]);
    // Text that is no identifier (a schema's name without its version, a name in capitals): the
    // type's name does not say what a SchemaVersion's text looks like, the violation does.
    const form =
      '; a SchemaVersion is a schema version\'s identifier, name@version such as digits-model@1 (the name of lower-case letters, digits, "." and "-"), ' +
      "or the chain Legolas.jl writes for a child, digits-model@1>legolas-flux.model@1";
    for (const schema of ["digits-model", "Digits@1"])
      expect(JuliaScalarsV1.parse({ ...row, schema })).toMatchObject({
        ok: false,
        violations: [{ path: "schema", found: `"${schema}" (a string)${form}` }],
      });
  });
});

// ---------------------------------------------------------------------------------------------
// Tables laid out another way Julia reads

/** A copy of the table we write for `rows`, with columns replaced: `[name, data, field type?, extension?]`. */
function withColumns(
  rows: readonly JuliaScalarsV1Input[],
  replaced: readonly (readonly [string, Data, DataType?, string?])[],
): Uint8Array {
  const table = tableFromIPC(writeTableBytes(rows, JuliaScalarsV1SchemaVersion));
  const byName = new Map(replaced.map((entry) => [entry[0], entry]));
  const fields = table.schema.fields.map((field) => {
    const entry = byName.get(field.name);
    if (entry === undefined) return field;
    const [, data, type, extension] = entry;
    return new Field(
      field.name,
      type ?? data.type,
      true,
      extension === undefined ? new Map() : new Map([[EXTENSION, extension]]),
    );
  });
  const children = table.schema.fields.map((field, k) => byName.get(field.name)?.[1] ?? table.data[0]!.children[k]!);
  const schema = new Schema(fields, table.schema.metadata);
  const data = makeData({ type: new Struct(fields), length: rows.length, children });
  return tableToIPC(new Table([new RecordBatch(schema, data)]), "file");
}

const numbers = (type: DataType, values: ArrayLike<number | bigint>): Data =>
  makeData({ type, length: values.length, nullCount: 0, data: values } as never);

function utf8Column(texts: readonly string[]): Data {
  const bytes = texts.map((text) => new TextEncoder().encode(text));
  const valueOffsets = Int32Array.from([
    0,
    ...bytes.map((_, k) => bytes.slice(0, k + 1).reduce((n, b) => n + b.length, 0)),
  ]);
  const data = new Uint8Array(valueOffsets[texts.length]!);
  bytes.forEach((b, k) => data.set(b, valueOffsets[k]!));
  return makeData({ type: new Utf8(), length: texts.length, nullCount: 0, valueOffsets, data });
}

/** Three rows, so that each replaced column can hold three values. */
const rows3 = [row, row, row];

describe("reading the storages Julia accepts", () => {
  test("integer: any Int width, signed or not (UInt64 and Int128 beyond 2^63 too), and Bool", () => {
    const int128 = new Uint8Array(48);
    int128.set([0xfe, ...new Array(15).fill(0xff)], 16); // -2
    int128[47] = 0x40; // 2^126
    const cases: [Data, DataType | undefined, unknown[]][] = [
      [numbers(new Int8(), Int8Array.of(-128, 0, 127)), undefined, [-128, 0, 127]],
      [numbers(new Uint32(), Uint32Array.of(0, 1, 2 ** 32 - 1)), undefined, [0, 1, 2 ** 32 - 1]],
      [numbers(new Uint64(), BigUint64Array.of(0n, 1n, 2n ** 64n - 1n)), undefined, [0n, 1n, 2n ** 64n - 1n]],
      [
        makeData({ type: new FixedSizeBinary(16), length: 3, data: int128 }),
        new Int(true, 128 as 64),
        [0n, -2n, 2n ** 126n],
      ],
      [makeData({ type: new Bool(), length: 3, data: Uint8Array.of(0b101) }), undefined, [1, 0, 1]],
    ];
    for (const [data, type, expected] of cases) {
      const bytes = withColumns(rows3, [["count", data, type]]);
      for (const validate of ["rows", "columns"] as const)
        expect(readRows(bytes, validate).map((r) => r.count)).toStrictEqual(expected);
    }
  });

  test("real and number: any Int, Bool or float (Float16 and Float32 too), each value as its concrete type's field holds it", () => {
    // Each column its own buffers: apache-arrow writes a corrupt footer for one buffer in two columns.
    const cases: [() => Data, unknown[]][] = [
      [() => numbers(new Float32(), Float32Array.of(0.5, -1, Number.NaN)), [0.5, -1, Number.NaN]],
      [() => numbers(new Float16(), Uint16Array.of(0x3c00, 0x7c00, 0x0001)), [1, Number.POSITIVE_INFINITY, 2 ** -24]],
      [() => numbers(new Int32(), Int32Array.of(-5, 0, 5)), [-5, 0, 5]],
      [() => numbers(new Uint64(), BigUint64Array.of(2n ** 64n - 1n, 0n, 3n)), [2n ** 64n - 1n, 0n, 3n]],
      [() => makeData({ type: new Bool(), length: 3, data: Uint8Array.of(0b011) }), [1, 1, 0]],
    ];
    for (const [data, expected] of cases) {
      const rows = readRows(
        withColumns(rows3, [
          ["amount", data()],
          ["any_number", data()],
        ]),
      );
      expect(rows.map((r) => r.amount)).toStrictEqual(expected);
      expect(rows.map((r) => r.any_number)).toStrictEqual(expected);
    }
  });

  test("period: a Duration of any unit, labelled or not (Arrow.jl reads Duration as a Dates.Period), in nanoseconds", () => {
    for (const [unit, per] of [
      [TimeUnit.SECOND, 1_000_000_000n],
      [TimeUnit.MILLISECOND, 1_000_000n],
      [TimeUnit.MICROSECOND, 1_000n],
    ] as const) {
      const data = numbers(new Duration(unit), BigInt64Array.of(-3n, 0n, 86_400n));
      for (const extension of [undefined, "JuliaLang.Dates.Period"]) {
        const rows = readRows(withColumns(rows3, [["elapsed", data, undefined, extension]]));
        expect(rows.map((r) => r.elapsed)).toStrictEqual([-3n * per, 0n, 86_400n * per]);
      }
    }
  });

  test("symbol: a plain Utf8 column too (Legolas.jl accepts Union{Symbol,AbstractString})", () => {
    const rows = readRows(withColumns(rows3, [["name", utf8Column(["a", "", "ç😀"])]]));
    expect(rows.map((r) => r.name)).toEqual(["a", "", "ç😀"]);
  });

  test("SchemaVersion: a labelled LargeUtf8 or Utf8View column too (Arrow.jl reads both as a String)", () => {
    const identifiers = ["a@1", "b.c@2>a@1", "long-named.schema@12"];
    for (const type of [new LargeUtf8(), new Utf8View()]) {
      const data = vectorFromArray(identifiers, type).data[0]!;
      const bytes = withColumns(rows3, [["schema", data, undefined, "JuliaLang.Legolas.SchemaVersion"]]);
      for (const validate of ["rows", "columns"] as const)
        expect(readRows(bytes, validate).map((r) => r.schema)).toEqual(identifiers);
    }
  });

  test("with largelists=true (Arrow.jl's LargeUtf8 for a Symbol or SchemaVersion, LargeList for a Vector), rows read exactly", () => {
    const rows = [row, { ...row, name: "beta", tag: null, schema: null, halves: null, letters: ["z"] }];
    // Ours has Arrow.jl's schema ("the Arrow schema is Arrow.jl's" above): its lists and strings made large.
    const table = tableFromIPC(writeTableBytes(rows, JuliaScalarsV1SchemaVersion));
    const fields = table.schema.fields.map(withLargeLists);
    const children = fields.map((field, k) => {
      const column = table.getChildAt(k)!;
      if (String(field.type) === String(table.schema.fields[k]!.type)) return column.data[0]!;
      // A list's elements as numbers (a Float16 vector's toArray() gives its bits).
      const values = [...column].map((value) => (value?.toArray === undefined ? value : [...value]));
      return vectorFromArray(values, field.type).data[0]!;
    });
    expect(fields.filter((field) => /^Large/.test(String(field.type))).map((field) => field.name)).toEqual([
      "name",
      "tag",
      "schema",
      "halves",
      "letters",
    ]);
    const bytes = tableToIPC(
      new Table([
        new RecordBatch(
          new Schema(fields, table.schema.metadata),
          makeData({ type: new Struct(fields), length: rows.length, children }),
        ),
      ]),
      "file",
    );
    const expected = rows.map((input) => new JuliaScalarsV1(input));
    for (const validate of ["rows", "columns"] as const) expect(readRows(bytes, validate)).toStrictEqual(expected);
  });

  test("a narrowed child's table reads as its parent: an Int32, Float64 and Duration(MILLISECOND) column", () => {
    const child = { ...row, count: 3, amount: 0.25, any_number: 4, elapsed: 2n };
    const bytes = writeTableBytes([child], JuliaNarrowedV1SchemaVersion);
    const [parent] = readRows(bytes);
    // `any_number` narrowed to `integer`, written as Int64: a bigint, as an int64 field reads it.
    expect([parent!.count, parent!.amount, parent!.any_number, parent!.elapsed]).toStrictEqual([
      3,
      0.25,
      4n,
      2_000_000n,
    ]);
  });
});

describe("a child narrowing an abstract field to a union of its subtypes", () => {
  // Union{Int32, Int64} <: Integer, Union{Int64, Float64} <: Real: Arrow.jl writes each as a DenseUnion.
  const rows = [
    { ...row, count: 3, amount: 2n ** 60n + 1n, any_number: null },
    { ...row, count: 2n ** 40n, amount: 0.25, any_number: 1.5 },
    { ...row, count: -1, amount: -7n, any_number: 9n },
  ];

  test("its table reads as its parent, each value as its member's storage reads", () => {
    const bytes = writeTableBytes(rows, JuliaUnionNarrowedV1SchemaVersion);
    const stored = tableFromIPC(bytes).schema.fields.filter((f) => ["count", "amount", "any_number"].includes(f.name));
    expect(stored.map((f) => String(f.type))).toEqual([
      "Union<Int32 | Int64>",
      "Union<Int64 | Float64>",
      "Union<Null | Float32 | Int64>",
    ]);
    const fields = (read: JuliaScalarsV1) => [read.count, read.amount, read.any_number];
    for (const validate of ["rows", "columns"] as const)
      expect(readRows(bytes, validate).map(fields)).toStrictEqual([
        [3, 2n ** 60n + 1n, null],
        [2n ** 40n, 0.25, 1.5],
        [-1, -7n, 9n],
      ]);
    expect(readRows(bytes).map((read) => read.elapsed)).toEqual(rows.map(() => 1_500_000_000n));
  });

  test("keeps the parent's bounds and default, NaN refused as the parent refuses it", () => {
    expect(new JuliaUnionNarrowedV1(rows[0]!).score).toBe(5); // the parent's default
    expect(new JuliaUnionNarrowedV1({ ...rows[0]!, score: 10n }).score).toBe(10n);
    const expectedOf = (score: unknown) =>
      JuliaUnionNarrowedV1.validate({ ...new JuliaUnionNarrowedV1(rows[0]!), score }).map((v) => v.expected);
    expect(expectedOf(11n)).toEqual(["<= 10"]);
    expect(expectedOf(-0.5)).toEqual([">= 0"]);
    expect(expectedOf(Number.NaN)).toEqual([">= 0", "<= 10"]);
  });

  test("the parent refuses a union holding a member that is none of its type, or a null where it needs a value", () => {
    const parentOf = (columns: [string, Data][]) =>
      readTableBytes(withColumns(rows3, columns), { schemaVersion: JuliaScalarsV1SchemaVersion });
    const union = (members: Data[], nullable = false) =>
      makeData({
        type: new DenseUnion(
          [0, 1],
          members.map((m, k) => new Field(String(k), m.type, nullable)),
        ),
        length: 3,
        nullCount: 0,
        typeIds: Int8Array.of(0, 1, 0),
        valueOffsets: Int32Array.of(0, 0, 1),
        children: members,
      });
    expect(() =>
      parentOf([["amount", union([numbers(new Int64(), BigInt64Array.of(1n, 2n)), utf8Column(["x"])])]]),
    ).toThrow(expect.objectContaining({ name: "TableSchemaError", message: expect.stringMatching(/amount/) }));
    expect(() =>
      parentOf([
        ["count", union([numbers(new Int64(), BigInt64Array.of(1n, 2n)), makeData({ type: new Null(), length: 1 })])],
      ]),
    ).toThrow(expect.objectContaining({ name: "TableSchemaError", message: expect.stringMatching(/count/) }));
  });
});

describe("constraints on an abstract field", () => {
  test("a real's bounds hold for a number or a bigint, and for each storage a column reads from", () => {
    expect(new JuliaScalarsV1(row).score).toBe(5); // the default
    const converted = new JuliaScalarsV1(row);
    expect(JuliaScalarsV1.validate({ ...converted, score: 11n }).map((v) => v.expected)).toEqual(["<= 10"]);
    expect(JuliaScalarsV1.validate({ ...converted, score: Number.NaN }).map((v) => v.expected)).toEqual([
      ">= 0",
      "<= 10",
    ]);
    const bytes = withColumns(rows3, [["score", numbers(new Int8(), Int8Array.of(0, 11, 10))]]);
    const error = errorOf<RowValidationError>(() => readRows(bytes));
    expect([error.code, error.violations.map((v) => [v.path, v.expected])]).toEqual([
      "row_invalid",
      [["score", "<= 10"]],
    ]);
    // The columnar validation (validate/column-scan.ts) finds the same row.
    const invalid = validateRecordBatch(tableFromIPC(bytes), JuliaScalarsV1SchemaVersion);
    expect(invalid.map((r) => [r.rowIndex, r.violations.map((v) => v.path)])).toEqual([[1, ["score"]]]);
  });
});

describe("a child narrowing an abstract field", () => {
  test("keeps the parent's constraints and default, as values of its subtype (real min 0 -> int64 0n)", () => {
    const child = { ...row, count: 3, amount: 0.25, elapsed: 2n };
    expect(new JuliaNarrowedV1(child).score).toBe(5n);
    expect(new JuliaNarrowedV1({ ...child, score: 10 }).score).toBe(10n);
    expect(JuliaNarrowedV1.validate({ ...new JuliaNarrowedV1(child), score: 11n }).map((v) => v.expected)).toEqual([
      "<= 10",
    ]);
  });
});

describe("refusing what Julia refuses", () => {
  const chars = numbers(new Uint32(), Uint32Array.of(97, 98, 99));
  test.each([
    [
      "char",
      "letter",
      chars,
      undefined,
      "char (Arrow Uint32)",
      "Arrow Uint32 without the extension label JuliaLang.Char",
    ],
    [
      "char under another label",
      "letter",
      chars,
      "JuliaLang.Symbol",
      "char (Arrow Uint32)",
      "Arrow Uint32 labelled JuliaLang.Symbol, not JuliaLang.Char",
    ],
    [
      "SchemaVersion",
      "schema",
      utf8Column(["a@1", "b@1", "c@1"]),
      undefined,
      "SchemaVersion (Arrow Utf8)",
      "Arrow Utf8 without the extension label JuliaLang.Legolas.SchemaVersion",
    ],
    [
      "integer",
      "count",
      numbers(new Float32(), Float32Array.of(1, 2, 3)),
      undefined,
      "integer (Arrow Int64)",
      "Arrow Float32",
    ],
    [
      "period",
      "elapsed",
      numbers(new Int32(), Int32Array.of(1, 2, 3)),
      "JuliaLang.Dates.Period",
      "period (Arrow Duration<NANOSECOND>)",
      "Arrow Int32",
    ],
  ])("%s: refused, naming the label where the storage is right", (_, name, data, label, expected, found) => {
    const error = errorOf<TableSchemaError>(() => readRows(withColumns(rows3, [[name, data, undefined, label]])));
    expect(error.code).toBe("table_schema_invalid");
    expect(error.violations.map((v) => [v.path, v.expected, v.found])).toEqual([[name, expected, found]]);
  });

  test("a VersionNumber with a prerelease tuple is refused, saying which storage a version reads", () => {
    const table = tableFromIPC(writeTableBytes(rows3, JuliaScalarsV1SchemaVersion));
    const release = table.getChild("release")!.data[0]!;
    const rc = utf8Column(["rc", "rc", "rc"]);
    const prerelease = new Struct([new Field("1", new Utf8(), false)]);
    const type = new Struct(
      (release.type as Struct).children.map((f) =>
        f.name === "prerelease" ? new Field("prerelease", prerelease, false) : f,
      ),
    );
    const children = release.children.map((c, k) =>
      k === 3 ? makeData({ type: prerelease, length: 3, children: [rc] }) : c,
    );
    const error = errorOf<TableSchemaError>(() =>
      readRows(
        withColumns(rows3, [
          ["release", makeData({ type, length: 3, children }), undefined, "JuliaLang.VersionNumber"],
        ]),
      ),
    );
    expect(error.violations.map((v) => v.path)).toEqual(["release"]);
  });
});

describeWithJuliaFixtures("a Legolas.jl file", () => {
  // Julia's span children as columns of their own: a struct's child cannot be period, which a
  // NamedTuple holding Arrow.jl's Nanosecond is not (docs/julia.md, the types Julia reads).
  test("test.onda.signal.arrow's span (TimeSpan of Dates.Period) reads as periods, and a period column is written as Julia wrote it", async () => {
    await loadYamlSchemas([
      { schema: "test.onda-periods", prefix: "OndaPeriods", version: { fields: { start: "period", stop: "period" } } },
    ]);
    const periods = findSchemaVersion("test.onda-periods@1")!;
    const bytes = new Uint8Array(readFileSync(juliaFixture("test.onda.signal.arrow")));
    const durations = readTableBytes(bytes, { schemaVersion: SignalV2SchemaVersion, rows: "eager" }).rows;
    const julia = tableFromIPC(bytes);
    const spanType = julia.schema.fields.find((f) => f.name === "span")!.type as Struct;
    const schema = new Schema(spanType.children, new Map([["legolas_schema_qualified", periods.identifier]]));
    const spans = new Table(
      julia.batches.map((batch) => {
        const span = batch.getChild("span")!.data[0]!;
        const data = makeData({ type: new Struct(spanType.children), length: span.length, children: span.children });
        return new RecordBatch(schema, data);
      }),
    );
    const read = readTableBytes(tableToIPC(spans, "file"), { schemaVersion: periods, rows: "eager" }).rows as {
      start: unknown;
      stop: unknown;
    }[];
    expect(read.map(({ start, stop }) => ({ start, stop }))).toStrictEqual(durations.map((r) => ({ ...r.span })));
    // Arrow.jl's Nanosecond: Duration(NANOSECOND) labelled JuliaLang.Dates.Period, as we write a period.
    const juliaStart = spanType.children[0]!;
    const ours = tableFromIPC(writeTableBytes(read, periods as SchemaVersion<object, never>)).schema.fields[0]!;
    expect([String(ours.type), ours.metadata.get(EXTENSION)]).toEqual([
      String(juliaStart.type),
      juliaStart.metadata.get(EXTENSION),
    ]);
  });
});

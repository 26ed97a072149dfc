/**
 * Columnar validation (runtime/arrow/validate/batch.ts) on the cases random tables seldom reach:
 * bytes that are not UTF-8, a date column holding a time of day, each shape of numeric bounds
 * (NaN included), the boolean mode, row checks
 * through the generated `checkRow` and without it, and tables whose columns do not comply.
 */
import {
  type DataType,
  DateMillisecond,
  DurationNanosecond,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Uint16,
  Uint32,
  Uint64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  type Data,
  vectorFromArray,
} from "apache-arrow";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { readTableBatches, readTableBytes, validateTable } from "legolas-ts";
import { DigitsConfigV1, DigitsConfigV1SchemaVersion } from "../../generated/index.js";
import { legolasTable } from "./helpers/legolas-table.js";
// The constrained copy of the digits schema: a float32 bound, a pattern and a row check.
import { BenchTrainingRunV1SchemaVersion as DigitsRowV1SchemaVersion } from "../../../bench/generated/index.js";
import { encodeColumn } from "../../../runtime/arrow/columns/encode.js";
import { recordBatchComplies, validateRecordBatch } from "../../../runtime/arrow/validate/batch.js";
import { findSchemaVersion, type SchemaVersion } from "../../../runtime/index.js";
import { loadYamlSchemas, rowPath } from "./helpers/row-path.js";

function tableOf(columns: { field: Field; data: Data }[]): Table {
  const fields = columns.map((c) => c.field);
  const length = columns[0]!.data.length;
  return new Table([
    new RecordBatch(
      new Schema(fields),
      makeData({ type: new Struct(fields), length, nullCount: 0, children: columns.map((c) => c.data) }),
    ),
  ]);
}

/** A Utf8 column holding these raw byte strings (which need not be UTF-8). */
function utf8Column(name: string, values: readonly number[][]): { field: Field; data: Data } {
  const offsets = new Int32Array(values.length + 1);
  values.forEach((bytes, i) => (offsets[i + 1] = offsets[i]! + bytes.length));
  const field = new Field(name, new Utf8(), false);
  return {
    field,
    data: makeData({
      type: new Utf8(),
      length: values.length,
      nullCount: 0,
      valueOffsets: offsets,
      data: Uint8Array.from(values.flat()),
    }),
  };
}

describe("strings read from bytes", () => {
  let schemaVersion: SchemaVersion;
  beforeAll(async () => {
    await loadYamlSchemas([
      {
        schema: "unit.text",
        prefix: "UnitText",
        version: {
          fields: {
            short: { type: "string", max_length: 2 },
            long: { type: "string", min_length: 3 },
            word: { type: "string", values: ["a\uFFFD", "ok"] },
          },
        },
      },
    ]);
    schemaVersion = findSchemaVersion("unit.text@1")!;
  });

  test("lengths and values over text of every width agree with the decoded text", () => {
    const rows: number[][][] = [
      // short, long, word
      [
        [0x61, 0x62],
        [0xf0, 0x9f, 0x98, 0x80, 0x61, 0x62],
        [0x6f, 0x6b],
      ], // valid: "ab", "😀ab", "ok"
      [
        [0xc3, 0xa9, 0xe2, 0x82, 0xac],
        [0x61, 0x62],
        [0x61, 0xef, 0xbf, 0xbd],
      ], // "é€" is two code points; "ab" is too short; "a\uFFFD" is allowed
      [
        [0xe2, 0x82, 0xac, 0xe2, 0x82, 0xac, 0xe2, 0x82, 0xac],
        [0x61, 0x62, 0x63],
        [0x6f, 0x6b],
      ], // "€€€" is three code points, one too many
      [
        [0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa7],
        [0xe2, 0x82, 0xac, 0xe2, 0x82, 0xac, 0xe2, 0x82, 0xac],
        [0x6f, 0x6b],
      ], // "😀ç" is two; "€€€" three, in nine bytes
      [[0x61], [0xc3, 0xa9, 0xc3, 0xa9, 0x61], [0x6f, 0x6b]], // "ééa": three
      [
        [0xf0, 0x9f, 0x98, 0x80, 0xf0, 0x9f, 0x98, 0x80],
        [0x61, 0x62, 0x63],
        [0x6f, 0x6b],
      ], // "😀😀": two in eight bytes, the most two can take
      [
        [0xf0, 0x9f, 0x98, 0x80, 0xf0, 0x9f, 0x98, 0x80, 0x61],
        [0x61, 0x62, 0x63],
        [0x6f, 0x6b],
      ], // "😀😀a": three in nine
      [
        [0x61, 0x62, 0x63],
        [0x61, 0x62, 0x63],
        [0x6f, 0x6b],
      ], // "abc": one byte past the bound, three
    ];
    const table = tableOf(
      ["short", "long", "word"].map((name, k) =>
        utf8Column(
          name,
          rows.map((row) => row[k]!),
        ),
      ),
    );
    const expected = rowPath(table, schemaVersion);
    expect(expected.map((r) => r.rowIndex)).toEqual([1, 2, 6, 7]);
    expect(validateRecordBatch(table, schemaVersion)).toStrictEqual(expected);
  });

  test("text that is not UTF-8 is refused, not judged as the U+FFFD it would decode to", () => {
    // "a\xff" would decode to "a\uFFFD", an allowed value (guard/utf8-text.ts).
    const table = tableOf(
      ["short", "long", "word"].map((name, k) => utf8Column(name, [[[0x61], [0x61, 0x62, 0x63], [0x61, 0xff]][k]!])),
    );
    expect(() => validateRecordBatch(table, schemaVersion)).toThrow(
      expect.objectContaining({
        name: "CorruptTableError",
        message: expect.stringMatching(/column "word", row 0: its bytes are not UTF-8/),
      }),
    );
  });
});

test("each shape of numeric bounds flags what the row path refuses, NaN included, on every kind of column", async () => {
  await loadYamlSchemas([
    {
      schema: "unit.bounds",
      prefix: "UnitBounds",
      version: {
        fields: {
          low: { type: "float64", min: 0 },
          high: { type: "float32", max: 1 },
          both: { type: "int16", min: -1, max: 3 },
          big: { type: "int64", min: 0 },
          bigger: { type: "uint64", max: 10 },
          span: { type: "duration", min: -5, max: 5 },
        },
      },
    },
  ]);
  const schemaVersion = findSchemaVersion("unit.bounds@1")!;
  const column = <T extends DataType>(name: string, type: T, values: unknown[]) => ({
    field: new Field(name, type, false),
    data: makeData({ type, length: values.length, nullCount: 0, data: type.ArrayType.from(values as never) } as never),
  });
  // Row k < 6 breaks only column k's bound, rows 6 and 7 hold NaN under a lower and under an upper
  // bound (each alone, so that no other column flags the row), row 8 is valid.
  const table = tableOf([
    column("low", new Float64(), [-0.5, 0, 0, 0, 0, 0, Number.NaN, 0, 2]),
    column("high", new Float32(), [0, 1.5, 0, 0, 0, 0, 0, Number.NaN, 1]),
    column("both", new Int16(), [0, 0, 4, 0, 0, 0, 0, 0, -1]),
    column("big", new Int64(), [0n, 0n, 0n, -1n, 0n, 0n, 0n, 0n, 2n ** 62n]),
    column("bigger", new Uint64(), [0n, 0n, 0n, 0n, 11n, 0n, 0n, 0n, 10n]),
    column("span", new DurationNanosecond(), [0n, 0n, 0n, 0n, 0n, 6n, 0n, 0n, -5n]),
  ]);
  const expected = rowPath(table, schemaVersion);
  expect(expected.map((row) => row.rowIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(validateRecordBatch(table, schemaVersion)).toStrictEqual(expected);
  expect(recordBatchComplies(table.slice(8), schemaVersion)).toBe(true);
});

test("bounds and `values:` flag what the row path refuses past the scans' 4,096-value chunks, on every kind of number column", async () => {
  // The scans read a column of numbers other than float64 4,096 values at a time, copied as float64.
  const kinds = [
    ["tiny", "int8", Int8],
    ["small", "uint16", Uint16],
    ["middle", "int32", Int32],
    ["wide", "uint32", Uint32],
    ["single", "float32", Float32],
    ["double", "float64", Float64],
  ] as const;
  await loadYamlSchemas([
    {
      schema: "unit.chunked-bounds",
      prefix: "UnitChunkedBounds",
      version: {
        fields: Object.fromEntries(
          kinds.flatMap(([name, type]) => [
            [`${name}_min`, { type, min: 1 }],
            [`${name}_both`, { type, min: 1, max: 100 }],
            [`${name}_listed`, { type, values: [1, 2, 3] }],
          ]),
        ),
      },
    },
  ]);
  const schemaVersion = findSchemaVersion("unit.chunked-bounds@1")!;
  const length = 10_001;
  // Column c breaks its rule at rows no other column breaks (a row's violations are all its
  // columns'): one at the start, two about the chunks' edges (4096, 8192), one at the end.
  const columns = kinds.flatMap(([name, , ArrowType], k) =>
    (["min", "both", "listed"] as const).map((rule, r) => {
      const c = k * 3 + r;
      const type = new ArrowType();
      const values = new type.ArrayType(length).fill(2);
      const broken = rule === "min" ? 0 : rule === "both" ? 101 : 7;
      for (const row of [c, 4087 + c, 8183 + c, length - 1 - c]) values[row] = broken;
      return {
        field: new Field(`${name}_${rule}`, type, false),
        data: makeData({ type, length, nullCount: 0, data: values } as never),
      };
    }),
  );
  const table = tableOf(columns);
  const expected = rowPath(table, schemaVersion);
  expect(expected.length).toBe(4 * columns.length);
  expect(validateRecordBatch(table, schemaVersion)).toStrictEqual(expected);
  // A slice starting inside a chunk: its values start at its offset.
  const slice = table.slice(4000, 9000);
  expect(validateRecordBatch(slice, schemaVersion)).toStrictEqual(rowPath(slice, schemaVersion));
});

test("a date column holding a time of day fails as the row path fails: a CorruptTableError", async () => {
  await loadYamlSchemas([{ schema: "unit.day", prefix: "UnitDay", version: { fields: { day: "date" } } }]);
  const schemaVersion = findSchemaVersion("unit.day@1")!;
  const type = new DateMillisecond();
  const data = makeData({
    type,
    length: 2,
    nullCount: 0,
    data: BigInt64Array.from([86_400_000n, 86_400_001n]) as never,
  });
  const table = tableOf([{ field: new Field("day", type, false), data }]);
  expect(() => rowPath(table, schemaVersion)).toThrow(
    expect.objectContaining({ code: "corrupt_table", message: expect.stringMatching(/not a whole day/) }),
  );
  expect(() => validateRecordBatch(table, schemaVersion)).toThrow(/not a whole day/);
});

describe("bench.training-run@1: a float32 bound, a pattern and a row check", () => {
  const digits = (accuracy: (number | null)[], epoch: (bigint | null)[], commits: (string | null)[]) => {
    const column = (
      name: string,
      type: Parameters<typeof encodeColumn>[0],
      arrow: Field["type"],
      values: unknown[],
    ) => {
      const field = new Field(name, arrow, true);
      return { field, data: encodeColumn(type, field, values) };
    };
    return tableOf([
      column("accuracy", { kind: "float", bits: 32 }, new Float32(), accuracy),
      column("epoch", { kind: "int", bits: 64, signed: true }, new Int64(), epoch),
      column("commit_sha", { kind: "string" }, new Utf8(), commits),
    ]);
  };
  const invalid = digits([0.5, 1.5, NaN, 0.25], [1n, 2n, -3n, -1n], ["abcdef0", null, "XYZ", "0123456"]);

  test("reports every invalid row with the row path's violations, in order", () => {
    const found = validateRecordBatch(invalid, DigitsRowV1SchemaVersion);
    expect(found).toStrictEqual(rowPath(invalid, DigitsRowV1SchemaVersion));
    expect(found).toEqual([
      { rowIndex: 1, violations: [{ code: "constraint_violated", path: "accuracy", expected: "<= 1", found: "1.5" }] },
      {
        rowIndex: 2,
        violations: [
          { code: "constraint_violated", path: "accuracy", expected: ">= 0", found: "NaN" },
          { code: "constraint_violated", path: "accuracy", expected: "<= 1", found: "NaN" },
          {
            code: "constraint_violated",
            path: "commit_sha",
            expected: "a match of /^[0-9a-f]{7,40}$/",
            found: '"XYZ" (a string)',
          },
        ],
      },
      { rowIndex: 3, violations: [{ code: "check_failed", path: "", expected: "epoch must not be negative" }] },
    ]);
    expect(validateRecordBatch(invalid, DigitsRowV1SchemaVersion, { firstRowIndex: 100, maxInvalidRows: 1 })).toEqual([
      { ...found[0], rowIndex: 101 },
    ]);
  });

  test("the boolean mode agrees, and descriptors without a compiled checkRow give the same answers", () => {
    const valid = digits([0.5, null], [1n, null], [null, "abcdef0"]);
    expect(recordBatchComplies(valid, DigitsRowV1SchemaVersion)).toBe(true);
    expect(recordBatchComplies(invalid, DigitsRowV1SchemaVersion)).toBe(false);
    const onlyTheCheck = digits([0.5], [-1n], [null]);
    expect(recordBatchComplies(onlyTheCheck, DigitsRowV1SchemaVersion)).toBe(false);
    const older: SchemaVersion = { ...DigitsRowV1SchemaVersion, checkRow: undefined };
    expect(validateRecordBatch(invalid, older)).toStrictEqual(validateRecordBatch(invalid, DigitsRowV1SchemaVersion));
    expect(recordBatchComplies(onlyTheCheck, older)).toBe(false);
  });

  test("columns that do not comply are a TableSchemaError, as readTable reports them", () => {
    const wrong = tableOf([
      {
        field: new Field("epoch", new Utf8(), true),
        data: encodeColumn({ kind: "string" }, new Field("epoch", new Utf8(), true), ["1"]),
      },
    ]);
    expect(() => validateRecordBatch(wrong, DigitsRowV1SchemaVersion)).toThrow(
      expect.objectContaining({ name: "TableSchemaError", code: expect.any(String) }),
    );
  });
});

test("row checks read a field named like the cursor's own state", async () => {
  await loadYamlSchemas([
    {
      schema: "unit.cursor",
      prefix: "UnitCursor",
      version: {
        fields: { index: "int32", readers: "int32?" },
        checks: [{ check: "row.index !== 5 && row.readers !== 7", message: "no 5, no 7" }],
      },
    },
  ]);
  const schemaVersion = findSchemaVersion("unit.cursor@1")!;
  const int32 = (name: string, values: (number | null)[]) => {
    const field = new Field(name, new Int32(), true);
    return { field, data: encodeColumn({ kind: "int", bits: 32, signed: true }, field, values) };
  };
  const table = tableOf([int32("index", [0, 5, 2, 3]), int32("readers", [null, 1, 7, 0])]);
  const expected = rowPath(table, schemaVersion);
  expect(expected.map((r) => r.rowIndex)).toEqual([1, 2]);
  expect(validateRecordBatch(table, schemaVersion)).toStrictEqual(expected);
});

test("a null in a required field with a default is that default for every reader, as for the constructor", async () => {
  const table = legolasTable(
    DigitsConfigV1SchemaVersion.identifier,
    [new Field("seed", new Int64(), true), new Field("dropout_rate", new Float32(), true)],
    [vectorFromArray([null, 7n], new Int64()).data[0]!, vectorFromArray([0.5, null], new Float32()).data[0]!],
  );
  const constructed = [new DigitsConfigV1({ seed: null, dropout_rate: 0.5 }), new DigitsConfigV1({ seed: 7n })];
  expect(constructed.map((row) => ({ ...row }))).toEqual([
    { seed: 5n, dropout_rate: 0.5 },
    { seed: 7n, dropout_rate: 0 },
  ]);
  expect(validateTable(table, DigitsConfigV1SchemaVersion)).toEqual([]);
  const bytes = tableToIPC(table, "file");
  for (const validate of ["rows", "columns"] as const)
    for (const rows of ["lazy", "eager"] as const) {
      const read = readTableBytes(bytes, { schemaVersion: DigitsConfigV1SchemaVersion, validate, rows }).rows;
      expect(read, `${validate}, ${rows}`).toStrictEqual(constructed);
    }
  const path = join(tmpdir(), `legolas-default-nulls-${process.pid}.arrow`);
  await writeFile(path, bytes);
  try {
    for await (const batch of readTableBatches(path, {
      schemaVersion: DigitsConfigV1SchemaVersion,
      invalidRows: "collect",
    })) {
      expect(batch.invalidRows).toEqual([]);
      expect(batch.rows).toStrictEqual(constructed);
    }
  } finally {
    await rm(path, { force: true });
  }
});

describe("a symbol column holding NUL, which no Julia Symbol holds", () => {
  let schemaVersion: SchemaVersion;
  beforeAll(async () => {
    await loadYamlSchemas([
      {
        schema: "unit.symbol-nul",
        prefix: "UnitSymbolNul",
        version: { fields: { plain: { type: "symbol" }, matched: { type: "symbol", pattern: "^[a-z\\x00]*$" } } },
      },
    ]);
    schemaVersion = findSchemaVersion("unit.symbol-nul@1")!;
  });

  test("the scan flags each row the row class refuses, with or without a pattern", () => {
    // plain, matched: row 0 valid, row 1 NUL in plain, row 2 NUL in matched (its pattern allows it), row 3 valid.
    const rows = [
      [[0x61], [0x62]],
      [[0x61, 0x00], [0x62]],
      [[0x61], [0x00, 0x62]],
      [[0xc3, 0xa9], [0x63]],
    ];
    const table = tableOf(
      ["plain", "matched"].map((name, k) =>
        utf8Column(
          name,
          rows.map((row) => row[k]!),
        ),
      ),
    );
    const expected = rowPath(table, schemaVersion);
    expect(expected.map((r) => r.rowIndex)).toEqual([1, 2]);
    expect(expected.map((r) => r.violations.map((v) => v.expected))).toEqual([
      ["text without NUL (Julia's Symbol cannot hold \\0)"],
      ["text without NUL (Julia's Symbol cannot hold \\0)"],
    ]);
    expect(validateRecordBatch(table, schemaVersion)).toStrictEqual(expected);
    expect(recordBatchComplies(table, schemaVersion)).toBe(false);
  });
});

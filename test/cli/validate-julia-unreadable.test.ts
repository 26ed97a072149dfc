/**
 * `legolas validate` on files the readers take but Julia cannot read, which every writer refuses
 * for Julia's sake: each is `invalid` (exit 1), naming the row or column, the place and the
 * upstream function that fails, never `ok`. The files are written with apache-arrow alone, as
 * our writers refuse them.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DateDay,
  DateMillisecond,
  Field,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Timestamp,
  TimeUnit,
  vectorFromArray,
} from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "./helpers.js";
import type { FileReport } from "../../generator/cli/table-validation.js";
import { loadSchemaFolders } from "../../generator/cli/schema-loader.js";
import { FlatArray, ModelV1SchemaVersion, readTable, Weights } from "../../runtime/index.js";
import { encodeRows } from "../../runtime/arrow/rows/row-encoder.js";

const DAY_YAML = `schema: cli.day
prefix: Day
versions:
  1:
    fields:
      day: date
      s:
        type: struct
        fields:
          a: int64
          b: int64
`;

let dir: string;
let schemas: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "legolas-validate-julia-"));
  schemas = join(dir, "schemas");
  mkdirSync(schemas);
  writeFileSync(join(schemas, "cli.day.yaml"), DAY_YAML);
  await loadSchemaFolders([schemas]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function json(...argv: string[]): Promise<{ code: number; files: FileReport[] }> {
  const result = await runCli("validate", "--json", "--schemas", schemas, ...argv);
  return { code: result.code, files: (JSON.parse(result.out) as { files: FileReport[] }).files };
}

function write(name: string, table: Table): string {
  const path = join(dir, name);
  writeFileSync(path, tableToIPC(table, "file"));
  return path;
}

const values = (...numbers: number[]) => Float32Array.from(numbers);
const full = new Weights([new FlatArray(values(1, 2, 3), [3]), new FlatArray(values(), [0])]);
const noArrays = new Weights([]);
const emptyFirst = new Weights([new FlatArray(values(), [0, 2]), new FlatArray(values(1), [1])]);

describe("Weights LegolasFlux.jl cannot read", () => {
  test("each row holding one is named with its place and LegolasFlux's Weights(v); the file is invalid, exit 1; readTable reads it", async () => {
    // Two batches: the rows are named by their index in the whole table.
    const table = new Table([
      encodeRows(ModelV1SchemaVersion, [{ weights: full }, { weights: noArrays }]),
      encodeRows(ModelV1SchemaVersion, [{ weights: null }, { weights: emptyFirst }]),
    ]);
    const path = write("empty-weights.arrow", table);
    const { code, files } = await json(path);
    expect(code).toBe(1);
    const why =
      "which LegolasFlux.jl cannot read: its Weights(v) takes the element type from the first value of the first array (typeof(first(first(v).vec))), so reading the row in Julia throws a BoundsError";
    expect(files).toEqual([
      {
        file: path,
        status: "invalid",
        schemaVersion: "legolas-flux.model@1",
        identifier: "legolas-flux.model@1",
        rows: 4,
        invalidRows: 2,
        violationCount: 2,
        violations: [
          {
            row: 1,
            code: "incorrect_type",
            path: "weights",
            expected: "a Weights value whose first array holds a value",
            found: `a Weights value with no arrays, ${why}; for a model without weights, write a missing value (null) instead`,
          },
          {
            row: 3,
            code: "incorrect_type",
            path: "weights",
            expected: "a Weights value whose first array holds a value",
            found: expect.stringMatching(
              /^a Weights value whose first array \(size \[0, 2\]\) holds no values, which LegolasFlux\.jl cannot read: .*, whatever the later arrays hold; a variable of no values/,
            ),
          },
        ],
      },
    ]);
    // Reading is not refused: a file a user has is worth reading.
    const { rows } = await readTable(path, { schemaVersion: ModelV1SchemaVersion });
    expect(rows.map((row) => row.weights?.arrays.length ?? null)).toEqual([2, 0, null, 2]);
  });

  test("a model file Julia reads is ok, exit 0", async () => {
    const table = new Table([encodeRows(ModelV1SchemaVersion, [{ weights: full }, { weights: null }])]);
    const { code, files } = await json(write("readable-weights.arrow", table));
    expect(code).toBe(0);
    expect(files.map((f) => f.status)).toEqual(["ok"]);
  });
});

/** A cli.day@1 table of one row, `day` stored as `dayType`, `s`'s children in `order`, and `extra` (a field and its data) after them. */
function dayTable(
  dayType: DateDay | DateMillisecond = new DateDay(),
  order: readonly ("a" | "b")[] = ["a", "b"],
  extra: [Field, ReturnType<typeof makeData>][] = [],
): Table {
  const sType = new Struct(order.map((name) => new Field(name, new Int64(), false)));
  const s = makeData({ type: sType, length: 1, children: order.map((name) => int64(name === "a" ? 1n : 2n)) });
  const day = vectorFromArray([new Date(Date.UTC(2024, 1, 29))], dayType).data[0]!;
  const fields = [new Field("day", dayType, false), new Field("s", sType, false), ...extra.map(([field]) => field)];
  const schema = new Schema(fields, new Map([["legolas_schema_qualified", "cli.day@1"]]));
  const children = [day, s, ...extra.map(([, data]) => data)];
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: 1, children }))]);
}

const int64 = (value: bigint) => vectorFromArray([value], new Int64()).data[0]!;

describe("columns Julia cannot open, or reads as another type than declared", () => {
  const pacific = new Timestamp(TimeUnit.MILLISECOND, "US/Pacific");
  const twice = new Struct([new Field("a", new Int64(), false), new Field("a", new Int64(), false)]);
  const cases: [string, Table, { path: string; expected: string; found: RegExp }][] = [
    [
      "a column name holding NUL (Arrow.jl makes a Symbol of it)",
      dayTable(undefined, undefined, [[new Field("e\u0000", new Int64(), false), int64(3n)]]),
      {
        path: "e\u0000",
        expected: "a name without NUL",
        found: /^the name "e\\u0000", holding NUL, which no Julia Symbol holds/,
      },
    ],
    [
      "a struct with two children of one name (a NamedTuple's)",
      dayTable(undefined, undefined, [
        [new Field("t", twice, false), makeData({ type: twice, length: 1, children: [int64(1n), int64(2n)] })],
      ]),
      {
        path: "t.a",
        expected: "one struct field of this name",
        found: /^2 fields named "a", which Arrow\.jl reads as one NamedTuple's/,
      },
    ],
    [
      "a Timestamp in a zone Julia's TimeZones.jl refuses as legacy (any column: reading a value of it throws)",
      dayTable(undefined, undefined, [
        [new Field("at", pacific, false), makeData({ type: pacific, length: 1, data: BigInt64Array.of(5n) })],
      ]),
      {
        path: "at",
        expected: "a time zone Julia reads",
        found:
          /^"US\/Pacific" is a legacy name \(tzdata's backward or etcetera file\), which Julia's TimeZones\.jl refuses; write America\/Los_Angeles, the same zone$/,
      },
    ],
    [
      "a date stored as Date(MILLISECOND), which Arrow.jl reads as a DateTime",
      dayTable(new DateMillisecond()),
      { path: "day", expected: "date (Arrow Date<DAY>)", found: /which Julia reads as a DateTime, no Date/ },
    ],
    [
      "a struct's children in another order, another NamedTuple type",
      dayTable(undefined, ["b", "a"]),
      {
        path: "s",
        expected: 'the children "a", "b", in this order',
        found: /which Julia reads as another type than the declared one/,
      },
    ],
  ];

  test.each(cases)("%s: invalid, exit 1, the place named; readTable reads it", async (_what, table, violation) => {
    const path = write("columns.arrow", table);
    const { code, files } = await json(path);
    expect(code).toBe(1);
    expect(files).toEqual([
      {
        file: path,
        status: "invalid",
        schemaVersion: "cli.day@1",
        identifier: "cli.day@1",
        rows: 1,
        invalidRows: 0,
        violationCount: 1,
        violations: [
          { row: null, code: "incorrect_type", ...violation, found: expect.stringMatching(violation.found) },
        ],
      },
    ]);
    expect((await readTable(path)).rows).toHaveLength(1);
  });

  test("the text names the columns before the rows", async () => {
    const path = write(
      "nul.arrow",
      dayTable(undefined, undefined, [[new Field("e\u0000", new Int64(), false), int64(3n)]]),
    );
    const { code, out } = await runCli("validate", "--schemas", schemas, path);
    expect(code).toBe(1);
    expect(out.split("\n").slice(0, 3)).toEqual([
      `invalid  ${path}: 1 column violation against cli.day@1, and 0 of 1 row violate it (1 violation):`,
      "  columns:",
      '    - e\\x00: expected a name without NUL, found the name "e\\u0000", holding NUL, which no Julia Symbol holds: Arrow.jl names each column and struct field with a Symbol, so Julia could not open the file; rename it',
    ]);
  });

  test("the text of a date Julia reads as a DateTime, as docs/cli.md shows it", async () => {
    const path = write("t.arrow", dayTable(new DateMillisecond()));
    const { out } = await runCli("validate", "--schemas", schemas, path);
    expect(out.split("\n").slice(0, 3)).toEqual([
      `invalid  ${path}: 1 column violation against cli.day@1, and 0 of 1 row violate it (1 violation):`,
      "  columns:",
      "    - day: expected date (Arrow Date<DAY>), found Arrow Date64<MILLISECOND>, which Julia reads as a DateTime, no Date; write the table's rows (readTable's result.rows), which store days",
    ]);
  });

  test("--columns looks at the columns it names only, as it validates them", async () => {
    const path = write("other-column.arrow", dayTable(new DateMillisecond(), ["b", "a"]));
    expect((await json(path, "--columns", "day")).files[0]).toMatchObject({
      status: "invalid",
      violations: [{ path: "day" }],
    });
    expect((await json(path, "--columns", "s")).files[0]).toMatchObject({
      status: "invalid",
      violations: [{ path: "s" }],
    });
    const readable = write("readable.arrow", dayTable());
    expect(await json(readable)).toMatchObject({ code: 0, files: [{ status: "ok", rows: 1 }] });
  });
});

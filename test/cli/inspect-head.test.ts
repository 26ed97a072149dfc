/**
 * `legolas inspect --head N`: the first rows, each value as one cell, escaped like the rest of
 * the CLI's terminal text; and the codec line, read from the batches' metadata.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DateDay,
  Dictionary,
  DurationMillisecond,
  DurationSecond,
  Field,
  FixedSizeBinary,
  Float32,
  Int32,
  Int64,
  LargeList,
  List,
  makeData,
  makeVector,
  Struct,
  Table,
  tableToIPC,
  TimeMillisecond,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Uint32,
  Uint64,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { beforeAll, expect, test } from "vitest";
import { writeTable } from "../../runtime/arrow/table-files.js";
import { FlatArray, ModelV1SchemaVersion, Weights } from "../../runtime/index.js";
import { JuliaContainersV1, JuliaContainersV1SchemaVersion } from "../generated/test.julia-containers.js";
import { JuliaScalarsV1, JuliaScalarsV1SchemaVersion } from "../generated/test.julia-scalars.js";
import { JuliaStoragesV1, JuliaStoragesV1SchemaVersion } from "../generated/test.julia-storages.js";
import { runCli } from "./helpers.js";

let dir: string;
let path: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "legolas-head-"));
  // 176ecfcf-d4c7-49ba-adec-f338d0a0c01f, in Arrow.jl's byte order (the RFC 4122 bytes reversed).
  const uuidBytes = Uint8Array.from(Buffer.from("176ecfcfd4c749baadecf338d0a0c01f", "hex").reverse());
  const uuids = new Uint8Array([...uuidBytes, ...uuidBytes]);
  const table = new Table({
    id: makeVector(makeData({ type: new FixedSizeBinary(16), length: 2, nullCount: 0, data: uuids })),
    epoch: vectorFromArray([3n, null], new Int64()),
    note: vectorFromArray(["ok", "\u001b]0;pwned\u0007 \u202eevil\nline"], new Utf8()),
    accuracy: vectorFromArray([0.06, 1.5], new Float32()),
    at: makeVector(
      makeData({
        type: new TimestampMillisecond(),
        length: 2,
        nullCount: 0,
        data: new BigInt64Array([1700000000123n, 0n]),
      }),
    ),
    losses: vectorFromArray([Array.from({ length: 25 }, (_, k) => k), []], new List(new Field("", new Float32()))),
    config: vectorFromArray([{ seed: 5n }, { seed: 6n }], new Struct([new Field("seed", new Int64())])),
  });
  table.schema.fields[0]!.metadata.set("ARROW:extension:name", "JuliaLang.UUID");
  path = join(dir, "rows.arrow");
  writeFileSync(path, tableToIPC(table, "file"));
});

test("--head shows the first rows, one cell per value, escaped; long lists cut, int64 and float32 as written", async () => {
  const result = await runCli("inspect", path, "--head", "5", "--schemas", "test/schemas");
  expect(result.code).toBe(0);
  const head = result.out.slice(result.out.indexOf("head "));
  expect(head.split("\n")).toEqual([
    "head     2 of 2 rows",
    "  #  id                                      epoch  note                                 accuracy  at                          losses                                            config",
    '  0  "176ecfcf-d4c7-49ba-adec-f338d0a0c01f"  3      "ok"                                 0.06      "2023-11-14T22:13:20.123Z"  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, …  {seed: 5}',
    '  1  "176ecfcf-d4c7-49ba-adec-f338d0a0c01f"  null   "\\x1b]0;pwned\\x07 \\u202eevil\\nline"  1.5       "1970-01-01T00:00:00.000Z"  []                                                {seed: 6}',
  ]);
});

test("--head escapes a string's quotes and backslashes: one string never reads as two, nor a backslash as an escape", async () => {
  const file = join(dir, "quotes.arrow");
  const texts = [["a", "b"], ['a", "b'], ["\\n"], ["\n"]];
  writeFileSync(
    file,
    tableToIPC(new Table({ texts: vectorFromArray(texts, new List(new Field("", new Utf8()))) }), "file"),
  );
  const { out } = await runCli("inspect", file, "--head", "4", "--schemas", "test/schemas");
  expect(out.slice(out.indexOf("head ")).split("\n")).toEqual([
    "head     4 of 4 rows",
    "  #  texts",
    '  0  ["a", "b"]',
    '  1  ["a\\", \\"b"]',
    '  2  ["\\\\n"]',
    '  3  ["\\n"]',
  ]);
});

test("--head --json gives the rows as data: int64 as decimal strings, a list's tail counted, strings exact", async () => {
  const result = await runCli("inspect", path, "--head", "1", "--json", "--schemas", "test/schemas");
  const { head } = JSON.parse(result.out);
  expect(head).toEqual([
    {
      id: "176ecfcf-d4c7-49ba-adec-f338d0a0c01f",
      epoch: "3",
      note: "ok",
      accuracy: 0.06,
      at: "2023-11-14T22:13:20.123Z",
      losses: [...Array.from({ length: 20 }, (_, k) => k), "… 5 more"],
      config: { seed: "5" },
    },
  ]);
  expect(JSON.parse((await runCli("inspect", path, "--json", "--schemas", "test/schemas")).out).head).toBeUndefined();
});

test("the codec line: none, lz4 or zstd, from the file's batches", async () => {
  const codecOf = async (file: string) => {
    const { out } = await runCli("inspect", file, "--schemas", "test/schemas");
    return out.split("\n").find((line) => line.startsWith("codec "));
  };
  expect(await codecOf(path)).toBe("codec    none (uncompressed)");
  for (const compression of ["lz4", "zstd"] as const) {
    const file = join(dir, `${compression}.arrow`);
    await writeTable(file, [{ architecture_version: 1n }], ModelV1SchemaVersion, { compression });
    expect(await codecOf(file)).toBe(`codec    ${compression}`);
    const facts = JSON.parse((await runCli("inspect", file, "--json", "--schemas", "test/schemas")).out);
    expect(facts.compression).toEqual([compression]);
  }
});

test("--head takes a positive number of rows", async () => {
  for (const bad of ["0", "-1", "two", "1.5", "1e3", "0x10", "2.0"])
    expect(await runCli("inspect", path, "--head", bad, "--schemas", "test/schemas")).toEqual({
      code: 2,
      out: "",
      err: `legolas inspect: --head ${bad}: expected a positive number of rows`,
    });
});

test("--head reads a struct's children and a table's columns by position, whatever their names (constructor, toJSON, __proto__)", async () => {
  const cells = Object.fromEntries([
    ["constructor", "c"],
    ["toJSON", "j"],
    ["__proto__", "p"],
  ]);
  const type = new Struct(Object.keys(cells).map((name) => new Field(name, new Utf8())));
  const structs = join(dir, "structs.arrow");
  writeFileSync(structs, tableToIPC(new Table({ st: vectorFromArray([cells], type) }), "file"));
  const { head } = JSON.parse((await runCli("inspect", structs, "--head", "1", "--json")).out);
  expect(head[0].st).toEqual(cells);
  // The same names as columns: a column named __proto__ was dropped from the row shown.
  const columns = join(dir, "columns.arrow");
  const table = new Table(
    Object.fromEntries(Object.keys(cells).map((name) => [name, vectorFromArray([cells[name]], new Utf8())])),
  );
  writeFileSync(columns, tableToIPC(table, "file"));
  expect(JSON.parse((await runCli("inspect", columns, "--head", "1", "--json")).out).head).toEqual([cells]);
});

test("--head shows Julia's scalar types as Julia prints them: 128-bit integers in decimal, a Char as its character, a VersionNumber, a Time, a Period with its unit", async () => {
  const scalars = join(dir, "julia-scalars.arrow");
  await writeTable(
    scalars,
    [
      new JuliaScalarsV1({
        ...{ half: 0.1, name: "sym", count: 5, amount: 1.5, elapsed: 1_500_000_000n },
        wide: -(2n ** 127n),
        unsigned_wide: 2n ** 128n - 1n,
        letter: "λ",
        letters: ["a", "😀"],
        release: "1.2.3",
      }),
    ],
    JuliaScalarsV1SchemaVersion,
  );
  const storages = join(dir, "julia-storages.arrow");
  await writeTable(
    storages,
    [
      new JuliaStoragesV1({
        at: "2024-05-06T07:08:09.123",
        clock: 3_723_000_000_001n,
        office_hours: 36_000_000_000_000n,
      }),
    ],
    JuliaStoragesV1SchemaVersion,
  );
  const headOf = async (file: string) =>
    JSON.parse((await runCli("inspect", file, "--head", "1", "--json", "--schemas", "test/schemas")).out).head[0];
  expect(await headOf(scalars)).toMatchObject({
    half: 0.1,
    wide: "-170141183460469231731687303715884105728",
    unsigned_wide: "340282366920938463463374607431768211455",
    name: "sym",
    letter: "λ",
    letters: ["a", "😀"],
    release: "1.2.3",
    elapsed: "1500000000 nanoseconds",
  });
  expect(await headOf(storages)).toMatchObject({ clock: "01:02:03.000000001", office_hours: "10:00:00" });

  const table = (await runCli("inspect", scalars, "--head", "1", "--schemas", "test/schemas")).out.split("\n");
  const cells = table[table.findIndex((line) => line.startsWith("head ")) + 2]!;
  expect(cells).toContain(" -170141183460469231731687303715884105728  340282366920938463463374607431768211455 ");
  expect(cells).toContain(' "λ" ');
  expect(cells).toContain(' ["a", "😀"]');
});

test("--head shows other units and a VersionNumber's labels as Julia does, and a value no type reading holds as it is stored", async () => {
  const version = new Struct([
    new Field("major", new Uint32()),
    new Field("minor", new Uint32()),
    new Field("patch", new Uint32()),
    new Field("prerelease", new Struct([new Field("1", new Utf8()), new Field("2", new Uint64())])),
    new Field("build", new Struct([new Field("1", new Utf8())])),
  ]);
  const table = new Table({
    release: vectorFromArray(
      [{ major: 1, minor: 2, patch: 3, prerelease: { 1: "rc", 2: 1n }, build: { 1: "b5" } }],
      version,
    ),
    clock: vectorFromArray([3_723_500], new TimeMillisecond()),
    elapsed: vectorFromArray([1n], new DurationSecond()),
    waited: vectorFromArray([-1500n], new DurationMillisecond()),
    letter: vectorFromArray([0x110000], new Uint32()),
  });
  table.schema.fields[0]!.metadata.set("ARROW:extension:name", "JuliaLang.VersionNumber");
  table.schema.fields[4]!.metadata.set("ARROW:extension:name", "JuliaLang.Char");
  const file = join(dir, "units.arrow");
  writeFileSync(file, tableToIPC(table, "file"));
  const { head } = JSON.parse((await runCli("inspect", file, "--head", "1", "--json")).out);
  expect(head[0]).toEqual({
    release: "1.2.3-rc.1+b5",
    clock: "01:02:03.5",
    elapsed: "1 second",
    waited: "-1500 milliseconds",
    letter: 0x110000,
  });
});

test("--head shows an instant beyond a JavaScript Date as its count from 1970, and the other rows' values", async () => {
  // A timestamp<ms> holds any int64 (old legolas-ts versions wrote such values as readily as today's).
  const at = new BigInt64Array([-5506265006488504885n, 8_640_000_000_000_000n, 8_640_000_000_000_001n]);
  const table = new Table({
    at: makeVector(makeData({ type: new TimestampMillisecond(), length: 3, nullCount: 0, data: at })),
    at_s: makeVector(
      makeData({
        type: new TimestampSecond(),
        length: 3,
        nullCount: 0,
        data: new BigInt64Array([9_000_000_000_000n, 0n, 1n]),
      }),
    ),
    day: makeVector(
      makeData({ type: new DateDay(), length: 3, nullCount: 0, data: new Int32Array([-100_000_001, 0, 1]) }),
    ),
  });
  const file = join(dir, "far-instants.arrow");
  writeFileSync(file, tableToIPC(table, "file"));
  const result = await runCli("inspect", file, "--head", "3", "--json");
  expect(result.code).toBe(0);
  expect(JSON.parse(result.out).head).toEqual([
    {
      at: "-5506265006488504885 milliseconds from 1970-01-01 (beyond a JavaScript Date)",
      at_s: "9000000000000 seconds from 1970-01-01 (beyond a JavaScript Date)",
      day: "-100000001 days from 1970-01-01 (beyond a JavaScript Date)",
    },
    { at: "+275760-09-13T00:00:00.000Z", at_s: "1970-01-01T00:00:00.000Z", day: "1970-01-01" },
    {
      at: "8640000000000001 milliseconds from 1970-01-01 (beyond a JavaScript Date)",
      at_s: "1970-01-01T00:00:01.000Z",
      day: "1970-01-02",
    },
  ]);
});

test("--head shows a timestamp of microseconds or nanoseconds with every digit, before 1970 too, as its row holds it", async () => {
  // A timestamp's row value is the exact count (a bigint): -1 ns is 1969-12-31T23:59:59.999999999Z,
  // never the 1970-01-01T00:00:00.000Z that truncating toward zero to milliseconds shows.
  const ns = new BigInt64Array([-1n, 1715000000123456789n, -86_399_999_999_999n]);
  const us = new BigInt64Array([-1n, 1715000000123456n, 0n]);
  const table = new Table({
    at_ns: makeVector(makeData({ type: new TimestampNanosecond(), length: 3, nullCount: 0, data: ns })),
    at_us: makeVector(makeData({ type: new TimestampMicrosecond("UTC"), length: 3, nullCount: 0, data: us })),
  });
  const file = join(dir, "fine-instants.arrow");
  writeFileSync(file, tableToIPC(table, "file"));
  const result = await runCli("inspect", file, "--head", "3", "--json");
  expect(result.code).toBe(0);
  expect(JSON.parse(result.out).head).toEqual([
    { at_ns: "1969-12-31T23:59:59.999999999Z", at_us: "1969-12-31T23:59:59.999999Z" },
    { at_ns: "2024-05-06T12:53:20.123456789Z", at_us: "2024-05-06T12:53:20.123456Z" },
    { at_ns: "1969-12-31T00:00:00.000000001Z", at_us: "1970-01-01T00:00:00.000000Z" },
  ]);
});

test("--head reads a column's layout, not apache-arrow's text of it: Polars's LargeList, a map's pairs, a union's member, a dictionary's value, a Julia Tuple", async () => {
  const polarsLike = new Table({
    losses: vectorFromArray([[0.1, 0.2]], new LargeList(new Field("item", new Float32()))),
    at: vectorFromArray([1700000000123], new Dictionary(new TimestampMillisecond(), new Int32())),
  });
  const polarsFile = join(dir, "polars-like.arrow");
  writeFileSync(polarsFile, tableToIPC(polarsLike, "file"));
  const julia = join(dir, "containers.arrow");
  const row = { samples: [1.5], position: [1, 2, 3], tags: new Set(["a"]), span: [1n, "s"] as [bigint, string] };
  await writeTable(
    julia,
    [
      new JuliaContainersV1({ ...row, counts: new Map([["total", 2n]]), either: "x", maybe: ["p", "q"] }),
      new JuliaContainersV1({ ...row, counts: new Map(), either: 5n, maybe: new Date(1700000000123) }),
    ],
    JuliaContainersV1SchemaVersion,
  );
  const headOf = async (file: string) =>
    JSON.parse((await runCli("inspect", file, "--head", "2", "--json", "--schemas", "test/schemas")).out).head;
  expect(await headOf(polarsFile)).toEqual([{ losses: [0.1, 0.2], at: "2023-11-14T22:13:20.123Z" }]);
  // A Julia Tuple (a struct of children "1", "2") is the array a row's JSON holds, not an object of its positions.
  expect(await headOf(julia)).toMatchObject([
    { counts: [["total", "2"]], either: "x", maybe: ["p", "q"], span: ["1", "s"] },
    { counts: [], either: "5", maybe: "2023-11-14T22:13:20.123Z" },
  ]);

  const text = (await runCli("inspect", julia, "--head", "1", "--schemas", "test/schemas")).out.split("\n");
  const cells = text[text.findIndex((line) => line.startsWith("head ")) + 2]!;
  expect(cells).toContain(' [["total", 2]] ');
  expect(cells).toContain(' ["p", "q"]');
  expect(cells).toContain(' [1, "s"] ');
});

test("--head shows a Weights value as its shape, unquoted: no text the table holds", async () => {
  const file = join(dir, "weights.arrow");
  const weights = new Weights([
    FlatArray.fromShape(new Float32Array(6), [2, 3]),
    new FlatArray(new Float32Array(3), [3]),
  ]);
  await writeTable(file, [{ weights }], ModelV1SchemaVersion);
  const { out } = await runCli("inspect", file, "--head", "1", "--schemas", "test/schemas");
  const head = out.slice(out.indexOf("head ")).split("\n");
  expect(head[2]).toMatch(/^ {2}0 {2}Weights: 2 arrays, 9 elements {2}/);
  const facts = JSON.parse((await runCli("inspect", file, "--head", "1", "--json", "--schemas", "test/schemas")).out);
  expect(facts.head[0].weights).toBe("Weights: 2 arrays, 9 elements");
});

/**
 * A string value that begins with U+FEFF reads back whole, whatever Arrow storage holds it and
 * whichever way it is read. Julia keeps the character, and so must we: apache-arrow's `get()`
 * decodes with a default TextDecoder, which drops it as a byte order mark, so every read decodes
 * text with columns/utf8.ts's `decodeUtf8` instead. Covered: a declared `string` stored as Utf8,
 * LargeUtf8, Utf8View (as Polars writes it) or a dictionary; an `any` column of each of those, and
 * of Lists, LargeLists, FixedSizeLists, Structs, Maps and Unions holding them; read eagerly,
 * lazily, trusted (`validate: "columns"`), by `readTableBatches`, and as `result.columns`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DataType,
  Dictionary,
  Field,
  FixedSizeList,
  Float16,
  Int32,
  LargeList,
  LargeUtf8,
  List,
  makeData,
  Struct,
  tableFromIPC,
  tableToIPC,
  Utf8,
  Utf8View,
  UnionMode,
  Union,
  vectorFromArray,
} from "apache-arrow";
import pl from "nodejs-polars";
import { afterAll, describe, expect, test } from "vitest";
import { readTableBatches, readTableBytes } from "legolas-ts";
import { ChildV1SchemaVersion } from "../../generated/index.js";
import { legolasTable } from "./helpers/legolas-table.js";
import { childTable, LONG, mapOf, SHORT } from "./helpers/leading-bom-tables.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-bom-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Each storage of text, made anew for each column (two columns never share a dictionary). */
const TEXT_STORAGES: readonly (() => DataType)[] = [
  () => new Utf8(),
  () => new LargeUtf8(),
  () => new Utf8View(),
  () => new Dictionary(new Utf8(), new Int32()),
  () => new Dictionary(new Utf8View(), new Int32()),
];

/** What every read gives of one file: each row's `y` and `z`, and the columns. */
async function everyRead(bytes: Uint8Array): Promise<Record<string, { y: unknown; z: unknown }[]>> {
  const options = { schemaVersion: ChildV1SchemaVersion };
  const pick = (rows: readonly { y: unknown; z: unknown }[]) => rows.map(({ y, z }) => ({ y, z }));
  const path = join(folder, `${Math.random().toString(36).slice(2)}.arrow`);
  writeFileSync(path, bytes);
  const batched: { y: unknown; z: unknown }[] = [];
  for await (const batch of readTableBatches(path, options)) batched.push(...pick(batch.rows));
  const lazyBatched: { y: unknown; z: unknown }[] = [];
  for await (const batch of readTableBatches(path, { ...options, rows: "lazy", validate: "columns" }))
    lazyBatched.push(...pick(batch.rows));
  return {
    eager: pick(readTableBytes(bytes, { ...options, rows: "eager" }).rows),
    lazy: pick(readTableBytes(bytes, { ...options, rows: "lazy" }).rows),
    trusted: pick(readTableBytes(bytes, { ...options, validate: "columns" }).rows),
    batched,
    lazyBatched,
  };
}

describe("a string beginning with U+FEFF reads back whole", () => {
  test.each(TEXT_STORAGES.map((type) => [String(type()), type] as const))(
    "a declared string and an any column, both %s, on every read path",
    async (_, type) => {
      const bytes = tableToIPC(childTable(type(), type(), [SHORT, LONG, null]), "file");
      const expected = [
        { y: SHORT, z: SHORT },
        { y: LONG, z: LONG },
        { y: SHORT, z: null },
      ];
      for (const [path, rows] of Object.entries(await everyRead(bytes)))
        expect({ path, rows }).toEqual({ path, rows: expected });
      const { columns } = readTableBytes(bytes, { schemaVersion: ChildV1SchemaVersion });
      expect(Array.from(columns.y!)).toEqual([SHORT, LONG, SHORT]);
      expect(Array.from(columns.z!)).toEqual([SHORT, LONG, null]);
    },
  );

  const inner = (type: DataType, nullable = false) => new Field("item", type, nullable);
  const CONTAINERS: readonly { what: string; type: DataType; values: unknown[] }[] = [
    { what: "List<LargeUtf8>", type: new List(inner(new LargeUtf8())), values: [[SHORT, LONG], []] },
    { what: "List<Utf8View>", type: new List(inner(new Utf8View())), values: [[LONG], [SHORT]] },
    { what: "LargeList<Utf8>", type: new LargeList(inner(new Utf8())), values: [[SHORT], [LONG, SHORT]] },
    {
      what: "FixedSizeList<Utf8>[2]",
      type: new FixedSizeList(2, inner(new Utf8())),
      values: [
        [SHORT, LONG],
        [LONG, SHORT],
      ],
    },
    {
      what: "List<Dictionary<Utf8>> (nullable)",
      type: new List(inner(new Dictionary(new Utf8(), new Int32()), true)),
      values: [[SHORT, null], [LONG]],
    },
    {
      what: "Struct<a: LargeUtf8, b: Utf8, c: Float16>",
      type: new Struct([
        new Field("a", new LargeUtf8(), false),
        new Field("b", new Utf8(), false),
        new Field("c", new Float16(), false),
      ]),
      values: [
        { a: SHORT, b: LONG, c: 0.5 },
        { a: LONG, b: SHORT, c: 1 },
      ],
    },
    {
      what: "Map<Utf8, Utf8View>",
      type: mapOf(new Utf8(), new Utf8View()),
      values: [
        new Map([[SHORT, LONG]]),
        new Map([
          [LONG, SHORT],
          ["k", null],
        ]),
      ],
    },
  ];

  test.each(CONTAINERS.map(({ what, type, values }) => [what, type, values] as const))(
    "text inside an any column of %s, on every read path",
    async (_, type, values) => {
      const bytes = tableToIPC(childTable(new Utf8(), type, values), "file");
      const expected = values.map((z, i) => ({ y: i % 2 === 0 ? SHORT : LONG, z }));
      for (const [path, rows] of Object.entries(await everyRead(bytes)))
        expect({ path, rows }).toEqual({ path, rows: expected });
    },
  );

  test.each([
    ["Dense", UnionMode.Dense],
    ["Sparse", UnionMode.Sparse],
  ] as const)("text inside an any column of a %sUnion<LargeUtf8, Int32>", async (_, mode) => {
    const members = [new Field("0", new LargeUtf8(), true), new Field("1", new Int32(), true)];
    const type = new Union(mode, [0, 1], members);
    const strings = vectorFromArray(mode === UnionMode.Dense ? [LONG] : [LONG, null, SHORT], new LargeUtf8()).data[0]!;
    const numbers = vectorFromArray(mode === UnionMode.Dense ? [7] : [null, 7, null], new Int32()).data[0]!;
    const z = makeData({
      type,
      length: 3,
      typeIds: Int8Array.from([0, 1, 0]),
      ...(mode === UnionMode.Dense ? { valueOffsets: Int32Array.from([0, 0, 0]) } : {}),
      children: [strings, numbers],
    } as never);
    const table = childTable(new Utf8(), new Utf8(), [SHORT, SHORT, SHORT]);
    const fields = [...table.schema.fields.slice(0, 2), new Field("z", type, true)];
    const data = table.batches[0]!.data.children;
    const bytes = tableToIPC(legolasTable("test.child@1>test.parent@1", fields, [data[0]!, data[1]!, z]), "file");
    const expected = mode === UnionMode.Dense ? [LONG, 7, LONG] : [LONG, 7, SHORT];
    for (const [path, rows] of Object.entries(await everyRead(bytes)))
      expect({ path, z: rows.map((row) => row.z) }).toEqual({ path, z: expected });
  });

  test("strings Polars wrote (Utf8View), on every read path", async () => {
    const path = join(folder, "polars.arrow");
    pl.DataFrame([
      pl.Series("x", [[1], [2]], pl.List(pl.Int64)),
      pl.Series("y", [SHORT, LONG], pl.Utf8),
      pl.Series("z", [LONG, SHORT], pl.Utf8),
    ]).writeIPC(path);
    const bytes = new Uint8Array(readFileSync(path));
    expect(
      tableFromIPC(bytes)
        .schema.fields.map((field) => String(field.type))
        .slice(1),
    ).toEqual(["Utf8View", "Utf8View"]);
    for (const [where, rows] of Object.entries(await everyRead(bytes)))
      expect({ where, rows }).toEqual({
        where,
        rows: [
          { y: SHORT, z: LONG },
          { y: LONG, z: SHORT },
        ],
      });
  });
});

/**
 * A null inside a stored Weights value (its list of FlatArrays, a FlatArray, a `vec` or `size`,
 * or an element of one), as a writer that marks every part nullable (pyarrow) can store it. Arrow
 * keeps some number under each null; no door may read it as weights. Every one refuses the value
 * as the row class refuses the same value built by hand: not a Weights, saying which part is null.
 */
import { Field, Float32, Int64, List, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from "apache-arrow";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import {
  CorruptTableError,
  ModelV1,
  ModelV1SchemaVersion,
  readModelRowBytes,
  readTableBatches,
  readTableBytes,
  readWeightsColumn,
  recordBatchComplies,
  validateRecordBatch,
  validateTable,
} from "legolas-ts";
import { columnDecoder } from "../../../runtime/arrow/columns/decode.js";
import { runCli } from "../../cli/helpers.js";
import type { TableFacts } from "../../../generator/cli/table-facts.js";

const nullable = (name: string, type: ConstructorParameters<typeof Field>[1]) => new Field(name, type, true);
const WEIGHTS = new Struct([
  nullable(
    "weights",
    new List(
      nullable(
        "",
        new Struct([
          nullable("vec", new List(nullable("", new Float32()))),
          nullable("size", new List(nullable("", new Int64()))),
        ]),
      ),
    ),
  ),
]);

/** Where the nulls are: the indexes, in each part of the column's storage, of the values made null. */
type Nulls = Partial<Record<"list" | "flatArrays" | "vecs" | "sizes" | "vecValues" | "sizeValues", number[]>>;

/**
 * One row of two FlatArrays, [0.5, -0.5] of size [2] and [3, 4, 5, 6] of size [2, 2], with
 * `nulls` marked in the validity bitmaps over values that still make a valid Weights value: what
 * lies under a null is what a reader that ignores it would load.
 */
function modelTable(nulls: Nulls): Table {
  const list = WEIGHTS.children[0] as Field<List>;
  const flat = list.type.children[0] as Field<Struct>;
  const [vec, size] = flat.type.children as [Field<List>, Field<List>];
  const part = <Props extends { length: number }>(name: keyof Nulls, props: Props) => {
    const indexes = nulls[name] ?? [];
    const nullBitmap = new Uint8Array(8).fill(0xff);
    for (const i of indexes) nullBitmap[i >> 3]! &= ~(1 << (i & 7));
    return makeData({ ...props, nullCount: indexes.length, nullBitmap } as never);
  };
  const vecValues = part("vecValues", { type: new Float32(), length: 6, data: Float32Array.of(0.5, -0.5, 3, 4, 5, 6) });
  const sizeValues = part("sizeValues", { type: new Int64(), length: 3, data: BigInt64Array.of(2n, 2n, 2n) });
  const flatArrays = part("flatArrays", {
    type: flat.type,
    length: 2,
    children: [
      part("vecs", { type: vec.type, length: 2, valueOffsets: Int32Array.of(0, 2, 6), child: vecValues }),
      part("sizes", { type: size.type, length: 2, valueOffsets: Int32Array.of(0, 1, 3), child: sizeValues }),
    ],
  });
  const weights = makeData({
    type: WEIGHTS,
    length: 1,
    nullCount: 0,
    children: [part("list", { type: list.type, length: 1, valueOffsets: Int32Array.of(0, 2), child: flatArrays })],
  });
  const fields = [nullable("weights", WEIGHTS), nullable("architecture_version", new Int64())];
  const version = makeData({ type: new Int64(), length: 1, nullCount: 0, data: BigInt64Array.of(1n) });
  const data = makeData({ type: new Struct(fields), length: 1, nullCount: 0, children: [weights, version] });
  return new Table([new RecordBatch(new Schema(fields, ModelV1SchemaVersion.arrowSchema.metadata), data)]);
}

const first = { vec: Float32Array.of(0.5, -0.5), size: [2] };
const withSecond = (second: unknown) => ({ arrays: [first, second] });

/**
 * Each case: where the nulls are, the same value as a row constructor's input, what the row
 * class says of it (after "an object"), and what the column check says of the column.
 */
const CASES: Record<string, { nulls: Nulls; input: unknown; row: string; column: string }> = {
  "a null list of FlatArrays": {
    nulls: { list: [0] },
    input: { arrays: null },
    row: "arrays is null",
    column: "1 null at arrays",
  },
  "a null FlatArray": {
    nulls: { flatArrays: [1] },
    input: withSecond(null),
    row: "arrays[1] is null",
    column: "1 null at arrays[]",
  },
  "a null vec": {
    nulls: { vecs: [1] },
    input: withSecond({ vec: null, size: [2, 2] }),
    row: "arrays[1]: vec is null",
    column: "1 null at arrays[].vec",
  },
  "a null size": {
    nulls: { sizes: [1] },
    input: withSecond({ vec: Float32Array.of(3, 4, 5, 6), size: null }),
    row: "arrays[1]: size is null",
    column: "1 null at arrays[].size",
  },
  "a null element of vec": {
    nulls: { vecValues: [3] },
    input: withSecond({ vec: [3, null, 5, 6], size: [2, 2] }),
    row: "arrays[1]: vec[1] is null",
    column: "1 null at arrays[].vec[]",
  },
  "a null element of size": {
    nulls: { sizeValues: [2] },
    input: withSecond({ vec: Float32Array.of(3, 4, 5, 6), size: [2, null] }),
    row: "arrays[1]: size[1] is null",
    column: "1 null at arrays[].size[]",
  },
};

const folder = mkdtempSync(join(tmpdir(), "weights-nulls-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const violation = (found: string) => ({ code: "incorrect_type", path: "weights", expected: "Weights", found });

test.each(Object.entries(CASES))("%s is refused by the column check as no Weights", (_what, { nulls, column }) => {
  const table = modelTable(nulls);
  expect(validateTable(table, ModelV1SchemaVersion)).toEqual([violation(column)]);
  const bytes = tableToIPC(table, "file");
  const message = `weights: expected Weights, found ${column}`;
  for (const validate of ["rows", "columns"] as const) {
    expect(() => readTableBytes(bytes, { schemaVersion: ModelV1SchemaVersion, validate })).toThrow(message);
    expect(() => readModelRowBytes(bytes, { validate })).toThrow(message);
  }
  expect(() => readWeightsColumn(table, "weights")).toThrow(message);
});

test.each(Object.entries(CASES))(
  "%s is an invalid row to the columnar validation, as the row class reports the same value",
  async (what, { nulls, input, row }) => {
    const table = modelTable(nulls);
    const refused = [{ rowIndex: 0, violations: [violation(`an object (${row})`)] }];
    expect(validateRecordBatch(table, ModelV1SchemaVersion)).toEqual(refused);
    expect(recordBatchComplies(table, ModelV1SchemaVersion)).toBe(false);
    expect(() => new ModelV1({ weights: input as never })).toThrow(
      expect.objectContaining({ violations: refused[0]!.violations }),
    );

    const path = join(folder, `${what.replaceAll(" ", "-")}.arrow`);
    writeFileSync(path, tableToIPC(table, "file"));
    const batches = [];
    for await (const batch of readTableBatches(path, { invalidRows: "collect" })) batches.push(batch);
    expect(batches.map((batch) => [batch.rows.length, batch.invalidRows])).toEqual([[0, refused]]);
    const cli = await runCli("validate", path);
    expect([cli.code, cli.out]).toEqual([
      1,
      expect.stringContaining(`- weights: expected Weights, found an object (${row})`),
    ]);
  },
);

test("a decoder trusted to skip validation refuses a Weights value with a null rather than read what lies under it", () => {
  const table = modelTable(CASES["a null element of vec"]!.nulls);
  const read = columnDecoder({ kind: "weights" }, WEIGHTS, { trusted: true })(table.batches[0]!.data.children[0]!);
  expect(() => read(0)).toThrow(
    new CorruptTableError(
      'a Weights value is broken (arrays[1]: vec[1] is null); read the table with validate: "rows" to see which row',
    ),
  );
});

test("legolas inspect of a table read batch by batch: nulls in two later batches are counted together, and the column's arrays are not shown", async () => {
  const nullVec = CASES["a null vec"]!.nulls;
  const batches = [modelTable({}), modelTable(nullVec), modelTable({}), modelTable(nullVec)].flatMap((t) => t.batches);
  const path = join(folder, "later-nulls.arrow");
  writeFileSync(path, tableToIPC(new Table(batches), "file"));
  const cli = await runCli("inspect", "--json", path);
  expect(cli.code).toBe(1);
  const facts = JSON.parse(cli.out) as TableFacts;
  expect([facts.batches, facts.check.violations]).toEqual([4, [violation("2 nulls at arrays[].vec")]]);
  expect(facts.weights).toEqual([
    { column: "weights", rows: [], problem: "not LegolasFlux's Weights layout: expected Weights" },
  ]);
});

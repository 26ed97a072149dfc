/**
 * The rows a read gives: built on first access, yet used as the array of instances reads gave
 * before (index, length, iteration, array methods, JSON, equality), and validated before any
 * row is given, with the errors the row classes throw.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type InspectOptions, inspect } from "node:util";
import {
  Field,
  Float32,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { afterAll, describe, expect, test } from "vitest";
import {
  readTable,
  readTableBatches,
  readTableBytes,
  writeTableBytes,
  type RowValidationError,
  type SchemaVersion,
} from "legolas-ts";
import { BaseV1, BaseV1SchemaVersion } from "../../golden/chain-across-files/expected/example.base.js";
import { DigitsConfigV1SchemaVersion } from "../../generated/digits-config.js";
import { rowPath } from "./helpers/row-path.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-lazy-rows-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const schemaVersion = BaseV1SchemaVersion as unknown as SchemaVersion<BaseV1, never>;

/** `example.base@1` rows `{ id: "r<i>", count: i }` in batches of `batchSize`. */
function baseBytes(numRows: number, batchSize: number): Uint8Array {
  const rows = Array.from({ length: numRows }, (_, i) => ({ id: `r${i}`, count: i }));
  return writeTableBytes(rows, BaseV1SchemaVersion, { batchSize });
}

/** An `example.base@1` table of three batches of 4 rows whose counts are `counts`, unchecked. */
function tableWithCounts(counts: number[]): Table {
  const schema = new Schema(
    [new Field("id", new Utf8(), false), new Field("count", new Int32(), false)],
    new Map([["legolas_schema_qualified", "example.base@1"]]),
  );
  const batches: RecordBatch[] = [];
  for (let start = 0; start < counts.length; start += 4) {
    const chunk = counts.slice(start, start + 4);
    const children = [
      vectorFromArray(
        chunk.map((c) => `r${start}-${c}`),
        new Utf8(),
      ).data[0]!,
      vectorFromArray(chunk, new Int32()).data[0]!,
    ];
    batches.push(
      new RecordBatch(
        schema,
        makeData({ type: new Struct(schema.fields), length: chunk.length, nullCount: 0, children }),
      ),
    );
  }
  return new Table(batches);
}

describe("lazy rows", () => {
  const bytes = baseBytes(10, 3);
  const eager = readTableBytes(bytes, { schemaVersion, rows: "eager" }).rows;

  test("equal the eager rows: index, length, instanceof, iteration, spreading, array methods, JSON", () => {
    const { rows } = readTableBytes(bytes, { schemaVersion });
    expect(rows.length).toBe(10);
    expect(Array.isArray(rows)).toBe(true);
    expect(rows[7]).toBeInstanceOf(BaseV1);
    expect(rows[7]).toStrictEqual(eager[7]);
    expect(rows[7]).toBe(rows[7]);
    expect(rows).toStrictEqual(eager);
    expect([...rows]).toStrictEqual(eager);
    expect(Array.from(rows)).toStrictEqual(eager);
    expect(rows.map((row) => row.count)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows.slice(2, 4)).toStrictEqual(eager.slice(2, 4));
    expect(rows.at(-1)).toStrictEqual(eager[9]);
    expect(rows.filter((row) => row.count! % 2 === 1).map((row) => row.id)).toEqual(["r1", "r3", "r5", "r7", "r9"]);
    const seen: number[] = [];
    rows.forEach((row, i) => seen.push(i - row.count!));
    expect(seen).toEqual(Array(10).fill(0));
    expect(JSON.stringify(rows)).toBe(JSON.stringify(eager));
    expect(Object.keys(rows)).toEqual(Object.keys(eager));
    expect(2 in rows).toBe(true);
  });

  test("iterate as an array's values: in order, once each, the same rows as by index", () => {
    const { rows } = readTableBytes(bytes, { schemaVersion });
    const iterator = rows[Symbol.iterator]();
    expect(iterator[Symbol.iterator]()).toBe(iterator);
    expect(iterator.next()).toEqual({ value: rows[0], done: false });
    expect(iterator.next().value).toBe(rows[1]);
    expect([...iterator]).toEqual(rows.slice(2));
    expect(iterator.next()).toEqual({ value: undefined, done: true });
    expect([...rows.values()].map((row) => row.count)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [first, second] = rows;
    expect(first).toBe(rows[0]);
    expect(second).toBe(rows[1]);
    expect([...readTableBytes(baseBytes(0, 3), { schemaVersion }).rows]).toEqual([]);
    // As an array's iterator, it inherits %IteratorPrototype% (the iterator helpers, where the engine has them).
    const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object;
    expect(Object.prototype.isPrototypeOf.call(iteratorPrototype, rows.values())).toBe(true);
  });

  test("an index out of range, negative or not an index is undefined, as in an array", () => {
    const { rows } = readTableBytes(bytes, { schemaVersion });
    for (const key of ["10", "-1", "1.5", "01", "1e1", "length"]) {
      expect((rows as unknown as Record<string, unknown>)[key]).toBe(
        (eager as unknown as Record<string, unknown>)[key],
      );
    }
    expect(10 in rows).toBe(false);
    expect(rows[1_000_000]).toBeUndefined();
  });

  test("are read-only: writing throws a TypeError that says how to get a mutable array", () => {
    const { rows } = readTableBytes(bytes, { schemaVersion });
    expect(() => ((rows as BaseV1[])[0] = eager[1]!)).toThrow(/read-only.*rows: "eager"/);
    expect(() => (rows as BaseV1[]).push(eager[0]!)).toThrow(TypeError);
    expect(() => (rows as BaseV1[]).sort()).toThrow(TypeError);
    const copy = [...rows].reverse();
    expect(copy[0]).toStrictEqual(eager[9]);
  });

  test("are read-only at any length: every method that writes throws, even where it would write nothing", () => {
    const writes: Record<string, (rows: BaseV1[]) => unknown> = {
      copyWithin: (rows) => rows.copyWithin(0, 0),
      fill: (rows) => rows.fill(eager[0]!),
      pop: (rows) => rows.pop(),
      push: (rows) => rows.push(),
      reverse: (rows) => rows.reverse(),
      shift: (rows) => rows.shift(),
      sort: (rows) => rows.sort(),
      "sort with a comparer": (rows) => rows.sort((a, b) => a.count! - b.count!),
      splice: (rows) => rows.splice(0, 0),
      unshift: (rows) => rows.unshift(),
      "length =": (rows) => {
        rows.length = 0;
      },
    };
    for (const numRows of [0, 1, 2]) {
      const { rows } = readTableBytes(baseBytes(numRows, 4), { schemaVersion });
      for (const [name, write] of Object.entries(writes))
        expect(() => write(rows as BaseV1[]), `${name} of ${numRows} rows`).toThrow(
          /^the rows of a read table are read-only/,
        );
      expect(rows.map((row) => row.id)).toEqual(Array.from({ length: numRows }, (_, i) => `r${i}`));
    }
  });

  test("called as Array.prototype's, the writing methods throw where they write, as on a frozen array (docs/tables.md)", () => {
    const writes: Record<string, (rows: unknown[]) => unknown> = {
      sort: (rows) => Array.prototype.sort.call(rows),
      reverse: (rows) => Array.prototype.reverse.call(rows),
      fill: (rows) => Array.prototype.fill.call(rows, eager[0]),
      "fill of an empty range": (rows) => Array.prototype.fill.call(rows, eager[0], 1, 1),
      copyWithin: (rows) => Array.prototype.copyWithin.call(rows, 0, 1),
    };
    const outcome = (write: () => unknown) => {
      try {
        write();
        return "unchanged";
      } catch (error) {
        return (error as Error).constructor.name;
      }
    };
    for (const numRows of [0, 1, 2]) {
      const { rows } = readTableBytes(baseBytes(numRows, 4), { schemaVersion });
      const frozen = Object.freeze([...rows]);
      for (const [name, write] of Object.entries(writes)) {
        expect(
          outcome(() => write(rows as BaseV1[])),
          `${name} of ${numRows} rows`,
        ).toBe(outcome(() => write(frozen as BaseV1[])));
      }
      expect(rows.map((row) => row.id)).toEqual(frozen.map((row) => row.id));
    }
  });

  test('{ rows: "eager" } gives a plain mutable array of instances', () => {
    const { rows } = readTableBytes(bytes, { schemaVersion, rows: "eager" });
    expect(Object.getPrototypeOf(rows)).toBe(Array.prototype);
    expect(rows.every((row) => row instanceof BaseV1)).toBe(true);
    (rows as BaseV1[]).push(rows[0]!);
    expect(rows.length).toBe(11);
  });

  test("an empty table and empty batches give no rows", () => {
    expect(readTableBytes(baseBytes(0, 3), { schemaVersion }).rows).toStrictEqual([]);
    const withEmpty = tableWithCounts([1, 2, 3, 4, 5]);
    const table = new Table([withEmpty.batches[0]!, withEmpty.batches[0]!.slice(0, 0), withEmpty.batches[1]!]);
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: BaseV1SchemaVersion });
    expect(rows.map((row) => row.count)).toEqual([1, 2, 3, 4, 5]);
  });

  test("readTable and readTableBatches give lazy rows too; eager on request", async () => {
    const path = join(folder, "base.arrow");
    writeFileSync(path, bytes);
    const { rows } = await readTable(path, { schemaVersion });
    expect(rows).toStrictEqual(eager);
    const batches: { lazy: readonly BaseV1[]; first: number }[] = [];
    for await (const { rows: batchRows, firstRowIndex } of readTableBatches(path, { schemaVersion }))
      batches.push({ lazy: batchRows, first: firstRowIndex });
    expect(batches.map((b) => b.first)).toEqual([0, 3, 6, 9]);
    expect(batches.flatMap((b) => [...b.lazy])).toStrictEqual(eager);
    expect(batches[1]!.lazy[2]).toBeInstanceOf(BaseV1);
    for await (const { rows: batchRows } of readTableBatches(path, { schemaVersion, rows: "eager" })) {
      expect(Object.getPrototypeOf(batchRows)).toBe(Array.prototype);
    }
  });
});

/** A `digits-config@1` table of `numRows` zero rows in one batch, made without building a row. */
function zeroConfigBytes(numRows: number): Uint8Array {
  const schema = new Schema(
    [new Field("seed", new Int64(), false), new Field("dropout_rate", new Float32(), false)],
    new Map([["legolas_schema_qualified", "digits-config@1"]]),
  );
  const children = [
    makeData({ type: new Int64(), length: numRows, nullCount: 0, data: new BigInt64Array(numRows) }),
    makeData({ type: new Float32(), length: numRows, nullCount: 0, data: new Float32Array(numRows) }),
  ];
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length: numRows, nullCount: 0, children }),
  );
  return tableToIPC(new Table([batch]), "file");
}

/**
 * Plain node, on the built package: V8 gives `new Array(1M)` 8 MB of slots there, and a
 * dictionary under vitest's transform, so only a child process shows what a user's read costs.
 * Prints the heap a read of a million-row `legolas-flux.model@1` table adds, in bytes.
 */
const HEAP_OF_A_READ = `
import { getHeapStatistics } from "node:v8";
import { Field, Int64, RecordBatch, Schema, Struct, Table, makeData, tableToIPC } from "apache-arrow";
import { readTableBytes } from "legolas-ts";
const rows = 1 << 20;
const field = new Field("architecture_version", new Int64(), false);
const schema = new Schema([field], new Map([["legolas_schema_qualified", "legolas-flux.model@1"]]));
const column = makeData({ type: new Int64(), length: rows, nullCount: 0, data: new BigInt64Array(rows) });
const data = makeData({ type: new Struct([field]), length: rows, nullCount: 0, children: [column] });
const bytes = tableToIPC(new Table([new RecordBatch(schema, data)]), "file");
readTableBytes(bytes);
globalThis.gc();
const before = getHeapStatistics().used_heap_size;
const result = readTableBytes(bytes);
console.log(getHeapStatistics().used_heap_size - before, result.rows.length);
`;

describe("a row costs nothing until it is read", () => {
  test("reading a million-row table adds no slot per row to the heap (plain node)", () => {
    const repository = resolve(".");
    expect(existsSync(join(repository, "runtime/dist/index.js")), "the package is not built: run `npm run build`").toBe(
      true,
    );
    const output = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", HEAP_OF_A_READ], {
      cwd: repository,
      encoding: "utf8",
    });
    const [added, length] = output.trim().split(" ").map(Number);
    expect(length).toBe(1 << 20);
    // A slot per row would be 8 MB; the rows' store is one slot per 4,096 rows.
    expect(added).toBeLessThan(2 << 20);
  });

  test("rows far apart are made once each; console.log shows the first rows, as it shows an array's", () => {
    const { rows } = readTableBytes(zeroConfigBytes(5), { schemaVersion: DigitsConfigV1SchemaVersion });
    const third = rows[3];
    const shown = (options: InspectOptions) => inspect(rows, { breakLength: Infinity, depth: 0, ...options });
    // Every row, none as a hole: a user printing the rows sees what an eager read would show.
    expect(shown({})).toBe(`[ ${Array(5).fill("[DigitsConfigV1]").join(", ")} ]`);
    expect(shown({ maxArrayLength: 2 })).toBe("[ [DigitsConfigV1], [DigitsConfigV1], ... 3 more items ]");
    expect(rows[3]).toBe(third);
    const eager = readTableBytes(zeroConfigBytes(5), { schemaVersion: DigitsConfigV1SchemaVersion, rows: "eager" });
    expect(inspect(rows)).toBe(inspect(eager.rows));
    expect(Object.getOwnPropertyDescriptor(rows, "length")).toMatchObject({ value: 5, configurable: false });
    const { rows: many } = readTableBytes(zeroConfigBytes(10_000), { schemaVersion: DigitsConfigV1SchemaVersion });
    expect(many[9_999]).toBe(many[9_999]);
    expect(many[0]).toBe(many[0]);
    expect(many[4_096]!.seed).toBe(0n);
    const printed = inspect(many, { depth: 0 });
    expect(printed.match(/\[DigitsConfigV1\]/g)).toHaveLength(100);
    expect(printed).toMatch(/\.\.\. 9900 more items\s*\]$/);
  });
});

describe("validation before any row is given", () => {
  // Row 6 (the third of the second batch) breaks `count >= 0`; so does row 9, later.
  const table = tableWithCounts([0, 1, 2, 3, 4, 5, -6, 7, 8, -9, 10]);
  const bytes = tableToIPC(table, "file");
  const [expected] = rowPath(table, BaseV1SchemaVersion);

  test("an invalid row in a middle batch: the row class's RowValidationError, its index in the table", () => {
    expect(expected).toMatchObject({ rowIndex: 6 });
    for (const rows of ["lazy", "eager"] as const) {
      const error = (() => {
        try {
          readTableBytes(bytes, { rows });
        } catch (e) {
          return e as RowValidationError;
        }
      })();
      expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 6, violations: expected!.violations });
      expect(error!.message).toContain("count: must be >= 0, found -6");
    }
  });

  test("readTableBatches: the batches before it, then the same error", async () => {
    const path = join(folder, "invalid.arrow");
    writeFileSync(path, bytes);
    const firsts: number[] = [];
    const error = await (async () => {
      for await (const { firstRowIndex, rows } of readTableBatches(path)) {
        firsts.push(firstRowIndex);
        expect(rows).toHaveLength(4);
      }
    })().catch((e: unknown) => e);
    expect(firsts).toEqual([0]);
    expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 6, violations: expected!.violations });
  });

  test('validate: "columns" gives the rows unvalidated, lazily', () => {
    const { rows } = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion, validate: "columns" });
    expect(rows[6]).toBeInstanceOf(BaseV1);
    expect(rows.map((row) => row.count)).toEqual([0, 1, 2, 3, 4, 5, -6, 7, 8, -9, 10]);
  });
});

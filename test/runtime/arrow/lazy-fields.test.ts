/**
 * A lazy row decodes a field when it is read (runtime/arrow/rows/lazy-fields.ts), yet is used as
 * the instance an eager read gives: keys, spreading, JSON, equality, writes, freezing. Whole
 * columns stay available as arrays (`result.columns`).
 */
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { readTableBytes, writeTableBytes } from "legolas-ts";
import { BaseV1, BaseV1SchemaVersion } from "../../golden/chain-across-files/expected/example.base.js";
import { AllTypesV1SchemaVersion, JuliaScalarsV1SchemaVersion } from "../../generated/index.js";

const bytes = writeTableBytes(
  Array.from({ length: 6 }, (_, i) => ({ id: `r${i}`, count: i })),
  BaseV1SchemaVersion,
  { batchSize: 4 },
);

describe("a lazy row", () => {
  test("is an instance of its row class with the eager row's keys, values, spread and JSON", () => {
    const lazy = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion }).rows[5]!;
    const eager = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion, rows: "eager" }).rows[5]!;
    expect(lazy).toBeInstanceOf(BaseV1);
    expect(Object.getPrototypeOf(lazy)).toBe(BaseV1.prototype);
    expect(Object.keys(lazy)).toEqual(Object.keys(eager));
    expect({ ...lazy }).toEqual({ ...eager });
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(eager));
    expect(lazy).toStrictEqual(eager);
    expect("count" in lazy).toBe(true);
    expect(Object.getOwnPropertyDescriptor(lazy, "count")).toEqual({
      value: 5,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(structuredClone({ ...lazy })).toEqual({ ...eager });
  });

  test("prints as the eager row prints (console.log), with its fields and nothing of its own", () => {
    const [lazy, eager] = (["lazy", "eager"] as const).map((form) => {
      const { rows } = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion, rows: form });
      return rows;
    });
    expect(inspect(lazy![2])).toBe("BaseV1 { id: 'r2', count: 2, label: null }");
    expect(inspect(lazy![2])).toBe(inspect(eager![2]));
    const written = [lazy![4]!, eager![4]!] as (BaseV1 & { note?: string })[];
    for (const row of written) row.note = "added";
    expect(inspect(written[0], { showHidden: true })).toBe(inspect(written[1], { showHidden: true }));
    expect(inspect(Object.freeze(written[0]))).toBe(inspect(written[1]));
  });

  test("met again while printed (its own field, an object holding it, the rows it holds), prints as the eager row's cycle", () => {
    const printed = (["lazy", "eager"] as const).map((form) => {
      const { rows } = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion, rows: form });
      // Every row read, so that the lazy rows print them all, as the eager ones do.
      const read = [...rows] as (BaseV1 & Record<string, unknown>)[];
      read[0]!.self = read[0];
      read[1]!.holder = { row: read[1] };
      read[2]!.all = rows;
      return [inspect(read[0]), inspect(rows), inspect([read[3], read[3]])];
    });
    expect(printed[0]![0]).toBe("<ref *1> BaseV1 { id: 'r0', count: 0, label: null, self: [Circular *1] }");
    expect(printed[0]).toEqual(printed[1]);
  });

  test("has no util.inspect.custom of its own, and takes one as an eager row does, printed by it", () => {
    const seen = (["lazy", "eager"] as const).map((form) => {
      const { rows } = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion, rows: form });
      const row = rows[1] as BaseV1 & { [inspect.custom]?: () => string };
      const before = [inspect.custom in row, row[inspect.custom]];
      row[inspect.custom] = () => `row ${row.id}`;
      const given = [inspect(row), Reflect.ownKeys(row), inspect.custom in row];
      delete (row as { label?: unknown }).label;
      return [...before, ...given, inspect(row), Reflect.ownKeys(row)];
    });
    expect(seen[0]).toEqual([
      false,
      undefined,
      "row r1",
      ["id", "count", "label", inspect.custom],
      true,
      "row r1",
      ["id", "count", inspect.custom],
    ]);
    expect(seen[0]).toEqual(seen[1]);
  });

  test("takes writes, deletes and freezing as a plain instance does", () => {
    const { rows } = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion });
    const row = rows[1] as BaseV1 & { count: number | null; note?: string };
    row.count = 41;
    row.note = "added";
    expect(row.count).toBe(41);
    expect(Object.keys(row)).toEqual(["id", "count", "label", "note"]);
    delete row.note;
    expect(Object.keys(row)).toEqual(["id", "count", "label"]);
    expect(row.count).toBe(41);
    const withoutLabel = rows[0] as { label?: unknown };
    expect("label" in withoutLabel).toBe(true);
    delete withoutLabel.label;
    expect("label" in withoutLabel).toBe(false);
    expect(Object.keys(withoutLabel)).toEqual(["id", "count"]);
    const frozen = Object.freeze(rows[2]!);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect({ ...frozen }).toEqual({ id: "r2", count: 2, label: null });
  });

  test("keeps what was redefined on it (read-only, accessors, hidden or fixed keys) when it turns plain, as an eager row does", () => {
    type Row = Record<PropertyKey, unknown>;
    const changes: Record<string, (row: Row) => void> = {
      "a fixed extra key, then frozen": (row) => {
        Object.defineProperty(row, "tag", { value: 1, enumerable: true });
        Object.freeze(row);
      },
      "a field made non-configurable, another deleted": (row) => {
        Object.defineProperty(row, "id", { configurable: false });
        delete row.label;
      },
      "a field made read-only, another deleted": (row) => {
        Object.defineProperty(row, "id", { writable: false });
        delete row.label;
      },
      "a field made an accessor, then frozen": (row) => {
        Object.defineProperty(row, "count", { get: () => 42 });
        Object.freeze(row);
      },
      "a hidden extra key, a field deleted": (row) => {
        Object.defineProperty(row, "hidden", { value: 0, writable: true, configurable: true });
        delete row.label;
      },
      "a symbol key, a new prototype": (row) => {
        row[Symbol.for("legolas.test")] = true;
        Object.setPrototypeOf(row, null);
      },
    };
    for (const [name, change] of Object.entries(changes)) {
      const [lazy, eager] = (["lazy", "eager"] as const).map((form) => {
        const row = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion, rows: form }).rows[3] as unknown as Row;
        change(row);
        return row;
      });
      expect(Reflect.ownKeys(lazy!), name).toEqual(Reflect.ownKeys(eager!));
      // Each change's accessor is a function of its own: compared by what it gives.
      const attributes = (row: Row) =>
        Reflect.ownKeys(row).map((key) => {
          const { get, set, ...rest } = Reflect.getOwnPropertyDescriptor(row, key)!;
          return { ...rest, ...(get === undefined ? {} : { gets: get() }), setter: set !== undefined };
        });
      expect(attributes(lazy!), name).toEqual(attributes(eager!));
      expect(Object.isFrozen(lazy!), name).toBe(Object.isFrozen(eager!));
    }
  });

  test("gives an object field as the same object at every read, beside fields decoded again", () => {
    const input = { flag: true, small: 1, ubyte: 2, uint: 3, double: 0.5, floats: [1, 2], point: { x: 1 } };
    const { rows } = readTableBytes(writeTableBytes([input, input], AllTypesV1SchemaVersion), {
      schemaVersion: AllTypesV1SchemaVersion,
    });
    const row = rows[1]!;
    expect(row.double).toBe(0.5);
    const floats = row.floats;
    expect(floats).toEqual(new Float32Array([1, 2]));
    expect(row.floats).toBe(floats);
    expect(row.point).toBe(row.point);
    expect(row.double).toBe(0.5);
    expect(rows[0]!.floats).not.toBe(floats);
  });

  test("reads back what was written or defined on it, undefined included", () => {
    const { rows } = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion });
    const row = rows[4] as unknown as { count: number | null | undefined };
    expect(row.count).toBe(4);
    row.count = undefined;
    expect(row.count).toBeUndefined();
    expect(Object.keys(row)).toEqual(["id", "count", "label"]);
    const other = rows[3]!;
    Object.defineProperty(other, "id", { get: () => "computed" });
    expect(other.id).toBe("computed");
    expect(other.count).toBe(3);
    expect(Object.getOwnPropertyDescriptor(other, "id")).toMatchObject({ enumerable: true, configurable: true });
  });

  test("decodes only the fields it is asked for, binding each column of a batch once", () => {
    const { rows, table } = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion });
    // Count the reads of each batch's `id` value buffer: a column is read when it is bound to its decoder.
    const bound: number[] = [];
    table.batches.forEach((batch, b) => {
      const id = batch.data.children[0]!;
      const values = id.values;
      bound[b] = 0;
      Object.defineProperty(id, "values", {
        get: () => {
          bound[b]!++;
          return values;
        },
      });
    });
    let sum = 0;
    for (const row of rows) sum += row.count!;
    expect(sum).toBe(15);
    expect(bound).toEqual([0, 0]); // no string was decoded for the counts
    expect(rows[3]!.id).toBe("r3");
    expect(rows[1]!.id).toBe("r1");
    expect(bound).toEqual([1, 0]);
  });
});

test("result.columns: the declared columns as arrays, typed for numbers", () => {
  const { columns } = readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion });
  expect(Object.keys(columns)).toEqual(["id", "count", "label"]);
  expect(columns.count).toBeInstanceOf(Int32Array);
  expect([...(columns.count as Int32Array)]).toEqual([0, 1, 2, 3, 4, 5]);
  expect(columns.id).toEqual(["r0", "r1", "r2", "r3", "r4", "r5"]);
  expect(columns.count).toBe(columns.count);
});

test("result.columns: a numeric column holding nulls is an array of its values, null where the column holds one", () => {
  const withNulls = writeTableBytes(
    [0, null, 2, null].map((count, i) => ({ id: `r${i}`, count })),
    BaseV1SchemaVersion,
    { batchSize: 3 },
  );
  const { columns } = readTableBytes(withNulls, { schemaVersion: BaseV1SchemaVersion });
  // A typed array would read each null as the number under it: 0 here, 1970 for a datetime.
  expect(columns.count).toEqual([0, null, 2, null]);
  expect(columns.label).toEqual([null, null, null, null]);
});

test("result.columns: a float16 column is its numbers, not the bits Arrow stores them as", () => {
  const row = { half: 0.5, wide: 1n, name: "a", letter: "a", count: 1n, amount: 1, elapsed: 1n };
  const bytes = writeTableBytes(
    [
      { ...row, half_bounded: 0.25 },
      { ...row, half: -1.5, half_bounded: null },
    ],
    JuliaScalarsV1SchemaVersion,
  );
  const { columns } = readTableBytes(bytes, { schemaVersion: JuliaScalarsV1SchemaVersion });
  // apache-arrow's toArray() gives a Uint16Array of the bits: 0.5 as 14336.
  expect(columns.half).toEqual(new Float32Array([0.5, -1.5]));
  expect(columns.half_bounded).toEqual([0.25, null]);
});

test("result.columns: an int128 or uint128 column is its bigints, as rows read them, not each value's 16 bytes", () => {
  const row = { half: 0.5, name: "a", letter: "a", count: 1n, amount: 1, elapsed: 1n };
  const bytes = writeTableBytes(
    [
      { ...row, wide: -(2n ** 127n), unsigned_wide: 2n ** 128n - 1n },
      { ...row, wide: 5n, unsigned_wide: null },
    ],
    JuliaScalarsV1SchemaVersion,
    { batchSize: 1 },
  );
  const { columns, rows } = readTableBytes(bytes, { schemaVersion: JuliaScalarsV1SchemaVersion });
  expect(columns.wide).toEqual([-(2n ** 127n), 5n]);
  expect(columns.unsigned_wide).toEqual([2n ** 128n - 1n, null]);
  expect(columns.wide).toEqual(rows.map((r) => r.wide));
});

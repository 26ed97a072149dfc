/**
 * How much a write validates: plain rows once each (through their row class), rows that are
 * already instances of the row class checked as they stand without being built again (they may
 * have been changed since), and an Arrow table column by column without
 * building a row per table row. The row class's constructor is counted through a Proxy (whose
 * `prototype` is the class's own, so instances are still recognised).
 */
import { Int64, Table, tableFromIPC, vectorFromArray } from "apache-arrow";
import { describe, expect, test } from "vitest";
import { writeTableBytes } from "legolas-ts";
import type { SchemaVersion } from "../../../runtime/index.js";
import { BenchSampleV1, BenchSampleV1SchemaVersion } from "../../../bench/generated/bench.sample.js";
import { sampleRows } from "../../../bench/tables/rows.js";
import { Issue94ChildV1, Issue94ChildV1SchemaVersion } from "../../generated/index.js";

/** `schemaVersion` with a row class that counts its constructions. */
function counted<Row extends object, Input>(schemaVersion: SchemaVersion<Row, Input>) {
  const count = { constructions: 0 };
  const rowClass = new Proxy(schemaVersion.rowClass, {
    construct(target, args) {
      count.constructions++;
      return new target(...(args as [Input]));
    },
  });
  const version: SchemaVersion<Row, Input> = { ...schemaVersion, arrowSchema: schemaVersion.arrowSchema, rowClass };
  return { version, count };
}

describe("a write validates each row once", () => {
  test("plain objects go through the row class once each", () => {
    const { version, count } = counted(Issue94ChildV1SchemaVersion);
    writeTableBytes(
      [
        { a: 1, b: 2 },
        { a: 3, b: 4 },
      ],
      version,
    );
    expect(count.constructions).toBe(2);
  });

  test("row-class instances are not built again, and are written as the same bytes", () => {
    const rows = [new Issue94ChildV1({ a: 1, b: 2 }), new Issue94ChildV1({ a: 3, b: 4 })];
    const { version, count } = counted(Issue94ChildV1SchemaVersion);
    const bytes = writeTableBytes(rows, version);
    expect(count.constructions).toBe(0);
    expect(bytes).toEqual(
      writeTableBytes(
        [
          { a: 1, b: 2 },
          { a: 3, b: 4 },
        ],
        Issue94ChildV1SchemaVersion,
      ),
    );
  });

  test("an instance changed since it was built is checked as it stands: a field deleted or out of its type is refused, with the row's index", () => {
    const rows = [
      new Issue94ChildV1({ a: 1, b: 2 }),
      new Issue94ChildV1({ a: 3, b: 4 }),
      new Issue94ChildV1({ a: 5, b: 6 }),
    ];
    delete (rows[1] as { a?: unknown }).a;
    expect(() => writeTableBytes(rows, Issue94ChildV1SchemaVersion)).toThrow(
      expect.objectContaining({
        name: "RowValidationError",
        rowIndex: 1,
        violations: [expect.objectContaining({ code: "missing_field", path: "a" })],
      }),
    );
    (rows[1] as { a: unknown }).a = 3n;
    (rows[2] as { b: unknown }).b = "six";
    expect(() => writeTableBytes(rows, Issue94ChildV1SchemaVersion)).toThrow(
      expect.objectContaining({
        rowIndex: 2,
        violations: [expect.objectContaining({ code: "incorrect_type", path: "b" })],
      }),
    );
  });

  test("an Arrow table is validated column by column: no row is built for a valid table", () => {
    const a = vectorFromArray([1n, 2n, 3n], new Int64());
    const { version, count } = counted(Issue94ChildV1SchemaVersion);
    writeTableBytes(new Table({ a, b: a }), version);
    expect(count.constructions).toBe(0);
  });

  test("an invalid Arrow table is refused with the row path's error, naming the row", async () => {
    const table = tableFromIPC(writeTableBytes(sampleRows(4), BenchSampleV1SchemaVersion));
    (table.getChild("subject")!.data[0]!.values as Int32Array)[2] = -1;
    const error = await (async () => writeTableBytes(table, BenchSampleV1SchemaVersion))().catch((e: unknown) => e);
    const expected = (await (async () => new BenchSampleV1({ ...sampleRows(3)[2]!, subject: -1 }))().catch(
      (e: unknown) => e,
    )) as { violations: unknown };
    expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 2, violations: expected.violations });
  });
});

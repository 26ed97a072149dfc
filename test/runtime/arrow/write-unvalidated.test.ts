/**
 * `writeTable(..., { validate: false })`, Legolas.write's `validate=false` (issue 23): what does
 * not comply with the schema version is written, and the file is still one every Arrow reader
 * reads, naming the schema version; what the columns cannot store is still refused.
 */
import { Table, tableFromIPC, Utf8, vectorFromArray } from "apache-arrow";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { readTableBytes, SCHEMA_QUALIFIED_KEY, writeTable, writeTableBytes } from "legolas-ts";
import { AllTypesV1SchemaVersion, JuliaStoragesV1SchemaVersion } from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-write-unvalidated-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const AT = new Date("2024-05-06T07:08:09.010Z");
/** 08:00, before `office_hours`' min of 09:00: a constraint violation, not a type error. */
const EARLY = 8n * 3_600_000_000_000n;

describe("rows", () => {
  test("a row breaking a constraint is written unvalidated, and reads back exactly by columns", () => {
    const rows = [{ at: AT, office_hours: EARLY }];
    expect(() => writeTableBytes(rows, JuliaStoragesV1SchemaVersion)).toThrow(
      expect.objectContaining({ name: "RowValidationError", rowIndex: 0 }),
    );
    const bytes = writeTableBytes(rows, JuliaStoragesV1SchemaVersion, { validate: false });
    expect(tableFromIPC(bytes).schema.metadata.get(SCHEMA_QUALIFIED_KEY)).toBe("test.julia-storages@1");
    expect(() => readTableBytes(bytes)).toThrow(
      expect.objectContaining({
        name: "RowValidationError",
        violations: [expect.objectContaining({ code: "constraint_violated", path: "office_hours" })],
      }),
    );
    const [row] = readTableBytes(bytes, { schemaVersion: JuliaStoragesV1SchemaVersion, validate: "columns" }).rows;
    expect(row!.at).toEqual(AT);
    expect(row!.office_hours).toBe(EARLY);
    expect(row!.maybe_at).toBeNull();
  });

  test("rows are still converted by the row class: defaults and numbers as they would be validated", () => {
    const bytes = writeTableBytes([{ at: AT.toISOString(), clock: 5 }], JuliaStoragesV1SchemaVersion, {
      validate: false,
    });
    const [row] = readTableBytes(bytes, { schemaVersion: JuliaStoragesV1SchemaVersion }).rows;
    expect(row!.at).toEqual(AT);
    expect(row!.clock).toBe(5n);
  });

  test.each([
    ["a value of another type", { at: AT, clock: "noon" }, "incorrect_type", "clock"],
    ["a required field without a value", { office_hours: EARLY }, "missing_field", "at"],
  ])("%s is still a RowValidationError naming its row: the column cannot store it", async (_, bad, code, path) => {
    const rows = [{ at: AT }, bad] as never[];
    const refusal = expect.objectContaining({
      name: "RowValidationError",
      rowIndex: 1,
      violations: [expect.objectContaining({ code, path })],
    });
    expect(() => writeTableBytes(rows, JuliaStoragesV1SchemaVersion, { validate: false })).toThrow(refusal);
    // Rows from an iterator, written batch by batch: the same refusal, and no file.
    const file = join(folder, `${code}.arrow`);
    await expect(
      writeTable(file, rows.values(), JuliaStoragesV1SchemaVersion, { validate: false, batchSize: 1 }),
    ).rejects.toThrow(refusal);
    expect(existsSync(file)).toBe(false);
  });
});

test("a lone surrogate, which UTF-8 cannot hold, is a RowValidationError wherever a string is, never written as U+FFFD", () => {
  const base = { flag: true, small: 1, ubyte: 2, uint: 3, double: 4.5 };
  const lone = "a\uD800";
  const rows = [
    { ...base, text: lone },
    { ...base, names: ["b", lone] },
    { ...base, point: { x: 1, note: lone } },
    { ...base, sym: lone },
    { ...base, tags: [lone] },
    { ...base, span: [1n, lone] as const },
    { ...base, counts: [[lone, 1n] as const] },
    { ...base, either: lone },
  ];
  const paths = ["text", "names[1]", "point.note", "sym", "tags[0]", "span[1]", "counts[0][0]", "either"];
  rows.forEach((row, k) => {
    expect(() => writeTableBytes([row], AllTypesV1SchemaVersion, { validate: false })).toThrow(
      expect.objectContaining({
        name: "RowValidationError",
        violations: [expect.objectContaining({ path: paths[k], expected: "well-formed Unicode (no lone surrogate)" })],
      }),
    );
  });
});

describe("an Arrow table", () => {
  test("a column of another type is written as it is; the file names the schema version and reads as Arrow", () => {
    const table = new Table({
      at: vectorFromArray([AT.getTime()]),
      clock: vectorFromArray(["noon"], new Utf8()),
    });
    expect(() => writeTableBytes(table, JuliaStoragesV1SchemaVersion)).toThrow(
      expect.objectContaining({ name: "TableSchemaError" }),
    );
    const bytes = writeTableBytes(table, JuliaStoragesV1SchemaVersion, { validate: false });
    const written = tableFromIPC(bytes);
    expect(written.schema.metadata.get(SCHEMA_QUALIFIED_KEY)).toBe("test.julia-storages@1");
    expect(written.getChild("clock")!.toArray()).toEqual(["noon"]);
    expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining({ name: "TableSchemaError" }));
  });
});

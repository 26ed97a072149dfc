/**
 * Every door a row goes through, asked about the same rows: the row class's `is`, `validate`,
 * `parse`, constructor, Standard Schema and JSON form; the table writer and every reader
 * (rows validated by rows and by columns, eager and lazy, batch by batch); the columnar
 * validators. Valid rows must pass them all and come back equal; a row with one fault must be
 * refused by all of them with the same violations, the fault's path among them.
 */
import { expect } from "vitest";
import {
  readTableBatches,
  readTableBytes,
  validateRecordBatch,
  validateTable,
  writeTableBytes,
  type SchemaVersion,
  type Violation,
  Weights,
} from "legolas-ts";
import { flatFields, type VersionModel } from "./model.js";
import { heldDefault, inputForm, keyOf, type Fault, type Row } from "./values.js";

interface Doors {
  new (input: unknown): object;
  is(value: unknown): boolean;
  validate(value: unknown): Violation[];
  parse(value: unknown): { ok: true; value: object } | { ok: false; violations: Violation[] };
  fromJSON(json: unknown): object;
  readonly "~standard": {
    validate(value: unknown): {
      value?: unknown;
      issues?: readonly { path?: readonly PropertyKey[]; message: string }[];
    };
  };
}

const doorsOf = (schemaVersion: SchemaVersion) => schemaVersion.rowClass as unknown as Doors;
const plain = (row: object): Row => ({ ...row }) as Row;

/**
 * The row as the constructor may also take it, and the row it makes: missing optional fields and
 * fields with a default left out (the row holds null, or the default).
 */
function leanInput(version: VersionModel, row: Row): { input: Row; row: Row } {
  const input = { ...row };
  const expected = { ...row };
  for (const field of flatFields(version)) {
    const key = keyOf(field.name);
    if (field.default !== undefined) {
      delete input[key];
      expected[key] = heldDefault(field);
    } else if (field.optional && input[key] === null) delete input[key];
  }
  return { input, row: expected };
}

/** A valid row passes every row door, and comes out of each holding what went in. */
export function checkValidRow(schemaVersion: SchemaVersion, version: VersionModel, row: Row): void {
  const doors = doorsOf(schemaVersion);
  expect(doors.validate(row), "validate").toEqual([]);
  expect(doors.is(row), "is").toBe(true);
  const built = new doors(row);
  expect(plain(built), "constructor").toEqual(row);
  const lean = leanInput(version, row);
  expect(plain(new doors(lean.input)), "constructor, optional and default fields left out").toEqual(lean.row);
  expect(plain(new doors(inputForm(version, row))), "constructor, from the input form").toEqual(row);
  expect(doors.parse(inputForm(version, row)).ok, "parse, from the input form").toBe(true);
  const parsed = doors.parse(row);
  expect(parsed.ok ? plain(parsed.value) : parsed.violations, "parse").toEqual(row);
  const standard = doors["~standard"].validate(row);
  expect(standard.issues, "standard schema issues").toBeUndefined();
  expect(plain(standard.value as object), "standard schema value").toEqual(row);
  const json = JSON.parse(JSON.stringify(built)) as unknown;
  expect(withoutLayouts(plain(doors.fromJSON(json))), "fromJSON(toJSON)").toEqual(withoutLayouts(row));
  const fromJson = doors["~standard"].validate(json);
  expect(fromJson.issues, "standard schema of the JSON form").toBeUndefined();
}

/** `value` with every Weights' layout left out: the JSON form holds the arrays only (docs/flux.md). */
function withoutLayouts(value: unknown): unknown {
  if (value instanceof Weights) return new Weights(value.arrays);
  if (Array.isArray(value)) return value.map(withoutLayouts);
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (value instanceof Set) return new Set([...value].map(withoutLayouts));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, withoutLayouts(v)]));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutLayouts(v)]));
}

/** Valid rows are written and read back equal by every reader, and the columnar validators find nothing. */
export async function checkValidTable(schemaVersion: SchemaVersion, rows: readonly Row[]): Promise<void> {
  const bytes = writeTableBytes(rows, schemaVersion as SchemaVersion<object, unknown>, { batchSize: 2 });
  for (const validate of ["rows", "columns"] as const) {
    for (const form of ["eager", "lazy"] as const) {
      const read = readTableBytes(bytes, { schemaVersion, validate, rows: form });
      expect(read.rows.map(plain), `readTableBytes ${validate} ${form}`).toEqual(rows);
      if (validate === "columns" && form === "eager") {
        expect(validateTable(read.table, schemaVersion), "validateTable").toEqual([]);
        expect(validateRecordBatch(read.table, schemaVersion), "validateRecordBatch").toEqual([]);
      }
    }
  }
  const batches: Row[] = [];
  for await (const batch of readTableBatches(bytes, { schemaVersion })) batches.push(...batch.rows.map(plain));
  expect(batches, "readTableBatches").toEqual(rows);
}

/** A violation's path as the keys of the value given (a Standard Schema issue's path). */
function keysOf(path: string): PropertyKey[] {
  if (path === "") return [];
  return path.split(/\.|(?=\[)/).map((part) => (part.startsWith("[") ? Number(part.slice(1, -1)) : keyOf(part)));
}

/** A row with one fault is refused by every row door, with one list of violations that names the fault. */
export function checkFaultyRow(schemaVersion: SchemaVersion, fault: Fault): readonly Violation[] {
  const doors = doorsOf(schemaVersion);
  const violations = doors.validate(fault.row);
  expect(
    violations.map((v) => v.path),
    `validate names ${fault.path} (${fault.what})`,
  ).toContain(fault.path);
  expect(doors.is(fault.row), "is").toBe(false);
  const parsed = doors.parse(fault.row);
  expect(parsed.ok ? "accepted" : parsed.violations, "parse").toEqual(violations);
  let thrown: unknown;
  try {
    new doors(fault.row);
  } catch (error) {
    thrown = error;
  }
  expect((thrown as Error | undefined)?.name, "constructor").toBe("RowValidationError");
  expect((thrown as { violations: unknown }).violations, "constructor").toEqual(violations);
  const standard = doors["~standard"].validate(fault.row);
  expect(
    standard.issues?.map((issue) => issue.path ?? []),
    "standard schema",
  ).toEqual(violations.map((v) => keysOf(v.path)));
  return violations;
}

/**
 * The faulty row written without validation (when its value still has its column's type) is
 * refused by the validating reader with the row door's violations, read by the columns-only
 * reader, and found by the columnar validator at its index. Returns whether it was written.
 */
export function checkFaultyTable(
  schemaVersion: SchemaVersion,
  valid: readonly Row[],
  fault: Fault,
  violations: readonly Violation[],
): boolean {
  const rows = [...valid, fault.row];
  let bytes: Uint8Array;
  try {
    bytes = writeTableBytes(rows, schemaVersion as SchemaVersion<object, unknown>, { validate: false, batchSize: 2 });
  } catch (error) {
    // The column stores nothing else: the row door's error, at the row's index.
    expect((error as Error).name, `write unvalidated (${fault.what}): ${(error as Error).stack}`).toBe(
      "RowValidationError",
    );
    expect((error as { rowIndex: unknown }).rowIndex).toBe(valid.length);
    return false;
  }
  let refused: unknown;
  try {
    readTableBytes(bytes, { schemaVersion, rows: "eager" });
  } catch (error) {
    refused = error;
  }
  expect((refused as Error | undefined)?.name, `validating read (${fault.what})`).toBe("RowValidationError");
  expect((refused as { violations: unknown }).violations, "validating read").toEqual(violations);
  expect((refused as { rowIndex: unknown }).rowIndex, "validating read").toBe(valid.length);
  const { table } = readTableBytes(bytes, { schemaVersion, validate: "columns", rows: "eager" });
  expect(validateRecordBatch(table, schemaVersion), "validateRecordBatch").toEqual([
    { rowIndex: valid.length, violations },
  ]);
  return true;
}

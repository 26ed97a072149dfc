/**
 * Every door a row goes through, asked about the same rows: the row class's `is`, `validate`,
 * `parse`, constructor, Standard Schema and JSON form; the table writer and every reader
 * (rows validated by rows and by columns, eager and lazy, batch by batch); the columnar
 * validators. Valid rows must pass them all and come back equal; a row with one fault must be
 * refused by all of them with the same violations, the fault's path among them.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import * as arrow from "apache-arrow";
import { expect } from "vitest";
import { join } from "node:path";
import {
  prepareCompression,
  readTable,
  readTableBatches,
  readTableBytes,
  type SchemaVersion,
  type TableCompression,
  validateRecordBatch,
  validateTable,
  type Violation,
  Weights,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { flatFields, type VersionModel } from "./model.js";
import type { Fault } from "./faults.js";
import { jsonRow, readRows, tableRefusal } from "./any-rows.js";
import { heldDefault, inputForm, keyOf, type Row } from "./values.js";

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

const ajv = new Ajv2020({ strict: true, validateFormats: false });
const jsonSchemaValidators = new WeakMap<SchemaVersion, ValidateFunction>();

/** The version's `jsonSchema`, compiled by Ajv once. */
function jsonSchemaValidator(schemaVersion: SchemaVersion): ValidateFunction {
  let validator = jsonSchemaValidators.get(schemaVersion);
  if (validator === undefined) {
    validator = ajv.compile(schemaVersion.jsonSchema);
    jsonSchemaValidators.set(schemaVersion, validator);
  }
  return validator;
}
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
  const complies = jsonSchemaValidator(schemaVersion);
  expect(complies(json) ? [] : complies.errors, "the JSON form complies with jsonSchema").toEqual([]);
  // An `any` value comes back from fromJSON as its JSON form (docs/julia.md).
  expect(withoutLayouts(plain(doors.fromJSON(json))), "fromJSON(toJSON)").toEqual(
    withoutLayouts(jsonRow(version, row)),
  );
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

/**
 * Valid rows are written and read back equal by every reader, from bytes and from a file, written
 * from rows and from the table read (an `any` value as any-values.ts says it reads back); the
 * columnar validators find nothing. Rows with an `any` column of no type to infer are refused by
 * the writer with an AnyColumnError instead, and give `null`.
 */
export async function checkValidTable(
  schemaVersion: SchemaVersion,
  model: VersionModel,
  written: readonly Row[],
  options: { compression?: TableCompression; folder: string; columns: readonly string[] },
): Promise<Uint8Array | null> {
  const version = schemaVersion as SchemaVersion<object, unknown>;
  if (options.compression !== undefined) await prepareCompression(options.compression);
  const refusal = tableRefusal(model, written);
  if (refusal !== null) {
    expect(() => writeTableBytes(written, version), `writeTableBytes refuses (${refusal.reason})`).toThrow(
      expect.objectContaining({
        name: "AnyColumnError",
        code: "any_column_unwritable",
        // Both bigints no 64-bit integer holds, by value.
        message: expect.stringMatching(new RegExp(refusal.names.map((n) => `(?=.*(?<![\\d-])${n}n)`).join(""))),
      }),
    );
    return null;
  }
  const bytes = writeTableBytes(written, version, { batchSize: 2, compression: options.compression });
  const rows = readRows(model, written);
  for (const validate of ["rows", "columns"] as const) {
    for (const form of ["eager", "lazy"] as const) {
      const read = readTableBytes(bytes, { schemaVersion, validate, rows: form });
      expect(read.rows.map(plain), `readTableBytes ${validate} ${form}`).toEqual(rows);
      if (validate === "columns" && form === "eager") {
        expect(validateTable(read.table, schemaVersion), "validateTable").toEqual([]);
        expect(validateRecordBatch(read.table, schemaVersion), "validateRecordBatch").toEqual([]);
        const rewritten = writeTableBytes(read.table, version);
        expect(readTableBytes(rewritten, { schemaVersion }).rows.map(plain), "written from the table read").toEqual(
          rows,
        );
      }
    }
  }
  const projected = readTableBytes(bytes, { schemaVersion, columns: options.columns, rows: "eager" }).rows;
  expect(projected.map(plain), `readTableBytes of columns ${options.columns.join(", ")}`).toEqual(
    rows.map((row) => projection(row, options.columns)),
  );
  const batches: Row[] = [];
  for await (const batch of readTableBatches(bytes, { schemaVersion })) batches.push(...batch.rows.map(plain));
  expect(batches, "readTableBatches").toEqual(rows);
  const path = join(options.folder, `${schemaVersion.name}@${schemaVersion.version}.arrow`);
  await writeTable(path, written, version, { compression: options.compression });
  expect((await readTable(path, { schemaVersion })).rows.map(plain), "readTable of a file").toEqual(rows);
  const fileBatches: Row[] = [];
  for await (const batch of readTableBatches(path, { schemaVersion })) fileBatches.push(...batch.rows.map(plain));
  expect(fileBatches, "readTableBatches of a file").toEqual(rows);
  return bytes;
}

/**
 * Types extend, classes do not (docs/schemas.md): a child's valid row passes its parent's `is`,
 * and the child's table reads as the parent's, each row holding the parent's fields.
 */
export function checkParentDoors(
  parent: SchemaVersion,
  parentModel: VersionModel,
  childModel: VersionModel,
  rows: readonly Row[],
  childTable: Uint8Array,
): void {
  const doors = doorsOf(parent);
  const keys = flatFields(parentModel).map((field) => keyOf(field.name));
  // What the child's columns read back as (a field the child narrowed from `any` is its own type's).
  const projected = readRows(childModel, rows).map((row) => Object.fromEntries(keys.map((key) => [key, row[key]])));
  const read = readTableBytes(childTable, { schemaVersion: parent, rows: "eager" });
  expect(read.rows.map(plain), "the child's table read as the parent's").toEqual(projected);
  for (const row of rows) expect(doors.validate(row), `${parent.identifier}.validate of a child's row`).toEqual([]);
  for (const row of rows) expect(doors.is(row), `${parent.identifier}.is of a child's row`).toBe(true);
}

/** The fields of `row` named (their properties `keyOf` the names), in the order named. */
function projection(row: Row, names: readonly string[]): Row {
  return Object.fromEntries(names.map((name) => [keyOf(name), row[keyOf(name)]]));
}

/** A violation's path as the keys of the value given (a Standard Schema issue's path). */
export function keysOf(path: string): PropertyKey[] {
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
 * reader, found by the columnar validator at its index, and collected by the batch reader;
 * read by a few columns, it counts when one is its own or, `wholeRows`, a computed field is read.
 * Returns whether it was written.
 */
export async function checkFaultyTable(
  schemaVersion: SchemaVersion,
  model: VersionModel,
  valid: readonly Row[],
  fault: Fault,
  violations: readonly Violation[],
  columns: readonly string[],
  wholeRows: boolean,
): Promise<boolean> {
  const rows = [...valid, fault.row];
  let bytes: Uint8Array;
  try {
    bytes = writeTableBytes(rows, schemaVersion as SchemaVersion<object, unknown>, { validate: false, batchSize: 2 });
  } catch (error) {
    // An `any` column of no type to infer is refused whatever else is wrong.
    if ((error as Error).name === "AnyColumnError" && tableRefusal(model, rows) !== null) return false;
    // The column stores nothing else: the row door's error, at the row's index.
    expect((error as Error).name, `write unvalidated (${fault.what}): ${(error as Error).stack}`).toBe(
      "RowValidationError",
    );
    expect((error as { rowIndex: unknown }).rowIndex).toBe(valid.length);
    return false;
  }
  expect(tableRefusal(model, rows), "written unvalidated, though an any column has no type to infer").toBeNull();
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
  const collected = { rows: [] as Row[], invalidRows: [] as unknown[] };
  for await (const batch of readTableBatches(bytes, { schemaVersion, invalidRows: "collect" })) {
    collected.rows.push(...batch.rows.map(plain));
    collected.invalidRows.push(...batch.invalidRows);
  }
  expect(collected, "readTableBatches, invalid rows collected").toEqual({
    rows: readRows(model, rows).slice(0, valid.length),
    invalidRows: [{ rowIndex: valid.length, violations }],
  });
  // Read by columns, the fault counts when its column is read, or a row check's (all of them read one field, the row's path ""),
  // or when a field read is computed (`wholeRows`: each row is then built, and validated, whole).
  const faultColumn = fault.path.split(/[.[]/)[0]!;
  let projected: unknown;
  try {
    projected = readTableBytes(bytes, { schemaVersion, columns, rows: "eager" }).rows.map(plain);
  } catch (error) {
    projected = error;
  }
  if (fault.path === "" || columns.includes(faultColumn) || wholeRows) {
    expect((projected as Error).name, `read of columns ${columns.join(", ")} (${fault.what})`).toBe(
      "RowValidationError",
    );
    expect((projected as { violations: unknown }).violations, "read of columns").toEqual(violations);
  } else {
    expect(projected, `read of columns ${columns.join(", ")} (${fault.what} elsewhere)`).toEqual(
      readRows(model, rows).map((row) => projection(row, columns)),
    );
  }
  return true;
}

/**
 * A table whose column `name` is dictionary-encoded, as Arrow.jl's `dictencode=true` writes any
 * type (docs/tables.md, dictionary columns), or, `elements` and a list column, its elements: each
 * batch's values become indices into one dictionary, the whole column's (or elements') values,
 * written once and then as delta batches. Every reader must read the rows as from the plain table.
 */
export async function checkDictionaryColumn(
  schemaVersion: SchemaVersion,
  bytes: Uint8Array,
  name: string,
  elements: boolean,
  rows: readonly Row[],
  columns: readonly string[],
): Promise<void> {
  const { table } = readTableBytes(bytes, { schemaVersion, validate: "columns", rows: "eager" });
  const at = table.schema.fields.findIndex((field) => field.name === name);
  const plainField = table.schema.fields[at]!;
  const plainColumn = table.batches.map((batch) => batch.data.children[at]!);
  const inList = elements && arrow.DataType.isList(plainField.type);
  let field: arrow.Field;
  let column: arrow.Data[];
  if (inList) {
    const element = (plainField.type as arrow.List).children[0]!;
    const encoded = dictionaryEncoded(
      element,
      plainColumn.map((data) => data.children[0]!),
    );
    field = new arrow.Field(name, new arrow.List(encoded.field), plainField.nullable, plainField.metadata);
    column = plainColumn.map((data, k) =>
      arrow.makeData({
        type: field.type as arrow.List,
        length: data.length,
        nullCount: data.nullCount,
        nullBitmap: data.nullBitmap,
        valueOffsets: data.valueOffsets,
        child: encoded.data[k]!,
      }),
    );
  } else {
    ({ field, data: column } = dictionaryEncoded(plainField, plainColumn));
  }
  const schema = new arrow.Schema(
    table.schema.fields.map((each, k) => (k === at ? field : each)),
    table.schema.metadata,
  );
  const batches = table.batches.map((batch, b) => {
    const children = batch.data.children.map((child, k) => (k === at ? column[b]! : child));
    const data = arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length: batch.numRows,
      nullCount: 0,
      children,
    });
    return new arrow.RecordBatch(schema, data);
  });
  const encodedBytes = arrow.tableToIPC(new arrow.Table(schema, batches), "file");
  const what = `${name}${inList ? "'s elements" : ""} dictionary-encoded`;
  const written = arrow.tableFromIPC(encodedBytes).schema.fields[at]!.type;
  expect(arrow.DataType.isDictionary(inList ? written.children[0]!.type : written), what).toBe(true);
  for (const validate of ["rows", "columns"] as const)
    expect(readTableBytes(encodedBytes, { schemaVersion, validate }).rows.map(plain), `${what}, ${validate}`).toEqual(
      rows,
    );
  const projected = readTableBytes(encodedBytes, { schemaVersion, columns, rows: "eager" }).rows;
  expect(projected.map(plain), `${what}, columns ${columns.join(", ")}`).toEqual(
    rows.map((row) => projection(row, columns)),
  );
  const streamed: Row[] = [];
  for await (const batch of readTableBatches(encodedBytes, { schemaVersion })) streamed.push(...batch.rows.map(plain));
  expect(streamed, `${what}, readTableBatches`).toEqual(rows);
}

/** `datas` (one per batch, of `field`'s type) as Int32 indices into one dictionary of all their values. */
function dictionaryEncoded(
  field: arrow.Field,
  datas: readonly arrow.Data[],
): { field: arrow.Field; data: arrow.Data[] } {
  const type = new arrow.Dictionary(field.type, new arrow.Int32(), 0, false);
  const values = new arrow.Vector(datas as arrow.Data[]);
  let start = 0;
  const data = datas.map((plain) => {
    const indices = Int32Array.from({ length: plain.length }, (_, k) => start + k);
    start += plain.length;
    // The indices are null where the values are; a union's values hold their nulls inside (no bitmap).
    const validity = plain.nullBitmap !== undefined && plain.nullBitmap.length > 0;
    return arrow.makeData({
      type,
      length: plain.length,
      nullCount: validity ? plain.nullCount : 0,
      nullBitmap: validity ? plain.nullBitmap : undefined,
      data: indices,
      dictionary: values,
    });
  });
  return { field: new arrow.Field(field.name, type, field.nullable, field.metadata), data };
}

/**
 * Rows -> one record batch in a single pass: each row is validated (or trusted) and its fields
 * are written straight into per-column buffers, a chunk of rows at a time, so no validated row
 * outlives its chunk and no per-column array of values is built for numbers, booleans, strings
 * or records. Rows from an iterator are checked one by one as they come ({@link checkedRow},
 * write-bytes.ts), and their batch is encoded from those (`checked`).
 *
 * What is validated: a row that is an instance of the schema version's own row class was
 * converted by its constructor, and is checked again as it stands (`is`, the walk that stops at
 * the first failure), since rows are mutable and a field changed or deleted since would be
 * written as what its column cannot read back (but for a lazy row a read validated as this
 * version, nothing changed since: rows/lazy-fields.ts `LAZY_VALIDATED_AS`), and one given a key
 * since (or one of its structs or records given one) that misspells a field it lacks is refused
 * (rows/misspelt-instance-keys.ts); anything else goes
 * through that constructor once (converted, validated, row checks run), and a row of a read of
 * some columns that lacks a field its table held is refused first (rows/unread-fields.ts), and so
 * is one whose struct or nested record holds a key misspelling a child it lacks (rows/misspelt-children.ts). The
 * bytes written are those of columns/encode.ts's column encoders (test/runtime/arrow/row-encoder.property.test.ts
 * compares the two on random schemas); column-writers.ts says which kinds are written as the
 * chunks come and which are gathered and handed to `encodeColumn`.
 */
import { Field, makeData, RecordBatch, Schema, Struct, type Data } from "apache-arrow";
import type { SchemaVersion } from "../../schema-version-types.js";
import { is128BitInt } from "../ipc/uint128-columns.js";
import { RowValidationError } from "../../errors.js";
import { rowError } from "../../row-validation.js";
import { symbolWithoutNul, wellFormedUnicode, type Violation } from "../../violations.js";
import { firstUnreadablePlace } from "../../unreadable-places.js";
import { locatedRowError } from "./batch-rows.js";
import { checkNestedElementTypes } from "../columns/weights.js";
import { columnWriter, type RowFields } from "./column-writers.js";
import { LAZY_FIELDS, LAZY_VALIDATED_AS } from "./lazy-fields.js";
import { declaredKeys } from "./extra-columns.js";
import { propertyKey } from "../../field-names.js";
import { readFields, unreadableRowError, unreadableRowsError } from "./unreadable-rows.js";
import { unreadFieldsError } from "./unread-fields.js";
import { refuseMisspeltChildren } from "./misspelt-children.js";
import { refuseMisspeltInstanceKeys, refuseMisspeltLazyRowKeys } from "./misspelt-instance-keys.js";

/** Rows validated and encoded per step: small enough that they die young, large enough that the per-column loops stay tight. */
const CHUNK_ROWS = 1024;

/**
 * One record batch of `rows` (row-class instances or anything its constructor accepts), in the
 * schema version's Arrow schema (or `declared`, which types its `any` columns) except where a column's values bring their own element type
 * (float64 or float16 Weights), which is kept. An invalid row throws its `RowValidationError`
 * with its index, `firstRowIndex` + its position, before anything is returned. With `validate`
 * false, only what the columns cannot store is invalid (see {@link storableRow}). With `checked`,
 * `rows` are what {@link checkedRow} gave for each, and are written as they are.
 */
export function encodeRows<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  rows: readonly unknown[],
  firstRowIndex = 0,
  validate = true,
  declared: Schema = schemaVersion.arrowSchema,
  checked = false,
): RecordBatch {
  const length = rows.length;
  const writers = schemaVersion.fields.map((field, k) => columnWriter(field, declared.fields[k]!, length));
  const validated: RowFields[] = new Array<RowFields>(Math.min(CHUNK_ROWS, length));
  // By iteration, not by index: a read's lazy rows give their rows to an iterator directly, and
  // by index through a trap each (rows/lazy-rows.ts).
  const iterator = rows[Symbol.iterator]();
  for (let start = 0; start < length; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, length - start);
    for (let j = 0; j < count; j++) {
      const input = iterator.next().value;
      validated[j] = (
        checked ? input : checkedRow(schemaVersion, input, validate, firstRowIndex + start + j)
      ) as RowFields;
    }
    try {
      for (const writer of writers) writer.write(validated, count, start);
    } catch (error) {
      throw unreadableRowsError(schemaVersion, error, validated.slice(0, count), firstRowIndex + start) ?? error;
    }
  }
  return batchOfColumns(
    schemaVersion,
    writers.map((writer) => writer.finish()),
    length,
    declared,
  );
}

/**
 * What one row input is written from: an instance of the row class checked as it stands (its
 * fields), anything else through the row class (a new row; with `validate` false converted
 * only, see {@link storableRow}). Throws the row's `RowValidationError`, at `rowIndex`.
 */
export function checkedRow<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  input: unknown,
  validate: boolean,
  rowIndex: number,
  held = false,
): unknown {
  if (isInstanceOf(input, schemaVersion, rowIndex)) {
    return instanceFields(schemaVersion, input as Row, validate, rowIndex, held);
  }
  // A row of a read of some columns (of no row class's prototype): it may lack a field its table held.
  const unread = unreadFieldsError(schemaVersion, input, rowIndex);
  if (unread !== undefined) throw unread;
  // The row class drops its structs' and nested records' undeclared keys: a misspelt one is refused first.
  refuseMisspeltChildren(schemaVersion, input, rowIndex);
  return validate ? validRow(schemaVersion, input, rowIndex) : storableRow(schemaVersion, input, rowIndex);
}

/**
 * {@link checkedRow}'s answer for an eager instance of the row class that is held until its batch is
 * full (`held`: rows from an iterator), whose source may change it in place meanwhile (one
 * instance yielded again and again): the fields it holds now, on an object of their own, checked
 * there rather than on the instance, so what is checked is what is written. A copy by spread
 * (`{ ...row }`, one step for V8), then checked, where a copy key by key onto a prototype-less
 * object (a hash table to V8) took about twice the CPU time (BENCHMARKS.md, "Figures behind
 * choices in the code"); the spread takes own enumerable fields only, so a copy that lacks a
 * declared field (not enumerable, an accessor on the prototype) or fails the check is taken again
 * key by key, and only that one is refused or, unvalidated, written. What a field holds by
 * reference (a typed array, a nested record, a `Date`) stays shared. (A lazy row gives fields of
 * its own already.)
 */
function heldInstanceFields<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  row: Row,
  validate: boolean,
  rowIndex: number,
): object {
  let taken: RowFields;
  try {
    taken = { ...row } as RowFields;
  } catch {
    // A getter or Proxy trap threw: read again key by key, which names the field (or, if it reads now, takes it).
    taken = readFields(schemaVersion, declaredKeys(schemaVersion), row, rowIndex);
  }
  // Checked unvalidated too: a copy that fails may only lack a field the spread did not take; and
  // one lacking an optional field passes as if it were null, so those keys are looked for.
  if (holdsEvery(taken, absentPassing(schemaVersion)) && schemaVersion.rowClass.is(taken)) return taken;
  const exact = readFields(schemaVersion, declaredKeys(schemaVersion), row, rowIndex);
  return !validate || schemaVersion.rowClass.is(exact) ? exact : checkedInstance(schemaVersion, row, rowIndex);
}

/** Whether `fields` holds each of `keys` as its own property: a spread copy took those declared fields. */
function holdsEvery(fields: object, keys: Iterable<string>): boolean {
  for (const key of keys) if (!Object.hasOwn(fields, key)) return false;
  return true;
}

const ABSENT_PASSING = new WeakMap<object, readonly string[]>();

/** The keys of the fields a row may lack and still pass its check (optional ones, and `any`'s, which takes `undefined`). */
function absentPassing(schemaVersion: SchemaVersion<object, never>): readonly string[] {
  let keys = ABSENT_PASSING.get(schemaVersion);
  if (keys === undefined) {
    keys = schemaVersion.fields
      .filter((field) => field.optional || field.type.kind === "any")
      .map((field) => propertyKey(field.name));
    ABSENT_PASSING.set(schemaVersion, keys);
  }
  return keys;
}

/** Whether `input` is an instance of the row class; a row whose prototype cannot be read (a Proxy trap) is refused at `rowIndex`. */
function isInstanceOf(input: unknown, schemaVersion: SchemaVersion<object, never>, rowIndex: number): boolean {
  if (typeof input !== "object" || input === null) return false;
  try {
    return Object.getPrototypeOf(input) === schemaVersion.rowClass.prototype;
  } catch (error) {
    throw unreadableRowError(schemaVersion.identifier, error, rowIndex);
  }
}

/** `error`, the constructor's or the check's refusal of `row`, with what a field's reading threw as its cause (and its field), if one did. */
function withUnreadableCause(
  schemaVersion: SchemaVersion<object, never>,
  error: RowValidationError,
  row: unknown,
  rowIndex: number,
): RowValidationError {
  const unreadable = firstUnreadablePlace(schemaVersion.fields, row);
  if (unreadable === undefined) return error;
  return new RowValidationError(error.identifier, error.violations, rowIndex, undefined, { cause: unreadable.error });
}

/**
 * The fields of an instance of the row class, checked as it stands unless `validate` is false. A
 * lazy row (rows/lazy-fields.ts) gives them all at once, each decoded once for the check and the
 * columns, rather than read through its traps by both.
 */
function instanceFields<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  row: Row,
  validate: boolean,
  rowIndex: number,
  held: boolean,
): object {
  let fields: RowFields | undefined;
  try {
    fields = (row as { [LAZY_FIELDS]?: RowFields })[LAZY_FIELDS];
  } catch {
    // A field's getter threw (one defined on the row): the row as it stands says so, as an eager row does.
    fields = undefined;
  }
  // An instance is written from its declared fields: a key given it since, misspelling one it lacks, is refused first.
  if (fields === undefined) refuseMisspeltInstanceKeys(schemaVersion, row, rowIndex);
  else refuseMisspeltLazyRowKeys(schemaVersion, row, fields, rowIndex);
  if (fields === undefined && held) return heldInstanceFields(schemaVersion, row, validate, rowIndex);
  if (!validate) return fields ?? row;
  if (fields === undefined) return checkedInstance(schemaVersion, row, rowIndex);
  // An untouched lazy row of a read that validated it as this very version, its bytes its own since.
  if ((row as { [LAZY_VALIDATED_AS]?: unknown })[LAZY_VALIDATED_AS] === schemaVersion) return fields;
  return schemaVersion.rowClass.is(fields) ? fields : checkedInstance(schemaVersion, row, rowIndex);
}

/** An instance of the row class as it stands: its constructor validated it, but it may have been changed since. */
function checkedInstance<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  row: Row,
  rowIndex: number,
): Row {
  if (schemaVersion.rowClass.is(row)) return row;
  // A field whose reading throws is named, with what it threw.
  const unreadable = firstUnreadablePlace(schemaVersion.fields, row);
  if (unreadable !== undefined)
    throw unreadableRowError(schemaVersion.identifier, unreadable.error, rowIndex, unreadable);
  throw locatedRowError(rowError(schemaVersion, row), schemaVersion.identifier, { rowIndex });
}

function validRow<Row extends object>(schemaVersion: SchemaVersion<Row, never>, input: unknown, rowIndex: number): Row {
  try {
    return new schemaVersion.rowClass(input as never);
  } catch (error) {
    const located = locatedRowError(error, schemaVersion.identifier, { rowIndex });
    throw located instanceof RowValidationError
      ? withUnreadableCause(schemaVersion, located, input, rowIndex)
      : located;
  }
}

/**
 * `input` converted by the row class but not validated (`writeTable`'s `validate: false`): its
 * constraints and row checks are not asked, but every value must still have its column's type
 * and a required field a value, since the column stores nothing else (a string is no int64, a
 * missing value in a column without nulls would be read back as 0, and a lone surrogate has no
 * UTF-8: it would be read back as U+FFFD; a symbol holding NUL is no Julia Symbol, and Arrow.jl
 * could not read the file). Those are a `RowValidationError`.
 */
function storableRow<Row extends object>(schemaVersion: SchemaVersion<Row, never>, input: unknown, rowIndex: number) {
  const { rowClass, identifier } = schemaVersion;
  // A row class written by hand may have no conversion: its rows are stored as they are.
  const row = rowClass.convert === undefined ? input : rowClass.convert(input);
  const unstorable = rowClass.validate(row).filter(isUnstorable);
  if (unstorable.length > 0)
    throw withUnreadableCause(schemaVersion, new RowValidationError(identifier, unstorable, rowIndex), input, rowIndex);
  return row;
}

function isUnstorable({ code, expected }: Violation): boolean {
  return (
    code === "incorrect_type" ||
    code === "missing_field" ||
    expected === wellFormedUnicode ||
    expected === symbolWithoutNul
  );
}

/**
 * The record batch of a schema version's columns, `children` in its field order: the declared
 * schema (`declared`: the version's, or with its `any` columns typed by rows/any-columns.ts),
 * except for top-level Weights columns whose element type the values chose.
 */
export function batchOfColumns(
  schemaVersion: SchemaVersion<object, never>,
  children: readonly Data[],
  length: number,
  declared: Schema = schemaVersion.arrowSchema,
): RecordBatch {
  children.forEach((child, k) => checkNestedElementTypes(child, declared.fields[k]!.name));
  // A 128-bit integer column's data is FixedSizeBinary(16) under its field's Int(128) (ipc/uint128-columns.ts).
  const fields = declared.fields.map((f, k) =>
    children[k]!.type === f.type || is128BitInt(f.type)
      ? f
      : new Field(f.name, children[k]!.type, f.nullable, f.metadata),
  );
  const schema = fields.every((f, k) => f === declared.fields[k]) ? declared : new Schema(fields, declared.metadata);
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: [...children] });
  return new RecordBatch(schema, data);
}

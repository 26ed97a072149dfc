/**
 * Rows -> one record batch in a single pass: each row is validated (or trusted) and its fields
 * are written straight into per-column buffers, a chunk of rows at a time, so no validated row
 * outlives its chunk and no per-column array of boxed values is built for numbers or booleans.
 *
 * What is validated: a row that is an instance of the schema version's own row class was
 * converted and validated by its constructor and is written as it is; anything else goes
 * through that constructor once (converted, validated, row checks run), exactly as before. The
 * bytes written are those of columns/encode.ts's column encoders (test/runtime/arrow/row-encoder.property.test.ts
 * compares the two on random schemas): numbers and booleans are filled here, every other kind is
 * gathered and handed to `encodeColumn`.
 */
import { Field, makeData, RecordBatch, Schema, Struct, type Data } from "apache-arrow";
import type { FieldDescriptor } from "../../field-types.js";
import { propertyKey } from "../../field-names.js";
import type { SchemaVersion } from "../../schema-version.js";
import { bitmapByteLength, type NumericArray, type Validity } from "../columns/buffers.js";
import { encodeColumn } from "../columns/encode.js";
import { isWideOrHalf } from "../columns/julia-scalar-storage.js";
import { is128BitInt } from "../ipc/uint128-columns.js";
import { RowValidationError } from "../../errors.js";
import { withRowIndex } from "./batch-rows.js";
import { checkNestedElementTypes } from "../columns/weights.js";

/** Rows validated and encoded per step: small enough that they die young, large enough that the per-column loops stay tight. */
const CHUNK_ROWS = 1024;

type RowFields = Record<string, unknown>;

/**
 * One record batch of `rows` (row-class instances or anything its constructor accepts), in the
 * schema version's Arrow schema (or `declared`, which types its `any` columns) except where a column's values bring their own element type
 * (float64 or float16 Weights), which is kept. An invalid row throws its `RowValidationError`
 * with its index, `firstRowIndex` + its position, before anything is returned. With `validate`
 * false, only what the columns cannot store is invalid (see {@link storableRow}).
 */
export function encodeRows<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  rows: readonly unknown[],
  firstRowIndex = 0,
  validate = true,
  declared: Schema = schemaVersion.arrowSchema,
): RecordBatch {
  const length = rows.length;
  const writers = schemaVersion.fields.map((field, k) => columnWriter(field, declared.fields[k]!, length));
  const { rowClass } = schemaVersion;
  const rowOf = validate ? validRow : storableRow;
  const validated: RowFields[] = new Array<RowFields>(Math.min(CHUNK_ROWS, length));
  for (let start = 0; start < length; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, length - start);
    for (let j = 0; j < count; j++) {
      const input = rows[start + j];
      validated[j] = (
        isInstanceOf(input, rowClass.prototype) ? input : rowOf(schemaVersion, input, firstRowIndex + start + j)
      ) as RowFields;
    }
    for (const writer of writers) writer.write(validated, count, start);
  }
  return batchOfColumns(
    schemaVersion,
    writers.map((writer) => writer.finish()),
    length,
    declared,
  );
}

function isInstanceOf(input: unknown, prototype: object): boolean {
  return typeof input === "object" && input !== null && Object.getPrototypeOf(input) === prototype;
}

function validRow<Row extends object>(schemaVersion: SchemaVersion<Row, never>, input: unknown, rowIndex: number): Row {
  try {
    return new schemaVersion.rowClass(input as never);
  } catch (error) {
    throw withRowIndex(error, schemaVersion.identifier, rowIndex);
  }
}

/**
 * `input` converted by the row class but not validated (`writeTable`'s `validate: false`): its
 * constraints and row checks are not asked, but every value must still have its column's type
 * and a required field a value, since the column stores nothing else (a string is no int64, a
 * missing value in a column without nulls would be read back as 0). Those are a `RowValidationError`.
 */
function storableRow<Row extends object>(schemaVersion: SchemaVersion<Row, never>, input: unknown, rowIndex: number) {
  const { rowClass, identifier } = schemaVersion;
  // A row class written by hand may have no conversion: its rows are stored as they are.
  const row = rowClass.convert === undefined ? input : rowClass.convert(input);
  const unstorable = rowClass
    .validate(row)
    .filter((violation) => violation.code === "incorrect_type" || violation.code === "missing_field");
  if (unstorable.length > 0) throw new RowValidationError(identifier, unstorable, rowIndex);
  return row;
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

/** A column being filled: `write` takes property `key` of `rows[0..count)` as the column's rows `at..at + count`. */
interface ColumnWriter {
  write(rows: readonly RowFields[], count: number, at: number): void;
  finish(): Data;
}

function columnWriter(descriptor: FieldDescriptor, field: Field, length: number): ColumnWriter {
  const key = propertyKey(descriptor.name);
  switch (descriptor.type.kind) {
    case "bool":
      return new BoolColumn(key, field, length);
    case "int":
    case "float":
    case "timestamp":
    case "duration":
    case "time": {
      if (isWideOrHalf(descriptor.type)) return new GatheredColumn(key, descriptor, field, length);
      const ArrayType = field.type.ArrayType as unknown;
      return new NumericColumn(key, field, length, ArrayType === BigInt64Array || ArrayType === BigUint64Array);
    }
    default:
      return new GatheredColumn(key, descriptor, field, length);
  }
}

/**
 * Validity as `validityOf` (columns/buffers.ts) computes it, filled row by row: only a nullable column
 * with a missing value gets a bitmap; a missing value is `null` or `undefined`.
 */
class ValidityBuilder implements Validity {
  private readonly bits: Uint8Array | null;
  private nulls = 0;
  constructor(field: Field, length: number) {
    this.bits = field.nullable ? new Uint8Array(bitmapByteLength(length)) : null;
  }
  /** Records row `i` as present (`true`) or missing; returns `present`. */
  mark(i: number, present: boolean): boolean {
    if (this.bits === null) return present;
    if (present) this.bits[i >> 3]! |= 1 << (i & 7);
    else this.nulls++;
    return present;
  }
  get nullCount(): number {
    return this.nulls;
  }
  get nullBitmap(): Uint8Array | undefined {
    return this.nulls === 0 || this.bits === null ? undefined : this.bits;
  }
}

/**
 * Numbers of any width, staged as float64 and stored in the column's array once (exact: validated
 * values fit their column; one store site for every typed array would be megamorphic), or 64-bit
 * integers, staged as bigints in a BigInt64Array (signed and unsigned share the bits).
 */
class NumericColumn implements ColumnWriter {
  private readonly staged: Float64Array | BigInt64Array;
  private readonly validity: ValidityBuilder;
  constructor(
    private readonly key: string,
    private readonly field: Field,
    length: number,
    bigints: boolean,
  ) {
    this.staged = bigints ? new BigInt64Array(length) : new Float64Array(length);
    this.validity = new ValidityBuilder(field, length);
  }
  write(rows: readonly RowFields[], count: number, at: number): void {
    const { staged, validity, key } = this;
    for (let j = 0; j < count; j++) {
      const value = rows[j]![key];
      if (validity.mark(at + j, value !== null && value !== undefined)) staged[at + j] = value as never;
    }
  }
  finish(): Data {
    const { staged, validity, field } = this;
    const ArrayType = field.type.ArrayType as new (length: number) => NumericArray;
    let data: NumericArray = staged;
    if (ArrayType === BigUint64Array) data = new BigUint64Array(staged.buffer, 0, staged.length);
    else if (ArrayType !== staged.constructor) {
      data = new ArrayType(staged.length);
      (data as Float64Array).set(staged as Float64Array);
    }
    return makeData({
      type: field.type,
      length: staged.length,
      nullCount: validity.nullCount,
      nullBitmap: validity.nullBitmap,
      data,
    });
  }
}

class BoolColumn implements ColumnWriter {
  private readonly bits: Uint8Array;
  private readonly validity: ValidityBuilder;
  constructor(
    private readonly key: string,
    private readonly field: Field,
    private readonly length: number,
  ) {
    this.bits = new Uint8Array(bitmapByteLength(length));
    this.validity = new ValidityBuilder(field, length);
  }
  write(rows: readonly RowFields[], count: number, at: number): void {
    const { bits, validity, key } = this;
    for (let j = 0; j < count; j++) {
      const value = rows[j]![key];
      const i = at + j;
      if (validity.mark(i, value !== null && value !== undefined) && value === true) bits[i >> 3]! |= 1 << (i & 7);
    }
  }
  finish(): Data {
    const { bits, validity, field, length } = this;
    return makeData({
      type: field.type,
      length,
      nullCount: validity.nullCount,
      nullBitmap: validity.nullBitmap,
      data: bits,
    });
  }
}

/** Any other kind: the values are gathered (references, no copies) and encoded by columns/encode.ts at the end. */
class GatheredColumn implements ColumnWriter {
  private readonly values: unknown[];
  constructor(
    private readonly key: string,
    private readonly descriptor: FieldDescriptor,
    private readonly field: Field,
    length: number,
  ) {
    this.values = new Array<unknown>(length).fill(null);
  }
  write(rows: readonly RowFields[], count: number, at: number): void {
    const { values, key } = this;
    for (let j = 0; j < count; j++) values[at + j] = rows[j]![key] ?? null;
  }
  finish(): Data {
    return encodeColumn(this.descriptor.type, this.field, this.values);
  }
}

/**
 * The row encoder's columns (row-encoder.ts): each takes its field of a chunk of validated rows
 * and writes it straight into the column's buffers, so that the rows and what they hold (a
 * nested record's row object, say) die with their chunk instead of being gathered for the whole
 * batch. Numbers, booleans, strings, numeric lists and records are written so; every other kind
 * is gathered (references, no copies) and handed to columns/encode.ts's `encodeColumn` at the
 * end. The bytes are that encoder's either way (test/runtime/arrow/row-encoder.property.test.ts
 * compares the two on random schemas).
 */
import { DataType, makeData, type Data, type Field } from "apache-arrow";
import { typedArrayName, type FieldDescriptor } from "../../field-types.js";
import { propertyKey } from "../../field-names.js";
import {
  assertOffsetsFit,
  bitmapByteLength,
  type ColumnPlace,
  type NumericArray,
  type NumericArrayConstructor,
  type Validity,
} from "../columns/buffers.js";
import { encodeColumn } from "../columns/encode.js";
import { isWideOrHalf } from "../columns/julia-scalar-storage.js";
import { MAX_COLUMN_OFFSET } from "../errors.js";
import { Utf8ColumnBuilder } from "../columns/utf8-builder.js";

export type RowFields = Record<string, unknown>;

/** A column being filled: `write` takes its field of `rows[0..count)` as the column's rows `at..at + count`. */
export interface ColumnWriter {
  write(rows: readonly RowFields[], count: number, at: number): void;
  finish(): Data;
}

/** The writer of `descriptor`'s column, `field` its Arrow field, at `path` (for errors about its size). */
export function columnWriter(
  descriptor: FieldDescriptor,
  field: Field,
  length: number,
  path = field.name,
): ColumnWriter {
  const key = propertyKey(descriptor.name);
  const { type } = descriptor;
  const place = { path, rows: length };
  switch (type.kind) {
    case "bool":
      return new BoolColumn(key, field, length);
    case "int":
    case "float":
    case "timestamp":
    case "duration":
    case "time": {
      if (isWideOrHalf(type)) break;
      const ArrayType = field.type.ArrayType as unknown;
      return new NumericColumn(key, field, length, ArrayType === BigInt64Array || ArrayType === BigUint64Array);
    }
    case "string":
    case "symbol":
    case "schema-version":
      return new StringColumn(key, field, place);
    case "list":
    case "vector": {
      const arrayName = typedArrayName(type.element);
      if (arrayName === null || DataType.isLargeList(field.type)) break;
      return new NumericListColumn(key, field, globalThis[arrayName], place);
    }
    case "struct":
      return new StructColumn(key, field, type.fields, place);
    case "record":
      return new StructColumn(key, field, type.schemaVersion().fields, place);
  }
  return new GatheredColumn(key, descriptor, field, place);
}

/**
 * Validity as `validityOf` (columns/buffers.ts) computes it, filled row by row: only a nullable column
 * with a missing value gets a bitmap; a missing value is `null` or `undefined`.
 */
class ValidityBuilder {
  private readonly bits: Uint8Array | null;
  private missing = 0;
  constructor(field: Field, length: number) {
    this.bits = field.nullable ? new Uint8Array(bitmapByteLength(length)) : null;
  }
  /** Records row `i` as present (`true`) or missing; returns `present`. */
  mark(i: number, present: boolean): boolean {
    if (this.bits === null) return present;
    if (present) this.bits[i >> 3]! |= 1 << (i & 7);
    else this.missing++;
    return present;
  }
  /** The column's nulls as Arrow stores them. */
  nulls(): Validity {
    const { bits, missing } = this;
    return { nullCount: missing, nullBitmap: missing === 0 || bits === null ? undefined : bits };
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
    return makeData({ type: field.type, length: staged.length, ...validity.nulls(), data });
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
    return makeData({ type: field.type, length, ...validity.nulls(), data: bits });
  }
}

/** A Utf8 column, each chunk's strings encoded as they come (columns/utf8-builder.ts). */
class StringColumn implements ColumnWriter {
  private readonly builder: Utf8ColumnBuilder;
  private readonly validity: ValidityBuilder;
  constructor(
    private readonly key: string,
    private readonly field: Field,
    private readonly place: ColumnPlace,
  ) {
    this.builder = new Utf8ColumnBuilder(place, place.rows);
    this.validity = new ValidityBuilder(field, place.rows);
  }
  write(rows: readonly RowFields[], count: number, at: number): void {
    const { builder, validity, key } = this;
    // Each chunk is counted before it is encoded, as encode.ts counts a whole column (utf8-builder.ts).
    for (let j = 0; j < count; j++) builder.count(rows[j]![key]);
    for (let j = 0; j < count; j++) {
      const text = rows[j]![key];
      validity.mark(at + j, text !== null && text !== undefined);
      builder.append(text);
    }
  }
  finish(): Data {
    const { valueOffsets, data } = this.builder.finish();
    return makeData({ type: this.field.type, length: this.place.rows, ...this.validity.nulls(), valueOffsets, data });
  }
}

/**
 * A list of numbers (each value a typed array): offsets and elements as the chunks come. The
 * elements are copied into one array while their list is at hand, except while every list so far
 * continues the first one's buffer where the previous ended (consecutive views of one buffer, as
 * lists read from a file are): those are kept as one view with no copy, as `concatTyped` keeps
 * them, until a list breaks the run. More elements than 32-bit offsets address is refused by
 * `finish` (columns/buffers.ts's `assertOffsetsFit`, as `offsetsOf` refuses them); the copy stops there.
 */
class NumericListColumn implements ColumnWriter {
  private readonly valueOffsets: Int32Array;
  private readonly validity: ValidityBuilder;
  private elements = 0;
  private largest = 0;
  /** The first list with elements, while the lists after it continue its buffer (`run` its elements); else `null`. */
  private first: NumericArray | null = null;
  private run = 0;
  /** The elements copied so far (`elements` of them), once a list broke the run; `null` before. */
  private copied: NumericArray | null = null;
  /** The elements up to the end of the chunk being written, and its rows: what {@link reserve} projects from. */
  private projection = { elements: 0, rows: 1 };
  constructor(
    private readonly key: string,
    private readonly field: Field,
    private readonly elementArray: ElementArrayType,
    private readonly place: ColumnPlace,
  ) {
    this.valueOffsets = new Int32Array(place.rows + 1);
    this.validity = new ValidityBuilder(field, place.rows);
  }
  write(rows: readonly RowFields[], count: number, at: number): void {
    const { valueOffsets, validity, key } = this;
    // The chunk's elements, counted first: a copy is grown to what the rows up to its end project.
    let chunkElements = 0;
    for (let j = 0; j < count; j++) chunkElements += ((rows[j]![key] ?? EMPTY) as NumericArray).length | 0;
    this.projection = { elements: this.elements + chunkElements, rows: at + count };
    for (let j = 0; j < count; j++) {
      const value = rows[j]![key];
      const list = (validity.mark(at + j, value !== null && value !== undefined) ? value : EMPTY) as NumericArray;
      const length = list.length;
      if (length > 0 && this.elements + length <= MAX_COLUMN_OFFSET) this.add(list);
      if (length > this.largest) this.largest = length;
      this.elements += length;
      valueOffsets[at + j + 1] = this.elements;
    }
  }
  /** Puts `list`'s elements after the `elements` before it. */
  private add(list: NumericArray): void {
    const { first, elements } = this;
    if (this.copied === null) {
      if (first === null) {
        if (list instanceof this.elementArray) {
          this.first = list;
          this.run = list.length;
          return;
        }
      } else if (
        list.constructor === first.constructor &&
        list.buffer === first.buffer &&
        list.byteOffset === first.byteOffset + this.run * first.BYTES_PER_ELEMENT
      ) {
        this.run += list.length;
        return;
      }
      // The run ends here: what it holds is copied, and every list after it.
      this.copied = new this.elementArray(0);
      this.reserve(elements + list.length);
      if (first !== null) (this.copied as Float64Array).set(this.runView() as Float64Array);
      this.first = null;
    } else if (this.copied.length < elements + list.length) {
      this.reserve(elements + list.length);
    }
    (this.copied as Float64Array).set(list as unknown as Float64Array, elements);
  }
  /** The run of lists kept without a copy, as one view. */
  private runView(): NumericArray {
    const first = this.first!;
    return new this.elementArray(first.buffer, first.byteOffset, this.run);
  }
  /**
   * Grows the copy to take `needed` elements: to what the rows up to the current chunk's end
   * project for the whole column, an eighth more, so that it is usually allocated once; by
   * doubling where later rows hold more. Never past what 32-bit offsets address.
   */
  private reserve(needed: number): void {
    const copied = this.copied!;
    const { elements, rows } = this.projection;
    const projected = Math.ceil((elements / rows) * this.place.rows * 1.125);
    const size = Math.min(Math.max(needed, elements, 2 * copied.length, projected), MAX_COLUMN_OFFSET);
    const larger = new this.elementArray(size);
    (larger as Float64Array).set(copied.subarray(0, this.elements) as Float64Array);
    this.copied = larger;
  }
  finish(): Data {
    const { field, place } = this;
    assertOffsetsFit(this.elements, place, "elements", () => [this.largest]);
    const childField = field.type.children[0] as Field;
    const data =
      this.copied !== null
        ? this.copied.subarray(0, this.elements)
        : this.first !== null
          ? this.runView()
          : new this.elementArray(0);
    const child = makeData({ type: childField.type, length: data.length, nullCount: 0, data });
    return makeData({
      type: field.type,
      length: place.rows,
      ...this.validity.nulls(),
      valueOffsets: this.valueOffsets,
      child,
    } as never);
  }
}

type ElementArrayType = NumericArrayConstructor<NumericArray>;

const EMPTY = Object.freeze([]) as unknown as NumericArray;

/**
 * A record (or struct) column: its own validity, and a writer for each of its fields, fed each
 * chunk's records as they come. A missing record's fields are read from an empty object, so each
 * child stores what `encodeColumn` stores under a missing parent (zeros, empty strings, nulls).
 */
class StructColumn implements ColumnWriter {
  private readonly children: ColumnWriter[];
  private readonly validity: ValidityBuilder;
  private records: RowFields[] = [];
  constructor(
    private readonly key: string,
    private readonly field: Field,
    fields: readonly FieldDescriptor[],
    private readonly place: ColumnPlace,
  ) {
    const childFields = field.type.children as Field[];
    this.children = fields.map((child, k) =>
      columnWriter(child, childFields[k]!, place.rows, `${place.path}.${child.name}`),
    );
    this.validity = new ValidityBuilder(field, place.rows);
  }
  write(rows: readonly RowFields[], count: number, at: number): void {
    const { validity, key, records } = this;
    for (let j = 0; j < count; j++) {
      const value = rows[j]![key];
      records[j] = validity.mark(at + j, value !== null && value !== undefined) ? (value as RowFields) : NO_FIELDS;
    }
    for (const child of this.children) child.write(records, count, at);
  }
  finish(): Data {
    const children = this.children.map((child) => child.finish());
    return makeData({ type: this.field.type, length: this.place.rows, ...this.validity.nulls(), children });
  }
}

const NO_FIELDS: RowFields = Object.freeze({});

/** Any other kind: the values are gathered (references, no copies) and encoded by columns/encode.ts at the end. */
class GatheredColumn implements ColumnWriter {
  private readonly values: unknown[];
  constructor(
    private readonly key: string,
    private readonly descriptor: FieldDescriptor,
    private readonly field: Field,
    private readonly place: ColumnPlace,
  ) {
    this.values = new Array<unknown>(place.rows).fill(null);
  }
  write(rows: readonly RowFields[], count: number, at: number): void {
    const { values, key } = this;
    for (let j = 0; j < count; j++) values[at + j] = rows[j]![key] ?? null;
  }
  finish(): Data {
    return encodeColumn(this.descriptor.type, this.field, this.values, this.place);
  }
}

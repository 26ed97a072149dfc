/**
 * Values -> Arrow, one column at a time. The input is the column's values from validated rows
 * (so every value has its declared TypeScript type, or is `null` where the field is optional);
 * the output is an arrow `Data` of exactly the column's type in the schema version's Arrow
 * schema, so field names, nullability and extension metadata come from schema.ts alone.
 *
 * Typed arrays go in as they are where Arrow's layout allows: a single numeric list is its own
 * child buffer, and lists that are consecutive views of one buffer are not copied either.
 */
import { DataType, makeData, type Data, type Field, type Struct } from "apache-arrow";
import { typedArrayName, type FieldDescriptor, type FieldType } from "../../field-types.js";
import { MILLISECONDS_PER_DAY } from "../../convert.js";
import { ownValue, structKeys } from "../../field-names.js";
import {
  bitmapByteLength,
  concatTyped,
  elementsPlace,
  memberPlace,
  offsetsOf,
  valueAt,
  validityOf,
  type ColumnPlace,
  type NumericArray,
  type Validity,
} from "./buffers.js";
import { AnyColumnError } from "../errors.js";
import { anyColumnType, anyValueProblem } from "../rows/any-columns.js";
import { encodeWeights } from "./weights.js";
import { Utf8ColumnBuilder } from "./utf8-builder.js";
import { encodeJuliaColumn } from "./julia-scalars.js";
import { isWideOrHalf } from "./julia-scalar-storage.js";
import { encodeContainer, setElements } from "./julia-containers.js";

/**
 * The column of `field` (an Arrow field built by schema.ts for `type`) holding `values`. A
 * column too large for Arrow's 32-bit offsets is a `ColumnTooLargeError` naming `place`.
 */
export function encodeColumn(
  type: FieldType,
  field: Field,
  values: readonly unknown[],
  place: ColumnPlace = { path: field.name, rows: values.length },
): Data {
  const validity = validityOf(values, field.nullable);
  const { nullCount, nullBitmap } = validity;
  const length = values.length;
  const arrowType = field.type;
  if (isWideOrHalf(type)) return encodeJuliaColumn(type, field, values, validity, place);
  switch (type.kind) {
    case "bool": {
      const bits = new Uint8Array(bitmapByteLength(length));
      for (let i = 0; i < length; i++) if (values[i] === true) bits[i >> 3]! |= 1 << (i & 7);
      return makeData({ type: arrowType, length, nullCount, nullBitmap, data: bits });
    }
    case "int":
    case "float":
    case "timestamp":
    case "duration":
    case "time": {
      // Missing values become zeros under the validity bitmap. One store site for five kinds of
      // typed array would be megamorphic (slow), so numbers go through a Float64Array and one
      // `set` (exact: every value already fits the column's type); int64-like values are bigints.
      const data = new (arrowType.ArrayType as new (n: number) => NumericArray)(length);
      if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
        for (let i = 0; i < length; i++) data[i] = (values[i] ?? 0n) as bigint;
      } else if (data instanceof Float64Array) {
        for (let i = 0; i < length; i++) data[i] = (values[i] ?? 0) as number;
      } else {
        const numbers = new Float64Array(length);
        for (let i = 0; i < length; i++) numbers[i] = (values[i] ?? 0) as number;
        data.set(numbers);
      }
      return makeData({ type: arrowType, length, nullCount, nullBitmap, data });
    }
    case "date": {
      const days = new Int32Array(length);
      values.forEach((v, i) => (days[i] = v instanceof Date ? Math.floor(v.getTime() / MILLISECONDS_PER_DAY) : 0));
      return makeData({ type: arrowType, length, nullCount, nullBitmap, data: days });
    }
    case "datetime": {
      const milliseconds = new BigInt64Array(length);
      values.forEach((v, i) => (milliseconds[i] = v instanceof Date ? BigInt(v.getTime()) : 0n));
      return makeData({ type: arrowType, length, nullCount, nullBitmap, data: milliseconds });
    }
    case "string":
    case "symbol":
    case "schema-version": {
      const { valueOffsets, data } = encodeStrings(values, place);
      return makeData({ type: arrowType, length, nullCount, nullBitmap, valueOffsets, data });
    }
    case "binary": {
      const parts = values.map((v) => (v instanceof Uint8Array ? v : new Uint8Array(0)));
      const valueOffsets = offsetsOf(
        parts.map((p) => p.length),
        place,
        "bytes",
      );
      const data = concatTyped(parts, Uint8Array);
      return makeData({ type: arrowType, length, nullCount, nullBitmap, valueOffsets, data });
    }
    case "uuid": {
      const data = new Uint8Array(16 * length);
      values.forEach((v, i) => {
        if (typeof v === "string") writeUuidArrowBytes(v, data, 16 * i);
      });
      return makeData({ type: arrowType, length, nullCount, nullBitmap, data });
    }
    case "list":
    case "vector":
      return encodeList(type.element, field, values, validity, place);
    case "set":
      return encodeList(type.element, field, setElements(values), validity, place);
    case "ntuple":
    case "tuple":
    case "map":
    case "union":
      return encodeContainer(type, field, values, validity, place, encodeColumn);
    case "struct":
      return encodeStruct(type.fields, structKeys[type.keys ?? "property"], field, values, validity, place);
    case "record":
      return encodeStruct(type.schemaVersion().fields, structKeys.property, field, values, validity, place);
    case "weights":
      return encodeWeights(field, values, place);
    case "any":
      return encodeAnyColumn(field, values, place);
    case "char":
    case "version":
    case "abstract":
      return encodeJuliaColumn(type, field, values, validity, place);
  }
}

/**
 * An `any` column in the Arrow type its write gave it (rows/any-columns.ts), each value held to
 * that type first: a value of another type is refused, never stored as something else.
 */
function encodeAnyColumn(field: Field, values: readonly unknown[], place: ColumnPlace): Data {
  if (DataType.isNull(field.type)) {
    const present = values.findIndex((value) => value !== null && value !== undefined);
    if (present >= 0)
      throw new AnyColumnError(place.path, `${valueAt(place, present)} holds a value, and its Arrow type is Null`);
    return makeData({ type: field.type, length: values.length });
  }
  const stored = anyColumnType(field);
  // Named by its path (`z`, `many[].z`); a vector<any> column's elements are the any column of its List's child, `d[]`.
  // A value by its row, and below a list, map or ntuple its path there too (`row 0, many[1].z`).
  const column = place.path;
  if (stored === null) {
    // A dictionary (Arrow.jl's PooledArray) is written from rows in its value type, which the field
    // of a schema a user does not own (Onda's file_path::(<:Any)) can still be given.
    const values = DataType.isDictionary(field.type)
      ? `, pass fieldMetadataFrom a table or schema whose ${column} column is ${String(field.type.dictionary)} (the dictionary's value type)`
      : "";
    throw new AnyColumnError(
      column,
      `its Arrow type ${String(field.type)} is written unchanged from an Arrow table, not from row values: write the table${values}, or declare the field with a type`,
    );
  }
  values.forEach((value, i) => {
    if (value === null || value === undefined) {
      if (!field.nullable)
        throw new AnyColumnError(column, `${valueAt(place, i)} is missing, and its Arrow field has no nulls`);
      return;
    }
    const problem = anyValueProblem(stored, value);
    if (problem !== null) throw new AnyColumnError(column, `${valueAt(place, i, problem.part)} ${problem.reason}`);
  });
  return encodeColumn(stored, field, values, place);
}

function encodeList(
  element: FieldType,
  field: Field,
  values: readonly unknown[],
  validity: Validity,
  place: ColumnPlace,
): Data {
  const childField = field.type.children[0] as Field;
  const lists = values.map((v) => (v ?? EMPTY) as ArrayLike<unknown>);
  const valueOffsets = offsetsOf(
    lists.map((l) => l.length),
    place,
  );
  let child: Data;
  const arrayName = typedArrayName(element);
  if (arrayName !== null) {
    // Numeric lists are typed arrays already: their buffers become the child buffer.
    const type = globalThis[arrayName] as unknown as new (n: number) => NumericArray;
    const data = concatTyped(lists as NumericArray[], type as never);
    child = makeData({ type: childField.type, length: data.length, nullCount: 0, data });
  } else {
    const flat: unknown[] = [];
    for (const list of lists) for (let k = 0; k < list.length; k++) flat.push(list[k]);
    child = encodeColumn(element, childField, flat, elementsPlace(place, valueOffsets));
  }
  // A LargeList only as fieldMetadataFrom gives a vector<any> column: its offsets are 64-bit.
  const offsets = DataType.isLargeList(field.type) ? BigInt64Array.from(valueOffsets, BigInt) : valueOffsets;
  return makeData({ type: field.type, length: values.length, ...validity, valueOffsets: offsets, child } as never);
}

function encodeStruct(
  fields: readonly FieldDescriptor[],
  keyOf: (name: string) => string,
  field: Field,
  values: readonly unknown[],
  validity: Validity,
  place: ColumnPlace,
): Data {
  const type = field.type as Struct;
  // Children are written in the declared order of schema.ts's struct type, read by name.
  const children = fields.map((child, k) => {
    const key = keyOf(child.name);
    // An any value's struct is its object's own keys (a key it lacks is missing, never inherited).
    const read = keyOf === structKeys.own ? ownValue : (v: object, at: string) => (v as Record<string, unknown>)[at];
    const childValues = values.map((v) => (v === null || v === undefined ? null : read(v, key)));
    return encodeColumn(child.type, type.children[k]!, childValues, memberPlace(place, `.${child.name}`));
  });
  return makeData({ type, length: values.length, ...validity, children });
}

const EMPTY: readonly unknown[] = Object.freeze([]);

/** A Utf8 column's offsets and bytes (utf8-builder.ts); missing values are empty. */
function encodeStrings(values: readonly unknown[], place: ColumnPlace): { valueOffsets: Int32Array; data: Uint8Array } {
  const builder = new Utf8ColumnBuilder(place, values.length);
  // Counted first: a column over the limit is refused before anything is encoded (11 strings
  // of 200 MB need no 2.2 GB buffer to refuse).
  for (const text of values) builder.count(text);
  for (const text of values) builder.append(text);
  return builder.finish();
}

/** Writes a canonical UUID string as the 16 bytes Arrow.jl stores: the RFC 4122 bytes reversed. */
export function writeUuidArrowBytes(uuid: string, out: Uint8Array, at: number): void {
  const hex = uuid.replaceAll("-", "");
  for (let k = 0; k < 16; k++) out[at + 15 - k] = Number.parseInt(hex.slice(2 * k, 2 * k + 2), 16);
}

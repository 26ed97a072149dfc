/**
 * Values -> Arrow, one column at a time. The input is the column's values from validated rows
 * (so every value has its declared TypeScript type, or is `null` where the field is optional);
 * the output is an arrow `Data` of exactly the column's type in the schema version's Arrow
 * schema, so field names, nullability and extension metadata come from schema.ts alone.
 *
 * Typed arrays go in as they are where Arrow's layout allows: a single numeric list is its own
 * child buffer, and lists that are consecutive views of one buffer are not copied either.
 */
import { makeData, type Data, type Field, type Struct } from "apache-arrow";
import { typedArrayName, type FieldDescriptor, type FieldType } from "../field-types.js";
import { concatTyped, offsetsOf, validityOf, type NumericArray } from "./buffers.js";
import { recordFields } from "./schema.js";
import { encodeWeights } from "./weights-column.js";

const MILLISECONDS_PER_DAY = 86_400_000;
const utf8 = new TextEncoder();

/** The column of `field` (an Arrow field built by schema.ts for `type`) holding `values`. */
export function encodeColumn(type: FieldType, field: Field, values: readonly unknown[]): Data {
  const { nullCount, nullBitmap } = validityOf(values, field.nullable);
  const length = values.length;
  const arrowType = field.type;
  switch (type.kind) {
    case "bool": {
      const bits = new Uint8Array(((length + 63) >> 6) << 3);
      values.forEach((v, i) => {
        if (v === true) bits[i >> 3]! |= 1 << (i & 7);
      });
      return makeData({ type: arrowType, length, nullCount, nullBitmap, data: bits });
    }
    case "int":
    case "float":
    case "timestamp":
    case "duration": {
      // Missing values become zeros under the validity bitmap; int64-like columns are bigints.
      const data = new (arrowType.ArrayType as new (n: number) => NumericArray)(length);
      const zero = data instanceof BigInt64Array || data instanceof BigUint64Array ? 0n : 0;
      values.forEach((v, i) => (data[i] = (v ?? zero) as never));
      return makeData({ type: arrowType, length, nullCount, nullBitmap, data });
    }
    case "date": {
      const days = new Int32Array(length);
      values.forEach((v, i) => (days[i] = v instanceof Date ? Math.floor(v.getTime() / MILLISECONDS_PER_DAY) : 0));
      return makeData({ type: arrowType, length, nullCount, nullBitmap, data: days });
    }
    case "string":
    case "binary": {
      const parts = values.map((v) =>
        typeof v === "string" ? utf8.encode(v) : v instanceof Uint8Array ? v : new Uint8Array(0),
      );
      const valueOffsets = offsetsOf(parts.map((p) => p.length));
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
      return encodeList(type.element, field, values, nullCount, nullBitmap);
    case "struct":
      return encodeStruct(type.fields, field, values, nullCount, nullBitmap);
    case "record":
      return encodeStruct(recordFields(type.identifier), field, values, nullCount, nullBitmap);
    case "weights":
      return encodeWeights(field, values);
  }
}

function encodeList(
  element: FieldType,
  field: Field,
  values: readonly unknown[],
  nullCount: number,
  nullBitmap: Uint8Array | undefined,
): Data {
  const childField = field.type.children[0] as Field;
  const lists = values.map((v) => (v ?? EMPTY) as ArrayLike<unknown>);
  const valueOffsets = offsetsOf(lists.map((l) => l.length));
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
    child = encodeColumn(element, childField, flat);
  }
  return makeData({ type: field.type, length: values.length, nullCount, nullBitmap, valueOffsets, child });
}

function encodeStruct(
  fields: readonly FieldDescriptor[],
  field: Field,
  values: readonly unknown[],
  nullCount: number,
  nullBitmap: Uint8Array | undefined,
): Data {
  const type = field.type as Struct;
  // Children are written in the declared order of schema.ts's struct type, read by name.
  const children = fields.map((child, k) => {
    const childValues = values.map((v) => (v === null || v === undefined ? null : (v as Record<string, unknown>)[child.name]));
    return encodeColumn(child.type, type.children[k]!, childValues);
  });
  return makeData({ type, length: values.length, nullCount, nullBitmap, children });
}

const EMPTY: readonly unknown[] = Object.freeze([]);

/** Writes a canonical UUID string as the 16 bytes Arrow.jl stores: the RFC 4122 bytes reversed. */
export function writeUuidArrowBytes(uuid: string, out: Uint8Array, at: number): void {
  const hex = uuid.replaceAll("-", "");
  for (let k = 0; k < 16; k++) out[at + 15 - k] = Number.parseInt(hex.slice(2 * k, 2 * k + 2), 16);
}

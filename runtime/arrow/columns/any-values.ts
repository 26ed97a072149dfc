/**
 * `any` columns (Julia's untyped fields, `c` in Legolas's tour, and `::Any`): whatever Arrow
 * storage a column has, its values are the decoded Arrow values, and a column written back from
 * them has its exact Arrow type again.
 *
 * A storage that a legolas-ts type has (the table below) decodes as that type's values; the
 * column's extension name, if any, is kept in its field metadata and not interpreted:
 *
 *   Null -> null; Bool -> boolean; Int8..Int32, Uint8..Uint32 -> number; Int64, Uint64 -> bigint;
 *   Float32, Float64 -> number; Utf8 -> string; Binary -> Uint8Array; Date(DAY) -> Date at UTC
 *   midnight; Timestamp, Duration, Time64(ns) -> bigint count of the column's unit; List<T> ->
 *   array of T's values (a typed array for a numeric T without nulls); Struct -> plain object by
 *   child name.
 *
 * Every other storage (Map, Union, FixedSizeList, FixedSizeBinary, Decimal, Interval, Float16,
 * Date(MILLISECOND), Time32, LargeUtf8, views ...) decodes as apache-arrow's `get()` gives it,
 * made plain: a Vector as an array, a Map row as a `Map`, a struct row as an object. Such a
 * column is written back unchanged from an Arrow table, not from rows.
 */
import { DataType, DateUnit, type Field, makeVector, MapRow, Precision, TimeUnit, Vector } from "apache-arrow";
import type { FieldDescriptor, FieldType, TimeUnitName } from "../../field-types.js";

const UNIT_NAMES: Readonly<Record<TimeUnit, TimeUnitName>> = {
  [TimeUnit.SECOND]: "s",
  [TimeUnit.MILLISECOND]: "ms",
  [TimeUnit.MICROSECOND]: "us",
  [TimeUnit.NANOSECOND]: "ns",
};

/** The legolas-ts type whose values an `any` column of `arrowType` holds; `null` for storages no type has. */
export function storageFieldType(arrowType: DataType): FieldType | null {
  if (DataType.isBool(arrowType)) return { kind: "bool" };
  if (DataType.isInt(arrowType)) {
    const bits = arrowType.bitWidth;
    return bits === 8 || bits === 16 || bits === 32 || bits === 64
      ? { kind: "int", bits, signed: arrowType.isSigned }
      : null;
  }
  if (DataType.isFloat(arrowType)) {
    if (arrowType.precision === Precision.HALF) return null;
    return { kind: "float", bits: arrowType.precision === Precision.SINGLE ? 32 : 64 };
  }
  if (DataType.isUtf8(arrowType)) return { kind: "string" };
  if (DataType.isBinary(arrowType)) return { kind: "binary" };
  if (DataType.isDate(arrowType) && arrowType.unit === DateUnit.DAY) return { kind: "date" };
  if (DataType.isTimestamp(arrowType))
    return { kind: "timestamp", unit: UNIT_NAMES[arrowType.unit], timezone: arrowType.timezone ?? null };
  if (DataType.isDuration(arrowType)) return { kind: "duration", unit: UNIT_NAMES[arrowType.unit] };
  if (DataType.isTime(arrowType)) return arrowType.unit === TimeUnit.NANOSECOND ? { kind: "time" } : null;
  if (DataType.isList(arrowType)) {
    const element = storageFieldType(arrowType.children[0]!.type);
    return element === null ? null : { kind: "list", element };
  }
  if (DataType.isStruct(arrowType)) {
    const fields = arrowType.children.map(storageFieldDescriptor);
    return fields.includes(null) ? null : { kind: "struct", fields: fields as FieldDescriptor[] };
  }
  return null;
}

function storageFieldDescriptor(child: Field): FieldDescriptor | null {
  const type = storageFieldType(child.type);
  return type === null ? null : { name: child.name, type, optional: child.nullable, constraints: {} };
}

/** A reader of a storage no legolas-ts type has: apache-arrow's value, made plain (see the module's note). */
export function arrowValueReader(data: Parameters<typeof makeVector>[0]): (index: number) => unknown {
  const vector = makeVector(data);
  return (index) => plainArrowValue(vector.get(index));
}

function plainArrowValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return value;
  if (value instanceof Vector) return Array.from(value, plainArrowValue);
  // A MapRow and a StructRow both iterate as [key, value] pairs.
  const entries = Array.from(value as Iterable<[unknown, unknown]>, ([key, entry]) => [key, plainArrowValue(entry)]);
  return value instanceof MapRow ? new Map(entries as [unknown, unknown][]) : Object.fromEntries(entries);
}

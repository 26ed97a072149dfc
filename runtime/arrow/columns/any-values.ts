/**
 * `any` columns (Julia's untyped fields, `c` in Legolas's tour, and `::Any`): whatever Arrow
 * storage a column has, its values are the decoded Arrow values, and a column written back from
 * them has its exact Arrow type again.
 *
 * A storage that a legolas-ts type has (the table below) decodes as that type's values:
 *
 *   Null -> null; Bool -> boolean; Int8..Int32, Uint8..Uint32 -> number; Int64, Uint64 -> bigint;
 *   Float32, Float64 -> number; Utf8 -> string; Binary -> Uint8Array; Date(DAY) -> Date at UTC
 *   midnight; Timestamp, Duration, Time64(ns) -> bigint count of the column's unit; List<T> ->
 *   array of T's values (a typed array for a numeric T without nulls; a List of Null, Arrow.jl's
 *   `Vector{Missing}`, an array of nulls); Struct -> plain object by child name (a Null child,
 *   Arrow.jl's for a NamedTuple field `missing` in every row, is null).
 *
 * A storage Arrow.jl labels with a Julia type that a declared field reads it as decodes as that
 * type's values, as Arrow.jl reads a column of `Any` (a `UUID`, not its bytes), at every depth of
 * the storages above: FixedSizeBinary(16) `JuliaLang.UUID` -> uuid string, UInt32 `JuliaLang.Char`
 * -> one-code-point string, Timestamp(ms) without zone `JuliaLang.DateTime` -> Date, a List
 * `JuliaLang.Set` of elements a `set` may hold (never missing) -> Set, a Struct `JuliaLang.Tuple`
 * of children "1".."N" (never missing) -> array, and the `JuliaLang.VersionNumber` struct without
 * prerelease or build -> "1.2.3". Only the exact storage Arrow.jl writes for the type is so read
 * (each of these is written back byte for byte from its values); any other storage under such a
 * label reads as its storage, as an unknown label does. Labels whose values are their storage's
 * already (`JuliaLang.Symbol`, `JuliaLang.Date`, periods, zoned timestamps, ...) change nothing.
 *
 * Every other storage (Map, Union, FixedSizeList, FixedSizeBinary, Decimal, Interval, Float16,
 * Date(MILLISECOND), Time32, LargeUtf8, views ...) decodes as apache-arrow's `get()` gives it,
 * made plain: a Vector as an array, a Map row as a `Map`, a struct row as an object. Such a
 * column is written back unchanged from an Arrow table, not from rows.
 *
 * Text is the exception: apache-arrow decodes it with a TextDecoder that drops a leading U+FEFF
 * as a byte order mark, where Julia keeps it as part of the value. So a LargeUtf8 or Utf8View
 * column reads as a `string` column does, and a storage holding text at any depth (a Map with
 * string keys, a Struct with a LargeUtf8 member, ...) is read by {@link textHoldingDecoder}:
 * the same values, every string in them decoded by columns/utf8.ts's `decodeUtf8`.
 */
import {
  type Data,
  DataType,
  DateUnit,
  type Field,
  makeVector,
  MapRow,
  Precision,
  TimeUnit,
  Vector,
} from "apache-arrow";
import type { FieldDescriptor, FieldType, TimeUnitName } from "../../field-types.js";
import { numberOffsets } from "./buffers.js";
import { isTimeOfDayStorage } from "./time-units.js";
import { containerDecoder, mapKey, unionOfChildren } from "./julia-containers.js";
import { juliaArrowType } from "./julia-scalar-storage.js";
import { HASHABLE_KINDS } from "../../julia-containers.js";
import {
  CHAR_EXTENSION,
  DATETIME_EXTENSION,
  extensionNameOf,
  SET_EXTENSION,
  TUPLE_EXTENSION,
  UUID_EXTENSION,
  VERSION_NUMBER_EXTENSION,
} from "../metadata.js";

const UNIT_NAMES: Readonly<Record<TimeUnit, TimeUnitName>> = {
  [TimeUnit.SECOND]: "s",
  [TimeUnit.MILLISECOND]: "ms",
  [TimeUnit.MICROSECOND]: "us",
  [TimeUnit.NANOSECOND]: "ns",
};

/**
 * The legolas-ts type whose values an `any` column of `arrowType` holds (`field`: the Arrow field
 * of the column, whose Julia extension name is read as the module's note says); `null` for
 * storages no type has. `dictionaries`, for a read: a dictionary at any depth (Arrow.jl's pooled
 * values, a List's elements or a Struct's child among them) holds its values' type, as
 * docs/tables.md says dictionary columns decode to plain values; a write encodes none from rows.
 */
export function storageFieldType(arrowType: DataType, field?: Field, dictionaries = false): FieldType | null {
  if (dictionaries && DataType.isDictionary(arrowType)) return storageFieldType(arrowType.dictionary, field, true);
  const labelled = field === undefined ? null : labelledFieldType(arrowType, field, dictionaries);
  if (labelled !== null) return labelled;
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
  if (DataType.isTime(arrowType))
    return isTimeOfDayStorage(arrowType) && arrowType.unit === TimeUnit.NANOSECOND ? { kind: "time" } : null;
  if (DataType.isList(arrowType)) {
    const child: Field = arrowType.children[0]!;
    // A List of Null (Arrow.jl's Vector{Missing}) holds lists of nulls: untyped elements, as a Null struct child is.
    const element = DataType.isNull(child.type) ? ANY : storageFieldType(child.type, child, dictionaries);
    return element === null ? null : { kind: "list", element };
  }
  if (DataType.isStruct(arrowType)) {
    const fields = arrowType.children.map((child) => storageFieldDescriptor(child, dictionaries));
    return fields.includes(null) ? null : { kind: "struct", fields: fields as FieldDescriptor[], keys: "own" };
  }
  return null;
}

function storageFieldDescriptor(child: Field, dictionaries: boolean): FieldDescriptor | null {
  // A Null child (Arrow.jl's for a NamedTuple field that is `missing` in every row, as a write
  // infers a key missing in every object) is an untyped member, null in every row.
  const type = DataType.isNull(child.type) ? ANY : storageFieldType(child.type, child, dictionaries);
  return type === null ? null : { name: child.name, type, optional: child.nullable, constraints: {} };
}

/**
 * The declared type whose values a field labelled with a Julia type holds, where `arrowType` is
 * exactly the storage Arrow.jl writes for it (see the module's note); `null` otherwise.
 */
function labelledFieldType(arrowType: DataType, field: Field, dictionaries: boolean): FieldType | null {
  switch (extensionNameOf(field)) {
    case UUID_EXTENSION:
      return DataType.isFixedSizeBinary(arrowType) && arrowType.byteWidth === 16 ? { kind: "uuid" } : null;
    case CHAR_EXTENSION:
      return DataType.isInt(arrowType) && arrowType.bitWidth === 32 && !arrowType.isSigned ? { kind: "char" } : null;
    case DATETIME_EXTENSION:
      return DataType.isTimestamp(arrowType) && arrowType.unit === TimeUnit.MILLISECOND && arrowType.timezone == null
        ? { kind: "datetime" }
        : null;
    case VERSION_NUMBER_EXTENSION:
      return String(arrowType) === String(juliaArrowType({ kind: "version" })) ? { kind: "version" } : null;
    case SET_EXTENSION: {
      // Elements a JavaScript Set holds as Julia's does (no float: isequal tells 0.0 from -0.0), never missing.
      const child: Field | undefined = DataType.isList(arrowType) ? arrowType.children[0] : undefined;
      const element = child === undefined || child.nullable ? null : storageFieldType(child.type, child, dictionaries);
      return element !== null && HASHABLE_KINDS.has(element.kind) ? { kind: "set", element } : null;
    }
    case TUPLE_EXTENSION: {
      // A tuple's element is never missing here (no `T?` in a tuple): a nullable child reads as its storage.
      const numbered = (child: Field, k: number) => child.name === String(k + 1) && !child.nullable;
      if (!DataType.isStruct(arrowType) || !arrowType.children.every(numbered)) return null;
      const elements = arrowType.children.map((child) => storageFieldType(child.type, child, dictionaries));
      return elements.includes(null) ? null : { kind: "tuple", elements: elements as FieldType[] };
    }
    default:
      return null;
  }
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
  if (!(value instanceof MapRow)) return Object.fromEntries(entries);
  return new Map(entries.map(([key, entry]) => [mapKey(key), entry] as const));
}

/** Arrow's storages of text: Utf8, LargeUtf8 (64-bit offsets) and Utf8View (Polars writes strings so). */
export function isTextStorage(arrowType: DataType): boolean {
  return DataType.isUtf8(arrowType) || DataType.isLargeUtf8(arrowType) || DataType.isUtf8View(arrowType);
}

/** Whether values of `arrowType` hold text at any depth (a dictionary's values included). */
export function holdsText(arrowType: DataType): boolean {
  if (isTextStorage(arrowType)) return true;
  if (DataType.isDictionary(arrowType)) return holdsText(arrowType.dictionary);
  return (arrowType.children ?? []).some((child: Field) => holdsText(child.type));
}

/** decode.ts's `ColumnDecoder` (bound to a batch's data, it reads a row's value). */
type ColumnDecoder = (data: Data) => (index: number) => unknown;

const ANY: FieldType = { kind: "any" };

const ANY_KEY_VALUE = { kind: "map", key: { kind: "any" }, value: { kind: "any" } } as const;

/**
 * The decoder of a container no legolas-ts type has (a List, LargeList or FixedSizeList, a
 * Struct, Map or Union) that {@link holdsText}: the values {@link arrowValueReader} gives, built
 * here so that its text is read by `anyDecoder` (decode.ts's decoder of an `any` column, which
 * decodes strings with `decodeUtf8`); children without text read as apache-arrow gives them.
 */
export function textHoldingDecoder(
  arrowType: DataType,
  anyDecoder: (arrowType: DataType) => ColumnDecoder,
): ColumnDecoder {
  const childDecoder = (type: DataType): ColumnDecoder => (holdsText(type) ? anyDecoder(type) : arrowValueReader);
  const children: readonly Field[] = arrowType.children;
  if (DataType.isMap(arrowType)) return containerDecoder(ANY_KEY_VALUE, arrowType, (_, stored) => childDecoder(stored));
  if (DataType.isUnion(arrowType))
    return unionOfChildren(
      arrowType,
      children.map((child) => childDecoder(child.type)),
    );
  if (DataType.isStruct(arrowType)) {
    const decoders = children.map((child) => childDecoder(child.type));
    return (data) => {
      const readers = decoders.map((decode, k) => decode(data.children[k]!));
      return (i) => Object.fromEntries(readers.map((read, k) => [children[k]!.name, read(i)]));
    };
  }
  // A List, LargeList or FixedSizeList: an array of its elements, as a Vector made plain.
  const decodeElement = childDecoder(children[0]!.type);
  return (data) => {
    const offsets = numberOffsets(data);
    const readElement = decodeElement(data.children[0]!);
    return (i) => Array.from({ length: offsets[i + 1]! - offsets[i]! }, (_, k) => readElement(offsets[i]! + k));
  };
}

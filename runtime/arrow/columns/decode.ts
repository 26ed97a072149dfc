/**
 * Arrow -> values, one column at a time. A decoder is compiled once per column of a table from
 * the declared field type and the column's Arrow type (already checked by validate/table-schema.ts);
 * binding it to a batch's `Data` gives a reader `(rowIndex) => value` that goes straight to the
 * buffers, without arrow's per-value visitor dispatch.
 *
 * Values are those generated row classes hold (field-types.ts): int64 and timestamps as `bigint`
 * read from the BigInt64Array itself (arrow's `get()` turns timestamps into lossy numbers),
 * numeric lists as typed-array views of the file's buffers (no copy), structs and records read
 * by child NAME (Legolas.jl issue 94), `date` as a `Date` at UTC midnight.
 */
import {
  DataType,
  type Data,
  type Date_,
  type Dictionary,
  type Field,
  type Struct,
  type Time,
  type Timestamp,
} from "apache-arrow";
import {
  typedArrayName,
  type DefaultValue,
  type FieldDescriptor,
  type FieldType,
  type TimeUnitName,
} from "../../field-types.js";
import { structKeys } from "../../field-names.js";
import {
  isDateTime,
  isDay,
  isInt64,
  MILLISECONDS_PER_DAY,
  toBigInt,
  toDate,
  toFloat32,
  toTimestamp,
  toUuid,
} from "../../convert.js";
import { toFloat16, toVersion } from "../../julia-scalars.js";
import { bitmapNullCount, numberOffsets } from "./buffers.js";
import { decodeUtf8 } from "./utf8.js";
import { chunkIndex, dictionaryChunks, type DictionaryChain } from "./dictionary-chunks.js";
import { CorruptTableError, UnrepresentableValueError } from "../errors.js";
import { weightsDecoder } from "./weights.js";
import { arrowValueReader, holdsText, isTextStorage, storageFieldType, textHoldingDecoder } from "./any-values.js";
import { juliaValueDecoder } from "./julia-scalars.js";
import { isWideOrHalf } from "./julia-scalar-storage.js";
import { byteTupleDecoder, containerDecoder, setDecoder, unionDecoder, unionOfChildren } from "./julia-containers.js";
import { storageMatches } from "../validate/table-schema.js";
import { ntupleAsTuple } from "../validate/julia-containers.js";
import { changeUnit, dateTimeUnitChange, timeOfDayUnitChange, timestampUnitChange } from "./time-units.js";
import { TIME_UNITS } from "../schema.js";
import type { WeightsLayout } from "../../weights-shape.js";
import type { UnknownWeightsLayout } from "../weights-layout.js";

/** Reads the value of one row of a bound column. */
export type ValueReader = (index: number) => unknown;
/** A column's decoder: bind it to each batch's data. */
export type ColumnDecoder = (data: Data) => ValueReader;

export interface DecodeOptions {
  /**
   * Build nested records as instances of their row classes without running their constructors
   * (the table was validated some other way, or the caller chose to trust it). Otherwise nested
   * records are plain objects, which the outer row's constructor converts and validates.
   */
  readonly trusted: boolean;
  /** The layout the table says its Weights are in, which every Weights value read from it carries. */
  readonly weightsLayout?: WeightsLayout | UnknownWeightsLayout | undefined;
}

/**
 * A `date` value. Date(DAY) holds whole days by construction, but an int32 count of days can
 * exceed what a JavaScript `Date` holds (Julia's `Date` reaches further), and a Date(MILLISECOND)
 * column can hold a time of day, which means the file is not what its schema says, even when the
 * caller trusts its values.
 */
function wholeDay(milliseconds: number): Date {
  const date = new Date(milliseconds);
  if (!isDateTime(date)) throw beyondDate("date", milliseconds);
  if (!isDay(date)) {
    throw new CorruptTableError(`a date column holds ${milliseconds} ms since 1970, which is not a whole day`);
  }
  return date;
}

/**
 * A `datetime` value. Julia's DateTime reaches far beyond JavaScript's Date (about 275,000 years
 * either side of 1970); such a value cannot be read as a Date, and is refused rather than clamped.
 */
function dateTime(milliseconds: bigint): Date {
  const date = new Date(Number(milliseconds));
  if (!isDateTime(date) || BigInt(date.getTime()) !== milliseconds) throw beyondDate("datetime", milliseconds);
  return date;
}

/** A Julia `Date` or `DateTime` value past JavaScript's: sound, but with no `Date` to give. */
function beyondDate(kind: "date" | "datetime", milliseconds: number | bigint): UnrepresentableValueError {
  return new UnrepresentableValueError(
    `a ${kind} column holds ${milliseconds} ms since 1970, beyond what a JavaScript Date holds (±8.64e15 ms)`,
  );
}

/**
 * The decoder of a column (or struct child, or list element) of `type` stored as `arrowType`.
 * `field`, the Arrow field where the caller has it: its Julia label tells which member of a
 * `union` a column of one member's storage holds (a labelled FixedSizeBinary(16) is a uuid).
 */
export function columnDecoder(
  type: FieldType,
  arrowType: DataType,
  options: DecodeOptions,
  field?: Field,
): ColumnDecoder {
  if (DataType.isNull(arrowType)) return () => alwaysNull;
  if (DataType.isDictionary(arrowType)) return withNulls(dictionaryDecoder(type, arrowType, options, field));
  return withNulls(valueDecoder(type, arrowType, options, field));
}

/**
 * A dictionary-encoded column (Arrow.jl encodes pooled and categorical columns so, see its
 * `src/arraytypes/dictencoding.jl`): each row's index picks a value of the dictionary, decoded
 * as a plain column of the value type would be, anew for each row (rows never share an object).
 * guard/data-bounds.ts has checked every index against the dictionary's length. A dictionary
 * grown by deltas is a chain of chunks shared by the record batches (columns/dictionary-chunks.ts):
 * each chunk's reader is made once, and a row finds its chunk by binary search.
 */
function dictionaryDecoder(
  type: FieldType,
  arrowType: Dictionary,
  options: DecodeOptions,
  field: Field | undefined,
): ColumnDecoder {
  const valueDecoder = columnDecoder(type, arrowType.dictionary, options, field);
  const readersOf = new WeakMap<DictionaryChain, ValueReader[]>();
  return (data) => {
    const indices = data.values as ArrayLike<number | bigint>;
    const dictionary = dictionaryChunks(data.dictionary)!;
    const { chain, count } = dictionary;
    let readers = readersOf.get(chain);
    if (readers === undefined) readersOf.set(chain, (readers = []));
    while (readers.length < count) readers.push(valueDecoder(chain.chunks[readers.length]!));
    if (count === 1) {
      const read = readers[0]!;
      return (i) => read(Number(indices[i]));
    }
    const { starts } = chain;
    return (i) => {
      const index = Number(indices[i]);
      const k = chunkIndex(dictionary, index);
      return readers[k]!(index - starts[k]!);
    };
  };
}

/** A decoder yielding `value` for every row: for columns a file does not have. */
export function constantDecoder(value: unknown): ColumnDecoder {
  return () => () => value;
}

const alwaysNull: ValueReader = () => null;

const ANY: FieldType = { kind: "any" };
const STRING: FieldType = { kind: "string" };

/** For a column with no values: apache-arrow reads an empty struct without its children's data. */
const noValues: ValueReader = (i) => {
  throw new RangeError(`value ${i} of an empty column`);
};

/**
 * Masks a decoder with the column's validity bitmap, when the batch has any nulls at all. An
 * empty column gets no decoder of its own: its data may lack the children its type names.
 */
function withNulls(decoder: ColumnDecoder): ColumnDecoder {
  return (data) => {
    if (data.length === 0) return noValues;
    const read = decoder(data);
    if (bitmapNullCount(data) === 0) return read;
    const { nullBitmap, offset } = data;
    return (i) => {
      const bit = offset + i;
      return (nullBitmap[bit >> 3]! & (1 << (bit & 7))) !== 0 ? read(i) : null;
    };
  };
}

/**
 * The decoders of number columns, one function for each kind of typed array their values are in.
 * V8 keeps one record of what a function's loads have met for all its closures, and one decoder
 * shared by every number column read each value by its generic path once a process had read
 * columns of five kinds: 26-48 ms a million reads of a float64 column, against 0.9 ms (and 6-16
 * ms after four kinds; BENCHMARKS.md, "Number columns of many kinds").
 */
// biome-ignore format: a table, a line a kind
const NUMBER_READERS = new Map<unknown, ColumnDecoder>([
  [Float64Array, ({ values }) => (i) => values[i]],
  [Float32Array, ({ values }) => (i) => values[i]],
  [Int32Array, ({ values }) => (i) => values[i]],
  [Int16Array, ({ values }) => (i) => values[i]],
  [Int8Array, ({ values }) => (i) => values[i]],
  [Uint32Array, ({ values }) => (i) => values[i]],
  [Uint16Array, ({ values }) => (i) => values[i]],
  [Uint8Array, ({ values }) => (i) => values[i]],
  [BigInt64Array, ({ values }) => (i) => values[i]],
  [BigUint64Array, ({ values }) => (i) => values[i]],
]);

function valueDecoder(
  type: FieldType,
  arrowType: DataType,
  options: DecodeOptions,
  field: Field | undefined,
): ColumnDecoder {
  if (isWideOrHalf(type)) return juliaValueDecoder(type, arrowType);
  switch (type.kind) {
    case "bool":
      return ({ values, offset }) =>
        (i) => {
          const bit = offset + i;
          return (values[bit >> 3]! & (1 << (bit & 7))) !== 0;
        };
    case "int":
    case "float":
    case "duration":
      // Int64 and Duration data hold a BigInt64Array: these are exact bigints.
      return (
        NUMBER_READERS.get(arrowType.ArrayType) ??
        (({ values }) =>
          (i) =>
            values[i])
      );
    case "timestamp":
      return timestampDecoder(arrowType as Timestamp, type.unit);
    case "time":
      return timeOfDayDecoder(arrowType as Time);
    case "string":
    case "symbol":
    case "schema-version":
      if (isView(arrowType))
        return (data) => {
          const bytes = viewReader(data);
          return (i) => {
            const value = bytes(i);
            return decodeUtf8(value, 0, value.length);
          };
        };
      return (data) => {
        const values = data.values as Uint8Array;
        const offsets = numberOffsets(data);
        return (i) => decodeUtf8(values, offsets[i]!, offsets[i + 1]!);
      };
    case "binary":
      if (isView(arrowType)) return viewReader;
      return (data) => {
        const { values } = data;
        const offsets = numberOffsets(data);
        return (i) => values.subarray(offsets[i], offsets[i + 1]);
      };
    case "uuid":
      return ({ values }) =>
        (i) =>
          uuidFromArrowBytes(values as Uint8Array, i * 16);
    case "date":
      return (data) => {
        const values = data.values as Int32Array | BigInt64Array;
        return values instanceof Int32Array
          ? (i) => wholeDay(values[i]! * MILLISECONDS_PER_DAY)
          : (i) => wholeDay(Number(values[i]!));
      };
    case "datetime":
      return dateTimeDecoder(arrowType as Timestamp | Date_);
    case "ntuple":
      if (DataType.isFixedSizeBinary(arrowType))
        return byteTupleDecoder(type, (part, stored) => columnDecoder(part, stored, options));
      // A child's tuple (validate/julia-containers.ts): its parts in order, as the list it stands for.
      if (DataType.isStruct(arrowType))
        return containerDecoder(ntupleAsTuple(type), arrowType, (part, stored) => columnDecoder(part, stored, options));
      return listDecoder(type.element, (arrowType as DataType & { children: Field[] }).children[0]!, options);
    case "list":
    case "vector":
      return listDecoder(type.element, (arrowType as DataType & { children: Field[] }).children[0]!, options);
    case "set":
      return setDecoder(
        listDecoder(type.element, (arrowType as DataType & { children: Field[] }).children[0]!, options),
      );
    case "tuple":
    case "map":
      return containerDecoder(type, arrowType, (part, stored) => columnDecoder(part, stored, options));
    case "union":
      return unionDecoder(
        type,
        arrowType,
        (part, stored) => columnDecoder(part, stored, options),
        storageMatches,
        field,
      );
    case "struct":
      return structDecoder(type.fields, structKeys[type.keys ?? "property"], arrowType as Struct, options, null);
    case "record": {
      const record = type.schemaVersion();
      const rowClass = options.trusted ? record.rowClass : null;
      return structDecoder(record.fields, structKeys.property, arrowType as Struct, options, rowClass);
    }
    case "weights":
      return weightsDecoder(arrowType as Struct, options.trusted, options.weightsLayout);
    case "any": {
      const stored = storageFieldType(arrowType, undefined, true);
      if (stored !== null) return valueDecoder(stored, arrowType, options, field);
      // Not apache-arrow's get(), which drops a leading U+FEFF (columns/any-values.ts).
      if (isTextStorage(arrowType)) return valueDecoder(STRING, arrowType, options, field);
      if (holdsText(arrowType)) return textHoldingDecoder(arrowType, (child) => columnDecoder(ANY, child, options));
      return arrowValueReader;
    }
    case "abstract":
      // A child that narrowed the field to a union of its subtypes (`Union{Int64, Float64} <: Real`)
      // wrote a union: each value is its child's, read as the abstract type reads that storage.
      if (DataType.isUnion(arrowType))
        return unionOfChildren(
          arrowType,
          (arrowType.children as Field[]).map((child) =>
            DataType.isNull(child.type) ? null : columnDecoder(type, child.type, options),
          ),
        );
      return juliaValueDecoder(type, arrowType);
    case "char":
    case "version":
      return juliaValueDecoder(type, arrowType);
  }
}

/**
 * The type an `any` column of `column` reads as: its storage's, or its Julia label's where it
 * has one that a declared type reads (any-values.ts); a dictionary's values are labelled by the
 * column's field. `any` itself where no type has the storage (read as apache-arrow's values).
 */
export function anyFieldType(column: Field): FieldType {
  const stored = DataType.isDictionary(column.type) ? column.type.dictionary : column.type;
  return storageFieldType(stored, column, true) ?? ANY;
}

/** A `datetime` from any storage time-units.ts accepts, its sub-millisecond part dropped as Arrow.jl drops it. */
function dateTimeDecoder(arrowType: Timestamp | Date_): ColumnDecoder {
  const change = dateTimeUnitChange(arrowType);
  if (change.multiply === 1n && change.divide === 1n) {
    return (data) => {
      const values = data.values as BigInt64Array;
      return (i) => dateTime(values[i]!);
    };
  }
  return (data) => {
    const values = data.values as BigInt64Array;
    return (i) => dateTime(changeUnit(values[i]!, change));
  };
}

/** A `timestamp`'s count of its unit from a Timestamp of any unit, converted as Arrow.jl converts it (time-units.ts). */
function timestampDecoder(arrowType: Timestamp, unit: TimeUnitName): ColumnDecoder {
  const change = timestampUnitChange(arrowType, TIME_UNITS[unit]);
  if (change.multiply === 1n && change.divide === 1n)
    return ({ values }) =>
      (i) =>
        values[i];
  return (data) => {
    const values = data.values as BigInt64Array;
    return (i) => {
      const count = changeUnit(values[i]!, change);
      if (!isInt64(count)) {
        throw new UnrepresentableValueError(
          `a timestamp<${unit}> column stored as Arrow ${String(arrowType)} holds ${values[i]}, past what an Int64 count of ${unit} holds`,
        );
      }
      return count;
    };
  };
}

/** A `time` in nanoseconds from Time32 (seconds, milliseconds: int32 counts) or Time64 (int64 counts). */
function timeOfDayDecoder(arrowType: Time): ColumnDecoder {
  const change = timeOfDayUnitChange(arrowType);
  if (change.multiply === 1n)
    return ({ values }) =>
      (i) =>
        values[i];
  return (data) => {
    const values = data.values as Int32Array | BigInt64Array;
    return (i) => BigInt(values[i]!) * change.multiply;
  };
}

function listDecoder(element: FieldType, child: Field, options: DecodeOptions): ColumnDecoder {
  // A vector<any>'s elements read as an any column of the child (its Julia label included); they
  // stay a plain array, whatever they are.
  const readElement = columnDecoder(element.kind === "any" ? anyFieldType(child) : element, child.type, options, child);
  const typedName = typedArrayName(element);
  const encoded = DataType.isDictionary(child.type);
  return (data) => {
    const offsets = numberOffsets(data);
    const childData = data.children[0]!;
    // Numeric elements without nulls: a view of the child buffer, no copy (a dictionary-encoded
    // child holds indices there: its values are decoded into a typed array of their own). With
    // nulls, a plain array holding them, which the row validator then reports as not a typed array.
    if (typedName !== null && childData.nullCount === 0) {
      if (!encoded) {
        const values = childData.values as Float32Array;
        return (i) => values.subarray(offsets[i]!, offsets[i + 1]!);
      }
      const readValue = readElement(childData);
      const TypedArray = globalThis[typedName] as unknown as { from(values: Iterable<unknown>): unknown };
      return (i) =>
        TypedArray.from(Array.from({ length: offsets[i + 1]! - offsets[i]! }, (_, k) => readValue(offsets[i]! + k)));
    }
    const read = readElement(childData);
    // The nulls may lie outside every present list (a FixedSizeList keeps its slots under a
    // missing list, ntuple<T, N>): a list that holds none is still a view.
    const view = typedName !== null && !encoded ? (childData.values as Float32Array) : null;
    return (i) => {
      const start = offsets[i]!;
      const out = new Array<unknown>(offsets[i + 1]! - start);
      let holdsNull = false;
      for (let k = 0; k < out.length; k++) holdsNull = (out[k] = read(start + k)) === null || holdsNull;
      return view !== null && !holdsNull ? view.subarray(start, offsets[i + 1]!) : out;
    };
  };
}

/** Utf8View and BinaryView (Polars writes strings so): 16-byte views, short values inline. */
export function isView(arrowType: DataType): boolean {
  return DataType.isUtf8View(arrowType) || DataType.isBinaryView(arrowType);
}

/**
 * The bytes of each value of a view column (Arrow columnar format, "Variable-size Binary View
 * Layout"): a view is an int32 length, then the value itself when it fits in 12 bytes, else a
 * 4-byte prefix, the index of a data buffer and the offset in it. guard/data-bounds.ts has checked that
 * every view lies inside its buffer.
 */
function viewReader(data: Data): (index: number) => Uint8Array {
  const views = data.values as Uint8Array;
  const view = new DataView(views.buffer, views.byteOffset, views.byteLength);
  const buffers = (data as Data & { variadicBuffers: Uint8Array[] }).variadicBuffers;
  return (i) => {
    const at = i * 16; // apache-arrow slices the views with their data
    const length = view.getInt32(at, true);
    if (length <= 12) return views.subarray(at + 4, at + 4 + Math.max(length, 0));
    const start = view.getInt32(at + 12, true);
    return buffers[view.getInt32(at + 8, true)]!.subarray(start, start + length);
  };
}

/**
 * The decoder of a declared field stored as `arrowType` (`null`: absent, it reads as its default
 * or null; a computed field's as null, since its constructor takes the default only when the
 * expression gives no value, `value ?? default`: the default is not the expression's input).
 * Trusted, no constructor will convert the value: a missing value (absent or null) reads as the
 * converted default, as the row class's `coalesce` gives it.
 */
export function fieldDecoder(field: FieldDescriptor, column: Field | null, options: DecodeOptions): ColumnDecoder {
  // `input: any`: whatever is stored goes to the field's value expression as decoded.
  if (field.input === "any")
    return column === null ? constantDecoder(null) : columnDecoder(anyFieldType(column), column.type, options, column);
  // An `any` column reads as the type its storage has, its Julia label included (any-values.ts).
  const type = field.type.kind === "any" && column !== null ? anyFieldType(column) : field.type;
  if (!options.trusted || field.default === undefined) {
    const absent = field.computed === true ? null : (field.default ?? null);
    return column === null ? constantDecoder(absent) : columnDecoder(type, column.type, options, column);
  }
  const missing = convertedDefault(field.type, field.default);
  if (column === null) return constantDecoder(missing);
  const decode = columnDecoder(type, column.type, options, column);
  return (data) => {
    const read = decode(data);
    return (i) => read(i) ?? missing;
  };
}

/** A row class's prototype, for building trusted instances without running the constructor. */
interface HasPrototype {
  readonly prototype: object;
}

function structDecoder(
  fields: readonly FieldDescriptor[],
  keyOf: (name: string) => string,
  arrowType: Struct,
  options: DecodeOptions,
  rowClass: HasPrototype | null,
): ColumnDecoder {
  // Match children by name once; an absent optional child reads as its default or null.
  const children = fields.map((field) => {
    const index = arrowType.children.findIndex((child) => child.name === field.name);
    return { index, decoder: fieldDecoder(field, index < 0 ? null : arrowType.children[index]!, options) };
  });
  const names = fields.map((f) => keyOf(f.name));
  // An `any` column's struct has the file's child names, and `out.__proto__ = value` would make
  // the value the object's prototype (its fields inherited, the child itself gone): define it.
  const set = names.includes("__proto__") ? defineOwn : assign;
  return (data) => {
    const readers = children.map(({ index, decoder }) => decoder(index < 0 ? data : data.children[index]!));
    return (i) => {
      const out: Record<string, unknown> = rowClass === null ? {} : Object.create(rowClass.prototype);
      for (let k = 0; k < readers.length; k++) set(out, names[k]!, readers[k]!(i));
      return out;
    };
  };
}

function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  target[key] = value;
}

function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/**
 * A UUID from the 16 bytes Arrow.jl writes: Julia stores a UUID as a UInt128, so on disk its
 * bytes are the RFC 4122 bytes reversed.
 */
export function uuidFromArrowBytes(bytes: Uint8Array, at: number): string {
  let hex = "";
  for (let k = 15; k >= 0; k--) {
    hex += HEX[bytes[at + k]!];
    if (k === 12 || k === 10 || k === 8 || k === 6) hex += "-";
  }
  return hex;
}

/** A default as the generated conversion makes it (`Math.fround`, `BigInt`, a `Date`); `null` for a date it cannot convert. */
export function convertedDefault(type: FieldType, value: DefaultValue): unknown {
  switch (type.kind) {
    case "int":
      return type.bits >= 64 ? toBigInt(value) : value;
    case "float":
      return type.bits === 32 ? toFloat32(value) : type.bits === 16 ? toFloat16(value) : value;
    case "version":
      return toVersion(value);
    case "abstract":
      return type.name === "period" ? toBigInt(value) : value;
    case "date": {
      const date = toDate(value);
      return date instanceof Date ? date : null;
    }
    case "timestamp":
      return toTimestamp(value, type.unit);
    case "duration":
    case "time":
      return toBigInt(value);
    case "uuid":
      return toUuid(value);
    default:
      return value;
  }
}

/**
 * The columnar half of batch validation: for each declared field, a loop over its Arrow buffers
 * that flags every row whose value may break the field's rules. Nulls are judged from the null
 * count first and the validity bitmap only when a value needs it; `min`/`max` compare the typed
 * value buffers (bigints for 64-bit columns); string lengths and `values` are read from the UTF-8
 * bytes (allowed values pre-encoded once), `pattern` by its automaton on the bytes; list lengths come from the
 * offsets; structs and records recurse by child name; Weights layouts are checked on offsets, and
 * every part of a Weights value for a null (columns/weights.ts `holdsNull`).
 *
 * A flag is a suspicion, not a verdict: validate/batch.ts hands each flagged row to its row
 * class, so every reported violation is the row path's own (its code, path, expected and found
 * text). A scan must therefore never miss a bad value, but may flag a good one where deciding
 * exactly from bytes would be costly (invalid UTF-8, for instance); that costs time, not truth.
 */
import {
  DataType,
  type Data,
  type Date_,
  type Duration,
  type Field,
  type Struct,
  type Time,
  type Timestamp,
} from "apache-arrow";
import {
  mayHoldKind,
  typedArrayName,
  type Constraints,
  type FieldDescriptor,
  type FieldType,
  type TimeUnitName,
} from "../../field-types.js";
import type { SchemaVersion } from "../../schema-version-types.js";
import { bitmapNullCount, isPresent, numberOffsets } from "../columns/buffers.js";
import { isInt64, MILLISECONDS_PER_DAY, NANOSECONDS_PER_DAY } from "../../convert.js";
import {
  changeUnit,
  dateTimeUnitChange,
  durationUnitChange,
  storedRange,
  timeOfDayUnitChange,
  timestampUnitChange,
} from "../columns/time-units.js";
import { intRange } from "../../int-ranges.js";
import { anyFieldType, convertedDefault, isView } from "../columns/decode.js";
import { encodeColumn } from "../columns/encode.js";
import { holdsNull, weightsStorage } from "../columns/weights.js";
import { rowChecker, type RowChecker } from "./row-cursor.js";
import { isWideOrHalf } from "../columns/julia-scalar-storage.js";
import { isCodePoint, versionPartsOf } from "../columns/julia-scalars.js";
import { isListedSchemaVersion, isSchemaVersionIdentifier, isVersionPart } from "../../julia-scalars.js";
import { arrowFieldOf, TIME_UNITS } from "../schema.js";
import { bytesEqual, decodeUtf8, utf8CodePoints } from "../columns/utf8.js";
import { type PatternAutomaton, patternAutomaton } from "../../patterns.js";

/**
 * Flags in `bad` (indexed like `data`) each of the first `n` values that may break its field;
 * returns whether it flagged any. Compiled once per column, run once per batch.
 */
export type ColumnScan = (data: Data, n: number, bad: Uint8Array) => boolean;

/** What a scan needs to know of a field; list elements are required fields without constraints. */
type ScannedField = Pick<FieldDescriptor, "type" | "optional" | "constraints" | "default">;

/** The largest time a JavaScript `Date` holds, in ms either side of 1970. */
const MAX_DATE_MILLISECONDS = 8.64e15;
const encoder = new TextEncoder();

/** The scan of a column (or struct child, or list element) of `field` stored as `column`; `null` when the column is absent. */
export function fieldScan(field: ScannedField, column: Field | null): ColumnScan {
  const nullIsBad = missingValueIsBad(field);
  const arrowType = column === null ? null : (column.type as DataType);
  if (arrowType === null || DataType.isNull(arrowType)) return nullIsBad ? flagAll : flagNone;
  // An `any` column is read as its storage's type, its Julia label included (a JuliaLang.DateTime
  // is read as Dates), and so may hold what that type's reading refuses: scanned as that type.
  const type = field.type.kind === "any" ? anyFieldType(column!) : field.type;
  const values = valueScan(type, field.constraints, arrowType);
  return (data, n, bad) => {
    let any = values === null ? false : values(data, n, bad);
    if (nullIsBad && bitmapNullCount(data) > 0) any = flagNulls(data, n, bad) || any;
    return any;
  };
}

const flagNone: ColumnScan = () => false;
/** Flags every value: for a field whose stored value only its row class can judge (a `value:` expression's input). */
export const flagAll: ColumnScan = (_data, n, bad) => {
  bad.fill(1, 0, n);
  return n > 0;
};

/**
 * Whether a missing value breaks the field: required without a default, or a default that
 * itself fails the field's value rules (the row path converts and validates it like any value).
 */
function missingValueIsBad(field: ScannedField): boolean {
  if (field.default === undefined) return !field.optional;
  const value = convertedDefault(field.type, field.default);
  if (value === null) return true;
  try {
    const column = encodeColumn(field.type, arrowFieldOf("", field.type, true), [value]);
    const scan = valueScan(field.type, field.constraints, column.type);
    return scan?.(column, 1, new Uint8Array(1)) ?? false;
  } catch {
    return true;
  }
}

/** Flags the nulls among the first `n` values: a missing value where the field needs one. */
function flagNulls(data: Data, n: number, bad: Uint8Array): boolean {
  const { nullBitmap, offset } = data;
  let any = false;
  for (let i = 0; i < n; i++) {
    const bit = offset + i;
    if ((nullBitmap[bit >> 3]! & (1 << (bit & 7))) === 0) {
      bad[i] = 1;
      any = true;
    }
  }
  return any;
}

/** Flags value `i` unless it is null (a null's fate is the null rule's); returns whether it flagged. */
function flagValue(data: Data, i: number, bad: Uint8Array): boolean {
  if (!isPresent(data, i)) return false;
  bad[i] = 1;
  return true;
}

/** The scan of the present values of `type`, or `null` when no present value can break its rules. */
function valueScan(type: FieldType, constraints: Constraints, arrowType: DataType): ColumnScan | null {
  // Storage the scans do not read (dictionary indices, view buffers, written by Arrow.jl and
  // Polars): every present value is a suspect, judged by its row class.
  if (DataType.isDictionary(arrowType) || isView(arrowType)) return flagPresent;
  // The Julia scalars' buffers are no plain numbers (float16 bits, 16-byte integers, any Int for
  // `integer`): a constrained column's values are judged by its row class.
  if (isWideOrHalf(type)) return Object.keys(constraints).length === 0 ? null : flagPresent;
  switch (type.kind) {
    case "bool":
      return constraints.values === undefined ? null : boolValuesScan(new Set(constraints.values));
    case "int":
    case "float":
    case "duration":
      return numberScan(constraints, arrowType);
    case "timestamp":
      return timestampScan(constraints, arrowType as Timestamp, type.unit);
    case "date":
      return dateScan(constraints.values !== undefined);
    case "datetime":
      return dateTimeScan(constraints.values !== undefined, arrowType as Timestamp | Date_);
    case "time":
      return timeOfDayScan(constraints, arrowType as Time);
    case "string":
      return stringScan(constraints);
    case "symbol":
      return stringScan(constraints, true);
    case "schema-version":
      return schemaVersionScan(constraints);
    case "char":
      // A constrained char is judged by its row class, whose reading refuses what this scan flags.
      return Object.keys(constraints).length === 0 ? codePointScan : flagPresent;
    case "version":
      return Object.keys(constraints).length === 0 ? versionScan(arrowType as Struct) : flagPresent;
    case "abstract":
      if (Object.keys(constraints).length > 0) return flagPresent;
      return type.name === "period" ? periodScan(arrowType as Duration) : null;
    case "binary":
      return lengthScan(constraints, (data) => numberOffsets(data));
    case "uuid":
      return constraints.values === undefined ? null : uuidValuesScan(constraints.values as readonly string[]);
    case "ntuple":
      // Bytes (a FixedSizeBinary) are uint8 values all: nothing to scan.
      if (DataType.isFixedSizeBinary(arrowType)) return null;
      // A child's tuple: judged by the row path, as a tuple is.
      if (DataType.isStruct(arrowType)) return flagPresent;
      return listScan(type.element, constraints, (arrowType as DataType & { children: Field[] }).children[0]!);
    case "list":
    case "vector":
    case "set":
      return listScan(type.element, constraints, (arrowType as DataType & { children: Field[] }).children[0]!);
    case "tuple":
    case "map":
    case "union":
      return flagPresent;
    case "struct":
      return structScan(type.fields, arrowType as Struct, null);
    case "record": {
      const record = type.schemaVersion();
      return structScan(record.fields, arrowType as Struct, record);
    }
    case "weights":
      return weightsScan(arrowType as Struct);
    case "any":
      // A storage no type has reads as apache-arrow's values, judged by the row path where a Map's float key may be -0.0.
      return holdsFloatMapKey(arrowType) ? flagPresent : null;
  }
}

function boolValuesScan(allowed: ReadonlySet<unknown>): ColumnScan {
  return (data, n, bad) => {
    const { values, offset } = data;
    let any = false;
    for (let i = 0; i < n; i++) {
      const bit = offset + i;
      if (!allowed.has((values[bit >> 3]! & (1 << (bit & 7))) !== 0)) any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/**
 * `min`, `max` and `values` of a numeric column, over its typed value buffer as the row path
 * compares: `!(v >= min)` (so NaN fails a bound), bigints against bigints for 64-bit columns.
 * V8 keeps one record of the operands a loop's sites have met for every closure of a function,
 * so each loop is a function of its own: one loop for every column met bigints and numbers and
 * ran 3-5x slower (BENCHMARKS.md, "Issue 24, 2026-12-06 session 13"); a column with one bound
 * pays for one comparison; and the loops over numbers read float64 only ({@link float64Values}).
 */
function numberScan(constraints: Constraints, arrowType: DataType): ColumnScan | null {
  const { min, max } = constraints;
  if (constraints.values !== undefined) {
    const valuesOf = holdsBigints(arrowType) ? bigintValues : float64Values;
    return allowedNumberScan(new Set<unknown>(constraints.values), min, max, valuesOf);
  }
  if (min === undefined && max === undefined) return null;
  if (holdsBigints(arrowType)) return bigintBoundsScan(min, max);
  return max === undefined ? lowerBoundScan(min!) : boundsScan(min ?? -Infinity, max);
}

function holdsBigints(arrowType: DataType): boolean {
  const ArrayType: unknown = arrowType.ArrayType;
  return ArrayType === BigInt64Array || ArrayType === BigUint64Array;
}

function lowerBoundScan(low: number | bigint): ColumnScan {
  return (data, n, bad) => {
    let any = false;
    for (let start = 0; start < n; start += FLOAT64_CHUNK) {
      const values = float64Values(data.values, start, Math.min(n, start + FLOAT64_CHUNK));
      for (let i = 0; i < values.length; i++) if (!(values[i]! >= low)) any = flagValue(data, start + i, bad) || any;
    }
    return any;
  };
}

function boundsScan(low: number | bigint, high: number | bigint): ColumnScan {
  return (data, n, bad) => {
    let any = false;
    for (let start = 0; start < n; start += FLOAT64_CHUNK) {
      const values = float64Values(data.values, start, Math.min(n, start + FLOAT64_CHUNK));
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!(v >= low && v <= high)) any = flagValue(data, start + i, bad) || any;
      }
    }
    return any;
  };
}

const FLOAT64_CHUNK = 4096;
const float64Chunk = new Float64Array(FLOAT64_CHUNK);

/**
 * Values `start` to `end` (at most {@link FLOAT64_CHUNK} apart) of a column of numbers, as
 * float64: a Float64Array column's own, any other's copied into one chunk (`set` converts them
 * natively, and every int8-uint32 and float32 value is a float64 exactly). So the loops over them
 * meet one kind of typed array. A loop that had met more than four (a process reading int8,
 * uint16, int32, float32 and float64 columns with bounds) read every value by V8's generic path:
 * 8-21 ms a million values, against 1.5-2.6 ms (BENCHMARKS.md, "Number columns of many kinds").
 */
function float64Values(values: ArrayLike<number>, start: number, end: number): Float64Array {
  if (values instanceof Float64Array) return values.subarray(start, end);
  float64Chunk.set((values as Float32Array).subarray(start, end));
  return float64Chunk.subarray(0, end - start);
}

/** The bounds of a 64-bit integer, timestamp or duration column, whose values are bigints (and so never NaN). */
function bigintBoundsScan(low: number | bigint | undefined, high: number | bigint | undefined): ColumnScan {
  return (data, n, bad) => {
    const values = data.values as BigInt64Array | BigUint64Array;
    let any = false;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if ((low !== undefined && v < low) || (high !== undefined && v > high)) any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/** `values:` (and any bounds) of a numeric column, its values read by `valuesOf` a chunk at a time. */
function allowedNumberScan(
  allowed: ReadonlySet<unknown>,
  min: number | bigint | undefined,
  max: number | bigint | undefined,
  valuesOf: (values: never, start: number, end: number) => ArrayLike<number | bigint>,
): ColumnScan {
  return (data, n, bad) => {
    let any = false;
    for (let start = 0; start < n; start += FLOAT64_CHUNK) {
      const values = valuesOf(data.values as never, start, Math.min(n, start + FLOAT64_CHUNK));
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!allowed.has(v) || (min !== undefined && !(v >= min)) || (max !== undefined && !(v <= max)))
          any = flagValue(data, start + i, bad) || any;
      }
    }
    return any;
  };
}

/** Values `start` to `end` of a column of 64-bit integers, in place. */
const bigintValues = (values: BigInt64Array | BigUint64Array, start: number, end: number) =>
  values.subarray(start, end);

/**
 * A `date` value the decoder can make a `Date` of (else reading the row throws, which the row
 * path reports): within a `Date`'s range and a whole day. `values` holds text and so never
 * equals a `Date`: any present value fails.
 */
function dateScan(hasValues: boolean): ColumnScan {
  return (data, n, bad) => {
    const values = data.values as Int32Array | BigInt64Array;
    let any = false;
    for (let i = 0; i < n; i++) {
      const milliseconds = values instanceof Int32Array ? values[i]! * MILLISECONDS_PER_DAY : Number(values[i]!);
      const readable = Math.abs(milliseconds) <= MAX_DATE_MILLISECONDS && milliseconds % MILLISECONDS_PER_DAY === 0;
      if (hasValues || !readable) any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/**
 * A `datetime` the decoder can make a `Date` of: within a `Date`'s range once in milliseconds,
 * compared as stored (any unit, columns/time-units.ts), so nothing is converted. `values`, as for
 * `date`, fails every present value.
 */
function dateTimeScan(hasValues: boolean, arrowType: Timestamp | Date_): ColumnScan {
  const { low, high } = storedRange(-MAX_DATE_MS, MAX_DATE_MS, dateTimeUnitChange(arrowType));
  return (data, n, bad) => {
    const values = data.values as BigInt64Array;
    let any = false;
    for (let i = 0; i < n; i++) {
      const stored = values[i]!;
      if (hasValues || stored < low || stored > high) any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

const MAX_DATE_MS = BigInt(MAX_DATE_MILLISECONDS);

const [INT64_MIN, INT64_MAX] = intRange(64, true);

/**
 * A `timestamp` stored in another unit than its own (columns/time-units.ts): a coarser unit's
 * counts that would pass Int64 once converted are flagged (their reading refuses them), and its
 * `min`/`max`/`values`, which are in the field's unit, are left to the row path (every present
 * value flagged) as a `time`'s are.
 */
function timestampScan(constraints: Constraints, arrowType: Timestamp, unit: TimeUnitName): ColumnScan | null {
  const change = timestampUnitChange(arrowType, TIME_UNITS[unit]);
  const constrained = numberScan(constraints, arrowType);
  if (change.multiply === 1n && change.divide === 1n) return constrained;
  if (constrained !== null) return flagPresent;
  // A finer unit is divided: every count stays within Int64.
  if (change.multiply === 1n) return null;
  const { low, high } = storedRange(INT64_MIN, INT64_MAX, change);
  return (data, n, bad) => {
    const values = data.values as BigInt64Array;
    let any = false;
    for (let i = 0; i < n; i++) {
      const stored = values[i]!;
      if (stored < low || stored > high) any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/**
 * A `time`: nanoseconds since midnight within one day, compared as stored (Time32 or Time64 of
 * any unit), and its `min`/`max`/`values`, which are nanoseconds: compared on Time64(ns) storage,
 * left to the row path (every present value flagged) on any other.
 */
function timeOfDayScan(constraints: Constraints, arrowType: Time): ColumnScan {
  const change = timeOfDayUnitChange(arrowType);
  const constrained = numberScan(constraints, arrowType);
  const bounds = constrained === null || change.multiply === 1n ? constrained : flagPresent;
  const day = storedRange(0n, NANOSECONDS_PER_DAY - 1n, change);
  return (data, n, bad) => {
    const values = data.values as Int32Array | BigInt64Array;
    let any = bounds === null ? false : bounds(data, n, bad);
    for (let i = 0; i < n; i++) {
      const stored = values[i]!;
      if (stored < day.low || stored > day.high) any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/**
 * A `char` the decoder can read (columns/julia-scalars.ts `isCodePoint`): a flagged value is read
 * by the row path, whose decoder throws its error, before any row is given.
 */
const codePointScan: ColumnScan = (data, n, bad) => {
  const values = data.values as Uint32Array;
  let any = false;
  for (let i = 0; i < n; i++) if (!isCodePoint(values[i]!)) any = flagValue(data, i, bad) || any;
  return any;
};

// ---------------------------------------------------------------------------------------------
// Values no row can hold, for reads that trust the values (`validate: "columns"`)

/**
 * The scan of the values of `type` stored as `column` that its decoder refuses (columns/decode.ts,
 * columns/julia-scalars.ts): a `char` past U+10FFFF, a `date` or `datetime` beyond a JavaScript
 * `Date` (or a `date` that is no whole day), a `Weights` value with a null inside or a size that
 * does not fit its values (columns/weights.ts), at any depth, in an `any` column as its storage
 * reads. `null` when no value of the column can be one, so a read of a schema without such types
 * pays nothing. A read that trusts the values (`validate: "columns"`) runs it before any row is
 * given, so that its lazy rows never throw from a getter what its eager rows throw at read time.
 * Values in a `tuple`, `map` or `union`, a dictionary or a view are flagged whenever present:
 * the decoder judges them.
 */
export function unreadableScan(type: FieldType, column: Field | null): ColumnScan | null {
  if (column === null || DataType.isNull(column.type)) return null;
  // An `any` column reads as its storage's type; one no type has reads as apache-arrow's values.
  const resolved = type.kind === "any" ? anyFieldType(column) : type;
  // A storage no type has reads as apache-arrow's values: only a Map's float key (a -0.0) is refused there.
  if (resolved.kind === "any") return holdsFloatMapKey(column.type) ? flagPresent : null;
  if (!mayHoldKind(resolved, MAY_BE_UNREADABLE)) return null;
  const arrowType = column.type as DataType;
  if (DataType.isDictionary(arrowType) || isView(arrowType)) return flagPresent;
  switch (resolved.kind) {
    case "char":
      return codePointScan;
    case "date":
      return dateScan(false);
    case "datetime":
      return dateTimeScan(false, arrowType as Timestamp | Date_);
    case "weights":
      // A trusted read's decoder refuses a Weights value with a null inside or a size that does not fit its vec.
      return weightsScan(arrowType as Struct);
    case "version":
      // A trusted read's decoder refuses a version with a null part; its counts are the row class's to judge.
      return versionScan(arrowType as Struct, false);
    case "ntuple":
    case "list":
    case "vector":
    case "set": {
      if (DataType.isFixedSizeBinary(arrowType)) return null;
      const child = (arrowType as DataType & { children: Field[] }).children[0]!;
      const elements = unreadableScan(resolved.element, child);
      return elements === null ? null : elementsScan(elements);
    }
    case "struct":
      return childrenScan(byName(resolved.fields, arrowType as Struct));
    case "record":
      return childrenScan(byName(resolved.schemaVersion().fields, arrowType as Struct));
    case "tuple": {
      // Arrow.jl's Struct of "1", "2", ..., which the decoder reads by position.
      const parts = (arrowType as Struct).children;
      return childrenScan(resolved.elements.map((element, k) => ({ type: element, index: k, column: parts[k]! })));
    }
    case "map": {
      // A List of key-value Structs (`entries`, `key`, `value`), read by position.
      const entry = (arrowType as DataType & { children: Field[] }).children[0]!;
      const [key, value] = (entry.type as Struct).children;
      const entries = childrenScan([
        { type: resolved.key, index: 0, column: key! },
        { type: resolved.value, index: 1, column: value! },
      ]);
      return entries === null ? null : elementsScan(entries);
    }
    default:
      return flagPresent;
  }
}

/** Whether values of `arrowType` hold, at any depth, a Map whose keys are floats (columns/julia-containers.ts `mapKey`). */
function holdsFloatMapKey(arrowType: DataType): boolean {
  if (DataType.isDictionary(arrowType)) return holdsFloatMapKey(arrowType.dictionary);
  if (DataType.isMap(arrowType) && DataType.isFloat((arrowType.children[0]!.type as Struct).children[0]!.type))
    return true;
  return ((arrowType.children ?? []) as Field[]).some((child) => holdsFloatMapKey(child.type));
}

type ScannedChild = { readonly type: FieldType; readonly index: number; readonly column: Field };

/** A struct's or record's fields matched to `arrowType`'s children by name (an absent child holds no value). */
function byName(fields: readonly FieldDescriptor[], arrowType: Struct): ScannedChild[] {
  return fields.flatMap((field) => {
    const index = arrowType.children.findIndex((child) => child.name === field.name);
    return index < 0 ? [] : [{ type: field.type, index, column: arrowType.children[index]! }];
  });
}

/** The kinds whose values a decoder may refuse (an `any` at any depth may). */
const MAY_BE_UNREADABLE: ReadonlySet<FieldType["kind"]> = new Set([
  "char",
  "date",
  "datetime",
  "weights",
  "version",
  "any",
]);

/** A list's rows flagged where `elements` flags one of their elements. */
function elementsScan(elements: ColumnScan): ColumnScan {
  return (data, n, bad) => {
    const offsets = numberOffsets(data);
    const end = offsets[n]!;
    const badElements = new Uint8Array(end);
    if (!elements(data.children[0]!, end, badElements)) return false;
    let any = false;
    for (let i = 0; i < n; i++) {
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        if (badElements[j] === 1) {
          any = flagValue(data, i, bad) || any;
          break;
        }
      }
    }
    return any;
  };
}

/** A struct's rows flagged where a child's scan flags its value, the struct present (its children hold placeholders under a null). */
function childrenScan(fields: readonly ScannedChild[]): ColumnScan | null {
  const children = fields.flatMap(({ type, index, column }) => {
    const scan = unreadableScan(type, column);
    return scan === null ? [] : [{ index, scan }];
  });
  if (children.length === 0) return null;
  return (data, n, bad) => {
    const flags = new Uint8Array(n);
    let flagged = false;
    for (const { index, scan } of children) flagged = scan(data.children[index]!, n, flags) || flagged;
    if (!flagged) return false;
    let any = false;
    for (let i = 0; i < n; i++) if (flags[i] === 1) any = flagValue(data, i, bad) || any;
    return any;
  };
}

/**
 * A `version` whose stored parts its row class accepts (julia-scalars.ts `isVersionPart`): the
 * struct's counts may be any Int, and the decoder reads a negative or wider one into text
 * ("-1.0.0") that the row path refuses.
 */
function versionScan(arrowType: Struct, checksCounts = true): ColumnScan {
  const partsOf = versionPartsOf(arrowType);
  return (data, n, bad) => {
    const partsData = partsOf(data);
    const counts = partsData.map((part) => part.values as ArrayLike<number | bigint>);
    // A null part, which the value's decoder refuses (columns/julia-scalars.ts): no bytes under a null are a part.
    const nullable = partsData.filter((part) => part.nullCount > 0);
    if (!checksCounts && nullable.length === 0) return false;
    let any = false;
    for (let i = 0; i < n; i++) {
      if (
        (checksCounts && !counts.every((count) => isVersionPart(count[i]!))) ||
        nullable.some((part) => !isPresent(part, i))
      )
        any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/**
 * A `period` its row class accepts: nanoseconds within Int64 (convert.ts `isInt64`) once the
 * stored count is converted as the decoder converts it (columns/time-units.ts); a Duration in
 * seconds, milliseconds or microseconds may hold more. From nanoseconds, every count fits.
 */
function periodScan(arrowType: Duration): ColumnScan | null {
  const change = durationUnitChange(arrowType);
  if (change.multiply === 1n) return null;
  return (data, n, bad) => {
    const values = data.values as BigInt64Array;
    let any = false;
    for (let i = 0; i < n; i++) if (!isInt64(changeUnit(values[i]!, change))) any = flagValue(data, i, bad) || any;
    return any;
  };
}

/** Every present value: for storage the scans do not read. */
const flagPresent: ColumnScan = (data, n, bad) => {
  let any = false;
  for (let i = 0; i < n; i++) any = flagValue(data, i, bad) || any;
  return any;
};

/**
 * A string column's `values` (bytes against the allowed values' UTF-8), lengths (code points
 * counted on the bytes) and `pattern` (its automaton run on the bytes, runtime/patterns.ts), each
 * a loop of its own over the value buffer; nothing is decoded. Bytes that are not UTF-8 (which a
 * read refuses before any scan, guard/utf8-text.ts) never pass an automaton, and pass a length
 * count only where their width alone puts them within its bounds, as it puts the row path's
 * reading of them (U+FFFD for each bad sequence of one to three bytes). Only a pattern compiled
 * without an automaton (it needs a `RegExp`) decodes.
 */
function stringScan(constraints: Constraints, symbol = false): ColumnScan | null {
  const { pattern, patternDfa, length, minLength, maxLength } = constraints;
  const allowedText = constraints.values as readonly string[] | undefined;
  const scans: TextScan[] = [];
  if (length !== undefined || minLength !== undefined || maxLength !== undefined)
    scans.push(codePointRangeScan(length ?? minLength ?? 0, length ?? maxLength ?? Infinity));
  // A symbol holding NUL is no Julia Symbol (jl_symbol_n throws): its row class refuses it.
  if (symbol && allowedText === undefined) scans.push(nulFreeScan);
  if (allowedText !== undefined) scans.push(allowedTextScan(allowedText.map((text) => encoder.encode(text))));
  const automaton = patternDfa === undefined ? null : patternAutomaton(patternDfa);
  if (automaton !== null) scans.push(automatonScan(automaton));
  else if (pattern !== undefined) scans.push(regExpScan(new RegExp(pattern, "u")));
  if (scans.length === 0) return null;
  return (data, n, bad) => {
    const bytes = data.values as Uint8Array;
    const offsets = numberOffsets(data);
    let any = false;
    for (const scan of scans) any = scan(bytes, offsets, n, data, bad) || any;
    return any;
  };
}

/**
 * One constraint of a string column, checked over its value buffer (`bytes`) and `offsets` in a
 * loop of its own: a test called per value costs a call, and a closure made per value an
 * allocation, where the loop costs neither (`values` of four words over 10M rows: 19-34 ns a value
 * through a test per value, 10-12 ns in its own loop, and a tenth of the collections).
 */
type TextScan = (bytes: Uint8Array, offsets: ArrayLike<number>, n: number, data: Data, bad: Uint8Array) => boolean;

/** Flags the values that hold a NUL byte; the values already flagged are not read. */
const nulFreeScan: TextScan = (bytes, offsets, n, data, bad) => {
  let any = false;
  for (let i = 0; i < n; i++) {
    if (bad[i] !== 0) continue;
    const end = offsets[i + 1]!;
    for (let k = offsets[i]!; k < end; k++) {
      if (bytes[k] === 0) {
        any = flagValue(data, i, bad) || any;
        break;
      }
    }
  }
  return any;
};

/** Flags the values that are none of `allowed` (each value's UTF-8); the values already flagged are not read. */
function allowedTextScan(allowed: readonly Uint8Array[]): TextScan {
  return (bytes, offsets, n, data, bad) => {
    let any = false;
    for (let i = 0; i < n; i++) {
      if (bad[i] !== 0) continue;
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      let found = false;
      for (let k = 0; k < allowed.length && !found; k++) found = bytesEqual(bytes, start, end, allowed[k]!);
      if (!found) any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/** Flags the values `automaton` rejects. */
function automatonScan(automaton: PatternAutomaton): TextScan {
  return (bytes, offsets, n, data, bad) => {
    let any = false;
    automaton.forEachRejected(bytes, offsets, n, (i) => {
      any = flagValue(data, i, bad) || any;
    });
    return any;
  };
}

/** Flags the values `regex` does not match, each decoded: a pattern compiled without an automaton. */
function regExpScan(regex: RegExp): TextScan {
  return (bytes, offsets, n, data, bad) => {
    let any = false;
    for (let i = 0; i < n; i++) {
      if (bad[i] === 0 && !regex.test(decodeUtf8(bytes, offsets[i]!, offsets[i + 1]!)))
        any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/**
 * A `SchemaVersion` column's text, as its row class judges it (julia-scalars.ts
 * `isSchemaVersionIdentifier`: any text a Utf8 column holds reads, but only an identifier is a
 * value), and its `values:` (`isListedSchemaVersion`: by first link, whatever parents follow; it
 * takes no other constraint). Each value is decoded: such columns are small.
 */
function schemaVersionScan({ values }: Constraints): ColumnScan {
  const listed = values === undefined ? null : new Set<unknown>(values);
  return (data, n, bad) => {
    let any = false;
    const bytes = data.values as Uint8Array;
    const offsets = numberOffsets(data);
    for (let i = 0; i < n; i++) {
      if (bad[i] !== 0) continue;
      const text = decodeUtf8(bytes, offsets[i]!, offsets[i + 1]!);
      if (!isSchemaVersionIdentifier(text) || (listed !== null && !isListedSchemaVersion(listed, text)))
        any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/**
 * Flags the values that are not of between `low` and `high` code points, the common case inline:
 * valid or not (read with U+FFFD in place), n bytes decode to between n/4 and n code points, so
 * most lengths need no counting, and a value whose width needs counting is flagged unless it is
 * UTF-8 within the bounds (a test called per value took 19 ns a value where this takes about 1).
 */
function codePointRangeScan(low: number, high: number): TextScan {
  return (bytes, offsets, n, data, bad) => {
    let any = false;
    for (let i = 0; i < n; i++) {
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      const width = end - start;
      if (width <= high && (width + 3) >> 2 >= low) continue;
      if (width < low || (width + 3) >> 2 > high) any = flagValue(data, i, bad) || any;
      else {
        const count = utf8CodePoints(bytes, start, end); // -1: not UTF-8
        if (!(count >= low && count <= high)) any = flagValue(data, i, bad) || any;
      }
    }
    return any;
  };
}

/** Lengths of binaries or lists, from their offsets. */
function lengthScan(constraints: Constraints, offsetsOf: (data: Data) => ArrayLike<number>): ColumnScan | null {
  const { length, minLength, maxLength } = constraints;
  if (length === undefined && minLength === undefined && maxLength === undefined) return null;
  const low = length ?? minLength ?? 0;
  const high = length ?? maxLength ?? Infinity;
  return (data, n, bad) => {
    const offsets = offsetsOf(data);
    let any = false;
    for (let i = 0; i < n; i++) {
      const size = offsets[i + 1]! - offsets[i]!;
      if (size < low || size > high) any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/** `values` of a uuid column, compared as the 16 bytes Arrow.jl writes (RFC 4122 bytes reversed). */
function uuidValuesScan(allowedText: readonly string[]): ColumnScan {
  const allowed = allowedText.map((text) => {
    const hex = text.replaceAll("-", "");
    return Uint8Array.from({ length: 16 }, (_, k) => parseInt(hex.slice(30 - 2 * k, 32 - 2 * k), 16));
  });
  return (data, n, bad) => {
    const bytes = data.values as Uint8Array;
    let any = false;
    for (let i = 0; i < n; i++) {
      let ok = false;
      for (let k = 0; k < allowed.length && !ok; k++) ok = bytesEqual(bytes, i * 16, i * 16 + 16, allowed[k]!);
      if (!ok) any = flagValue(data, i, bad) || any;
    }
    return any;
  };
}

/**
 * A list's length constraints from its offsets, then its elements: each must be present (a null
 * element is a missing value, or makes a numeric list no typed array), and valid as the element type.
 */
function listScan(element: FieldType, constraints: Constraints, elementField: Field): ColumnScan {
  const lengths = lengthScan(constraints, (data) => numberOffsets(data));
  const elements = elementsScan(fieldScan({ type: element, optional: false, constraints: {} }, elementField));
  const elementsNeedScan = typedArrayName(element) === null || DataType.isNull(elementField.type);
  return (data, n, bad) => {
    const any = lengths === null ? false : lengths(data, n, bad);
    if (!elementsNeedScan && data.children[0]!.nullCount === 0) return any;
    return elements(data, n, bad) || any;
  };
}

/**
 * The children of a struct or record, matched by name (an absent child is missing in every
 * row), then a record's own row checks on the rows whose fields passed. Under a null struct the
 * children hold placeholders, so their flags count only where the struct is present.
 */
function structScan(fields: readonly FieldDescriptor[], arrowType: Struct, record: SchemaVersion | null): ColumnScan {
  const children = fields.map((field) => {
    const index = arrowType.children.findIndex((child) => child.name === field.name);
    return { index, scan: fieldScan(field, index < 0 ? null : arrowType.children[index]!) };
  });
  const checker: RowChecker | null = record === null ? null : rowChecker(record, arrowType.children);
  return (data, n, bad) => {
    const masked = data.nullCount > 0;
    const flags = masked ? new Uint8Array(n) : bad;
    let any = false;
    for (const { index, scan } of children) any = scan(index < 0 ? data : data.children[index]!, n, flags) || any;
    if (checker !== null) {
      const passes = checker(data);
      for (let i = 0; i < n; i++) {
        if (flags[i] === 0 && isPresent(data, i) && !passes(i)) {
          flags[i] = 1;
          any = true;
        }
      }
    }
    if (!masked || !any) return any;
    any = false;
    for (let i = 0; i < n; i++) if (flags[i] === 1) any = flagValue(data, i, bad) || any;
    return any;
  };
}

/**
 * The Weights layout, as the decoder and `weightsProblem` judge it: no null at any depth, and
 * every FlatArray's `size` holds non-negative safe integers whose product is its `vec`'s length.
 */
function weightsScan(arrowType: Struct): ColumnScan {
  const storageOf = weightsStorage(arrowType);
  return (data, n, bad) => {
    const storage = storageOf(data);
    const { arrayOffsets, vecOffsets, sizeOffsets, sizes } = storage;
    let any = false;
    for (let i = 0; i < n; i++) {
      if (holdsNull(storage, i)) {
        any = flagValue(data, i, bad) || any;
        continue;
      }
      for (let j = arrayOffsets[i]!; j < arrayOffsets[i + 1]!; j++) {
        let product = 1;
        let ok = true;
        for (let k = sizeOffsets[j]!; k < sizeOffsets[j + 1]! && ok; k++) {
          const dimension = Number(sizes[k]!);
          ok = Number.isSafeInteger(dimension) && dimension >= 0;
          product *= dimension;
        }
        if (!ok || product !== vecOffsets[j + 1]! - vecOffsets[j]!) {
          any = flagValue(data, i, bad) || any;
          break;
        }
      }
    }
    return any;
  };
}

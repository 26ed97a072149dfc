/**
 * Values of the Julia scalar types of issue 23 to and from their Arrow storages
 * (julia-scalar-storage.ts says which): float16 bits, 16-byte integers, code points, the
 * VersionNumber struct, and the one storage an abstract type writes.
 */
import {
  DataType,
  FixedSizeBinary,
  makeData,
  Precision,
  type Struct,
  type Uint32,
  type Data,
  type Field,
} from "apache-arrow";
import type { AbstractTypeName, FieldType } from "../../field-types.js";
import { float16Bits, float16Value } from "../../weights/element-types.js";
import { versionParts } from "../../julia-scalars.js";
import { CorruptTableError, UnrepresentableValueError, UnstorableValueError } from "../errors.js";
import { type ColumnPlace, isPresent, type Validity } from "./buffers.js";
import { changeUnit, durationUnitChange } from "./time-units.js";

// ---------------------------------------------------------------------------------------------
// Read: values

/** decode.ts's `ColumnDecoder`, restated: decode.ts imports this module, never the reverse. */
type ColumnDecoder = (data: Data) => (index: number) => unknown;

const FLOAT_READERS: Readonly<Record<number, (values: ArrayLike<number>, i: number) => number>> = {
  [Precision.HALF]: (values, i) => float16Value(values[i]!),
  [Precision.SINGLE]: (values, i) => values[i]!,
  [Precision.DOUBLE]: (values, i) => values[i]!,
};

/** The decoder of a column of `type` stored as `arrowType` (already accepted by {@link acceptsJuliaStorage}). */
export function juliaValueDecoder(type: FieldType, arrowType: DataType): ColumnDecoder {
  switch (type.kind) {
    case "char":
      return ({ values }) =>
        (i) =>
          codePoint(values[i] as number);
    case "version":
      return versionDecoder(arrowType as Struct);
    default:
      return numericDecoder(arrowType);
  }
}

/**
 * Whether a char column's stored UInt32 is a Unicode code point (a lone surrogate is one, as
 * Julia's `Char(0xd800)` is): what {@link juliaValueDecoder} reads as a char, and refuses
 * otherwise (past U+10FFFF an UnrepresentableValueError while Julia's Char holds it, else a CorruptTableError); validate/column-scan.ts flags the others by the same rule before rows are given.
 */
export function isCodePoint(value: number): boolean {
  return value <= 0x10ffff;
}

/** The largest UInt32 Julia's `Char(u)` takes (base/char.jl: `u < 0x00200000`), as Arrow.jl reads a char. */
const JULIA_CHAR_MAX = 0x1fffff;

function codePoint(value: number): string {
  if (isCodePoint(value)) return String.fromCodePoint(value);
  const text = `U+${value.toString(16).toUpperCase()}`;
  // Past U+10FFFF Julia still holds a Char (an invalid one: `isvalid` is false), which Arrow.jl reads; JavaScript has no string of it.
  if (value <= JULIA_CHAR_MAX)
    throw new UnrepresentableValueError(
      `a char column holds ${text}, past U+10FFFF: a Julia Char (an invalid character, which Arrow.jl reads), but no JavaScript string holds it`,
    );
  throw new CorruptTableError(
    `a char column holds ${value}, which Julia's Char(::UInt32) refuses (it takes up to 0x1fffff), so Arrow.jl cannot read it either`,
  );
}

/**
 * The value of a numeric column as the concrete type's field holds it: ints up to 32 bits and
 * floats as numbers, 64- and 128-bit ints as bigints, a Bool as 0 or 1, a Duration as nanoseconds.
 */
function numericDecoder(arrowType: DataType): ColumnDecoder {
  if (DataType.isBool(arrowType))
    return ({ values, offset }) =>
      (i) => {
        const bit = offset + i;
        return (values[bit >> 3]! >> (bit & 7)) & 1;
      };
  if (DataType.isFloat(arrowType)) {
    const read = FLOAT_READERS[arrowType.precision]!;
    return ({ values }) =>
      (i) =>
        read(values as ArrayLike<number>, i);
  }
  if (DataType.isDuration(arrowType)) {
    const change = durationUnitChange(arrowType);
    return ({ values }) =>
      (i) =>
        changeUnit(values[i] as bigint, change);
  }
  if (DataType.isInt(arrowType) && arrowType.bitWidth === (128 as number)) {
    const signed = arrowType.isSigned;
    return ({ values }) =>
      (i) =>
        int128FromBytes(values as Uint8Array, 16 * i, signed);
  }
  return ({ values }) =>
    (i) =>
      values[i];
}

/** A 128-bit integer from its 16 little-endian bytes (the loader gives Int(128) columns as bytes). */
export function int128FromBytes(bytes: Uint8Array, at: number, signed: boolean): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 16);
  const value = (view.getBigUint64(8, true) << 64n) | view.getBigUint64(0, true);
  return signed ? BigInt.asIntN(128, value) : value;
}

const VERSION_PARTS = ["major", "minor", "patch"] as const;

/**
 * How to find the major, minor and patch of a VersionNumber column stored as `arrowType` (its
 * children by name, prerelease and build aside): what this decoder reads, and validate/column-scan.ts checks.
 */
export function versionPartsOf(arrowType: Struct): (data: Data) => Data[] {
  const parts = VERSION_PARTS.map((name) => arrowType.children.findIndex((c) => c.name === name));
  return (data) => parts.map((k) => data.children[k]!);
}

function versionDecoder(arrowType: Struct): ColumnDecoder {
  const partsOf = versionPartsOf(arrowType);
  return (data) => {
    const partsData = partsOf(data);
    const counts = partsData.map((part) => part.values as ArrayLike<number | bigint>);
    const read = (i: number) => `${counts[0]![i]}.${counts[1]![i]}.${counts[2]![i]}`;
    if (partsData.every((part) => part.nullCount === 0)) return read;
    return (i) => {
      const missing = partsData.findIndex((part) => !isPresent(part, i));
      if (missing >= 0) throw missingVersionPart(VERSION_PARTS[missing]!);
      return read(i);
    };
  };
}

/**
 * A VersionNumber value whose `part` is null: no version to give (the bytes under a null are no
 * part of it), and none Julia reads, since Arrow.jl hands the null to `VersionNumber(major, minor,
 * patch, prerelease, build)` as `missing`, a call no method takes.
 */
function missingVersionPart(part: string): CorruptTableError {
  return new CorruptTableError(
    `a VersionNumber value's ${part} is null: it holds no version, and Julia cannot read it (Arrow.jl passes missing to VersionNumber(major, minor, patch, prerelease, build), which no method takes); write the column again with every part of each version present`,
  );
}

// ---------------------------------------------------------------------------------------------
// Write

/** The column of `field` (schema.ts's, for `type`) holding `values`, each valid for `type` or missing. */
export function encodeJuliaColumn(
  type: FieldType,
  field: Field,
  values: readonly unknown[],
  validity: Validity,
  place: ColumnPlace,
): Data {
  const { length } = values;
  const base = { type: field.type, length, ...validity };
  switch (type.kind) {
    case "float": {
      const data = new Uint16Array(length);
      values.forEach((v, i) => (data[i] = typeof v === "number" ? float16Bits(v)! : 0));
      return makeData({ ...base, data });
    }
    case "int":
      // As ipc/uint128-columns.ts loads such a column: 16-byte values under the field's Int(128).
      return makeData({ ...base, type: BYTES_OF_128_BITS, data: int128Bytes(values) });
    case "char": {
      const data = new Uint32Array(length);
      values.forEach((v, i) => (data[i] = typeof v === "string" ? v.codePointAt(0)! : 0));
      return makeData({ ...base, data });
    }
    case "version":
      return encodeVersions(field.type as Struct, values, validity);
    case "abstract":
      return makeData({ ...base, data: abstractValues(type.name, values, place) });
    default:
      throw new Error(`internal: ${type.kind} is no Julia scalar column`);
  }
}

const BYTES_OF_128_BITS = new FixedSizeBinary(16);

/** Each value's 16 bytes, two's complement little-endian, as Arrow.jl writes an Int128 or UInt128. */
function int128Bytes(values: readonly unknown[]): Uint8Array {
  const bytes = new Uint8Array(16 * values.length);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    if (typeof v !== "bigint") return;
    const bits = BigInt.asUintN(128, v);
    view.setBigUint64(16 * i, BigInt.asUintN(64, bits), true);
    view.setBigUint64(16 * i + 8, bits >> 64n, true);
  });
  return bytes;
}

function encodeVersions(type: Struct, values: readonly unknown[], validity: Validity): Data {
  const { length } = values;
  const counts = [new Uint32Array(length), new Uint32Array(length), new Uint32Array(length)];
  values.forEach((v, i) => versionParts(v)?.forEach((part, k) => (counts[k]![i] = part)));
  const children = type.children.map((child, k) =>
    k < 3
      ? makeData({ type: child.type as Uint32, length, nullCount: 0, data: counts[k]! })
      : makeData({ type: child.type as Struct, length, nullCount: 0, children: [] }),
  );
  return makeData({ type, length, ...validity, children });
}

/**
 * The one storage an abstract type writes: `integer` Int64, `real` and `number` Float64,
 * `period` nanoseconds. A value that storage cannot hold exactly (an integer beyond Int64, read
 * from a UInt64 or Int128 column; a bigint no float64 equals) is an {@link UnstorableValueError}.
 */
function abstractValues(
  name: AbstractTypeName,
  values: readonly unknown[],
  place: ColumnPlace,
): BigInt64Array | Float64Array {
  const { length } = values;
  if (name === "real" || name === "number") {
    const data = new Float64Array(length);
    values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      data[i] = Number(v);
      if (typeof v === "bigint" && BigInt(data[i]!) !== v) throw unstorable(place, i, v, name, "Float64");
    });
    return data;
  }
  const data = new BigInt64Array(length);
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    const integer = BigInt(v as number | bigint);
    if (BigInt.asIntN(64, integer) !== integer) throw unstorable(place, i, v, name, "Int64");
    data[i] = integer;
  });
  return data;
}

function unstorable(
  place: ColumnPlace,
  row: number,
  value: unknown,
  name: string,
  storage: string,
): UnstorableValueError {
  return new UnstorableValueError(place.path, row, String(value), name, storage);
}

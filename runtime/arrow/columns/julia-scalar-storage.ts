/**
 * The Arrow types of the Julia scalar types of issue 23: each one's storage and extension name on
 * write, as Arrow.jl writes the Julia type (ArrowTypes.jl src/ArrowTypes.jl, Arrow.jl
 * src/eltypes.jl), and the storages accepted on read (what Arrow.jl's `finaljuliatype` reads as a
 * subtype of the declared type). Values to and from them: julia-scalars.ts.
 *
 * | YAML | written as | read from |
 * | --- | --- | --- |
 * | `float16` | HalfFloat | HalfFloat |
 * | `int128`, `uint128` | Int(128), Arrow.jl's layout (ipc/uint128-columns.ts loads it) | the same |
 * | `symbol` | Utf8 `JuliaLang.Symbol` | Utf8, LargeUtf8 or Utf8View, with or without it (Legolas: `Union{Symbol,AbstractString}`) |
 * | `char` | UInt32 `JuliaLang.Char` | UInt32 `JuliaLang.Char` |
 * | `version` | Struct `JuliaLang.VersionNumber` | the same, prerelease and build empty |
 * | `SchemaVersion` | Utf8 `JuliaLang.Legolas.SchemaVersion` | Utf8, LargeUtf8 or Utf8View with it |
 * | `integer` | Int64 | any Int (8 to 128 bits, signed or not) or Bool |
 * | `real`, `number` | Float64 | any Int, Bool or FloatingPoint |
 * | `period` | Duration(NANOSECOND) `JuliaLang.Dates.Period` | Duration of any unit |
 */
import { DataType, Duration, Field, Float64, Int, Int64, Precision, Struct, TimeUnit, Uint32 } from "apache-arrow";
import type { AbstractTypeName, FieldType } from "../../field-types.js";
import {
  CHAR_EXTENSION,
  extensionNameOf,
  PERIOD_EXTENSION,
  SCHEMA_VERSION_EXTENSION,
  SYMBOL_EXTENSION,
  TUPLE_EXTENSION,
  VERSION_NUMBER_EXTENSION,
  extensionMetadata,
} from "../metadata.js";
import { isDurationStorage } from "./time-units.js";

/** The field types this module stores: its own kinds, and the 16-bit float and 128-bit integers. */
export type JuliaScalarType = Extract<FieldType, { kind: "char" | "version" | "abstract" }>;

/** Whether `type` is a float16 or a 128-bit integer, which the plain numeric paths do not store. */
export function isWideOrHalf(type: FieldType): boolean {
  return (type.kind === "int" && type.bits === 128) || (type.kind === "float" && type.bits === 16);
}

/** Arrow.jl's Int(128) (`arrowtype(b, ::Type{T}) where {T<:Integer}`: bit width `8 * sizeof(T)`). */
export function int128Type(signed: boolean): DataType {
  // apache-arrow's types take 128 in the schema, though it has no typed array of that width.
  return new Int(signed, 128 as 64);
}

export function juliaArrowType(type: JuliaScalarType): DataType {
  switch (type.kind) {
    case "char":
      return new Uint32();
    case "version":
      return new Struct(VERSION_FIELDS());
    case "abstract":
      switch (type.name) {
        case "integer":
          return new Int64();
        case "real":
        case "number":
          return new Float64();
        case "period":
          return new Duration(TimeUnit.NANOSECOND);
      }
  }
}

const VERSION_FIELDS = () => [
  new Field("major", new Uint32(), false),
  new Field("minor", new Uint32(), false),
  new Field("patch", new Uint32(), false),
  // `Tuple{}` (no prerelease, no build): a struct without children (ArrowTypes.jl, `arrowname(::Type{Tuple{}})`).
  new Field("prerelease", new Struct([]), false, extensionMetadata(TUPLE_EXTENSION)),
  new Field("build", new Struct([]), false, extensionMetadata(TUPLE_EXTENSION)),
];

/** The extension name Arrow.jl writes on a column of `type`, if any. */
export function juliaExtensionName(type: FieldType): string | undefined {
  switch (type.kind) {
    case "symbol":
      return SYMBOL_EXTENSION;
    case "char":
      return CHAR_EXTENSION;
    case "version":
      return VERSION_NUMBER_EXTENSION;
    case "schema-version":
      return SCHEMA_VERSION_EXTENSION;
    case "abstract":
      return type.name === "period" ? PERIOD_EXTENSION : undefined;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Read: the storages accepted

/** Whether a column of Arrow type `found` (its field `field`) holds values of `type`. */
export function acceptsJuliaStorage(type: FieldType, found: DataType, field: Field | undefined): boolean {
  const label = field === undefined ? null : extensionNameOf(field);
  switch (type.kind) {
    case "int":
      return DataType.isInt(found) && found.bitWidth === (128 as number) && found.isSigned === type.signed;
    case "float":
      return DataType.isFloat(found) && found.precision === Precision.HALF;
    case "symbol":
      return isTextStorage(found);
    case "schema-version":
      return isTextStorage(found) && label === SCHEMA_VERSION_EXTENSION;
    case "char":
      return DataType.isInt(found) && found.bitWidth === 32 && !found.isSigned && label === CHAR_EXTENSION;
    case "version":
      return isVersionStorage(found);
    case "abstract":
      return acceptsAbstractStorage(type.name, found);
    default:
      return false;
  }
}

/** Text storage: Arrow.jl reads each of Utf8, LargeUtf8 and Utf8View (Polars's strings) as a `String`. */
export function isTextStorage(found: DataType): boolean {
  return DataType.isUtf8(found) || DataType.isLargeUtf8(found) || DataType.isUtf8View(found);
}

function acceptsAbstractStorage(name: AbstractTypeName, found: DataType): boolean {
  switch (name) {
    case "integer":
      return isIntegerStorage(found);
    case "real":
    case "number":
      // Not a Decimal: Arrow.jl reads one as its `Decimal{P,S,T}`, a plain struct, no `Real` (src/eltypes.jl).
      return isIntegerStorage(found) || (DataType.isFloat(found) && FLOAT_PRECISIONS.includes(found.precision));
    case "period":
      return isDurationStorage(found);
  }
}

const FLOAT_PRECISIONS: readonly Precision[] = [Precision.HALF, Precision.SINGLE, Precision.DOUBLE];

/** Julia's `Integer` includes `Bool`; a column of any Arrow Int width Arrow.jl reads (8 to 128 bits). */
function isIntegerStorage(found: DataType): boolean {
  return DataType.isBool(found) || (DataType.isInt(found) && [8, 16, 32, 64, 128].includes(found.bitWidth));
}

/** A VersionNumber as Arrow.jl writes one without prerelease or build: both empty tuples. */
function isVersionStorage(found: DataType): boolean {
  if (!DataType.isStruct(found)) return false;
  const child = (name: string) => found.children.find((c) => c.name === name)?.type;
  const isCount = (type: DataType | undefined) => type !== undefined && DataType.isInt(type) && type.bitWidth <= 64;
  const isEmptyTuple = (type: DataType | undefined) =>
    type !== undefined && DataType.isStruct(type) && type.children.length === 0;
  return (
    isCount(child("major")) &&
    isCount(child("minor")) &&
    isCount(child("patch")) &&
    isEmptyTuple(child("prerelease")) &&
    isEmptyTuple(child("build"))
  );
}

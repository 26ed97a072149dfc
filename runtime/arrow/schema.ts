/**
 * FieldType -> Arrow: the storage type of every Legolas type (the interop contract), written the way
 * Arrow.jl writes it so that a table we write has the same schema as one Legolas.jl writes:
 * list children named "" (Arrow JS can only write that as an absent name, which reads back as
 * "" in Julia and as `null` here), extension metadata on the types Arrow.jl names (UUIDs, dates,
 * DateTimes, Times, periods; src/eltypes.jl), nested records and Weights.
 *
 * Nullability follows `optional` at every level. Arrow.jl derives it from the Julia column's
 * element type instead, so a `Weights?` column it writes without missing values is
 * non-nullable; readers on both sides accept either.
 */
import {
  Binary,
  Bool,
  type DataType,
  DateDay,
  Duration,
  Field,
  FixedSizeBinary,
  Float16,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  List,
  Null,
  Schema,
  Struct,
  TimeNanosecond,
  TimeUnit,
  Timestamp,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
} from "apache-arrow";
import type { FieldType, TimeUnitName } from "../field-types.js";
import type { SchemaVersion } from "../schema-version-types.js";
import type { WeightsElementType } from "../weights/element-types.js";
import { parseIdentifier } from "../identifier.js";
import { int128Type, juliaArrowType, juliaExtensionName } from "./columns/julia-scalar-storage.js";
import {
  DATE_EXTENSION,
  DATETIME_EXTENSION,
  EXTENSION_NAME_KEY,
  extensionMetadata,
  FLAT_ARRAY_EXTENSION,
  PERIOD_EXTENSION,
  recordExtensionName,
  SCHEMA_QUALIFIED_KEY,
  TIME_EXTENSION,
  UUID_EXTENSION,
  WEIGHTS_EXTENSION,
} from "./metadata.js";
import { containerArrowType, containerExtension } from "./julia-container-storage.js";
import { writtenTimeZone } from "./time-zones.js";
import { isJuliaContainer } from "../julia-containers.js";

const arrowSchemas = new WeakMap<SchemaVersion, Schema>();

/**
 * The Arrow schema of a table of `schemaVersion`, with `legolas_schema_qualified` set; built once
 * per descriptor. A nested record's struct is its child's schema's fields, so it is built once too.
 */
export function arrowSchemaOf(schemaVersion: SchemaVersion): Schema {
  let schema = arrowSchemas.get(schemaVersion);
  if (schema === undefined) {
    schema = new Schema(
      schemaVersion.fields.map((field) => arrowFieldOf(field.name, field.type, field.optional)),
      new Map([[SCHEMA_QUALIFIED_KEY, schemaVersion.identifier]]),
    );
    arrowSchemas.set(schemaVersion, schema);
  }
  return schema;
}

/** `schema` with `fields` (one for each of its own, in order) and its metadata; `schema` itself when every field is its own. */
export function withFields(schema: Schema, fields: readonly Field[]): Schema {
  return fields.every((field, k) => field === schema.fields[k]) ? schema : new Schema([...fields], schema.metadata);
}

/** One column (or struct child) of a Legolas type, with the extension metadata Arrow.jl writes. */
export function arrowFieldOf(name: string, type: FieldType, optional: boolean): Field {
  // A union holds its missing values in a child of its own (julia-container-storage.ts).
  const arrowType = type.kind === "union" ? containerArrowType(type, arrowFieldOf, optional) : arrowTypeOf(type);
  return new Field(name, arrowType, optional, extensionOf(type));
}

/** The Arrow storage type of a field type. */
export function arrowTypeOf(type: FieldType): DataType {
  if (isJuliaContainer(type)) return containerArrowType(type, arrowFieldOf);
  switch (type.kind) {
    case "bool":
      return new Bool();
    case "int":
      return type.bits === 128 ? int128Type(type.signed) : intType(type.bits, type.signed);
    case "float":
      return type.bits === 16 ? new Float16() : type.bits === 32 ? new Float32() : new Float64();
    case "string":
    case "symbol":
    case "schema-version":
      return new Utf8();
    case "binary":
      return new Binary();
    case "uuid":
      return new FixedSizeBinary(16);
    case "date":
      return new DateDay();
    case "datetime":
      return new Timestamp(TimeUnit.MILLISECOND, null);
    case "time":
      return new TimeNanosecond();
    case "timestamp":
      return new Timestamp(TIME_UNITS[type.unit], writtenTimeZone(type.timezone));
    case "duration":
      return new Duration(TIME_UNITS[type.unit]);
    case "list":
      // An `any` element is Null, missing in every list (a write's inferred Vector{Missing}): nullable, as Arrow.jl writes it.
      return new List(arrowFieldOf("", type.element, type.element.kind === "any"));
    case "struct":
      return new Struct(type.fields.map((f) => arrowFieldOf(f.name, f.type, f.optional)));
    case "record":
      return new Struct(arrowSchemaOf(type.schemaVersion()).fields);
    case "weights":
      return weightsArrowType();
    case "any":
      // A placeholder: a write gives each any column its type (rows/any-columns.ts).
      return new Null();
    case "char":
    case "version":
    case "abstract":
      return juliaArrowType(type);
  }
}

export const TIME_UNITS: Readonly<Record<TimeUnitName, TimeUnit>> = {
  s: TimeUnit.SECOND,
  ms: TimeUnit.MILLISECOND,
  us: TimeUnit.MICROSECOND,
  ns: TimeUnit.NANOSECOND,
};

function intType(bits: 8 | 16 | 32 | 64, signed: boolean): DataType {
  switch (bits) {
    case 8:
      return signed ? new Int8() : new Uint8();
    case 16:
      return signed ? new Int16() : new Uint16();
    case 32:
      return signed ? new Int32() : new Uint32();
    case 64:
      return signed ? new Int64() : new Uint64();
  }
}

/** The extension name Arrow.jl writes on a column of `type`, or `null` when it writes none. */
export function extensionNameFor(type: FieldType): string | null {
  return extensionOf(type)?.get(EXTENSION_NAME_KEY) ?? null;
}

function extensionOf(type: FieldType): Map<string, string> | undefined {
  switch (type.kind) {
    case "date":
      return extensionMetadata(DATE_EXTENSION);
    case "datetime":
      return extensionMetadata(DATETIME_EXTENSION);
    case "time":
      return extensionMetadata(TIME_EXTENSION);
    case "duration":
      return extensionMetadata(PERIOD_EXTENSION);
    case "uuid":
      return extensionMetadata(UUID_EXTENSION);
    case "record": {
      const [own] = parseIdentifier(type.identifier);
      return extensionMetadata(recordExtensionName(own!.name, own!.version));
    }
    case "weights":
      return extensionMetadata(WEIGHTS_EXTENSION);
    case "set":
    case "tuple":
      return containerExtension(type);
    default: {
      const julia = juliaExtensionName(type);
      return julia === undefined ? undefined : extensionMetadata(julia);
    }
  }
}

/**
 * The list of FlatArrays in a Weights column's storage as a plain field type, for the column null
 * check (no null at any depth). The element type of `vec` plays no part there; columns/weights.ts
 * checks the Arrow types.
 */
export const WEIGHTS_ARRAYS: FieldType = {
  kind: "list",
  element: {
    kind: "struct",
    fields: [
      { name: "vec", optional: false, constraints: {}, type: { kind: "list", element: { kind: "float", bits: 64 } } },
      {
        name: "size",
        optional: false,
        constraints: {},
        type: { kind: "list", element: { kind: "int", bits: 64, signed: true } },
      },
    ],
  },
};

/**
 * LegolasFlux's `Weights` storage, with `vec` of the given element type (Float32 unless the values
 * are of another type: LegolasFlux's `FlatArray{T}` keeps its `T`).
 */
export function weightsArrowType(elementType: WeightsElementType = "float32"): Struct {
  const flatArray = new Struct([
    new Field("vec", new List(new Field("", WEIGHTS_VALUE_TYPES[elementType](), false)), false),
    new Field("size", new List(new Field("", new Int64(), false)), false),
  ]);
  const arrays = new List(new Field("", flatArray, false, extensionMetadata(FLAT_ARRAY_EXTENSION)));
  return new Struct([new Field("weights", arrays, false)]);
}

const WEIGHTS_VALUE_TYPES: Record<WeightsElementType, () => DataType> = {
  float16: () => new Float16(),
  float32: () => new Float32(),
  float64: () => new Float64(),
  int8: () => new Int8(),
  int16: () => new Int16(),
  int32: () => new Int32(),
  uint8: () => new Uint8(),
  uint32: () => new Uint32(),
};

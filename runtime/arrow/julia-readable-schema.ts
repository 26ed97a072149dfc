/**
 * An Arrow table's schema as Legolas.jl must read it under the schema version it is written as.
 * Arrow.jl types a column by its field (src/eltypes.jl, `juliaeltype`), and `Legolas.validate`
 * asks that type to be a subtype of the declared one (Legolas.jl src/schemas.jl,
 * `_check_for_expected_field`); tables from elsewhere are laid out for other readers. So a
 * validated table is given, wherever its fields and the version's own Arrow schema (schema.ts)
 * have the same children, what Julia reads the declared type from:
 *
 * - Nullability. A nullable column reads as `Union{T, Missing}` and a nullable list element as
 *   `Vector{Union{Missing, T}}`, which Legolas.jl refuses for `T` and `Vector{T}`, and apache-arrow's
 *   `new Table` and `tableFromJSON`, pyarrow and Polars mark everything nullable: what the version
 *   requires (a column, a struct's or record's child, a list's or map's elements, a union's
 *   members) is marked not nullable, as Arrow.jl marks a column whose values hold no missing one.
 *   A struct's optional child is marked nullable: a NamedTuple is invariant in its field types,
 *   so `NamedTuple{(:x, :note), Tuple{Float64, String}}` is no `NamedTuple{(:x, :note),
 *   Tuple{Float64, Union{Missing, String}}}`. Nothing else is made nullable (a column of `T` is a
 *   `Union{Missing, T}` to Legolas.jl).
 * - Extension names. A field of the declared storage without one is given the declared name
 *   (`JuliaLang.VersionNumber`, `JuliaLang.Legolas.Generated.<name>.<N>`, LegolasFlux's
 *   `Weights`, ...): without it Arrow.jl reads a struct as a NamedTuple, no `VersionNumber` or
 *   record type, and every field's name is what Arrow.jl writes (DESIGN.md, section 4). Weights
 *   of any element type are LegolasFlux's storage, labelled alike (`Weights{T}`). A
 *   record's storage is any struct of its children: Legolas.jl builds the record from them by
 *   name (`fromarrowstruct`), so their order and an untyped child's storage are free. A name
 *   the field has is kept.
 * - Time zones. A timestamp stored under another of UTC's names than `UTC` is given `UTC`, as
 *   Arrow.jl writes it, in an extra column too: TimeZones.jl refuses the legacy ones (`Zulu`). Other zones are kept, and
 *   one TimeZones.jl refuses (`US/Pacific`, `Europe/Pari`) is a `TableSchemaError`, in any column
 *   (julia-unreadable-zones.ts).
 *
 * The data is not touched, so what only other data would make readable is a `TableSchemaError`:
 * a `date` stored as Date(MILLISECOND), which Arrow.jl reads as a `DateTime`; a UInt128 where
 * Legolas.jl takes it for no UUID (julia-uuid-storage.ts); a struct whose
 * children are not the declared ones in the declared order (`NamedTuple{(:label, :x), ...}` is
 * no `NamedTuple{(:x, :label), ...}`, and a child left out or added is another NamedTuple too);
 * a record's whose children are not the declared ones in some order (Legolas.jl builds a record
 * from exactly its fields, `fromarrowstruct`; an optional one it lacks was added before, by
 * record-children.ts). The readers take them; their rows write as declared. Dictionary-encoded
 * columns keep their children as they are. A name no Julia Symbol holds, in any column, is a
 * `TableSchemaError` too (julia-unopenable-names.ts): Arrow.jl could not open the file.
 */
import { DataType, DateUnit, Field, Schema, Timestamp } from "apache-arrow";
import type { SchemaVersion } from "../schema-version-types.js";
import type { Violation } from "../violations.js";
import { TableSchemaError } from "./errors.js";
import { withChildren } from "./ipc/file-writer.js";
import {
  EXTENSION_METADATA_KEY,
  EXTENSION_NAME_KEY,
  extensionNameOf,
  isRecordExtensionName,
  WEIGHTS_EXTENSION,
} from "./metadata.js";
import { arrowSchemaOf, weightsArrowType, withFields } from "./schema.js";
import { weightsElementTypeOf } from "./columns/weights.js";
import { writtenTimeZone } from "./time-zones.js";
import { layoutJuliaRefuses } from "./julia-refused-layout.js";
import { namesJuliaCannotOpen } from "./julia-unopenable-names.js";
import { zonesJuliaCannotRead } from "./julia-unreadable-zones.js";
import { uint128sJuliaReadsAsNoUuid } from "./julia-uuid-storage.js";
import { arrowTypeText } from "./validate/table-schema.js";

export function juliaReadableSchema(schema: Schema, schemaVersion: SchemaVersion): Schema {
  const { fields, unreadable } = asJuliaReads(schema, schemaVersion);
  if (unreadable.length > 0) throw new TableSchemaError(schemaVersion.identifier, unreadable);
  return withFields(schema, fields);
}

/**
 * `schema` as a write that does not validate stores it: as it is, but for each timestamp stored
 * under another of UTC's names, given `UTC`, in any column. Its rows are trusted, not its schema:
 * a name or a zone is no row's value, and one Julia cannot open a file with, or read a value in,
 * is refused as a validated write refuses it.
 *
 * @throws TableSchemaError naming each name holding NUL, struct of two fields of one name, and
 *   zone TimeZones.jl refuses (with the zone to write instead), in any column.
 */
export function juliaOpenableSchema(schema: Schema, identifier: string): Schema {
  const unreadable = schema.fields.flatMap(unreadableByAnyType);
  if (unreadable.length > 0) throw new TableSchemaError(identifier, unreadable);
  const fields = schema.fields.map(inUtcNamedZone);
  return withFields(schema, fields);
}

/**
 * The violations of `schema` that make a table Julia cannot read as `schemaVersion`: each place
 * {@link juliaReadableSchema} refuses (a validated write's `TableSchemaError`), a name Julia cannot
 * open a file with or a storage it reads as another type than declared, and each place that write
 * would lay out otherwise that Julia refuses as it is (julia-refused-layout.ts: a nullable column
 * of a required field, an extension name missing, a legacy name of UTC). The readers take such a
 * table, a file a user has being worth reading; `legolas validate` reports these. `schema` is one
 * whose columns comply with `schemaVersion`, as a read of them has checked: a `TableFile`'s
 * `schema` read as that version, or a `TableBatch`'s `batch.schema`.
 */
export function findJuliaUnreadableColumns(schema: Schema, schemaVersion: SchemaVersion): Violation[] {
  // A field of any input (`config::Union{<:NamedTuple,DigitsConfigV1}`: `input: any`) reads as
  // whatever its storage is, so only its names and zones can keep Julia from reading it.
  const anyInput = (field: Field) => schemaVersion.fields.some((d) => d.name === field.name && d.input === "any");
  const typed = new Schema(schema.fields.filter((field) => !anyInput(field)));
  const untyped = schema.fields.filter(anyInput);
  const { fields, unreadable } = asJuliaReads(typed, schemaVersion);
  const rewritten = fields.flatMap((field, k) => layoutJuliaRefuses(typed.fields[k]!, field, field.name));
  return [...unreadable, ...rewritten, ...untyped.flatMap(unreadableByAnyType)];
}

/** What keeps Julia from reading the column `field` whatever type it is declared: its names, its zones. */
function unreadableByAnyType(field: Field): Violation[] {
  return [...namesJuliaCannotOpen(field), ...zonesJuliaCannotRead(field)];
}

function asJuliaReads(schema: Schema, schemaVersion: SchemaVersion): { fields: Field[]; unreadable: Violation[] } {
  const declared = arrowSchemaOf(schemaVersion).fields;
  const unreadable: Violation[] = [];
  for (const field of schema.fields) {
    unreadable.push(...unreadableByAnyType(field));
    const own = schemaVersion.fields.find((d) => d.name === field.name);
    if (own !== undefined && own.input !== "any")
      unreadable.push(...uint128sJuliaReadsAsNoUuid(own.type, field, field.name));
  }
  const fields = schema.fields.map((field) => {
    const own = declared.find((d) => d.name === field.name);
    return own === undefined
      ? inUtcNamedZone(field)
      : asDeclared(field, own, field.nullable && own.nullable, field.name, unreadable);
  });
  return { fields, unreadable };
}

function asDeclared(
  field: Field,
  declaredField: Field,
  nullable: boolean,
  path: string,
  unreadable: Violation[],
  mapEntries = false,
): Field {
  const declared = withHeldElementType(declaredField, field);
  const children = (field.type.children as Field[] | undefined) ?? [];
  const declaredChildren = (declared.type.children as Field[] | undefined) ?? [];
  const struct = DataType.isStruct(field.type);
  // A map's key and value are read by position, whatever their names (Arrow.jl's Map juliaeltype).
  if (struct && !mapEntries && DataType.isStruct(declared.type) && !sameChildren(children, declaredChildren, declared))
    unreadable.push(otherChildren(path, field, declared));
  const matched = DataType.isDictionary(field.type)
    ? children
    : children.map((child, k) => {
        const own = declaredChildOf(field.type, child, k, declaredChildren);
        if (own === undefined) return child;
        const childNullable = struct ? own.nullable : child.nullable && own.nullable;
        const at = struct ? `${path}.${child.name}` : `${path}[]`;
        return asDeclared(child, own, childNullable, at, unreadable, DataType.isMap(field.type));
      });
  if (isDateMillisecond(field.type) && DataType.isDate(declared.type) && !isDateMillisecond(declared.type))
    unreadable.push(dateTimeForDate(path, field));
  const childrenKept = matched.every((child, k) => child === children[k]);
  const type = childrenKept ? inJuliaZone(field.type, declared.type) : withChildren(field.type, matched);
  const metadata = withDeclaredExtension(field.metadata, type, declared);
  if (type === field.type && nullable === field.nullable && metadata === field.metadata) return field;
  return new Field(field.name, type, nullable, metadata);
}

/**
 * A declared Weights field as it stores the element type `field` holds: the version's own Arrow
 * schema declares Float32 (Flux's default), but LegolasFlux's `Weights{T}` is labelled the same
 * for every `T` (Float64 after `f64(model)`, an integer type, ...), and Julia reads the labelled
 * storage of each as `Weights{T}`.
 */
function withHeldElementType(declared: Field, field: Field): Field {
  if (extensionNameOf(declared) !== WEIGHTS_EXTENSION) return declared;
  const held = weightsElementTypeOf(field.type);
  if (held === null || held === weightsElementTypeOf(declared.type)) return declared;
  return new Field(declared.name, weightsArrowType(held), declared.nullable, declared.metadata);
}

/**
 * The declared field that `child` (child `k` of a field of type `type`) holds: a struct's child
 * by name, a union's by its storage (its members come in any order), a list's or map's element by
 * position (its name is "" or absent).
 */
export function declaredChildOf(
  type: DataType,
  child: Field,
  k: number,
  declaredChildren: readonly Field[],
): Field | undefined {
  if (DataType.isStruct(type)) return declaredChildren.find((d) => d.name === child.name);
  if (DataType.isUnion(type)) return declaredChildren.find((d) => String(d.type) === String(child.type));
  return declaredChildren[k];
}

/**
 * A declared timestamp stored under one of UTC's names other than `UTC` (`Etc/UTC`, `Zulu`,
 * `+00:00`), in the zone `UTC`, as Arrow.jl writes it: TimeZones.jl refuses the legacy names (`Zulu`, `UCT`,
 * `Universal`, ...) when Julia reads a value, as `ZonedDateTime`s are read. Any other zone is
 * kept: its instants read alike in any zone, and Julia reads it as it is.
 */
function inJuliaZone(type: DataType, declared: DataType): DataType {
  return DataType.isTimestamp(declared) ? inUtcName(type) : type;
}

function inUtcName(type: DataType): DataType {
  if (!DataType.isTimestamp(type)) return type;
  const zone = writtenTimeZone(type.timezone ?? null);
  return zone === (type.timezone ?? null) ? type : new Timestamp(type.unit, zone);
}

/**
 * An extra column (no declared field names it) with each timestamp in it, at any depth, stored
 * under another of UTC's names than `UTC` given `UTC`, as a declared one is: Julia reads an extra
 * column too, and TimeZones.jl refuses `Etc/UTC` there as anywhere. Nothing else of it changes.
 */
function inUtcNamedZone(field: Field): Field {
  if (DataType.isDictionary(field.type)) return field;
  const children = (field.type.children as Field[] | undefined) ?? [];
  const renamed = children.map(inUtcNamedZone);
  const type = renamed.every((child, k) => child === children[k])
    ? inUtcName(field.type)
    : withChildren(field.type, renamed);
  return type === field.type ? field : new Field(field.name, type, field.nullable, field.metadata);
}

function isDateMillisecond(type: DataType): boolean {
  return DataType.isDate(type) && type.unit === DateUnit.MILLISECOND;
}

/** A `date` stored as Date(MILLISECOND), which Arrow.jl reads as a `DateTime`, no `Date`. */
function dateTimeForDate(path: string, field: Field): Violation {
  return {
    code: "incorrect_type",
    path,
    expected: "date (Arrow Date<DAY>)",
    found:
      `Arrow ${String(field.type)}, which Julia reads as a DateTime, no Date; ` +
      "write the table's rows (readTable's result.rows), which store days",
  };
}

/**
 * Whether a struct's children are those Julia reads as the declared type: a NamedTuple's names in
 * order, a record's (or another labelled struct's) in any order.
 */
function sameChildren(children: readonly Field[], declaredChildren: readonly Field[], declared: Field): boolean {
  if (children.length !== declaredChildren.length) return false;
  if (extensionNameOf(declared) === null) return children.every((child, k) => child.name === declaredChildren[k]!.name);
  return declaredChildren.every((d) => children.some((child) => child.name === d.name));
}

function otherChildren(path: string, field: Field, declared: Field): Violation {
  const inOrder = extensionNameOf(declared) === null ? ", in this order" : "";
  const names = (declared.type.children as Field[]).map((child) => JSON.stringify(child.name)).join(", ");
  return {
    code: "incorrect_type",
    path,
    expected: `the children ${names}${inOrder}`,
    found:
      `${arrowTypeText(field.type)}, which Julia reads as another type than the declared one; ` +
      "write the table's rows (readTable's result.rows), which lay it out as declared",
  };
}

/** A field's metadata, with the declared extension name where it has none and `type` is the declared storage. */
function withDeclaredExtension(metadata: Map<string, string>, type: DataType, declared: Field): Map<string, string> {
  const name = extensionNameOf(declared);
  if (name === null || metadata.has(EXTENSION_NAME_KEY)) return metadata;
  // A record's children were matched by name (asDeclared, sameChildren); any other type reads as declared only in its own storage.
  const declaredStorage = isRecordExtensionName(name)
    ? DataType.isStruct(type)
    : String(type) === String(declared.type);
  if (!declaredStorage) return metadata;
  return new Map([
    ...metadata,
    [EXTENSION_NAME_KEY, name],
    [EXTENSION_METADATA_KEY, declared.metadata.get(EXTENSION_METADATA_KEY) ?? ""],
  ]);
}

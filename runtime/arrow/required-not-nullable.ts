/**
 * An Arrow table written under a schema version, with what the version requires marked not
 * nullable. Arrow.jl reads a nullable column as `Union{T, Missing}` and a nullable list element as
 * `Vector{Union{Missing, T}}` (src/eltypes.jl, `juliaeltype`), which `Legolas.validate` refuses
 * for a field of type `T` or `Vector{T}`; Arrow.jl writes a column nullable only when its values
 * hold a missing one. Tables from elsewhere mark everything nullable (apache-arrow's `new Table`
 * and `tableFromJSON`, pyarrow, Polars), so a validated table, which holds no null where the
 * version requires a value, is given the nullability of the version's own Arrow schema
 * (schema.ts) wherever the two have the same children: a required column, a struct's or a
 * record's required child, a list's or a map's elements, a union's members (Arrow.jl's own
 * union has its first member nullable, and so reads as `Union{Missing, A, B}`). A struct's
 * optional child is made nullable too: a NamedTuple is invariant in its field types, so Legolas.jl
 * refuses `NamedTuple{(:x, :note), Tuple{Float64, String}}`, which Arrow.jl reads from a struct
 * whose `note` is not nullable, for a field of `NamedTuple{(:x, :note), Tuple{Float64,
 * Union{Missing, String}}}` (Arrow.jl writes the child from that declared type, nullable). Nothing
 * else is made nullable (a column of `T` is a `Union{Missing, T}` to Legolas.jl, and a list's
 * elements have no optional form), and the data is not touched. Dictionary-encoded columns keep
 * their children as they are.
 */
import { DataType, Field, Schema } from "apache-arrow";
import type { SchemaVersion } from "../schema-version.js";
import { withChildren } from "./ipc/file-writer.js";
import { arrowSchemaOf } from "./schema.js";

export function withRequiredNotNullable(schema: Schema, schemaVersion: SchemaVersion): Schema {
  const declared = arrowSchemaOf(schemaVersion).fields;
  const fields = schema.fields.map((field) => {
    const own = declared.find((d) => d.name === field.name);
    return own === undefined ? field : withNullabilityOf(field, own, field.nullable && own.nullable);
  });
  return fields.every((field, k) => field === schema.fields[k]) ? schema : new Schema(fields, schema.metadata);
}

function withNullabilityOf(field: Field, declared: Field, nullable: boolean): Field {
  const children = (field.type.children as Field[] | undefined) ?? [];
  const declaredChildren = (declared.type.children as Field[] | undefined) ?? [];
  // Struct children match by name, a union's by their storage (its members come in any order),
  // a list's or map's element by position (its name is "" or absent).
  const declaredChild = (child: Field, k: number): Field | undefined => {
    if (DataType.isStruct(field.type)) return declaredChildren.find((d) => d.name === child.name);
    if (DataType.isUnion(field.type)) return declaredChildren.find((d) => String(d.type) === String(child.type));
    return declaredChildren[k];
  };
  const matched = DataType.isDictionary(field.type)
    ? children
    : children.map((child, k) => {
        const own = declaredChild(child, k);
        if (own === undefined) return child;
        const exactly = DataType.isStruct(field.type);
        return withNullabilityOf(child, own, exactly ? own.nullable : child.nullable && own.nullable);
      });
  if (nullable === field.nullable && matched.every((child, k) => child === children[k])) return field;
  const type = children.length === 0 ? field.type : withChildren(field.type, matched);
  return new Field(field.name, type, nullable, field.metadata);
}

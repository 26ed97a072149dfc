/**
 * Julia's `Union{A, B, ...}` as a field type (`union<A, B>`; `union<A, B>?` is
 * `Union{Missing, A, B}`). A Julia value knows its concrete type; a JavaScript value knows only
 * its class (`typeof`, or the constructor of an object). So a union's members must have values
 * of different classes (`union<int64, string>`: a `bigint` or a `string`), and a value's member
 * is the one of its class: what the validator checks it against, the Arrow child it is written
 * to, the key of its JSON form.
 */
import { isBigIntType, typedArrayName, type TypedArrayName } from "./field-types.js";
import type { DeclaredFieldType, FieldType } from "./schema-version-types.js";

/** The class of a type's JavaScript values; `null` for types no union may hold. */
export type ValueClass = "boolean" | "number" | "bigint" | "string" | "Date" | "Array" | "Set" | "Map" | TypedArrayName;

export function valueClass(type: DeclaredFieldType): ValueClass | null {
  switch (type.kind) {
    case "bool":
      return "boolean";
    case "float":
      return "number";
    case "int":
    case "timestamp":
    case "duration":
    case "time":
      return isBigIntType(type) ? "bigint" : "number";
    case "string":
    case "uuid":
      return "string";
    case "binary":
      return "Uint8Array";
    case "date":
    case "datetime":
      return "Date";
    case "list":
    case "vector":
    case "ntuple":
      return typedArrayName(type.element) ?? "Array";
    case "tuple":
      return "Array";
    case "set":
      return "Set";
    case "map":
      return "Map";
    // Objects (a struct, a record, Weights) are told apart by their fields, which a class does
    // not show; a union of unions is one union (Julia flattens it).
    default:
      return null;
  }
}

/** Whether `value` is of class `valueClass`. */
function hasValueClass(valueClass: ValueClass, value: unknown): boolean {
  switch (valueClass) {
    case "boolean":
    case "number":
    case "bigint":
    case "string":
      return typeof value === valueClass;
    case "Array":
      return Array.isArray(value);
    case "Date":
      return value instanceof Date;
    case "Set":
      return value instanceof Set;
    case "Map":
      return value instanceof Map;
    default:
      return value instanceof globalThis[valueClass];
  }
}

/** The index of the member of `type` that `value` is of (its class's), or -1. */
export function unionMemberIndex(type: Extract<FieldType, { kind: "union" }>, value: unknown): number {
  return type.members.findIndex((member) => isOfMemberClass(member, value));
}

/** Whether `value` is of the class of `member`'s values, a member of a union. */
export function isOfMemberClass(member: FieldType, value: unknown): boolean {
  return hasValueClass(valueClass(member)!, value);
}

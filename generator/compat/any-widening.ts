/**
 * Whether a table the old version writes still reads alike when its field is widened to `any`.
 * An `any` column reads as the type its storage has, a Julia label included (the runtime's
 * columns/any-values.ts `storageFieldType`): a field's type does when its own storage (schema.ts)
 * maps back to a type of the same values. Those are the scalars, `uuid`, `datetime`, `char`,
 * `version`, and lists, sets, tuples and structs of them; a nested record reads as a plain object
 * (not its row class), and a storage `any` has no type for (an `ntuple`'s FixedSizeList, a `map`,
 * a `union`, `int128`, `float16`, Weights) as apache-arrow's values, so those do not, but for a
 * union of plain scalars, whose values apache-arrow gives as the members' own; nor does a
 * `period`, whose Duration of any unit (Arrow.jl's is seconds) is read in nanoseconds.
 */
import { storageFieldType } from "legolas-ts/internal/arrow/columns/any-values";
import { arrowFieldOf } from "legolas-ts/internal/arrow/schema";
import { propertyKey } from "legolas-ts/internal/field-names";
import { formatFieldType, type DeclaredFieldType, type FieldType } from "legolas-ts/internal/field-types";

export function readsAlikeAsAny(type: DeclaredFieldType): boolean {
  // A union column reads as apache-arrow gives its children's values: alike for plain scalars.
  if (type.kind === "union") return type.members.every(isPlainScalar);
  const same = sameValuesType(type, false);
  if (same === null) return false;
  const field = arrowFieldOf("", type as FieldType, false);
  const stored = storageFieldType(field.type, field);
  return stored !== null && formatFieldType(stored) === formatFieldType(same);
}

/** A member whose values apache-arrow reads as the member's own (a bigint for an Int64, never a lossy number). */
function isPlainScalar(type: DeclaredFieldType): boolean {
  if (type.kind === "int") return type.bits <= 64;
  if (type.kind === "float") return type.bits !== 16;
  return type.kind === "bool" || type.kind === "string";
}

/**
 * The type of a storage whose values are those `type` reads (Julia's `Symbol` is a string, an
 * `integer` an int64, ...), or `null` where none is: a record, a struct child a default fills or
 * an expression computes, an escaped struct key (`toString$`), and an abstract type in a list
 * (a plain array of its values, where the storage's type reads a typed array).
 */
function sameValuesType(type: DeclaredFieldType, inList: boolean): FieldType | null {
  switch (type.kind) {
    case "record":
    case "any":
      return null;
    case "symbol":
    case "schema-version":
      return { kind: "string" };
    case "abstract":
      // A period reads any Duration in nanoseconds, and Arrow.jl writes an abstract Period field
      // as Duration(SECOND), which an any column reads as its own count of seconds.
      if (inList || type.name === "period") return null;
      return type.name === "integer" ? { kind: "int", bits: 64, signed: true } : { kind: "float", bits: 64 };
    case "list":
    case "vector":
    case "set": {
      const element = sameValuesType(type.element, true);
      if (element === null) return null;
      return type.kind === "set" ? { kind: "set", element } : { kind: "list", element };
    }
    case "tuple": {
      const elements = type.elements.map((element) => sameValuesType(element, false));
      return elements.includes(null) ? null : { kind: "tuple", elements: elements as FieldType[] };
    }
    case "struct": {
      const fields = [];
      for (const field of type.fields) {
        const child = sameValuesType(field.type, false);
        const plain =
          field.default === undefined &&
          field.computed !== true &&
          field.input === undefined &&
          propertyKey(field.name) === field.name;
        if (child === null || !plain) return null;
        fields.push({ ...field, type: child });
      }
      return { kind: "struct", fields, keys: "own" };
    }
    default:
      return type.kind === "ntuple" || type.kind === "map" || type.kind === "union" || type.kind === "weights"
        ? null
        : (type as FieldType);
  }
}

/**
 * Field expressions at run time: a field's `value:` (Legolas's field right-hand side,
 * `x::Int = round(Int, x)`), which a generated conversion applies before converting and
 * validating the field. The expression itself is generated code in the row-check language
 * (generator/resolve/checks.ts); what it sees is built here.
 */
import type { FieldDescriptor, FieldType } from "./field-types.js";
import { UnreadableValue } from "./violations.js";

/**
 * Whether a version has fields with `value:` expressions, its own or a nested record's at any
 * depth: its stored rows are then read through its row class, never trusted field by field,
 * since what is stored may not be what the expression makes of it (a legacy layout, a file
 * another tool wrote), and a row class converts its nested records through theirs.
 */
export function computesFields(schemaVersion: { readonly fields: readonly FieldDescriptor[] }): boolean {
  return schemaVersion.fields.some(fieldComputes);
}

/** Whether a field's value is computed: by its own `value:`, or inside, by a nested record's. */
export function fieldComputes(field: FieldDescriptor): boolean {
  return field.computed === true || holdsComputedRecord(field.type, new Set());
}

/** Whether a value of `type` holds, at any depth, a record whose version computes fields. */
function holdsComputedRecord(type: FieldType, seen: Set<object>): boolean {
  const inside = (types: readonly FieldType[]) => types.some((each) => holdsComputedRecord(each, seen));
  switch (type.kind) {
    case "record": {
      const version = type.schemaVersion();
      if (seen.has(version)) return false;
      seen.add(version);
      return version.fields.some((field) => field.computed === true || holdsComputedRecord(field.type, seen));
    }
    case "struct":
      return type.fields.some((field) => field.computed === true || holdsComputedRecord(field.type, seen));
    case "list":
    case "vector":
    case "set":
    case "ntuple":
      return inside([type.element]);
    case "tuple":
      return inside(type.elements);
    case "map":
      return inside([type.key, type.value]);
    case "union":
      return inside(type.members);
    default:
      return false;
  }
}

/**
 * The value `expression` computes for a field from the row as it stands: the fields converted
 * so far (parents' first, then this version's earlier fields, `converted`) over the input's own
 * values (`input`), as Legolas's constructor evaluates a field's right-hand side with the
 * earlier fields already assigned. An expression that throws (a field it reads is missing)
 * gives an {@link UnreadableValue}, which the validator reports at the field, as it reports a
 * value whose reading threw.
 */
// biome-ignore lint/suspicious/noExplicitAny: the expression was type-checked against the row's types at generate time.
export function computedField(input: object, converted: object, expression: (row: any) => unknown): unknown {
  try {
    return expression({ ...input, ...converted });
  } catch (error) {
    return new UnreadableValue(error);
  }
}

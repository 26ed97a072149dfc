/**
 * Field expressions at run time: a field's `value:` (Legolas's field right-hand side,
 * `x::Int = round(Int, x)`), which a generated conversion applies before converting and
 * validating the field. The expression itself is generated code in the row-check language
 * (generator/resolve/checks.ts); what it sees is built here.
 */
import type { FieldDescriptor } from "./field-types.js";
import { UnreadableValue } from "./violations.js";

/**
 * Whether a version has fields with `value:` expressions: its stored rows are then read through
 * its row class, never trusted field by field, since what is stored may not be what the
 * expression makes of it (a legacy layout, a file another tool wrote).
 */
export function computesFields(schemaVersion: { readonly fields: readonly FieldDescriptor[] }): boolean {
  return schemaVersion.fields.some((field) => field.computed === true);
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

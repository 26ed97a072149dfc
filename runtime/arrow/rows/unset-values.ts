/**
 * The fields a valid row (or a struct's or nested record's value) may leave out, the optional ones
 * and those with a default, and whether one of a row-class instance holds no value of its own:
 * what its constructor puts in one given none, and what a read decodes a missing one as, `null`
 * or the field's default (`learning_rate ?? 0.01`; a null under a default reads as the default).
 * A key given to the instance since that misspells such a field (`row.learning_rat = 0.1` beside
 * a `learning_rate` holding its default) was meant for it, as far as anyone can tell, and the
 * writers refuse it (misspelt-instance-keys.ts). A default given on purpose looks the same and is
 * refused alike: the key would be dropped either way.
 */
import { propertyKey } from "../../field-names.js";
import { isLeavable } from "../../field-types.js";
import type { Lacking, Leavable } from "../../misspelt-optional-keys.js";
import type { FieldDescriptor } from "../../schema-version-types.js";
import { convertedDefault } from "../columns/decode.js";

const LEAVABLE = new WeakMap<readonly FieldDescriptor[], readonly Leavable[]>();

/** The fields among `fields` that may be left out, in their order, each with what an instance holds in it when it was (`null`, or the default). */
export function leavableFields(fields: readonly FieldDescriptor[]): readonly Leavable[] {
  let leavable = LEAVABLE.get(fields);
  if (leavable === undefined) {
    leavable = fields.filter(isLeavable).map((field) => ({
      key: propertyKey(field.name),
      // A computed field's default goes through its `value:` expression: only `null` is sure to be unset.
      unset:
        field.default === undefined || field.computed === true ? null : convertedDefault(field.type, field.default),
    }));
    LEAVABLE.set(fields, leavable);
  }
  return leavable;
}

/** Whether `value`, held by an instance in a field whose unset value is `unset`, is no value of its own. */
export function holdsNoValue(value: unknown, unset: unknown): boolean {
  if (value === null || value === undefined || value === unset || Object.is(value, unset)) return true;
  // A date's default is a new Date in each row.
  return value instanceof Date && unset instanceof Date && value.getTime() === unset.getTime();
}

/** An instance's way of lacking a field, for the walk of misspelt-optional-keys.ts: it holds no value of its own there. */
export const HELD: Lacking = { leavable: leavableFields, lacks: holdsNoValue };

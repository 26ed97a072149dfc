/**
 * What a field's value is told to be where it is refused: the one home of that wording, which
 * the generator prints into the walk and the runtime says where the walk could not finish
 * (unreadable-places.ts), so that every door says the same.
 */
import { formatFieldType } from "./field-types.js";
import type { Constraints, DeclaredFieldType } from "./schema-version-types.js";

/**
 * What a field of listed values is told its value must be: `one of "train", "test"`. A
 * SchemaVersion's value is its first link, which the parents Legolas.jl writes after it may
 * follow: `one of "a@1" (followed by its parents or not: "a@1>...")`.
 */
export function oneOfListed(type: DeclaredFieldType, values: readonly ListedValue[]): string {
  const listed = `one of ${values.map(listedValueText).join(", ")}`;
  if (type.kind !== "schema-version") return listed;
  return `${listed} (followed by its parents or not: ${JSON.stringify(`${values[0]}>...`)})`;
}

/**
 * What a missing value, one of another type, or one whose reading threw is told to be: its type,
 * and for a field of listed values the values too (`string, one of "train", "test"`), which the
 * type alone would not say.
 */
export function fieldValueExpected(type: DeclaredFieldType, constraints: Constraints): string {
  const typeText = formatFieldType(type);
  return constraints.values === undefined ? typeText : `${typeText}, ${oneOfListed(type, constraints.values)}`;
}

type ListedValue = NonNullable<Constraints["values"]>[number];

/** A listed value as a violation names it, as it is written in TypeScript (`"a"`, `5n`, `-0`). */
function listedValueText(value: ListedValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  return Object.is(value, -0) ? "-0" : String(value);
}

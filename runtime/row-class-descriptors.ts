/**
 * Which descriptor each row class belongs to, for the runtime's doors that are given the class
 * alone (`X.parse`, `X.fromJSON`, `row.toJSON()`). `defineSchemaVersion` records it; a module of
 * its own so that the doors can read it without importing the descriptor's builder. And which
 * classes the generator wrote ({@link generatedRowClass}).
 */
import type { SchemaVersion } from "./schema-version-types.js";

const DESCRIPTORS = new WeakMap<object, SchemaVersion<object, unknown>>();
const WALKS = new WeakMap<object, SchemaVersion<object, unknown>>();

/** Records `schemaVersion` as `rowClass`'s descriptor, and as its field walk's (`validateFields`). */
export function recordDescriptor(rowClass: object, schemaVersion: SchemaVersion<object, unknown>): void {
  DESCRIPTORS.set(rowClass, schemaVersion);
  WALKS.set(schemaVersion.validateFields, schemaVersion);
}

/**
 * The descriptor whose `validateFields` is `walk`, if one was recorded: a generated `validate`
 * passes its walk alone (row-validation.ts `validateRow`), whose error then names the field.
 */
export function schemaVersionOfWalk(walk: object): SchemaVersion<object, unknown> | undefined {
  return WALKS.get(walk);
}

/**
 * The descriptor `defineSchemaVersion` built for `rowClass`, or for the nearest row class it
 * extends (a user's `class MyRow extends DigitsRowV1 {}` is a `digits-model@1` row: its
 * instances write, and give their JSON form, as `DigitsRowV1`'s), if there is one.
 */
export function schemaVersionOf(rowClass: unknown): SchemaVersion<object, unknown> | undefined {
  for (let c = rowClass; typeof c === "function"; c = Object.getPrototypeOf(c)) {
    const schemaVersion = DESCRIPTORS.get(c);
    if (schemaVersion !== undefined) return schemaVersion;
  }
  return undefined;
}

/**
 * The key of the static property, `true`, that marks a row class the generator wrote: its
 * constructor converts (`convert`), tests (`is`) and throws `rowError`'s error, nothing else but
 * its {@link MISSPELT_KEY_CHECK} of a valid row's input (which a read's rows, of its columns' keys
 * only, need not), so that a read which keeps only the violations may run those steps without
 * making the row (row-validation.ts `constructorViolations`). Only the class's own property counts: a subclass
 * written by hand may check more in its constructor. A `~` key, as Standard Schema's, which
 * editors list last.
 */
export const GENERATED_ROW_CLASS = "~generated";

/**
 * The key of the static method `(input) => boolean` of a generated row class whose version has a
 * field that may be left out, at any depth: whether `input`, whose row passed, holds a key that
 * misspells such a field it lacks, whose value conversion dropped (misspelt-optional-keys.ts). Its
 * constructor, `parse` and `fromJSON` ask it; it walks the input only when the input lacks such a
 * field or the version has a field that can hold one deeper, so that an input given every field
 * pays a few property reads (generator/emit/misspelt-key-check.ts). A version with none has no
 * such method, and no check.
 */
export const MISSPELT_KEY_CHECK = "~misspeltKeys";

/**
 * The key of the static property that holds a generated row class's name as its module declares
 * it (`"DigitsModelV1"`). A minifier renames the class, whose `name` is then `e`, but not a
 * string; messages that tell you to call the class ({@link declaredClassName}) name it by this.
 */
export const DECLARED_CLASS_NAME = "~className";

/**
 * What messages call `rowClass`: the name its generated module declares it by (its own
 * {@link DECLARED_CLASS_NAME}: a subclass's is the subclass's `name`), else its `name`, else
 * "the row class".
 */
export function declaredClassName(rowClass: object): string {
  const declared = Object.hasOwn(rowClass, DECLARED_CLASS_NAME)
    ? (rowClass as Record<string, unknown>)[DECLARED_CLASS_NAME]
    : (rowClass as { name?: unknown }).name;
  return typeof declared === "string" && declared !== "" ? declared : "the row class";
}

/** `true` when `rowClass` is marked, by its own property, as a row class the generator wrote. */
export function isGeneratedRowClass(rowClass: unknown): boolean {
  return (
    typeof rowClass === "function" &&
    Object.hasOwn(rowClass, GENERATED_ROW_CLASS) &&
    (rowClass as unknown as Record<string, unknown>)[GENERATED_ROW_CLASS] === true
  );
}

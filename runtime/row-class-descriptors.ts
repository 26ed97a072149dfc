/**
 * Which descriptor each row class belongs to, for the runtime's doors that are given the class
 * alone (`X.parse`, `X.fromJSON`, `row.toJSON()`). `defineSchemaVersion` records it; a module of
 * its own so that the doors can read it without importing the descriptor's builder.
 */
import type { SchemaVersion } from "./schema-version-types.js";

const DESCRIPTORS = new WeakMap<object, SchemaVersion<object, unknown>>();

/** Records `schemaVersion` as `rowClass`'s descriptor. */
export function recordDescriptor(rowClass: object, schemaVersion: SchemaVersion<object, unknown>): void {
  DESCRIPTORS.set(rowClass, schemaVersion);
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

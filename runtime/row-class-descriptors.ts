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

/** The descriptor `defineSchemaVersion` built for `rowClass`, if it built one. */
export function schemaVersionOf(rowClass: object): SchemaVersion<object, unknown> | undefined {
  return DESCRIPTORS.get(rowClass);
}

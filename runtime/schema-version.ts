/**
 * The schema version descriptor: everything legolas-ts knows about one `name@version` at run
 * time. Generated modules declare theirs with {@link defineSchemaVersion}, which registers it, so
 * that a reader can find the row class from a file's metadata.
 */
import type { Schema } from "apache-arrow";
import { arrowSchemaOf } from "./arrow/schema.js";
import { jsonSchemaOf } from "./json-schema.js";
import { formatSchemaVersionName, isValidSchemaName, isValidSchemaVersion } from "./identifier.js";
import { registerSchemaVersion } from "./registry.js";
import type { JsonSchema, SchemaVersion, SchemaVersionDeclaration } from "./schema-version-types.js";

export type { CheckDescriptor, RowClass, SchemaVersion, SchemaVersionDeclaration } from "./schema-version-types.js";

/** Each generated row class's descriptor, for the runtime's doors that are given the class alone. */
const DESCRIPTORS = new WeakMap<object, SchemaVersion<object, unknown>>();

/** The descriptor `defineSchemaVersion` built for `rowClass`, if it built one. */
export function schemaVersionOf(rowClass: object): SchemaVersion<object, unknown> | undefined {
  return DESCRIPTORS.get(rowClass);
}

/** Builds a descriptor and registers it. Redeclaring an identical version is allowed. */
export function defineSchemaVersion<Row extends object, Input>(
  declaration: SchemaVersionDeclaration<Row, Input>,
): SchemaVersion<Row, Input> {
  if (!isValidSchemaName(declaration.name) || !isValidSchemaVersion(declaration.version)) {
    throw new TypeError(`invalid schema version ${formatSchemaVersionName(declaration)}`);
  }
  const own = formatSchemaVersionName(declaration);
  const identifier = declaration.parent === null ? own : `${own}>${declaration.parent.identifier}`;
  let jsonSchema: JsonSchema | undefined;
  const schemaVersion: SchemaVersion<Row, Input> = {
    ...declaration,
    identifier,
    get arrowSchema(): Schema {
      return arrowSchemaOf(schemaVersion);
    },
    get jsonSchema() {
      jsonSchema ??= jsonSchemaOf(identifier, declaration.fields);
      return jsonSchema;
    },
  };
  DESCRIPTORS.set(declaration.rowClass, schemaVersion as SchemaVersion<object, unknown>);
  return registerSchemaVersion(schemaVersion);
}

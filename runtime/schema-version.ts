/**
 * The schema version descriptor: everything legolas-ts knows about one `name@version` at run
 * time. Generated modules declare theirs with {@link defineSchemaVersion}, which registers it, so
 * that a reader can find the row class from a file's metadata.
 */
import type { Schema } from "apache-arrow";
import { arrowSchemaOf } from "./arrow/schema.js";
import { jsonSchemaOf } from "./json-schema.js";
import { formatSchemaVersionName, isValidSchemaName, isValidSchemaVersion } from "./identifier.js";
import { juliaUnreadableField } from "./julia-readable-types.js";
import { bindRowClass } from "./legolas-row.js";
import { registerSchemaVersion } from "./registry.js";
import { recordDescriptor } from "./row-class-descriptors.js";
import { nameClass } from "./violations.js";
import type {
  FieldDeclaration,
  FieldDescriptor,
  JsonSchema,
  RowClass,
  SchemaVersion,
  SchemaVersionDeclaration,
} from "./schema-version-types.js";

export type {
  CheckDescriptor,
  FieldDeclaration,
  RowClass,
  SchemaVersion,
  SchemaVersionDeclaration,
} from "./schema-version-types.js";

/** Builds a descriptor and registers it. Redeclaring an identical version is allowed, and replaces it (registry.ts). */
export function defineSchemaVersion<Row extends object, Input>(
  declaration: SchemaVersionDeclaration<Row, Input>,
): SchemaVersion<Row, Input> {
  if (!isValidSchemaName(declaration.name) || !isValidSchemaVersion(declaration.version)) {
    throw new TypeError(`invalid schema version ${formatSchemaVersionName(declaration)}`);
  }
  const own = formatSchemaVersionName(declaration);
  refuseJuliaUnreadableFields(own, declaration.fields);
  const identifier = declaration.parent === null ? own : `${own}>${declaration.parent.identifier}`;
  let jsonSchema: JsonSchema | undefined;
  // Every descriptor has the same keys in the same order, so that the runtime's reads of them
  // (row-validation.ts, once per row) stay monomorphic across schemas.
  const schemaVersion: SchemaVersion<Row, Input> = {
    name: declaration.name,
    version: declaration.version,
    identifier,
    parent: declaration.parent,
    fields: inheritFields(declaration.parent, declaration.fields),
    checks: declaration.checks ?? [],
    validateFields: declaration.validateFields ?? validateByRowClass(declaration.rowClass),
    checkRow: declaration.checkRow,
    doc: declaration.doc,
    rowClass: declaration.rowClass,
    get arrowSchema(): Schema {
      return arrowSchemaOf(schemaVersion);
    },
    get jsonSchema() {
      jsonSchema ??= jsonSchemaOf(identifier, schemaVersion.fields);
      return jsonSchema;
    },
  };
  registerSchemaVersion(schemaVersion);
  recordDescriptor(declaration.rowClass, schemaVersion as SchemaVersion<object, unknown>);
  nameClass(declaration.rowClass, `${formatSchemaVersionName(schemaVersion)} row`);
  bindRowClass(declaration.rowClass);
  return schemaVersion;
}

/**
 * Refuses a field no file Julia reads can hold (a type Arrow.jl never reads as it, a time zone
 * TimeZones.jl refuses), as `legolas generate` refuses it in YAML: legolas-ts writes only what
 * Julia reads (DESIGN.md), and a table of such a field would be one `Legolas.read` refuses. A
 * mistake in the declaring code, so a TypeError, as an invalid name is.
 */
function refuseJuliaUnreadableFields(own: string, fields: readonly FieldDeclaration[]): void {
  const problems = fields.flatMap(({ name, type }) => juliaUnreadableField(name, type) ?? []);
  if (problems.length > 0) throw new TypeError(`invalid schema version ${own}: ${problems.join("; ")}`);
}

/** A hand-written declaration's field validation: its row class's. */
function validateByRowClass(rowClass: RowClass<object, never>): SchemaVersion["validateFields"] {
  return (value, out) => {
    if (out === null) return rowClass.is(value);
    out.push(...rowClass.validate(value));
    return true;
  };
}

/**
 * A version's fields from its parent's and its declared ones: the parent's in their order, each
 * re-declared one replaced where it stands, then the new ones. A declaration that lists every
 * field, parent's first, gives the same list.
 */
function inheritFields(
  parent: SchemaVersion | null,
  declarations: readonly FieldDeclaration[],
): readonly FieldDescriptor[] {
  const declared = declarations.map(fieldDescriptor);
  if (parent === null) return declared;
  const byName = new Map(declared.map((field) => [field.name, field]));
  const inherited = new Set(parent.fields.map((field) => field.name));
  return [
    ...parent.fields.map((field) => byName.get(field.name) ?? field),
    ...declared.filter((field) => !inherited.has(field.name)),
  ];
}

/** A declared field with its defaults filled in, its keys in the descriptor's order. */
function fieldDescriptor({ name, type, optional, constraints, ...rest }: FieldDeclaration): FieldDescriptor {
  return { name, type, optional: optional ?? false, constraints: constraints ?? {}, ...rest };
}

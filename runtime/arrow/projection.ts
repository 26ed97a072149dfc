/**
 * Reading some columns of a table (the readers' `columns` option): which of the file's columns
 * are read, what they are validated as, and what the rows hold.
 *
 * - Read: the columns asked for, plus every field a row check of the schema version reads
 *   (`checks[i].fields`, listed by the generator), since the checks run on every row read; a check
 *   that lists no fields may read any, and then every declared column is read. So is every
 *   declared column when one of those fields has a `value:` expression, which may read any field.
 * - Validated: the declared fields among them, as the version validates them, and the checks
 *   (schema-projection.ts). Fields not read are not validated: a read of two columns says
 *   nothing of the others. A computed field read is validated as a whole read validates it: each
 *   row built whole, by the version's constructor, whose expressions see every field.
 * - Given: rows holding exactly the declared fields asked for, as plain objects, typed as a
 *   `Pick` of the row type ({@link Projected}). A column the file holds but the version does not
 *   declare may be asked for: it is in the Arrow batches, never in rows. Their prototype names the
 *   declared fields the file holds that they lack, which a writer will not write as null
 *   (rows/unread-fields.ts).
 *
 * A name neither declared nor in the file is an `UnknownColumnError`.
 */
import type { Schema } from "apache-arrow";
import type { FieldNameOf, FieldProperty } from "../field-names.js";
import type { SchemaVersion } from "../schema-version-types.js";
import { fieldComputes } from "../field-expressions.js";
import { chainChecks, projectSchemaVersion } from "./schema-projection.js";
import { UnknownColumnError } from "./errors.js";
import { isGeneratedRowClass } from "../row-class-descriptors.js";

/**
 * The names a read of `Row`s may ask for: its fields' names, which are its columns' (`toString`
 * for the field a row holds as `toString$`, field-names.ts), not its methods (`toJSON`); any
 * string when the row type is not known.
 */
export type ColumnName<Row> = object extends Row ? string : FieldNameOf<Extract<FieldKey<Row>, string>>;

/** The keys of `Row` that hold fields: all but its methods. */
type FieldKey<Row> = { [Key in keyof Row]: Row[Key] extends (...args: never) => unknown ? never : Key }[keyof Row];

/**
 * The rows a read gives: whole rows without `columns`, else a `Pick` of the columns asked for,
 * each under its field's property.
 */
export type Projected<Row, Column extends string> = [Column] extends [never]
  ? Row
  : object extends Row
    ? { readonly [Name in Column as FieldProperty<Name>]: unknown }
    : Pick<Row, Extract<FieldProperty<Column>, keyof Row>>;

export interface Projection {
  /** The schema version the table is read as. */
  readonly schemaVersion: SchemaVersion;
  /** The indexes of the file's columns to read, ascending. */
  readonly columns: readonly number[];
  /** What the columns read are validated as: the declared fields among them, and the row checks. */
  readonly validateAs: SchemaVersion;
  /** What rows are built as: the declared fields asked for. */
  readonly rowsAs: SchemaVersion;
}

/** Every column of `schema`, validated and given as `schemaVersion` (a read without `columns`). */
export function wholeTable(schemaVersion: SchemaVersion, schema: Schema): Projection {
  const columns = schema.fields.map((_, index) => index);
  return { schemaVersion, columns, validateAs: schemaVersion, rowsAs: schemaVersion };
}

/** What a read of `columns` of a table of `schema` reads (see the module comment); every column without `columns`. */
export function projectionOf(
  schemaVersion: SchemaVersion,
  schema: Schema,
  columns: readonly string[] | undefined,
  source?: string,
): Projection {
  if (columns === undefined) return wholeTable(schemaVersion, schema);
  const declared = new Set(schemaVersion.fields.map((field) => field.name));
  const stored = columnIndexes(schema, [...declared, ...columns], source, declared);
  const asked = new Set(columns.filter((name) => declared.has(name)));
  const validated = new Set(asked);
  for (const name of fieldsOfChecks(schemaVersion) ?? declared) validated.add(name);
  // A field's `value:` expression, or the constructor of a row class written by hand, may read any field.
  const computed =
    !isGeneratedRowClass(schemaVersion.rowClass) ||
    schemaVersion.fields.some((field) => fieldComputes(field) && validated.has(field.name));
  if (computed) for (const name of declared) validated.add(name);
  const read = new Set([...columns, ...validated].flatMap((name) => stored.get(name) ?? []));
  // What rows of a projection lack that the file holds: a writer must not write it as null.
  const unread = (names: ReadonlySet<string>) => [...declared].filter((name) => stored.has(name) && !names.has(name));
  const validateAs = computed ? schemaVersion : projectSchemaVersion(schemaVersion, validated, unread(validated));
  return {
    schemaVersion,
    columns: [...read].sort((a, b) => a - b),
    validateAs,
    rowsAs: asked.size === validated.size ? validateAs : projectSchemaVersion(schemaVersion, asked, unread(asked)),
  };
}

/** The indexes of the columns of a raw read (no schema version): the names asked for, or every one. */
export function columnsOf(schema: Schema, columns: readonly string[] | undefined, source?: string): number[] {
  if (columns === undefined) return schema.fields.map((_, index) => index);
  const stored = columnIndexes(schema, columns, source, new Set());
  return [...new Set(columns.flatMap((name) => stored.get(name)!))].sort((a, b) => a - b);
}

/**
 * The indexes of the file's columns of each name: every one, so that two columns of one declared
 * name are read together and refused as the column check refuses them in a whole read. A name of
 * `names` neither stored nor in `declared` is an `UnknownColumnError`.
 */
function columnIndexes(
  schema: Schema,
  names: readonly string[],
  source: string | undefined,
  declared: ReadonlySet<string>,
): Map<string, number[]> {
  const stored = new Map<string, number[]>();
  schema.fields.forEach((field, index) => {
    const same = stored.get(field.name);
    if (same === undefined) stored.set(field.name, [index]);
    else same.push(index);
  });
  const unknown = [...new Set(names.filter((name) => !stored.has(name) && !declared.has(name)))];
  if (unknown.length > 0) throw new UnknownColumnError(unknown, [...new Set([...declared, ...stored.keys()])], source);
  return stored;
}

/** The fields the chain's row checks read; `null` when a check does not say. */
function fieldsOfChecks(schemaVersion: SchemaVersion): string[] | null {
  const fields: string[] = [];
  for (const check of chainChecks(schemaVersion)) {
    if (check.fields === undefined) return null;
    fields.push(...check.fields);
  }
  return fields;
}

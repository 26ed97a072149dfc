/**
 * The schema version descriptor: everything legolas-ts knows about one `name@version` at run
 * time. Generated modules declare theirs with {@link defineSchemaVersion}, which registers it, so
 * that a reader can find the row class from a file's metadata.
 */
import type { Schema } from "apache-arrow";
import { arrowSchemaOf } from "./arrow/schema.js";
import type { FieldDescriptor } from "./field-types.js";
import { jsonSchemaOf, type JsonSchema } from "./json-schema.js";
import { formatSchemaVersionName, isValidSchemaName, isValidSchemaVersion } from "./identifier.js";
import { registerSchemaVersion } from "./registry.js";
import type { Violation } from "./violations.js";

/** A generated row class: `new DigitsRowV1(input)`, `DigitsRowV1.validate(value)`, `DigitsRowV1.is(value)`. */
export interface RowClass<Row extends object = object, Input = never> {
  new (input: Input): Row;
  /** Every violation of `value` against the schema version; empty when it complies. */
  validate(value: unknown): Violation[];
  /** `true` when `value` complies with the schema version. */
  is(value: unknown): boolean;
}

/** A row-level check as declared in YAML. */
export interface CheckDescriptor {
  readonly check: string;
  readonly message: string;
}

export interface SchemaVersion<Row extends object = object, Input = never> {
  readonly name: string;
  readonly version: number;
  /** Fully qualified: this version, then its parent chain, `digits-model@1>legolas-flux.model@1`. */
  readonly identifier: string;
  readonly parent: SchemaVersion | null;
  /** Every field, parent fields first, re-declared fields narrowed in place. */
  readonly fields: readonly FieldDescriptor[];
  /** This version's own row checks; the parent's run first and live on the parent. */
  readonly checks: readonly CheckDescriptor[];
  /**
   * Runs the row checks of this version and its parents (parents' first) on any object whose
   * properties read as the row's fields, pushing a violation per failed check; absent when the
   * chain declares none. Generated; columnar validation calls it on a reused row view.
   */
  // `never`: any row-like object of its fields may be checked (a row view), and `Row` stays inferred from `rowClass` alone.
  checkRow?(row: never, path: string, out: Violation[]): void;
  readonly doc?: string;
  readonly rowClass: RowClass<Row, Input>;
  /** The Arrow schema of a table of this version, with `legolas_schema_qualified` set. */
  readonly arrowSchema: Schema;
  /** The JSON Schema of a row's JSON form (`row.toJSON()`, `X.fromJSON`); see json-schema.ts. */
  readonly jsonSchema: JsonSchema;
}

/** What a generated module declares; the identifier and the Arrow schema are derived from it. */
export type SchemaVersionDeclaration<Row extends object, Input> = Omit<SchemaVersion<Row, Input>, "identifier" | "arrowSchema" | "jsonSchema">;

/** Builds a descriptor and registers it. Redeclaring an identical version is allowed. */
export function defineSchemaVersion<Row extends object, Input>(
  declaration: SchemaVersionDeclaration<Row, Input>,
): SchemaVersion<Row, Input> {
  if (!isValidSchemaName(declaration.name) || !isValidSchemaVersion(declaration.version)) {
    throw new TypeError(`invalid schema version ${declaration.name}@${declaration.version}`);
  }
  const own = formatSchemaVersionName(declaration);
  const identifier = declaration.parent === null ? own : `${own}>${declaration.parent.identifier}`;
  let arrowSchema: Schema | undefined;
  let jsonSchema: JsonSchema | undefined;
  const schemaVersion: SchemaVersion<Row, Input> = {
    ...declaration,
    identifier,
    get arrowSchema() {
      arrowSchema ??= arrowSchemaOf(identifier, declaration.fields);
      return arrowSchema;
    },
    get jsonSchema() {
      jsonSchema ??= jsonSchemaOf(identifier, declaration.fields);
      return jsonSchema;
    },
  };
  return registerSchemaVersion(schemaVersion);
}

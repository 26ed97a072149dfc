/**
 * The shape of a schema version descriptor (schema-version.ts builds them). Types only, importing
 * no module of the runtime: the registry, the Arrow and JSON schema builders and the readers all
 * name the descriptor, and `defineSchemaVersion` imports them, so its shape lives apart from it.
 */
import type { Schema } from "apache-arrow";
import type { FieldDescriptor } from "./field-types.js";
import type { Violation } from "./violations.js";

/** A JSON Schema document (draft 2020-12), as json-schema.ts builds it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

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

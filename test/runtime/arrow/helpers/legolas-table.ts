/**
 * Tables laid out as a Legolas writer (Arrow.jl, or a test standing in for it) writes them, and
 * what a field is in an Arrow schema, as two writers must agree on it.
 */
import {
  type Data,
  type DataType,
  type Field,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  vectorFromArray,
} from "apache-arrow";
import { SCHEMA_QUALIFIED_KEY } from "legolas-ts";

/**
 * A one-batch table: `fields`, with `children[k]` the data of `fields[k]`, and the schema labelled
 * with its identifier under `legolas_schema_qualified`.
 */
export function legolasTable(identifier: string, fields: readonly Field[], children: readonly Data[]): Table {
  const schema = new Schema([...fields], new Map([[SCHEMA_QUALIFIED_KEY, identifier]]));
  const length = children[0]?.length ?? 0;
  const batch = new RecordBatch(schema, makeData({ type: new Struct([...fields]), length, children: [...children] }));
  return new Table(schema, batch);
}

/** A table as Arrow.jl writes one: `fields` with `columns[k]` the values of `fields[k]`, under `qualified`. */
export function juliaTable(
  qualified: string,
  fields: readonly Field[],
  columns: readonly (readonly unknown[])[],
): Table {
  const children = fields.map((field, k) => vectorFromArray([...columns[k]!], field.type).data[0]!);
  return legolasTable(qualified, fields, children);
}

/** What a field is in an Arrow schema, children and all, as two writers must agree on it. */
export function shape(field: Field): unknown {
  return {
    name: field.name,
    type: String(field.type),
    nullable: field.nullable,
    metadata: Object.fromEntries(field.metadata),
    children: ((field.type as DataType).children ?? []).map(shape),
  };
}

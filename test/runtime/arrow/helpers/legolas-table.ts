/**
 * A one-batch table laid out as a Legolas writer (Arrow.jl, or a test standing in for it) writes
 * one: `fields`, with `children[k]` the data of `fields[k]`, and the schema labelled with its
 * identifier under `legolas_schema_qualified`.
 */
import { type Data, type Field, makeData, RecordBatch, Schema, Struct, Table } from "apache-arrow";
import { SCHEMA_QUALIFIED_KEY } from "legolas-ts";

export function legolasTable(identifier: string, fields: readonly Field[], children: readonly Data[]): Table {
  const schema = new Schema([...fields], new Map([[SCHEMA_QUALIFIED_KEY, identifier]]));
  const length = children[0]?.length ?? 0;
  const batch = new RecordBatch(schema, makeData({ type: new Struct([...fields]), length, children: [...children] }));
  return new Table(schema, batch);
}

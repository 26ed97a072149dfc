/**
 * An Arrow table's nested records given the optional children their structs lack, as missing
 * values. readTable reads a child a record's struct lacks as missing (null), and a validated
 * table may lack one; but Legolas.jl builds a record from every one of its fields (its
 * `fromarrowstruct` takes one argument per field), so Julia cannot read such a struct, while a
 * table Legolas.jl writes holds every field, a missing value as `missing`. Each such child is
 * added as a column of the Null type, which Arrow.jl writes for a `Vector{Missing}` and reads as
 * `missing`s, and which the record's constructor takes for an optional field.
 *
 * Records only: an inline struct is a NamedTuple to Julia, whose type a Null child would change
 * (`Missing` where `Union{Missing, T}` is declared); julia-readable-schema.ts refuses one that
 * lacks a child, as before.
 */
import { Data, DataType, Field, makeData, Null, RecordBatch, Schema, Struct, Table } from "apache-arrow";
import type { SchemaVersion } from "../schema-version-types.js";
import { withChildren } from "./ipc/file-writer.js";
import { declaredChildOf } from "./julia-readable-schema.js";
import { extensionNameOf, isRecordExtensionName } from "./metadata.js";
import { arrowSchemaOf } from "./schema.js";

/** A field given the children it lacked (at any depth), and how its data (a batch's) gets them. */
interface Completion {
  readonly field: Field;
  readonly complete: (data: Data) => Data;
}

/**
 * `table` with every optional child that a nested record's struct lacks added as missing values,
 * at any depth; `table` itself when none lacks one. For a table that complies with `schemaVersion`
 * (a required child is never lacking there).
 */
export function withRecordChildren(table: Table, schemaVersion: SchemaVersion): Table {
  const declared = arrowSchemaOf(schemaVersion).fields;
  const completions = table.schema.fields.map((field) => {
    const own = declared.find((d) => d.name === field.name);
    return own === undefined ? null : completion(field, own);
  });
  if (completions.every((c) => c === null)) return table;
  const fields = table.schema.fields.map((field, k) => completions[k]?.field ?? field);
  const schema = new Schema(fields, table.schema.metadata);
  return new Table(
    schema,
    table.batches.map((batch) => {
      // A batch of no rows from `new Table({ x: emptyVector })` holds Vectors, not Data: write-bytes.ts's writableData makes its data from the fields.
      const children = batch.data.children.map((data, k) =>
        data instanceof Data ? (completions[k]?.complete(data) ?? data) : data,
      );
      return new RecordBatch(
        schema,
        batch.data.clone(new Struct(fields), undefined, undefined, undefined, undefined, children),
      );
    }),
  );
}

function completion(field: Field, declared: Field): Completion | null {
  // A dictionary's children are its values', which its data (indices) does not hold.
  if (DataType.isDictionary(field.type)) return null;
  const children = (field.type.children as Field[] | undefined) ?? [];
  const declaredChildren = (declared.type.children as Field[] | undefined) ?? [];
  const inner = children.map((child, k) => {
    const own = declaredChildOf(field.type, child, k, declaredChildren);
    return own === undefined ? null : completion(child, own);
  });
  const record = DataType.isStruct(field.type) && isRecordExtensionName(extensionNameOf(declared) ?? "");
  const lacking = record
    ? declaredChildren.filter((d) => d.nullable && !children.some((child) => child.name === d.name))
    : [];
  if (lacking.length === 0 && inner.every((c) => c === null)) return null;
  const type = withChildren(field.type, [
    ...children.map((child, k) => inner[k]?.field ?? child),
    ...lacking.map((d) => new Field(d.name, new Null(), true)),
  ]);
  return {
    field: new Field(field.name, type, field.nullable, field.metadata),
    complete: (data) =>
      data.clone(type, undefined, undefined, undefined, undefined, [
        ...data.children.map((child, k) => inner[k]?.complete(child) ?? child),
        // As a struct's sliced children are: at its offset, of its length.
        ...lacking.map(() => makeData({ type: new Null(), offset: data.offset, length: data.length })),
      ]),
  };
}

/**
 * One change to an Arrow schema at a time, and the table of the same data under the changed
 * schema: what read-plans tests use to make files whose schema differs from a kept one by one
 * thing (a name, a nullability, a metadata entry, a type's parameter, a dictionary id).
 */
import {
  Binary,
  type Data,
  DataType,
  Dictionary,
  Duration,
  type Field,
  Int,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Timestamp,
  Utf8,
  tableToIPC,
  vectorFromArray,
} from "apache-arrow";
import fc from "fast-check";

/** Where a field is: its index among the table's columns, then among each parent's children. */
export type FieldPath = readonly number[];

export type SchemaMutation =
  | { readonly kind: "nullability"; readonly path: FieldPath }
  | { readonly kind: "name"; readonly path: FieldPath; readonly suffix: string }
  | { readonly kind: "metadata"; readonly path: FieldPath | null; readonly key: string; readonly value: string | null }
  | { readonly kind: "type"; readonly path: FieldPath; readonly choice: number };

/** Every field's path, children after their parent (a dictionary's values are no field). */
export function fieldPaths(schema: Schema): FieldPath[] {
  const out: FieldPath[] = [];
  const visit = (fields: readonly Field[], prefix: FieldPath) =>
    fields.forEach((field, k) => {
      const path = [...prefix, k];
      out.push(path);
      visit((field.type.children ?? []) as Field[], path);
    });
  visit(schema.fields, []);
  return out;
}

/** The keys a mutation of metadata sets or removes: Legolas's, an extension name, and one nobody reads. */
const METADATA_KEYS = ["legolas_ts_weights_layout", "ARROW:extension:name", "ARROW:extension:metadata", "note"];
const METADATA_VALUES = ["flux", "tfjs", "", "JuliaLang.UUID", "JuliaLang.LegolasFlux.Weights", "x"];

/** One mutation of `schema`, anywhere in it: a type only where another type has its layout. */
export function schemaMutation(schema: Schema): fc.Arbitrary<SchemaMutation> {
  const paths = fieldPaths(schema);
  const path = fc.constantFrom(...paths);
  const retypable = paths.filter((p) => sameLayoutTypes(fieldAt(schema, p).type).length > 0);
  return fc.oneof(
    path.map((p) => ({ kind: "nullability" as const, path: p })),
    fc.record({ kind: fc.constant("name" as const), path, suffix: fc.constantFrom("x", "_", "É", " ") }),
    fc.record({
      kind: fc.constant("metadata" as const),
      path: fc.option(path, { nil: null, freq: 2 }),
      key: fc.constantFrom(...METADATA_KEYS),
      value: fc.option(fc.constantFrom(...METADATA_VALUES), { nil: null }),
    }),
    {
      arbitrary: fc.record({
        kind: fc.constant("type" as const),
        path: fc.constantFrom(...retypable),
        choice: fc.nat(7),
      }),
      weight: 2,
    },
  );
}

function fieldAt(schema: Schema, [first, ...rest]: FieldPath): Field {
  let field = schema.fields[first!]!;
  for (const k of rest) field = (field.type.children as Field[])[k]!;
  return field;
}

/** `schema` with `mutation` made; `null` when it changes nothing (a type no other of its layout stands for). */
export function mutated(schema: Schema, mutation: SchemaMutation): Schema | null {
  if (mutation.kind === "metadata" && mutation.path === null)
    return new Schema(schema.fields, withEntry(schema.metadata, mutation.key, mutation.value));
  const edit = (field: Field): Field | null => {
    switch (mutation.kind) {
      case "nullability":
        return field.clone({ nullable: !field.nullable });
      case "name":
        return field.clone({ name: `${field.name ?? ""}${mutation.suffix}` });
      case "metadata":
        return field.clone({ metadata: withEntry(field.metadata, mutation.key, mutation.value) });
      case "type": {
        const types = sameLayoutTypes(field.type);
        return types.length === 0 ? null : field.clone({ type: types[mutation.choice % types.length]! });
      }
    }
  };
  const fields = editAt(schema.fields, mutation.path!, edit);
  return fields === null ? null : new Schema(fields, schema.metadata);
}

function withEntry(metadata: Map<string, string>, key: string, value: string | null): Map<string, string> {
  const out = new Map(metadata);
  if (value === null) out.delete(key);
  else out.set(key, value);
  return out;
}

function editAt(fields: readonly Field[], path: FieldPath, edit: (field: Field) => Field | null): Field[] | null {
  const [k, ...rest] = path;
  const field = fields[k!]!;
  const changed =
    rest.length === 0 ? edit(field) : withChildren(field, editAt((field.type.children ?? []) as Field[], rest, edit));
  if (changed === null) return null;
  return fields.map((each, j) => (j === k ? changed : each));
}

function withChildren(field: Field, children: Field[] | null): Field | null {
  if (children === null) return null;
  // Every nested type (struct, list, map, union, fixed-size list) holds its children as an own property.
  const type = Object.assign(Object.create(Object.getPrototypeOf(field.type)), field.type, { children });
  return field.clone({ type });
}

/** The other types whose values have `type`'s buffers. */
function sameLayoutTypes(type: DataType): DataType[] {
  const options: DataType[] = [];
  if (DataType.isInt(type) && type.bitWidth <= 64) options.push(new Int(!type.isSigned, type.bitWidth));
  if (DataType.isTimestamp(type))
    options.push(
      new Timestamp((type.unit + 1) % 4, type.timezone),
      new Timestamp(type.unit, type.timezone === null ? "UTC" : null),
      new Timestamp(type.unit, "Europe/Paris"),
    );
  if (DataType.isDuration(type)) options.push(new Duration((type.unit + 1) % 4));
  if (DataType.isUtf8(type)) options.push(new Binary());
  if (DataType.isBinary(type)) options.push(new Utf8());
  if (DataType.isDictionary(type))
    options.push(
      new Dictionary(type.dictionary, type.indices, type.id + 1, type.isOrdered),
      new Dictionary(type.dictionary, type.indices, type.id, !type.isOrdered),
    );
  return options;
}

/** The table `legolas` holds with its column `name` (text) dictionary-encoded, as Arrow.jl writes a pooled column. */
export function withDictionaryColumn(table: Table, name: string): Table {
  const k = table.schema.fields.findIndex((field) => field.name === name);
  const values = [...table.getChildAt(k)!] as (string | null)[];
  const encoded = vectorFromArray(values, new Dictionary(new Utf8(), new Int32(), 7));
  const field = table.schema.fields[k]!.clone({ type: encoded.type });
  const schema = new Schema(
    table.schema.fields.map((each, j) => (j === k ? field : each)),
    table.schema.metadata,
  );
  const children = table.data[0]!.children.map((child, j) => (j === k ? encoded.data[0]! : child));
  const data = table.data[0]!.clone(new Struct(schema.fields), 0, table.numRows, 0, undefined, children);
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** The bytes of an IPC file of `table`'s data under `schema` (a mutation of its own); `null` when apache-arrow will not write it. */
export function fileUnder(table: Table, schema: Schema): Uint8Array | null {
  try {
    const struct = new Struct(schema.fields);
    const batches = table.batches.map((batch) => new RecordBatch(schema, retyped(batch.data, struct) as Data<Struct>));
    return tableToIPC(new Table(schema, batches), "file");
  } catch {
    return null;
  }
}

function retyped(data: Data, type: DataType): Data {
  const children = data.children.map((child, k) => retyped(child, (type.children as Field[])[k]!.type));
  return data.clone(type, data.offset, data.length, data.nullCount, undefined, children);
}

/**
 * Preparing a Legolas table for writing: whatever the input (rows in an array, rows from an
 * iterator, or an Arrow table), the output is record batches that have been validated against
 * the schema version and carry `legolas_schema_qualified` = its identifier. Pure; ipc/file-writer.ts
 * turns batches into bytes and table-files.ts puts the bytes in a file.
 */
import { Data, DataType, Field, makeBuilder, makeData, RecordBatch, Schema, Struct, Table, util } from "apache-arrow";
import { describeValue, type Violation } from "../violations.js";
import { WeightsElementTypeError } from "../weights/errors.js";
import type { SchemaVersion } from "../schema-version-types.js";
import type { TableCompression } from "./ipc/codecs.js";
import { ipcFileBytes, withChildren } from "./ipc/file-writer.js";
import { useLinearArrow } from "./ipc/linear-arrow.js";
import { withDictionaryDeltas } from "./ipc/replaced-dictionaries.js";
import { type Checked, checkOptions, checkSchemaVersionArgument } from "./options.js";
import { SCHEMA_QUALIFIED_KEY, WEIGHTS_LAYOUT_KEY, withSchemaIdentifier } from "./metadata.js";
import { LearnedLayout, rowsWeightsLayout, statedWeightsLayout } from "./weights-layout.js";
import { refuseJuliaUnreadableWeights } from "./julia-readable-weights.js";
import type { WeightsLayout } from "../weights-shape.js";
import { juliaOpenableSchema, juliaReadableSchema } from "./julia-readable-schema.js";
import { withRecordChildren } from "./record-children.js";
import { RowsConsumedError, TableSchemaError } from "./errors.js";
import { checkBatchData } from "./guard/data-bounds.js";
import { extraColumnsOf, refuseExtraKeys, withExtraColumns } from "./rows/extra-columns.js";
import { checkedRow, encodeRows } from "./rows/row-encoder.js";
import { rowBytes } from "./rows/row-bytes.js";
import { anyColumnsSchema } from "./rows/any-columns.js";
import { holdsArrays, weightsElementTypeOf } from "./columns/weights.js";
import { bitmapNullCount } from "./columns/buffers.js";
import { listElementsVisible, missingValues, presentAndVisible, spread, type Visible } from "./validate/null-counts.js";
import { weightsArrowType, withFields } from "./schema.js";
import { assertBatchValid } from "./validate/batch.js";
import { assertTableValid } from "./validate/table-schema.js";
import { checkColumnsAreData } from "./arrow-arguments.js";

/**
 * What a table can be written from: rows (plain objects, validated once by the row class, or
 * row-class instances, checked as they stand), in an array or an (async) iterable; or
 * an Arrow table, validated column by column. An Arrow table keeps its extra columns; so do rows
 * in an array, whose extra keys become columns (rows/extra-columns.ts says when).
 */
export type TableInput<Input = unknown> = readonly Input[] | Table | Iterable<Input> | AsyncIterable<Input>;

export interface WriteTableOptions {
  /**
   * Rows per record batch. An array of rows is written as one batch unless this is given (as
   * Legolas.jl writes a table); rows from an iterator are written this many at a time, so memory
   * holds one batch whatever the table's size. Without it, rows from an iterator are written
   * 10,000 at a time, or fewer once they hold 16 MiB (large rows: a model's weights, long lists).
   */
  readonly batchSize?: number | undefined;
  /**
   * Compress record-batch bodies with LZ4_FRAME (`"lz4"`) or ZSTD (`"zstd"`), as Arrow.jl's
   * `compress=:lz4` / `:zstd` does; Legolas.jl, Arrow C++/Rust, pyarrow and Polars read both.
   * Default: uncompressed. `writeTableBytes` needs `await prepareCompression(codec)` first.
   */
  readonly compression?: TableCompression | undefined;
  /**
   * Entries added to the table's metadata, like `Legolas.write(path, t, sv; metadata=...)`. They
   * are merged over an Arrow table input's own metadata; `legolas_schema_qualified` is always
   * the schema version's identifier, whatever this says.
   */
  readonly metadata?: Readonly<Record<string, string>> | ReadonlyMap<string, string> | undefined;
  /**
   * Keep the field metadata of these columns (a table read before, or its schema): each column
   * written from rows takes the metadata of the column of the same name and the same Arrow type,
   * at every depth, under its own. An `any` column (Julia's untyped field) takes the column's
   * Arrow type and nullability too (a timestamp's zone Julia cannot read is a `TableSchemaError`,
   * validated or not), so a table read and written back keeps it byte for byte; without
   * it, an `any` column's type is inferred from the rows' values (docs/julia.md). This is how a table read from Julia keeps the extension
   * names of Julia types legolas-ts reads as plain values (`JuliaLang.TimeSpan`,
   * `JuliaLang.Dates.Period` ...) when its rows are written back. An Arrow table input keeps
   * its own field metadata without this.
   */
  readonly fieldMetadataFrom?: Schema | Table | undefined;
  /**
   * `false` writes what does not comply with the schema version, as `Legolas.write(...;
   * validate=false)` does: an Arrow table's column types and values are not checked against it;
   * rows are converted by the row class (defaults, numbers to bigints) but their constraints and
   * row checks are not run. Still guaranteed: a file every Arrow reader reads, whose metadata
   * names the schema version. So a row value must still have its column's type, a string no lone
   * surrogate, and a required field a value (a `RowValidationError` otherwise: the column stores
   * nothing else), and a table's buffers are still bounds-checked and its timestamps in zones
   * Julia reads (a zone is the column's, no row's: a `TableSchemaError` otherwise, as validated).
   * `readTable` refuses what does not comply;
   * `{ validate: "columns" }` reads rows whose values do not. Default `true`.
   */
  readonly validate?: boolean | undefined;
}

const STREAMING_BATCH_SIZE = 10_000;
/** What the rows of a streamed batch hold at most (rows/row-bytes.ts counts it) when no batchSize is given. */
const STREAMING_BATCH_BYTES = 16 * 2 ** 20;

/**
 * The validated batches of `input` and the schema they share, for the writers that have checked
 * their options. Arrays and tables are validated
 * before this returns; other rows as the batches are read, synchronously (`sync`, for
 * writeTableBytes) when the rows are an iterable that is not async, else asynchronously. Rows
 * read asynchronously stop at the first row handed over once `signal` has aborted, their source
 * asked to stop (`return()`) then, not once the batch being filled is full.
 */
export function tableBatches<Row extends object, Input>(
  input: TableInput<Input | Row>,
  schemaVersion: SchemaVersion<Row, Input>,
  options: Checked<WriteTableOptions>,
  sync = false,
  signal?: AbortSignal,
): { schema: Schema; batches: Iterable<RecordBatch> | AsyncIterable<RecordBatch> } {
  checkSchemaVersionArgument(schemaVersion);
  checkTableInput(input);
  useLinearArrow();
  const version = schemaVersion as unknown as SchemaVersion<Row, never>;
  const validate = options.validate ?? true;
  if (input instanceof Table) return tableInputBatches(input, version, options.metadata, validate);
  const stated = statedWeightsLayout(options.metadata);
  // The stored schema says what the columns hold; the written one adds the caller's metadata and
  // the layout of the rows' weights.
  const written = (stored: Schema, layout: WeightsLayout | undefined) => {
    const metadata = layout === undefined ? options.metadata : withEntry(options.metadata, WEIGHTS_LAYOUT_KEY, layout);
    return withFieldMetadataFrom(withMetadata(stored, metadata, version.identifier), options.fieldMetadataFrom);
  };
  const relabelled = (schema: Schema) => (batch: RecordBatch) =>
    batch.schema === schema ? batch : new RecordBatch(schema, batch.data);
  if (Array.isArray(input)) {
    const layout = rowsWeightsLayout(input, version, stated);
    const size = options.batchSize ?? Math.max(input.length, 1);
    const extras = extraColumnsOf(version, input);
    const declared = rowsSchema(version, input, options.fieldMetadataFrom);
    const chunks = chunked(input, size);
    const encoded = (schema: Schema) => (chunk: readonly unknown[], k: number) =>
      withExtraColumns(encodeRows(version, chunk, k * size, validate, schema), extras, chunk);
    let batches = chunks.map(encoded(declared));
    // Each batch's Weights columns carry its rows' element type (Float64 weights stay Float64); a
    // batch none of whose rows holds an array has none, and is encoded again in the table's.
    const table = weightsTypedByBatches(version, declared, batches);
    if (table !== declared)
      batches = batches.map((batch, k) =>
        sameWeightsTypes(version, batch.schema, table) ? batch : encoded(table)(chunks[k]!, k),
      );
    batches.forEach((batch, k) => refuseJuliaUnreadableWeights(version, batch, k * size));
    const stored = batches[0]!.schema;
    const schema = written(stored, layout);
    return { schema, batches: batches.map((batch) => relabelled(schema)(inSchema(batch, stored))) };
  }
  const limits =
    options.batchSize === undefined
      ? { rows: STREAMING_BATCH_SIZE, bytes: STREAMING_BATCH_BYTES }
      : { rows: options.batchSize, bytes: Number.POSITIVE_INFINITY };
  const declared = rowsSchema(version, null, options.fieldMetadataFrom);
  // An empty table's; a table of rows has its first batch's, which records the layout its rows say.
  const schema = written(declared, stated);
  const layout = new LearnedLayout(version, stated);
  const batcher = new RowBatcher(version, limits, validate, declared, layout, (learned) =>
    learned === stated ? schema : written(declared, learned),
  );
  const rows = input as Iterable<unknown> | AsyncIterable<unknown>;
  // Refused here, before writeTable makes a file; marked once its reading begins (readRows).
  refuseConsumed(rows);
  const batches =
    sync && !(Symbol.asyncIterator in rows)
      ? syncStreamedBatches(batcher, rows)
      : streamedBatches(batcher, rows, signal);
  return { schema, batches };
}

/**
 * The schema rows are encoded in (rows/any-columns.ts), validated or not: an `any` column that
 * takes its type from `fieldMetadataFrom` takes its zone too (UTC's other names written `UTC`),
 * and one Julia cannot read, as a name it cannot open a file with, is the `TableSchemaError` an
 * Arrow table holding it gives.
 */
function rowsSchema(
  version: SchemaVersion<object, never>,
  rows: readonly unknown[] | null,
  fieldMetadataFrom: Schema | Table | undefined,
): Schema {
  const schema = anyColumnsSchema(version, rows, fieldMetadataFrom);
  return fieldMetadataFrom === undefined ? schema : juliaOpenableSchema(schema, version.identifier);
}

/**
 * `schema` with `extra` merged into its metadata and then `legolas_schema_qualified` set to
 * `identifier` (Legolas.jl's `write` assigns that key last too); `schema` itself when there is
 * nothing to add.
 */
function withMetadata(
  schema: Schema,
  extra: Readonly<Record<string, string>> | ReadonlyMap<string, string> | undefined,
  identifier: string,
): Schema {
  const entries = extra === undefined ? [] : extra instanceof Map ? [...extra] : Object.entries(extra);
  if (entries.length === 0 && schema.metadata.get(SCHEMA_QUALIFIED_KEY) === identifier) return schema;
  const merged = new Map(schema.metadata);
  for (const [key, value] of entries) {
    if (typeof value !== "string")
      throw new TypeError(`metadata ${JSON.stringify(key)}: values must be strings, got ${typeof value}`);
    merged.set(key, value);
  }
  return new Schema(schema.fields, withSchemaIdentifier(merged, identifier));
}

function withEntry(metadata: WriteTableOptions["metadata"], key: string, value: string): Map<string, string> {
  const entries = metadata === undefined ? [] : metadata instanceof Map ? [...metadata] : Object.entries(metadata);
  return new Map([...entries, [key, value]]);
}

function withFieldMetadataFrom(schema: Schema, source: Schema | Table | undefined): Schema {
  if (source === undefined) return schema;
  const sourceFields = source instanceof Table ? source.schema.fields : source.fields;
  const fields = schema.fields.map((field) =>
    withMetadataOf(
      field,
      sourceFields.find((f) => f.name === field.name),
    ),
  );
  return new Schema(fields, schema.metadata);
}

/** `field` with `source`'s metadata under its own, children too, when the two hold the same Arrow type. */
function withMetadataOf(field: Field, source: Field | undefined): Field {
  if (source === undefined || String(source.type) !== String(field.type)) return field;
  const children = (field.type.children as Field[] | undefined) ?? [];
  const sourceChildren = (source.type.children as Field[] | undefined) ?? [];
  // Struct children match by name, a list's element by position (its name is "" or absent).
  const keptChildren = children.map((child, k) =>
    withMetadataOf(
      child,
      DataType.isStruct(field.type) ? sourceChildren.find((c) => c.name === child.name) : sourceChildren[k],
    ),
  );
  const type = children.length === 0 ? field.type : withChildren(field.type, keptChildren);
  return new Field(field.name, type, field.nullable, new Map([...source.metadata, ...field.metadata]));
}

/**
 * Throws a `TypeError` that says what to pass when `input` is none of the forms a table is
 * written from: one row given alone, or nothing, would otherwise be refused as "not async
 * iterable", or by writeTableBytes as rows of an async iterable.
 */
function checkTableInput(input: unknown): void {
  if (input instanceof Table || input instanceof RecordBatch) checkColumnsAreData(input, "the table");
  const iterable =
    typeof input === "object" && input !== null && (Symbol.iterator in input || Symbol.asyncIterator in input);
  if (!iterable)
    throw new TypeError(
      `the rows to write are ${describeValue(input)}: pass an array of rows ([row] for one), an iterable or async iterable of rows, or an arrow.Table`,
    );
}

/** The bytes of an Arrow IPC file holding `input` as a table of `schemaVersion`. */
export function writeTableBytes<Row extends object, Input>(
  input: readonly (Input | Row)[] | Table | Iterable<Input | Row>,
  schemaVersion: SchemaVersion<Row, Input>,
  options: WriteTableOptions = {},
): Uint8Array<ArrayBuffer> {
  const { schema, batches } = tableBatches(input, schemaVersion, checkOptions(options, "writeTableBytes"), true);
  if (Symbol.asyncIterator in batches)
    throw new TypeError(
      "writeTableBytes cannot wait for the rows of an async iterable: collect them into an array first, or stream them to a file with writeTable",
    );
  return ipcFileBytes(schema, batches as Iterable<RecordBatch>, options.compression);
}

/**
 * An Arrow table is written as it is (extra columns too), after its columns are checked and
 * every row is validated column by column (validate/batch.ts, as reads are), with its
 * metadata's identifier set to the schema version's, the optional children its nested records
 * lack added as missing values (record-children.ts), and its fields' nullability and extension
 * names as Julia reads the declared types (julia-readable-schema.ts). Unvalidated, its buffers are still bounds-checked
 * and its zones ones Julia reads (julia-unreadable-zones.ts): what is written is a readable file.
 */
function tableInputBatches<Row extends object>(
  table: Table,
  schemaVersion: SchemaVersion<Row, never>,
  metadata: WriteTableOptions["metadata"],
  validate: boolean,
) {
  if (validate) assertTableValid(table, schemaVersion);
  let first = 0;
  table.batches.forEach((batch, index) => {
    checkBatchData(batch, index);
    if (validate) assertBatchValid(batch, schemaVersion, first);
    refuseJuliaUnreadableWeights(schemaVersion, batch, first);
    first += batch.numRows;
  });
  // Validated, it holds no null where the version requires a value and the declared storages: said so, as Julia reads it.
  const complete = validate ? withRecordChildren(table, schemaVersion) : table;
  const holdingNulls = new Set<string>();
  const truthful = nullableWhereNull(complete, holdingNulls);
  const stored = validate
    ? juliaReadableSchema(truthful, schemaVersion)
    : juliaOpenableSchema(truthful, schemaVersion.identifier);
  if (validate) refuseNullsUnderDefaults(holdingNulls, stored, schemaVersion.identifier);
  const schema = withMetadata(stored, metadata, schemaVersion.identifier);
  const batches = withDictionaryDeltas(complete.batches, schemaVersion.identifier);
  return { schema, batches: batches.map((batch) => new RecordBatch(schema, writableData(batch))) };
}

/**
 * `table`'s schema with each field that holds a null marked nullable, at any depth (a struct's
 * child, a list's element, a map's value, a union's member). apache-arrow's `Field` is not
 * nullable unless told (`new Field("x", new Int32())`), and nothing stops a table's data from
 * holding nulls under such a field; Arrow.jl types a column by its fields, so a field marked not
 * nullable reads as `T` and its nulls as the values under them (0, say). A null counts only where
 * Arrow.jl reads it: under a present struct or list, in a union's selected member, or a
 * dictionary value an index refers to. apache-arrow's builders put a null in each child of a
 * null struct (and of a null fixed-size list), which no reader reads: marking that child
 * nullable would make Julia read `Union{Missing, T}` there, which Legolas.validate refuses for a
 * declared `T`. Adds to `holdingNulls` the place (see {@link placeOf}) of each field that holds such a null.
 */
function nullableWhereNull(table: Table, holdingNulls: Set<string>): Schema {
  const { schema } = table;
  const fields = schema.fields.map((field, k) =>
    nullableField(
      field,
      table.batches.flatMap((batch) => {
        const column = batch.data.children[k];
        return column instanceof Data && column.length > 0
          ? [{ data: column, slots: column.length, visible: null }]
          : [];
      }),
      String(k),
      holdingNulls,
    ),
  );
  return withFields(schema, fields);
}

/**
 * Refuses a null that a field's default stands for (`seed::Int = coalesce(seed, 5)`): validation
 * passes it, since legolas-ts reads the default there, but the column is written as the version
 * declares it, without nulls, and Arrow.jl reads such a column as plain `Int64` without looking at
 * its validity: Julia would see the value under the null (0). Marking it nullable instead would
 * make Legolas.validate refuse the column; rows written through the row class hold the default.
 *
 * @throws TableSchemaError naming each such column, `holdingNulls` the places of the fields that hold nulls.
 */
function refuseNullsUnderDefaults(holdingNulls: ReadonlySet<string>, stored: Schema, identifier: string): void {
  const violations: Violation[] = [];
  const visit = (written: Field, at: string, path: string): void => {
    if (!written.nullable && holdingNulls.has(at)) {
      violations.push({
        code: "incorrect_type",
        path,
        expected:
          "no null: the column is written without nulls, as the version declares it, and Julia reads it so (the default stands for a null only when legolas-ts reads it)",
        found: "nulls; write the rows (their row class puts the default in), or fill the default into the column",
      });
      return;
    }
    childrenOf(written).forEach((child, k) => visit(child, placeOf(at, k), `${path}.${child.name}`));
  };
  stored.fields.forEach((field, k) => visit(field, String(k), field.name));
  if (violations.length > 0) throw new TableSchemaError(identifier, violations);
}

/** A column's data (a batch's), how many of its first values its parents refer to, and which of those they read. */
interface ReadPart {
  readonly data: Data;
  readonly slots: number;
  readonly visible: Visible;
}

/** Where a field is in a schema, by the index of each field on the way (`"2.0"`: column 2's first child): the same in every schema of one shape. */
function placeOf(parent: string, k: number): string {
  return `${parent}.${k}`;
}

/** A field's children; a dictionary's type answers its values' children, which its data (indices) does not hold. */
function childrenOf(field: Field): Field[] {
  return DataType.isDictionary(field.type) ? [] : ((field.type.children as Field[] | undefined) ?? []);
}

/**
 * `field` at place `at`, marked nullable where `parts` (its data, a batch each) hold a null a
 * reader reads, and so its children; each place that holds one is added to `holdingNulls`.
 */
function nullableField(field: Field, parts: readonly ReadPart[], at: string, holdingNulls: Set<string>): Field {
  const children = childrenOf(field);
  const marked = children.map((child, k) =>
    nullableField(
      child,
      parts.flatMap((part) => childParts(part, k)),
      placeOf(at, k),
      holdingNulls,
    ),
  );
  const type = marked.some((child, k) => child !== children[k]) ? withChildren(field.type, marked) : field.type;
  const holdsNull = parts.some((part) => missingValues(part.data, part.slots, part.visible) > 0);
  if (holdsNull) holdingNulls.add(at);
  const nullable = field.nullable || holdsNull;
  return nullable === field.nullable && type === field.type
    ? field
    : new Field(field.name, type, nullable, field.metadata);
}

/** The part of child `k` of `part`'s data that a reader reads: under its present values, a union's where selected. */
function childParts({ data, slots, visible }: ReadPart, k: number): ReadPart[] {
  const child = data.children[k];
  if (!(child instanceof Data) || slots === 0) return [];
  const inside = bitmapNullCount(data) > 0 ? presentAndVisible(data, slots, visible) : visible;
  const { type } = data;
  if (DataType.isStruct(type)) return [{ data: child, slots, visible: inside }];
  if (DataType.isFixedSizeList(type))
    return [{ data: child, slots: slots * type.listSize, visible: spread(inside, type.listSize) }];
  if (DataType.isList(type) || DataType.isLargeList(type) || DataType.isMap(type)) {
    const elements = Number((data.valueOffsets as Int32Array | BigInt64Array)[slots]);
    return [{ data: child, slots: elements, visible: listElementsVisible(data, slots, inside) }];
  }
  if (DataType.isUnion(type)) {
    // A union has no validity of its own: each row reads the member its type id names, a dense one at its offset.
    const id = type.typeIds[k]!;
    const dense = DataType.isDenseUnion(type);
    const selected = new Uint8Array(dense ? child.length : slots);
    for (let i = 0; i < slots; i++) {
      if (data.typeIds[i] !== id || (inside !== null && inside[i] !== 1)) continue;
      selected[dense ? (data.valueOffsets as Int32Array)[i]! : i] = 1;
    }
    return [{ data: child, slots: selected.length, visible: selected }];
  }
  return [{ data: child, slots: child.length, visible: null }];
}

/**
 * A batch's data as the file writer reads it. apache-arrow's `new Table({ x: vector })` of empty
 * vectors makes a batch of no rows whose children are those Vectors, not Data: such a batch is
 * written as the empty data of its columns' types.
 */
function writableData(batch: RecordBatch): Data<Struct> {
  const { data } = batch;
  if (data.length > 0 || data.children.every((child) => child instanceof Data)) return data;
  const fields = batch.schema.fields;
  const children = fields.map((field) => makeBuilder({ type: field.type }).finish().flush());
  return makeData({ type: new Struct(fields), length: 0, nullCount: 0, children });
}

/** A streamed batch ends at `rows` rows, or once its rows hold `bytes`, whichever comes first. */
interface BatchLimits {
  readonly rows: number;
  readonly bytes: number;
}

/**
 * Rows written from an iterator into batches of at most `limits`, each row checked as it comes
 * (no extra keys, its weights' layout the one recorded), each batch encoded in the `declared`
 * schema and labelled with the `written` one; the same for an iterator read synchronously
 * ({@link syncStreamedBatches}) or not ({@link streamedBatches}), whose loops are all that differs:
 * one loop for both, the async rows handed to the synchronous one a row at a time, took 0.34 s of
 * CPU per million rows where the async loop takes 0.11 s (2026-12-06).
 */
class RowBatcher<Row extends object> {
  #pending: unknown[] = [];
  #pendingBytes = 0;
  #first = 0;

  /** The schema the batches are written in, once the first is made (with the layout its rows say). */
  #written: Schema | undefined;

  constructor(
    private readonly schemaVersion: SchemaVersion<Row, never>,
    private readonly limits: BatchLimits,
    private readonly validate: boolean,
    private readonly declared: Schema,
    private readonly layout: LearnedLayout,
    private readonly writtenSchema: (layout: WeightsLayout | undefined) => Schema,
  ) {}

  /** Takes the next row; gives the batch it completes, if it completes one. */
  add(row: unknown): RecordBatch | null {
    const index = this.#first + this.#pending.length;
    this.layout.check(row, index);
    refuseExtraKeys(this.schemaVersion, row, index);
    // Checked (a plain input built into a row) as it comes, not when its batch is full: a source
    // may yield one object again and again, changed in place between rows, which the batch would
    // otherwise hold many times and write as its last values. An instance written as it stands
    // is such an object: its fields are taken now.
    const checked = checkedRow(this.schemaVersion, row, this.validate, index, true);
    this.#pending.push(checked);
    // Sized by what is written, not by `row`: a lazy row read key by key would decode every field
    // through its traps and keep its objects, which breaks its read's seal (rows/lazy-fields.ts).
    if (this.limits.bytes !== Number.POSITIVE_INFINITY) this.#pendingBytes += rowBytes(checked);
    if (this.#pending.length < this.limits.rows && this.#pendingBytes < this.limits.bytes) return null;
    return this.#batch();
  }

  /** The last batch, once the rows are done; an empty input still makes a table: zero rows, with the schema. */
  finish(): RecordBatch | null {
    return this.#pending.length > 0 || this.#first === 0 ? this.#batch() : null;
  }

  #batch(): RecordBatch {
    const batch = inSchema(
      encodeRows(this.schemaVersion, this.#pending, this.#first, this.validate, this.declared, true),
      this.declared,
    );
    refuseJuliaUnreadableWeights(this.schemaVersion, batch, this.#first);
    this.#first += this.#pending.length;
    this.#pending = [];
    this.#pendingBytes = 0;
    const written = (this.#written ??= this.writtenSchema(this.layout.record()));
    return batch.schema === written ? batch : new RecordBatch(written, batch.data);
  }
}

/**
 * The one-shot sources (a generator object, an array's `values()`: see {@link isOneShot}) a write
 * has begun to read: given again, each would give no row and make an empty table. A source that
 * makes a fresh iterator each time (an array, a `Set`, `{ [Symbol.iterator]: () => rows() }`) is
 * never here; one exhausted before it was given cannot be told from an empty one, and is not.
 */
const readOneShots = new WeakSet<object>();

/**
 * The `[Symbol.iterator]` that every generator object and built-in iterator (an array's
 * `values()`, a Map's `entries()`, `matchAll`'s, an iterator helper's) inherits from
 * `%IteratorPrototype%`, and its async twin, which async generator objects inherit: each returns
 * the iterator as it stands, so that a second read goes on where the first ended.
 */
const BUILT_IN_SELF = Object.getPrototypeOf(Object.getPrototypeOf([].values()))[Symbol.iterator];
const BUILT_IN_ASYNC_SELF = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype)[
  Symbol.asyncIterator
];

/**
 * Whether `input` gives its rows once, for certain: its iterator is the built-in one that returns
 * it as it stands. A source whose own `[Symbol.iterator]()` returns itself may start over in it
 * (a cursor that rewinds) and is read afresh each time, as `for...of` would read it.
 */
function isOneShot(input: Iterable<unknown> | AsyncIterable<unknown>): boolean {
  return Symbol.asyncIterator in input
    ? input[Symbol.asyncIterator] === BUILT_IN_ASYNC_SELF
    : input[Symbol.iterator] === BUILT_IN_SELF;
}

/**
 * `input`'s iterator, made once, as an iterable `for`/`for await` reads (a synchronous one stays
 * synchronous: `for await` wraps it as it would `input`); a one-shot source is marked read, or
 * refused if it was already.
 */
function readRows(input: Iterable<unknown>): Iterable<unknown>;
function readRows(input: Iterable<unknown> | AsyncIterable<unknown>): Iterable<unknown> | AsyncIterable<unknown>;
function readRows(input: Iterable<unknown> | AsyncIterable<unknown>): Iterable<unknown> | AsyncIterable<unknown> {
  if (isOneShot(input)) {
    refuseConsumed(input);
    readOneShots.add(input);
  }
  if (Symbol.asyncIterator in input) {
    const iterator = input[Symbol.asyncIterator]();
    return { [Symbol.asyncIterator]: () => iterator };
  }
  const iterator = input[Symbol.iterator]();
  return { [Symbol.iterator]: () => iterator };
}

/** Refuses a one-shot source a write has read, or a Node.js stream that has ended: either gives no row. */
function refuseConsumed(input: object): void {
  if (readOneShots.has(input)) throw new RowsConsumedError("iterator");
  if ((input as { readableEnded?: unknown }).readableEnded === true) throw new RowsConsumedError("stream");
}

async function* streamedBatches<Row extends object>(
  batcher: RowBatcher<Row>,
  input: Iterable<unknown> | AsyncIterable<unknown>,
  signal: AbortSignal | undefined,
): AsyncGenerator<RecordBatch> {
  for await (const row of readRows(input)) {
    // The write has rejected already (until-aborted.ts); leaving the loop calls the source's return().
    if (signal?.aborted === true) throw signal.reason;
    const batch = batcher.add(row);
    if (batch !== null) yield batch;
  }
  const last = batcher.finish();
  if (last !== null) yield last;
}

function* syncStreamedBatches<Row extends object>(
  batcher: RowBatcher<Row>,
  input: Iterable<unknown>,
): Generator<RecordBatch> {
  for (const row of readRows(input)) {
    const batch = batcher.add(row);
    if (batch !== null) yield batch;
  }
  const last = batcher.finish();
  if (last !== null) yield last;
}

/**
 * `batch`, when its columns have the types of `schema`: a file has one schema, written before its
 * batches. Only Weights columns can differ (their element type comes from the values), and
 * those are refused rather than cast.
 */
function inSchema(batch: RecordBatch, schema: Schema): RecordBatch {
  const expected: readonly Field[] = schema.fields;
  if (batch.schema === schema || util.compareSchemas(batch.schema, schema)) return batch;
  const column = batch.schema.fields.find((field, k) => !util.compareFields(field, expected[k]!))!;
  throw new WeightsElementTypeError(
    String(column.type),
    `column "${column.name}": these rows' Weights hold another element type than the table's first rows (or than ` +
      `float32, for rows written from an iterator, whose schema is written before any row is seen); one table has ` +
      `one element type per column: write float64 or float16 weights from an array of rows, or convert them`,
  );
}

/**
 * `declared` with each top-level Weights column typed by the one element type the arrays of its
 * batches hold, where that is not float32; `declared` itself otherwise. Batches that hold no
 * array say nothing; batches of different element types are left to `inSchema` to refuse.
 */
function weightsTypedByBatches(
  version: SchemaVersion<object, never>,
  declared: Schema,
  batches: readonly RecordBatch[],
): Schema {
  let changed = false;
  const fields = declared.fields.map((field, k) => {
    if (version.fields[k]?.type.kind !== "weights") return field;
    const held = new Set(
      batches.flatMap((batch) => {
        const column = batch.data.children[k]!;
        return holdsArrays(column) ? [weightsElementTypeOf(column.type)!] : [];
      }),
    );
    const [only] = held;
    if (held.size !== 1 || only === weightsElementTypeOf(field.type)) return field;
    changed = true;
    return new Field(field.name, weightsArrowType(only), field.nullable, field.metadata);
  });
  return changed ? new Schema(fields, declared.metadata) : declared;
}

/** Whether `schema`'s top-level Weights columns have the types of `table`'s. */
function sameWeightsTypes(version: SchemaVersion<object, never>, schema: Schema, table: Schema): boolean {
  return version.fields.every(
    (field, k) => field.type.kind !== "weights" || util.compareTypes(schema.fields[k]!.type, table.fields[k]!.type),
  );
}

function chunked<T>(items: readonly T[], size: number): (readonly T[])[] {
  // One batch (an array written whole, as it is unless told): the array itself, not a copy of it.
  if (items.length > 0 && size >= items.length) return [items];
  const chunks: (readonly T[])[] = [];
  for (let at = 0; at < items.length; at += size) chunks.push(items.slice(at, at + size));
  return chunks.length === 0 ? [[]] : chunks;
}

/**
 * The rows a read gives: validated column by column (validate/batch.ts), then built only when
 * used. Validation no longer needs the rows (the column validator reports exactly what the row
 * classes report), so building a million instances up front would only cost time and memory the
 * caller may never use.
 *
 * Lazy rows are a read-only array: a Proxy (over an empty array) whose row `i` is made the first
 * time it is read, and kept, with a row whose fields are decoded in turn only when they are read (rows/lazy-fields.ts says what that row does as its class's instance). So
 * `Array.isArray(rows)` stays true, `rows[i] instanceof RowClass` holds, `rows[i] === rows[i]`,
 * and every array method that reads (`map`, `forEach`, `slice`, `at`, iteration, spreading,
 * `JSON.stringify`, vitest's `toEqual`) works. Writing to it (`push`, `sort`, `rows[i] = ...`)
 * throws a `TypeError`: copy it first (`[...rows]`) or read with `{ rows: "eager" }`. Memory:
 * nothing per row until rows are read (slots come 4,096 at a time, on first read); a row read
 * once stays, as in an eager array. `console.log` reads and shows the first rows, as many as it
 * prints of an array.
 */
import type { RecordBatch, Schema } from "apache-arrow";
import type { SchemaVersion } from "../../schema-version-types.js";
import { fieldsReader, locatedRowError, rowReader, type BatchRowReader, type RowValidation } from "./batch-rows.js";
import {
  type CompiledValidator,
  compiledValidator,
  unreadableValuesCheck,
  type RowViolations,
} from "../validate/batch.js";
import { computesFields } from "../../field-expressions.js";
import { lazyRowReader, type ReadSeal } from "./lazy-fields.js";
import { propertyKey } from "../../field-names.js";
import { isGeneratedRowClass } from "../../row-class-descriptors.js";
import { collectingConstructor } from "../../row-validation.js";

/** How a read gives its rows. */
export type RowsForm =
  /** A read-only array whose rows are built on first access (the default). */
  | "lazy"
  /** A plain array of row-class instances, all built before the read returns. */
  | "eager";

export interface RowsOptions {
  readonly validate?: RowValidation;
  readonly rows?: RowsForm;
}

/**
 * Batches whose columns a read has scanned already (pipelined-read.ts, as their bytes came in),
 * with the validator that scanned them: each batch's rows to confirm ({@link CompiledValidator.scanSteps}).
 */
export interface ScannedBatches {
  readonly validator: CompiledValidator;
  readonly suspects: ReadonlyMap<RecordBatch, Uint8Array | null>;
}

/**
 * How a read validates batches and gives their rows, compiled once per table schema
 * ({@link batchRowsReader}); what is the read's own comes with each call: the batches whose columns
 * it scanned already, and its seal (rows/lazy-fields.ts {@link ReadSeal}): its bytes are its own, so
 * its lazy rows say, while the seal holds, that they were validated as their schema version when
 * they were (every row, as that version itself).
 */
export type BatchRowsReader<Row> = (
  batches: readonly RecordBatch[],
  firstRowIndex: number,
  source?: string,
  scanned?: ScannedBatches,
  seal?: ReadSeal,
) => readonly Row[];

/**
 * Compiles, once per table schema, how a read validates batches of `schema` (whose columns have
 * been checked) and gives their rows. With `validate: "rows"` (the default) every row of every
 * batch is checked before any row is given; the first invalid one throws the `RowValidationError`
 * its row class throws, with its index in the table. Rows are built as `rowsAs`: the schema
 * version itself, or a projection of it with fewer fields (schema-projection.ts) when a read
 * gives fewer columns than it validates. Its {@link CompiledValidator} is `validator` (`null`
 * when rows are not validated column by column).
 */
export function batchRowsReader<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  schema: Schema,
  options: RowsOptions,
  rowsAs: SchemaVersion<Row, never> = schemaVersion,
): BatchRowsReader<Row> & { readonly validator: CompiledValidator | null } {
  // A version with `value:` expressions, and a validated read of a row class written by hand, have
  // each row built, and so validated, by its constructor: all of them before any is given
  // (eagerly), once, rather than validated and then built again (see {@link constructsRows}).
  const validation = options.validate ?? "rows";
  const computed = computesFields(schemaVersion) || (validation === "rows" && constructsRows(schemaVersion));
  const validator = validation === "rows" && !computed ? compiledValidator(schemaVersion, schema) : null;
  const eager = options.rows === "eager" || computed;
  // Eager rows decode every value at read time; lazy ones trusting the values have theirs
  // checked now for what no row can hold, which their getters would otherwise throw later.
  const unreadable = validator === null && !eager ? unreadableValuesCheck(schemaVersion, schema) : null;
  const constructed = computed ? pickedRows(rowReader(schemaVersion, schema, validation), schemaVersion, rowsAs) : null;
  const binding = constructed === null ? trustedRows(schemaVersion, rowsAs, schema, eager) : () => constructed;
  const sealable = validator !== null && rowsAs === schemaVersion;
  const read: BatchRowsReader<Row> = (batches, firstRowIndex, source, scanned, seal) => {
    try {
      let first = firstRowIndex;
      for (const batch of batches) {
        const bad = scanned?.suspects.get(batch);
        if (bad === undefined) validator?.assertValid(batch, first);
        else validator?.assertScanned(batch, bad, first);
        unreadable?.(batch, first);
        first += batch.numRows;
      }
      // An empty batch is never bound: apache-arrow may give it no child data at all.
      const store = new BatchStore(
        batches.filter((batch) => batch.numRows > 0),
        binding(sealable ? seal : undefined),
        firstRowIndex,
      );
      return eager ? allRows(store) : lazyRows(store);
    } catch (error) {
      throw locatedRowError(error, schemaVersion.identifier, { source });
    }
  };
  return Object.assign(read, { validator });
}

/**
 * Whether a validated read builds every row of `schemaVersion` with its row class's constructor
 * rather than validating column by column and building rows on the class's prototype: when the
 * version computes fields (`value:` expressions), or its row class is not one the generator wrote
 * (row-class-descriptors.ts `isGeneratedRowClass`): a class written by hand, a subclass of a
 * generated one included, may check more in its constructor than any column shows, and may hold
 * what only its constructor sets. Its rows are then eager, whatever `rows` asks.
 */
export function constructsRows(schemaVersion: SchemaVersion<object, never>): boolean {
  return computesFields(schemaVersion) || !isGeneratedRowClass(schemaVersion.rowClass);
}

/** One batch's rows when invalid rows are collected: the valid rows, in order, and the violations of the others. */
export interface CollectedRows<Row> {
  readonly rows: readonly Row[];
  readonly invalidRows: RowViolations[];
}

/**
 * Like {@link batchRowsReader}, one batch at a time and always validating its rows, except that
 * an invalid row is not thrown: it is left out of the rows and listed, with every violation its
 * row class reports and its index in the table, so that a read can report a whole file.
 */
export function collectingRowsReader<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  schema: Schema,
  options: { readonly rows?: RowsForm },
  rowsAs: SchemaVersion<Row, never> = schemaVersion,
): (batch: RecordBatch, firstRowIndex: number) => CollectedRows<Row> {
  if (!computesFields(schemaVersion) && constructsRows(schemaVersion))
    return constructedRows(schemaVersion, schema, rowsAs);
  const validator = compiledValidator(schemaVersion, schema);
  const eager = options.rows === "eager";
  const bind = trustedRows(schemaVersion, rowsAs, schema, eager)(undefined);
  return (batch, firstRowIndex) => {
    const invalidRows = validator.invalidRows(batch, firstRowIndex, Infinity);
    const store = new BatchStore(batch.numRows > 0 ? [batch] : [], bind, firstRowIndex);
    const valid = invalidRows.length === 0 ? store : leavingOut(store, invalidRows, firstRowIndex);
    return { rows: eager ? allRows(valid) : lazyRows(valid), invalidRows };
  };
}

/**
 * {@link collectingRowsReader} for a row class written by hand: each row built once by its
 * constructor, kept (eagerly) when it is made, listed with the violations of what it throws
 * (row-validation.ts `rowConstructor`) when not.
 */
function constructedRows<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  schema: Schema,
  rowsAs: SchemaVersion<Row, never>,
): (batch: RecordBatch, firstRowIndex: number) => CollectedRows<Row> {
  const readFields = fieldsReader(schemaVersion as SchemaVersion<object, never>, schema);
  const construct = collectingConstructor(schemaVersion.rowClass);
  const keys = rowsAs === schemaVersion ? null : rowsAs.fields.map((field) => propertyKey(field.name));
  const prototype: object = rowsAs.rowClass.prototype;
  return (batch, firstRowIndex) => {
    const rows: Row[] = [];
    const invalidRows: RowViolations[] = [];
    if (batch.numRows === 0) return { rows, invalidRows };
    const fieldsOf = readFields(batch);
    for (let i = 0; i < batch.numRows; i++) {
      const result = construct(fieldsOf(i));
      if ("violations" in result) invalidRows.push({ rowIndex: firstRowIndex + i, violations: result.violations });
      else rows.push(keys === null ? result.made : picked(result.made, keys, prototype));
    }
    return { rows, invalidRows };
  };
}

/**
 * Trusted construction (every value has been validated, or the caller chose not to): eager rows
 * are whole instances, lazy rows decode each field when it is first read (rows/lazy-fields.ts).
 * Rows of a version with `value:` expressions are whole rows made by its conversion (batch-rows.ts).
 * Compiled once; a read's seal, which only lazy rows keep, comes with each read.
 */
function trustedRows<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  rowsAs: SchemaVersion<Row, never>,
  schema: Schema,
  eager: boolean,
): (seal: ReadSeal | undefined) => (batch: RecordBatch, firstRowIndex: number) => BatchRowReader<Row> {
  if (computesFields(schemaVersion)) {
    const bind = pickedRows(rowReader(schemaVersion, schema, "columns"), schemaVersion, rowsAs);
    return () => bind;
  }
  if (!eager) return lazyRowReader(rowsAs, schema);
  const bind = rowReader(rowsAs, schema, "columns");
  return () => bind;
}

/**
 * Rows of `rowsAs` (a projection's fields) from the whole rows of `schemaVersion` that `bind`
 * reads: a version with `value:` expressions builds every row whole, since an expression may read
 * any field, and a read of some of its columns gives the fields asked for of each, as plain objects
 * of the projection's prototype.
 */
function pickedRows<Row extends object>(
  bind: (batch: RecordBatch, firstRowIndex: number) => BatchRowReader<Row>,
  schemaVersion: SchemaVersion<Row, never>,
  rowsAs: SchemaVersion<Row, never>,
): (batch: RecordBatch, firstRowIndex: number) => BatchRowReader<Row> {
  if (rowsAs === schemaVersion) return bind;
  const keys = rowsAs.fields.map((field) => propertyKey(field.name));
  const prototype: object = rowsAs.rowClass.prototype;
  return (batch, firstRowIndex) => {
    const read = bind(batch, firstRowIndex);
    return (index) => picked(read(index), keys, prototype);
  };
}

/** The fields `keys` of `whole`, on an object of `prototype` (a projection's). */
function picked<Row>(whole: Row, keys: readonly string[], prototype: object): Row {
  const row = Object.create(prototype) as Record<string, unknown>;
  for (const key of keys) row[key] = (whole as Record<string, unknown>)[key];
  return row as Row;
}

/** Rows by their index: what a rows array is made from. */
interface RowSource<Row> {
  readonly length: number;
  /** The row at `index`, which must be in `[0, length)`. */
  row(index: number): Row;
}

/** `source` without the rows `invalid` names (by table index, in order; the source's first row is `firstRowIndex`). */
function leavingOut<Row>(
  source: RowSource<Row>,
  invalid: readonly RowViolations[],
  firstRowIndex: number,
): RowSource<Row> {
  const kept = new Uint32Array(source.length - invalid.length);
  let next = 0;
  let skip = 0;
  for (let i = 0; i < source.length; i++) {
    if (skip < invalid.length && invalid[skip]!.rowIndex === firstRowIndex + i) skip++;
    else kept[next++] = i;
  }
  return { length: kept.length, row: (index) => source.row(kept[index]!) };
}

function allRows<Row>(source: RowSource<Row>): Row[] {
  const rows = new Array<Row>(source.length);
  for (let i = 0; i < source.length; i++) rows[i] = source.row(i);
  return rows;
}

/**
 * The rows of a run of batches by their index in it, each batch's reader bound on first use to
 * the batch and the index in the table of its first row (the run's first is `firstRowIndex`),
 * which the errors of rows built on first use name.
 */
class BatchStore<Row> implements RowSource<Row> {
  readonly length: number;
  private readonly starts: number[] = [];
  private readonly readers: (BatchRowReader<Row> | undefined)[];
  /** The batch of the last row read: reads are mostly in order. */
  private current = 0;

  constructor(
    private readonly batches: readonly RecordBatch[],
    private readonly bind: (batch: RecordBatch, firstRowIndex: number) => BatchRowReader<Row>,
    private readonly firstRowIndex: number,
  ) {
    let length = 0;
    for (const batch of batches) {
      this.starts.push(length);
      length += batch.numRows;
    }
    this.length = length;
    this.readers = new Array(batches.length);
  }

  /** The row at `index`, which must be in `[0, length)`. */
  row(index: number): Row {
    let b = this.current;
    if (index < this.starts[b]! || index >= this.starts[b]! + this.batches[b]!.numRows)
      b = this.current = this.batchOf(index);
    const start = this.starts[b]!;
    const read = (this.readers[b] ??= this.bind(this.batches[b]!, this.firstRowIndex + start));
    return read(index - start);
  }

  private batchOf(index: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle]! <= index) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/** The index an array property key names (`"12"`, not `"012"` nor `"1e1"`), or -1. */
function arrayIndex(key: string | symbol): number {
  if (typeof key !== "string" || key.length === 0 || key.length > 15) return -1;
  if (key.length > 1 && key.charCodeAt(0) === 48) return -1;
  let index = 0;
  for (let k = 0; k < key.length; k++) {
    const digit = key.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return -1;
    index = index * 10 + digit;
  }
  return index;
}

function readOnly(): never {
  throw new TypeError(
    'the rows of a read table are read-only: copy them ([...rows]) or read with { rows: "eager" } for a plain array',
  );
}

/**
 * The array methods that write to their array. Through the traps each would throw only once it
 * writes, and some write nothing on few rows (`sort` and `reverse` of 0 or 1, `fill` and
 * `copyWithin` of none): the rows give each as {@link readOnly} itself, which throws at any length.
 * Not so `Array.prototype.sort.call(rows)`, which never asks the rows for their `sort`: where it
 * writes nothing, all it reads is `length`, as every reader does, so it returns the rows unchanged,
 * as it returns a frozen array (docs/tables.md says so).
 */
const WRITING_METHODS: ReadonlySet<string | symbol> = new Set([
  "copyWithin",
  "fill",
  "pop",
  "push",
  "reverse",
  "shift",
  "sort",
  "splice",
  "unshift",
]);

/** Rows in chunks of this many slots, each chunk allocated when one of its rows is first read. */
const CHUNK_BITS = 12;
const CHUNK_SIZE = 1 << CHUNK_BITS;

/**
 * The rows made so far, kept so that a row is made once. Not one array of the table's length:
 * V8 takes ~25 ms to allocate a million-slot array, 10x what apache-arrow takes to read the
 * table's 4 columns (BENCHMARKS.md, "Issue 24's missed targets"); a read that gives rows it never
 * touches pays one slot per 4,096 rows, and a full walk pays what one array would.
 */
class RowSlots<Row> {
  private readonly chunks: ((Row | undefined)[] | undefined)[];
  private shown: WeakRef<(Row | undefined)[]> | undefined;

  constructor(private readonly store: RowSource<Row>) {
    this.chunks = new Array(Math.ceil(store.length / CHUNK_SIZE));
  }

  /** The row at `index` (in `[0, length)`), made on its first read. */
  at(index: number): Row {
    const chunk = (this.chunks[index >>> CHUNK_BITS] ??= new Array(CHUNK_SIZE));
    return (chunk[index & (CHUNK_SIZE - 1)] ??= this.store.row(index));
  }

  /**
   * What `console.log(rows)` shows: the first `count` rows, read now (Node prints no more of an
   * array than its `maxArrayLength`, 100 unless set), in an array of the rows' length, so that
   * Node says how many more there are, as it does for an eager array. One array while it lives,
   * so that Node, meeting the rows again while it prints them (a row holding them), knows them and
   * prints a cycle (`[Circular *1]`) as for an eager array; held weakly, it costs nothing once printed.
   */
  printed(count: number): (Row | undefined)[] {
    let shown = this.shown?.deref();
    if (shown === undefined) this.shown = new WeakRef((shown = new Array<Row | undefined>(this.store.length)));
    const end = Math.min(count, this.store.length);
    for (let i = 0; i < end; i++) shown[i] = this.at(i);
    return shown;
  }
}

/** The rows in order, as an array's `values()` gives them. */
class RowIterator<Row> implements IterableIterator<Row> {
  private index = 0;

  constructor(
    private readonly slots: RowSlots<Row>,
    private readonly length: number,
  ) {}

  next(): IteratorResult<Row> {
    if (this.index >= this.length) return { value: undefined, done: true };
    return { value: this.slots.at(this.index++), done: false };
  }

  [Symbol.iterator](): IterableIterator<Row> {
    return this;
  }
}

// An array's iterators inherit %IteratorPrototype%, and so the iterator helpers where the engine
// has them (`rows.values().map(...)`, Node 22): the rows' do too.
Object.setPrototypeOf(RowIterator.prototype, Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));

/**
 * Node prints a Proxy's target, looking for this method on it (`util.inspect.custom`, a
 * registered symbol, so no import of node:util).
 */
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** How many rows Node prints of an array, given its `maxArrayLength` option (`null` for all). */
function shownRowCount(maxArrayLength: number | null | undefined): number {
  if (maxArrayLength === null) return Number.POSITIVE_INFINITY;
  return typeof maxArrayLength === "number" && maxArrayLength >= 0 ? maxArrayLength : 100;
}

/**
 * The Proxy's target is an empty array, so that `Array.isArray(rows)` holds at no cost; its
 * traps give the length and the rows. Reporting an index or `length` the target lacks is allowed
 * because the target stays extensible and its `length` writable (the Proxy invariants).
 */
function lazyRows<Row>(store: RowSource<Row>): readonly Row[] {
  const { length } = store;
  const slots = new RowSlots(store);
  const target: Row[] = [];
  // Configurable, so that `ownKeys` may leave it out.
  Object.defineProperty(target, INSPECT, {
    value: (_depth: number, options?: { readonly maxArrayLength?: number | null }) =>
      slots.printed(shownRowCount(options?.maxArrayLength)),
    configurable: true,
  });
  // Iterating (`for...of`, spreading, `Array.from`) walks the slots, not the traps: V8 would
  // otherwise ask the Proxy for each row by a string key.
  const values = (): IterableIterator<Row> => new RowIterator(slots, length);
  const handler: ProxyHandler<Row[]> = {
    get(target, key, receiver) {
      if (key === "length") return length;
      if (key === Symbol.iterator || key === "values") return values;
      const index = arrayIndex(key);
      if (index >= 0 && index < length) return slots.at(index);
      return WRITING_METHODS.has(key) ? readOnly : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      const index = arrayIndex(key);
      return (index >= 0 && index < length) || Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === "length") return { value: length, writable: true, enumerable: false, configurable: false };
      const index = arrayIndex(key);
      if (index >= 0 && index < length)
        return { value: slots.at(index), writable: true, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys() {
      const keys: string[] = new Array(length + 1);
      for (let i = 0; i < length; i++) keys[i] = String(i);
      keys[length] = "length";
      return keys;
    },
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
    setPrototypeOf: readOnly,
    preventExtensions: readOnly,
  };
  return new Proxy(target, handler) as readonly Row[];
}

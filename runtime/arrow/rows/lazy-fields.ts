/**
 * Rows whose fields are decoded when read. A read's lazy row (rows/lazy-rows.ts builds the
 * array) is a Proxy over an instance of the row class that holds only its index in its batch;
 * reading a field decodes that one value from its column (columns/decode.ts, as a trusted read
 * decodes it). So reading two fields of every row costs about what reading two columns does, and
 * a row costs two small objects whatever it holds.
 *
 * The accessors are built once per schema version and table schema, from the descriptor: the
 * decoder of each column and the Proxy traps. Each batch has one handler, which binds the
 * columns' decoders to the batch on first use; every row of the batch shares it.
 *
 * A lazy row behaves as the row class's instance it stands for: `instanceof`, methods (`toJSON`),
 * `Object.keys` (the declared fields, in order), spreading, `JSON.stringify`, `toEqual` and
 * writing a property all work as on an eager row. What decodes every field: spreading,
 * `Object.keys`/`entries`, `for...in`, `JSON.stringify` and deep equality (about twice an eager
 * row's time: read with `{ rows: "eager" }` when every field of every row is wanted);
 * `delete`, `Object.freeze`/`preventExtensions` and `Object.setPrototypeOf` first turn the row
 * into the plain instance it stands for. `structuredClone` cannot clone a Proxy: clone a copy
 * (`structuredClone({ ...row })`) or read with `{ rows: "eager" }`. `console.log` turns it plain
 * too, and shows what it shows for the eager row, every field decoded, cycles included.
 */
import type { Data, RecordBatch, Schema } from "apache-arrow";
import { propertyKey } from "../../field-names.js";
import type { SchemaVersion } from "../../schema-version-types.js";
import { fieldDecoder, type ColumnDecoder, type ValueReader } from "../columns/decode.js";
import { tableWeightsLayout } from "../weights-layout.js";
import type { BatchRowReader } from "./batch-rows.js";
import type { RowFields } from "./column-writers.js";

/**
 * A lazy row's one own slot: its index in its batch while the target holds no field (then a
 * field read goes straight to its column, nothing to look up), the index's bitwise not (`~index`,
 * negative) once the target holds one (an object kept, or a write), and absent once the row has
 * been turned into the plain instance it stands for.
 */
const ROW = Symbol("row index");

interface LazyTarget {
  [ROW]?: number;
  [key: string]: unknown;
}

type TargetClass = new (index: number) => LazyTarget;

const targetClasses = new WeakMap<object, TargetClass>();

/**
 * Node prints a Proxy's target without its traps, and so would print a lazy row's index rather
 * than its fields; it first calls the target's method of this name on the row
 * (`util.inspect.custom`, a registered symbol, so no import of node:util), and prints what it
 * returns, or the target when it returns the row.
 */
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * What Node prints for a lazy row (`this`): the plain instance it stands for, every field
 * decoded, which the row becomes, as `delete` makes it, rather than a copy. Node then prints the
 * row's own object, and so knows it when it meets it again while printing it (a field holding
 * the row, or an object that holds it): a cycle, `[Circular *1]`, as for the eager row. A copy
 * per print would be a new object at each meeting, expanded again down to the depth limit.
 */
function printedAsPlainInstance(this: object): object {
  // Setting a lazy row's prototype turns it plain first (BatchRows.setPrototypeOf): here to the one it reports.
  Object.setPrototypeOf(this, Object.getPrototypeOf(this));
  return this;
}

/**
 * Instances of a row class holding only their index: one constructor per row class, so that
 * every read of a schema version makes objects of one small shape. Their prototype sits between
 * them and the row class's, holding only the method Node prints them by, so that neither the
 * row class nor each row carries it; the rows' traps report the row class's prototype, and hide
 * the method (the row stands for an instance that has none). It is writable, so that a row given
 * a method of that name, as an eager row takes one, holds it as its own and is printed by it.
 */
function targetClass(rowPrototype: object): TargetClass {
  let Target = targetClasses.get(rowPrototype);
  if (Target === undefined) {
    Target = function (this: LazyTarget, index: number) {
      this[ROW] = index;
    } as unknown as TargetClass;
    Target.prototype = Object.create(rowPrototype, { [INSPECT]: { value: printedAsPlainInstance, writable: true } });
    targetClasses.set(rowPrototype, Target);
  }
  return Target;
}

/**
 * What the row encoder (rows/row-encoder.ts) asks a lazy row for, in one trap rather than one per
 * field (twice: its check, then its column): every declared field's value, as the row's fields
 * read (those it holds, else decoded from their columns), each an own property of an object of the
 * row class's prototype (with one between them that holds every field as a plain writable property,
 * so that an accessor of a field's name up the chain, as `Object.defineProperty(RowClass.prototype,
 * ...)` makes, cannot take or change a value put there), for the encoder to check and write, or to
 * write unchecked ({@link LAZY_VALIDATED_AS}). Reading it changes nothing on the row, and keeps
 * none of what it decodes. A row turned plain (`delete`, `Object.freeze` ...) has none.
 */
export const LAZY_FIELDS: unique symbol = Symbol("lazy row fields");

/**
 * What the row encoder asks a lazy row for before it checks the fields {@link LAZY_FIELDS} gives:
 * the schema version a read validated the row's values as, while they are provably those it
 * validated, else `undefined`. They are when the row holds no field (none written, defined or
 * kept, and not turned plain: its slot is its plain index) and its read's {@link ReadSeal} is
 * intact; the encoder then writes them as that same version unchecked. (A key that names no
 * field changes no field's value: it is an extra column, written as such either way.)
 */
export const LAZY_VALIDATED_AS: unique symbol = Symbol("lazy row validated as");

/**
 * Where the object {@link LAZY_FIELDS} gives holds the keys given to the row since it was read
 * that name no field, for the row encoder to refuse one that misspells a field the row lacks
 * (rows/misspelt-instance-keys.ts); absent when it was given none, the common case, which costs
 * no look at the row's keys (and no trap: a trap a row cost 3-4% of writing lazy rows).
 */
export const LAZY_ADDED_KEYS: unique symbol = Symbol("lazy row added keys");

/**
 * Where the object {@link LAZY_FIELDS} gives is marked (`true`) when the row holds a field's value
 * of its own (an object kept since a read of the field, or a value written), which may have been
 * changed since it was decoded (`row.hyper.momentun = 0.9`), for the row encoder to look into its
 * structs and records for a key that misspells a child (rows/misspelt-instance-keys.ts); absent
 * when the row holds none, whose fields are all decoded for that object, as its read made them.
 */
export const LAZY_HELD_FIELDS: unique symbol = Symbol("lazy row held fields");

/** The lazy rows' targets given a key that names no field: few, so a row's own keys are listed only for these. */
const givenOtherKeys = new WeakSet<LazyTarget>();

/**
 * Whether the bytes a read's lazy rows decode can still be only those its row validation saw:
 * given (`intact: true`) only by a read that validated every row as the rows' own schema version
 * from bytes no caller holds (readTable of a whole file), and broken for good once anything through
 * which those bytes can be changed is given out: the read's `table` or `columns` (views of its
 * buffers), or any object a row holds (a list's typed array views them; its `buffer` is the file's).
 */
export interface ReadSeal {
  intact: boolean;
}

/** The index of a lazy row whose target may hold fields, or of one that holds none. */
const indexOf = (row: number): number => (row < 0 ? ~row : row);

/**
 * Compiles, once per table schema, how to give lazy rows of `schemaVersion` from batches of
 * `schema` (whose columns and values have been checked, or which the caller trusts): given a
 * read's seal, if any, the binding of its batches.
 */
export function lazyRowReader<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  schema: Schema,
): (seal: ReadSeal | undefined) => (batch: RecordBatch, firstRowIndex: number) => BatchRowReader<Row> {
  const rowPrototype: object = schemaVersion.rowClass.prototype;
  const keys = schemaVersion.fields.map((field) => propertyKey(field.name));
  // What LAZY_FIELDS's objects inherit: the row class's prototype, below every field as a plain writable property.
  const fieldsPrototype: object = Object.create(
    rowPrototype,
    Object.fromEntries(keys.map((key) => [key, { value: undefined, writable: true }])),
  );
  const fieldIndex = new Map(keys.map((key, k) => [key, k]));
  const weightsLayout = tableWeightsLayout(schema.metadata);
  const decoders = schemaVersion.fields.map((field): ColumnDecoder => {
    const index = schema.fields.findIndex((f) => f.name === field.name);
    const decode = fieldDecoder(field, index < 0 ? null : schema.fields[index]!, { trusted: true, weightsLayout });
    return (data) => decode(index < 0 ? data : data.children[index]!);
  });
  /** The field of `key`, when `target` still stands for a lazy row and `key` names one of its fields. */
  const lazyField = (target: LazyTarget, key: string | symbol): number | undefined =>
    typeof key === "string" && target[ROW] !== undefined ? fieldIndex.get(key) : undefined;
  /**
   * Where `key`, which names no field, is looked up for the row on `target`: the target, but for
   * the method Node prints a lazy row by, which the row's instance does not have (its class's
   * prototype, past the target's, is looked at instead) unless the row was given one of its own.
   */
  const holder = (target: LazyTarget, key: string | symbol): object =>
    key === INSPECT && target[ROW] !== undefined && !Object.hasOwn(target, key) ? rowPrototype : target;

  /** The traps every row of one batch shares; its columns are bound to their decoders on first use. */
  class BatchRows implements ProxyHandler<LazyTarget> {
    private readonly readers: (ValueReader | undefined)[] = new Array(decoders.length);

    constructor(
      private readonly data: Data,
      private readonly seal: ReadSeal | undefined,
    ) {}

    /**
     * The value of field `k` (named `key`) of the lazy row on `target`: one held there (read
     * before, or written), else decoded. Objects (typed-array views, dates, nested rows, Weights)
     * are kept, so that a field reads as the same object every time; numbers, strings and
     * booleans are decoded again at each read, which keeps a million read rows from holding a
     * million copies of what their columns hold. One held as an accessor (a getter defined on the
     * row) is read with `receiver` as its `this`, the row as for an eager row, never the target
     * (through which its index could be changed, or another field read as absent).
     */
    private fieldValue(target: LazyTarget, key: string, k: number, receiver: unknown): unknown {
      const row = target[ROW]!;
      if (row < 0 && Object.hasOwn(target, key)) return Reflect.get(target, key, receiver);
      const value = (this.readers[k] ??= decoders[k]!(this.data))(indexOf(row));
      if (typeof value === "object" && value !== null) {
        if (this.seal !== undefined) this.seal.intact = false;
        target[key] = value;
        target[ROW] = ~indexOf(row);
      }
      return value;
    }

    /**
     * Puts every field on the instance, drops the index and gives it the row class's prototype:
     * the plain row it stood for. Every
     * property keeps its attributes (a field made read-only, an accessor, a hidden extra key)
     * and is re-added in the eager row's order: the declared fields, then anything added since.
     * Each can be, since `defineProperty` turns the row plain before making anything non-configurable.
     */
    private materialize(target: LazyTarget): void {
      if (target[ROW] === undefined) return;
      const fields = keys.map(
        (key, k): PropertyDescriptor =>
          Reflect.getOwnPropertyDescriptor(target, key) ?? {
            value: this.fieldValue(target, key, k, undefined),
            writable: true,
            enumerable: true,
            configurable: true,
          },
      );
      const own = Reflect.ownKeys(target);
      const added = own
        .filter((key) => key !== ROW && !fieldIndex.has(key as string))
        .map((key) => [key, Reflect.getOwnPropertyDescriptor(target, key)!] as const);
      for (const key of own) Reflect.deleteProperty(target, key);
      Reflect.setPrototypeOf(target, rowPrototype);
      keys.forEach((key, k) => Reflect.defineProperty(target, key, fields[k]!));
      for (const [key, descriptor] of added) Reflect.defineProperty(target, key, descriptor);
    }

    getPrototypeOf(target: LazyTarget): object | null {
      return target[ROW] === undefined ? Reflect.getPrototypeOf(target) : rowPrototype;
    }

    /** Every field's value as the row (`receiver`) reads it: see {@link LAZY_FIELDS}. */
    private fields(target: LazyTarget, receiver: unknown): RowFields {
      const row = target[ROW]!;
      const index = indexOf(row);
      const fields = Object.create(fieldsPrototype) as RowFields;
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]!;
        fields[key] =
          row < 0 && Object.hasOwn(target, key)
            ? Reflect.get(target, key, receiver)
            : (this.readers[k] ??= decoders[k]!(this.data))(index);
      }
      if (row < 0) (fields as { [LAZY_HELD_FIELDS]?: true })[LAZY_HELD_FIELDS] = true;
      if (givenOtherKeys.has(target))
        (fields as { [LAZY_ADDED_KEYS]?: readonly string[] })[LAZY_ADDED_KEYS] = Object.keys(target).filter(
          (own) => !fieldIndex.has(own) && target[own] !== undefined,
        );
      return fields;
    }

    get(target: LazyTarget, key: string | symbol, receiver: unknown): unknown {
      if (key === LAZY_FIELDS && target[ROW] !== undefined) return this.fields(target, receiver);
      if (key === LAZY_VALIDATED_AS)
        return this.seal?.intact === true && (target[ROW] ?? -1) >= 0 ? schemaVersion : undefined;
      const k = lazyField(target, key);
      return k === undefined
        ? Reflect.get(holder(target, key), key, receiver)
        : this.fieldValue(target, key as string, k, receiver);
    }

    has(target: LazyTarget, key: string | symbol): boolean {
      return lazyField(target, key) !== undefined || Reflect.has(holder(target, key), key);
    }

    ownKeys(target: LazyTarget): (string | symbol)[] {
      const own = Reflect.ownKeys(target);
      if (target[ROW] === undefined) return own;
      // Most rows hold nothing but their index, or fields already read: the declared keys.
      let extra: (string | symbol)[] | null = null;
      for (const key of own) if (key !== ROW && !fieldIndex.has(key as string)) (extra ??= []).push(key);
      return extra === null ? keys : [...keys, ...extra];
    }

    getOwnPropertyDescriptor(target: LazyTarget, key: string | symbol): PropertyDescriptor | undefined {
      if (key === ROW) return undefined;
      const k = lazyField(target, key);
      if (k === undefined || Object.hasOwn(target, key)) return Reflect.getOwnPropertyDescriptor(target, key);
      // A data property as an eager row has it; configurable, as the target holds none yet.
      return {
        value: this.fieldValue(target, key as string, k, undefined),
        writable: true,
        enumerable: true,
        configurable: true,
      };
    }

    defineProperty(target: LazyTarget, key: string | symbol, descriptor: PropertyDescriptor): boolean {
      const k = lazyField(target, key);
      // A property that could not be deleted would keep the row from being rebuilt in order, so
      // one is made only on the plain row (a new property is non-configurable unless it says).
      const exists = k !== undefined || Object.hasOwn(target, key);
      if (descriptor.configurable === false || (!exists && descriptor.configurable === undefined)) {
        this.materialize(target);
        return Reflect.defineProperty(target, key, descriptor);
      }
      if (k === undefined && typeof key === "string" && !fieldIndex.has(key)) givenOtherKeys.add(target);
      if (k === undefined || Object.hasOwn(target, key)) return Reflect.defineProperty(target, key, descriptor);
      // The field exists (as getOwnPropertyDescriptor reports it): what the descriptor leaves out keeps its attributes.
      const accessor = "get" in descriptor || "set" in descriptor;
      const current = accessor ? {} : { value: this.fieldValue(target, key as string, k, undefined), writable: true };
      target[ROW] = ~indexOf(target[ROW]!);
      return Reflect.defineProperty(target, key, { ...current, enumerable: true, configurable: true, ...descriptor });
    }

    deleteProperty(target: LazyTarget, key: string | symbol): boolean {
      this.materialize(target);
      return Reflect.deleteProperty(target, key);
    }

    preventExtensions(target: LazyTarget): boolean {
      this.materialize(target);
      return Reflect.preventExtensions(target);
    }

    setPrototypeOf(target: LazyTarget, prototype: object | null): boolean {
      this.materialize(target);
      return Reflect.setPrototypeOf(target, prototype);
    }
  }

  const Target = targetClass(rowPrototype);
  return (seal) => (batch) => {
    const handler = new BatchRows(batch.data, seal);
    return (index) => new Proxy(new Target(index), handler) as Row;
  };
}

/**
 * Rows whose fields are decoded when read. A read's lazy row (rows/lazy-rows.ts builds the
 * array) is a Proxy over an instance of the row class that holds only its batch's columns and
 * its index; reading a field decodes that one value from its column (columns/decode.ts, as a
 * trusted read decodes it). So reading two fields of every row costs about what reading two
 * columns does, and a row costs two small objects whatever it holds.
 *
 * The accessors are built once per schema version and table schema, from the descriptor: the
 * decoder of each column (bound to a batch on first use) and one Proxy handler shared by every row.
 *
 * A lazy row behaves as the row class's instance it stands for: `instanceof`, methods (`toJSON`),
 * `Object.keys` (the declared fields, in order), spreading, `JSON.stringify`, `toEqual` and
 * writing a property all work as on an eager row. What decodes every field: spreading,
 * `Object.keys`/`entries`, `for...in`, `JSON.stringify` and deep equality (about twice an eager
 * row's time: read with `{ rows: "eager" }` when every field of every row is wanted);
 * `delete`, `Object.freeze`/`preventExtensions` and `Object.setPrototypeOf` first turn the row
 * into the plain instance it stands for. `structuredClone` cannot clone a Proxy: clone a copy
 * (`structuredClone({ ...row })`) or read with `{ rows: "eager" }`. `console.log` shows the
 * fields read so far.
 */
import type { Data, DataType, RecordBatch, Schema } from "apache-arrow";
import { propertyKey } from "../../field-names.js";
import type { SchemaVersion } from "../../schema-version.js";
import { fieldDecoder, type ColumnDecoder, type ValueReader } from "../columns/decode.js";
import { tableWeightsLayout } from "../weights-layout.js";
import type { BatchRowReader } from "./batch-rows.js";

/** Where an unread row's fields come from; removed once every field is on the instance. */
const COLUMNS = Symbol("columns");
const INDEX = Symbol("row index");

interface LazyTarget {
  [COLUMNS]?: BatchColumns;
  [INDEX]?: number;
  [key: string]: unknown;
}

/** One batch's columns, each bound to its decoder the first time one of its values is read. */
class BatchColumns {
  private readonly readers: (ValueReader | undefined)[];
  constructor(
    private readonly decoders: readonly ColumnDecoder[],
    private readonly data: Data,
  ) {
    this.readers = new Array(decoders.length);
  }

  read(field: number, index: number): unknown {
    const reader = (this.readers[field] ??= this.decoders[field]!(this.data));
    return reader(index);
  }
}

type TargetClass = new (columns: BatchColumns, index: number) => LazyTarget;

const targetClasses = new WeakMap<object, TargetClass>();

/**
 * Instances of a row class (its prototype) holding only where their fields come from: one
 * constructor per row class, so that every read of a schema version makes objects of one shape.
 */
function targetClass(prototype: object): TargetClass {
  let Target = targetClasses.get(prototype);
  if (Target === undefined) {
    Target = function (this: LazyTarget, columns: BatchColumns, index: number) {
      this[COLUMNS] = columns;
      this[INDEX] = index;
    } as unknown as TargetClass;
    Target.prototype = prototype;
    targetClasses.set(prototype, Target);
  }
  return Target;
}

/**
 * Compiles, once per table, how to give lazy rows of `schemaVersion` from batches of `schema`
 * (whose columns and values have been checked, or which the caller trusts).
 */
export function lazyRowReader<Row extends object>(
  schemaVersion: SchemaVersion<Row, never>,
  schema: Schema,
): (batch: RecordBatch, firstRowIndex: number) => BatchRowReader<Row> {
  const keys = schemaVersion.fields.map((field) => propertyKey(field.name));
  const fieldIndex = new Map(keys.map((key, k) => [key, k]));
  const weightsLayout = tableWeightsLayout(schema.metadata) ?? undefined;
  const decoders = schemaVersion.fields.map((field): ColumnDecoder => {
    const index = schema.fields.findIndex((f) => f.name === field.name);
    const arrowType = index < 0 ? null : (schema.fields[index]!.type as DataType);
    const decode = fieldDecoder(field, arrowType, { trusted: true, weightsLayout });
    return (data) => decode(index < 0 ? data : data.children[index]!);
  });

  /**
   * The value of field `k` on `target`: one held there (read before, or written), else decoded.
   * Objects (typed-array views, dates, nested rows, Weights) are kept, so that a field reads as
   * the same object every time; numbers, strings and booleans are decoded again at each read,
   * which keeps a million read rows from holding a million copies of what their columns hold.
   */
  const fieldValue = (target: LazyTarget, key: string, k: number): unknown => {
    const held = target[key];
    if (held !== undefined) return held;
    const value = target[COLUMNS]!.read(k, target[INDEX]!);
    if (typeof value === "object" && value !== null) target[key] = value;
    return value;
  };
  /** Puts every field on the instance and drops the columns: the plain row it stood for. */
  const materialize = (target: LazyTarget): void => {
    if (target[COLUMNS] === undefined) return;
    const values = keys.map((key, k) => fieldValue(target, key, k));
    // Re-added in the eager row's order: the declared fields, then anything written since.
    const extra = Object.entries(target);
    for (const key of Object.keys(target)) delete target[key];
    delete target[COLUMNS];
    delete target[INDEX];
    keys.forEach((key, k) => {
      target[key] = values[k];
    });
    for (const [key, value] of extra) if (!fieldIndex.has(key)) target[key] = value;
  };
  const handler: ProxyHandler<LazyTarget> = {
    get(target, key, receiver) {
      if (typeof key === "string" && target[COLUMNS] !== undefined) {
        const k = fieldIndex.get(key);
        if (k !== undefined) return fieldValue(target, key, k);
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return (typeof key === "string" && fieldIndex.has(key)) || Reflect.has(target, key);
    },
    ownKeys(target) {
      const own = Reflect.ownKeys(target);
      if (target[COLUMNS] === undefined) return own;
      // Most rows hold nothing but their columns and index, or fields already read: the declared keys.
      let extra: (string | symbol)[] | null = null;
      for (const key of own) {
        if (key !== COLUMNS && key !== INDEX && !fieldIndex.has(key as string)) (extra ??= []).push(key);
      }
      return extra === null ? keys : [...keys, ...extra];
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === COLUMNS || key === INDEX) return undefined;
      const k = typeof key === "string" && target[COLUMNS] !== undefined ? fieldIndex.get(key) : undefined;
      if (k === undefined || Object.hasOwn(target, key)) return Reflect.getOwnPropertyDescriptor(target, key);
      // A data property as an eager row has it; configurable, as the target holds none yet.
      return { value: fieldValue(target, key as string, k), writable: true, enumerable: true, configurable: true };
    },
    defineProperty(target, key, descriptor) {
      const k = typeof key === "string" && target[COLUMNS] !== undefined ? fieldIndex.get(key) : undefined;
      if (k === undefined || Object.hasOwn(target, key)) return Reflect.defineProperty(target, key, descriptor);
      // The field exists (as getOwnPropertyDescriptor reports it): what the descriptor leaves out keeps its attributes.
      const accessor = "get" in descriptor || "set" in descriptor;
      const current = accessor ? {} : { value: fieldValue(target, key as string, k), writable: true };
      return Reflect.defineProperty(target, key, { ...current, enumerable: true, configurable: true, ...descriptor });
    },
    deleteProperty(target, key) {
      materialize(target);
      return Reflect.deleteProperty(target, key);
    },
    preventExtensions(target) {
      materialize(target);
      return Reflect.preventExtensions(target);
    },
    setPrototypeOf(target, prototype) {
      materialize(target);
      return Reflect.setPrototypeOf(target, prototype);
    },
  };
  const Target = targetClass(schemaVersion.rowClass.prototype);
  return (batch) => {
    const columns = new BatchColumns(decoders, batch.data);
    return (index) => new Proxy(new Target(columns, index), handler) as Row;
  };
}

/**
 * Keys of row objects that are no field of the schema version. Legolas.jl writes whatever columns
 * a table has, the schema's and any others (a `Vector` of `NamedTuple`s with an extra field
 * gets an extra column), and an Arrow table input keeps its extra columns here too. Row objects
 * are the TypeScript form of such rows, so their extra keys become columns as well, when that
 * column is unambiguous: every row has the key, and its values (nulls aside) are of one type
 * that says its Arrow type. Anything else is an {@link ExtraKeyError} saying how to keep the key
 * or drop it, never a key dropped without a word:
 *
 *   boolean -> Bool, number -> Float64 (Julia's Float64), bigint -> Int64 (UInt64 when one is past
 *   Int64's range and none is negative), string -> Utf8, Date -> Timestamp(ms) without a zone (Julia's DateTime, legolas-ts's
 *   `datetime`): the scalars of inferred-types.ts, which `any` fields infer lists and structs with.
 *
 * Rows from an iterator are written under a schema written before the first row, so there an
 * extra key is refused. Row-class instances have no extra keys: their constructor keeps the
 * declared fields only (a key given one since is dropped, but one that misspells a field it lacks:
 * misspelt-instance-keys.ts). A key whose value is `undefined` is as good as absent, and never extra.
 */
import { unreadableRowError } from "./unreadable-rows.js";
import { type Field, makeData, RecordBatch, Schema, Struct } from "apache-arrow";
import { ESCAPED_FIELD_NAMES, propertyKey } from "../../field-names.js";
import type { FieldType } from "../../field-types.js";
import type { SchemaVersion } from "../../schema-version-types.js";
import { encodeColumn } from "../columns/encode.js";
import { ExtraKeyError } from "../errors.js";
import { describeValue, rowOfVersion } from "../../violations.js";
import { arrowFieldOf } from "../schema.js";
import { inferredFieldType, LONE_SURROGATE_TEXT, scalarFieldType } from "./inferred-types.js";
import { valueAt } from "../columns/buffers.js";
import { isWellFormedText } from "../../convert.js";
import { isJuliaSymbolText, NUL_IN_NAME } from "../../julia-scalars.js";
import { declaredClassName, schemaVersionOf } from "../../row-class-descriptors.js";
import { misspelt } from "../../did-you-mean.js";
import { leavableFields } from "./unset-values.js";

/** An extra key kept as a column: its name and the field type its values were inferred as. */
export interface ExtraColumn {
  readonly key: string;
  readonly type: FieldType;
  readonly field: Field;
}

/** The version a model row is written as when none is given (model-rows.ts's MODEL_SCHEMA, which imports this module). */
const MODEL_ROW_DEFAULT = "legolas-flux.model@1";

/**
 * What to do with an extra key of rows written as `identifier`. That a model row written without
 * a version is legolas-flux.model@1 is said for that version only, naming no writer: the door may
 * be writeModelRow, writeModelRowBytes (the browser's) or writeTable given ModelV1SchemaVersion.
 */
function keep(identifier: string): string {
  const modelRow = identifier === MODEL_ROW_DEFAULT ? ` (a model row written without one is ${MODEL_ROW_DEFAULT})` : "";
  return (
    `to write it as a field, pass the schema version that declares it${modelRow}; to keep it as a column of its ` +
    "own, give it a value in every row, all of one type (boolean, number, bigint, string or Date; null for a " +
    "missing one), or write an Arrow table with the column; to drop it, delete the key or pass instances of the version's row class"
  );
}

/**
 * `error` (an extra key refused) with what explains it first when the row that holds the key is an
 * instance of another version's row class: rows of the wrong version were passed (a `SensorV1`
 * written as `reading@1`), and the key is the first of that version's fields the writer met. An
 * instance of a class that extends the version written still writes its extra fields as columns
 * when they can be; only a refusal names its class, in place of why the key could be no column.
 */
function explainedByRowClass(
  error: unknown,
  schemaVersion: SchemaVersion<object, never>,
  row: unknown,
  rowIndex: number,
): unknown {
  if (!(error instanceof ExtraKeyError) || typeof row !== "object" || row === null) return error;
  const batch = batchInsteadOfRow(row, rowIndex);
  if (batch !== null) return new ExtraKeyError(error.key, error.identifier, batch);
  const other = rowClassVersion(row);
  if (other === undefined || other === (schemaVersion as object)) return error;
  const target = declaredClassName(schemaVersion.rowClass);
  const otherClass = declaredClassName(other.rowClass);
  const written = `${schemaVersion.name}@${schemaVersion.version}`;
  const own = `${other.name}@${other.version}`;
  const writtenRow = rowOfVersion(schemaVersion.name, schemaVersion.version);
  return new ExtraKeyError(
    error.key,
    error.identifier,
    `row ${rowIndex} is ${rowOfVersion(other.name, other.version)} (${otherClass}), not ${writtenRow}: write it as ${own} ` +
      `(${otherClass}SchemaVersion), or make it ${writtenRow} (new ${target}(row) keeps ${written}'s fields only)`,
  );
}

/**
 * What to write instead when row `rowIndex` is a batch, not a row: an apache-arrow `RecordBatch`
 * (`table.batches`), or a batch of `readTableBatches` / `readBatch` (a `TableBatch`: its rows in
 * `rows`, its columns in `batch`), as a copy of a table batch by batch easily passes; `null`
 * for anything else.
 */
function batchInsteadOfRow(row: object, rowIndex: number): string | null {
  try {
    if (row instanceof RecordBatch)
      return `row ${rowIndex} is an apache-arrow RecordBatch, not a row: write the batches as one arrow.Table (new Table(batches)), which writeTable takes`;
    const { batch, rows } = row as { batch?: unknown; rows?: unknown };
    if (batch instanceof RecordBatch && Array.isArray(rows))
      return `row ${rowIndex} is a batch of a read (readTableBatches, readBatch), not a row: write the rows of each batch (for await (const b of batches) yield* b.rows)`;
  } catch {
    // A getter or Proxy trap that throws: no batch.
  }
  return null;
}

/** The version of the row class `row` is an instance of, if any; none for a row whose prototype's `constructor` throws. */
function rowClassVersion(row: object): ReturnType<typeof schemaVersionOf> {
  try {
    const rowClass: unknown = Object.getPrototypeOf(row)?.constructor;
    return typeof rowClass === "function" ? schemaVersionOf(rowClass) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The extra columns of `rows` (an array written whole), in the order of the first row's keys;
 * none when the rows are row-class instances or hold the declared keys only.
 *
 * @throws ExtraKeyError when an extra key is missing from a row or its values have no one type.
 */
export function extraColumnsOf(schemaVersion: SchemaVersion<object, never>, rows: readonly unknown[]): ExtraColumn[] {
  const declared = declaredKeys(schemaVersion);
  const { prototype } = schemaVersion.rowClass;
  const keys = new Map<string, number>(); // each extra key and the first row that has it
  let plainRows = 0;
  // By iteration, not `forEach`: a read's lazy rows (rows/lazy-rows.ts) give their rows to an
  // iterator directly, and to `forEach` through traps per index (~60 ms of a 450 ms write of
  // 200,000 lazy rows, BENCHMARKS.md session 17). A hole is `undefined` either way, no plain row.
  let index = 0;
  for (const row of rows) {
    const extra = plainRowExtraKeys(schemaVersion, row, declared, index);
    if (extra !== null) {
      plainRows++;
      for (const key of extra) if (!keys.has(key)) keys.set(key, index);
    }
    index++;
  }
  return [...keys].map(([key, first]) => {
    try {
      return extraColumn(schemaVersion, rows, key, first, plainRows, prototype);
    } catch (error) {
      throw explainedByRowClass(error, schemaVersion, rows[first], first);
    }
  });
}

/** The extra column `key` of `rows`, first held by row `first`: {@link extraColumnsOf}'s for one key. */
function extraColumn(
  schemaVersion: SchemaVersion<object, never>,
  rows: readonly unknown[],
  key: string,
  first: number,
  plainRows: number,
  prototype: object,
): ExtraColumn {
  const { identifier } = schemaVersion;
  refuseFieldColumn(schemaVersion, key, first);
  refuseMisspeltOptionalField(schemaVersion, rows, key);
  if (!isWellFormedText(key))
    throw new ExtraKeyError(
      key,
      identifier,
      `row ${first} has it, and it holds a lone surrogate, which UTF-8 cannot hold (the column would be named with U+FFFD): rename the key to well-formed text (String.prototype.toWellFormed)`,
    );
  if (!isJuliaSymbolText(key))
    throw new ExtraKeyError(key, identifier, `row ${first} has it, and it holds ${NUL_IN_NAME}: rename the key`);
  if (plainRows < rows.length) {
    const instance = rows.findIndex((row) => !isPlainRow(row, prototype));
    throw new ExtraKeyError(
      key,
      identifier,
      `row ${first} has it but row ${instance} is not a plain object (a row-class instance has the declared fields only); ${keep(identifier)}`,
    );
  }
  const missing = rows.findIndex((row) => !Object.hasOwn(row as object, key));
  if (missing >= 0)
    throw new ExtraKeyError(key, identifier, `row ${first} has it but row ${missing} does not; ${keep(identifier)}`);
  const type = typeOf(key, identifier, rows);
  return { key, type, field: arrowFieldOf(key, type, true) };
}

/** `batch` with the extra columns of its rows, `rows`, after the declared ones. */
export function withExtraColumns(
  batch: RecordBatch,
  extras: readonly ExtraColumn[],
  rows: readonly unknown[],
): RecordBatch {
  if (extras.length === 0) return batch;
  const columns = extras.map(({ key, type, field }) =>
    encodeColumn(
      type,
      field,
      rows.map((row) => (row as Record<string, unknown>)[key] ?? null),
    ),
  );
  const schema = new Schema([...batch.schema.fields, ...extras.map((extra) => extra.field)], batch.schema.metadata);
  const children = [...batch.data.children, ...columns];
  return new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }),
  );
}

/**
 * Refuses a row from an iterator that has an extra key: the file's schema was written before it.
 *
 * @throws ExtraKeyError naming the key and the row.
 */
export function refuseExtraKeys(schemaVersion: SchemaVersion<object, never>, row: unknown, rowIndex: number): void {
  const [key] = plainRowExtraKeys(schemaVersion, row, declaredKeys(schemaVersion), rowIndex) ?? NONE;
  if (key === undefined) return;
  refuseFieldColumn(schemaVersion, key, rowIndex);
  const why =
    `rows from an iterator are written under a schema written before the first row, ` +
    `so an extra column cannot be added; to write it as a field, pass the schema version that declares it; ` +
    `to keep it as a column of its own, write the rows from an array or as an Arrow table; ` +
    `to drop it, delete the key or pass instances of the version's row class`;
  // Refused before the row is validated: the misspelling the constructor would name (row-validation.ts) is said here.
  const field = misspeltFieldOf(key, row, [...declaredKeys(schemaVersion)]);
  throw explainedByRowClass(
    new ExtraKeyError(
      key,
      schemaVersion.identifier,
      field === undefined
        ? `row ${rowIndex} has it, and ${why}`
        : `row ${rowIndex} has it but lacks the field ${JSON.stringify(field)}, which the key may misspell: ` +
            `rename the key to ${JSON.stringify(field)}; if it is no misspelling, ${why}`,
    ),
    schemaVersion,
    row,
    rowIndex,
  );
}

/**
 * Refuses an extra key of rows in an array that misspells an optional field (or one with a
 * default) which a row holding the key leaves out: `note` beside a missing `notes`. The row is
 * valid without the field, so nothing else would say that its value went to a column of its own
 * while the field was written missing (or its default). A misspelt required field is left to the
 * row's validation, whose violation names the key (row-validation.ts).
 *
 * @throws ExtraKeyError naming the field and the row.
 */
function refuseMisspeltOptionalField(
  schemaVersion: SchemaVersion<object, never>,
  rows: readonly unknown[],
  key: string,
): void {
  const fields = misspelt(
    key,
    leavableFields(schemaVersion.fields).map((field) => field.key),
  );
  if (fields.length === 0) return;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    // Rows that are no object are refused below, as no plain row.
    if (typeof row !== "object" || row === null || (row as Record<string, unknown>)[key] === undefined) continue;
    const field = misspeltFieldOf(key, row, fields);
    if (field !== undefined)
      throw new ExtraKeyError(
        key,
        schemaVersion.identifier,
        `row ${i} has it but lacks the field ${JSON.stringify(field)}, which the key may misspell: rename the key to ` +
          `${JSON.stringify(field)}; if it is no misspelling, give the row its ${JSON.stringify(field)} (null for a missing one), ` +
          "and the key is written as a column of its own",
      );
  }
}

/** The field among `fields` (property keys) that `key` misspells and `row` lacks (its value `undefined`), if any. */
function misspeltFieldOf(key: string, row: unknown, fields: readonly string[]): string | undefined {
  return misspelt(
    key,
    fields.filter((field) => (row as Record<string, unknown>)[field] === undefined),
  )[0];
}

/**
 * Refuses an extra key that is the name of a field held under another property (`toString`, held
 * as `toString$`): as a column it would be a second column of the field's name, which no reader
 * by name can tell from the field's own.
 *
 * @throws ExtraKeyError naming the property to use.
 */
function refuseFieldColumn(schemaVersion: SchemaVersion<object, never>, key: string, rowIndex: number): void {
  if (!ESCAPED_FIELD_NAMES.has(key) || !schemaVersion.fields.some((field) => field.name === key)) return;
  throw new ExtraKeyError(
    key,
    schemaVersion.identifier,
    `row ${rowIndex} has it, and it names the column of field ${key}, which rows hold under the property ` +
      `${JSON.stringify(propertyKey(key))}: rename the key to it`,
  );
}

const DECLARED_KEYS = new WeakMap<object, ReadonlySet<string>>();

/** The property keys a schema version's rows hold their fields under, in declaration order. */
export function declaredKeys(schemaVersion: SchemaVersion<object, never>): ReadonlySet<string> {
  let keys = DECLARED_KEYS.get(schemaVersion);
  if (keys === undefined) {
    keys = new Set(schemaVersion.fields.map((field) => propertyKey(field.name)));
    DECLARED_KEYS.set(schemaVersion, keys);
  }
  return keys;
}

/**
 * The extra keys of row `rowIndex` ({@link extraKeys}) when it is a plain row (no instance of the
 * row class), else `null`.
 *
 * @throws RowValidationError of the row when its prototype or keys cannot be read (a Proxy trap, a getter that throws).
 */
function plainRowExtraKeys(
  schemaVersion: SchemaVersion<object, never>,
  row: unknown,
  declared: ReadonlySet<string>,
  rowIndex: number,
): readonly string[] | null {
  try {
    return isPlainRow(row, schemaVersion.rowClass.prototype) ? extraKeys(row, declared) : null;
  } catch (error) {
    throw unreadableRowError(schemaVersion.identifier, error, rowIndex);
  }
}

/** The keys of `row` that are no declared field, but those whose value is `undefined` (as good as absent). */
function extraKeys(row: object, declared: ReadonlySet<string>): readonly string[] {
  // Rows rarely have extra keys: a loop that allocates nothing until it meets one. `for...in`
  // walks V8's cached keys of the row's shape where `Object.keys` builds an array per row (120
  // against 240-370 ms over 1M rows of ten fields); an inherited key is passed over, as
  // `Object.keys` has none, and the own keys come in the same order.
  let extra: string[] | undefined;
  for (const key in row) {
    if (!declared.has(key) && Object.hasOwn(row, key) && (row as Record<string, unknown>)[key] !== undefined)
      (extra ??= []).push(key);
  }
  return extra ?? NONE;
}

const NONE: readonly string[] = Object.freeze([]);

function isPlainRow(row: unknown, prototype: object): row is object {
  return typeof row === "object" && row !== null && Object.getPrototypeOf(row) !== prototype;
}

/** The one type of the values of `key` in `rows` (nulls aside), rows of the version `identifier`. */
function typeOf(key: string, identifier: string, rows: readonly unknown[]): FieldType {
  const values = rows.map((row) => (row as Record<string, unknown>)[key]);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    if (scalarFieldType(value) === null) {
      throw new ExtraKeyError(
        key,
        identifier,
        `row ${i} holds ${describe(value)}, whose Arrow type cannot be inferred; ${keep(identifier)}`,
      );
    }
    if (typeof value === "string" && !isWellFormedText(value))
      throw new ExtraKeyError(key, identifier, `row ${i} holds ${LONE_SURROGATE_TEXT}`);
  }
  // Scalars of one type, as an any column's (bigints Int64, or UInt64 when one is past Int64 and none negative).
  const type = inferredFieldType(
    values,
    (reason, advice) => {
      throw new ExtraKeyError(
        key,
        identifier,
        `${reason}; ${advice === undefined ? "" : `${advice}; `}${keep(identifier)}`,
      );
    },
    1,
    (i, part) => valueAt({ path: key, rows: values.length }, i, part),
  );
  if (type === null)
    throw new ExtraKeyError(key, identifier, `every value is null, so it has no type to infer; ${keep(identifier)}`);
  return type;
}

function describe(value: unknown): string {
  return typeof value === "bigint" ? `the bigint ${value}, beyond 64 bits` : describeValue(value);
}

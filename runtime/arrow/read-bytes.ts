/**
 * Reading a Legolas table from bytes: check that they are Arrow, find the schema version the
 * table declares, check its columns, decode its rows. Pure (no file system), so it also serves a
 * browser build; table-files.ts and file-batch-reader.ts add the files.
 */
import { DataType, type Int, Precision, tableFromIPC, type Schema, type Table, type Vector } from "apache-arrow";
import { formatSchemaVersionName, parseIdentifier } from "../identifier.js";
import { findSchemaVersion } from "../registry.js";
import { declaredClassName } from "../row-class-descriptors.js";
import type { SchemaVersion } from "../schema-version-types.js";
import { checkBatchData, checkBatchText } from "./guard/data-bounds.js";
// Registers the LZ4_FRAME and ZSTD decoders with apache-arrow: every read path imports this module.
import "./ipc/codecs.js";
// Lets apache-arrow load UInt128 columns (a UUID as Legolas.jl may store it): every read path imports this module.
import { is128BitInt } from "./ipc/uint128-columns.js";
import { checkIpcBounds } from "./guard/ipc-bounds.js";
import { withUnionTypeIds } from "./ipc/union-type-ids.js";
import { checkFileSchemaCopies } from "./ipc/schema-copies.js";
import {
  MissingSchemaMetadataError,
  NotArrowFileError,
  SchemaVersionMismatchError,
  UnknownSchemaVersionError,
} from "./errors.js";
import { int128FromBytes } from "./columns/julia-scalars.js";
import { readTableMetadata } from "./metadata.js";
import { type Checked, checkBytesArgument, checkOptions } from "./options.js";
import type { RowsForm, RowsOptions, ScannedBatches } from "./rows/lazy-rows.js";
import { readPlan } from "./read-plans.js";
import type { ReadSeal } from "./rows/lazy-fields.js";
import type { RowValidation } from "./rows/batch-rows.js";
import { useLinearArrow } from "./ipc/linear-arrow.js";
import { useUtf8DecoderInArrow } from "./ipc/arrow-text.js";
import { decodeWithTextDecoder } from "./columns/utf8.js";
import { detachedBytesError } from "./source/errors.js";
import { isDetached } from "../weights-shape.js";
import { type ColumnName, type Projected, type Projection, projectionOf } from "./projection.js";

export interface ReadTableOptions<Row extends object = object, Column extends ColumnName<Row> = never> {
  /**
   * Read the rows as this schema version. The table must declare it or a version that extends
   * it (a `digits-model@1` table reads as `legolas-flux.model@1`); a table without Legolas
   * metadata is accepted and checked against it. Default: the version registered for the
   * table's `legolas_schema_qualified`.
   */
  readonly schemaVersion?: SchemaVersion<Row, never> | undefined;
  /**
   * `"rows"` (default): every row is validated, column by column, before any row is given; the
   * verdicts and errors are exactly its row class's (the first invalid row throws its
   * `RowValidationError`, with its index in the table). `"columns"`: only the columns (names,
   * types, nulls in required columns) are checked; rows are made instances without validation,
   * but a value no row can hold (a char past U+10FFFF, a date beyond a `Date`, a
   * Weights value whose size does not fit its values) is refused by
   * the read, as `"rows"` refuses it, never later by a lazy row's getter.
   */
  readonly validate?: RowValidation | undefined;
  /**
   * `"lazy"` (default): `rows` is a read-only array (`Array.isArray` is true) whose row `i` is
   * built on first access and kept, so memory stays near the table's own until rows are read.
   * `"eager"`: a plain, mutable array of every row, built before the read returns. A validated
   * read of a row class the generator did not write (a subclass written by hand) is always eager:
   * each row is made by its constructor, which may check more (docs/schemas.md).
   */
  readonly rows?: RowsForm | undefined;
  /**
   * Read these columns only (by name: a field's, `toString` for the one rows hold as `toString$`),
   * and what the schema version's row checks read: the others are not decoded or validated, and
   * where the source allows (a file, a URL, a `Blob`), not even read. Rows are then plain objects
   * of these fields, typed as a `Pick` of the row type. A name that neither the schema version
   * declares nor the table holds is an `UnknownColumnError`; with a typed `schemaVersion`, a name
   * it does not declare does not compile (a column the table holds beside them, which rows never
   * hold, is asked for with the descriptor typed `SchemaVersion`).
   */
  readonly columns?: readonly Column[] | undefined;
}

/**
 * Reader options that name the schema version to read as: the one way to type the rows a reader
 * gives, since a file's schema is known only once it is read. A type argument alone
 * (`readTable<DigitsRowV1>(path)`) would only cast, so no reader takes one without this: the file
 * is checked to declare that version (or one extending it) and its rows are instances of it.
 * Without it, rows are `object` (instances of the class registered for the file's schema):
 * narrow them with `instanceof`. With `columns` too, rows are a `Pick` of the row type.
 */
export type ReadAs<Row extends object, Options extends object = ReadTableOptions<Row>> = Options & {
  readonly schemaVersion: SchemaVersion<Row, never>;
};

export interface ReadTableResult<Row extends object = object, Column extends string = never> {
  /** The Arrow table: every column, extra ones included; with `columns`, the columns read. */
  readonly table: Table;
  /**
   * One row-class instance per table row, with the declared fields only (with `columns`, a plain
   * object of those fields): built on first access in a read-only array, or all at once in a
   * plain array with `{ rows: "eager" }`.
   */
  readonly rows: readonly Projected<Row, Column>[];
  /**
   * The declared columns by field name (with `columns`, those asked for), each built on first
   * access with apache-arrow's `toArray()`: a typed array for numbers, booleans excepted (a view
   * of the file's buffer when the table is one batch: no copy), an array of values otherwise
   * (of a text column, its strings as rows read them: a leading U+FEFF kept, ipc/arrow-text.ts;
   * of a numeric column that holds nulls, its numbers with `null` for each; a float16 column's
   * numbers are a Float32Array, not its bits; an `int128` or `uint128` column's, bigints).
   * For loops over whole columns; `rows` decode only the fields they are asked for.
   */
  readonly columns: Readonly<Record<string, ArrayLike<unknown>>>;
  /** The schema version the rows were read as. */
  readonly schemaVersion: SchemaVersion<Row, never>;
  /** The table's `legolas_schema_qualified`, or `null` when it had none. */
  readonly identifier: string | null;
}

/**
 * Reads a Legolas table from the bytes of an Arrow IPC file (or stream); rows typed by
 * `options.schemaVersion` ({@link ReadAs}), as a `Pick` of their type with `columns`.
 */
export function readTableBytes<Row extends object, const Column extends ColumnName<Row> = never>(
  bytes: Uint8Array,
  options: ReadAs<Row, ReadTableOptions<Row, Column>>,
  source?: string,
): ReadTableResult<Row, Column>;
export function readTableBytes<const Column extends ColumnName<Row> = never, Row extends object = object>(
  bytes: Uint8Array,
  options?: ReadTableOptions<Row, Column>,
  source?: string,
): ReadTableResult<object, Column>;
export function readTableBytes(
  bytes: Uint8Array,
  options: ReadTableOptions<object, string> = {},
  source?: string,
): ReadTableResult<object, string> {
  checkBytesArgument(bytes);
  return readCheckedBytes(bytes, checkOptions(options, "readTableBytes"), source);
}

/** What a library door adds to the options it checked, never a user's option. */
export interface UnregisteredAs {
  /**
   * Read a table whose own version is not registered, and no `schemaVersion` was asked for, as
   * this version when its identifier names it among those it extends: the model-row loaders read
   * `x@2>legolas-flux.model@1` as `legolas-flux.model@1`, as tfjs's handler does.
   */
  readonly unregisteredAs?: SchemaVersion<object, never> | undefined;
}

/** {@link readTableBytes}, for the readers that have checked its options: the bytes of a file, a URL, a `Blob`. */
export function readCheckedBytes(
  bytes: Uint8Array,
  options: Checked<ReadTableOptions<object, string>> & UnregisteredAs,
  source?: string,
  ownBytes = false,
): ReadTableResult<object, string> {
  // With `columns`, the text of the columns read only is checked: those a value is read from.
  const whole = tableFromBytes(bytes, source, options.columns === undefined);
  const { schemaVersion, identifier } = resolveSchemaVersion(
    whole.schema,
    options.schemaVersion,
    source,
    options.unregisteredAs,
  );
  const projection = projectionOf(schemaVersion, whole.schema, options.columns, source);
  const table = options.columns === undefined ? whole : whole.selectAt([...projection.columns]);
  if (options.columns !== undefined) table.batches.forEach((batch, index) => checkBatchText(batch, index, source));
  return readResult(table, projection, identifier, options, source, undefined, ownBytes);
}

/**
 * A read's result from `table`, which holds the columns `projection` reads: its columns checked,
 * then its rows validated (as `options.validate` says) and given (lazy or eager); `scanned`: the
 * batches whose columns were scanned as their bytes came in (pipelined-read.ts), only confirmed here.
 * `ownBytes`: no caller holds the bytes `table` views (a file the read read itself), so its lazy
 * rows, validated, are written back unchecked while nothing that views those bytes has been given
 * out: `table` and `columns` break that seal when first asked for (rows/lazy-fields.ts `ReadSeal`).
 */
export function readResult<Row extends object, Column extends string>(
  table: Table,
  projection: Projection,
  identifier: string | null,
  options: RowsOptions,
  source?: string,
  scanned?: ScannedBatches,
  ownBytes = false,
): ReadTableResult<Row, Column> {
  const plan = readPlan(table, projection.validateAs, projection.rowsAs, options, source);
  const seal: ReadSeal | undefined = ownBytes ? { intact: true } : undefined;
  const rows = plan.rows(table.batches, 0, source, scanned, seal) as readonly Projected<Row, Column>[];
  const columns = tableColumns(table, projection.rowsAs);
  const schemaVersion = projection.schemaVersion as SchemaVersion<Row, never>;
  if (seal === undefined) return { table, rows, columns, schemaVersion, identifier };
  return {
    get table() {
      seal.intact = false;
      return table;
    },
    rows,
    get columns() {
      seal.intact = false;
      return columns;
    },
    schemaVersion,
    identifier,
  };
}

/** The columns of `schemaVersion`'s fields present in `table`, each made an array on first access and kept. */
function tableColumns(table: Table, schemaVersion: SchemaVersion): Readonly<Record<string, ArrayLike<unknown>>> {
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const { name, type } of schemaVersion.fields) {
    const vector = table.getChild(name);
    if (vector === null) continue;
    let array: ArrayLike<unknown> | undefined;
    // The field's type: the loader gives a 128-bit column's data the type of its 16-byte values.
    const stored = table.schema.fields.find((field) => field.name === name)!.type;
    const values = () =>
      type.kind === "int" && is128BitInt(stored) ? wideIntegerValues(vector, stored as Int) : columnValues(vector);
    Object.defineProperty(columns, name, { enumerable: true, get: () => (array ??= values()) });
  }
  return Object.freeze(columns);
}

/**
 * `vector.toArray()`, but for the typed array of a column that holds nulls, which would give the
 * number stored under each null (0, or 1970 for a datetime) as a value: its values, `null` where
 * the column holds one. A float16 column's `toArray()` is its bits (a Uint16Array, 0.25 as
 * 13312): its numbers are a Float32Array, which holds every float16 exactly.
 */
function columnValues(vector: Vector): ArrayLike<unknown> {
  if (DataType.isFloat(vector.type) && vector.type.precision === Precision.HALF)
    return vector.nullCount === 0 ? Float32Array.from(vector as Iterable<number>) : Array.from(vector);
  const values: ArrayLike<unknown> = vector.toArray();
  if (vector.nullCount === 0 || !ArrayBuffer.isView(values)) return values;
  return Array.from({ length: vector.length }, (_, index) => (vector.isValid(index) ? values[index] : null));
}

/**
 * A 128-bit integer column's values as bigints, `null` where it holds one, as rows read
 * them: apache-arrow has no typed array of 128 bits, and its `toArray()` gives each value's 16
 * bytes (ipc/uint128-columns.ts). A `uuid` field stored as UInt128 keeps its bytes, as a uuid
 * column does.
 */
function wideIntegerValues(vector: Vector, type: Int): (bigint | null)[] {
  return Array.from({ length: vector.length }, (_, index) =>
    vector.isValid(index) ? int128FromBytes(vector.get(index) as Uint8Array, 0, type.isSigned) : null,
  );
}

/**
 * An Arrow table from bytes, or a `NotArrowFileError` that says what the bytes are not. The
 * metadata's counts are bounded before apache-arrow parses it (guard/ipc-bounds.ts), and every batch's
 * lengths and offsets are checked against its buffers after (guard/data-bounds.ts), so nothing read
 * from the table afterwards can index past them or loop on a count the file made up; with `text`
 * (the default), every text value is checked to be UTF-8 too (guard/utf8-text.ts).
 */
export function tableFromBytes(bytes: Uint8Array, source?: string, text = true): Table {
  const table = loadTable(bytes, source);
  table.batches.forEach((batch, index) => checkBatchData(batch, index, source, text));
  return table;
}

/**
 * {@link tableFromBytes} up to its batches' data checks: the metadata checked and parsed, the
 * batches' data views of `bytes` (pipelined-read.ts checks them as their bytes come in).
 */
export function loadTable(bytes: Uint8Array, source?: string): Table {
  useLinearArrow();
  useUtf8DecoderInArrow();
  checkArrowBytes(bytes, source);
  checkIpcBounds(bytes, source);
  // Arrow.jl reads the schema of a file's stream, apache-arrow its footer's: they must agree
  // (ipc/schema-copies.ts). Checked on the footer as decoded, not on the table's schema, which
  // apache-arrow builds anew (with two columns of one name, not field for field the footer's).
  if (bytes[0] === ARROW_MAGIC[0]) checkFileSchemaCopies(bytes, source);
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new NotArrowFileError(
      `apache-arrow could not parse it: ${(error as Error)?.message ?? String(error)}`,
      source,
      {
        cause: error,
      },
    );
  }
  withUnionTypeIds(table.schema);
  return table;
}

/** The bytes an Arrow IPC file starts and ends with: "ARROW1". */
export const ARROW_MAGIC: readonly number[] = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];

/** Recognises the two IPC formats by their first bytes, and a file format cut short. */
export function checkArrowBytes(bytes: Uint8Array, source?: string): void {
  if (isDetached(bytes)) throw detachedBytesError(source ?? "input");
  checkArrowEnds(
    bytes.subarray(0, 8),
    bytes.subarray(Math.max(0, bytes.length - ARROW_MAGIC.length)),
    bytes.length,
    source,
  );
}

/**
 * The same check from a file's first 8 and last 6 bytes and its size, for readers that do not
 * load the whole file.
 */
export function checkArrowEnds(head: Uint8Array, tail: Uint8Array, size: number, source?: string): void {
  if (ARROW_MAGIC.every((byte, k) => head[k] === byte)) {
    if (size < 2 * ARROW_MAGIC.length + 8 || !ARROW_MAGIC.every((byte, k) => tail[k] === byte)) {
      throw new NotArrowFileError(
        // Its last bytes alone cannot tell a file cut short from one with bytes after its end.
        `it starts like an Arrow file but does not end with its footer: it is truncated, or bytes follow its end (${size} bytes; was its writer interrupted, or something appended to it?)`,
        source,
      );
    }
    return;
  }
  // The stream format starts with a continuation marker (0xFFFFFFFF) before its Schema message.
  if (size >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return;
  throw new NotArrowFileError(
    size === 0
      ? "it is empty"
      : startsLikeMarkup(head)
        ? `it starts like an HTML or XML document (${JSON.stringify(decodeWithTextDecoder(head, 0, head.length))}), not with the Arrow magic "ARROW1": ` +
          "a web page where the file was expected? A dev server or single-page-app host answers a missing file with its HTML page " +
          "(status 200), and a repository's web page for a file is not the file's raw bytes: check the URL"
        : `it does not start with the Arrow magic "ARROW1" (nor is it an Arrow stream)`,
    source,
  );
}

const LESS_THAN = 0x3c;
/** ASCII whitespace and the bytes of a UTF-8 byte order mark, which may come before a document's `<`. */
const BEFORE_MARKUP = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x20, 0xef, 0xbb, 0xbf]);

/**
 * Whether a file's first bytes are a markup document's (`<!doctype html>`, `<html>`, `<?xml`):
 * what a web server sends in place of a file it does not have, with a success status.
 */
function startsLikeMarkup(head: Uint8Array): boolean {
  const first = head.findIndex((byte) => !BEFORE_MARKUP.has(byte));
  return first !== -1 && head[first] === LESS_THAN;
}

/** The nearest parent that `identifier` names and this process has registered, if any. */
function registeredParentOf(identifier: string): string | undefined {
  return parseIdentifier(identifier)
    .slice(1)
    .map(formatSchemaVersionName)
    .find((name) => findSchemaVersion(name) !== undefined);
}

/**
 * The schema version to read a table as: `expected` when given (and the table declares it or a
 * version extending it), else the registered version of the table's identifier. A table that
 * names only its own version (`child@1`, where Legolas.jl writes `child@1>parent@1`) extends
 * what its registered version extends: Legolas.jl too reads the first link of an identifier
 * only, and takes the rest from that version's declaration. With no `expected`, a table whose
 * version is not registered reads as `unregisteredAs` when its identifier names it ({@link UnregisteredAs}).
 */
export function resolveSchemaVersion<Row extends object>(
  schema: Schema,
  expected: SchemaVersion<Row, never> | undefined,
  source?: string,
  unregisteredAs?: SchemaVersion<object, never>,
): { schemaVersion: SchemaVersion<Row, never>; identifier: string | null } {
  const metadata = readTableMetadata(schema);
  const { identifier } = metadata;
  if (identifier === null) {
    if (expected === undefined) throw new MissingSchemaMetadataError(source);
    return { schemaVersion: expected, identifier };
  }
  const found = findSchemaVersion(identifier);
  if (expected !== undefined) {
    const links = parseIdentifier(identifier);
    const ownVersionOnly = links.length === 1;
    const chain = (ownVersionOnly && found !== undefined ? parseIdentifier(found.identifier) : links).map(
      formatSchemaVersionName,
    );
    if (!chain.includes(formatSchemaVersionName(expected))) {
      const parentsUnknown = ownVersionOnly && found === undefined;
      const registeredParent = found === undefined ? (registeredParentOf(identifier) ?? null) : undefined;
      throw new SchemaVersionMismatchError(
        identifier,
        expected.identifier,
        source,
        undefined,
        parentsUnknown,
        registeredParent,
        false,
        declaredClassName(expected.rowClass),
      );
    }
    return { schemaVersion: expected, identifier };
  }
  if (found === undefined) {
    const named = parseIdentifier(identifier).map(formatSchemaVersionName);
    if (unregisteredAs !== undefined && named.includes(formatSchemaVersionName(unregisteredAs)))
      return { schemaVersion: unregisteredAs as unknown as SchemaVersion<Row, never>, identifier };
    const parent = registeredParentOf(identifier);
    throw new UnknownSchemaVersionError(identifier, metadata.providerName, metadata.providerVersion, source, parent);
  }
  return { schemaVersion: found as unknown as SchemaVersion<Row, never>, identifier };
}

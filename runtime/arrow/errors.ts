/**
 * The errors of table I/O. Each names what went wrong with which file and says how to recover,
 * because the person reading it usually holds a file someone else wrote.
 */
import { LegolasError } from "../errors.js";
import { describeValue, quotedText, renderViolations, shortText, type Violation } from "../violations.js";
import { closestNames, suggesting } from "../did-you-mean.js";
import { PROVIDER_NAME_KEY, PROVIDER_VERSION_KEY, SCHEMA_QUALIFIED_KEY } from "./metadata.js";

/**
 * How to read a file as plain Arrow, without Legolas. Not apache-arrow's `tableFromIPC(readFileSync(path))`:
 * alone it cannot decode the LZ4 or ZSTD bodies that Legolas.jl and `writeTable` write.
 */
const READ_RAW =
  "read its record batches as plain Arrow with (await openTableFile(path)).recordBatches(), which decodes LZ4- and ZSTD-compressed files too, or look at it with `npx --no-install legolas inspect <path>`";

/** A table whose columns do not match its schema version: every violation, like Legolas's `find_violations`. */
export class TableSchemaError extends LegolasError {
  override readonly name = "TableSchemaError";
  readonly code = "table_schema_invalid";
  /** What to do about these violations, when they have a known cause (see {@link legacyLayoutHint}); else `null`. */
  readonly hint: string | null;
  constructor(
    readonly identifier: string,
    readonly violations: readonly Violation[],
    /** Where the table came from (a path), when it came from a file. */
    readonly source?: string,
  ) {
    const what = source === undefined ? "table" : source;
    const count = violations.length === 1 ? "1 column violation" : `${violations.length} column violations`;
    const hint = legacyLayoutHint(violations);
    super(
      `${what} does not comply with ${identifier}: ${count}:\n${renderViolations(violations)}${hint === null ? "" : `\n${hint}`}`,
    );
    this.hint = hint;
  }
}

/**
 * Legolas.jl before v0.5 stored a nested row as a struct of its name, version and fields, with
 * children named "1", "2" and "3"; such files need Legolas.jl to migrate them. Given a table's
 * column violations (`validateTable`), this says so when one of them is that layout, and is
 * `null` otherwise. `TableSchemaError` carries it as `hint`.
 */
export function legacyLayoutHint(violations: readonly Violation[]): string | null {
  const legacy = violations.some((v) => v.found?.includes("1:Utf8, 2:Int64, 3:Struct") === true);
  return legacy
    ? "The column looks like a nested row written by Legolas.jl < 0.5 (a struct of name, version and fields);" +
        " rewrite the file with a current Legolas.jl, or " +
        READ_RAW
    : null;
}

/** The table's schema version is not registered in this process. */
export class UnknownSchemaVersionError extends LegolasError {
  override readonly name = "UnknownSchemaVersionError";
  readonly code = "unknown_schema_version";
  constructor(
    readonly identifier: string,
    readonly providerName: string | null = null,
    readonly providerVersion: string | null = null,
    readonly source?: string,
    /** The nearest parent in the identifier that this process has registered, if any. */
    registeredParent?: string,
  ) {
    // An identifier of one version names no parent: a reader given { schemaVersion } cannot tell
    // whether that version extends a version asked for (SchemaVersionMismatchError), so only
    // registering it or reading it raw helps.
    const parent =
      registeredParent !== undefined
        ? `pass { schemaVersion } of ${quotedText(registeredParent)}, a parent in the identifier that is registered, to read the rows as that version, or `
        : identifier.includes(">")
          ? "pass { schemaVersion } to read the rows as a parent version, or "
          : "";
    const provider =
      providerName === null
        ? ""
        : ` (declared by the Julia package ${shortText(providerName)}${providerVersion === null ? "" : ` ${shortText(providerVersion)}`}:` +
          ` ${PROVIDER_NAME_KEY} = ${quotedText(providerName)}` +
          (providerVersion === null ? "" : `, ${PROVIDER_VERSION_KEY} = ${quotedText(providerVersion)}`) +
          ")";
    super(
      `${source === undefined ? "table" : source}: no schema version is registered for ` +
        `${SCHEMA_QUALIFIED_KEY} = ${quotedText(identifier)}${provider}. ` +
        `Declare it in YAML (npx --no-install legolas generate) and import its generated module for its values, ` +
        // The commonest way to miss it in TypeScript: the module is imported, but for its types only.
        `as import "./generated/index.js" does: a module's versions are registered when it runs, and TypeScript ` +
        `drops an import whose names serve only as types (import type, a class named only in a cast). ` +
        `Or ${parent}${READ_RAW}`,
    );
  }
}

/** The table has no `legolas_schema_qualified`: it is an Arrow table but not a Legolas table. */
export class MissingSchemaMetadataError extends LegolasError {
  override readonly name = "MissingSchemaMetadataError";
  readonly code = "schema_metadata_missing";
  constructor(readonly source?: string) {
    super(
      `${source === undefined ? "table" : source} has no ${SCHEMA_QUALIFIED_KEY} metadata, so it is not a Legolas table. ` +
        `Pass { schemaVersion } to check its columns against a schema version you choose, or ${READ_RAW}`,
    );
  }
}

/**
 * The table declares a schema version that is not the one asked for, nor one that extends it; or,
 * among files read as one table without a schema version asked for, not the first file's.
 */
export class SchemaVersionMismatchError extends LegolasError {
  override readonly name = "SchemaVersionMismatchError";
  readonly code = "schema_version_mismatch";
  constructor(
    readonly found: string,
    readonly expected: string,
    readonly source?: string,
    /** The first of the files read as one table, when `expected` is its version rather than one asked for. */
    readonly firstFile?: string,
    /**
     * The table names only its own version (no `>parent@1` chain), which is not registered here:
     * whether it extends `expected` cannot be told.
     */
    readonly parentsUnknown = false,
    /**
     * Set when the table's own version is not registered here either, so that a read without
     * `{ schemaVersion }` would fail too: the nearest version its identifier names that is
     * registered, or `null` when none is.
     */
    readonly registeredParent?: string | null,
    /**
     * The table is one of many files read as one table with the `{ schemaVersion }` asked for,
     * where leaving it out would read every file as the first one's version, not each as its own.
     */
    readonly amongFiles = false,
    /** The name of `expected`'s row class, for the advice's call that converts the rows read. */
    readonly expectedRowClass?: string,
  ) {
    super(
      mismatchMessage(
        shortText(found),
        expected,
        source,
        firstFile,
        parentsUnknown,
        registeredParent,
        amongFiles,
        expectedRowClass,
      ),
    );
  }
}

/** The docs section that shows rows read as one version made into rows of another. */
const VERSIONS_DOC = "docs/schemas.md#versions-and-evolution";

function mismatchMessage(
  found: string,
  expected: string,
  source: string | undefined,
  firstFile: string | undefined,
  parentsUnknown: boolean,
  registeredParent: string | null | undefined,
  amongFiles: boolean,
  expectedRowClass: string | undefined,
): string {
  const what = source === undefined ? "table" : source;
  const ofFirstFile =
    firstFile === undefined ? "" : `, the schema version of ${firstFile}, the first of the files read as one table`;
  if (parentsUnknown) {
    return (
      `${what} names only ${found}, not the versions it extends, and this program does not know ${found}, ` +
      `so it cannot tell whether it extends ${expected}${ofFirstFile}. Declare ${found} in YAML and import its ` +
      `generated module, or have its writer label it with its whole chain (${found}>…), as Legolas.jl does`
    );
  }
  const own = found.split(">", 1)[0]!.trim();
  const advice =
    firstFile !== undefined || (amongFiles && registeredParent === undefined)
      ? `read the files of each schema version apart, or pass { schemaVersion } naming a version every file is or extends`
      : registeredParent === undefined
        ? `read it without { schemaVersion } to get its ${own} rows, then convert them to ${expected}` +
          (expectedRowClass === undefined ? "" : ` with new ${expectedRowClass}({ ...row })`) +
          ` (${VERSIONS_DOC})`
        : // Read without { schemaVersion }, it would be an UnknownSchemaVersionError: say what reads it.
          `${own} is not registered here either: to read its rows, declare ${own} in YAML and import its generated module` +
          (registeredParent === null
            ? ""
            : `, or pass { schemaVersion } of ${quotedText(registeredParent)}, a parent in the identifier that is registered`);
  return `${what} holds rows of ${found}, which neither is nor extends ${expected}${ofFirstFile}; ${advice}`;
}

/** The bytes are not an Arrow IPC file or stream, or the file ends before its footer. */
export class NotArrowFileError extends LegolasError {
  override readonly name = "NotArrowFileError";
  readonly code = "not_arrow_file";
  constructor(
    readonly reason: string,
    readonly source?: string,
    options?: { cause?: unknown },
  ) {
    super(`${source === undefined ? "input" : source} is not a readable Arrow IPC file: ${reason}`, options);
  }
}

/**
 * An Arrow file whose structure reads but whose values contradict it: an offset past its
 * values, a dictionary index outside its dictionary, a `date` that is not a whole day, a broken
 * Weights layout in a trusted read. apache-arrow would hand such data on; the reader refuses it.
 * (`NotArrowFileError` is for input that is not Arrow, is truncated, or whose structure does not
 * parse.)
 */
export class CorruptTableError extends LegolasError {
  override readonly name = "CorruptTableError";
  readonly code = "corrupt_table";
  constructor(
    readonly reason: string,
    readonly source?: string,
  ) {
    super(`${source === undefined ? "table" : source} is a corrupt Arrow table: ${reason}`);
  }
}

/**
 * A value the table holds soundly that JavaScript has no form for: a Julia `DateTime` or `Date`
 * past the ±8.64e15 ms a JavaScript `Date` holds (Julia's reach some 290 million years; a far date
 * is a common sentinel, `typemax(DateTime)`). Refused rather than clamped; the table's other
 * columns read with `{ columns }`, and the value itself as plain Arrow.
 */
export class UnrepresentableValueError extends LegolasError {
  override readonly name = "UnrepresentableValueError";
  readonly code = "value_unrepresentable";
  constructor(
    readonly reason: string,
    readonly source?: string,
  ) {
    super(
      `${source === undefined ? "table" : source} holds a value JavaScript has no form for: ${reason}; ` +
        "read its other columns with { columns: [...] }, or this one as plain Arrow with (await openTableFile(path)).recordBatches()",
    );
  }
}

/** The largest offset of Arrow's Utf8, Binary and List columns (32-bit signed offsets), as Arrow.jl and apache-arrow write them. */
export const MAX_COLUMN_OFFSET = 0x7fffffff;

/**
 * A column of one record batch would hold more bytes (strings, binary values) or elements
 * (lists) than Arrow's 32-bit offsets can address (`limit: "offsets"`), or one of its buffers more
 * bytes than apache-arrow's writer puts in one buffer (`limit: "buffer"`: any column, a model row's
 * weights included, since the writer pads buffer lengths in 32-bit arithmetic). Splitting the rows
 * into smaller batches fixes it unless a single value is that large.
 */
export class ColumnTooLargeError extends LegolasError {
  override readonly name = "ColumnTooLargeError";
  readonly code = "column_too_large";
  constructor(
    /** The column's path, e.g. `text`, `point.note`, `names[]`. */
    readonly column: string,
    readonly unit: "bytes" | "elements",
    /** How many it would hold (for strings, a lower bound: UTF-16 code units). */
    readonly size: number,
    /** Rows in the batch. */
    readonly rows: number,
    /** The largest single value's size. */
    readonly largestValue: number,
    /** Which limit: Arrow's 32-bit offsets, or the bytes apache-arrow writes in one buffer. */
    readonly limit: "offsets" | "buffer" = "offsets",
  ) {
    const count = (n: number) => n.toLocaleString("en-US");
    const exceeded =
      limit === "offsets"
        ? `in one record batch of ${count(rows)} rows, more than Arrow's 32-bit offsets allow (${count(MAX_COLUMN_OFFSET)})`
        : `in one buffer of a record batch of ${count(rows)} rows, more than apache-arrow writes in one buffer (${count(MAX_COLUMN_OFFSET)})`;
    const alone =
      limit === "offsets"
        ? `one value alone holds ${count(largestValue)} ${unit}, which no Arrow value of this type can; store it in pieces (e.g. a list of chunks)`
        : `one value alone holds ${count(largestValue)} bytes, so no batch size helps; store it in pieces (e.g. a list of chunks), ` +
          `or, for a model's Weights, in a smaller element type (Float16 bits in a Uint16Array halve them)`;
    const fix =
      largestValue > MAX_COLUMN_OFFSET
        ? alone
        : `write the rows in smaller batches: writeTable(path, rows, schemaVersion, { batchSize: ${count(suggestedBatchSize(rows, size))} })`;
    super(`column ${column} would hold at least ${count(size)} ${unit} ${exceeded}; ${fix}`);
  }
}

/** A batch size that keeps an evenly filled column at half the limit. */
function suggestedBatchSize(rows: number, size: number): number {
  return Math.max(1, Math.floor((rows * MAX_COLUMN_OFFSET) / size / 2));
}

/**
 * A compressed table whose codec (or compression method) this runtime cannot handle, or an
 * unknown `compression` option (`asked: "option"`: the advice is then about the option, not a file).
 */
export class UnsupportedCompressionError extends LegolasError {
  override readonly name = "UnsupportedCompressionError";
  readonly code = "compression_unsupported";
  constructor(
    /** The codec as the file or the caller names it. */
    readonly codec: string,
    readonly source?: string,
    asked: "file" | "option" = "file",
  ) {
    super(
      asked === "option"
        ? `compression: ${codec} is not a compression legolas-ts can write; ` +
            `pass "lz4" or "zstd" (Arrow.jl's compress=:lz4 and :zstd), or leave compression out to write the table uncompressed`
        : `${source === undefined ? "table" : source}: ${codec} is not a compression legolas-ts can read; ` +
            `it reads LZ4_FRAME and ZSTD (Arrow.jl's compress=:lz4 and :zstd): ` +
            `rewrite the file with one of those, or uncompressed`,
    );
  }
}

/**
 * A compressed write asked for before its encoder was loaded (only the synchronous writers can),
 * or an encoder that failed to load (`loadFailure`: the WebAssembly zstd in a browser build that
 * does not serve its zstd.wasm).
 */
export class CompressionUnavailableError extends LegolasError {
  override readonly name = "CompressionUnavailableError";
  readonly code = "compression_unavailable";
  constructor(
    /** The `TableCompression` asked for (typed as text: ipc/codecs.ts imports this module). */
    readonly compression: string,
    /** Why the encoder did not load, and what to do; absent when it was not asked to load yet. */
    readonly loadFailure?: string,
  ) {
    const table = `${compression === "lz4" ? "an LZ4" : compression === "zstd" ? "a ZSTD" : `a ${compression}`}-compressed table`;
    super(
      loadFailure === undefined
        ? `writing ${table} needs its encoder, which loads asynchronously: ` +
            `await prepareCompression(${JSON.stringify(compression)}) once before writeTableBytes or writeModelRowBytes ` +
            `(writeTable and writeModelRow do it themselves)`
        : `writing ${table} needs its encoder, which did not load: ${loadFailure}`,
    );
  }
}

/**
 * A key of a row object that is no field of the schema version and cannot be written as an extra
 * column (rows/extra-columns.ts): not in every row, of no one type, or in rows from an iterator;
 * or a key of a struct or nested record in a row that misspells a child the value lacks, which
 * would be dropped (rows/misspelt-children.ts), or of a row-class instance, given it since it was
 * built, that misspells a field the row lacks (rows/misspelt-instance-keys.ts). Nothing was written; the message says how to keep
 * the key or drop it.
 */
export class ExtraKeyError extends LegolasError {
  override readonly name = "ExtraKeyError";
  readonly code = "extra_key";
  constructor(
    readonly key: string,
    /** The version written: a key of another version's field means the wrong version was passed (or none). */
    readonly identifier: string,
    readonly reason: string,
    /** Where the key is in a row, as violations name places: the key itself, or inside a field (`hyper.momentun`, `runs[1].lr`). */
    readonly path: string = key,
  ) {
    const holder = path.slice(0, path.length - key.length - 1);
    super(
      path === key
        ? `rows have a key ${JSON.stringify(key)} that is no field of ${identifier}: ${reason}`
        : `rows have a key ${JSON.stringify(key)} at ${path}, which ${holder} (of ${identifier}) does not declare: ${reason}`,
    );
  }
}

/**
 * An `any` column (a field of Julia's untyped kind) that cannot be written from these rows: its
 * Arrow type cannot be inferred from the values (of several types, all missing, or of a kind
 * with no one Arrow type), a value does not fit the Arrow type the column was given, or the
 * type is one legolas-ts cannot write from values. Nothing was written; the message says what
 * to declare or pass instead.
 */
export class AnyColumnError extends LegolasError {
  override readonly name = "AnyColumnError";
  readonly code = "any_column_unwritable";
  constructor(
    /** The column's path, as violations name it: `z`, `many[].z` (a list's records), `rec.inner.z`. */
    readonly column: string,
    readonly reason: string,
    /** The column's declared type: `any`, or `vector<any>` (a List of the values' one element type). */
    type = "any",
  ) {
    super(`column ${JSON.stringify(column)} (type ${type}) cannot be written: ${reason}`);
  }
}

/**
 * A value of an abstract field (`integer`, `real`, `number`) that the one storage legolas-ts
 * writes for its type cannot hold exactly: an integer beyond Int64 read from a UInt64 or Int128
 * column, a bigint no float64 equals. Nothing was written; declaring the concrete type keeps it.
 */
export class UnstorableValueError extends LegolasError {
  override readonly name = "UnstorableValueError";
  readonly code = "unstorable_value";
  constructor(
    /** The column's path, e.g. `count`, `point.x`. */
    readonly column: string,
    /** The value's index in the record batch. */
    readonly row: number,
    readonly value: string,
    /** The declared abstract type, as YAML names it. */
    readonly declared: string,
    /** The Arrow storage written for it. */
    readonly storage: string,
  ) {
    super(
      `column ${column} row ${row} holds ${value}, which a ${declared} column cannot store: legolas-ts writes ` +
        `${declared} as ${storage}; declare the concrete type (int128, uint64, int64, float64) to keep such values`,
    );
  }
}

/**
 * A read asked for columns (its `columns` option) that the table does not hold and its schema
 * version does not declare: a misspelled name, most likely.
 */
export class UnknownColumnError extends LegolasError {
  override readonly name = "UnknownColumnError";
  readonly code = "column_unknown";
  constructor(
    /** The names asked for that were not found. */
    readonly columns: readonly string[],
    /** The names that can be asked for: the declared fields and the table's columns. */
    readonly available: readonly string[],
    readonly source?: string,
  ) {
    const names = (list: readonly string[]) => list.map((name) => JSON.stringify(name)).join(", ");
    const shown = available.length > 30 ? `${names(available.slice(0, 30))}, ...` : names(available);
    // One misspelt or shortened name (`loss` for `losses`) is the common case; among several,
    // which was meant for which is a guess.
    const meant = columns.length === 1 ? closestNames(columns[0]!, available).map((name) => JSON.stringify(name)) : [];
    super(
      `${source === undefined ? "table" : source} has no column ${names(columns)}${suggesting(meant)}; the columns it can read: ${shown}`,
    );
  }
}

/**
 * Reading a batch by its index, or counting rows without reading the batches, needs the footer
 * of the Arrow IPC file format; a file in the stream format has none and is read in order.
 */
export class StreamRandomAccessError extends LegolasError {
  override readonly name = "StreamRandomAccessError";
  readonly code = "stream_random_access";
  constructor(
    readonly operation: string,
    readonly source?: string,
  ) {
    super(
      `${source === undefined ? "table" : source} is an Arrow IPC stream, which has no footer, so ${operation} is not possible: ` +
        "read its batches in order (readBatches), or write it as an Arrow IPC file (writeTable does) to read them by index",
    );
  }
}

/**
 * A `TableFile` asked to read once it is closed, or to read its batches in order a second time.
 * `readBatches`, `recordBatches` and `readTable` read them once and close the file when they end;
 * `close()` closes it. Reading again needs the file opened again.
 */
export class TableFileClosedError extends LegolasError {
  override readonly name = "TableFileClosedError";
  readonly code = "table_file_closed";
  constructor(
    /** What was asked of the file. */
    readonly operation: string,
    readonly source: string,
    /** Whether the file was closed (`"closed"`) or its one pass over the batches is taken (`"read"`). */
    readonly state: "closed" | "read",
  ) {
    super(
      `${source}: ${operation} is not possible, ${
        state === "closed" ? "the file is closed" : "its batches have been read already"
      }: open it again (openTableFile) to read it again`,
    );
  }
}

/**
 * Rows to write given as a one-shot source that has given its rows already: a generator object
 * or a built-in iterator (an array's `values()`, a Map's `entries()`) that a write of legolas-ts
 * has read, or a Node.js stream that has ended (`readableEnded`). It would give no
 * row, and the write would be a valid, empty table. Refused before anything is written.
 */
export class RowsConsumedError extends LegolasError {
  override readonly name = "RowsConsumedError";
  readonly code = "rows_consumed";
  constructor(
    /** `"iterator"`: one a write has read; `"stream"`: a Node.js stream read to its end. */
    readonly source: "iterator" | "stream",
  ) {
    super(
      `the rows to write are ${
        source === "iterator"
          ? "an iterator that a write has read already (a generator object, an array's values(): each gives its rows once)"
          : "a stream that has ended (readableEnded), whose rows were read already"
      }, so nothing was written: ${
        source === "iterator" ? "call the generator again for each write" : "open the stream again for each write"
      }, or pass an array or an iterable that makes a fresh iterator each time ({ [Symbol.iterator]: () => makeRows() })`,
    );
  }
}

/**
 * A row from a read of some columns (the readers' `columns` option) written as a version that
 * declares a field the read left out although its table held it: the row has no such field, so
 * it would be written as null (an optional field) and the value the table holds would be lost
 * without a word. Nothing was written; the message says how to keep the values or drop them.
 */
export class UnreadFieldsError extends LegolasError {
  override readonly name = "UnreadFieldsError";
  readonly code = "fields_not_read";
  constructor(
    /** The version written. */
    readonly identifier: string,
    /** The fields the row lacks because its read left them out, by name. */
    readonly fields: readonly string[],
    /** The row's index among the rows written. */
    readonly rowIndex: number,
  ) {
    const names = fields.join(", ");
    super(
      `row ${rowIndex} comes from a read of some columns that left out ${names}, which its table holds: ` +
        `written as ${identifier}, ${fields.length === 1 ? "that field" : "those fields"} would be null and the ` +
        `values lost, so nothing was written. Read ${fields.length === 1 ? "that column" : "those columns"} too ` +
        `(or every column), give the row a value for each, or write a copy ({ ...row }) to write them as null`,
    );
  }
}

/**
 * A reader's or writer's option given a value it does not take: a misspelled choice
 * (`validate: "row"`), a choice of another option (`validate: true`, which is a writer's), a count
 * that is no count (`concurrency: 0`, `NaN`). Refused before anything is read or written: a reader
 * that took such a value as another one would silently skip what was asked, such as validating.
 */
export class InvalidOptionError extends LegolasError {
  override readonly name = "InvalidOptionError";
  readonly code = "invalid_option";
  constructor(
    /** The option's name, as the options object spells it. */
    readonly option: string,
    /** The value given. */
    readonly value: unknown,
    /** What the option takes, in words: `"rows" or "columns"`, `a positive integer`. */
    readonly expected: string,
  ) {
    super(`options.${option} is ${describeValue(value)}: pass ${expected}, or leave it out for the default`);
  }
}

/**
 * An option that no call of legolas-ts takes, spelt like one that does (`schemaVerison`,
 * `compresion`), given to a read of a source by another HTTP client's name (`maxRetries`,
 * `timeout`), or an option of other calls given to one that does not take it (`columns` to
 * `loadModelRow`, which loads the whole row). The call would leave it unused and so do what the
 * option was given to prevent: read without the version check, write uncompressed, retry what
 * was to fail at once, read every column. A key near no option is left alone, so that an object
 * of settings may carry keys of its own.
 */
export class UnknownOptionError extends LegolasError {
  override readonly name = "UnknownOptionError";
  readonly code = "unknown_option";
  constructor(
    /** The key, as the options object spells it. */
    readonly option: string,
    /** The options it may stand for, closest first (none for an option of other calls). */
    readonly meant: readonly string[],
    /**
     * For a name that is not misspelt: the call that refuses it, what to pass instead (or where
     * the option goes), and what the refusal spared (`nothing was read`).
     */
    refused?: { readonly call: string; readonly use: string; readonly spared: string },
  ) {
    super(
      refused === undefined
        ? `options.${option} is no option of legolas-ts${suggesting(meant)}: misspelt, it would go unused, ` +
            `so nothing was read, written or loaded`
        : `options.${option} is not an option of ${refused.call}, which would leave it unused: ${refused.use}; ${refused.spared}`,
    );
  }
}

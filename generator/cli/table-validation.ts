/**
 * Validating one Arrow file completely, for `legolas validate`: the runtime's public batch read
 * (`openTableFile`, then `readBatches` with `invalidRows: "collect"`), which checks its columns
 * against its schema version, then every row column by column, and reports each invalid row with
 * its index in the table instead of stopping at the first as `readTable` does. What the read
 * takes but Julia cannot read, which every writer refuses (`findJuliaUnreadableColumns`,
 * `findJuliaUnreadableRows`), is a violation too: a file `Legolas.read` fails on is never valid.
 * Batches are read one at a time, so memory holds one batch whatever the file size, and every
 * protection of the library's reads applies (metadata bounds, parse errors, changed files): the
 * CLI reads files no other way.
 */
import { quotedText, shortText, shownSource } from "legolas-ts/internal/internal";
import { nearestRegisteredLink } from "./registered-versions.js";
import { openTableArgument } from "./stdin-table.js";
import type { Schema } from "apache-arrow";
import {
  findJuliaUnreadableColumns,
  findJuliaUnreadableRows,
  findSchemaVersion,
  formatSchemaVersionName,
  parseIdentifier,
  SCHEMA_QUALIFIED_KEY,
  type RowViolations,
  type SchemaVersion,
  type SchemaVersionMismatchError,
  type TableFile,
  type TableSchemaError,
  type Violation,
  violationCount as countOf,
} from "legolas-ts";

/**
 * Why a readable Arrow file could not be validated as a Legolas table: a finding (exit 1), like a
 * violation. Any other unreadable file (missing, not Arrow, truncated) is unreadable input (exit 2).
 */
export const LEGOLAS_TABLE_PROBLEMS: ReadonlySet<string> = new Set([
  "schema_metadata_missing",
  // The metadata holds no identifier Legolas reads (`""`, `foo.bar`): no Legolas table either.
  "invalid_identifier",
  "unknown_schema_version",
  // A file that names only its own version, not registered: whether it is `--as`'s cannot be told.
  "schema_version_mismatch",
]);

/** At most this many row violations are kept per file; the counts cover them all. */
export const MAX_REPORTED_VIOLATIONS = 100;

/** One violation, placed: `row` is the row index in the table, `null` for a column violation. */
export interface PlacedViolation extends Violation {
  readonly row: number | null;
}

export type FileReport =
  | {
      readonly file: string;
      readonly status: "ok";
      readonly schemaVersion: string;
      readonly identifier: string | null;
      /** Set when `--columns` named a column the version does not declare, which nothing validated. */
      readonly note?: string;
      readonly rows: number;
    }
  | {
      readonly file: string;
      /**
       * The file's own version is not registered, and its rows comply with the nearest version
       * it extends, `schemaVersion`: its own fields and checks were never tested. Not `ok`.
       */
      readonly status: "partial";
      readonly schemaVersion: string;
      /** The file's own version, `name@version`, which is not registered. */
      readonly unregistered: string;
      readonly identifier: string | null;
      /** Set when `--columns` named a column the version does not declare, which nothing validated. */
      readonly note?: string;
      readonly rows: number;
    }
  | {
      readonly file: string;
      readonly status: "invalid";
      readonly schemaVersion: string;
      readonly identifier: string | null;
      /** Set when the file's own version is not registered and a version it extends was used. */
      readonly note?: string;
      /** Rows read; `null` when the columns did not comply, so no row could be read. */
      readonly rows: number | null;
      readonly invalidRows: number;
      readonly violationCount: number;
      /** The first {@link MAX_REPORTED_VIOLATIONS} violations, column violations first. */
      readonly violations: PlacedViolation[];
      /** What to do about the column violations, when the runtime knows (e.g. a Legolas < 0.5 file). */
      readonly hint?: string;
      /**
       * Set when the file is labelled with a version that neither is nor extends `--as`'s, so
       * its rows were not read (no violations): what the label says, as the text report words it.
       */
      readonly labelMismatch?: string;
    }
  | {
      readonly file: string;
      /**
       * A file in the stream format whose rows comply but which ends without the stream's
       * end-of-stream marker (`TableFile.streamFinished`): its writer never closed it (it was
       * killed, or is still writing), so rows may be missing from its end. Not `ok`.
       */
      readonly status: "unfinished";
      readonly schemaVersion: string;
      readonly identifier: string | null;
      /** Set when the file's own version is not registered and a version it extends was used. */
      readonly note?: string;
      readonly rows: number;
    }
  | {
      readonly file: string;
      readonly status: "unreadable";
      /** The runtime error's code: `not_arrow_file`, `schema_metadata_missing`, `unknown_schema_version`, ... */
      readonly code: string;
      readonly message: string;
    };

/** How a file is validated: its version, its columns, and whether what Julia refuses counts. */
export interface ValidateFileOptions {
  /** The version every file is read as; by default, the one its metadata names. */
  readonly expected?: SchemaVersion | undefined;
  /** Only these columns (and what the row checks read); by default, all. */
  readonly columns?: readonly string[] | undefined;
  /** Whether what Julia's `Legolas.read` or LegolasFlux.jl refuses is a violation; by default it is. */
  readonly julia?: boolean;
}

/**
 * Validates the table at `path` (a path or URL; `-`, stdin, read as it comes: stdin-table.ts), as
 * `expected` when given, else as the version its metadata names; with `columns`, only those
 * columns (and what the row checks read).
 */
export async function validateFile(
  path: string,
  { expected, columns, julia = true }: ValidateFileOptions = {},
): Promise<FileReport> {
  // A URL is reported without its query and password, as errors name it.
  const shown = shownSource(path);
  let file: TableFile;
  try {
    file = await openTableArgument(path);
  } catch (error) {
    return unreadable(shown, error);
  }
  const { identifier } = file.metadata;
  const nearest = expected === undefined ? nearestRegisteredAncestor(identifier) : undefined;
  const schemaVersion = expected ?? nearest?.schemaVersion;
  // Once the read has accepted the table, this is the version it read it as.
  const readAs = () => schemaVersion ?? findSchemaVersion(identifier!)!;
  const notes = () => {
    const said = [nearest?.note, columns === undefined ? undefined : undeclaredNote(readAs(), columns)];
    const note = said.filter((text) => text !== undefined).join("; ");
    return note === "" ? {} : { note };
  };
  const base = () => ({
    file: shown,
    schemaVersion: formatSchemaVersionName(readAs()),
    identifier,
    ...notes(),
  });
  let violations: PlacedViolation[] = [];
  let rows = 0;
  let invalidRows = 0;
  let violationCount = 0;
  try {
    for await (const batch of file.readBatches({ schemaVersion, invalidRows: "collect", columns })) {
      const juliaRefuses = julia ? findJuliaUnreadableRows(batch) : [];
      for (const { rowIndex, violations: found } of mergedByRow(batch.invalidRows, juliaRefuses)) {
        invalidRows++;
        // A row keeps its first 1,000 violations and counts the rest.
        violationCount += countOf(found);
        for (const v of found)
          if (violations.length < MAX_REPORTED_VIOLATIONS) violations.push({ ...v, row: rowIndex });
      }
      rows += batch.batch.numRows;
    }
  } catch (error) {
    if (isLabelMismatch(error))
      return {
        ...base(),
        status: "invalid",
        rows: null,
        invalidRows: 0,
        violationCount: 0,
        violations: [],
        labelMismatch: unreadableMessage(error, error.message),
      };
    if ((error as { code?: unknown }).code !== "table_schema_invalid") return unreadable(shown, error);
    const { violations: found, hint } = error as TableSchemaError;
    const placed = found.map((v) => ({ ...v, row: null }));
    const report = {
      ...base(),
      status: "invalid",
      rows: null,
      invalidRows: 0,
      violationCount: placed.length,
      violations: placed,
    } as const;
    return hint === null ? report : { ...report, hint };
  } finally {
    await file.close();
  }
  // The read has checked these columns against the version: what Julia cannot open or read as declared, first.
  const unreadableColumns = julia ? findJuliaUnreadableColumns(columnsRead(file.schema, columns), readAs()) : [];
  if (unreadableColumns.length > 0) {
    violationCount += unreadableColumns.length;
    violations = [...unreadableColumns.map((v) => ({ ...v, row: null })), ...violations].slice(
      0,
      MAX_REPORTED_VIOLATIONS,
    );
  }
  if (violationCount === 0 && file.streamFinished === false) return { ...base(), status: "unfinished", rows };
  if (violationCount === 0 && nearest !== undefined) {
    const schemaVersion = formatSchemaVersionName(nearest.schemaVersion);
    const columnsNote = columns === undefined ? undefined : undeclaredNote(nearest.schemaVersion, columns);
    return {
      file: shown,
      status: "partial",
      schemaVersion,
      unregistered: nearest.unregistered,
      identifier,
      ...(columnsNote === undefined ? {} : { note: columnsNote }),
      rows,
    };
  }
  if (violationCount === 0) return { ...base(), status: "ok", rows };
  return { ...base(), status: "invalid", rows, invalidRows, violationCount, violations };
}

/** A batch's two lists of rows (each in order) as one, a row found in both with the violations of both. */
function mergedByRow(a: readonly RowViolations[], b: readonly RowViolations[]): RowViolations[] {
  if (b.length === 0) return a as RowViolations[];
  const out: RowViolations[] = [];
  let j = 0;
  for (const row of a) {
    while (j < b.length && b[j]!.rowIndex < row.rowIndex) out.push(b[j++]!);
    if (j < b.length && b[j]!.rowIndex === row.rowIndex)
      out.push({ rowIndex: row.rowIndex, violations: [...row.violations, ...b[j++]!.violations] });
    else out.push(row);
  }
  return [...out, ...b.slice(j)];
}

/** `schema`'s columns that `--columns` named (all without it): those the read checked, whose names and storages are looked at. */
function columnsRead(schema: Schema, columns: readonly string[] | undefined): Schema {
  if (columns === undefined) return schema;
  return schema.select(schema.fields.map((field) => field.name).filter((name) => columns.includes(name)));
}

/**
 * A file read as `--as`'s version whose label names another version, one that neither is nor
 * extends it: a readable table that is not of that version, a finding. A label of only the file's
 * own version, which is not registered, is not one: whether that version extends `--as`'s cannot
 * be told, as a version not registered cannot be validated without `--as`.
 */
function isLabelMismatch(error: unknown): error is SchemaVersionMismatchError {
  const { code, parentsUnknown } = error as Partial<SchemaVersionMismatchError>;
  return code === "schema_version_mismatch" && parentsUnknown !== true;
}

/**
 * What `--columns` asked for that `version` does not declare (a column the file holds beside its
 * fields, which a read takes as it is): read, but validated by nothing, which the report says
 * rather than let "only these columns were validated" claim it. `undefined` when all are declared.
 */
function undeclaredNote(version: SchemaVersion, columns: readonly string[]): string | undefined {
  const undeclared = columns.filter((name) => !version.fields.some((field) => field.name === name));
  if (undeclared.length === 0) return undefined;
  const which = undeclared.length === 1 ? "column" : "columns";
  const what = undeclared.length === 1 ? "it was" : "they were";
  return `${formatSchemaVersionName(version)} declares no ${which} ${undeclared.join(", ")}: ${what} read, not validated`;
}

/**
 * For a file whose own version is not registered: the nearest registered version it extends, as
 * `inspect` checks it (see `nearestRegisteredLink`), with a note saying so. `undefined` otherwise,
 * so that the runtime reports a registered version, a missing one or missing metadata as usual.
 */
function nearestRegisteredAncestor(
  identifier: string | null,
): { schemaVersion: SchemaVersion; unregistered: string; note: string } | undefined {
  if (identifier === null) return undefined;
  let chain: string[];
  try {
    chain = parseIdentifier(identifier).map(formatSchemaVersionName);
  } catch {
    return undefined;
  }
  const index = nearestRegisteredLink(chain);
  if (index <= 0) return undefined;
  return {
    schemaVersion: findSchemaVersion(chain[index]!)!,
    unregistered: chain[0]!,
    note: `${shortText(chain[0]!)} is not registered; validated as ${chain[index]}, which it extends`,
  };
}

function unreadable(file: string, error: unknown): FileReport {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const codeText = typeof code === "string" ? code : "unreadable";
  return {
    file,
    status: "unreadable",
    code: codeText,
    message: unreadableMessage(error, typeof message === "string" ? message : String(error)),
  };
}

/**
 * The runtime's errors (`NotArrowFileError`, `CorruptTableError`, `UnrepresentableValueError`, `MissingSchemaMetadataError`,
 * `UnknownSchemaVersionError`, `SchemaVersionMismatchError`, `FileAccessError`,
 * `FileChangedError`; told apart by `code`), reworded for the command line (`validate` and
 * `inspect` alike): their data is kept, the advice names the CLI's flags instead of the API's.
 * The caller puts the user's path in front.
 */
export function unreadableMessage(error: unknown, message: string): string {
  const facts = error as {
    code?: string;
    reason?: string;
    advice?: string;
    systemCode?: string | null;
    identifier?: string;
    providerName?: string | null;
    providerVersion?: string | null;
    found?: string;
    expected?: string;
    parentsUnknown?: boolean;
    source?: string;
  };
  switch (facts.code) {
    case "not_arrow_file":
      return `not a readable Arrow IPC file: ${facts.reason}`;
    case "corrupt_table":
      return `a corrupt Arrow table (its values break the Arrow format): ${facts.reason}`;
    case "value_unrepresentable":
      return `a sound table holding a value JavaScript has no form for, which legolas-ts cannot check: ${facts.reason}`;
    case "schema_metadata_missing":
      return `no ${SCHEMA_QUALIFIED_KEY} metadata, so it is not a Legolas table; pass --as <name@version> to validate it as a version you choose`;
    case "invalid_identifier":
      return `its ${SCHEMA_QUALIFIED_KEY} metadata, ${quotedText(facts.identifier ?? "")}, is no schema identifier (${facts.reason}), so it is not a Legolas table: its writer must set name@version there`;
    case "unknown_schema_version": {
      const provider =
        facts.providerName == null
          ? ""
          : ` (declared by the Julia package ${facts.providerName}${facts.providerVersion == null ? "" : ` ${facts.providerVersion}`})`;
      return `${shortText(facts.identifier ?? "")} is not registered${provider}; pass --schemas <folder> with its YAML declaration, or --as a version it extends`;
    }
    case "schema_version_mismatch": {
      const found = shortText(facts.found ?? "");
      return facts.parentsUnknown === true
        ? `it names only ${found}, not the versions it extends, and ${found} is not registered, so whether it extends ${facts.expected} (--as) cannot be told; pass --schemas <folder> with its YAML declaration, or have its writer label it with its whole chain (${found}>…), as Legolas.jl does`
        : `it holds rows of ${found}, which neither is nor extends ${facts.expected} (--as)`;
    }
    case "file_access_failed":
      return `cannot read it${facts.systemCode == null ? "" : ` (${facts.systemCode})`}: ${facts.advice}`;
    case "file_changed":
      return `file changed while it was read (${facts.reason}); validate it again once its writer is done`;
    case "source_unreadable":
      return facts.reason!;
    case "column_unknown":
      // The runtime's message opens with the file's name, which the caller puts in front already.
      return facts.source !== undefined && message.startsWith(`${facts.source} `)
        ? `it${message.slice(facts.source.length)}`
        : message;
    default:
      return message;
  }
}

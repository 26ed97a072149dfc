/**
 * Validating one Arrow file completely, for `legolas validate`: its columns against its schema
 * version, then every row, column by column (runtime/arrow/validate-batch.ts: only invalid rows
 * are built by their row class), collecting the violations of every row (with its index in the
 * table) instead of stopping at the first as `readTable` does. Batches are read one at a time
 * (the runtime's `ArrowBatchFile`, which `readTableBatches` reads from too: the same bounds,
 * buffer and changed-file checks), so memory holds one batch whatever the file size. A row's
 * violations are collected rather than thrown, as `readTableBatches` does; a null in a required
 * column is reported by the row that holds it.
 */
import type { Schema } from "apache-arrow";
import { resolveSchemaVersion } from "../runtime/arrow/read.js";
import { ArrowBatchFile } from "../runtime/arrow/stream.js";
import { columnValidator } from "../runtime/arrow/validate-batch.js";
import { assertTableValid } from "../runtime/arrow/validate-table.js";
import { columnHint, nearestRegisteredLink } from "./registered-versions.js";
import {
  findSchemaVersion,
  formatSchemaVersionName,
  parseIdentifier,
  readTableMetadata,
  SCHEMA_QUALIFIED_KEY,
  type SchemaVersion,
  type Violation,
} from "../runtime/index.js";

/**
 * Why a readable Arrow file could not be validated as a Legolas table: a finding (exit 1), like a
 * violation. Any other unreadable file (missing, not Arrow, truncated) is unreadable input (exit 2).
 */
export const LEGOLAS_TABLE_PROBLEMS: ReadonlySet<string> = new Set(["schema_metadata_missing", "unknown_schema_version", "schema_version_mismatch"]);

/** At most this many row violations are kept per file; the counts cover them all. */
export const MAX_REPORTED_VIOLATIONS = 100;

/** One violation, placed: `row` is the row index in the table, `null` for a column violation. */
export interface PlacedViolation extends Violation {
  readonly row: number | null;
}

export type FileReport =
  | { readonly file: string; readonly status: "ok"; readonly schemaVersion: string; readonly identifier: string | null; readonly rows: number; readonly note?: string }
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
    }
  | {
      readonly file: string;
      readonly status: "unreadable";
      /** The runtime error's code: `not_arrow_file`, `schema_metadata_missing`, `unknown_schema_version`, ... */
      readonly code: string;
      readonly message: string;
    };

/** Validates the table at `path`, as `expected` when given, else as the version its metadata names. */
export async function validateFile(path: string, expected?: SchemaVersion): Promise<FileReport> {
  let file: ArrowBatchFile;
  try {
    file = await ArrowBatchFile.open(path);
  } catch (error) {
    return unreadable(path, error);
  }
  try {
    const { schema } = file;
    const nearest = expected === undefined ? nearestRegisteredAncestor(schema) : undefined;
    const { schemaVersion, identifier } = resolveSchemaVersion(schema, (expected ?? nearest?.schemaVersion) as SchemaVersion<object, never> | undefined, path);
    const base = { file: path, schemaVersion: formatSchemaVersionName(schemaVersion), identifier, ...(nearest === undefined ? {} : { note: nearest.note }) };
    try {
      assertTableValid(schema, schemaVersion, path);
    } catch (error) {
      const { violations } = error as { violations?: readonly Violation[] };
      if (violations === undefined) throw error;
      const placed = violations.map((v) => ({ ...v, row: null }));
      const hint = columnHint(schemaVersion.identifier, violations);
      const report = { ...base, status: "invalid", rows: null, invalidRows: 0, violationCount: placed.length, violations: placed } as const;
      return hint === null ? report : { ...report, hint };
    }
    const validator = columnValidator(schemaVersion, schema);
    const violations: PlacedViolation[] = [];
    let rows = 0;
    let invalidRows = 0;
    let violationCount = 0;
    for await (const batch of file.batches()) {
      for (const { rowIndex, violations: found } of validator.violations(batch, { firstRowIndex: rows })) {
        invalidRows++;
        violationCount += found.length;
        for (const v of found) if (violations.length < MAX_REPORTED_VIOLATIONS) violations.push({ ...v, row: rowIndex });
      }
      rows += batch.numRows;
    }
    if (violationCount === 0) return { ...base, status: "ok", rows };
    return { ...base, status: "invalid", rows, invalidRows, violationCount, violations };
  } catch (error) {
    return unreadable(path, error);
  } finally {
    await file.close();
  }
}

/**
 * For a file whose own version is not registered: the nearest registered version it extends, as
 * `inspect` checks it (see `nearestRegisteredLink`), with a note saying so. `undefined` otherwise,
 * so that the runtime reports a registered version, a missing one or missing metadata as usual.
 */
function nearestRegisteredAncestor(schema: Schema): { schemaVersion: SchemaVersion; note: string } | undefined {
  const { identifier } = readTableMetadata(schema);
  if (identifier === null) return undefined;
  let chain: string[];
  try {
    chain = parseIdentifier(identifier).map(formatSchemaVersionName);
  } catch {
    return undefined;
  }
  const index = nearestRegisteredLink(chain);
  if (index <= 0) return undefined;
  return { schemaVersion: findSchemaVersion(chain[index]!)!, note: `${chain[0]} is not registered; validated as ${chain[index]}, which it extends` };
}

function unreadable(file: string, error: unknown): FileReport {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const codeText = typeof code === "string" ? code : "unreadable";
  return { file, status: "unreadable", code: codeText, message: unreadableMessage(error, typeof message === "string" ? message : String(error)) };
}

/**
 * The runtime's errors (`NotArrowFileError`, `CorruptTableError`, `MissingSchemaMetadataError`,
 * `UnknownSchemaVersionError`, `SchemaVersionMismatchError`, `FileAccessError`,
 * `FileChangedError`; told apart by `code`), reworded for the command line (`validate` and
 * `inspect` alike): their data is kept, the advice names the CLI's flags instead of the API's.
 * The caller puts the user's path in front.
 */
export function unreadableMessage(error: unknown, message: string): string {
  const facts = error as { code?: string; reason?: string; advice?: string; systemCode?: string | null; identifier?: string; providerName?: string | null; providerVersion?: string | null; found?: string; expected?: string };
  switch (facts.code) {
    case "not_arrow_file":
      return `not a readable Arrow IPC file: ${facts.reason}`;
    case "corrupt_table":
      return `a corrupt Arrow table (its values contradict its structure): ${facts.reason}`;
    case "schema_metadata_missing":
      return `no ${SCHEMA_QUALIFIED_KEY} metadata, so it is not a Legolas table; pass --as <name@version> to validate it as a version you choose`;
    case "unknown_schema_version": {
      const provider = facts.providerName == null ? "" : ` (declared by the Julia package ${facts.providerName}${facts.providerVersion == null ? "" : ` ${facts.providerVersion}`})`;
      return `${facts.identifier} is not registered${provider}; pass --schemas <folder> with its YAML declaration, or --as a version it extends`;
    }
    case "schema_version_mismatch":
      return `it is a ${facts.found} table, which neither is nor extends ${facts.expected} (--as)`;
    case "file_access_failed":
      return `cannot read it${facts.systemCode == null ? "" : ` (${facts.systemCode})`}: ${facts.advice}`;
    case "file_changed":
      return `file changed while it was read (${facts.reason}); validate it again once its writer is done`;
    default:
      return message;
  }
}

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
import { resolveSchemaVersion } from "../runtime/arrow/read.js";
import { ArrowBatchFile } from "../runtime/arrow/stream.js";
import { columnValidator } from "../runtime/arrow/validate-batch.js";
import { assertTableValid } from "../runtime/arrow/validate-table.js";
import {
  formatSchemaVersionName,
  renderViolations,
  SCHEMA_QUALIFIED_KEY,
  TableSchemaError,
  type SchemaVersion,
  type Violation,
} from "../runtime/index.js";

/** At most this many row violations are kept per file; the counts cover them all. */
export const MAX_REPORTED_VIOLATIONS = 100;

/** One violation, placed: `row` is the row index in the table, `null` for a column violation. */
export interface PlacedViolation extends Violation {
  readonly row: number | null;
}

export type FileReport =
  | { readonly file: string; readonly status: "ok"; readonly schemaVersion: string; readonly identifier: string | null; readonly rows: number }
  | {
      readonly file: string;
      readonly status: "invalid";
      readonly schemaVersion: string;
      readonly identifier: string | null;
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
    const { schemaVersion, identifier } = resolveSchemaVersion(schema, expected as SchemaVersion<object, never> | undefined, path);
    const base = { file: path, schemaVersion: formatSchemaVersionName(schemaVersion), identifier };
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
 * The hint the runtime's `TableSchemaError` adds below its list of column violations (for a
 * nested row written by Legolas.jl < 0.5), or `null` when it adds none.
 */
export function columnHint(identifier: string, violations: readonly Violation[]): string | null {
  const message = new TableSchemaError(identifier, violations).message;
  const list = renderViolations(violations);
  const hint = message.slice(message.indexOf(list) + list.length).trim();
  return hint === "" ? null : hint;
}

function unreadable(file: string, error: unknown): FileReport {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const codeText = typeof code === "string" ? code : "unreadable";
  return { file, status: "unreadable", code: codeText, message: unreadableMessage(error, typeof message === "string" ? message : String(error)) };
}

/**
 * The runtime's errors (`NotArrowFileError`, `MissingSchemaMetadataError`,
 * `UnknownSchemaVersionError`, `SchemaVersionMismatchError`, `FileAccessError`,
 * `FileChangedError`; told apart by `code`), reworded for
 * the command line: their data is kept, the advice names the CLI's flags instead of the API's.
 */
function unreadableMessage(error: unknown, message: string): string {
  const facts = error as { code?: string; reason?: string; advice?: string; systemCode?: string | null; identifier?: string; providerName?: string | null; providerVersion?: string | null; found?: string; expected?: string };
  switch (facts.code) {
    case "not_arrow_file":
      return `not a readable Arrow IPC file: ${facts.reason}`;
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

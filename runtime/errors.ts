import { renderViolations, type Violation } from "./violations.js";

/**
 * The base of every error legolas-ts throws. Code that handles errors checks `name` or `code`,
 * not `instanceof`, so that two copies of the package in one process still agree.
 */
export abstract class LegolasError extends Error {
  abstract override readonly name: string;
  abstract readonly code: string;
}

/** A row that does not comply with its schema version. Lists every violation, not just the first. */
export class RowValidationError extends LegolasError {
  override readonly name = "RowValidationError";
  readonly code = "row_invalid";
  constructor(
    readonly identifier: string,
    readonly violations: readonly Violation[],
    /** The row's index in its table, when the row came from or was going to a table. */
    readonly rowIndex?: number,
  ) {
    const where = rowIndex === undefined ? "" : ` (row ${rowIndex})`;
    const count = violations.length === 1 ? "1 violation" : `${violations.length} violations`;
    super(`${identifier}${where} has ${count}:\n${renderViolations(violations)}`);
  }
}

/** Where in a YAML schema file something was declared. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** One broken rule in a schema declaration. */
export interface DeclarationDiagnostic extends SourcePosition {
  /** Which rule was broken, e.g. `unknown-parent`; stable, for tools and tests. */
  readonly rule: string;
  readonly message: string;
}

export function formatDiagnostic(diagnostic: DeclarationDiagnostic): string {
  return `${diagnostic.file}:${diagnostic.line}:${diagnostic.col}: ${diagnostic.message} [${diagnostic.rule}]`;
}

/** YAML schema declarations that break the language's rules; nothing was generated. */
export class SchemaDeclarationError extends LegolasError {
  override readonly name = "SchemaDeclarationError";
  readonly code = "schema_declaration_invalid";
  constructor(readonly diagnostics: readonly DeclarationDiagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
  }
}

/** What legolas-ts was doing with a file when the file system refused. */
export type FileOperation = "read" | "write" | "replace" | "remove";

/**
 * The file system refused an operation on a user's file: disk full, permission denied, a folder
 * where a file was expected. Names the path the user gave (never a temporary file), the
 * operation, the system's code (`ENOSPC`, `EACCES`, ...; `null` for a refusal of legolas-ts's
 * own, such as a path that is not a regular file) and what to do about it.
 */
export class FileAccessError extends LegolasError {
  override readonly name = "FileAccessError";
  readonly code = "file_access_failed";
  constructor(
    readonly path: string,
    readonly operation: FileOperation,
    readonly systemCode: string | null,
    /** Why, and what to do, in words. */
    readonly advice: string = adviceFor(systemCode, path),
    options?: { cause?: unknown },
  ) {
    super(`cannot ${operation} ${path}${systemCode === null ? "" : ` (${systemCode})`}: ${advice}`, options);
  }
}

/** The advice for a system error code, phrased for someone who holds `path`. */
function adviceFor(systemCode: string | null, path: string): string {
  switch (systemCode) {
    case "ENOSPC":
      return "the file system is full; free some space or write to another disk (the previous file, if any, is unchanged)";
    case "EDQUOT":
      return "the disk quota is exhausted; free some space or write elsewhere (the previous file, if any, is unchanged)";
    case "EACCES":
    case "EPERM":
      return "permission denied; a file is replaced by writing a new file beside it and renaming it over the old one, so its folder must be writable";
    case "EROFS":
      return "the file system is read-only; write to another location";
    case "EISDIR":
      return "it is a folder; give the path of a file inside it";
    case "ENOENT":
      return "its folder does not exist; create it first";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "ENAMETOOLONG":
      return "the path or file name is longer than the file system allows";
    case "ELOOP":
      return "the path is a loop of symbolic links";
    case "EMFILE":
    case "ENFILE":
      return "too many files are open; close some and try again";
    default:
      return `the file system refused${systemCode === null ? "" : ` with ${systemCode}`}; check ${JSON.stringify(path)} and its folder`;
  }
}

/**
 * `error` as a {@link FileAccessError} about `path` when it is a Node system error (it has a
 * string `code` such as `ENOSPC`); any other error, a legolas-ts one included, unchanged.
 */
export function asFileAccessError(error: unknown, path: string, operation: FileOperation): unknown {
  if (error instanceof LegolasError) return error;
  const systemCode = (error as { code?: unknown } | null)?.code;
  if (typeof systemCode !== "string" || !/^E[A-Z0-9]+$/.test(systemCode)) return error;
  return new FileAccessError(path, operation, systemCode, undefined, { cause: error });
}

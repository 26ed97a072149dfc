import { quotedText, renderViolations, violationCount, type Violation } from "./violations.js";

/**
 * The base of every error legolas-ts throws. Code that handles errors checks `name` or `code`,
 * not `instanceof`, so that two copies of the package in one process still agree.
 */
export abstract class LegolasError extends Error {
  abstract override readonly name: string;
  abstract readonly code: string;
}

/**
 * A row that does not comply with its schema version. Holds every violation found, not just the
 * first, up to `KEPT_VIOLATIONS` (1,000) in `violations`, the rest counted in its `omitted`
 * (`violationCount` gives the total); the message lists the first 20 and counts the rest.
 *
 * Its message is rendered when first read (`message`, `stack`, `String(error)`), not when it is
 * thrown: a caller that only looks at `violations` (or tries many rows) never pays for the text.
 */
export class RowValidationError extends LegolasError {
  override readonly name = "RowValidationError";
  readonly code = "row_invalid";
  #message: string | undefined;
  constructor(
    readonly identifier: string,
    readonly violations: readonly Violation[],
    /** The row's index in its table, when the row came from or was going to a table. */
    readonly rowIndex?: number,
    /** The file (a path, a URL) the row was read from, when it was: row indexes count within one file. */
    readonly source?: string,
    /** `cause`: what a getter or Proxy trap of the row threw, or a hand-written row class's constructor. */
    options?: { readonly cause?: unknown },
  ) {
    super(undefined, options);
  }

  override get message(): string {
    if (this.#message === undefined) {
      const file = this.source === undefined ? "" : `${this.source}: `;
      const where = this.rowIndex === undefined ? "" : ` (row ${this.rowIndex})`;
      const total = violationCount(this.violations);
      const count = total === 1 ? "1 violation" : `${total.toLocaleString("en-US")} violations`;
      this.#message = `${file}${this.identifier}${where} has ${count}:\n${renderViolations(this.violations)}`;
    }
    return this.#message;
  }
}

/** What legolas-ts was doing with a file when the file system refused. */
export type FileOperation = "read" | "write" | "replace" | "remove";

/**
 * The file system refused an operation on a user's file: a missing file, disk full, permission
 * denied, a folder or a FIFO where a file was expected. Names the path the user gave (never a
 * temporary file), the operation, the system's code (`ENOENT`, `ENOSPC`, `EACCES`,
 * `ERR_FS_FILE_TOO_LARGE`, ...; `null` for a refusal of legolas-ts's own, such as a path that is
 * not a regular file) and what to do about it. Node's errors become these in ./file-errors.ts.
 */
export class FileAccessError extends LegolasError {
  override readonly name = "FileAccessError";
  readonly code = "file_access_failed";
  constructor(
    readonly path: string,
    readonly operation: FileOperation,
    readonly systemCode: string | null,
    /** Why, and what to do, in words. */
    readonly advice: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot ${operation} ${path}${systemCode === null ? "" : ` (${systemCode})`}: ${advice}`, options);
  }
}

/**
 * A file changed while it was being read: it shrank, grew, or was rewritten in place. A read
 * that returns its result whole (`readTable`, `readBatch`) returns nothing from it; a read that
 * gives batch after batch (`readTableBatches`, `readBatches`) has given those before the change
 * was found (`batchesGiven`), each read before it, and gives none after. Legolas tables are
 * replaced, not edited: writers write a new file and rename it over the old one (writeTable
 * does), so that a reader keeps the file it opened.
 */
export class FileChangedError extends LegolasError {
  override readonly name = "FileChangedError";
  readonly code = "file_changed";
  constructor(
    readonly path: string,
    /** What changed, e.g. "it ended after 4096 of its 81920 bytes". */
    readonly reason: string,
    /** The batches of the file a read had given, 0 to this minus one, when the change was found. */
    readonly batchesGiven = 0,
  ) {
    super(
      `${path}: file changed while it was read (${reason}); ${whatWasGiven(batchesGiven)}. ` +
        `Read it again once its writer is done; to change a table, write a new file and rename it over the old one (writeTable does), never edit it in place`,
    );
  }
}

function whatWasGiven(batches: number): string {
  if (batches === 0) return "this read returned nothing from it";
  const which = batches === 1 ? "batch 0 was" : `batches 0-${batches - 1} were`;
  return `${which} given before the change was found, none after`;
}

/** Thrown when an identifier, schema name or version does not follow Legolas's rules. */
export class IdentifierError extends LegolasError {
  override readonly name = "IdentifierError";
  readonly code = "invalid_identifier";
  constructor(
    readonly identifier: string,
    readonly reason: string,
  ) {
    super(`invalid schema identifier ${quotedText(identifier)}: ${reason}`);
  }
}

/** A file that is not a single model row: wrong row count, or a schema that is not a model's. */
export class ModelRowError extends LegolasError {
  override readonly name = "ModelRowError";
  readonly code = "model_row_invalid";
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

/** Two schema versions registered under one name must declare the same thing. */
export class SchemaVersionConflictError extends LegolasError {
  override readonly name = "SchemaVersionConflictError";
  readonly code = "schema_version_conflict";
  constructor(readonly identifier: string) {
    super(
      `${identifier} is registered twice with different declarations; ` +
        `two generated modules (or two package copies) declare it differently: regenerate both from the same YAML`,
    );
  }
}

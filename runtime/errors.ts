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

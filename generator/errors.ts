/**
 * The generator's errors: declaration errors at their YAML positions. Thrown by every stage
 * through `Diagnostics` (diagnostics.ts); the CLI prints them as they are.
 */
import { LegolasError } from "legolas-ts/internal/errors";

/** Where in a YAML schema file something was declared. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Set where a YAML alias (`*name`) stands: its name and where the value it copies is written. */
  readonly alias?: { readonly name: string; readonly line: number; readonly col: number };
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

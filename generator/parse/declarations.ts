/**
 * What the parse stage produces: a schema file's declarations as written, with the position of
 * each part, before anything is checked against other files.
 */
import type { SourcePosition } from "../errors.js";
import type { TypeExpression } from "./type-expression.js";
import type { UnquotedScalar } from "./yaml-document.js";

export interface SchemaFileDeclaration {
  /** The path as given to the generator, used in messages and in the generated preamble. */
  readonly file: string;
  readonly schema: string;
  readonly schemaPosition: SourcePosition;
  readonly prefix: string;
  readonly prefixPosition: SourcePosition;
  readonly doc?: string;
  readonly versions: readonly VersionDeclaration[];
  /**
   * Whether reading the file reported errors, and where: `"file"` when one is outside its versions
   * (its YAML, its keys, schema or prefix), so nothing of it can be trusted; `"versions"` when all
   * are inside versions, whose broken parts (a field, a check, a whole version) are left out here
   * and the rest is as written, so the run can still resolve it and report its other errors.
   */
  readonly errors?: "file" | "versions";
  /**
   * With `errors` `"versions"`: every version number its keys name, those left out for their
   * errors included, so a version the file does not hold at all is told from one it failed to
   * declare; absent when a key could not be read as a number (it may be any version).
   */
  readonly versionsWritten?: readonly number[];
}

export interface VersionDeclaration {
  readonly version: number;
  readonly position: SourcePosition;
  readonly doc?: string;
  readonly extends?: { readonly identifier: string; readonly position: SourcePosition };
  readonly fields: readonly FieldDeclaration[];
  readonly checks: readonly CheckDeclaration[];
}

export interface FieldDeclaration {
  readonly name: string;
  readonly position: SourcePosition;
  readonly type: TypeExpression;
  readonly typePosition: SourcePosition;
  readonly optional: boolean;
  readonly default?: ValueDeclaration;
  readonly constraints: readonly ConstraintDeclaration[];
  readonly doc?: string;
  /** The fields of an inline `struct` (or `list<struct>`). */
  readonly structFields?: readonly FieldDeclaration[];
  /** `value:`, the expression computing the stored value (Legolas's field right-hand side). */
  readonly value?: ExpressionDeclaration;
  /** `input: any`: what the field accepts before its `value:` expression makes it its type. */
  readonly input?: { readonly type: "any"; readonly position: SourcePosition };
}

/** A TypeScript expression written in YAML, with where it stands. */
export interface ExpressionDeclaration {
  readonly text: string;
  readonly position: SourcePosition;
  /** Where the expression's first character is, when the file holds its text verbatim on one line (no escapes). */
  readonly textPosition?: SourcePosition;
}

export type ConstraintKey = "min" | "max" | "pattern" | "values" | "length" | "min_length" | "max_length";

export interface ConstraintDeclaration {
  readonly key: ConstraintKey;
  readonly value: unknown;
  readonly position: SourcePosition;
  /** What YAML made of each unquoted scalar that is no text (a `values:` list's items; else one), as `unquotedScalar` says it. */
  readonly readings?: readonly (UnquotedScalar | null)[];
}

export interface ValueDeclaration {
  readonly value: unknown;
  readonly position: SourcePosition;
  /** What YAML made of the value when it is an unquoted scalar that is no text (`1e3` the number 1000), as `unquotedScalar` says it. */
  readonly reading?: UnquotedScalar;
}

export interface CheckDeclaration {
  readonly check: string;
  readonly message: string;
  readonly position: SourcePosition;
  /** Where the check's first character is, when the file holds its text verbatim on one line (no escapes). */
  readonly textPosition?: SourcePosition;
}

/**
 * The resolved model the emitter prints: every schema version with its parent linked, its
 * fields flattened and narrowed, its checks verified, and its TypeScript names chosen.
 */
import type { SourcePosition } from "../errors.js";
import type { DeclaredFieldDescriptor } from "legolas-ts/internal/field-types";
import type { VersionNames } from "./names.js";

export interface ResolvedSchemaFile {
  /** The YAML path as the user gave it, for the preamble and JSDoc links. */
  readonly source: string;
  readonly schema: string;
  readonly prefix: string;
  readonly doc?: string;
  /** Shipped with the package and imported from it, rather than generated here. */
  readonly external: boolean;
  readonly versions: readonly ResolvedVersion[];
}

export interface ResolvedVersion {
  readonly file: ResolvedSchemaFile;
  readonly name: string;
  readonly version: number;
  /** Fully qualified, `digits-model@1>legolas-flux.model@1`. */
  readonly identifier: string;
  readonly doc?: string;
  readonly position: SourcePosition;
  readonly parent: ResolvedVersion | null;
  /** Every field, parent fields first; re-declared ones narrowed in place. */
  readonly fields: readonly ResolvedField[];
  readonly checks: readonly ResolvedCheck[];
  /** Whether this version or any ancestor declares row checks (so it has a check function). */
  readonly hasChecks: boolean;
  readonly names: VersionNames;
}

export interface ResolvedField {
  readonly descriptor: DeclaredFieldDescriptor;
  /** Where the field was last declared (re-declared fields point at the child). */
  readonly position: SourcePosition;
  /** Declared or re-declared by this very version, rather than only inherited. */
  readonly own: boolean;
  /** This version's own `value:` expression for the field (an inherited one runs in the parent's conversion). */
  readonly value?: ResolvedFieldExpression;
}

/** A field's `value:` expression (Legolas's field right-hand side), in the row-check language. */
export interface ResolvedFieldExpression {
  /** Re-printed from its syntax tree, as a check is. */
  readonly expression: string;
  readonly source: string;
  readonly position: SourcePosition;
}

export interface ResolvedCheck {
  /** The expression, re-printed from its syntax tree so that no comment or trailing text survives. */
  readonly expression: string;
  readonly source: string;
  readonly message: string;
  readonly position: SourcePosition;
  /** The fields it reads (generator/resolve/check-fields.ts), or `null` when it may read any. */
  readonly fields: readonly string[] | null;
}

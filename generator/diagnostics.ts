/**
 * Collects declaration errors across every stage, so one run reports all of them at once, each
 * at its `file:line:col`. Stages add to it and go on; the pipeline stops before emitting if any
 * were added.
 */
import { SchemaDeclarationError, type DeclarationDiagnostic, type SourcePosition } from "./errors.js";

/** At most this many errors are listed; a last line counts the rest. */
const MAX_REPORTED = 50;

export class Diagnostics {
  readonly #list: DeclarationDiagnostic[] = [];

  add(position: SourcePosition, rule: string, message: string): void {
    const { alias, ...at } = position;
    const written =
      alias === undefined ? "" : ` (through the alias *${alias.name}: written at ${alias.line}:${alias.col})`;
    this.#list.push({ ...at, rule, message: `${message}${written}` });
  }

  get count(): number {
    return this.#list.length;
  }

  /** The files that have at least one error so far. */
  files(): Set<string> {
    return new Set(this.#list.map((diagnostic) => diagnostic.file));
  }

  /** Throws a `SchemaDeclarationError` listing everything collected so far, sorted by position. */
  throwIfAny(): void {
    if (this.#list.length === 0) return;
    const sorted = [...this.#list].sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.col - b.col);
    if (sorted.length <= MAX_REPORTED) throw new SchemaDeclarationError(sorted);
    // A hostile or badly broken file must not bury the first errors under thousands more.
    const last = sorted[MAX_REPORTED - 1]!;
    const more = {
      file: last.file,
      line: last.line,
      col: last.col,
      rule: "too-many-errors",
      message: `and ${sorted.length - MAX_REPORTED} more errors; fix these first`,
    };
    throw new SchemaDeclarationError([...sorted.slice(0, MAX_REPORTED), more]);
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Characters a terminal or editor shows as nothing or as a plain space: format characters (a zero
 * width space, a byte order mark, a right-to-left override), line and paragraph separators, and
 * spaces other than U+0020 (a no-break space).
 */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/gu;

/**
 * Quotes a value from a YAML file for an error message; characters that show as nothing are
 * written as `\u200B` escapes, so `"a\u200B"` is not shown as a name `"a"` that looks valid.
 */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  return visible(JSON.stringify(shortened(text)));
}

/** Text cut to 60 characters, an ellipsis after, for a message. */
export function shortened(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** `text` with the characters that show as nothing (but the space) written as `\u200B` escapes. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (char) =>
    char === " " ? char : `\\u${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
  );
}

/**
 * Text from files (column names, metadata, identifiers, file names, error messages that quote
 * them) made safe to print on a terminal. A terminal obeys control characters rather than
 * showing them: ESC sequences set the window title, clear the screen or move the cursor; a
 * newline or carriage return forges a line of the report; bidirectional formatting characters
 * reorder what is shown (Trojan Source, CVE-2021-42574). Each such character is shown as an
 * escape instead: `\n`, `\x1b`, `\u202e`. The text output of `inspect`, `validate`, `compat`
 * and `generate --watch`, and every error `main` prints, goes through here; `--json` output does
 * not (JSON.stringify escapes C0 and the data stays exact). `printable` itself is the runtime's
 * (runtime/terminal-text.ts), which prints through it too.
 */

import { printable } from "legolas-ts/internal/internal";

export { printable };

/** `value` with {@link printable} applied to every string in it (plain objects and arrays, deeply). */
export function printableData<T>(value: T): T {
  if (typeof value === "string") return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableData) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [printable(key), printableData(item)])) as T;
  }
  return value;
}

/** A message of several lines of our own, each made {@link printable}: the line breaks stay. */
export function printableLines(text: string): string {
  return text.split("\n").map(printable).join("\n");
}

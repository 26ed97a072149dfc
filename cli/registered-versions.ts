/**
 * What `legolas validate` and `legolas inspect` share about a file's schema version, so that they
 * agree on every file: which registered version a file of an unregistered version is checked
 * against, and the hint the runtime adds below a table's column violations.
 */
import { findSchemaVersion, renderViolations, TableSchemaError, type Violation } from "../runtime/index.js";

/**
 * The index in `chain` (`name@v` links, the file's own version first) of the first registered
 * version, or -1. `inspect` and `validate` both check a file of an unregistered version against
 * it, so they agree on such files.
 */
export function nearestRegisteredLink(chain: readonly string[]): number {
  return chain.findIndex((link) => findSchemaVersion(link) !== undefined);
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

/**
 * Words the commands share, so that a count, a change to the output folder or a failed run reads
 * the same whichever command prints it.
 */
import type { DeclarationDiagnostic } from "../errors.js";

/** `1 row`, `2 rows`, `0 rows`: a count with its noun in the right number. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

/** A file the generator changed in its output folder, as `writeOutput` reports it. */
export interface ChangedFile {
  readonly path: string;
  readonly status: "changed" | "missing" | "obsolete";
}

/** `wrote index.ts, run.ts; removed old.ts`, or `up to date` when nothing changed. */
export function describeChanges(changes: readonly ChangedFile[]): string {
  if (changes.length === 0) return "up to date";
  const written = changes.filter((change) => change.status !== "obsolete").map((change) => change.path);
  const removed = changes.filter((change) => change.status === "obsolete").map((change) => change.path);
  return [
    ...(written.length > 0 ? [`wrote ${written.join(", ")}`] : []),
    ...(removed.length > 0 ? [`removed ${removed.join(", ")}`] : []),
  ].join("; ");
}

/**
 * The line after a run's declaration errors: how many, and that `out` was left alone (`generate`
 * changes its folder all or nothing).
 */
export function declarationErrorsSummary(diagnostics: readonly DeclarationDiagnostic[], out: string): string {
  // Past its limit the generator lists a last "and N more errors" line instead of the rest.
  const listed = diagnostics.filter((diagnostic) => diagnostic.rule !== "too-many-errors").length;
  const count =
    listed === diagnostics.length ? counted(listed, "declaration error") : `more than ${listed} declaration errors`;
  return `${count}; ${out} left as it was`;
}

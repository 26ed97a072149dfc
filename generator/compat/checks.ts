/**
 * Row checks are TypeScript expressions, so they cannot be compared by meaning: compat compares
 * them as text (the resolver re-prints each from its syntax tree, so layout and comments do not
 * count). An added check may reject old rows (it tightens: not backward compatible); a removed
 * one may admit rows the old version rejects (it loosens: not forward compatible).
 */
import { formatSchemaVersionName } from "legolas-ts/internal/identifier";
import { propertyKey } from "legolas-ts/internal/field-names";
import type { ResolvedCheck, ResolvedVersion } from "../resolve/ir.js";
import type { Change } from "./changes.js";

/** A check with the version that declares it. */
export interface ChainCheck {
  readonly check: ResolvedCheck;
  /** `name@N` of the declaring version. */
  readonly from: string;
}

/** Every check a row of `version` must pass: its parents' first, then its own. */
export function chainChecks(version: ResolvedVersion): ChainCheck[] {
  const parent = version.parent === null ? [] : chainChecks(version.parent);
  return [...parent, ...version.checks.map((check) => ({ check, from: formatSchemaVersionName(version) }))];
}

/**
 * Added, removed and re-worded checks between two chains; `path` is the record field they sit
 * under, if any. `withinOf` names, for the version a check comes from, the parent changed in
 * place that the change lies within (see `Change.within`), or nothing.
 */
export function compareChecks(
  path: string,
  old: readonly ChainCheck[],
  neu: readonly ChainCheck[],
  withinOf: (from: string) => string | undefined = () => undefined,
): Change[] {
  const changes: Change[] = [];
  const push = (change: Change, from: string) => {
    const within = withinOf(from);
    changes.push(within === undefined ? change : { ...change, within });
  };
  const unmatched = [...neu];
  for (const before of old) {
    const index = unmatched.findIndex((after) => after.check.expression === before.check.expression);
    if (index < 0) {
      push(
        {
          kind: "check-removed",
          path,
          detail: `${before.check.expression} (${before.from})`,
          backward: true,
          forward: false,
          reason:
            "a removed check loosens: new tables may hold rows it rejects (checks are compared as text, not by meaning)",
        },
        before.from,
      );
      continue;
    }
    const [after] = unmatched.splice(index, 1);
    if (after!.check.message !== before.check.message) {
      push(
        {
          kind: "check-message-changed",
          path,
          detail: `${before.check.expression}: ${JSON.stringify(before.check.message)} -> ${JSON.stringify(after!.check.message)}`,
          backward: true,
          forward: true,
          reason: "only the message changed; the same rows pass",
        },
        after!.from,
      );
    }
  }
  for (const after of unmatched) {
    push(
      {
        kind: "check-added",
        path,
        detail: `${after.check.expression} (${after.from})`,
        backward: false,
        forward: true,
        reason:
          "an added check tightens: old tables may hold rows it rejects (checks are compared as text, not by meaning)",
      },
      after.from,
    );
  }
  return changes;
}

/**
 * The top-level fields a check expression may read, or `"any"` when it uses `row` in any way
 * other than `row.name`, `row?.name` or `row["name"]` (passing `row` on, spreading it, ...).
 */
export function fieldsRead(expression: string): ReadonlySet<string> | "any" {
  const read = new Set<string>();
  const uses = /(?<![\w$])row(?![\w$])/g;
  for (let match = uses.exec(expression); match !== null; match = uses.exec(expression)) {
    const rest = expression.slice(match.index + 3);
    const member =
      /^\s*(?:\?\.|\.)\s*([\p{ID_Start}_$][\p{ID_Continue}$\u200C\u200D]*)/u.exec(rest) ??
      /^\s*(?:\?\.)?\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/.exec(rest);
    if (member === null) return "any";
    read.add(member[1] ?? member[2]!);
  }
  return read;
}

/** Whether any of `checks` may read the top-level field `name`. */
export function mayRead(checks: readonly ChainCheck[], name: string): boolean {
  return checks.some(({ check }) => expressionMayRead(check.expression, name));
}

/** Whether `expression` (over `row`) may read the top-level field `name`. */
export function expressionMayRead(expression: string, name: string): boolean {
  const read = fieldsRead(expression);
  return read === "any" || read.has(propertyKey(name));
}

/**
 * The check of an argument that must be one of apache-arrow's values, apart from options.ts:
 * metadata.ts uses it, and options.ts's errors import metadata.ts.
 */
import { RecordBatch, Schema, Table } from "apache-arrow";
import { describeValue } from "../violations.js";

const ARROW_KINDS = { Table, Schema, RecordBatch };

/**
 * Throws a `TypeError` that says what to pass when a call that takes apache-arrow `kinds` for
 * `what` (`"the table"`) is given something else: a read's result (`{ table, rows }`), or a
 * Table of another copy of apache-arrow, which would otherwise fail deep inside ("found is not
 * iterable").
 */
export function checkArrowArgument(value: unknown, what: string, kinds: readonly (keyof typeof ARROW_KINDS)[]): void {
  if (kinds.some((kind) => value instanceof ARROW_KINDS[kind])) return;
  const className: unknown = (value as { constructor?: { name?: unknown } } | null | undefined)?.constructor?.name;
  const holds = (key: string) => typeof value === "object" && value !== null && key in value;
  // A read's result holds its table, a table or batch its schema.
  const part = holds("table") ? (kinds.includes("Schema") && kinds.length === 1 ? ".table.schema" : ".table") : null;
  const hint = (kinds as readonly unknown[]).includes(className)
    ? "; this one is of another copy of apache-arrow than legolas-ts's: install the one version it uses (npm ls apache-arrow)"
    : part !== null
      ? `, such as its ${part}`
      : holds("schema") && kinds.length === 1 && kinds[0] === "Schema"
        ? ", such as its .schema"
        : "";
  throw new TypeError(`${what} given is ${describeValue(value)}: pass an apache-arrow ${kinds.join(" or ")}${hint}`);
}

/**
 * The check of an argument that must be one of apache-arrow's values, apart from options.ts:
 * metadata.ts uses it, and options.ts's errors import metadata.ts.
 */
import { Data, RecordBatch, Schema, Table, Vector } from "apache-arrow";
import { describeValue } from "../violations.js";

const ARROW_KINDS = { Table, Schema, RecordBatch };

/**
 * Throws a `TypeError` that says what to pass when a call that takes apache-arrow `kinds` for
 * `what` (`"the table"`) is given something else: a read's result (`{ table, rows }`), or a
 * Table of another copy of apache-arrow, which would otherwise fail deep inside ("found is not
 * iterable").
 */
export function checkArrowArgument(value: unknown, what: string, kinds: readonly (keyof typeof ARROW_KINDS)[]): void {
  if (kinds.some((kind) => value instanceof ARROW_KINDS[kind])) {
    if (value instanceof Table || value instanceof RecordBatch) checkColumnsAreData(value, what);
    return;
  }
  const className = arrowClassName(value);
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

/**
 * The apache-arrow class `value` is an instance of, by the tag apache-arrow gives its classes
 * (`Symbol.toStringTag`: a Schema's own, a Table's and a RecordBatch's on their class), which a
 * minifier keeps, unlike `constructor.name` (a bundled copy's Table is `e`); else `constructor.name`.
 */
function arrowClassName(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  try {
    const constructor = (value as { constructor?: { name?: unknown; [Symbol.toStringTag]?: unknown } }).constructor;
    const tag = (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] ?? constructor?.[Symbol.toStringTag];
    return typeof tag === "string" ? tag : constructor?.name;
  } catch {
    return undefined; // a proxy's trap may throw: no hint, the message still says what to pass
  }
}

/**
 * Throws a `TypeError` that says how to build the table when a batch of `table` (a Table or a
 * RecordBatch) holds a column that is no `Data`: `new RecordBatch({ x: vector })` takes Data and
 * keeps a Vector given instead as it is, which every reader of the batch then fails on ("offset
 * undefined is not an offset", "data.getValid is not a function"). A batch of no rows is left
 * alone: apache-arrow's own `new Table({ x: emptyVector })` makes one, and no value of it is read.
 */
export function checkColumnsAreData(table: Table | RecordBatch, what: string): void {
  for (const batch of table instanceof Table ? table.batches : [table]) {
    if (batch.data.length === 0) continue;
    batch.data.children.forEach((column: unknown, k) => {
      if (column instanceof Data) return;
      const name = JSON.stringify(batch.schema.fields[k]?.name ?? String(k));
      const held = column instanceof Vector ? "an apache-arrow Vector" : describeValue(column);
      throw new TypeError(
        `${what} given holds ${held} as column ${name} where a RecordBatch holds Data: ` +
          `new RecordBatch({ ${name}: vector }) takes Data, not Vectors; build a table of Vectors with ` +
          `new Table({ ${name}: vector }), or give the RecordBatch the vector's Data (vector.data[0])`,
      );
    });
  }
}

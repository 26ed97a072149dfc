/**
 * What a read derives from a table's schema alone, made once and kept for the next table of an
 * alike schema: the check of its columns against the schema version, and the compiled validator
 * and row readers (rows/lazy-rows.ts `batchRowsReader`). A folder of one-row files (model rows, a
 * run's metadata, daily files) pays for them once, not once per file (BENCHMARKS.md, "One-row
 * files, 2026-12-08 session 31").
 *
 * A plan is kept under its schema's key (schema-key.ts: alike in every property apache-arrow
 * decoded, or not the same key), then the very descriptors it reads as (a projection made for one
 * read is its own), then the options that change what is compiled (`validate`, `rows`). Only
 * plans of schemas whose columns comply are kept: a schema that does not is checked again at
 * every read, which throws its `TableSchemaError`. At most {@link PLAN_LIMITS}`.schemas` schemas
 * are kept, and their keys hold at most `keyChars` characters together; the least recently used
 * go first, so a process reading a million distinct schemas holds no more than these.
 */
import type { Schema, Table } from "apache-arrow";
import type { SchemaVersion } from "../schema-version-types.js";
import { batchRowsReader, type BatchRowsReader, type RowsOptions } from "./rows/lazy-rows.js";
import type { CompiledValidator } from "./validate/batch.js";
import { assertRequiredFilled, columnViolations, validateTable } from "./validate/table-schema.js";
import { TableSchemaError } from "./errors.js";
import { schemaKey } from "./schema-key.js";

/** The rows of a read, compiled for its schema; `rows.validator` scans batches column by column (`null`: not so validated). */
export interface ReadPlan {
  readonly rows: BatchRowsReader<object> & { readonly validator: CompiledValidator | null };
}

/** How much is kept: at most `schemas` schemas, whose keys hold at most `keyChars` characters together. */
export const PLAN_LIMITS = { schemas: 64, keyChars: 4 * 2 ** 20 };

type PlansBySchemaVersion = WeakMap<SchemaVersion, WeakMap<SchemaVersion, Map<string, ReadPlan>>>;

/** Schema keys in their order of last use, oldest first. */
const plans = new Map<string, PlansBySchemaVersion>();
let keyChars = 0;

/**
 * The plan of a read of `table` validated as `validateAs` and given as `rowsAs`, once the table's
 * columns are checked: throws the `TableSchemaError` that `assertTableValid` throws (its column
 * violations, then its nulls in required columns).
 */
export function readPlan(
  table: Table,
  validateAs: SchemaVersion,
  rowsAs: SchemaVersion,
  options: RowsOptions,
  source?: string,
): ReadPlan {
  const plan = schemaPlan(table.schema, validateAs, rowsAs, options);
  if (plan === null) throw new TableSchemaError(validateAs.identifier, validateTable(table, validateAs), source);
  assertRequiredFilled(table, validateAs, source);
  return plan;
}

/**
 * The plan of a read of tables of `schema`, kept or made; `null` when the schema's columns do
 * not comply (nothing is kept then).
 */
export function schemaPlan(
  schema: Schema,
  validateAs: SchemaVersion,
  rowsAs: SchemaVersion,
  options: RowsOptions,
): ReadPlan | null {
  const key = schemaKey(schema);
  const optionsKey = `${options.validate ?? "rows"} ${options.rows ?? "lazy"}`;
  const kept = key === null ? undefined : plans.get(key)?.get(validateAs)?.get(rowsAs)?.get(optionsKey);
  if (kept !== undefined) {
    // Most recently used: last in the map's order.
    const byVersion = plans.get(key!)!;
    plans.delete(key!);
    plans.set(key!, byVersion);
    return kept;
  }
  if (columnViolations(schema, validateAs.fields).length > 0) return null;
  const plan = compile(schema, validateAs, rowsAs, options);
  if (key !== null) keep(key, validateAs, rowsAs, optionsKey, plan);
  return plan;
}

function compile(schema: Schema, validateAs: SchemaVersion, rowsAs: SchemaVersion, options: RowsOptions): ReadPlan {
  return {
    rows: batchRowsReader(
      validateAs as SchemaVersion<object, never>,
      schema,
      options,
      rowsAs as SchemaVersion<object, never>,
    ),
  };
}

function keep(key: string, validateAs: SchemaVersion, rowsAs: SchemaVersion, optionsKey: string, plan: ReadPlan): void {
  if (key.length > PLAN_LIMITS.keyChars) return;
  let byVersion = plans.get(key);
  if (byVersion === undefined) {
    plans.set(key, (byVersion = new WeakMap()));
    keyChars += key.length;
    for (const [oldest] of plans) {
      if (plans.size <= PLAN_LIMITS.schemas && keyChars <= PLAN_LIMITS.keyChars) break;
      plans.delete(oldest);
      keyChars -= oldest.length;
    }
  }
  let byRows = byVersion.get(validateAs);
  if (byRows === undefined) byVersion.set(validateAs, (byRows = new WeakMap()));
  let byOptions = byRows.get(rowsAs);
  if (byOptions === undefined) byRows.set(rowsAs, (byOptions = new Map()));
  byOptions.set(optionsKey, plan);
}

/** How many schemas' plans are kept (for the tests of the bound). */
export function keptSchemas(): number {
  return plans.size;
}

/** Drops every kept plan: the next read of each schema makes its plan anew (the tests' uncached reads). */
export function forgetReadPlans(): void {
  plans.clear();
  keyChars = 0;
}

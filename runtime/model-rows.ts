/**
 * Model rows, as LegolasFlux.jl has them: a table of exactly one row whose schema extends
 * `legolas-flux.model@1`, holding a model's weights and the facts of its training run. That
 * schema ships with the package, generated into ../generated/ (`ModelV1`), and is the default
 * schema version of every model-row writer.
 *
 * This module works on bytes only (browser-safe); model-row-files.ts adds `readModelRow` /
 * `writeModelRow` on file paths for Node.
 */
import { formatSchemaVersionName, parseIdentifier } from "./identifier.js";
import type { SchemaVersion } from "./schema-version.js";
import type { Weights } from "./weights/weights.js";
import type { ColumnName, Projected } from "./arrow/projection.js";
import { WEIGHTS_LAYOUT_KEY } from "./arrow/metadata.js";
import { tableWeightsLayout } from "./arrow/weights-layout.js";
import { type Checked, checkBytesArgument, checkOptions, checkSchemaVersionArgument } from "./arrow/options.js";
import {
  type ReadAs,
  readCheckedBytes,
  type ReadTableOptions,
  type ReadTableResult,
  type UnregisteredAs,
} from "./arrow/read-bytes.js";
import { writeTableBytes, type WriteTableOptions } from "./arrow/write-bytes.js";
import { ModelV1SchemaVersion } from "./generated/legolas-flux.model.js";
import { ModelRowError } from "./errors.js";
import { describeValue } from "./violations.js";
import { schemaVersionOf } from "./row-class-descriptors.js";

/** The LegolasFlux.jl schema every model row extends. */
export const MODEL_SCHEMA = ModelV1SchemaVersion.identifier;

/** The fields every model row has. */
export interface ModelRowFields {
  readonly weights: Weights | null;
  readonly architecture_version: bigint | null;
}

/** {@link writeModelRow} to bytes, for places without a file system. */
export function writeModelRowBytes<Row extends object, Input>(
  row: Input | Row,
  schemaVersion: SchemaVersion<Row, Input> = writtenSchemaVersion<Row, Input>(row),
  options: WriteTableOptions = {},
): Uint8Array<ArrayBuffer> {
  checkOptions(options, "writeModelRowBytes");
  checkModelSchema(schemaVersion, "model row");
  checkOneRow(row, "writeTableBytes");
  return writeTableBytes([row], schemaVersion, options);
}

/**
 * A model row as a read gives it: an instance of its row class, weights and all (of a read that
 * names no schema version, typed as the fields every model row has); with `columns`, a plain
 * object of those columns (a `Pick` of the row type), read without the others.
 */
export type ModelRow<Row extends object, Column extends string = never> = [Column] extends [never]
  ? object extends Row
    ? ModelRowFields
    : Row & ModelRowFields
  : Projected<Row, Column>;

/**
 * {@link readModelRow} from the bytes of an Arrow file; the row typed by `options.schemaVersion`
 * ({@link ReadAs}), as a `Pick` of its type with `columns`.
 */
export function readModelRowBytes<Row extends object, const Column extends ColumnName<Row> = never>(
  bytes: Uint8Array,
  options: ReadAs<Row, ReadTableOptions<Row, Column>>,
  source?: string,
): ModelRow<Row, Column>;
export function readModelRowBytes<const Column extends ColumnName<Row> = never, Row extends object = object>(
  bytes: Uint8Array,
  options?: ReadTableOptions<Row, Column>,
  source?: string,
): ModelRow<object, Column>;
export function readModelRowBytes(
  bytes: Uint8Array,
  options: ReadTableOptions<object, string> = {},
  source = "model row",
): ModelRow<object, string> {
  checkBytesArgument(bytes);
  return readCheckedModelRowBytes(bytes, checkOptions(options, "readModelRowBytes"), source, "readTableBytes");
}

/**
 * The table reader a model-row error advises, the one of the model-row reader's own family:
 * `readTable` (paths) exists only in Node, so a reader that runs in browsers names its own.
 */
export type TableReaderName = "readTable" | "readTableFrom" | "readTableBytes";

/**
 * {@link readModelRowBytes}, for the readers that have checked its options: the bytes of a file, a
 * URL, a `Blob`; `tableReader` is what its errors advise to read a table that is no model row.
 */
export function readCheckedModelRowBytes(
  bytes: Uint8Array,
  options: Checked<ReadTableOptions<object, string>> & UnregisteredAs,
  source: string,
  tableReader: TableReaderName,
): ModelRow<object, string> {
  return singleRow(readCheckedBytes(bytes, options, source), source, tableReader);
}

/**
 * The one row of a model-row table; `ModelRowError` unless it is exactly one row of a model
 * schema, with weights in a layout this version knows (arrow/weights-layout.ts). The error advises
 * `tableReader`, the caller's table reader.
 */
export function singleRow<Row extends object, Column extends string>(
  result: ReadTableResult<Row, Column>,
  source: string,
  tableReader: TableReaderName,
): ModelRow<Row, Column> {
  checkModelSchema(result.schemaVersion, source);
  if (result.rows.length !== 1) {
    throw new ModelRowError(
      source,
      `a model row file holds exactly one row, this one holds ${result.rows.length}; read it with ${tableReader} and pick a row`,
    );
  }
  const layout = tableWeightsLayout(result.table.schema.metadata);
  if (typeof layout === "object") {
    throw new ModelRowError(
      source,
      `its ${WEIGHTS_LAYOUT_KEY} is ${JSON.stringify(layout.unknown)}, not "tfjs" or "flux": a newer ` +
        `writer's, or not ours, so there is no telling how its weights are meant to be loaded; read it with ${tableReader} to see the rest`,
    );
  }
  return result.rows[0] as ModelRow<Row, Column>;
}

/**
 * Throws a `TypeError` that says what to pass when a model row's writer is given an array, whose
 * indices would otherwise be refused as keys that are no field ('rows have a key "0"').
 */
export function checkOneRow(row: unknown, tableWriter: "writeTable" | "writeTableBytes"): void {
  if (Array.isArray(row))
    throw new TypeError(
      `a model row file holds one row, and the row given is ${describeValue(row)}: pass the row itself (${tableWriter} writes an array of rows)`,
    );
}

/** Throws `ModelRowError` unless `schemaVersion` extends `legolas-flux.model@1`. */
export function checkModelSchema(schemaVersion: SchemaVersion, source: string): void {
  checkSchemaVersionArgument(schemaVersion);
  const chain = parseIdentifier(schemaVersion.identifier).map((link) => formatSchemaVersionName(link));
  if (!chain.includes(MODEL_SCHEMA)) {
    throw new ModelRowError(
      source,
      `${schemaVersion.identifier} does not extend ${MODEL_SCHEMA}, so it is not a model row`,
    );
  }
}

/**
 * `legolas-flux.model@1`, the default schema version of the model-row writers and readers, as
 * the caller's row type: a default parameter cannot be generic, and a caller that leaves the
 * schema version out gets rows of that schema or of one extending it.
 */
export function modelSchemaVersion<Row extends object, Input>(): SchemaVersion<Row, Input> {
  return ModelV1SchemaVersion as unknown as SchemaVersion<Row, Input>;
}

/**
 * The schema version a model-row writer given none writes `row` as: an instance of a generated
 * row class, or of a class extending one, its class's (a `DigitsRowV1` as `digits-model@1`, so
 * that the file declares the schema its fields are from, and `readModelRow` of that version
 * reads it back), anything else `legolas-flux.model@1`.
 */
export function writtenSchemaVersion<Row extends object, Input>(row: unknown): SchemaVersion<Row, Input> {
  const own = typeof row === "object" && row !== null ? schemaVersionOf(row.constructor) : undefined;
  return (own as SchemaVersion<Row, Input> | undefined) ?? modelSchemaVersion<Row, Input>();
}

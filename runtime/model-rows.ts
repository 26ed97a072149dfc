/**
 * Model rows, as LegolasFlux.jl has them: a table of exactly one row whose schema extends
 * `legolas-flux.model@1`, holding a model's weights and the facts of its training run. The
 * runtime knows that schema by name only; its generated class (`ModelV1`) registers it when the
 * package entry `legolas-ts` is imported.
 *
 * This module works on bytes only (browser-safe); model-row-files.ts adds `readModelRow` /
 * `writeModelRow` on file paths for Node.
 */
import { LegolasError } from "./errors.js";
import { parseIdentifier } from "./identifier.js";
import { findSchemaVersion } from "./registry.js";
import type { SchemaVersion } from "./schema-version.js";
import type { Weights } from "./weights/weights.js";
import type { ColumnName, Projected } from "./arrow/projection.js";
import { readTableBytes, type ReadTableOptions, type ReadTableResult } from "./arrow/read-bytes.js";
import { writeTableBytes, type WriteTableOptions } from "./arrow/write-bytes.js";

/** The LegolasFlux.jl schema every model row extends. */
export const MODEL_SCHEMA = "legolas-flux.model@1";

/** The fields every model row has. */
export interface ModelRowFields {
  readonly weights: Weights | null;
  readonly architecture_version: bigint | null;
}

/** A file that is not a single model row: wrong row count, or a schema that is not a model's. */
export class ModelRowError extends LegolasError {
  override readonly name = "ModelRowError";
  readonly code = "model_row_invalid";
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

/** {@link writeModelRow} to bytes, for places without a file system. */
export function writeModelRowBytes<Row extends object, Input>(
  row: Input | Row,
  schemaVersion: SchemaVersion<Row, Input> = modelSchemaVersion() as SchemaVersion<Row, Input>,
  options: Pick<WriteTableOptions, "compression" | "metadata"> = {},
): Uint8Array {
  checkModelSchema(schemaVersion, "model row");
  return writeTableBytes([row], schemaVersion, options);
}

/**
 * A model row as a read gives it: an instance of its row class, weights and all; with `columns`, a
 * plain object of those columns (a `Pick` of the row type), read without the others.
 */
export type ModelRow<Row extends object, Column extends string = never> = [Column] extends [never]
  ? Row & ModelRowFields
  : Projected<Row, Column>;

/** {@link readModelRow} from the bytes of an Arrow file. */
export function readModelRowBytes<Row extends object = ModelRowFields, const Column extends ColumnName<Row> = never>(
  bytes: Uint8Array,
  options: ReadTableOptions<Row, Column> = {},
  source = "model row",
): ModelRow<Row, Column> {
  return singleRow(readTableBytes(bytes, options, source), source);
}

/** The one row of a model-row table; `ModelRowError` unless it is exactly one row of a model schema. */
export function singleRow<Row extends object, Column extends string>(
  result: ReadTableResult<Row, Column>,
  source: string,
): ModelRow<Row, Column> {
  checkModelSchema(result.schemaVersion, source);
  if (result.rows.length !== 1) {
    throw new ModelRowError(
      source,
      `a model row file holds exactly one row, this one holds ${result.rows.length}; read it with readTable and pick a row`,
    );
  }
  return result.rows[0] as ModelRow<Row, Column>;
}

/** Throws `ModelRowError` unless `schemaVersion` extends `legolas-flux.model@1`. */
export function checkModelSchema(schemaVersion: SchemaVersion, source: string): void {
  const chain = parseIdentifier(schemaVersion.identifier).map((link) => `${link.name}@${link.version}`);
  if (!chain.includes(MODEL_SCHEMA)) {
    throw new ModelRowError(
      source,
      `${schemaVersion.identifier} does not extend ${MODEL_SCHEMA}, so it is not a model row`,
    );
  }
}

/** The registered `legolas-flux.model@1`, or a `ModelRowError` that says how to register it. */
export function modelSchemaVersion(): SchemaVersion {
  const schemaVersion = findSchemaVersion(MODEL_SCHEMA);
  if (schemaVersion === undefined) {
    throw new ModelRowError(
      MODEL_SCHEMA,
      `${MODEL_SCHEMA} is not registered; import it from "legolas-ts" (ModelV1SchemaVersion)`,
    );
  }
  return schemaVersion;
}

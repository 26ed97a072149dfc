/**
 * Model rows on file paths (Node only): `writeModelRow` and `readModelRow`. The work on bytes,
 * and the browser-safe readers, live in model-rows.ts and sources.ts.
 */
import type { SchemaVersion } from "./schema-version.js";
import type { ReadAs, ReadTableOptions } from "./arrow/read-bytes.js";
import { checkOptions } from "./arrow/options.js";
import { readTableFile, type WriteTableFileOptions, writeTable } from "./arrow/table-files.js";
import type { ColumnName } from "./arrow/projection.js";
import { checkModelSchema, checkOneRow, singleRow, type ModelRow, writtenSchemaVersion } from "./model-rows.js";

/**
 * Writes `row` as a one-row table of `schemaVersion` (by default the version of `row`'s own
 * class when it is a generated row's instance, else `legolas-flux.model@1`), validated first and
 * written atomically. It takes `writeTable`'s options: `options.compression` (`"lz4"` / `"zstd"`)
 * compresses it, as LegolasFlux users do with `Legolas.write(path, rows, sv; compress=:zstd)`;
 * `options.signal` stops the save as it stops `writeTable`'s, the file keeping its old row.
 */
export async function writeModelRow<Row extends object, Input>(
  path: string,
  row: Input | Row,
  schemaVersion: SchemaVersion<Row, Input> = writtenSchemaVersion<Row, Input>(row),
  options: WriteTableFileOptions = {},
): Promise<void> {
  checkOptions(options, "writeModelRow");
  checkModelSchema(schemaVersion, path);
  checkOneRow(row, "writeTable");
  await writeTable(path, [row], schemaVersion, options);
}

/**
 * Reads the single row of a model-row file, as an instance of the class registered for the
 * file's schema (a `digits-model@1` file gives a `DigitsRowV1`), typed as `ModelRowFields`.
 * `options.schemaVersion` types it, and reads it as that version, which the file must declare or
 * extend: `DigitsRowV1SchemaVersion` for a `DigitsRowV1`, or an ancestor such as
 * `ModelV1SchemaVersion` to take only the weights (see {@link ReadAs}). `options.columns` reads
 * only those columns (`["epoch", "accuracy"]` of a row of gigabytes of weights reads a few
 * hundred bytes of the file), as a plain object of them.
 */
export async function readModelRow<Row extends object, const Column extends ColumnName<Row> = never>(
  path: string,
  options: ReadAs<Row, ReadTableOptions<Row, Column>>,
): Promise<ModelRow<Row, Column>>;
export async function readModelRow<const Column extends ColumnName<Row> = never, Row extends object = object>(
  path: string,
  options?: ReadTableOptions<Row, Column>,
): Promise<ModelRow<object, Column>>;
export async function readModelRow(
  path: string,
  options: ReadTableOptions<object, string> = {},
): Promise<ModelRow<object, string>> {
  return singleRow(await readTableFile(path, checkOptions(options, "readModelRow")), path, "readTable");
}

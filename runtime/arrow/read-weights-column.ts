/**
 * The Weights of one column of any Arrow table, read without a schema version: for a model file
 * whose schema is not registered, or a column a version does not declare (what `legolas inspect`
 * shows of a file's weights). The column must hold LegolasFlux.jl's layout (columns/weights.ts).
 */
import { Schema, Table, type DataType, type RecordBatch } from "apache-arrow";
import type { FieldDescriptor } from "../field-types.js";
import type { Weights } from "../weights/weights.js";
import { checkBatchData } from "./guard/data-bounds.js";
import { columnDecoder } from "./columns/decode.js";
import { TableSchemaError } from "./errors.js";
import { checkArrowArgument } from "./arrow-arguments.js";
import { columnViolations } from "./validate/table-schema.js";
import { nullViolations } from "./validate/null-counts.js";
import { tableWeightsLayout } from "./weights-layout.js";

/**
 * The Weights of every row of the column named `column` (`null` for a missing value), in row
 * order, whatever schema version the table declares, if any. Throws `TableSchemaError` (its
 * violation says what layout was expected) when there is no such column or it does not hold
 * LegolasFlux.jl's Weights layout or holds a null inside a value, and `CorruptTableError` when a
 * value contradicts itself (a `size` that does not match its `vec`).
 */
export function readWeightsColumn(table: Table | RecordBatch, column: string): (Weights | null)[] {
  checkArrowArgument(table, "the table", ["Table", "RecordBatch"]);
  return weightsColumnReader(table.schema, column)(table instanceof Table ? table.batches : [table]);
}

/**
 * {@link readWeightsColumn} for a table read batch by batch: the column's layout is checked
 * against `schema` at once (throwing as `readWeightsColumn` does), and the reader returned reads
 * the Weights of the batches it is given, throwing as `readWeightsColumn` does for a table of
 * them; `firstBatchIndex`, the index of the first of them in the table, is what its errors name.
 */
export function weightsColumnReader(
  schema: Schema,
  column: string,
): (batches: readonly RecordBatch[], firstBatchIndex?: number) => (Weights | null)[] {
  const index = schema.fields.findIndex((field) => field.name === column);
  // Required only when absent, to report a missing column: a column of Arrow's Null type (every value missing) reads as nulls.
  const declared: FieldDescriptor = { name: column, type: { kind: "weights" }, optional: index >= 0, constraints: {} };
  const field = schema.fields[index];
  const columns = columnViolations(new Schema(field === undefined ? [] : [field]), [declared]);
  if (columns.length > 0) throw new TableSchemaError("Weights", columns);
  const weightsLayout = tableWeightsLayout(schema.metadata);
  const decoder = columnDecoder(declared.type, field!.type as DataType, { trusted: true, weightsLayout }, field);
  return (batches, firstBatchIndex = 0) => {
    batches.forEach((batch, batchIndex) => {
      // An empty batch may carry no child data at all.
      if (batch.numRows > 0) checkBatchData(batch, firstBatchIndex + batchIndex);
    });
    // A null inside a value (a `vec`, say) is refused as every read refuses it, not read as the number under it.
    const nulls = nullViolations(batches, [declared]);
    if (nulls.length > 0) throw new TableSchemaError("Weights", nulls);
    const values: (Weights | null)[] = [];
    for (const batch of batches) {
      if (batch.numRows === 0) continue;
      const read = decoder(batch.data.children[index]!);
      for (let i = 0; i < batch.numRows; i++) values.push(read(i) as Weights | null);
    }
    return values;
  };
}

/**
 * runtime/arrow/columns/decode.ts on layouts Arrow.jl may write but our writer never does: a numeric
 * list whose elements are dictionary-encoded (Arrow.jl pools repeated values) reads as the same
 * typed array a plain column gives, on every read path.
 */
import {
  Bool,
  type DataType,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  List,
  RecordBatch,
  Schema,
  Table,
  tableToIPC,
  Uint8,
  Uint32,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { expect, test } from "vitest";
import { readTableBytes, SCHEMA_QUALIFIED_KEY } from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../../generated/index.js";

function allTypesTable(columns: Record<string, Vector<DataType>>): Uint8Array {
  const plain = new Table({
    flag: vectorFromArray([true, false], new Bool()),
    small: vectorFromArray([1, 2], new Int16()),
    ubyte: vectorFromArray([1, 2], new Uint8()),
    uint: vectorFromArray([1, 2], new Uint32()),
    double: vectorFromArray([0.5, 1], new Float64()),
    ...columns,
  });
  const schema = new Schema(plain.schema.fields, new Map([[SCHEMA_QUALIFIED_KEY, AllTypesV1SchemaVersion.identifier]]));
  return tableToIPC(new Table(plain.batches.map((batch) => new RecordBatch(schema, batch.data))), "file");
}

test("a list<float32> of dictionary-encoded elements reads as Float32Arrays, validated or not", () => {
  const element = new Field("", new Dictionary(new Float32(), new Int8()), false);
  const bytes = allTypesTable({ floats: vectorFromArray([[1.5, 2, 1.5], []], new List(element)) });
  for (const validate of ["rows", "columns"] as const) {
    const { rows } = readTableBytes(bytes, { validate });
    expect(rows.map((row) => (row as { floats: unknown }).floats)).toEqual([
      Float32Array.of(1.5, 2, 1.5),
      new Float32Array(0),
    ]);
  }
});

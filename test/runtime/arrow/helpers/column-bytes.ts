import { makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from "apache-arrow";

/**
 * The IPC bytes of one column of `table`'s first batch alone (its field, metadata included, and
 * its data): two columns with equal bytes are the same column, byte for byte.
 */
export function columnBytes(table: Table, name: string): Uint8Array {
  const index = table.schema.fields.findIndex((field) => field.name === name);
  const field = table.schema.fields[index]!;
  const data = table.batches[0]!.data.children[index]!;
  const schema = new Schema([field]);
  const batch = new RecordBatch(schema, makeData({ type: new Struct([field]), length: data.length, children: [data] }));
  return tableToIPC(new Table(batch), "stream");
}

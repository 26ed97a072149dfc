/**
 * Arrow files with their schema's endianness written out. apache-arrow writes the flag of the
 * platform it runs on, and omits it when Little (the default), so it is made to write the one
 * asked for while these bytes are encoded. A big-endian file is as a big-endian writer (Arrow on
 * s390x) writes it: each value's bytes in big-endian order.
 */
import { Field, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from "apache-arrow";
import { Endianness } from "apache-arrow/fb/endianness";
import { Schema as SchemaTable } from "apache-arrow/fb/schema";

/** The bytes of a one-batch table of int64 columns, `columns` by name, labelled `identifier`. */
export function ipcOfEndianness(
  endianness: "little" | "big",
  identifier: string,
  columns: Record<string, readonly bigint[]>,
  format: "file" | "stream",
): Uint8Array {
  const fields = Object.keys(columns).map((name) => new Field(name, new Int64(), false));
  const length = Object.values(columns)[0]?.length ?? 0;
  const children = Object.values(columns).map((values) => {
    const data = new BigInt64Array(values.length);
    const view = new DataView(data.buffer);
    values.forEach((value, k) => view.setBigInt64(8 * k, value, endianness === "little"));
    return makeData({ type: new Int64(), length, data });
  });
  const schema = new Schema(fields, new Map([["legolas_schema_qualified", identifier]]));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, children }));
  const platformFlag = SchemaTable.addEndianness;
  SchemaTable.addEndianness = (builder) => {
    builder.forceDefaults(true);
    platformFlag(builder, endianness === "little" ? Endianness.Little : Endianness.Big);
    builder.forceDefaults(false);
  };
  try {
    return tableToIPC(new Table(schema, batch), format);
  } finally {
    SchemaTable.addEndianness = platformFlag;
  }
}

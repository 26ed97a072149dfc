/**
 * The baseline of the table benchmarks: the same table built, written and read with apache-arrow
 * alone, as a careful user would without legolas-ts: explicit Arrow types (`tableFromArrays`
 * would infer Float64 and Dictionary), one pass over the rows into typed arrays and one UTF-8
 * buffer per string column, `makeData` over them (no copy), `tableToIPC` / `tableFromIPC`.
 * Nothing is validated or converted.
 */
import { createWriteStream } from "node:fs";
import { open, readFile, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  Bool,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchReader,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Uint16,
  Utf8,
  type Data,
  type Vector,
} from "apache-arrow";
import type { SampleRow } from "./rows.js";

/** bench.sample@1's columns with the Arrow types legolas-ts writes, without its metadata. */
export const RAW_SCHEMA = new Schema([
  new Field("id", new Int64(), false),
  new Field("subject", new Int32(), false),
  new Field("channel", new Uint16(), false),
  new Field("value", new Float64(), false),
  new Field("gain", new Float32(), false),
  new Field("label", new Utf8(), false),
  new Field("site", new Utf8(), false),
  new Field("valid", new Bool(), false),
  new Field("note", new Utf8(), true),
  new Field("samples", new List(new Field("item", new Float32(), false)), false),
]);

const utf8 = new TextEncoder();

/** A Utf8 column filled one string at a time into one growing buffer. */
export class StringColumn {
  bytes = new Uint8Array(1 << 16);
  readonly offsets: Int32Array;
  at = 0;
  constructor(length: number) {
    this.offsets = new Int32Array(length + 1);
  }
  push(i: number, text: string | null): void {
    if (text !== null) {
      if (this.bytes.length - this.at < 3 * text.length) {
        const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.at + 3 * text.length));
        grown.set(this.bytes.subarray(0, this.at));
        this.bytes = grown;
      }
      this.at += utf8.encodeInto(text, this.bytes.subarray(this.at)).written;
    }
    this.offsets[i + 1] = this.at;
  }
  data(field: Field, nullBitmap?: Uint8Array, nullCount = 0): Data {
    return makeData({
      type: field.type as Utf8,
      length: this.offsets.length - 1,
      nullCount,
      nullBitmap,
      valueOffsets: this.offsets,
      data: this.bytes.subarray(0, this.at),
    });
  }
}

/** The rows as one record batch of {@link RAW_SCHEMA}. */
export function rawArrowBatch(rows: readonly SampleRow[]): RecordBatch {
  const n = rows.length;
  const fields = RAW_SCHEMA.fields;
  const id = new BigInt64Array(n);
  const subject = new Int32Array(n);
  const channel = new Uint16Array(n);
  const value = new Float64Array(n);
  const gain = new Float32Array(n);
  const label = new StringColumn(n);
  const site = new StringColumn(n);
  const valid = new Uint8Array(((n + 63) >> 6) << 3);
  const note = new StringColumn(n);
  const noteValid = new Uint8Array(((n + 63) >> 6) << 3);
  let noteNulls = 0;
  const sampleOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) sampleOffsets[i + 1] = sampleOffsets[i]! + rows[i]!.samples.length;
  const samples = new Float32Array(sampleOffsets[n]!);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    id[i] = row.id;
    subject[i] = row.subject;
    channel[i] = row.channel;
    value[i] = row.value;
    gain[i] = row.gain;
    label.push(i, row.label);
    site.push(i, row.site);
    if (row.valid) valid[i >> 3]! |= 1 << (i & 7);
    if (row.note === null) noteNulls++;
    else noteValid[i >> 3]! |= 1 << (i & 7);
    note.push(i, row.note);
    samples.set(row.samples, sampleOffsets[i]!);
  }
  const numeric = (k: number, data: Data["values"]) =>
    makeData({ type: fields[k]!.type, length: n, nullCount: 0, data } as never) as Data;
  const listType = fields[9]!.type as List<Float32>;
  const children = [
    numeric(0, id),
    numeric(1, subject),
    numeric(2, channel),
    numeric(3, value),
    numeric(4, gain),
    label.data(fields[5]!),
    site.data(fields[6]!),
    numeric(7, valid),
    note.data(fields[8]!, noteNulls === 0 ? undefined : noteValid, noteNulls),
    makeData({
      type: listType,
      length: n,
      nullCount: 0,
      valueOffsets: sampleOffsets,
      child: makeData({ type: listType.children[0]!.type, length: samples.length, nullCount: 0, data: samples }),
    }),
  ];
  return new RecordBatch(RAW_SCHEMA, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
}

/** Builds the table from the rows and writes it as an Arrow IPC file. */
export async function rawArrowWrite(path: string, rows: readonly SampleRow[]): Promise<void> {
  await writeFile(path, tableToIPC(new Table([rawArrowBatch(rows)]), "file"));
}

/** The Arrow table of the file: what apache-arrow gives, no row objects. */
export async function rawArrowRead(path: string): Promise<Table> {
  return tableFromIPC(await readFile(path));
}

/** Plain row objects from a table through apache-arrow's public API: `toArray()` per column. */
export function rawArrowRows(table: Table): object[] {
  const rows: object[] = [];
  for (const batch of table.batches) {
    const columns = RAW_SCHEMA.fields.map((f) => batch.getChild(f.name)!);
    const [id, subject, channel, value, gain, label, site, valid, note] = columns
      .slice(0, 9)
      .map((c) => c.toArray()) as ArrayLike<never>[];
    const samples = columns[9] as Vector<List<Float32>>;
    for (let i = 0; i < batch.numRows; i++) {
      rows.push({
        id: id![i],
        subject: subject![i],
        channel: channel![i],
        value: value![i],
        gain: gain![i],
        label: label![i],
        site: site![i],
        valid: valid![i],
        note: note![i] ?? null,
        samples: samples.get(i)!.toArray(),
      });
    }
  }
  return rows;
}

/**
 * Reads the file batch by batch with apache-arrow's file reader, touching nothing but the batches
 * (or handing each to `onBatch`, for a step measured on the same reading loop).
 */
export async function rawArrowStream(
  path: string,
  onBatch?: (batch: RecordBatch, firstRowIndex: number) => void,
): Promise<number> {
  const handle = await open(path, "r");
  try {
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    let rows = 0;
    for await (const batch of reader) {
      onBatch?.(batch, rows);
      rows += batch.numRows;
    }
    return rows;
  } finally {
    await handle.close();
  }
}

/**
 * Writes rows batch by batch the apache-arrow way: a record batch per `batchSize` rows through
 * `RecordBatchFileWriter.throughNode()` into a file stream, with the streams' backpressure.
 */
export async function rawArrowStreamWrite(path: string, rows: Iterable<SampleRow>, batchSize: number): Promise<void> {
  async function* batches(): AsyncGenerator<RecordBatch> {
    let pending: SampleRow[] = [];
    for (const row of rows) {
      pending.push(row);
      if (pending.length === batchSize) {
        yield rawArrowBatch(pending);
        pending = [];
      }
    }
    if (pending.length > 0) yield rawArrowBatch(pending);
  }
  await pipeline(Readable.from(batches()), RecordBatchFileWriter.throughNode(), createWriteStream(path));
}

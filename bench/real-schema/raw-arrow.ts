/**
 * The apache-arrow side of the real-schema benchmarks, as a careful user writes it without
 * legolas-ts: `bench.reading@1`'s columns built by hand into typed arrays and UTF-8 buffers
 * (`makeData`, no copy) and written with `tableToIPC` plus an fsync; read back batch by batch
 * with the same checks written by hand (typed arrays for numbers, `get(i)` and a `RegExp` for
 * strings); and the column loop that sums two fields.
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
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
  RecordBatchReader,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  type Data,
  type Vector,
} from "apache-arrow";
import { StringColumn } from "../tables/raw-arrow.js";
import type { ReadingRow } from "./rows.js";

const SOURCE = new Struct([new Field("commit", new Utf8(), false), new Field("attempt", new Int32(), false)]);

/** bench.reading@1's columns with the Arrow types legolas-ts writes, without its metadata. */
export const READING_SCHEMA = new Schema([
  new Field("id", new Int64(), false),
  new Field("value", new Float64(), false),
  new Field("gain", new Float32(), false),
  new Field("label", new Utf8(), false),
  new Field("valid", new Bool(), false),
  new Field("note", new Utf8(), true),
  new Field("samples", new List(new Field("", new Float32(), false)), false),
  new Field("uuid", new Utf8(), false),
  new Field("source", SOURCE, false),
  new Field("level", new Int32(), false),
]);

/** The rows as one record batch of {@link READING_SCHEMA}. */
export function readingBatch(rows: readonly ReadingRow[]): RecordBatch {
  const n = rows.length;
  const fields = READING_SCHEMA.fields;
  const id = new BigInt64Array(n);
  const value = new Float64Array(n);
  const gain = new Float32Array(n);
  const label = new StringColumn(n);
  const valid = new Uint8Array(((n + 63) >> 6) << 3);
  const note = new StringColumn(n);
  const noteValid = new Uint8Array(((n + 63) >> 6) << 3);
  let noteNulls = 0;
  const uuid = new StringColumn(n);
  const commit = new StringColumn(n);
  const attempt = new Int32Array(n);
  const level = new Int32Array(n);
  const sampleOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) sampleOffsets[i + 1] = sampleOffsets[i]! + rows[i]!.samples.length;
  const samples = new Float32Array(sampleOffsets[n]!);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    id[i] = row.id;
    value[i] = row.value;
    gain[i] = row.gain;
    label.push(i, row.label);
    if (row.valid) valid[i >> 3]! |= 1 << (i & 7);
    if (row.note === null) noteNulls++;
    else noteValid[i >> 3]! |= 1 << (i & 7);
    note.push(i, row.note);
    samples.set(row.samples, sampleOffsets[i]!);
    uuid.push(i, row.uuid);
    commit.push(i, row.source.commit);
    attempt[i] = row.source.attempt;
    level[i] = row.level;
  }
  const numeric = (k: number, data: Data["values"]) =>
    makeData({ type: fields[k]!.type, length: n, nullCount: 0, data } as never) as Data;
  const listType = fields[6]!.type as List<Float32>;
  const children = [
    numeric(0, id),
    numeric(1, value),
    numeric(2, gain),
    label.data(fields[3]!),
    numeric(4, valid),
    note.data(fields[5]!, noteNulls === 0 ? undefined : noteValid, noteNulls),
    makeData({
      type: listType,
      length: n,
      nullCount: 0,
      valueOffsets: sampleOffsets,
      child: makeData({ type: listType.children[0]!.type, length: samples.length, nullCount: 0, data: samples }),
    }),
    uuid.data(fields[7]!),
    makeData({
      type: SOURCE,
      length: n,
      nullCount: 0,
      children: [
        commit.data(SOURCE.children[0]!),
        makeData({ type: new Int32(), length: n, nullCount: 0, data: attempt }),
      ],
    }),
    numeric(9, level),
  ];
  return new RecordBatch(READING_SCHEMA, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
}

/** Builds the table from the rows and writes it as an Arrow IPC file, flushed to disk as writeTable's is. */
export function rawReadingWrite(path: string, rows: readonly ReadingRow[]): void {
  const bytes = tableToIPC(new Table([readingBatch(rows)]), "file");
  const fd = openSync(path, "w");
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
const COMMIT = /^[0-9a-f]{7,40}$/u;

function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) count++;
  }
  return count;
}

/**
 * bench.reading@1's rules checked by hand on one batch, as a user of apache-arrow would write
 * them: no nulls in required columns, bounds on the typed arrays, `get(i)` for the strings with
 * a code-point count and the two patterns as `RegExp`s. Returns the number of invalid rows.
 */
export function handCheckedReadings(batch: RecordBatch): number {
  const n = batch.numRows;
  for (const [k, field] of READING_SCHEMA.fields.entries())
    if (!field.nullable && batch.data.children[k]!.nullCount > 0) return n;
  const gain = batch.getChildAt(2)!.toArray() as Float32Array;
  const label = batch.getChildAt(3) as Vector<Utf8>;
  const uuid = batch.getChildAt(7) as Vector<Utf8>;
  const source = batch.getChildAt(8) as Vector<Struct>;
  const commit = source.getChildAt(0) as Vector<Utf8>;
  const level = batch.getChildAt(9)!.toArray() as Int32Array;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    const ok =
      gain[i]! >= 0 &&
      gain[i]! <= 100 &&
      level[i]! >= 0 &&
      level[i]! <= 1000 &&
      codePoints(label.get(i)!) <= 32 &&
      UUID.test(uuid.get(i)!) &&
      COMMIT.test(commit.get(i)!);
    if (!ok) invalid++;
  }
  return invalid;
}

/** Reads the file batch by batch with apache-arrow's file reader, checking each batch by hand. */
export async function rawReadingStream(path: string): Promise<number> {
  const handle = await open(path, "r");
  try {
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    let rows = 0;
    let invalid = 0;
    for await (const batch of reader) {
      invalid += handCheckedReadings(batch);
      rows += batch.numRows;
    }
    if (invalid !== 0) throw new Error(`bench: ${invalid} invalid rows in a valid table`);
    return rows;
  } finally {
    await handle.close();
  }
}

/** The sum of `value` and of the lengths of `label`, read column by column through apache-arrow. */
export function arrowTwoColumnSum(table: Table): number {
  let sum = 0;
  for (const batch of table.batches) {
    const value = batch.getChild("value")!.toArray() as Float64Array;
    const label = batch.getChild("label") as Vector<Utf8>;
    for (let i = 0; i < batch.numRows; i++) sum += value[i]! + label.get(i)!.length;
  }
  return sum;
}

/** The same sum through row objects (lazy rows of a read). */
export function rowTwoFieldSum(rows: readonly { readonly value: number; readonly label: string }[]): number {
  let sum = 0;
  for (const row of rows) sum += row.value + row.label.length;
  return sum;
}

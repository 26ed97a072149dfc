/**
 * Hostile Arrow files whose lie is in the batches rather than in the values: compressed batches
 * whose buffer vector holds more entries than their layout names (apache-arrow decompresses them
 * all), dictionary replacements in the file format (which forbids them) and long chains of delta
 * dictionaries. apache-arrow's writers make them once a hook is bent: each returns the bytes of
 * an IPC file or stream. The compressed ones need `await prepareCompression(codec)` first.
 */
import {
  Bool,
  CompressionType,
  compressionRegistry,
  type Data,
  Dictionary,
  Field,
  Float64,
  Int16,
  Int32,
  LargeUtf8,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  RecordBatchWriter,
  Schema,
  Struct,
  tableFromIPC,
  Uint32,
  Uint8,
  Table,
  tableToIPC,
  Utf8,
  Utf8View,
  Vector,
  vectorFromArray,
} from "apache-arrow";
import { ModelV1SchemaVersion, SCHEMA_QUALIFIED_KEY, type TableCompression, writeTableBytes } from "legolas-ts";
import { type AllTypesV1, AllTypesV1SchemaVersion } from "../../generated/index.js";
import type { Crafted } from "./crafted.js";

export type IpcForm = "file" | "stream";

const WRITERS = { file: RecordBatchFileWriter, stream: RecordBatchStreamWriter } as const;
const CODECS: Readonly<Record<TableCompression, CompressionType>> = {
  lz4: CompressionType.LZ4_FRAME,
  zstd: CompressionType.ZSTD,
};

interface BufferRegion {
  readonly offset: number;
  readonly length: number;
}

/** The part of `_assembleRecordBatch`'s result that the attack changes. */
interface AssembledBody {
  readonly byteLength: number;
  readonly bufferRegions: BufferRegion[];
  readonly buffers: ArrayBufferView[];
}

export interface ExtraBuffers {
  readonly codec: TableCompression;
  readonly form: IpcForm;
  /** Entries added to the buffer vector, each pointing at the same frame. */
  readonly entries: number;
  /** The decompressed size that frame declares (and holds: zeros). */
  readonly frameBytes: number;
  /** Which batch carries them: the record batch, or the dictionary batch of a column `label`. */
  readonly batch: "record" | "dictionary";
}

/**
 * A compressed model-row table (plus, for a dictionary batch, a dictionary-encoded extra column)
 * whose chosen batch lists `entries` more buffers than its layout, all one small frame of zeros.
 */
export function extraBuffersFile(attack: ExtraBuffers): Uint8Array {
  const codec = compressionRegistry.get(CODECS[attack.codec])!;
  const frame = codec.encode!(new Uint8Array(attack.frameBytes));
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigInt64(0, BigInt(attack.frameBytes), true);
  /** A batch's body as `_assembleRecordBatch` gives it, with the extra entries when it is the batch attacked. */
  const withEntries = <Body extends AssembledBody>(body: Body, batch: RecordBatch | Vector): Body => {
    if (batch instanceof Vector !== (attack.batch === "dictionary")) return body;
    const at = body.byteLength;
    const Region = body.bufferRegions[0]!.constructor as new (offset: number, length: number) => BufferRegion;
    return {
      ...body,
      byteLength: at + ((8 + frame.length + 7) & ~7),
      bufferRegions: [
        ...body.bufferRegions,
        ...Array.from({ length: attack.entries }, () => new Region(at, 8 + frame.length)),
      ],
      buffers: [...body.buffers, prefix, frame],
    };
  };
  const options = { compressionType: CODECS[attack.codec] };
  const writer =
    attack.form === "file"
      ? new (class extends RecordBatchFileWriter {
          protected override _assembleRecordBatch(batch: RecordBatch | Vector) {
            return withEntries(super._assembleRecordBatch(batch), batch);
          }
        })(options)
      : new (class extends RecordBatchStreamWriter {
          protected override _assembleRecordBatch(batch: RecordBatch | Vector) {
            return withEntries(super._assembleRecordBatch(batch), batch);
          }
        })(options);
  const modelRow = tableFromIPC(writeTableBytes([{ weights: null, architecture_version: 1n }], ModelV1SchemaVersion));
  const fields = [...modelRow.schema.fields];
  const columns = [...modelRow.batches[0]!.data.children];
  if (attack.batch === "dictionary") {
    const type = new Dictionary(new Utf8(), new Int32(), 0);
    fields.push(new Field("label", type, false));
    columns.push(
      makeData({
        type,
        length: 1,
        nullCount: 0,
        data: Int32Array.of(0),
        dictionary: vectorFromArray(["x"], new Utf8()),
      }),
    );
  }
  return writeBatches(writer, schemaOf(fields, ModelV1SchemaVersion.identifier), [columns]);
}

/** The every-type columns a dictionary test needs besides `text`: the required ones, one row each. */
const REQUIRED: readonly [string, () => Data][] = [
  ["flag", () => vectorFromArray([true], new Bool()).data[0]!],
  ["small", () => vectorFromArray([1], new Int16()).data[0]!],
  ["ubyte", () => vectorFromArray([1], new Uint8()).data[0]!],
  ["uint", () => vectorFromArray([1], new Uint32()).data[0]!],
  ["double", () => vectorFromArray([0.5], new Float64()).data[0]!],
];
const TEXT = new Dictionary(new Utf8(), new Int32(), 0);
const ALL_TYPES_FIELDS = [
  ...REQUIRED.map(([name, make]) => new Field(name, make().type, false)),
  new Field("text", TEXT, true),
];

/** A one-row batch of `test.all-types@1` whose `text` column holds index `index` of `dictionary`. */
function textBatch(dictionary: Vector, index: number): Data[] {
  return [
    ...REQUIRED.map(([, make]) => make()),
    makeData({ type: TEXT, length: 1, nullCount: 0, data: Int32Array.of(index), dictionary }),
  ];
}

/**
 * `pairs` record batches of one row, each after a delta dictionary batch that adds the value
 * `value k` it points at (or `index(k)`): the dictionary of batch k holds k + 1 values in k + 1 chunks.
 */
export function deltaChainFile(pairs: number, form: IpcForm, index: (k: number) => number = (k) => k): Uint8Array {
  const chunks: Data[] = [];
  function* batches(): Generator<Data[]> {
    for (let k = 0; k < pairs; k++) {
      chunks.push(vectorFromArray([`value ${k}`], new Utf8()).data[0]!);
      // One array of chunks that grows: apache-arrow's writer, which reads it as each batch is
      // written, sees that batch's dictionary one chunk longer than the last, and writes a delta.
      yield textBatch(new Vector(chunks), index(k));
    }
  }
  return writeBatches(new WRITERS[form](), schemaOf(ALL_TYPES_FIELDS, AllTypesV1SchemaVersion.identifier), batches());
}

/** The values a table written by {@link deltaChainFile} holds in `text`. */
export function deltaChainValues(pairs: number): string[] {
  return Array.from({ length: pairs }, (_, k) => `value ${k}`);
}

/**
 * Two batches of `test.all-types@1` whose dictionary is replaced between them (not a delta):
 * `["a", "b"]` for the first, `["z"]` for the second, each batch pointing at its index 0. The
 * stream format allows it (the first row reads "a", the second "z"); the file format forbids it,
 * and apache-arrow's file reader would give both rows the last dictionary's "z". apache-arrow's
 * file writer refuses to write one, so its check is stepped over here.
 */
export function dictionaryReplacementFile(form: IpcForm): Uint8Array {
  const Writer =
    form === "file"
      ? class extends RecordBatchFileWriter {
          protected override _writeDictionaryBatch(dictionary: Data, id: number, isDelta = false): this {
            const write = RecordBatchWriter.prototype["_writeDictionaryBatch" as keyof RecordBatchWriter] as (
              this: RecordBatchWriter,
              dictionary: Data,
              id: number,
              isDelta: boolean,
            ) => RecordBatchWriter;
            return write.call(this, dictionary, id, isDelta) as this;
          }
        }
      : RecordBatchStreamWriter;
  const first = vectorFromArray(["a", "b"], new Utf8());
  const second = vectorFromArray(["z"], new Utf8());
  return writeBatches(new Writer(), schemaOf(ALL_TYPES_FIELDS, AllTypesV1SchemaVersion.identifier), [
    textBatch(first, 0),
    textBatch(second, 0),
  ]);
}

function schemaOf(fields: readonly Field[], identifier: string): Schema {
  return new Schema([...fields], new Map([[SCHEMA_QUALIFIED_KEY, identifier]]));
}

function writeBatches(writer: RecordBatchWriter, schema: Schema, batches: Iterable<Data[]>): Uint8Array {
  writer.reset(undefined, schema);
  for (const children of batches) {
    const length = children[0]!.length;
    writer.write(
      new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children })),
    );
  }
  writer.finish();
  return writer.toUint8Array(true);
}

/**
 * The families above with random numbers, for the fuzz tests (crafted.ts adds them to CRAFTED).
 * The compressed one needs both codecs' encoders loaded (`prepareCompression`).
 */
export const CRAFTED_BATCHES: Readonly<Record<string, Crafted>> = {
  "extra compressed buffer entries": (random) => {
    const attack: ExtraBuffers = {
      codec: random.pick(["lz4", "zstd"] as const),
      form: random.pick(["file", "stream"] as const),
      batch: random.pick(["record", "dictionary"] as const),
      entries: random.pick([1, 8, 120, 1000]),
      frameBytes: random.pick([64, 1 << 20]),
    };
    return { bytes: extraBuffersFile(attack), what: JSON.stringify(attack) };
  },
  "dictionary replacement": (random) => {
    const form = random.pick(["file", "stream"] as const);
    return { bytes: dictionaryReplacementFile(form), what: `${form} form` };
  },
  "delta dictionary chain": (random) => {
    const pairs = random.pick([2, 10, 100]);
    const form = random.pick(["file", "stream"] as const);
    // Sometimes an index that only a later delta covers (a corrupt stream; a file's reader sees every delta first).
    const ahead = random.int(3) === 0;
    return {
      bytes: deltaChainFile(pairs, form, (k) => (ahead && k + 1 < pairs ? k + 1 : k)),
      what: `${pairs} pairs, ${form} form${ahead ? ", indices one delta ahead" : ""}`,
    };
  },
};

/** The messages of an IPC file (`file`) as a stream: its schema and batches, then an end-of-stream marker. */
function streamOfFile(file: Uint8Array): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let end = file.length - 10 - view.getInt32(file.length - 10, true);
  if (view.getUint32(end - 8, true) === 0xffffffff && view.getInt32(end - 4, true) === 0) end -= 8;
  return Uint8Array.from([...file.subarray(8, end), 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
}

/**
 * Valid tables in the encodings the plain fuzz targets lack, for the random mutations: the
 * every-type rows compressed with each codec, a delta dictionary chain plain and compressed, and
 * the every-type rows with Utf8View and LargeUtf8 text ({@link otherTextTable}); each as a file
 * and as a stream. The compressed ones written by legolas-ts's writer (apache-arrow 21's own writes a
 * compressed buffer's compressed length where Arrow's format says its length once decompressed,
 * so no reader reads its compressed dictionaries). Needs both codecs' encoders loaded.
 */
export function encodedTables(rows: readonly AllTypesV1[]): { name: string; bytes: Uint8Array }[] {
  const lz4 = writeTableBytes(rows, AllTypesV1SchemaVersion, { batchSize: 1, compression: "lz4" });
  const zstd = writeTableBytes(rows, AllTypesV1SchemaVersion, { compression: "zstd" });
  const chain = tableFromIPC(deltaChainFile(4, "file"));
  const chainLz4 = writeTableBytes(chain, AllTypesV1SchemaVersion, { compression: "lz4" });
  const chainZstd = writeTableBytes(chain, AllTypesV1SchemaVersion, { compression: "zstd" });
  const otherText = otherTextTable(rows);
  return [
    { name: "every-type table, lz4, 3 batches", bytes: lz4 },
    { name: "every-type table, zstd", bytes: zstd },
    { name: "every-type stream, lz4, 3 batches", bytes: streamOfFile(lz4) },
    { name: "delta dictionary chain, stream", bytes: deltaChainFile(4, "stream") },
    { name: "delta dictionary chain, lz4", bytes: chainLz4 },
    { name: "delta dictionary chain, zstd stream", bytes: streamOfFile(chainZstd) },
    { name: "every-type table, Utf8View and LargeUtf8 text", bytes: otherText },
    // apache-arrow's stream writer: the first message of its file here is no schema its stream reader reads.
    { name: "every-type stream, Utf8View and LargeUtf8 text", bytes: tableToIPC(tableFromIPC(otherText), "stream") },
  ];
}

/**
 * The every-type table with its text in the other Arrow encodings the readers take (guard/utf8-text.ts
 * checks each): `text` as Utf8View (its first value, 15 bytes, in a data buffer; short ones inside
 * their views) and `label` as LargeUtf8, written by apache-arrow as a file.
 */
export function otherTextTable(rows: readonly AllTypesV1[]): Uint8Array {
  const table = tableFromIPC(writeTableBytes(rows, AllTypesV1SchemaVersion));
  const batch = table.batches[0]!;
  const encodings: Record<string, (values: (string | null)[]) => Data> = { text: utf8View, label: largeUtf8 };
  const fields = table.schema.fields.map((field) =>
    encodings[field.name] === undefined
      ? field
      : new Field(field.name, field.name === "text" ? new Utf8View() : new LargeUtf8(), field.nullable, field.metadata),
  );
  const children = table.schema.fields.map((field, k) => {
    const encode = encodings[field.name];
    return encode === undefined ? batch.data.children[k]! : encode(batch.getChildAt(k)!.toArray() as (string | null)[]);
  });
  const schema = new Schema(fields, table.schema.metadata);
  const data = makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children });
  return tableToIPC(new Table(schema, [new RecordBatch(schema, data)]), "file");
}

function validity(values: readonly (string | null)[]): { nullCount: number; nullBitmap?: Uint8Array } {
  const nulls = values.filter((value) => value === null).length;
  if (nulls === 0) return { nullCount: 0 };
  const nullBitmap = new Uint8Array(8);
  values.forEach((value, i) => {
    if (value !== null) nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullCount: nulls, nullBitmap };
}

function largeUtf8(values: (string | null)[]): Data {
  const encoded = values.map((value) => new TextEncoder().encode(value ?? ""));
  const valueOffsets = new BigInt64Array(values.length + 1);
  encoded.forEach((bytes, i) => (valueOffsets[i + 1] = valueOffsets[i]! + BigInt(bytes.length)));
  const data = Uint8Array.from(encoded.flatMap((bytes) => [...bytes]));
  return makeData({ type: new LargeUtf8(), length: values.length, ...validity(values), valueOffsets, data } as never);
}

function utf8View(values: (string | null)[]): Data {
  const views = new Uint8Array(values.length * 16);
  const at = new DataView(views.buffer);
  const buffer: number[] = [];
  values.forEach((value, i) => {
    const bytes = new TextEncoder().encode(value ?? "");
    at.setInt32(i * 16, bytes.length, true);
    if (bytes.length <= 12) return views.set(bytes, i * 16 + 4);
    views.set(bytes.subarray(0, 4), i * 16 + 4);
    at.setInt32(i * 16 + 8, 0, true);
    at.setInt32(i * 16 + 12, buffer.length, true);
    buffer.push(...bytes);
  });
  const variadicBuffers = [Uint8Array.from(buffer)];
  return makeData({
    type: new Utf8View(),
    length: values.length,
    ...validity(values),
    views,
    variadicBuffers,
  } as never);
}

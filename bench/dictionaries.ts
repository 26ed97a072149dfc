/**
 * Issue 22, point 2: delta dictionaries. An Arrow stream of K delta-dictionary/record-batch pairs
 * (`bench.sample@1`, one row a batch, its `site` column dictionary-encoded, each batch after a
 * delta that adds one value) read with `readTableBytes`, every row read. Before the fix the read
 * was quadratic in K (apache-arrow rebuilt a K-chunk vector per delta; our checks and decoders
 * walked every chunk per batch): 4,000 pairs took 84 s. Figures: the time at 4K pairs over the
 * time at K pairs (linear: 4x), and against apache-arrow's `tableFromIPC` as shipped (its own
 * `_loadDictionaryBatch`, restored for its rounds), which reads the table and no row.
 */
import {
  Dictionary,
  Int32,
  makeData,
  MessageReader,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  tableFromIPC,
  Utf8,
  Vector,
  vectorFromArray,
} from "apache-arrow";
import { readTableBytes, writeTableBytes } from "legolas-ts";
import { readerImplPrototype } from "legolas-ts/internal/arrow/ipc/delta-dictionaries";
import { BenchSampleV1SchemaVersion } from "./generated/bench.sample.js";
import { compareTime, figure, type BenchModule } from "./harness.js";
import { sampleRows } from "./tables/rows.js";
import { readEveryRow } from "./tables.js";

/** apache-arrow's own delta handling, taken before legolas-ts replaces it (on its first read). */
const prototype = readerImplPrototype();
const quadraticLoad = prototype?._loadDictionaryBatch;

/**
 * The stream: a 2-batch stream written by apache-arrow (a dictionary, a batch, a delta, a batch),
 * its last two messages then repeated so that the file holds `pairs` delta/batch pairs.
 */
function deltaStream(pairs: number): Uint8Array {
  const plain = tableFromIPC(writeTableBytes(sampleRows(1), BenchSampleV1SchemaVersion));
  const site = plain.schema.fields.findIndex((field) => field.name === "site");
  const type = new Dictionary(new Utf8(), new Int32(), 0);
  const fields = plain.schema.fields.map((field, k) => (k === site ? field.clone({ type }) : field));
  const written = new Schema(fields, plain.schema.metadata);
  const chunks = [vectorFromArray(["north"], new Utf8()).data[0]!];
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, written);
  for (let k = 0; k < 2; k++) {
    if (k === 1) chunks.push(vectorFromArray(["south"], new Utf8()).data[0]!);
    const children = plain.batches[0]!.data.children.map((column, c) =>
      c === site
        ? makeData({ type, length: 1, nullCount: 0, data: Int32Array.of(k), dictionary: new Vector(chunks) })
        : column,
    );
    writer.write(new RecordBatch(written, makeData({ type: new Struct(fields), length: 1, nullCount: 0, children })));
  }
  writer.finish();
  const bytes = writer.toUint8Array(true);
  // Message boundaries: schema, dictionary, batch, delta, batch, end of stream.
  const ends: number[] = [];
  for (let at = 0; ends.length < 5; ) {
    const metadataLength = new DataView(bytes.buffer, bytes.byteOffset + at + 4, 4).getInt32(0, true);
    at += 8 + metadataLength + new MessageReader(bytes.subarray(at)).readMessage()!.bodyLength;
    ends.push(at);
  }
  const head = bytes.subarray(0, ends[2]);
  const pair = bytes.subarray(ends[2], ends[4]);
  const tail = bytes.subarray(ends[4]);
  const out = new Uint8Array(head.length + pair.length * (pairs - 1) + tail.length);
  out.set(head);
  for (let k = 0; k < pairs - 1; k++) out.set(pair, head.length + k * pair.length);
  out.set(tail, out.length - tail.length);
  return out;
}

export const dictionariesBench: BenchModule = {
  name: "dictionaries",
  async run(options, report) {
    const small = options.quick ? 50 : 2_000;
    const large = small * 4;
    const read = (bytes: Uint8Array) => () => void readEveryRow(readTableBytes(bytes).rows);
    const [smallFile, largeFile] = [deltaStream(small), deltaStream(large)];
    const [atLarge, atSmall] = await compareTime(read(largeFile), read(smallFile), options);
    report(
      figure(
        "22.2",
        `delta dictionaries, readTableBytes, ${large.toLocaleString("en")} pairs (${(largeFile.length / 1e6).toFixed(1)} MB)`,
        { label: "legolas-ts", measurement: atLarge },
        { label: `same, ${small.toLocaleString("en")} pairs`, measurement: atSmall },
        { text: "linear: <= 4.8x for 4x the pairs", maxRatio: 4.8 },
      ),
    );
    if (prototype === null || quadraticLoad === undefined) return;
    const linearLoad = prototype._loadDictionaryBatch;
    const [ours, arrow] = await compareTime(read(smallFile), () => void tableFromIPC(smallFile), {
      ...options,
      rounds: Math.min(options.rounds, 3),
      setup: (side) => {
        prototype._loadDictionaryBatch = side === 0 ? linearLoad : quadraticLoad;
      },
    });
    prototype._loadDictionaryBatch = linearLoad;
    report(
      figure(
        "22.2",
        `delta dictionaries, ${small.toLocaleString("en")} pairs, every row read`,
        { label: "legolas-ts readTableBytes", measurement: ours },
        { label: "apache-arrow tableFromIPC as shipped (no rows)", measurement: arrow },
      ),
    );
  },
};

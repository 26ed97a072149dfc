/**
 * The Arrow fuzz cases (helpers/fuzz.ts, helpers/crafted.ts) read with the streaming reader,
 * `readTableBatches`, which hands a file handle to apache-arrow after checking the footer and
 * each message's metadata piece by piece (ipc-bounds.ts, `checkIpcBoundsAt`). Files in both IPC
 * formats, one batch and many; in a share of the cases compressed (LZ4, ZSTD) or with delta
 * dictionaries. The outcome rules are arrow-fuzz.test.ts's: a typed legolas-ts
 * error or rows that validate with whole weights, no case over 1.5 s, no peak-memory rise over
 * 512 MB. And the two readers must agree: the same bytes read with `readTableBytes` read too,
 * to as many rows, or both refuse (the error may differ: the readers check in another order).
 *
 * Short by default (CI). Longer on demand:
 *   LEGOLAS_FUZZ_SECONDS=120 LEGOLAS_FUZZ_SEED=7 npx vitest run test/hostile/stream-fuzz.test.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordBatchFileReader, tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, expect, test } from "vitest";
import { fetchWeights } from "legolas-ts/tfjs";
import {
  ModelV1SchemaVersion,
  prepareCompression,
  readTableBatches,
  readTableBytes,
  writeModelRowBytes,
  writeTableBytes,
  type ReadTableOptions,
} from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../generated/index.js";
import { denseNet, useCpuBackend } from "../runtime/tfjs/helpers.js";
import { CRAFTED } from "./helpers/crafted.js";
import { encodedTables } from "./helpers/crafted-batches.js";
import {
  CASE_LIMIT_MS,
  fuzzBudget,
  fuzzContinues,
  MEMORY_LIMIT_BYTES,
  MUTATIONS,
  Random,
  Tally,
} from "./helpers/fuzz.js";
import { damageSchemaText } from "./helpers/metadata-text.js";
import { allTypesRows, checkValue, typedErrorName } from "./helpers/outcomes.js";

const BUDGET = fuzzBudget(2.5, 100);
const { seconds: SECONDS, seed: SEED } = BUDGET;

const folder = mkdtempSync(join(tmpdir(), "legolas-stream-fuzz-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(useCpuBackend);
// The crafted compressed files (helpers/crafted-batches.ts) are made with both codecs' encoders.
beforeAll(async () => {
  await prepareCompression("lz4");
  await prepareCompression("zstd");
});

interface Target {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly options: ReadTableOptions;
}

let targets: Target[];
/** Compressed tables and dictionary chains (helpers/crafted-batches.ts), mutated in a share of the cases. */
let encoded: Target[];

beforeAll(() => {
  const modelRow = writeModelRowBytes(
    { weights: fetchWeights(denseNet(4)), architecture_version: 3n },
    ModelV1SchemaVersion,
  );
  const table = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion);
  const batches = writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion, { batchSize: 1 });
  const streamOf = (file: Uint8Array) => tableToIPC(tableFromIPC(file), "stream");
  targets = [
    { name: "model row", bytes: modelRow, options: {} },
    { name: "every-type table", bytes: table, options: {} },
    { name: "every-type table, columns only", bytes: table, options: { validate: "columns" } },
    { name: "every-type table, 3 batches", bytes: batches, options: {} },
    { name: "every-type stream", bytes: streamOf(table), options: {} },
    { name: "every-type stream, 3 batches", bytes: streamOf(batches), options: {} },
  ];
  encoded = encodedTables(allTypesRows()).map(({ name, bytes }) => ({ name, bytes, options: {} }));
});

/** The rows of every batch, or the error that stopped the read. */
async function streamed(path: string, options: ReadTableOptions): Promise<{ rows: object[] }> {
  const rows: object[] = [];
  for await (const batch of readTableBatches(path, options)) rows.push(...batch.rows);
  return { rows };
}

/**
 * `readTableBytes`'s verdict on the same bytes: its row count, or -1 when it refuses. Its rows
 * are read as the streamed ones are (`checkValue` reads every field: rows decode a field when it
 * is first read), so a value that cannot be decoded fails both or neither; they are not
 * validated again (the streamed side's verdict on valid rows is the check, and time per case).
 */
function inMemoryRowCount(bytes: Uint8Array, options: ReadTableOptions): number {
  try {
    const { rows } = readTableBytes(bytes, options);
    checkValue({ rows: [...rows] }, false);
    return rows.length;
  } catch (error) {
    if (typedErrorName(error) === null) throw error; // arrow-fuzz.test.ts reports these
    return -1;
  }
}

async function runCase(tally: Tally, bytes: Uint8Array, options: ReadTableOptions, label: string): Promise<void> {
  if (process.env.LEGOLAS_FUZZ_TRACE) console.error(label);
  const path = join(folder, "case.arrow");
  writeFileSync(path, bytes);
  const started = performance.now();
  let outcome: string;
  let rows = -1;
  try {
    const value = await streamed(path, options);
    const problem = checkValue(value, options.validate !== "columns");
    if (problem !== null) return tally.fail(`${label}: ${problem}`);
    outcome = "read";
    rows = value.rows.length;
  } catch (error) {
    const name = typedErrorName(error);
    if (name === null) {
      const e = error as Error;
      return tally.fail(
        `${label}: ${e?.name}: ${String(e?.message).slice(0, 200)}\n${String(e?.stack).split("\n").slice(1, 6).join("\n")}`,
      );
    }
    // Nothing changes a fuzz case's file while it is read: a corrupt file must not be reported so.
    if (name === "FileChangedError") return tally.fail(`${label}: ${(error as Error).message}`);
    outcome = name;
  }
  const elapsed = performance.now() - started;
  tally.slowestMs = Math.max(tally.slowestMs, elapsed);
  if (elapsed > CASE_LIMIT_MS) return tally.fail(`${label}: took ${elapsed.toFixed(0)} ms`);
  const inMemory = inMemoryRowCount(bytes, options);
  if (inMemory !== rows)
    return tally.fail(
      `${label}: readTableBatches ${rows < 0 ? outcome : `read ${rows} rows`}, readTableBytes ${inMemory < 0 ? "refused" : `read ${inMemory} rows`}`,
    );
  tally.add(outcome);
}

test(
  "mutated and crafted Arrow files read with readTableBatches end in a typed error or a correct value",
  async () => {
    const random = new Random(SEED);
    const tally = new Tally();
    const peakAtStart = process.resourceUsage().maxRSS * 1024;
    const started = performance.now();
    const mutations = Object.entries(MUTATIONS);
    const crafted = Object.entries(CRAFTED);

    for (const [name, craft] of crafted) {
      const { bytes, what } = craft(random);
      await runCase(tally, bytes, {}, `seed ${SEED} crafted "${name}": ${what}`);
    }
    while (fuzzContinues(BUDGET, tally.cases, started)) {
      const n = tally.cases;
      if (random.next() < 0.2) {
        const [name, craft] = random.pick(crafted);
        let made: { bytes: Uint8Array; what: string };
        try {
          made = craft(random);
        } catch (error) {
          if (!(error instanceof RangeError)) throw error; // apache-arrow's writer refused the lie
          continue;
        }
        await runCase(tally, made.bytes, {}, `seed ${SEED} case ${n} crafted "${name}": ${made.what}`);
      } else {
        const target = random.pick(random.next() < 0.3 ? encoded : targets);
        // A share of the cases damage a column's name or a metadata text (helpers/metadata-text.ts).
        const [name, mutate] = random.next() < 0.1 ? ["schema text", damageSchemaText] : random.pick(mutations);
        const { bytes, what } = mutate(target.bytes, random);
        await runCase(tally, bytes, target.options, `seed ${SEED} case ${n} ${target.name}, ${name}: ${what}`);
      }
    }
    const elapsed = performance.now() - started;
    const peakRise = process.resourceUsage().maxRSS * 1024 - peakAtStart;
    console.log(`${tally.summary("stream fuzz", elapsed)}; peak RSS rise ${(peakRise / 2 ** 20).toFixed(0)} MB`);
    expect(tally.failures).toEqual([]);
    expect(peakRise).toBeLessThan(MEMORY_LIMIT_BYTES);
  },
  (SECONDS + 60) * 1000,
);

/** `bytes` with the footer's first record-batch block moved to `offset` (the block's lengths kept). */
function withFirstBlockAt(bytes: Uint8Array, offset: bigint): Uint8Array {
  const block = RecordBatchFileReader.from(bytes).open().footer!.getRecordBatch(0)!;
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const footerStart = out.length - 10 - view.getInt32(out.length - 10, true);
  for (let at = footerStart; at + 24 <= out.length - 10; at += 8) {
    if (view.getBigInt64(at, true) === BigInt(block.offset) && view.getInt32(at + 8, true) === block.metaDataLength) {
      view.setBigInt64(at, offset, true);
      return out;
    }
  }
  throw new Error("internal: the block was not found in the footer");
}

test("a footer block that points at the schema message is refused before apache-arrow retries it forever", async () => {
  const path = join(folder, "schema-block.arrow");
  writeFileSync(path, withFirstBlockAt(targets[1]!.bytes, 8n));
  const started = performance.now();
  // Refused by whichever check sees it first: the message type, or (when the schema message is
  // the longer one, as with the date columns' extension metadata) its length against the block,
  // or, when the file is opened, a block inside the schema message, where the stream holds no
  // message, or the batch the stream holds after its schema, which the footer no longer lists
  // (ipc/schema-copies.ts).
  await expect(streamed(path, {})).rejects.toMatchObject({
    name: expect.stringMatching(/^(NotArrowFileError|CorruptTableError)$/),
    message: expect.stringMatching(
      /type 1 where the footer says 3|a message of \d+ metadata bytes runs past the end|its footer points at a block \(8, \d+, \d+\) where its stream holds no message|its footer does not list the message of its stream at byte \d+/,
    ),
  });
  expect(performance.now() - started).toBeLessThan(CASE_LIMIT_MS);
}, 10_000);

/** `bytes` refused for `reason` as no Arrow file by `readTableBytes` and by the streamed read with each of `options`. */
async function expectNotArrowEverywhere(
  bytes: Uint8Array,
  reason: RegExp,
  options: readonly ReadTableOptions[],
): Promise<void> {
  const path = join(folder, "corrupt.arrow");
  writeFileSync(path, bytes);
  const refusal = { name: "NotArrowFileError", message: expect.stringMatching(reason) };
  for (const read of options) await expect(streamed(path, read)).rejects.toMatchObject(refusal);
  expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining(refusal));
}

/** Where a stream's second message starts: after the schema message's prefix and metadata (a schema has no body). */
function secondMessageAt(stream: Uint8Array): number {
  return 8 + new DataView(stream.buffer, stream.byteOffset, stream.byteLength).getInt32(4, true);
}

/**
 * Reads of the flatbuffers in `bytes` (Message.fbs, Schema.fbs), for the tests that corrupt one
 * field: the table the uoffset at `p` points to, and where field `slot` of a table sits (`at`, 0
 * when it is absent), with the vtable entry that places it.
 */
function flatbuffers(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tableAt = (p: number) => p + view.getUint32(p, true);
  const field = (table: number, slot: number) => {
    const vtable = table - view.getInt32(table, true);
    const entry = vtable + 4 + 2 * slot;
    const offset = entry - vtable < view.getUint16(vtable, true) ? view.getUint16(entry, true) : 0;
    return { at: offset === 0 ? 0 : table + offset, entry };
  };
  return { view, tableAt, field };
}

/** `stream` with its second message's header type (a flatbuffer field of the Message table) set to `type`. */
function withSecondMessageType(stream: Uint8Array, type: number): Uint8Array {
  const out = stream.slice();
  const { view, tableAt, field } = flatbuffers(out);
  const { at } = field(tableAt(secondMessageAt(out) + 8), 1);
  if (at === 0) throw new Error("internal: the message states no header type");
  view.setUint8(at, type);
  return out;
}

test.each([
  [
    "its first batch's continuation marker zeroed: an end-of-stream marker with the batches after it",
    (stream: Uint8Array) => {
      const out = stream.slice();
      new DataView(out.buffer).setInt32(secondMessageAt(out), 0, true);
      return out;
    },
    /its stream ends at byte \d+ \(an end-of-stream marker\), and \d+ more bytes follow/,
  ],
  [
    "a message of a type no table holds, whose body apache-arrow would read as the next message",
    (stream: Uint8Array) => withSecondMessageType(stream, 127),
    /it holds a message of type 127, which no Arrow table holds/,
  ],
])("a stream with %s is corrupt on both readers, never a table of fewer rows", async (_, corrupt, reason) => {
  // Found by the stream fuzzer (seed 40): the streamed read gave 0 rows without an error, while
  // readTableBytes read the 3 rows or refused.
  await expectNotArrowEverywhere(corrupt(targets[5]!.bytes), reason, [{}]);
});

/**
 * Where a field of the first record batch's Message flatbuffer sits in `file` (the file format):
 * `slot` of the Message table, or with `header`, of its RecordBatch table; and where the vtable
 * entry that places it is.
 */
function firstBatchField(file: Uint8Array, slot: number, header = false): { at: number; entry: number } {
  const { tableAt, field } = flatbuffers(file);
  const block = RecordBatchFileReader.from(file).open().footer!.getRecordBatch(0)!;
  const message = tableAt(Number(block.offset) + 8);
  const found = header ? field(tableAt(field(message, 2).at), slot) : field(message, slot);
  if (found.at === 0) throw new Error(`internal: the first batch's message has no field ${slot}`);
  return found;
}

test.each([
  [
    "its metadata version's high bit flipped (V5 read as -32764: apache-arrow reads buffers as V1-V3 laid them out)",
    (file: Uint8Array) => {
      const out = file.slice();
      out[firstBatchField(out, 0).at + 1]! |= 0x80;
      return out;
    },
    /a message states metadata version -32764/,
  ],
  [
    "a vtable entry past 0x7fff (apache-arrow's flatbuffers reads it as a negative offset)",
    (file: Uint8Array) => {
      const out = file.slice();
      out[firstBatchField(out, 2, true).entry + 1]! |= 0x80;
      return out;
    },
    /a field \d+ bytes into its table/,
  ],
])("a file with %s is corrupt on every reader, never a file that changed", async (_, corrupt, reason) => {
  // Found by the CLI fuzzer (seed 41, case 1512): a read by batches asked for 1 byte at 2^35 and
  // said the file had changed while it was read; a whole read said a column's buffer was short.
  await expectNotArrowEverywhere(corrupt(targets[1]!.bytes), reason, [{}, { columns: ["id"] } as never]);
});

/** `stream` with the type ids of its union field `name` moved `by` bytes: the Union table's uoffset to them (Schema.fbs). */
function withUnionTypeIdsMoved(stream: Uint8Array, name: string, by: number): Uint8Array {
  const out = stream.slice();
  const { view, tableAt, field } = flatbuffers(out);
  const fieldAt = (table: number, slot: number) => field(table, slot).at;
  const schema = tableAt(fieldAt(tableAt(8), 2)); // the Message's header
  const fields = tableAt(fieldAt(schema, 1));
  for (let k = 0; k < view.getUint32(fields, true); k++) {
    const field = tableAt(fields + 4 + 4 * k);
    const nameAt = tableAt(fieldAt(field, 0));
    const text = new TextDecoder().decode(out.subarray(nameAt + 4, nameAt + 4 + view.getUint32(nameAt, true)));
    if (text !== name) continue;
    const typeIds = fieldAt(tableAt(fieldAt(field, 3)), 1);
    view.setUint32(typeIds, view.getUint32(typeIds, true) + by, true);
    return out;
  }
  throw new Error(`internal: no field ${name}`);
}

test("a stream whose union field's type ids lie outside its schema message is corrupt on both readers", async () => {
  // Found by the stream fuzzer (seed 43, case 12693): apache-arrow views the type ids over the
  // bytes it holds, the whole file's in a whole read (which read 3 rows, its ids other bytes of
  // the file) and the message's alone in a streamed one (a RangeError).
  const stream = targets[4]!.bytes;
  // Moved by the schema message's length: past its end, into the batch that follows it.
  const moved = withUnionTypeIdsMoved(
    stream,
    "either",
    new DataView(stream.buffer, stream.byteOffset).getInt32(4, true),
  );
  await expectNotArrowEverywhere(moved, /falls outside its/, [{}]);
});

test("the metadata check reads the footer and each message's metadata, never a body", async () => {
  // A file of 50 batches: the check's reads stay small next to the file.
  const bytes = writeTableBytes(
    Array.from({ length: 50 }, () => allTypesRows()[0]!),
    AllTypesV1SchemaVersion,
    { batchSize: 1 },
  );
  const { checkIpcBoundsAt } = await import("../../runtime/arrow/guard/ipc-bounds.js");
  const pieces: [number, number][] = [];
  await checkIpcBoundsAt(
    bytes.length,
    true,
    async (at, length) => (pieces.push([at, length]), bytes.slice(at, at + length)),
  );
  const footer = RecordBatchFileReader.from(bytes).open().footer!;
  const blocks = Array.from({ length: footer.numRecordBatches }, (_, k) => footer.getRecordBatch(k)!);
  // the footer's length, the footer, then one read per block: its prefix and metadata, no more
  expect(pieces.length).toBe(2 + blocks.length);
  blocks.forEach((block, k) => expect(pieces[2 + k]).toEqual([Number(block.offset), block.metaDataLength]));
});

test.each([
  ["a negative length of the old format", [0x00, 0x00, 0x00, 0x80, 1, 2]],
  ["a positive length of the old format", [0x10, 0x00, 0x00, 0x00]],
  ["a continuation marker without its length", [0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff]],
])(
  "a stream that ends inside a message prefix (%s) is refused as cut short on both readers, not as a file that changed",
  async (_, tail) => {
    // apache-arrow read the bytes as a prefix: with a negative length its reader moved backwards,
    // and the streamed read ended in a FileChangedError at offset -4294951254.
    const stream = targets[4]!.bytes;
    const withoutEnd = stream.subarray(0, stream.length - 8); // its end-of-stream marker
    const bytes = Uint8Array.from([...withoutEnd, ...tail]);
    const expected = {
      name: "NotArrowFileError",
      message: expect.stringMatching(/it ends with \d bytes that are no whole message prefix/),
    };
    expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining(expected));
    const path = join(folder, "cut-prefix.arrows");
    writeFileSync(path, bytes);
    await expect(streamed(path, {})).rejects.toMatchObject(expected);
    // The same stream without the marker, or with the old format's zero-length end, reads whole.
    expect(readTableBytes(withoutEnd).rows).toHaveLength(3);
    expect(readTableBytes(Uint8Array.from([...withoutEnd, 0, 0, 0, 0])).rows).toHaveLength(3);
  },
);

/**
 * Compressed tables (Arrow.jl's `compress=:lz4` / `:zstd`): files Polars writes are read with
 * exact values on every read path; files we write are compressed and read by Polars with the
 * same values; an unknown codec and a length prefix larger than its batch allows are refused
 * with typed errors before anything is decompressed.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Binary,
  compressionRegistry,
  CompressionType,
  Dictionary,
  Field,
  Int8,
  makeData,
  MessageReader,
  RecordBatch,
  RecordBatchFileReader,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  Uint8,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import pl from "nodejs-polars";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  FlatArray,
  ModelV1SchemaVersion,
  prepareCompression,
  readModelRow,
  readModelRowBytes,
  readModelRowFrom,
  readTable,
  readTableBatches,
  readTableBytes,
  readTableFrom,
  Weights,
  writeModelRow,
  writeModelRowBytes,
  writeTable,
  writeTableBytes,
  type TableCompression,
  type WriteTableOptions,
} from "legolas-ts";
import {
  type AllTypesV1,
  AllTypesV1SchemaVersion,
  DigitsModelV1,
  DigitsModelV1SchemaVersion,
} from "../../generated/index.js";
import { ipcFileChunks } from "../../../runtime/arrow/ipc/file-writer.js";
import { extraBuffersFile } from "../../hostile/helpers/crafted-batches.js";
import { weightsFile } from "../../hostile/helpers/crafted.js";
import { writingFramesWithoutContentSize } from "./helpers/zstd-frames.js";
import { tableToIPCCompressedAsArrowJl } from "./helpers/arrow-jl-compression.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-compression-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const CODECS: readonly TableCompression[] = ["lz4", "zstd"];

/** The columns both sides hold, as our rows have them. */
const ROWS = [
  {
    flag: true,
    small: 1,
    ubyte: 0,
    uint: 1,
    double: 0.5,
    text: "a",
    big: 1n,
    floats: Float32Array.of(1.5, 2),
    names: ["x"],
  },
  {
    flag: false,
    small: -2,
    ubyte: 255,
    uint: 2,
    double: -1.25,
    text: null,
    big: null,
    floats: Float32Array.of(),
    names: ["y", "z"],
  },
  // A string longer than 12 bytes sits in a data buffer of a Utf8View column, not inline.
  {
    flag: true,
    small: 300,
    ubyte: 7,
    uint: 4_000_000_000,
    double: 1e300,
    text: "a much longer string than twelve bytes",
    big: 9007199254740993n,
    floats: null,
    names: [],
  },
];
const COLUMNS = Object.keys(ROWS[0]!);

function pick(row: object): Record<string, unknown> {
  return Object.fromEntries(COLUMNS.map((name) => [name, (row as Record<string, unknown>)[name]]));
}

/** The same rows as a Polars DataFrame; int64 goes through strings (Polars's JS bigint input loses values). */
function polarsFrame(): pl.DataFrame {
  return pl.DataFrame([
    pl.Series(
      "flag",
      ROWS.map((r) => r.flag),
      pl.Bool,
    ),
    pl.Series(
      "small",
      ROWS.map((r) => r.small),
      pl.Int16,
    ),
    pl.Series(
      "ubyte",
      ROWS.map((r) => r.ubyte),
      pl.UInt8,
    ),
    pl.Series(
      "uint",
      ROWS.map((r) => r.uint),
      pl.UInt32,
    ),
    pl.Series(
      "double",
      ROWS.map((r) => r.double),
      pl.Float64,
    ),
    pl.Series(
      "text",
      ROWS.map((r) => r.text),
      pl.Utf8,
    ),
    pl
      .Series(
        "big",
        ROWS.map((r) => (r.big === null ? null : String(r.big))),
        pl.Utf8,
      )
      .cast(pl.Int64),
    pl.Series(
      "floats",
      ROWS.map((r) => (r.floats === null ? null : [...r.floats])),
      pl.List(pl.Float32),
    ),
    pl.Series(
      "names",
      ROWS.map((r) => r.names),
      pl.List(pl.Utf8),
    ),
  ]);
}

const polarsFile = (codec: TableCompression) => join(folder, `polars-${codec}.arrow`);
beforeAll(() => {
  for (const codec of CODECS) polarsFrame().writeIPC(polarsFile(codec), { compression: codec });
});

/** The codec of each record batch of an Arrow file, read from its messages (null: uncompressed). */
function batchCodecs(bytes: Uint8Array): (number | null)[] {
  const reader = new MessageReader(bytes.subarray(8));
  const codecs: (number | null)[] = [];
  for (let message = reader.readMessage(); message !== null; message = reader.readMessage()) {
    if (message.isRecordBatch()) codecs.push(message.header().compression?.type ?? null);
    reader.readMessageBody(message.bodyLength);
  }
  return codecs;
}

/** The 8-byte length prefix of every compressed buffer of every batch of an Arrow file. */
function compressedPrefixes(bytes: Uint8Array): bigint[] {
  const reader = new MessageReader(bytes.subarray(8));
  const prefixes: bigint[] = [];
  for (let message = reader.readMessage(); message !== null; message = reader.readMessage()) {
    const body = reader.readMessageBody(message.bodyLength);
    if (!message.isRecordBatch()) continue;
    for (const { offset, length } of message.header().buffers) {
      if (length > 0) prefixes.push(new DataView(body.buffer, body.byteOffset + offset, 8).getBigInt64(0, true));
    }
  }
  return prefixes;
}

// First in this file: no encoder (nor the WebAssembly zstd) has been loaded yet (vitest runs each test file in a process of its own).
test("before prepareCompression, ZSTD tables read with the pure-JavaScript decoder; a synchronous compressed write says what to await", async () => {
  expect(
    readTableBytes(new Uint8Array(readFileSync(polarsFile("zstd"))), {
      schemaVersion: AllTypesV1SchemaVersion,
    }).rows.map(pick),
  ).toEqual(ROWS);
  expect(() => writeTableBytes(ROWS, AllTypesV1SchemaVersion, { compression: "zstd" })).toThrow(
    expect.objectContaining({
      name: "CompressionUnavailableError",
      code: "compression_unavailable",
      message: expect.stringMatching(
        /^writing a ZSTD-compressed table needs its encoder, .*await prepareCompression\("zstd"\)/,
      ),
    }),
  );
  expect(() => writeTableBytes(ROWS, AllTypesV1SchemaVersion, { compression: "lz4" })).toThrow(
    /^writing an LZ4-compressed table needs its encoder, which loads asynchronously: await prepareCompression\("lz4"\)/,
  );
  await prepareCompression("zstd");
  expect(
    readTableBytes(writeTableBytes(ROWS, AllTypesV1SchemaVersion, { compression: "zstd" })).rows.map(pick),
  ).toEqual(ROWS);
});

describe("files written by Polars (Arrow's Rust implementation)", () => {
  test.each(CODECS)("%s: Polars really compressed them, and their strings are Utf8View", (codec) => {
    const bytes = new Uint8Array(readFileSync(polarsFile(codec)));
    expect(batchCodecs(bytes)).toEqual([codec === "lz4" ? CompressionType.LZ4_FRAME : CompressionType.ZSTD]);
    expect(String(tableFromIPC(bytes).schema.fields.find((f) => f.name === "text")!.type)).toBe("Utf8View");
  });

  test.each(CODECS)("%s: readTable, readTableBatches and readTableFrom give the exact values", async (codec) => {
    const options = { schemaVersion: AllTypesV1SchemaVersion };
    const { rows } = await readTable(polarsFile(codec), options);
    expect(rows.map(pick)).toEqual(ROWS);
    const batched: AllTypesV1[] = [];
    for await (const batch of readTableBatches(polarsFile(codec), options)) batched.push(...batch.rows);
    expect(batched).toEqual(rows);
    const fromBlob = await readTableFrom(new Blob([readFileSync(polarsFile(codec))]), options);
    expect(fromBlob.rows).toEqual(rows);
  });
});

describe("files as Arrow.jl writes them compressed", () => {
  /**
   * ROWS (or none) as Arrow.jl writes them with `compress=codec`: `text` dictionary-encoded (a
   * pooled column), its dictionary uncompressed; every buffer of the record batch compressed.
   */
  function arrowJlFile(
    codec: TableCompression,
    rows: typeof ROWS,
    format: "file" | "stream",
    emptyBuffers: "absent" | "framed",
  ) {
    const table = tableFromIPC(writeTableBytes(rows, AllTypesV1SchemaVersion));
    const text = table.schema.fields.findIndex((field) => field.name === "text");
    const pooled = vectorFromArray(
      rows.map((row) => row.text),
      new Dictionary(new Utf8(), new Int8()),
    );
    const fields = table.schema.fields.map((field, k) =>
      k === text ? new Field(field.name, pooled.type, true, field.metadata) : field,
    );
    const children = table.data[0]!.children.map((data, k) => (k === text ? pooled.data[0]! : data));
    const batch = new RecordBatch(
      new Schema(fields, table.schema.metadata),
      makeData({ type: new Struct(fields), length: rows.length, children }),
    );
    const type = codec === "lz4" ? CompressionType.LZ4_FRAME : CompressionType.ZSTD;
    return tableToIPCCompressedAsArrowJl(new Table([batch]), type, format, emptyBuffers);
  }

  test.each(CODECS.flatMap((codec) => (["absent", "framed"] as const).map((empty) => [codec, empty] as const)))(
    "%s, empty buffers %s: every buffer compressed, however small, reads with the exact values, an empty table too",
    async (codec, emptyBuffers) => {
      await prepareCompression(codec);
      for (const rows of [ROWS, []]) {
        for (const format of ["file", "stream"] as const) {
          const bytes = arrowJlFile(codec, rows, format, emptyBuffers);
          for (const validate of ["rows", "columns"] as const) {
            const read = readTableBytes(bytes, { schemaVersion: AllTypesV1SchemaVersion, validate });
            expect(read.rows.map(pick)).toEqual(rows);
          }
          if (format === "stream") continue;
          expect(batchCodecs(bytes)).toEqual([CODECS.indexOf(codec)]);
          expect(compressedPrefixes(bytes)).not.toContain(-1n);
          if (emptyBuffers === "framed" && rows.length === 0) expect(compressedPrefixes(bytes)).toContain(0n);
          const path = join(folder, `arrow-jl-${codec}-${emptyBuffers}-${rows.length}.arrow`);
          writeFileSync(path, bytes);
          const batched: AllTypesV1[] = [];
          for await (const batch of readTableBatches(path, { schemaVersion: AllTypesV1SchemaVersion }))
            batched.push(...batch.rows);
          expect(batched.map(pick)).toEqual(rows);
        }
      }
    },
  );
});

describe("files we write compressed", () => {
  test.each(CODECS)("%s: every record batch is compressed, and the file reads back equal", async (codec) => {
    const path = join(folder, `ours-${codec}.arrow`);
    await writeTable(path, ROWS, AllTypesV1SchemaVersion, { compression: codec, batchSize: 2 });
    expect(batchCodecs(new Uint8Array(readFileSync(path)))).toEqual([CODECS.indexOf(codec), CODECS.indexOf(codec)]);
    const { rows, identifier } = await readTable(path);
    expect(identifier).toBe(AllTypesV1SchemaVersion.identifier);
    expect(rows.map(pick)).toEqual(ROWS);
  });

  test.each(CODECS)("%s: Polars reads them with the same values", async (codec) => {
    const path = join(folder, `for-polars-${codec}.arrow`);
    // Enough rows that the buffers compress (a buffer that does not shrink is stored as it is).
    const many = Array.from({ length: 300 }, () => ROWS).flat();
    await writeTable(path, many, AllTypesV1SchemaVersion, { compression: codec });
    // Polars cannot represent the JuliaLang.* extension columns of the schema: it reads the plain ones.
    const frame = pl.readIPC(readFileSync(path), { columns: COLUMNS });
    const records = frame.drop("big").toRecords();
    expect(records).toEqual(
      many.map(({ big, floats, ...rest }) => ({ ...rest, floats: floats === null ? null : [...floats] })),
    );
    expect(frame.getColumn("big").cast(pl.Utf8).toArray()).toEqual(
      many.map((r) => (r.big === null ? null : String(r.big))),
    );
  });

  test("compression pays: a compressible table is several times smaller", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ ...ROWS[0]!, small: i % 7, text: "repeated text" }));
    const plain = writeTableBytes(rows, AllTypesV1SchemaVersion).length;
    for (const codec of CODECS) {
      await prepareCompression(codec);
      expect(writeTableBytes(rows, AllTypesV1SchemaVersion, { compression: codec }).length).toBeLessThan(plain / 4);
    }
  });

  test.each(CODECS)(
    "%s: a table that compresses more than the reader's budget allows (68 MB of zeros) is written so that it reads back",
    async (codec) => {
      await prepareCompression(codec);
      const n = 17_000_000;
      const zeros = new Weights([new FlatArray(new Float32Array(n), [n])]);
      const bytes = writeModelRowBytes({ weights: zeros, architecture_version: 1n }, ModelV1SchemaVersion, {
        compression: codec,
      });
      const { weights } = readModelRowBytes(bytes) as { weights: Weights };
      expect(weights.arrays[0]!.vec).toHaveLength(n);
      expect(weights.arrays[0]!.vec.every((value) => value === 0)).toBe(true);
      // What compression could not keep within the budget is stored as it is (the format's prefix -1).
      const declared = compressedPrefixes(bytes).filter((prefix) => prefix > 0n);
      const budget = Math.max(64 * 2 ** 20, 1024 * bytes.length);
      expect(Number(declared.reduce((sum, prefix) => sum + prefix, 0n))).toBeLessThanOrEqual(budget);
    },
  );

  test("zstd: a buffer larger than the WebAssembly zstd holds (1.2 GB) is stored as it is, and later zstd writes work", async () => {
    await prepareCompression("zstd");
    // calloc'd and never touched: the test reserves address space, not memory.
    const length = 1_200_000_000;
    const schema = new Schema([new Field("bytes", new Uint8(), false)]);
    const column = makeData({ type: new Uint8(), length, nullCount: 0, data: new Uint8Array(length) });
    const batch = new RecordBatch(
      schema,
      makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: [column] }),
    );
    let written = 0;
    for await (const chunk of ipcFileChunks(schema, [batch], "zstd")) written += chunk.byteLength;
    expect(written).toBeGreaterThan(length);
    const bytes = writeTableBytes(ROWS, AllTypesV1SchemaVersion, { compression: "zstd" });
    expect(batchCodecs(bytes)).toEqual([CODECS.indexOf("zstd")]);
    expect(readTableBytes(bytes).rows.map(pick)).toEqual(ROWS);
  });

  test.each(CODECS)("%s: writeModelRow / readModelRow keep the weights exactly", async (codec) => {
    const weights = new Weights(
      [
        FlatArray.fromShape(
          Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)),
          [3, 4],
        ),
        new FlatArray(Float32Array.of(0.5, -0.5), [2]),
      ],
      { layout: "tfjs" },
    );
    const row = new DigitsModelV1({ weights, config: { seed: 1, dropout_rate: 0.5 }, epoch: 3 });
    const path = join(folder, `model-${codec}.arrow`);
    await writeModelRow(path, row, DigitsModelV1SchemaVersion, { compression: codec });
    expect(batchCodecs(new Uint8Array(readFileSync(path)))).toEqual([CODECS.indexOf(codec)]);
    expect(await readModelRow(path)).toEqual(row);
    expect(await readModelRowFrom(new Blob([readFileSync(path)]))).toEqual(row);
  });
});

describe("refusals", () => {
  test("an unknown compression option is a typed error, before anything is written", async () => {
    const path = join(folder, "never.arrow");
    await expect(
      writeTable(path, ROWS, AllTypesV1SchemaVersion, { compression: "gzip" as TableCompression }),
    ).rejects.toMatchObject({
      name: "UnsupportedCompressionError",
      code: "compression_unsupported",
      message:
        'compression: "gzip" is not a compression legolas-ts can write; pass "lz4" or "zstd" ' +
        "(Arrow.jl's compress=:lz4 and :zstd), or leave compression out to write the table uncompressed",
    });
    expect(() => readFileSync(path)).toThrow();
  });

  test("prepareCompression of an options object's compression: left out, it has nothing to load; unknown, a typed rejection", async () => {
    const leftOut: WriteTableOptions = {};
    await expect(prepareCompression(leftOut.compression!)).resolves.toBeUndefined();
    await expect(prepareCompression("gzip" as TableCompression)).rejects.toMatchObject({
      code: "compression_unsupported",
    });
  });

  test("a record batch compressed with a codec we do not know names the codec, and is not called 'not an Arrow file'", async () => {
    // A writer that claims codec 2 (none exists yet): its bytes are LZ4, its header says 2.
    await prepareCompression("lz4");
    const registry = (compressionRegistry as unknown as { registry: Record<number, unknown> }).registry;
    registry[2] = compressionRegistry.get(CompressionType.LZ4_FRAME);
    let bytes: Uint8Array;
    try {
      const writer = new RecordBatchFileWriter({ compressionType: CompressionType.LZ4_FRAME });
      (writer as unknown as { _compression: { type: number } })._compression.type = 2;
      const table = tableFromIPC(writeTableBytes(ROWS, AllTypesV1SchemaVersion));
      bytes = writer.writeAll(table).toUint8Array(true);
    } finally {
      delete registry[2];
    }
    const expected = { name: "UnsupportedCompressionError", code: "compression_unsupported", codec: "codec 2" };
    expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining(expected));
    const path = join(folder, "codec-2.arrow");
    writeFileSync(path, bytes);
    await expect(readTable(path)).rejects.toMatchObject(expected);
    await expect(readTableBatches(path).next()).rejects.toMatchObject(expected);
  });

  /** `bytes` with the length prefix of the first non-empty buffer of the first record batch set to `declared`. */
  function withPrefix(bytes: Uint8Array, declared: bigint): Uint8Array {
    const block = RecordBatchFileReader.from(bytes).open().footer!.getRecordBatch(0)!;
    const message = new MessageReader(bytes.subarray(Number(block.offset))).readMessage()!;
    const header = message.header() as unknown as { buffers: { offset: number; length: number }[] };
    const buffer = header.buffers.find((b) => b.length > 0)!;
    const out = bytes.slice();
    new DataView(out.buffer).setBigInt64(Number(block.offset) + block.metaDataLength + buffer.offset, declared, true);
    return out;
  }

  test.each(CODECS)(
    "%s: a length prefix larger than its batch's rows allow is refused before it is allocated",
    async (codec) => {
      await prepareCompression(codec);
      const bytes = withPrefix(writeTableBytes(ROWS, AllTypesV1SchemaVersion, { compression: codec }), 1n << 40n);
      const expected = {
        name: "NotArrowFileError",
        message: expect.stringMatching(/declares 1099511627776 decompressed bytes where its 3 values need at most/),
      };
      expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining(expected));
      const path = join(folder, `bomb-${codec}.arrow`);
      writeFileSync(path, bytes);
      await expect(readTableBatches(path).next()).rejects.toMatchObject(expected);
    },
  );

  test.each(CODECS)("%s: a prefix that disagrees with the compressed bytes is a corrupt file", async (codec) => {
    await prepareCompression(codec);
    const bytes = withPrefix(writeTableBytes(ROWS, AllTypesV1SchemaVersion, { compression: codec }), 1n);
    expect(() => readTableBytes(bytes)).toThrow(
      expect.objectContaining({
        name: "NotArrowFileError",
        message: expect.stringMatching(codec === "lz4" ? /LZ4_FRAME buffer is corrupt/ : /ZSTD buffer is corrupt/),
      }),
    );
  });
});

describe("decompression bombs in the buffer vector", () => {
  const attacks = CODECS.flatMap((codec) =>
    (["file", "stream"] as const).flatMap((form) =>
      (["record", "dictionary"] as const).map((batch) => ({ codec, form, batch })),
    ),
  );

  test.each(attacks)(
    "$codec, $form form, $batch batch: 120 extra entries pointing at one 16 MiB frame are refused before anything is decompressed",
    async ({ codec, form, batch }) => {
      await prepareCompression(codec);
      const bytes = extraBuffersFile({ codec, form, batch, entries: 120, frameBytes: 16 << 20 });
      // Small on disk, 1.9 GB once apache-arrow decompressed every entry (it did, before).
      expect(bytes.length).toBeLessThan(100_000);
      const expected = {
        name: "NotArrowFileError",
        code: "not_arrow_file",
        message: expect.stringMatching(/decompression bomb/),
      };
      const rss = process.memoryUsage().rss;
      expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining(expected));
      const path = join(folder, `extra-buffers-${codec}-${form}-${batch}.arrow`);
      writeFileSync(path, bytes);
      await expect(readTable(path)).rejects.toMatchObject(expected);
      await expect(readTableBatches(path).next()).rejects.toMatchObject(expected);
      expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 2 ** 20);
    },
  );

  test("the entries past a batch's layout count like any other: a few small ones still read", async () => {
    await prepareCompression("zstd");
    const bytes = extraBuffersFile({ codec: "zstd", form: "file", batch: "record", entries: 3, frameBytes: 1024 });
    expect(readTableBytes(bytes).rows).toHaveLength(1);
  });
});

describe("ZSTD frames without their content size (as Polars writes them)", () => {
  /** Rows enough that every column's buffers compress. */
  const many = Array.from({ length: 300 }, () => ROWS).flat();

  test("read back with exact values", async () => {
    await prepareCompression("zstd");
    const bytes = writingFramesWithoutContentSize(() =>
      writeTableBytes(many, AllTypesV1SchemaVersion, { compression: "zstd" }),
    );
    expect(readTableBytes(bytes).rows.map(pick)).toEqual(many);
  });

  /** `bytes` with the first compressed buffer whose length is no multiple of 64 declaring `change` more bytes. */
  function withPrefixChanged(bytes: Uint8Array, change: bigint): Uint8Array {
    const block = RecordBatchFileReader.from(bytes).open().footer!.getRecordBatch(0)!;
    const bodyStart = Number(block.offset) + block.metaDataLength;
    const message = new MessageReader(bytes.subarray(Number(block.offset))).readMessage()!;
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const header = message.header() as unknown as { buffers: { offset: number; length: number }[] };
    const buffer = header.buffers.find(({ offset, length }) => {
      const declared = length > 0 ? view.getBigInt64(bodyStart + offset, true) : -1n;
      return declared > 0n && declared % 64n !== 0n;
    })!;
    const out = bytes.slice();
    const at = bodyStart + buffer.offset;
    new DataView(out.buffer).setBigInt64(at, view.getBigInt64(at, true) + change, true);
    return out;
  }

  test.each([
    ["shorter", -1n],
    ["longer", 1n],
  ])("a length prefix %s than the frame's content is refused, not truncated or zero-padded", async (_, change) => {
    await prepareCompression("zstd");
    const bytes = writingFramesWithoutContentSize(() =>
      writeTableBytes(many, AllTypesV1SchemaVersion, { compression: "zstd" }),
    );
    const expected = {
      name: "NotArrowFileError",
      message: expect.stringMatching(
        change < 0n
          ? /ZSTD buffer is corrupt: it decodes to more bytes than its length prefix declares/
          : /ZSTD buffer is corrupt: it decodes to \d+ bytes where its length prefix declares \d+/,
      ),
    };
    const lie = withPrefixChanged(bytes, change);
    expect(() => readTableBytes(lie)).toThrow(expect.objectContaining(expected));
    const path = join(folder, `zstd-lie-${change}.arrow`);
    writeFileSync(path, lie);
    await expect(readTable(path)).rejects.toMatchObject(expected);
    await expect(readTableBatches(path).next()).rejects.toMatchObject(expected);
  });

  test("a buffer of more than 256 MiB reads (fzstd used to turn its output into a string first)", async () => {
    await prepareCompression("zstd");
    // 268.8 MB of zeros in one Weights vec; a first column of incompressible bytes gives the file
    // the size the decompression budget asks of it (1024 times smaller than what it declares).
    const n = 67_200_000;
    const padding = new Uint8Array(randomBytes(300_000));
    const rowTable = tableFromIPC(
      weightsFile({ vec: new Float32Array(n), vecOffsets: [0, n], size: [BigInt(n)], sizeOffsets: [0, 1] }),
    );
    const table = new Table({ padding: vectorFromArray([padding], new Binary()) }).assign(rowTable);
    const bytes = writingFramesWithoutContentSize(() =>
      writeTableBytes(table, ModelV1SchemaVersion, { compression: "zstd" }),
    );
    expect(compressedPrefixes(bytes)).toContain(4n * BigInt(n));
    const { rows } = readTableBytes(bytes, { schemaVersion: ModelV1SchemaVersion });
    const vec = (rows[0] as { weights: Weights }).weights.arrays[0]!.vec;
    expect(vec.length).toBe(n);
    expect(vec[0]).toBe(0);
    expect(vec[n - 1]).toBe(0);
  }, 120_000);
});

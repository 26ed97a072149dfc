/**
 * Properties of compressed tables: random tables round-trip through both codecs on every read
 * path; the LZ4 frame decoder (written here from the format's specification) decodes whatever
 * lz4js encodes, and on damaged input only ever fails with its own error or returns exactly the
 * declared length; the ZSTD decoder does the same for damaged zstd frames, and decodes frames
 * with and without their content size, several in a row, to exactly their bytes or refuses.
 */
import { compressionRegistry, CompressionType } from "apache-arrow";
import fc from "fast-check";
import { expect, test } from "vitest";
import { prepareCompression, readTableBytes, writeTableBytes } from "legolas-ts";
import { decodeLz4Frames } from "../../../runtime/arrow/ipc/lz4-frame.js";
import { decodeZstdFrames } from "../../../runtime/arrow/ipc/zstd-frames.js";
import { withoutContentSize } from "./helpers/zstd-frames.js";
import { AllTypesV1, AllTypesV1SchemaVersion } from "../../generated/index.js";

const CODECS = ["lz4", "zstd"] as const;

/** Columns whose buffers compress in different ways: repeated strings, runs of numbers, nulls, bigints. */
const row = fc.record({
  flag: fc.boolean(),
  small: fc.constantFrom(0, 1, -1, 32767),
  ubyte: fc.integer({ min: 0, max: 255 }),
  uint: fc.constantFrom(0, 7, 2 ** 32 - 1),
  double: fc.double(),
  text: fc.option(fc.constantFrom("", "a", "category", "a string longer than twelve bytes"), { nil: null }),
  big: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }),
  floats: fc.option(fc.float32Array({ maxLength: 40 }), { nil: null }),
  names: fc.option(fc.array(fc.constantFrom("x", "yy", "zzz"), { maxLength: 5 }), { nil: null }),
});

test("random tables round-trip through LZ4 and ZSTD, validated and trusted", async () => {
  for (const codec of CODECS) await prepareCompression(codec);
  fc.assert(
    fc.property(
      fc.array(row, { maxLength: 60 }),
      fc.constantFrom(...CODECS),
      fc.integer({ min: 1, max: 25 }),
      (inputs, codec, batchSize) => {
        const expected = inputs.map((input) => new AllTypesV1(input));
        const bytes = writeTableBytes(inputs, AllTypesV1SchemaVersion, { compression: codec, batchSize });
        expect(readTableBytes(bytes).rows).toStrictEqual(expected);
        expect(readTableBytes(bytes, { validate: "columns" }).rows).toStrictEqual(expected);
      },
    ),
    { numRuns: 25 },
  );
});

/** Bytes with runs and repeats, so that LZ4 finds matches (overlapping ones too). */
const compressible = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 20 }),
      fc
        .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 300 }))
        .map(([byte, n]) => new Uint8Array(n).fill(byte)),
    ),
    { maxLength: 30 },
  )
  .map((parts) => {
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0) * 2);
    let at = 0;
    for (const part of parts) out.set(part, at), (at += part.length);
    out.copyWithin(at, 0, at); // the whole again: long matches
    return out;
  });

test("the LZ4 frame decoder decodes what lz4js encodes", async () => {
  const { compress } = (await import("lz4js")) as unknown as { compress: (bytes: Uint8Array) => ArrayLike<number> };
  fc.assert(
    fc.property(compressible, (bytes) => {
      expect(decodeLz4Frames(Uint8Array.from(compress(bytes)), bytes.length)).toEqual(bytes);
    }),
    { numRuns: 100 },
  );
});

test("damaged LZ4 and ZSTD buffers end in the decoder's own error or in exactly the declared bytes", async () => {
  await prepareCompression("zstd");
  const { compress: lz4 } = (await import("lz4js")) as unknown as {
    compress: (bytes: Uint8Array) => ArrayLike<number>;
  };
  const { compress: zstd } = await import("@bokuweb/zstd-wasm");
  const damage = fc.tuple(
    compressible,
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    fc.nat({ max: 64 }),
  );
  fc.assert(
    fc.property(damage, fc.constantFrom("lz4", "zstd"), ([bytes, flips, cut], codec) => {
      const frame = Uint8Array.from(codec === "lz4" ? lz4(bytes) : zstd(bytes, 3));
      for (const [at, value] of flips) frame[at % frame.length] = value;
      const damaged = frame.subarray(0, Math.max(0, frame.length - cut));
      // The ZSTD decoder is reached through apache-arrow's registry; call it the way apache-arrow does.
      try {
        const out =
          codec === "lz4" ? decodeLz4Frames(damaged, bytes.length) : decodeThroughRegistry(damaged, bytes.length);
        expect(out.length).toBe(bytes.length);
      } catch (error) {
        expect(String((error as Error).message)).toMatch(
          codec === "lz4" ? /^an LZ4_FRAME buffer is corrupt/ : /^a ZSTD buffer is corrupt/,
        );
      }
    }),
    { numRuns: 300 },
  );
});

// Found by the property above (seed -1245623124): one byte of the footer turned a column's
// metadata value into no text, and comparing the footer's schema with the stream's threw a TypeError.
test("a footer metadata value damaged into no text is a CorruptTableError that names the column", async () => {
  await prepareCompression("zstd");
  const bytes = compressedFile("zstd");
  bytes[2073850204 % bytes.length] = 240;
  expect(() => readTableBytes(bytes)).toThrow(
    expect.objectContaining({
      name: "CorruptTableError",
      message: expect.stringContaining('("elapsed_us")\'s metadata "ARROW:extension:name" is null in the footer'),
    }),
  );
});

/** The registered ZSTD decoder, handed a view preceded by its 8-byte length prefix, as apache-arrow's reader does. */
function decodeThroughRegistry(frame: Uint8Array, length: number): Uint8Array {
  const body = new Uint8Array(8 + frame.length);
  new DataView(body.buffer).setBigInt64(0, BigInt(length), true);
  body.set(frame, 8);
  const zstd = compressionRegistry.get(CompressionType.ZSTD) as { decode(bytes: Uint8Array): Uint8Array };
  return zstd.decode(body.subarray(8));
}

/** 40 rows of test.all-types@1, in batches of 16, with `codec`'s bodies: the files the damage tests break. */
function compressedFile(codec: (typeof CODECS)[number]): Uint8Array {
  const rows = Array.from({ length: 40 }, (_, i) => ({
    flag: i % 3 === 0,
    small: i,
    ubyte: 1,
    uint: 2,
    double: i / 8,
    text: i % 4 === 0 ? null : "category",
    floats: Float32Array.of(i, i, i),
  }));
  return writeTableBytes(rows, AllTypesV1SchemaVersion, { compression: codec, batchSize: 16 });
}

test("damaged compressed files end in a typed legolas-ts error or in rows that validate", async () => {
  for (const codec of CODECS) await prepareCompression(codec);
  const files = CODECS.map(compressedFile);
  fc.assert(
    fc.property(
      fc.constantFrom(...files),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      (file, flips) => {
        const bytes = file.slice();
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        try {
          for (const row of readTableBytes(bytes).rows) expect(AllTypesV1.validate(row)).toEqual([]);
        } catch (error) {
          expect(error).toMatchObject({ name: expect.any(String), code: expect.any(String) });
        }
      },
    ),
    { numRuns: 300 },
  );
});

test("ZSTD frames with or without their content size, one or several, decode to exactly their bytes; any other length is refused", async () => {
  const { compress: zstd } = await import("@bokuweb/zstd-wasm");
  await prepareCompression("zstd");
  /** A skippable frame (RFC 8878 section 3.1.2): it holds nothing a decoder gives back. */
  const skippable = Uint8Array.of(0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(compressible, fc.boolean()), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      fc.integer({ min: -3, max: 3 }).filter((k) => k !== 0),
      (parts, skip, wrong) => {
        const frames = parts.map(([bytes, sized]) => {
          const frame = Uint8Array.from(zstd(bytes, 3));
          return sized ? frame : withoutContentSize(frame);
        });
        const source = concat(skip ? [skippable, ...frames] : frames);
        const expected = concat(parts.map(([bytes]) => bytes));
        expect(decodeZstdFrames(source, expected.length)).toEqual(expected);
        if (expected.length + wrong >= 0) {
          expect(() => decodeZstdFrames(source, expected.length + wrong)).toThrow(/^a ZSTD buffer is corrupt/);
        }
      },
    ),
    { numRuns: 100 },
  );
});

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, at), (at += part.length);
  return out;
}

test("a ZSTD frame whose header declares one byte more than its blocks hold is refused, by fzstd's path and the WebAssembly one", async () => {
  const { compress: zstd } = await import("@bokuweb/zstd-wasm");
  await prepareCompression("zstd");
  const bytes = new Uint8Array(5000).map((_, i) => i % 251);
  const frame = Uint8Array.from(zstd(bytes, 3));
  // A single-segment frame of 5,000 bytes keeps its size in 2 bytes, less 256, after the descriptor.
  expect(frame[4]! >> 6).toBe(1);
  const lie = frame.slice();
  new DataView(lie.buffer).setUint16(5, 5001 - 256, true);
  expect(() => decodeZstdFrames(lie, 5001)).toThrow(
    /^a ZSTD buffer is corrupt: a frame decodes to 5000 bytes where its header says 5001/,
  );
  expect(() => decodeThroughRegistry(lie, 5001)).toThrow(/^a ZSTD buffer is corrupt/);
});

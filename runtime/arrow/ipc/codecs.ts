/**
 * Arrow IPC body compression: the LZ4_FRAME and ZSTD codecs that Arrow.jl writes
 * (`Legolas.write(path, t, sv; compress=:lz4)` / `:zstd`, Arrow.jl `src/write.jl`), registered
 * with apache-arrow's `compressionRegistry` by the runtime itself.
 *
 * Decoding is synchronous and always available, in Node and in browsers: LZ4 frames with the
 * bounded decoder of ipc/lz4-frame.ts, ZSTD with fzstd (pure JavaScript). Each decoder writes into
 * an output of exactly the length the buffer's 8-byte prefix declares, a length that guard/ipc-bounds.ts
 * has checked against the batch's row counts before apache-arrow reads the batch.
 *
 * Encoding needs code that is not worth loading for every reader: lz4js for LZ4 and the zstd
 * library compiled to WebAssembly (@bokuweb/zstd-wasm) for ZSTD, whose module must be compiled
 * asynchronously (browsers refuse to compile large WebAssembly synchronously). apache-arrow's
 * writer calls `encode` synchronously, so {@link prepareCompression} loads an encoder once, and
 * `writeTable` / `writeModelRow` call it themselves; `writeTableBytes` (synchronous) throws a
 * `CompressionUnavailableError` that says to await it first.
 */
import { CompressionType, compressionRegistry } from "apache-arrow";
import { decompress as zstdDecompress } from "fzstd";
import { CompressionUnavailableError, UnsupportedCompressionError } from "../errors.js";
import { decodeLz4Frames } from "./lz4-frame.js";

/** The codecs a table can be written with: Arrow's LZ4_FRAME and ZSTD, Arrow.jl's `:lz4` and `:zstd`. */
export type TableCompression = "lz4" | "zstd";

const CODECS: Readonly<Record<TableCompression, CompressionType>> = {
  lz4: CompressionType.LZ4_FRAME,
  zstd: CompressionType.ZSTD,
};

/** The codecs numbered `codecs` in a file (Message.fbs `CompressionType`) by their write option's name, sorted. */
export function compressionsOf(codecs: Iterable<number>): TableCompression[] {
  const names = Object.keys(CODECS) as TableCompression[];
  return names.filter((name) => [...codecs].includes(CODECS[name]));
}

/** The name of the codec numbered `codec` in a file (Message.fbs `CompressionType`). */
export function codecName(codec: number): string {
  return CompressionType[codec] ?? `codec ${codec}`;
}

type Encode = (bytes: Uint8Array) => Uint8Array;

/** The WebAssembly zstd's decoder, once {@link prepareCompression} has loaded it. */
let wasmDecompress: ((bytes: Uint8Array) => Uint8Array) | null = null;

const encoders = new Map<TableCompression, Encode>();
const loading = new Map<TableCompression, Promise<void>>();

/**
 * The length an Arrow buffer declares for its decompressed bytes. apache-arrow hands `decode`
 * the bytes after the 8-byte little-endian prefix as a view of the message body
 * (`_decompressBuffers` in its ipc/reader), so the prefix is the 8 bytes just before them.
 */
function declaredLength(bytes: Uint8Array): number {
  if (bytes.byteOffset < 8) throw new Error("a compressed Arrow buffer without its length prefix");
  return Number(new DataView(bytes.buffer, bytes.byteOffset - 8, 8).getBigInt64(0, true));
}

function decodeZstd(source: Uint8Array, length: number): Uint8Array {
  const declared = zstdContentSize(source);
  if (declared !== null && declared !== length) {
    throw new Error(
      `a ZSTD buffer is corrupt: its frame holds ${declared} bytes where its length prefix declares ${length}`,
    );
  }
  // The WebAssembly zstd, once loaded for writing, decodes several times faster than fzstd; it is
  // given only frames whose declared size is the checked prefix (its output is sized by it).
  if (declared === length && wasmDecompress !== null) {
    let output: Uint8Array;
    try {
      output = wasmDecompress(source);
    } catch (error) {
      throw new Error(`a ZSTD buffer is corrupt: ${(error as Error).message}`, { cause: error });
    }
    if (output.length !== length)
      throw new Error(
        `a ZSTD buffer is corrupt: it decodes to ${output.length} bytes where its length prefix declares ${length}`,
      );
    return output;
  }
  // With an output given, fzstd allocates nothing else and throws rather than write past its end.
  const output = new Uint8Array(length);
  try {
    zstdDecompress(source, output);
  } catch (error) {
    throw new Error(`a ZSTD buffer is corrupt: ${(error as Error).message}`, { cause: error });
  }
  return output;
}

/** Frame_Content_Size of a zstd frame header (RFC 8878 section 3.1.1.1), or `null` when it is absent. */
function zstdContentSize(frame: Uint8Array): number | null {
  if (frame.length < 6 || frame[0] !== 0x28 || frame[1] !== 0xb5 || frame[2] !== 0x2f || frame[3] !== 0xfd) {
    throw new Error("a ZSTD buffer is corrupt: it does not start with a zstd frame");
  }
  const descriptor = frame[4]!;
  const singleSegment = (descriptor >> 5) & 1;
  const sizeBytes = [singleSegment, 2, 4, 8][descriptor >> 6]!;
  if (sizeBytes === 0) return null;
  const at = 5 + (singleSegment === 1 ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]!;
  if (at + sizeBytes > frame.length) throw new Error("a ZSTD buffer is corrupt: it ends inside its frame header");
  let size = 0;
  for (let k = sizeBytes - 1; k >= 0; k--) size = size * 256 + frame[at + k]!;
  return sizeBytes === 2 ? size + 256 : size;
}

const DECODERS: Readonly<Record<TableCompression, (source: Uint8Array, length: number) => Uint8Array>> = {
  lz4: decodeLz4Frames,
  zstd: decodeZstd,
};

/** Registers both codecs with apache-arrow, with their encoders once loaded. */
function register(compression: TableCompression): void {
  const decode = DECODERS[compression];
  const encode = encoders.get(compression);
  compressionRegistry.set(CODECS[compression], {
    decode: (bytes: Uint8Array) => decode(bytes, declaredLength(bytes)),
    ...(encode === undefined ? {} : { encode }),
  });
}
register("lz4");
register("zstd");

/**
 * Loads the encoder of `compression` (once; later calls return at once). Needed before a
 * synchronous compressed write (`writeTableBytes`, `writeModelRowBytes`); the asynchronous
 * writers call it themselves. For `"zstd"` it also makes reads of ZSTD tables faster (the
 * WebAssembly decoder replaces the pure-JavaScript one; README, "Compression and dictionary columns").
 */
export function prepareCompression(compression: TableCompression): Promise<void> {
  compressionType(compression, false); // an unknown name fails here, not in a loader
  let pending = loading.get(compression);
  if (pending === undefined) {
    pending = loadEncoder(compression).then((encode) => {
      encoders.set(compression, encode);
      register(compression);
    });
    pending.catch(() => loading.delete(compression)); // a failed load can be retried
    loading.set(compression, pending);
  }
  return pending;
}

async function loadEncoder(compression: TableCompression): Promise<Encode> {
  if (compression === "lz4") {
    const lz4 = (await import("lz4js")) as unknown as { compress: Encode; default?: { compress: Encode } };
    const compress = lz4.default?.compress ?? lz4.compress;
    return (bytes) => Uint8Array.from(compress(bytes));
  }
  const zstd = await import("@bokuweb/zstd-wasm");
  await zstd.init();
  wasmDecompress = zstd.decompress;
  // Level 3 is zstd's default, and what Arrow C++ and Arrow.jl use unless told otherwise.
  return (bytes) => zstd.compress(bytes, 3);
}

/**
 * apache-arrow's `compressionType` for a write option: `null` for none. With `ready`, the
 * encoder must have been loaded ({@link prepareCompression}).
 */
export function compressionType(compression: TableCompression | undefined, ready = true): CompressionType | null {
  if (compression === undefined) return null;
  if (!Object.hasOwn(CODECS, compression)) throw new UnsupportedCompressionError(JSON.stringify(compression));
  if (ready && !encoders.has(compression)) throw new CompressionUnavailableError(compression);
  return CODECS[compression];
}

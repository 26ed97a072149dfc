/**
 * Arrow IPC body compression: the LZ4_FRAME and ZSTD codecs that Arrow.jl writes
 * (`Legolas.write(path, t, sv; compress=:lz4)` / `:zstd`, Arrow.jl `src/write.jl`), registered
 * with apache-arrow's `compressionRegistry` by the runtime itself.
 *
 * Decoding is synchronous and always available, in Node and in browsers: LZ4 frames with the
 * bounded decoder of ipc/lz4-frame.ts, ZSTD with fzstd (pure JavaScript) through ipc/zstd-frames.ts.
 * Each decoder writes into an output of exactly the length the buffer's 8-byte prefix declares,
 * a length that guard/compressed-bodies.ts has checked against the batch's row counts before
 * apache-arrow reads the batch, and refuses data that decodes to any other length.
 *
 * Encoding needs code that is not worth loading for every reader: lz4js for LZ4 and the zstd
 * library compiled to WebAssembly (@bokuweb/zstd-wasm) for ZSTD, whose module must be compiled
 * asynchronously (browsers refuse to compile large WebAssembly synchronously). apache-arrow's
 * writer calls `encode` synchronously, so {@link prepareCompression} loads an encoder once, and
 * `writeTable` / `writeModelRow` call it themselves; `writeTableBytes` (synchronous) throws a
 * `CompressionUnavailableError` that says to await it first.
 */
import { CompressionType, compressionRegistry } from "apache-arrow";
import { CompressionUnavailableError, UnsupportedCompressionError } from "../errors.js";
import { decodeLz4Frames } from "./lz4-frame.js";
import { untilWasmLoaded } from "./wasm-abort.js";
import { decodeZstdFrames, framesOf } from "./zstd-frames.js";

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

/** Limits of the WebAssembly zstd; the defaults, {@link ZSTD_WASM_LIMITS}, are its own. Tests make them small. */
export interface ZstdWasmLimits {
  /**
   * The largest buffer it is given to compress, and the largest output it decompresses into.
   * Its memory stops at 2 GiB and holds both a buffer and its output. Compressing 1.08 GB, it
   * runs out and writes where it should not, and from then on every ZSTD write of the process
   * fails ('null function or function signature mismatch'); decompressing 1.1 GB of
   * incompressible data, it fails ('code -74'), and the buffer is read as corrupt. Its memory
   * also never shrinks, so this bounds what a read or a write keeps after it (about twice this).
   * A larger buffer is written uncompressed, as one that compression does not shrink is (the
   * file is as valid, only larger), and read with fzstd.
   */
  readonly maxBytes: number;
}

const ZSTD_WASM_LIMITS: ZstdWasmLimits = { maxBytes: 512 * 2 ** 20 };

/**
 * A ZSTD buffer of `length` decompressed bytes. The WebAssembly zstd, once loaded for writing,
 * decodes a frame several times faster than fzstd, and checks its content against its header
 * itself: it is given a buffer of one frame whose header declares the checked length (its
 * output is sized by the header), within `limits` (a frame's input is never much longer than
 * its output). Everything else goes through ipc/zstd-frames.ts, which refuses a frame whose
 * content is not exactly as long as the prefix says.
 */
export function decodeZstd(source: Uint8Array, length: number, limits = ZSTD_WASM_LIMITS): Uint8Array {
  if (wasmDecompress !== null && length <= limits.maxBytes) {
    const frames = framesOf(source);
    if (frames.length === 1 && frames[0]!.contentSize === length) {
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
  }
  return decodeZstdFrames(source, length);
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
 * WebAssembly decoder replaces the pure-JavaScript one; docs/tables.md, "Compression and dictionary columns").
 * Given no compression (`undefined`, as an options object that leaves it out holds), it has nothing to load.
 */
export async function prepareCompression(compression: TableCompression): Promise<void> {
  // An unknown name fails here, not in a loader: as a rejection, async, so that .catch() sees it.
  if (compressionType(compression, false) === null) return;
  let pending = loading.get(compression);
  if (pending === undefined) {
    pending = loadEncoder(compression).then((encode) => {
      encoders.set(compression, encode);
      register(compression);
    });
    // A failed load can be retried (a chunk that did not arrive), but not the WebAssembly zstd's
    // start, which once aborted never starts again in the page: every later call gets the same
    // error, which says to reload.
    pending.catch((error) => {
      if (!(error instanceof CompressionUnavailableError)) loading.delete(compression);
    });
    loading.set(compression, pending);
  }
  return pending;
}

/**
 * What a bundle needs for the ZSTD encoder: @bokuweb/zstd-wasm reads zstd.wasm from beside the
 * script that imports it (`import.meta.url` in browsers, `__dirname` in Node), which a bundler
 * must copy there (ipc/wasm-abort.ts).
 */
const SHIP_ZSTD_WASM =
  "@bokuweb/zstd-wasm loads zstd.wasm from beside the script that imports it: Vite and webpack 5 copy it there; " +
  "with esbuild, bundle as ES modules (--format=esm) and copy node_modules/@bokuweb/zstd-wasm/dist/web/zstd.wasm next to the bundle " +
  "(a bundle that Node runs needs it too), then reload the page (or restart the server). Reading ZSTD tables does not need it";

/** What a process needs to instantiate the ZSTD encoder when its engine cannot reserve the module's memory. */
const RESERVE_WASM_MEMORY =
  "The engine could not reserve its memory: V8 reserves about 10 GB of address space for each WebAssembly memory, " +
  "which a limit on address space (ulimit -v) may not leave; raise or lift that limit, " +
  'or write with compression: "lz4" or none. Reading ZSTD tables does not need it';

async function loadEncoder(compression: TableCompression): Promise<Encode> {
  if (compression === "lz4") {
    const lz4 = (await import("lz4js")) as unknown as { compress: Encode; default?: { compress: Encode } };
    const compress = lz4.default?.compress ?? lz4.compress;
    return (bytes) => Uint8Array.from(compress(bytes));
  }
  const zstd = await import("@bokuweb/zstd-wasm");
  try {
    await untilWasmLoaded(() => zstd.init());
  } catch (error) {
    // A RangeError is the engine refusing the module its memory, not a file the bundle left out.
    const advice = error instanceof RangeError ? RESERVE_WASM_MEMORY : SHIP_ZSTD_WASM;
    const reason = `its WebAssembly did not load (${(error as Error).message}). ${advice}`;
    throw new CompressionUnavailableError(compression, reason);
  }
  wasmDecompress = zstd.decompress;
  // Level 3 is zstd's default, and what Arrow C++ and Arrow.jl use unless told otherwise.
  return (bytes) => (bytes.length > ZSTD_WASM_LIMITS.maxBytes ? bytes : zstd.compress(bytes, 3));
}

/**
 * apache-arrow's `compressionType` for a write option: `null` for none. With `ready`, the
 * encoder must have been loaded ({@link prepareCompression}).
 */
export function compressionType(compression: TableCompression | undefined, ready = true): CompressionType | null {
  if (compression === undefined) return null;
  if (!Object.hasOwn(CODECS, compression))
    throw new UnsupportedCompressionError(JSON.stringify(compression), undefined, "option");
  if (ready && !encoders.has(compression)) throw new CompressionUnavailableError(compression);
  return CODECS[compression];
}

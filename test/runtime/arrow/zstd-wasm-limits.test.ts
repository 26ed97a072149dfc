/**
 * What the WebAssembly zstd is given to decompress: no output past its memory's limit
 * (`ZSTD_WASM_LIMITS`), which fzstd decodes instead. At its real size, 512 MiB, showing it
 * takes a buffer of over 1.07 GB of incompressible data, which the WebAssembly zstd refuses
 * (its memory must hold the buffer and its output): a test holding 2.2 GB, too much for the
 * suite. Here the limit is made small, and the buffers the WebAssembly decoder is given counted.
 */
import { randomBytes } from "node:crypto";
import { expect, test, vi } from "vitest";
import { decodeZstd, prepareCompression } from "../../../runtime/arrow/ipc/codecs.js";

const wasm = vi.hoisted(() => ({ decodes: 0 }));

vi.mock("@bokuweb/zstd-wasm", async (importOriginal) => {
  const zstd = await importOriginal<typeof import("@bokuweb/zstd-wasm")>();
  const decompress = (bytes: Uint8Array) => {
    wasm.decodes++;
    return zstd.decompress(bytes);
  };
  return { ...zstd, decompress };
});

test("once the WebAssembly zstd is loaded, a ZSTD buffer decompressing past ZstdWasmLimits.maxBytes is decoded by fzstd, and one within it by the WebAssembly zstd, to the same bytes", async () => {
  await prepareCompression("zstd");
  const { compress } = await import("@bokuweb/zstd-wasm");
  const bytes = new Uint8Array(randomBytes(64 * 1024));
  const frame = compress(bytes, 3);

  expect(decodeZstd(frame, bytes.length, { maxBytes: bytes.length })).toEqual(bytes);
  expect(wasm.decodes).toBe(1);
  expect(decodeZstd(frame, bytes.length, { maxBytes: bytes.length - 1 })).toEqual(bytes);
  expect(wasm.decodes).toBe(1);
});

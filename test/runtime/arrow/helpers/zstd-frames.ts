/**
 * ZSTD frames as Arrow's Rust writer (and so Polars) makes them: without Frame_Content_Size in
 * their header (RFC 8878 section 3.1.1.1), so that a reader learns their length only by decoding
 * them. Made from the frames the WebAssembly zstd writes by rewriting the header alone.
 */
import { CompressionType, compressionRegistry } from "apache-arrow";

/** `frame` (one zstd frame that declares its content size) with that size left out of its header. */
export function withoutContentSize(frame: Uint8Array): Uint8Array {
  const descriptor = frame[4]!;
  const singleSegment = (descriptor >> 5) & 1;
  const sizeBytes = [singleSegment, 2, 4, 8][descriptor >> 6]!;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3]!;
  const headerEnd = 5 + (singleSegment === 1 ? 0 : 1) + dictionaryBytes + sizeBytes;
  let content = 0;
  for (let k = sizeBytes - 1; k >= 0; k--) content = content * 256 + frame[headerEnd - sizeBytes + k]!;
  if (sizeBytes === 2) content += 256;
  // A frame without its size needs a window descriptor: the smallest power of two that holds it all.
  const windowDescriptor =
    singleSegment === 1 ? Math.max(0, Math.ceil(Math.log2(Math.max(content, 1024))) - 10) << 3 : frame[5]!;
  const out = new Uint8Array(frame.length - sizeBytes + singleSegment);
  out.set(frame.subarray(0, 4));
  out[4] = descriptor & 0b0001_1111 & ~0b0010_0000; // no size, not a single segment
  out[5] = windowDescriptor;
  out.set(frame.subarray(5 + (singleSegment === 1 ? 0 : 1), headerEnd - sizeBytes), 6);
  out.set(frame.subarray(headerEnd), 6 + dictionaryBytes);
  return out;
}

/**
 * Runs `write` with the registered ZSTD encoder (loaded by `prepareCompression("zstd")`) making
 * frames without their content size, as Polars's writer does.
 */
export function writingFramesWithoutContentSize<T>(write: () => T): T {
  const codec = compressionRegistry.get(CompressionType.ZSTD)!;
  const encode = codec.encode!;
  compressionRegistry.set(CompressionType.ZSTD, { ...codec, encode: (bytes) => withoutContentSize(encode(bytes)) });
  try {
    return write();
  } finally {
    compressionRegistry.set(CompressionType.ZSTD, codec);
  }
}

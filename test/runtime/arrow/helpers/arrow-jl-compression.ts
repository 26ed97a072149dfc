/**
 * An IPC file or stream whose record batches are compressed as Arrow.jl compresses them
 * (`compress=:lz4` / `:zstd`; apache/arrow-julia src/arraytypes/compressed.jl and each array
 * type's `compress`): every buffer is compressed and prefixed by its length, also where the frame
 * comes out longer than the bytes (Arrow.jl never stores a buffer as it is, under length -1, as
 * apache-arrow and legolas-ts do then); a validity bitmap of a column without nulls takes no bytes
 * at all; a data buffer of no bytes is a frame of nothing, prefixed by 0. apache-arrow hands this
 * writer both of the last two as empty buffers, so `emptyBuffers` says how every empty one is
 * written: `"absent"` (0 bytes) or `"framed"`. Dictionary batches are written uncompressed:
 * Arrow.jl compresses a column as it returns it from `toarrowvector`, never the values of its
 * dictionary, which src/write.jl's `makedictionarybatchmsg` writes as they are. The codec's
 * encoder must be loaded (`prepareCompression`).
 */
import {
  type CompressionType,
  compressionRegistry,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  RecordBatchWriter,
  type Table,
} from "apache-arrow";
import { BufferRegion } from "apache-arrow/ipc/metadata/message";

interface WriterInternals {
  _compression: unknown;
  _compressBodyBuffers(buffers: ArrayBufferView[]): {
    byteLength: number;
    bufferRegions: BufferRegion[];
    buffers: ArrayBufferView[];
  };
  _writeDictionaryBatch(...args: unknown[]): unknown;
}

export function tableToIPCCompressedAsArrowJl(
  table: Table,
  codec: CompressionType,
  format: "file" | "stream",
  emptyBuffers: "absent" | "framed",
): Uint8Array {
  const Writer = format === "file" ? RecordBatchFileWriter : RecordBatchStreamWriter;
  const base = RecordBatchWriter.prototype as unknown as WriterInternals;
  const own = Writer.prototype as unknown as WriterInternals;
  const { _compressBodyBuffers: compressBody } = base;
  const { _writeDictionaryBatch: writeDictionary } = own;
  base._compressBodyBuffers = (buffers) => compressedAsArrowJl(buffers, codec, emptyBuffers);
  own._writeDictionaryBatch = function (this: WriterInternals, ...args) {
    const compression = this._compression;
    this._compression = null;
    try {
      return writeDictionary.apply(this, args);
    } finally {
      this._compression = compression;
    }
  };
  try {
    return Writer.writeAll(table, { compressionType: codec }).toUint8Array(true);
  } finally {
    base._compressBodyBuffers = compressBody;
    own._writeDictionaryBatch = writeDictionary;
  }
}

/** A body's buffers, each its 8-byte little-endian uncompressed length then its frame, 8-byte aligned. */
function compressedAsArrowJl(
  buffers: ArrayBufferView[],
  codec: CompressionType,
  emptyBuffers: "absent" | "framed",
): ReturnType<WriterInternals["_compressBodyBuffers"]> {
  const encode = compressionRegistry.get(codec)!.encode!;
  const written: Uint8Array[] = [];
  const bufferRegions: BufferRegion[] = [];
  let at = 0;
  for (const buffer of buffers) {
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    if (bytes.length === 0 && emptyBuffers === "absent") {
      written.push(new Uint8Array(0), new Uint8Array(0));
      bufferRegions.push(new BufferRegion(at, 0));
      continue;
    }
    const frame = encode(bytes);
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigInt64(0, BigInt(bytes.length), true);
    written.push(prefix, frame);
    at = alignedTo8(at);
    bufferRegions.push(new BufferRegion(at, 8 + frame.length));
    at += 8 + frame.length;
  }
  return { byteLength: alignedTo8(at), bufferRegions, buffers: written };
}

const alignedTo8 = (n: number) => (n + 7) & ~7;

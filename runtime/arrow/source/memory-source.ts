/**
 * Bytes already at hand as a {@link RandomAccessSource}: a `Uint8Array` (each range a view, no
 * copy), or a `Blob` / dropped `File`, whose ranges are sliced and read one by one, so a browser
 * reads a few columns of a large local file without loading it. A signal stops either before
 * each of its reads (and a `Blob` before each slice): a property read, no listener.
 */
import { isDetached } from "../../weights-shape.js";
import { detachedBytesError, messageOf, SourceReadError, throwIfReadAborted } from "./errors.js";
import type { ByteRange, RandomAccessSource } from "./byte-source.js";
import { readMerged } from "./coalesce.js";

class BytesSource implements RandomAccessSource {
  bytesRead = 0;

  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
    private readonly signal: AbortSignal | undefined,
  ) {}

  get size(): number {
    return this.bytes.length;
  }

  async read(ranges: readonly ByteRange[]): Promise<Uint8Array[]> {
    this.assertNotAborted();
    // The caller's bytes, transferred since the file was opened.
    if (isDetached(this.bytes)) throw detachedBytesError(this.name);
    return ranges.map(({ at, length }) => {
      this.bytesRead += length;
      return this.bytes.subarray(at, at + length);
    });
  }

  async assertUnchanged(): Promise<void> {}

  assertNotAborted(): void {
    throwIfReadAborted(this.name, this.signal);
  }

  async close(): Promise<void> {}
}

/** Slices this close are read as one. */
const BLOB_MAX_GAP = 64 * 1024;

class BlobSource implements RandomAccessSource {
  bytesRead = 0;

  constructor(
    readonly name: string,
    private readonly blob: Blob,
    private readonly signal: AbortSignal | undefined,
  ) {}

  get size(): number {
    return this.blob.size;
  }

  read(ranges: readonly ByteRange[]): Promise<Uint8Array[]> {
    return readMerged(ranges, BLOB_MAX_GAP, async ({ at, length }) => {
      this.assertNotAborted();
      let bytes: ArrayBuffer;
      try {
        bytes = await this.blob.slice(at, at + length).arrayBuffer();
      } catch (error) {
        throw blobReadError(this.name, error);
      }
      this.bytesRead += bytes.byteLength;
      return new Uint8Array(bytes);
    });
  }

  async assertUnchanged(): Promise<void> {}

  assertNotAborted(): void {
    throwIfReadAborted(this.name, this.signal);
  }

  async close(): Promise<void> {}
}

/**
 * The error for a `Blob` that could not be read. A browser (and Node's `fs.openAsBlob`) refuses
 * to read a `File` that changed on disk since it was picked, with a NotReadableError that
 * Chromium words as a problem of permissions: that cause is named, with what to do.
 */
export function blobReadError(name: string, error: unknown): SourceReadError {
  const reason =
    (error as { name?: unknown } | null)?.name === "NotReadableError"
      ? `could not read the file; a browser refuses to read a file that changed on disk since it was picked: pick it again (${messageOf(error)})`
      : `could not read the file: ${messageOf(error)}`;
  return new SourceReadError(name, reason, { cause: error });
}

/** `bytes` as a source, read until `signal` aborts. */
export function bytesSource(bytes: Uint8Array, name = "bytes", signal?: AbortSignal): RandomAccessSource {
  return new BytesSource(name, bytes, signal);
}

/** `blob` as a source (named by its file name, if it has one), read until `signal` aborts. */
export function blobSource(blob: Blob, signal?: AbortSignal): RandomAccessSource {
  const name = typeof (blob as File).name === "string" && (blob as File).name !== "" ? (blob as File).name : "blob";
  return new BlobSource(name, blob, signal);
}

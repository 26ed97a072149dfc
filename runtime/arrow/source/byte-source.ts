/**
 * Where the bytes of a table file come from when it is not read whole: a local file (positioned
 * reads), a URL (HTTP range requests), a `Blob`, or bytes already in memory. A reader asks for
 * the ranges it needs, and nothing else is fetched: the footer, then each batch's metadata, then
 * the buffers of the columns it reads (arrow/ipc/batch-loader.ts).
 *
 * Every source checks that it still holds what it held when opened (a file's size and times, a
 * URL's ETag, Last-Modified and length), so that a table replaced while it is read is a
 * `FileChangedError`, never rows from two versions of it.
 *
 * Every source stops on the signal it was opened with (`SourceOptions.signal`): a URL's requests
 * are aborted, a file or a `Blob` is read no more once it has aborted (checked before each of
 * their reads, a property read, no listener), and each fails with the same `SourceReadError`.
 */

/** `length` bytes at `at`. */
export interface ByteRange {
  readonly at: number;
  readonly length: number;
}

/** Bytes that can be read in pieces, anywhere, as many times as needed. */
export interface RandomAccessSource {
  /** How errors and reports name it: the path or the URL. */
  readonly name: string;
  /** Its size in bytes when it was opened; every read stays within it. */
  readonly size: number;
  /** Bytes fetched from where it lives so far: file reads, response bodies (gaps of merged ranges included). */
  readonly bytesRead: number;
  /**
   * The bytes of each range, whole, in the order asked. Ranges close to each other may be
   * fetched together. Throws `FileChangedError` when the source is found changed.
   */
  read(ranges: readonly ByteRange[]): Promise<Uint8Array[]>;
  /** Throws `FileChangedError` when the source no longer is what it was when opened. */
  assertUnchanged(): Promise<void>;
  /**
   * Throws the `SourceReadError` of an aborted read (source/errors.ts `abortedReadError`) when the
   * signal the source was opened with has aborted: what a reader checks before it gives a batch,
   * whose bytes may have been read ahead before the abort.
   */
  assertNotAborted(): void;
  close(): Promise<void>;
}

/** The bytes of one range. */
export async function readRange(source: RandomAccessSource, at: number, length: number): Promise<Uint8Array> {
  const [bytes] = await source.read([{ at, length }]);
  return bytes!;
}

/**
 * `parts` one after the other in one new buffer of `byteLength` bytes (their total): what was
 * read, received or gathered in pieces, as one.
 */
export function joinedBytes(parts: readonly ArrayBufferView[], byteLength: number): Uint8Array {
  const out = new Uint8Array(byteLength);
  let at = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return out;
}

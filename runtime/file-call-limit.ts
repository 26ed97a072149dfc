/**
 * The most bytes one read or write of a file asks the system for. Node 20 passes the length of a
 * read or a write on as a 32-bit integer and aborts the process on one of more than 2 GiB - 1
 * bytes (a failed assertion, exit 134: nothing to catch), and a batch of a table over 2 GiB is
 * one such length. Every read (arrow/guard/checked-file.ts) and every write ({@link writeFully}) of
 * legolas-ts goes in pieces of at most this.
 */
import type { FileHandle } from "node:fs/promises";

export const MAX_BYTES_PER_FILE_CALL = 2 ** 30;

/** Writes all of `chunk` at the file's position, in calls of at most {@link MAX_BYTES_PER_FILE_CALL} bytes. */
export async function writeFully(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const length = Math.min(chunk.byteLength - written, MAX_BYTES_PER_FILE_CALL);
    const { bytesWritten } = await handle.write(chunk, written, length);
    written += bytesWritten;
  }
}

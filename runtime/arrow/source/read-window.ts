/**
 * Reads that go through a source in order, a few bytes at a time, as the stream format is read:
 * the walk of its messages' metadata (guard/ipc-bounds.ts) and apache-arrow's stream reader each
 * ask for a message's length, then its metadata, then its body. One read of the source each was
 * one system call, or one HTTP request: a stream of 2,000 one-row batches (576 KB) took 10,645
 * requests and 10 s from a server on the same machine. Here a read shorter than a window fetches
 * the window from where it starts, and the reads after it take their bytes from it (a read that
 * starts in it, its start); a longer read (a large batch's body) is fetched as it is, and so are
 * the reads of a walk that passes over bodies larger than {@link SMALL_BODY_BYTES}, for which a
 * window would fetch the body the walk skips (as the batches under that size are fetched together
 * in the file format, ipc/batch-loader.ts).
 *
 * The bytes of a window are those of the source when it was fetched, as a batch's are: a change
 * of the source after it is found by the check after the batch (`assertUnchanged`), as ever.
 */
import { joinedBytes, type RandomAccessSource, readRange } from "./byte-source.js";

/** Bytes fetched at once for reads shorter than this. */
export const READ_WINDOW_BYTES = 256 * 1024;
/** Skips longer than this (bodies a walk passes over) make the reads after them their own, until a shorter one. */
const SMALL_BODY_BYTES = 64 * 1024;

/** `(at, length) => bytes`, in windows of `windowBytes` (see the module comment). */
export function windowedReads(
  source: RandomAccessSource,
  windowBytes = READ_WINDOW_BYTES,
): (at: number, length: number) => Promise<Uint8Array> {
  let window: { readonly at: number; readonly bytes: Uint8Array } | null = null;
  /** Where the last read ended. */
  let lastEnd = 0;
  /** Whether the last skip (bytes passed over between two reads) was longer than {@link SMALL_BODY_BYTES}. */
  let skippingLarge = false;

  /** `length` bytes at `at`: a window from there when short and read in order, else those alone. */
  const fetch = async (at: number, length: number): Promise<Uint8Array> => {
    const end = Math.min(source.size, at + windowBytes);
    // A read past the source's end is the source's to refuse.
    if (skippingLarge || length >= windowBytes || at + length > end) return readRange(source, at, length);
    const bytes = await readRange(source, at, end - at);
    window = { at, bytes };
    return bytes.subarray(0, length);
  };

  return async (at, length) => {
    if (at !== lastEnd) skippingLarge = at - lastEnd > SMALL_BODY_BYTES;
    lastEnd = at + length;
    const held = window;
    if (held === null || at < held.at || at >= held.at + held.bytes.length) return fetch(at, length);
    // The window holds the read's start: its bytes from there, and the rest fetched after them.
    const start = held.bytes.subarray(at - held.at, at - held.at + length);
    if (start.length === length) return start;
    const rest = await fetch(at + start.length, length - start.length);
    return joinedBytes([start, rest], start.length + rest.length);
  };
}

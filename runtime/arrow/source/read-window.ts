/**
 * Reads that go through a source in order, a few bytes at a time, as the stream format is read:
 * the walk of its messages' metadata (guard/ipc-bounds.ts) and apache-arrow's stream reader each
 * ask for a message's length, then its metadata, then its body. One read of the source each was
 * one system call, or one HTTP request: a stream of 2,000 one-row batches (576 KB) took 10,645
 * requests and 10 s from a server on the same machine. Here a read shorter than a window fetches
 * the window from where it starts, and the reads after it take their bytes from it (a read that
 * starts in it, its start); a longer read (a large batch's body) is fetched as it is. A walk that
 * passes over bodies larger than {@link SMALL_BODY_BYTES}, for which a window would fetch the body
 * the walk skips (as the batches under that size are fetched together in the file format,
 * ipc/batch-loader.ts), fetches after such a skip a header's bytes only: as many as the longest run
 * of reads in order so far (a message's prefix and metadata), from {@link HEADER_BYTES} up to
 * SMALL_BODY_BYTES, so that a message's length and metadata come in one read, not two; each
 * smaller skip after it doubles that, up to a window, so that a large batch's header after a small
 * batch is not fetched with a window of the body the walk skips (a stream of 400 KB and 4 KB
 * batches in turn: 1.9 MB of its 2.4 MB at opening, now 0.65 MB), while a run of small batches
 * after a large one is soon fetched by windows again. A message
 * longer than a window whose place the walk found (`longMessages`) is fetched whole when its
 * first bytes are read, its header and body in one read where they were two (the window, then the
 * rest of the body): it is read whole anyway, and its bytes are dropped once its last is given.
 *
 * The bytes of a window are those of the source when it was fetched, as a batch's are: a change
 * of the source after it is found by the check after the batch (`assertUnchanged`), as ever.
 */
import { joinedBytes, type RandomAccessSource, readRange } from "./byte-source.js";

/** Bytes fetched at once for reads shorter than this. */
export const READ_WINDOW_BYTES = 256 * 1024;
/** Skips longer than this (bodies a walk passes over) make the reads after them fetch a header's bytes only. */
const SMALL_BODY_BYTES = 64 * 1024;
/** Bytes fetched after such a skip, at least: a message's prefix and metadata, of a few dozen columns. */
const HEADER_BYTES = 4 * 1024;

/**
 * `(at, length) => bytes`, in windows of `windowBytes` (see the module comment). `longMessages`:
 * the first byte and the end of each message longer than a window, one after the other, in file
 * order (guard/ipc-bounds.ts `IpcFacts`).
 */
export function windowedReads(
  source: RandomAccessSource,
  windowBytes = READ_WINDOW_BYTES,
  longMessages: readonly number[] = [],
): (at: number, length: number) => Promise<Uint8Array> {
  let window: { readonly at: number; readonly bytes: Uint8Array } | null = null;
  /** Where the last read ended, and where the run of reads in order it ended began. */
  let lastEnd = 0;
  let runStart = 0;
  /** Bytes fetched by a short read after a skip longer than {@link SMALL_BODY_BYTES}: the longest run of reads in order so far, bounded. */
  let headerBytes = HEADER_BYTES;
  /**
   * Bytes a short read fetches now: a window, until a skip (bytes passed over between two reads)
   * is longer than SMALL_BODY_BYTES; then a header's, doubled by each smaller skip after it, so that
   * the header of a large batch after a small one comes without a window of the body it skips.
   */
  let fetchBytes = windowBytes;
  /** The index in `longMessages` of the first message that does not end before the last read. */
  let nextLong = 0;

  /** The end of the long message that starts at `at`, if one does. */
  const longMessageEnd = (at: number): number | undefined => {
    while (nextLong < longMessages.length && longMessages[nextLong + 1]! <= at) nextLong += 2;
    return longMessages[nextLong] === at ? longMessages[nextLong + 1] : undefined;
  };

  /** `length` bytes at `at`: a window (or a long message) from there when short and read in order, else those alone. */
  const fetch = async (at: number, length: number): Promise<Uint8Array> => {
    const messageEnd = longMessageEnd(at);
    const end = messageEnd ?? Math.min(source.size, at + fetchBytes);
    // A read past the source's end is the source's to refuse.
    if ((messageEnd === undefined && length >= windowBytes) || at + length >= end) return readRange(source, at, length);
    const bytes = await readRange(source, at, end - at);
    window = { at, bytes };
    return bytes.subarray(0, length);
  };

  return async (at, length) => {
    if (at !== lastEnd) {
      headerBytes = Math.min(SMALL_BODY_BYTES, Math.max(headerBytes, lastEnd - runStart));
      fetchBytes = at - lastEnd > SMALL_BODY_BYTES ? headerBytes : Math.min(windowBytes, 2 * fetchBytes);
      runStart = at;
    }
    lastEnd = at + length;
    const held = window;
    if (held === null || at < held.at || at >= held.at + held.bytes.length) return fetch(at, length);
    // The window holds the read's start: its bytes from there, and the rest fetched after them.
    const start = held.bytes.subarray(at - held.at, at - held.at + length);
    // Its last byte given, the reads in order are past it: not held until the next fetch.
    if (at + start.length === held.at + held.bytes.length) window = null;
    if (start.length === length) return start;
    const rest = await fetch(at + start.length, length - start.length);
    return joinedBytes([start, rest], start.length + rest.length);
  };
}

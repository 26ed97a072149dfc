/**
 * Merging the ranges of one read into fewer, larger ones: the buffers of neighbouring columns,
 * or a batch's metadata and its first buffers, lie next to each other, and one request for both
 * costs less than two (a round trip over HTTP, a system call on a file). Ranges are merged when
 * the gap between them is at most `maxGap` bytes, which are then fetched and thrown away, and the
 * merged range stays within {@link MAX_MERGED_BYTES}.
 */
import { mapConcurrently } from "../../concurrency.js";
import type { ByteRange } from "./byte-source.js";

/**
 * A merged range is fetched into one buffer, and a buffer holds at most 4 GiB in Node 20 (less in
 * some browsers): three neighbouring 1.5 GiB columns of one batch merged would be a `RangeError`
 * where each fits. Past a gigabyte, the call or the round trip a merge saves is nothing.
 */
const MAX_MERGED_BYTES = 2 ** 30;

/** One range to fetch, and where each asked range lies inside it. */
export interface MergedRange extends ByteRange {
  /** Per asked range inside this one: its index in the read, and its offset here. */
  readonly parts: readonly { readonly index: number; readonly offset: number; readonly length: number }[];
}

/**
 * The non-empty `ranges` merged where at most `maxGap` bytes apart (overlapping ones too) while the
 * merged range stays within {@link MAX_MERGED_BYTES}, in file order.
 */
export function coalesceRanges(ranges: readonly ByteRange[], maxGap: number): MergedRange[] {
  const order = ranges
    .map((_, index) => index)
    .filter((index) => ranges[index]!.length > 0)
    .sort((a, b) => ranges[a]!.at - ranges[b]!.at);
  const merged: { at: number; end: number; parts: { index: number; offset: number; length: number }[] }[] = [];
  for (const index of order) {
    const { at, length } = ranges[index]!;
    const last = merged.at(-1);
    if (
      last !== undefined &&
      at - last.end <= maxGap &&
      Math.max(last.end, at + length) - last.at <= MAX_MERGED_BYTES
    ) {
      last.parts.push({ index, offset: at - last.at, length });
      last.end = Math.max(last.end, at + length);
    } else {
      merged.push({ at, end: at + length, parts: [{ index, offset: 0, length }] });
    }
  }
  return merged.map(({ at, end, parts }) => ({ at, length: end - at, parts }));
}

/**
 * The bytes of each of `ranges`: `fetch` is called once per merged range (at most `concurrency`
 * at a time) and each asked range gets a view of its part, without a copy.
 */
export async function readMerged(
  ranges: readonly ByteRange[],
  maxGap: number,
  fetch: (range: ByteRange) => Promise<Uint8Array>,
  concurrency = 1,
): Promise<Uint8Array[]> {
  // Empty ranges stay empty: nothing is fetched for them.
  const out: Uint8Array[] = ranges.map(() => new Uint8Array(0));
  const merged = coalesceRanges(ranges, maxGap);
  const fetched = await mapConcurrently(merged, concurrency, fetch);
  merged.forEach(({ parts }, k) => {
    for (const { index, offset, length } of parts) out[index] = fetched[k]!.subarray(offset, offset + length);
  });
  return out;
}

/**
 * The values of a dictionary-encoded column, chunk by chunk, in time that does not grow with the
 * number of chunks. A dictionary arrives as one batch, then may grow by delta batches: each delta
 * adds a chunk, and each record batch sees the chunks given before it. apache-arrow builds every
 * record batch's dictionary as a new `Vector` of all its chunks (`Vector.concat`), so K deltas
 * cost O(K^2) (a 3.4 MB file of delta/record batch pairs: 44 s and 2.9 GB); so did walking every
 * chunk of every batch's dictionary in the checks and decoders.
 *
 * A {@link DictionaryChain} holds a dictionary's chunks once, in an array that only grows, with
 * where each starts; the dictionary of a record batch is the chain's first `count` chunks
 * (ipc/delta-dictionaries.ts makes apache-arrow's reader build them so). Checks and decoders
 * reach a dictionary's chunks through {@link dictionaryChunks} and do their per-chunk work once
 * per chunk, keyed by the chain, never once per record batch.
 */
import { type Data, Vector } from "apache-arrow";

/** The chunks of one dictionary as they arrived, and the index of each one's first value. */
export interface DictionaryChain {
  readonly chunks: Data[];
  /** `starts[k]`: the index of chunk k's first value; `starts[chunks.length]`: the values in all. */
  readonly starts: number[];
}

/** A dictionary: the first `count` chunks of `chain`. */
export interface DictionaryChunks {
  readonly chain: DictionaryChain;
  readonly count: number;
  /** The values of those chunks. */
  readonly length: number;
}

const ofVector = new WeakMap<Vector, DictionaryChunks>();

/** The chunks of a dictionary vector (a record batch's `data.dictionary`); `null` when there is none. */
export function dictionaryChunks(vector: Vector | undefined): DictionaryChunks | null {
  if (vector === undefined) return null;
  let found = ofVector.get(vector);
  if (found === undefined) {
    // A dictionary apache-arrow built itself (one chunk, or a table made in memory): its own chain.
    const chain = chainOf(vector.data);
    found = { chain, count: chain.chunks.length, length: chain.starts[chain.chunks.length]! };
    ofVector.set(vector, found);
  }
  return found;
}

function chainOf(chunks: readonly Data[]): DictionaryChain {
  const starts = [0];
  for (const chunk of chunks) starts.push(starts[starts.length - 1]! + chunk.length);
  return { chunks: [...chunks], starts };
}

/**
 * The dictionary `previous` followed by the delta `chunk`, as a `Vector` that apache-arrow and its
 * users read as usual. When `previous` is the last dictionary of its chain (as a reader's current
 * dictionary is), the chain grows in place: O(1), not O(chunks).
 */
export function withDelta(previous: Vector, chunk: Data): Vector {
  const { chain, count } = dictionaryChunks(previous)!;
  const grown = count === chain.chunks.length ? chain : chainOf(chain.chunks.slice(0, count));
  grown.chunks.push(chunk);
  grown.starts.push(grown.starts[grown.starts.length - 1]! + chunk.length);
  return chainVector(grown, grown.chunks.length);
}

/**
 * The first `count` (at least 2) chunks of `chain` as an apache-arrow `Vector`. Its `data` (the
 * array of chunks) and `_offsets` are made on first use only: apache-arrow's reader never asks,
 * nor do legolas-ts's checks and decoders, which use the chain.
 */
function chainVector(chain: DictionaryChain, count: number): Vector {
  const first = chain.chunks[0]!;
  // apache-arrow's Vector of several chunks of this type, whose methods read `data` and `_offsets`.
  const vector = new Vector([first, first]);
  let data: Data[] | undefined;
  let offsets: Uint32Array | undefined;
  Object.defineProperties(vector, {
    data: { get: () => (data ??= chain.chunks.slice(0, count)), enumerable: true, configurable: true },
    _offsets: { get: () => (offsets ??= Uint32Array.from(chain.starts.slice(0, count + 1))), configurable: true },
    length: { value: chain.starts[count]!, enumerable: true, configurable: true, writable: true },
  });
  ofVector.set(vector, { chain, count, length: chain.starts[count]! });
  return vector;
}

/** The chunk of `dictionary` that holds value `index` (which must lie inside it): a binary search. */
export function chunkIndex(dictionary: DictionaryChunks, index: number): number {
  const { starts } = dictionary.chain;
  let low = 0;
  let high = dictionary.count - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= index) low = middle;
    else high = middle - 1;
  }
  return low;
}

const nullsBefore = new WeakMap<DictionaryChain, number[]>();

/** Whether any value of `dictionary` is null; O(1) per chunk, once per chain. */
export function dictionaryHasNulls(dictionary: DictionaryChunks): boolean {
  const { chain, count } = dictionary;
  let counts = nullsBefore.get(chain);
  if (counts === undefined) nullsBefore.set(chain, (counts = [0]));
  while (counts.length <= count) {
    const chunk = chain.chunks[counts.length - 1]!;
    counts.push(counts[counts.length - 1]! + (chunk.nullCount > 0 ? 1 : 0));
  }
  return counts[count]! > 0;
}

/** Whether value `index` of `dictionary` is null. */
export function dictionaryValueIsNull(dictionary: DictionaryChunks, index: number): boolean {
  const k = chunkIndex(dictionary, index);
  const chunk = dictionary.chain.chunks[k]!;
  if (chunk.nullCount === 0) return false;
  const bit = chunk.offset + index - dictionary.chain.starts[k]!;
  return (chunk.nullBitmap![bit >> 3]! & (1 << (bit & 7))) === 0;
}

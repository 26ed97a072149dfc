/**
 * Delta dictionaries read in linear time. apache-arrow 21's reader (ipc/reader.ts,
 * `_loadDictionaryBatch`) appends a delta with `dictionary.concat(delta).memoize()`: a new
 * Vector of every chunk so far, with a new cache of every value, for each delta, so a file of K
 * delta/record batch pairs costs O(K^2) time and memory (2,000 pairs: 9 s in apache-arrow alone).
 * This version decodes the delta batch as apache-arrow decodes any dictionary batch, then adds
 * its one chunk to the dictionary's chain (columns/dictionary-chunks.ts): the same values for
 * every record batch, in O(1) per delta.
 *
 * Installed once, by every reader and writer (ipc/linear-arrow.ts), on the reader prototype all of
 * apache-arrow's readers (file and stream, synchronous and not) share.
 */
import { RecordBatchReader, type Vector } from "apache-arrow";
import { withDelta } from "../columns/dictionary-chunks.js";

const INSTALLED = Symbol.for("legolas-ts/linear-delta-dictionaries");

/** The DictionaryBatch header apache-arrow's reader hands `_loadDictionaryBatch` (ipc/metadata/message.ts). */
interface DictionaryBatchHeader {
  readonly id: number;
  readonly isDelta: boolean;
}

interface ReaderImpl {
  readonly dictionaries: Map<number, Vector>;
  _loadDictionaryBatch(header: DictionaryBatchHeader, body: Uint8Array): Vector;
}

/**
 * Whether this copy of the module has looked for the prototype: the look opens a reader (3% of
 * the CPU a read of a one-row file took, profiled), and every read calls this.
 */
let looked = false;

/** Replaces apache-arrow's quadratic delta handling; idempotent. */
export function useLinearDeltaDictionaries(): void {
  if (looked) return;
  looked = true;
  const prototype = readerImplPrototype();
  if (prototype === null || prototype[INSTALLED] === true) return;
  const loadDictionaryBatch = prototype._loadDictionaryBatch;
  prototype._loadDictionaryBatch = function (this: ReaderImpl, header, body) {
    const previous = header.isDelta ? this.dictionaries.get(header.id) : undefined;
    // The batch's own values, decoded (and decompressed) as a first dictionary would be.
    const values = loadDictionaryBatch.call(this, Object.create(header, { isDelta: { value: false } }), body);
    return previous === undefined ? values : withDelta(previous, values.data[0]!);
  };
  prototype[INSTALLED] = true;
}

/**
 * The prototype apache-arrow's reader implementations inherit `_loadDictionaryBatch` from. Not
 * exported by apache-arrow: found from a reader of an empty stream. `null` if its shape changed
 * (then deltas stay quadratic, but correct). bench/dictionaries.ts compares with the original.
 */
export function readerImplPrototype(): (ReaderImpl & Record<symbol, unknown>) | null {
  const impl = (RecordBatchReader.from(new Uint8Array(0)) as unknown as { _impl?: object })._impl;
  let prototype = impl === undefined ? null : Object.getPrototypeOf(impl);
  while (prototype !== null && !Object.hasOwn(prototype, "_loadDictionaryBatch"))
    prototype = Object.getPrototypeOf(prototype);
  return prototype;
}

/**
 * Arrays from callers may have holes: `a = []; a.length = 1e9` is an array of a billion missing
 * elements that costs no memory, and survives `structuredClone` and `postMessage`. Walking it to
 * its `length` (`map`, `every`, an index loop) takes minutes, and reporting each hole as a
 * missing value took gigabytes. A hole is no value a list can hold (JSON and Arrow have none),
 * so an array with one is not a list: {@link isList} refuses it after reading no further than
 * its first hole, which a sparse array reaches as soon as its real elements end.
 */

/** The index of `array`'s first hole, or -1; reads the elements before it and nothing after. */
export function firstHole(array: readonly unknown[]): number {
  for (let i = 0; i < array.length; i++) {
    if (array[i] === undefined && !(i in array)) return i;
  }
  return -1;
}

/** `true` for an array without holes: a value for a `list<T>` field whose elements are not a typed array. */
export function isList(value: unknown): value is unknown[] {
  return Array.isArray(value) && firstHole(value) < 0;
}

/**
 * An iteration that an `AbortSignal` can stop: what lets a caller cancel a long write of rows
 * from a source of its own (a query's cursor, a generator awaiting a slow producer).
 */
import { whenAborted } from "./any-signal.js";

/**
 * The items of `source` until `signal` aborts, then the signal's reason, thrown: at once, also
 * while `source` is still making its next item. The source is then asked to stop (`return()`,
 * so that a generator's `finally` runs), which an async generator does once it has handed over
 * the item it is making; that is not waited for, since a source stuck on a producer would never
 * let it finish.
 */
export async function* untilAborted<Item>(source: AsyncIterable<Item>, signal: AbortSignal): AsyncGenerator<Item> {
  signal.throwIfAborted();
  const iterator = source[Symbol.asyncIterator]();
  // One listener on the signal for all the writes it stops (any-signal.ts).
  let stopWaiting = () => {};
  const aborted = new Promise<never>((_, reject) => {
    stopWaiting = whenAborted(signal, () => reject(signal.reason));
  });
  // Rejected only for the race below; nobody else waits on it.
  aborted.catch(() => {});
  let done = false;
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done === true) {
        done = true;
        return;
      }
      yield next.value;
      signal.throwIfAborted();
    }
  } finally {
    stopWaiting();
    if (!done) void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}

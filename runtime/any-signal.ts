/**
 * One `AbortSignal` for several: `AbortSignal.any`, which Node has from 20.3 on, while the
 * package runs on Node 20.0, whose requests and reads must still be abortable by every signal.
 * And many calls waiting on one signal behind one listener (`whenAborted`).
 */

/**
 * A signal aborted as soon as one of `signals` is, with its reason. Where `AbortSignal.any` is
 * missing it is made by hand: a listener on each signal, kept, like the signal `AbortSignal.any`
 * makes, as long as the signal it listens to.
 */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === "function") return AbortSignal.any(signals);
  const combined = new AbortController();
  const aborted = signals.find((signal) => signal.aborted);
  if (aborted !== undefined) {
    combined.abort(aborted.reason);
    return combined.signal;
  }
  const abort = (event: Event) => {
    combined.abort((event.target as AbortSignal).reason);
    for (const signal of signals) signal.removeEventListener("abort", abort);
  };
  for (const signal of signals) signal.addEventListener("abort", abort);
  return combined.signal;
}

/** The callbacks waiting on a signal, and the one listener on it that calls them. */
interface Waiting {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const waitingOn = new WeakMap<AbortSignal, Waiting>();

/**
 * Calls `onAbort` once `signal` aborts, until the function returned is called. Every call on one
 * signal shares one listener on it, removed once nobody waits: a signal shared by many calls at
 * once (a server's shutdown signal) would otherwise hold a listener per call, and Node warns of a
 * leak past 10 (`MaxListenersExceededWarning`); and `AbortSignal.any`, which adds no listener,
 * keeps every signal it makes for as long as the signal it follows lives (Node 20: about 70 bytes
 * per call, measured).
 */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  if (signal.aborted) {
    queueMicrotask(onAbort);
    return () => {};
  }
  let waiting = waitingOn.get(signal);
  if (waiting === undefined) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      waitingOn.delete(signal);
      for (const callback of callbacks) callback();
    };
    waiting = { callbacks, listener };
    waitingOn.set(signal, waiting);
    signal.addEventListener("abort", listener, { once: true });
  }
  const { callbacks, listener } = waiting;
  // One callback per call, even when a caller passes the same function twice.
  const callback = () => onAbort();
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0 && waitingOn.get(signal)?.callbacks === callbacks) {
      waitingOn.delete(signal);
      signal.removeEventListener("abort", listener);
    }
  };
}

/**
 * Aborts `controller` when `signal` aborts, with its reason (at once when it has), until the
 * function returned is called: a signal of one's own that follows a caller's long-lived one
 * through {@link whenAborted}, where `AbortSignal.any` would make one that Node 20 keeps for as long
 * as the caller's lives.
 */
export function abortWith(signal: AbortSignal, controller: AbortController): () => void {
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => {};
  }
  return whenAborted(signal, () => controller.abort(signal.reason));
}

/**
 * One `AbortSignal` for several: `AbortSignal.any`, which Node has from 20.3 on, while the
 * package runs on Node 20.0, whose requests and reads must still be abortable by every signal.
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

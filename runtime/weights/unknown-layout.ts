/**
 * Weights read from a table whose `legolas_ts_weights_layout` this version does not know (a newer
 * writer's, or not ours). A read gives them, as it gives any column, but with no layout to say;
 * they are remembered here so that no call loads or converts them as if they were in one.
 */
const unknownLayout = new WeakSet<object>();

/** Records that `weights` came from a table stating a layout this version does not know. */
export function markUnknownLayout(weights: object): void {
  unknownLayout.add(weights);
}

/** Whether `weights` came from a table stating a layout this version does not know. */
export function hasUnknownLayout(weights: unknown): boolean {
  return typeof weights === "object" && weights !== null && unknownLayout.has(weights);
}

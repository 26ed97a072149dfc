/**
 * Weights read from a table whose `legolas_ts_weights_layout` this version does not know (a newer
 * writer's, or not ours). A read gives them, as it gives any column, but with no layout to say;
 * what the table stated is kept on the value itself, as `weights.unknownLayout` (an own,
 * enumerable property), so that a structured clone or a `postMessage` to a worker keeps it too,
 * and no call loads or converts them as if they were in a layout it knows.
 */

/** Records that `weights` came from a table stating `stated`, a layout this version does not know. */
export function markUnknownLayout(weights: object, stated: string): void {
  (weights as { unknownLayout?: string }).unknownLayout = stated;
}

/** The layout `weights`' table stated when this version does not know it, else `null`. */
export function unknownLayoutOf(weights: unknown): string | null {
  const stated: unknown = (weights as { unknownLayout?: unknown } | null | undefined)?.unknownLayout;
  return typeof stated === "string" ? stated : null;
}

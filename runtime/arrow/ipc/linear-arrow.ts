/**
 * apache-arrow made linear where it is quadratic on large inputs: `Schema.assign` in the column
 * count (ipc/schema-assign.ts) and delta dictionaries in the number of deltas
 * (ipc/delta-dictionaries.ts). Each replacement gives apache-arrow's own results. Installed once,
 * on the apache-arrow this package uses, by every path that reads or writes tables (read-bytes.ts,
 * file-batch-reader.ts, write-bytes.ts), before apache-arrow sees the table.
 */
import { useLinearDeltaDictionaries } from "./delta-dictionaries.js";
import { useLinearSchemaAssign } from "./schema-assign.js";

export function useLinearArrow(): void {
  useLinearSchemaAssign();
  useLinearDeltaDictionaries();
}

/**
 * A timestamp whose unit or zone changed, zoned or not as before. A reader reads a Timestamp of
 * any unit in its field's own unit, and of any zone for a zoned field, as Arrow.jl reads each as
 * the same Julia `DateTime` or `ZonedDateTime` (runtime/arrow/columns/time-units.ts,
 * runtime/arrow/time-zones.ts): a zone is a label of the same instants, so changing it keeps every
 * value both ways; counts of a coarser unit read exactly in a finer one, while counts of the finer
 * read in the coarser lose what lies below its unit, so a unit change keeps every value one way.
 */
import { readsTimeZone } from "legolas-ts/internal/arrow/time-zones";
import { formatFieldType, TIME_UNITS, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import type { Change } from "./changes.js";

/** The change of a timestamp's unit or zone, or `null` when `old -> neu` is not one. */
export function timestampChange(path: string, old: DeclaredFieldType, neu: DeclaredFieldType): Change | null {
  if (old.kind !== "timestamp" || neu.kind !== "timestamp" || !readsTimeZone(old.timezone, neu.timezone)) return null;
  const detail = `${formatFieldType(old)} -> ${formatFieldType(neu)}`;
  const read =
    "a Timestamp of any unit, and of any zone for a zoned field, is read in its field's own unit " +
    "(Arrow.jl reads each as the same Julia DateTime or ZonedDateTime)";
  if (old.unit === neu.unit) {
    return {
      kind: "type-changed",
      path,
      detail,
      backward: true,
      forward: true,
      reason: `${read}: a zone labels the same instants, so every table reads alike under both`,
    };
  }
  const finer = TIME_UNITS.indexOf(neu.unit) > TIME_UNITS.indexOf(old.unit);
  const [coarse, fine] = (finer ? [old, neu] : [neu, old]).map(formatFieldType) as [string, string];
  const keeps = finer
    ? "old tables keep every value under the new version"
    : "new tables keep every value under the old one";
  return {
    kind: "type-changed",
    path,
    detail,
    backward: finer,
    forward: !finer,
    reason: `${read}: ${coarse} counts read exactly as ${fine}, but ${fine} counts read as ${coarse} lose what lies below its unit, so only ${keeps}`,
  };
}

/**
 * A timestamp whose unit changed, its zone kept. A reader reads a Timestamp of any unit in its
 * field's own unit, as Arrow.jl reads each as the same Julia `DateTime` or `ZonedDateTime`
 * (runtime/arrow/columns/time-units.ts): counts of the coarser unit read exactly in the finer,
 * while counts of the finer read in the coarser lose what lies below its unit. So the change keeps
 * every value in one direction only.
 */
import { isSameTimeZone } from "legolas-ts/internal/arrow/time-zones";
import { formatFieldType, TIME_UNITS, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import type { Change } from "./changes.js";

/** The change of a timestamp's unit alone, or `null` when `old -> neu` is not one. */
export function timestampUnitChange(path: string, old: DeclaredFieldType, neu: DeclaredFieldType): Change | null {
  if (old.kind !== "timestamp" || neu.kind !== "timestamp" || old.unit === neu.unit) return null;
  if (!isSameTimeZone(old.timezone, neu.timezone)) return null;
  const finer = TIME_UNITS.indexOf(neu.unit) > TIME_UNITS.indexOf(old.unit);
  const [coarse, fine] = (finer ? [old, neu] : [neu, old]).map(formatFieldType) as [string, string];
  const keeps = finer
    ? "old tables keep every value under the new version"
    : "new tables keep every value under the old one";
  return {
    kind: "type-changed",
    path,
    detail: `${formatFieldType(old)} -> ${formatFieldType(neu)}`,
    backward: finer,
    forward: !finer,
    reason: `a Timestamp of any unit is read in its field's own unit (Arrow.jl reads each as the same Julia DateTime or ZonedDateTime): ${coarse} counts read exactly as ${fine}, but ${fine} counts read as ${coarse} lose what lies below its unit, so only ${keeps}`,
  };
}

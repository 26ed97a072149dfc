/**
 * Timestamps in an Arrow schema whose zone Julia cannot read (time-zones.ts,
 * `whyJuliaRefusesTimeZone`). Arrow.jl opens such a file, but reading any value of the column
 * throws, `TimeZone(zone)` refusing the zone; extra columns and those of any input count too, as
 * a Julia user reads them alike. A zone is the column's type, no row's value: every write refuses
 * it, `validate: false` too, which trusts the rows but still writes a file Julia opens and reads.
 */
import { DataType, type Field } from "apache-arrow";
import type { Violation } from "../violations.js";
import { fieldsWithin } from "./julia-unopenable-names.js";
import { whyJuliaRefusesTimeZone } from "./time-zones.js";

/** The violations of the column `field` and of every field it holds, each at its path. */
export function zonesJuliaCannotRead(field: Field): Violation[] {
  const out: Violation[] = [];
  for (const { type, path } of fieldsWithin(field)) {
    const why = DataType.isTimestamp(type) && type.timezone ? whyJuliaRefusesTimeZone(type.timezone) : null;
    if (why !== null) out.push({ code: "incorrect_type", path, expected: "a time zone Julia reads", found: why });
  }
  return out;
}

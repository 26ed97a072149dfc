/**
 * Timestamps in an Arrow schema whose zone Julia cannot read (time-zones.ts,
 * `whyJuliaRefusesTimeZone`). Arrow.jl opens such a file, but reading any value of the column
 * throws, `TimeZone(zone)` refusing the zone; extra columns and those of any input count too, as
 * a Julia user reads them alike.
 */
import { DataType, type Field } from "apache-arrow";
import type { Violation } from "../violations.js";
import { whyJuliaRefusesTimeZone } from "./time-zones.js";

/** The violations of the column `field` and of every field it holds, each at its path. */
export function zonesJuliaCannotRead(field: Field): Violation[] {
  const out: Violation[] = [];
  visit(field, field.name, out);
  return out;
}

function visit(field: Field, path: string, out: Violation[]): void {
  const type = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
  const why = DataType.isTimestamp(type) && type.timezone ? whyJuliaRefusesTimeZone(type.timezone) : null;
  if (why !== null) out.push({ code: "incorrect_type", path, expected: "a time zone Julia reads", found: why });
  const struct = DataType.isStruct(type);
  for (const child of (type.children ?? []) as Field[])
    visit(child, struct ? `${path}.${child.name}` : `${path}[]`, out);
}

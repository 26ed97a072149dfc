/**
 * The time zone of an Arrow Timestamp, as a `timestamp<unit, zone>` field reads and writes it.
 * Arrow stores UTC instants whatever the zone (Schema.fbs, `Timestamp.timezone`), so a zone is a
 * label: Arrow.jl reads a Timestamp of any zone as a `ZonedDateTime` in that zone, and one without
 * as a `DateTime` (src/eltypes.jl, `finaljuliatype`), and a Legolas.jl `ZonedDateTime` field takes
 * every zone. UTC has many spellings, and writers use them (pyarrow writes the zone it is given,
 * `Etc/UTC` as readily as `UTC`), some of which Julia cannot read back.
 */
import { closestNames, suggesting } from "../did-you-mean.js";
import { LEGACY_TIME_ZONES, STANDARD_TIME_ZONES, TZDATA_VERSION } from "./julia-time-zones.js";

/**
 * UTC as the IANA tz database names it: Etc/UTC and its links, and Etc/GMT (offset 0 at all
 * times) and its links (tzdata 2025b, `etcetera` and `backward`); as Arrow's offset form writes
 * it (Schema.fbs: "+XX:XX or -XX:XX"); and ISO 8601's `Z`, which Julia's TimeZones.jl reads as UTC.
 */
const UTC_SPELLINGS: ReadonlySet<string> = new Set([
  "UTC",
  "Etc/UTC",
  "Etc/UCT",
  "Etc/Universal",
  "Etc/Zulu",
  "UCT",
  "Universal",
  "Zulu",
  "GMT",
  "Etc/GMT",
  "Etc/GMT+0",
  "Etc/GMT-0",
  "Etc/GMT0",
  "Etc/Greenwich",
  "GMT+0",
  "GMT-0",
  "GMT0",
  "Greenwich",
  "+00:00",
  "-00:00",
  "Z",
]);

/**
 * Whether a Timestamp stored in `stored` (`null`: none) holds a field that declares `declared`:
 * a zone for a zone, whichever (the same instants, as Julia reads them), none for none.
 */
export function readsTimeZone(declared: string | null, stored: string | null): boolean {
  return (declared === null) === (stored === null);
}

/**
 * The zone a Timestamp is written with, for a field that declares `zone` or a column stored in
 * it: `UTC` for any spelling of it, as Arrow.jl writes a ZonedDateTime in UTC. Of the others Julia
 * reads only `GMT`, `Z` and offsets: Arrow.jl reads a zone with TimeZones.jl's `TimeZone(name)`,
 * which refuses the names of the tz database's `etcetera` and `backward` files (`Etc/UTC`,
 * `Zulu`, ...) as legacy.
 */
export function writtenTimeZone(zone: string | null): string | null {
  return zone !== null && UTC_SPELLINGS.has(zone) ? "UTC" : zone;
}

/**
 * TimeZones.jl's fixed offsets (src/types/fixedtimezone.jl, `FIXED_TIME_ZONE_REGEX`), which
 * `TimeZone(name)` takes when the name is no zone's: `Z`, `UTC`, `UTC+1`, `+01`, and hours then
 * minutes (and seconds), signed or not, with colons or without: `+05:30`, `UTC-0800`, `01:00:30`.
 */
const JULIA_FIXED_OFFSET =
  /^(?:Z|UTC(?:[+-]\d{1,2})?|[+-]\d{2}|(?:UTC(?=[+-]))?[+-]?\d{2}(?::\d{2}(?::\d{2})?|\d{2}))$/;

/**
 * Why Julia cannot read a Timestamp written in `zone`, and what to write instead; `null` when it
 * can. Arrow.jl reads every zoned value with `TimeZone(zone)` (src/eltypes.jl), whose default mask
 * takes a fixed offset or a name TimeZones.jl classes STANDARD, and refuses a LEGACY one (a name of
 * tzdata's `backward` or `etcetera` file only: `US/Pacific`, `Etc/GMT+5`, `Europe/Amsterdam`
 * since tzdata 2022b) and an unknown one: reading any value of the column throws.
 */
export function whyJuliaRefusesTimeZone(zone: string): string | null {
  const written = writtenTimeZone(zone) ?? zone;
  if (STANDARD_TIME_ZONES.has(written) || JULIA_FIXED_OFFSET.test(written)) return null;
  const instead = LEGACY_TIME_ZONES.get(written);
  if (instead !== undefined)
    return `${JSON.stringify(zone)} is a legacy name (tzdata's backward or etcetera file), which Julia's TimeZones.jl refuses; write ${instead}, the same zone`;
  const named = closestNames(written, [...STANDARD_TIME_ZONES, ...LEGACY_TIME_ZONES.keys()]);
  const suggested = [...new Set(named.map((name) => LEGACY_TIME_ZONES.get(name) ?? name))];
  return `${JSON.stringify(zone)} is no time zone Julia's TimeZones.jl knows (tzdata ${TZDATA_VERSION})${suggesting(suggested)}; write an IANA zone name such as Europe/Paris or an offset such as +01:00`;
}

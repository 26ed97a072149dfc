/**
 * The time zone of an Arrow Timestamp, as a `timestamp<unit, zone>` field checks and writes it.
 * Arrow stores UTC instants whatever the zone (Schema.fbs, `Timestamp.timezone`), so a zone is a
 * label; but UTC has many spellings, and writers use them (pyarrow writes the zone it is given,
 * `Etc/UTC` as readily as `UTC`). Each is the same zone to a `timestamp<ms, UTC>` field; any
 * other zone is another.
 */

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

/** Whether a Timestamp stored in `stored` (`null`: none) holds the zone a field declares as `declared`. */
export function isSameTimeZone(declared: string | null, stored: string | null): boolean {
  if (declared === stored) return true;
  return declared !== null && stored !== null && UTC_SPELLINGS.has(declared) && UTC_SPELLINGS.has(stored);
}

/**
 * The zone a Timestamp is written with for a field that declares `declared`: `UTC` for any
 * spelling of it, as Arrow.jl writes a ZonedDateTime in UTC. Of the others Julia reads only
 * `GMT`, `Z` and offsets: Arrow.jl reads a zone with TimeZones.jl's `TimeZone(name)`, which
 * refuses the names of the tz database's `etcetera` and `backward` files (`Etc/UTC`, `Zulu`, ...)
 * as legacy.
 */
export function writtenTimeZone(declared: string | null): string | null {
  return declared !== null && UTC_SPELLINGS.has(declared) ? "UTC" : declared;
}

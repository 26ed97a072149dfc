/**
 * What a validated write lays out for Julia (julia-readable-schema.ts) that a file holding it as
 * it is keeps Legolas.jl from reading: found by comparing a column with the field that write would
 * store. The readers take such a file; `legolas validate` reports it (`findJuliaUnreadableColumns`).
 * Only the rewrites Julia needs are findings, each checked against the Julia sources:
 *
 * - Nullability. Arrow.jl reads a nullable field as `Union{T, Missing}`, holding a missing value or
 *   not (src/eltypes.jl `juliaeltype`), which `Legolas.validate` refuses for a declared `T`
 *   (src/schemas.jl `_check_for_expected_field`: `<:`), `Vector{T}` too; and a struct's optional
 *   child stored not nullable is another NamedTuple (invariant in its field types). Not below a
 *   record: Legolas.jl builds a record from its children's values by name (`fromarrowstruct`),
 *   whatever their storage's nullability.
 * - Extension names, where the storage without the name is not the declared type to Arrow.jl: a
 *   struct reads as a NamedTuple (no `VersionNumber`, record or Weights), a FixedSizeBinary(16)
 *   as bytes (no UUID). Not Date, DateTime, Time, ZonedDateTime, periods (Arrow.jl's
 *   `finaljuliatype` reads their storage as them) or a Symbol (`accepted_field_type` takes a String).
 * - Time zones. A spelling of UTC that TimeZones.jl's `TimeZone(name)` refuses by default, as
 *   Arrow.jl reads a zone: those of the tz database's `etcetera` and `backward` files (`Etc/UTC`,
 *   `Zulu`, ...), classed legacy. `GMT`, `Z` and offsets (`+00:00`) it reads. Other zones are
 *   time-zones.ts's.
 */
import { DataType, type Field } from "apache-arrow";
import type { Violation } from "../violations.js";
import {
  DATE_EXTENSION,
  DATETIME_EXTENSION,
  extensionNameOf,
  isRecordExtensionName,
  PERIOD_EXTENSION,
  SYMBOL_EXTENSION,
  TIME_EXTENSION,
  ZONED_DATETIME_EXTENSION,
} from "./metadata.js";

/** Extension names whose storage Julia reads as the declared type without them. */
const READ_WITHOUT_NAME: ReadonlySet<string> = new Set([
  DATE_EXTENSION,
  DATETIME_EXTENSION,
  TIME_EXTENSION,
  ZONED_DATETIME_EXTENSION,
  PERIOD_EXTENSION,
  SYMBOL_EXTENSION,
]);

/** UTC's names that TimeZones.jl reads by default: its own `utc` source file's zones, and its fixed offsets. */
const ZONES_JULIA_READS: ReadonlySet<string> = new Set(["UTC", "GMT", "Z", "+00:00", "-00:00"]);

const REWRITE =
  "rewrite the file with writeTable(path, rows, version) of its rows (readTable's result.rows), which marks it as Julia reads it";

/**
 * The places where `field` (at `path`) differs from `rewritten`, the field a validated write
 * stores for it (of the same shape), in a way that keeps Julia from reading it as declared.
 */
export function layoutJuliaRefuses(field: Field, rewritten: Field, path: string, inRecord = false): Violation[] {
  if (field === rewritten) return [];
  const found: Violation[] = [];
  if (field.nullable !== rewritten.nullable && !inRecord) found.push(nullability(path, field));
  const name = extensionNameOf(rewritten);
  if (name !== null && extensionNameOf(field) === null && !READ_WITHOUT_NAME.has(name))
    found.push(extensionMissing(path, name));
  const zone = DataType.isTimestamp(field.type) ? (field.type.timezone ?? null) : null;
  if (
    zone !== null &&
    DataType.isTimestamp(rewritten.type) &&
    rewritten.type.timezone !== zone &&
    !ZONES_JULIA_READS.has(zone)
  )
    found.push(legacyUtc(path, zone));
  const children = (field.type.children as Field[] | undefined) ?? [];
  const rewrittenChildren = (rewritten.type.children as Field[] | undefined) ?? [];
  const struct = DataType.isStruct(field.type);
  const belowRecord = inRecord || (name !== null && isRecordExtensionName(name));
  children.forEach((child, k) => {
    const at = struct ? `${path}.${child.name}` : `${path}[]`;
    found.push(...layoutJuliaRefuses(child, rewrittenChildren[k]!, at, belowRecord));
  });
  return found;
}

function nullability(path: string, field: Field): Violation {
  return field.nullable
    ? {
        code: "incorrect_type",
        path,
        expected: "a field not marked nullable, as the version requires a value",
        found: `a nullable field, which Arrow.jl reads as Union{Missing, T} whether or not a value is missing, and Legolas.read refuses for the declared type; ${REWRITE}`,
      }
    : {
        code: "incorrect_type",
        path,
        expected: "a nullable field, as the version lets the struct's child be missing",
        found: `a field not marked nullable, which Arrow.jl reads into another NamedTuple than the declared one, and Legolas.read refuses; ${REWRITE}`,
      };
}

function extensionMissing(path: string, name: string): Violation {
  return {
    code: "incorrect_type",
    path,
    expected: `the extension name ${name}`,
    found: `no extension name, so Arrow.jl reads the storage as it is, not as the declared type, and Legolas.read refuses it; ${REWRITE}`,
  };
}

function legacyUtc(path: string, zone: string): Violation {
  return {
    code: "incorrect_type",
    path,
    expected: "the time zone UTC",
    found: `the time zone ${JSON.stringify(zone)}, a legacy name that TimeZones.jl refuses as Arrow.jl reads the column; ${REWRITE}`,
  };
}

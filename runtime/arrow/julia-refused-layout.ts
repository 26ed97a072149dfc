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
 *   labelled struct, whose type its extension name alone gives (`juliaeltype`: `JuliaType(Val(name), ...)`),
 *   its children's values handed to a constructor (src/arraytypes/struct.jl `getindex`:
 *   `fromarrowstruct`, by default `fromarrow(T, x...)`, `T(x...)`): Legolas.jl builds a record from
 *   them by name, and ArrowTypes a `VersionNumber(major, minor, patch, prerelease, build)`, each
 *   taking a present value whatever its storage's nullability (a null held there is
 *   julia-misread-nulls.ts's). Within LegolasFlux's Weights (`Weights(v)` of its list of FlatArrays,
 *   `fromarrow(FlatArray, vec, size) = FlatArray{eltype(vec)}(vec, size)`), two places count, the
 *   eltype of a nullable list being `Union{Missing, T}` present or not: see {@link weightsNullability}.
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
  VERSION_NUMBER_EXTENSION,
  WEIGHTS_EXTENSION,
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
 * What a field is a part of, as its nullability counts for Julia: a column or a NamedTuple's
 * child (`"plain"`), a record's or VersionNumber's child (`"free"`), or a part of the Weights value
 * at `weights` (the Weights field's path).
 */
type Within = "plain" | "free" | { readonly weights: string };

/**
 * The places where `field` (at `path`) differs from `rewritten`, the field a validated write
 * stores for it (of the same shape), in a way that keeps Julia from reading it as declared.
 */
export function layoutJuliaRefuses(
  field: Field,
  rewritten: Field,
  path: string,
  within: Within = "plain",
): Violation[] {
  if (field === rewritten) return [];
  const found: Violation[] = [];
  if (field.nullable !== rewritten.nullable) {
    const refused = nullabilityRefused(field, path, within);
    if (refused !== null) found.push(refused);
  }
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
  const childrenWithin = partsWithin(within, name, path);
  children.forEach((child, k) => {
    const at = struct ? `${path}.${child.name}` : `${path}[]`;
    found.push(...layoutJuliaRefuses(child, rewrittenChildren[k]!, at, childrenWithin));
  });
  return found;
}

/**
 * What the children of a field labelled `name` (at `path`, itself `within`) are a part of. A
 * Weights value is read as one wherever it is, a record's child too.
 */
function partsWithin(within: Within, name: string | null, path: string): Within {
  if (typeof within === "object") return within;
  if (name === WEIGHTS_EXTENSION) return { weights: path };
  const free = name !== null && (name === VERSION_NUMBER_EXTENSION || isRecordExtensionName(name));
  return free ? "free" : within;
}

/** The violation of `field`'s nullability where it is not the rewritten one's, if Julia refuses it there. */
function nullabilityRefused(field: Field, path: string, within: Within): Violation | null {
  if (within === "plain") return nullability(path, field);
  if (within === "free" || !field.nullable) return null;
  const why = weightsNullability(path.slice(within.weights.length));
  return why === null ? null : { ...nullability(path, field), found: `${why}; ${REWRITE}` };
}

/**
 * What Julia does with a nullable part of a Weights value (at `part` within it: `.weights[]`), where
 * it cannot read one. LegolasFlux's `Weights` has no `fromarrow` of its own: Arrow.jl calls
 * `Weights(v)` with the value of its `weights` list (ArrowTypes `fromarrow(T, x...) = T(x...)`),
 * and each FlatArray is `FlatArray{eltype(vec)}(vec, size)` (src/LegolasFlux.jl), `T <: Number`.
 * A nullable `weights` list, `vec` list, `size` list or `size` element reads: present, it is the
 * vector it holds (`fromarrow(::Type{Union{Missing,T}}, x) = fromarrow(T, x)`), and `size`'s
 * elements convert to `Vector{Int}`.
 */
function weightsNullability(part: string): string | null {
  switch (part) {
    case ".weights[]":
      return (
        "a nullable FlatArray, so Arrow.jl hands LegolasFlux's Weights(v) a Vector{Union{Missing, FlatArray}}, missing values or not, " +
        "which its method for a vector of FlatArrays does not take: the other promotes the arrays' element types, " +
        "each Any, to FlatArray{Any}, no FlatArray (T <: Number), and throws a TypeError, so reading any Weights value of the column fails (read_model_row too)"
      );
    case ".weights[].vec[]":
      return (
        "a nullable vec element, so Arrow.jl reads each vec as a Vector{Union{Missing, T}}, missing values or not, " +
        "and LegolasFlux's fromarrow(FlatArray, vec, size) makes a FlatArray{Union{Missing, T}}, no FlatArray (T <: Number), and throws a TypeError, " +
        "so reading any Weights value of the column fails (read_model_row too)"
      );
    default:
      return null;
  }
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

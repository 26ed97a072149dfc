/**
 * The wire contract with Legolas.jl, in one place: the metadata keys a Legolas table carries and
 * the Arrow extension names Arrow.jl writes on the fields whose Julia types it knows. Nothing
 * else in legolas-ts spells these strings.
 *
 * Arrow has no extension-type registry in JavaScript: an extension is just two entries of a
 * field's metadata, `ARROW:extension:name` and `ARROW:extension:metadata`. Arrow.jl writes the
 * second as an empty string, and so do we, so that our fields are byte-for-byte Arrow.jl's.
 */
import type { Field, Schema } from "apache-arrow";
import { checkArrowArgument } from "./arrow-arguments.js";

/** Table metadata: the fully qualified identifier of the table's schema version. */
export const SCHEMA_QUALIFIED_KEY = "legolas_schema_qualified";
/** Table metadata written by Legolas.jl: the Julia package that declares the schema. */
export const PROVIDER_NAME_KEY = "legolas_julia_schema_provider_name";
/** Table metadata written by Legolas.jl: that package's version. */
export const PROVIDER_VERSION_KEY = "legolas_julia_schema_provider_version";

/**
 * Table metadata of legolas-ts's own, on model rows: whose layout the row's `weights` are in,
 * `"tfjs"` or `"flux"` (weights/weights.ts `WeightsLayout`). Legolas.jl reads only the keys above
 * and ignores any other (src/tables.jl `extract_metadata` looks keys up by name), so Julia reads
 * these rows as before. A model row without it was written by LegolasFlux.jl: Flux's layout.
 */
export const WEIGHTS_LAYOUT_KEY = "legolas_ts_weights_layout";

export const EXTENSION_NAME_KEY = "ARROW:extension:name";
export const EXTENSION_METADATA_KEY = "ARROW:extension:metadata";

/** `Base.UUID`: FixedSizeBinary(16) holding the UUID's 128 bits as a little-endian integer. */
export const UUID_EXTENSION = "JuliaLang.UUID";
/** `Dates.Date`: Date(DAY). */
export const DATE_EXTENSION = "JuliaLang.Date";
/** `Dates.DateTime`: Timestamp(MILLISECOND) without a time zone (Arrow.jl src/eltypes.jl). */
export const DATETIME_EXTENSION = "JuliaLang.DateTime";
/** `Dates.Time`: Time64(NANOSECOND). */
export const TIME_EXTENSION = "JuliaLang.Time";
/** `TimeZones.ZonedDateTime` (Arrow.jl 2.4.2 and later): Timestamp(MILLISECOND, zone) of UTC instants. */
export const ZONED_DATETIME_EXTENSION = "JuliaLang.ZonedDateTime-UTC";
/**
 * `ZonedDateTime` as Arrow.jl before 2.4.2 labelled it: Timestamp counts of each value's local
 * wall-clock time in its zone, not of the UTC instant (eltypes.jl, `OLD_ZONEDDATETIME_SYMBOL`).
 */
export const LOCAL_ZONED_DATETIME_EXTENSION = "JuliaLang.ZonedDateTime";
/** Any `Dates.Period` (`Nanosecond`, `Millisecond`, ...): a Duration of the period's unit. */
export const PERIOD_EXTENSION = "JuliaLang.Dates.Period";
/** `Symbol`: Utf8 (ArrowTypes.jl, `arrowname(::Type{Symbol})`). */
export const SYMBOL_EXTENSION = "JuliaLang.Symbol";
/** `Char`: UInt32, the code point (ArrowTypes.jl, `toarrow(x::Char) = convert(UInt32, x)`). */
export const CHAR_EXTENSION = "JuliaLang.Char";
/** `VersionNumber`: a struct of major, minor, patch (UInt32), prerelease and build (ArrowTypes.jl). */
export const VERSION_NUMBER_EXTENSION = "JuliaLang.VersionNumber";
/** A Julia `Tuple` (ArrowTypes.jl): a struct with children "1", "2", ...; `()` has none. */
export const TUPLE_EXTENSION = "JuliaLang.Tuple";
/** `Legolas.SchemaVersion`: Utf8 holding its identifier (Legolas.jl src/schemas.jl). */
export const SCHEMA_VERSION_EXTENSION = "JuliaLang.Legolas.SchemaVersion";
/** `Set{T}`: a List of its elements (ArrowTypes.jl, `arrowname(::Type{<:AbstractSet})`). */
export const SET_EXTENSION = "JuliaLang.Set";
/** Arrow.jl's label of a column of Julia's `nothing` (a Null column, ArrowTypes.jl `arrowname(::Type{Nothing})`), read back as `nothing`, not `missing`. */
export const NOTHING_EXTENSION = "JuliaLang.Nothing";
/** LegolasFlux's `Weights`: a struct holding a list of FlatArrays. */
export const WEIGHTS_EXTENSION = "JuliaLang.LegolasFlux.Weights";
/** LegolasFlux's `FlatArray`: `{vec, size}`, one array of a model's weights. */
export const FLAT_ARRAY_EXTENSION = "JuliaLang.LegolasFlux.FlatArray";

/**
 * The extension name Legolas.jl gives a nested record of `name@version`: the Julia type it
 * generates for the record, `JuliaLang.Legolas.Generated.<name>.<version>`.
 */
export function recordExtensionName(name: string, version: number): string {
  return `${RECORD_EXTENSION_PREFIX}${name}.${version}`;
}

const RECORD_EXTENSION_PREFIX = "JuliaLang.Legolas.Generated.";

/** Whether `extensionName` labels a nested record of some schema version ({@link recordExtensionName}). */
export function isRecordExtensionName(extensionName: string): boolean {
  return extensionName.startsWith(RECORD_EXTENSION_PREFIX);
}

/** Field metadata declaring an extension type, exactly as Arrow.jl writes it. */
export function extensionMetadata(extensionName: string): Map<string, string> {
  return new Map([
    [EXTENSION_NAME_KEY, extensionName],
    [EXTENSION_METADATA_KEY, ""],
  ]);
}

/** A field's extension name, or `null` when it declares none (Arrow.jl omits some). */
export function extensionNameOf(field: Field): string | null {
  return field.metadata.get(EXTENSION_NAME_KEY) ?? null;
}

/** What a table's metadata says about its schema version. */
export interface LegolasTableMetadata {
  /** `legolas_schema_qualified`, or `null` when the table is not a Legolas table. */
  readonly identifier: string | null;
  /** The Julia package that declared the schema, when Legolas.jl recorded it. */
  readonly providerName: string | null;
  readonly providerVersion: string | null;
}

export function readTableMetadata(schema: Schema): LegolasTableMetadata {
  checkArrowArgument(schema, "the schema", ["Schema"]);
  const metadata = schema.metadata;
  return {
    identifier: metadata.get(SCHEMA_QUALIFIED_KEY) ?? null,
    providerName: metadata.get(PROVIDER_NAME_KEY) ?? null,
    providerVersion: metadata.get(PROVIDER_VERSION_KEY) ?? null,
  };
}

/**
 * A table's metadata with `legolas_schema_qualified` set to `identifier`. Other entries are
 * kept, except the Julia provider keys: they describe whoever declared the *old* identifier.
 */
export function withSchemaIdentifier(metadata: ReadonlyMap<string, string>, identifier: string): Map<string, string> {
  const out = new Map(metadata);
  if (out.get(SCHEMA_QUALIFIED_KEY) !== identifier) {
    out.delete(PROVIDER_NAME_KEY);
    out.delete(PROVIDER_VERSION_KEY);
  }
  out.set(SCHEMA_QUALIFIED_KEY, identifier);
  return out;
}

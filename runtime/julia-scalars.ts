/**
 * Values of the Julia scalar types of issue 23 (`float16`, `int128`/`uint128`, `symbol`, `char`,
 * `version`, `SchemaVersion`, and the abstract `integer`, `real`, `number`, `period`): the input
 * conversions and value tests generated constructors call, as convert.ts holds them for the
 * other types. Their Arrow storage is arrow/columns/julia-scalars.ts's.
 */
import { formatSchemaVersionName, parseIdentifier } from "./identifier.js";
import { float16Bits, float16Value } from "./weights/element-types.js";

/**
 * A number rounded to float16, as Julia's `Float16(x)` rounds it (ties to even). A finite number
 * beyond float16's range (65520 and up) is returned unchanged for the validator to refuse
 * ({@link isFloat16}), never silently stored as an infinity.
 */
export function toFloat16(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value !== "number") return value;
  const bits = float16Bits(value);
  return bits === null ? value : float16Value(bits);
}

/** `true` for a number a float16 holds exactly: what a `float16` field holds (NaN and the infinities too). */
export function isFloat16(value: unknown): value is number {
  if (typeof value !== "number") return false;
  const bits = float16Bits(value);
  return bits !== null && (Number.isNaN(value) || Object.is(float16Value(bits), value));
}

/** `true` for a bigint that fits in a signed 128-bit integer (Julia's `Int128`). */
export function isInt128(value: unknown): value is bigint {
  return typeof value === "bigint" && BigInt.asIntN(128, value) === value;
}

/** `true` for a bigint that fits in an unsigned 128-bit integer (Julia's `UInt128`). */
export function isUint128(value: unknown): value is bigint {
  return typeof value === "bigint" && BigInt.asUintN(128, value) === value;
}

/**
 * `true` for a string of exactly one code point: a Julia `Char`, which Arrow.jl stores as its
 * code point (`convert(UInt32, c)`). A lone surrogate is one code point, as Julia's `Char(0xd800)` is.
 */
export function isChar(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2) return false;
  return value.length === 1 || value.codePointAt(0)! > 0xffff;
}

/**
 * `true` for a schema version identifier, as Legolas.jl reads a `Legolas.SchemaVersion` column
 * (`first(parse_identifier(id))`): `name@1`, or the chain `a@1>b@2` it writes (`identifier(sv)`).
 */
export function isSchemaVersionIdentifier(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    parseIdentifier(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * `true` when `identifier`'s own schema version, its first link as Legolas.jl reads the value
 * (`first(parse_identifier(id))`), is one of `listed` (each `name@version`, as the generator
 * asks a `values:` list to write them): `digits-model@1` and the `digits-model@1>legolas-flux.model@1`
 * Legolas.jl writes for it are one SchemaVersion to Julia, so a field listing the first takes both.
 * The text as written (`a@1`, `a@1>...`) is a set lookup; other spellings Julia reads as a listed
 * version (`a@01`, ` a@1 >b@1`) are parsed.
 */
export function isListedSchemaVersion(listed: ReadonlySet<unknown>, identifier: string): boolean {
  const end = identifier.indexOf(">");
  const first = end === -1 ? identifier : identifier.slice(0, end);
  if (listed.has(first)) return true;
  try {
    return listed.has(formatSchemaVersionName(parseIdentifier(first)[0]!));
  } catch {
    return false;
  }
}

/**
 * `true` for text a Julia `Symbol` can hold: all but NUL, since `Symbol(text)` (`jl_symbol_n`)
 * throws "Symbol name may not contain \\0". Besides `symbol` values, Arrow.jl makes a Symbol of
 * every column's name (src/table.jl), every struct child's (src/eltypes.jl, `juliaeltype` of a
 * Struct: a NamedTuple's names) and every extension name it reads, so a name holding NUL is a
 * file Arrow.jl, and so Legolas.read, cannot open at all.
 */
export function isJuliaSymbolText(text: string): boolean {
  return !text.includes("\u0000");
}

/** Why a column's or struct field's name holding NUL is refused: {@link isJuliaSymbolText}. */
export const NUL_IN_NAME =
  "NUL, which no Julia Symbol holds: Arrow.jl names each column and struct field with a Symbol, so Julia could not open the file";

/** Julia's VersionNumber as legolas-ts holds it: `major.minor.patch`, each a UInt32 in decimal. */
const VERSION_TEXT = /^(0|[1-9]\d{0,9})\.(0|[1-9]\d{0,9})\.(0|[1-9]\d{0,9})$/;
/** What `VersionNumber(text)` parses without prerelease or build: `v1`, `1.2`, `1.2.3`. */
export const VERSION_INPUT = /^v?(\d{1,10})(?:\.(\d{1,10}))?(?:\.(\d{1,10}))?$/;
const UINT32_MAX = 2 ** 32 - 1;

/** The three parts of a `version` value, or `null` when it is none. */
export function versionParts(value: unknown): [number, number, number] | null {
  if (typeof value !== "string") return null;
  const match = VERSION_TEXT.exec(value);
  if (match === null) return null;
  const parts = [Number(match[1]), Number(match[2]), Number(match[3])] as [number, number, number];
  return parts.every(isVersionPart) ? parts : null;
}

/**
 * Whether `part` is a part of a `version` (a UInt32, as Julia's VersionNumber holds it): what
 * {@link versionParts} accepts, and what validate/column-scan.ts flags a stored part by (a
 * VersionNumber struct's counts may be any Int up to 64 bits, julia-scalar-storage.ts).
 */
export function isVersionPart(part: number | bigint): boolean {
  return part >= 0 && part <= UINT32_MAX;
}

/** `true` for a `version` value: `"1.2.3"`, as Julia prints `v"1.2.3"` without its `v`. */
export function isVersion(value: unknown): value is string {
  return versionParts(value) !== null;
}

/** A version as Julia's `VersionNumber(text)` reads it (`"v1.2"` is `"1.2.0"`); anything else unchanged. */
export function toVersion(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value !== "string") return value;
  const match = VERSION_INPUT.exec(value);
  if (match === null) return value;
  return [match[1], match[2] ?? "0", match[3] ?? "0"].map((part) => String(Number(part))).join(".");
}

/**
 * `true` for a value of Julia's abstract `Integer` as legolas-ts holds it: a safe-integer number
 * (what an int8 to int32 or uint8 to uint32 column reads as) or a bigint within the 128-bit
 * integers (64- and 128-bit columns).
 */
export function isInteger(value: unknown): value is number | bigint {
  if (typeof value === "number") return Number.isSafeInteger(value);
  return isInt128(value) || isUint128(value);
}

/** `true` for a value of Julia's abstract `Real` (and `Number`): any number, or an {@link isInteger} bigint. */
export function isReal(value: unknown): value is number | bigint {
  return typeof value === "number" || (typeof value === "bigint" && isInteger(value));
}

/**
 * Schema identifiers, following Legolas.jl: a schema version is `name@version`, and its fully
 * qualified identifier lists the whole parent chain, child first: `digits-model@1>legolas-flux.model@1`.
 *
 * Reading follows Legolas.jl's `parse_identifier` (src/schemas.jl), so that every identifier a
 * Legolas.jl reader takes reads here too: each `>`-separated link is `strip`ped, must split on
 * `@` into exactly two parts, and its version is read as Julia's `tryparse(Int, v)` reads it
 * (whitespace around it, a `+`, leading zeros, `0x`/`0o`/`0b`), so `"a@1 > b@01"` is
 * `a@1>b@1`. Writing always gives the canonical form ({@link formatIdentifier}). Two deliberate
 * differences: Legolas.jl silently drops a link whose version is not an integer (`a@x>b@1`
 * reads as `b@1`), and takes versions up to 2^63-1; here the first is refused (it would read a
 * table as a version it does not declare) and so is a version past 2^53-1, which a JavaScript
 * number cannot hold exactly. YAML declarations are stricter than files: the generator asks
 * for the canonical form.
 */
import { IdentifierError } from "./errors.js";
import { describeValue, quotedText } from "./violations.js";

/** One link of a qualified identifier. */
export interface SchemaVersionName {
  readonly name: string;
  readonly version: number;
}

const SCHEMA_NAME = /^[a-z0-9.-]+$/;

/** `true` when `name` is a valid Legolas schema name: lower-case letters, digits, `.` and `-`. */
export function isValidSchemaName(name: string): boolean {
  return SCHEMA_NAME.test(name);
}

/** `true` when `version` is a valid schema version: a non-negative safe integer. */
export function isValidSchemaVersion(version: number): boolean {
  return Number.isSafeInteger(version) && version >= 0;
}

/** How Legolas writes a version (and how YAML must declare one); reading is looser (`parseIdentifier`). */
const SCHEMA_VERSION = /^(0|[1-9][0-9]*)$/;

/** `true` when `text` writes a valid schema version as Legolas does: decimal digits, no sign, no leading zero. */
export function isSchemaVersionText(text: string): boolean {
  return SCHEMA_VERSION.test(text) && isValidSchemaVersion(Number(text));
}

/**
 * Splits a (possibly qualified) identifier into its links, child first, as Legolas.jl reads it.
 * `parseIdentifier("a@1>b@2")` and `parseIdentifier("a@1 > b@02")` are both
 * `[{name: "a", version: 1}, {name: "b", version: 2}]`.
 */
export function parseIdentifier(identifier: string): SchemaVersionName[] {
  // Such as a table's metadata.get("legolas_schema_qualified") of a table without it, from plain JavaScript.
  if (typeof identifier !== "string")
    throw new TypeError(`the identifier given is ${describeValue(identifier)}: pass text such as "digits-model@1"`);
  if (identifier.length === 0) throw new IdentifierError(identifier, "it is empty");
  return identifier.split(">").map((link) => parseLink(identifier, link));
}

function parseLink(identifier: string, link: string): SchemaVersionName {
  const parts = juliaStrip(link).split("@");
  if (parts.length !== 2) {
    const problem = parts.length < 2 ? 'has no "@version"' : 'has more than one "@"';
    throw new IdentifierError(identifier, `${quotedText(link)} ${problem}; write it as name@version`);
  }
  const [name, versionText] = parts as [string, string];
  if (!isValidSchemaName(name)) {
    throw new IdentifierError(
      identifier,
      `schema name ${quotedText(name)} may only contain lower-case letters, digits, "." and "-"`,
    );
  }
  const version = juliaInteger(versionText);
  if (version === null || version < 0n) {
    throw new IdentifierError(identifier, `version ${quotedText(versionText)} is not a non-negative integer`);
  }
  if (version > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new IdentifierError(
      identifier,
      `version ${quotedText(versionText)} is larger than ${Number.MAX_SAFE_INTEGER}, the largest a JavaScript number holds exactly`,
    );
  }
  return { name, version: Number(version) };
}

/** Julia's `isspace`: ASCII tab to carriage return, space, U+0085, and Unicode's space separators. */
const SPACE = "[\\t-\\r \\u0085\\p{Zs}]";
const IS_SPACE = new RegExp(SPACE, "u");

/**
 * Julia's `strip(s)`: whitespace removed from both ends, by Julia's `isspace` (every such
 * character is one UTF-16 unit). A loop, where `/\s+$/` would try each space of a long run in
 * turn: a file's identifier of 40,000 spaces took seconds, time quadratic in the run.
 */
function juliaStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && IS_SPACE.test(text[start]!)) start++;
  while (end > start && IS_SPACE.test(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/**
 * Julia's `tryparse(Int, text)` (base/parse.jl): spaces around, a sign, spaces, a `0b`/`0o`/`0x`
 * prefix, digits; `null` where Julia gives `nothing` (no integer, or past Int64).
 */
function juliaInteger(text: string): bigint | null {
  const match = JULIA_INTEGER.exec(juliaStrip(text));
  if (match === null) return null;
  const [, sign, prefix, digits] = match as unknown as [string, string, string, string];
  // BigInt reads the same prefixes (and upper-case ones, which Julia takes as digits: refused).
  if (prefix === "" && !DECIMAL.test(digits)) return null;
  let magnitude: bigint;
  try {
    magnitude = BigInt(prefix + digits);
  } catch {
    return null; // a digit outside the prefix's base
  }
  const value = sign === "-" ? -magnitude : magnitude;
  return BigInt.asIntN(64, value) === value ? value : null;
}

/** Of stripped text: spaces around the sign, as `^\s*[+-]?\s*`, would let two runs share the spaces, tried in every split. */
const JULIA_INTEGER = new RegExp(`^([+-]?)${SPACE}*(0[box]|)([0-9a-zA-Z]+)$`, "u");
const DECIMAL = /^[0-9]+$/;

/** `name@version` of one schema version. */
export function formatSchemaVersionName(link: SchemaVersionName): string {
  return `${link.name}@${link.version}`;
}

/** The inverse of {@link parseIdentifier}: the canonical form, as Legolas.jl writes it. */
export function formatIdentifier(links: readonly SchemaVersionName[]): string {
  return links.map(formatSchemaVersionName).join(">");
}

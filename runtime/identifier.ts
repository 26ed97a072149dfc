/**
 * Schema identifiers, following Legolas.jl: a schema version is `name@version`, and its fully
 * qualified identifier lists the whole parent chain, child first: `digits-model@1>legolas-flux.model@1`.
 */
import { LegolasError } from "./errors.js";

/** One link of a qualified identifier. */
export interface SchemaVersionName {
  readonly name: string;
  readonly version: number;
}

const SCHEMA_NAME = /^[a-z0-9.-]+$/;
const SCHEMA_VERSION = /^(0|[1-9][0-9]*)$/;

/** Thrown when an identifier, schema name or version does not follow Legolas's rules. */
export class IdentifierError extends LegolasError {
  override readonly name = "IdentifierError";
  readonly code = "invalid_identifier";
  constructor(
    readonly identifier: string,
    readonly reason: string,
  ) {
    super(`invalid schema identifier ${JSON.stringify(identifier)}: ${reason}`);
  }
}

/** `true` when `name` is a valid Legolas schema name: lower-case letters, digits, `.` and `-`. */
export function isValidSchemaName(name: string): boolean {
  return SCHEMA_NAME.test(name);
}

/** `true` when `version` is a valid schema version: a non-negative safe integer. */
export function isValidSchemaVersion(version: number): boolean {
  return Number.isSafeInteger(version) && version >= 0;
}

/** `true` when `text` writes a valid schema version as Legolas does: decimal digits, no sign, no leading zero. */
export function isSchemaVersionText(text: string): boolean {
  return SCHEMA_VERSION.test(text) && isValidSchemaVersion(Number(text));
}

/**
 * Splits a (possibly qualified) identifier into its links, child first.
 * `parseIdentifier("a@1>b@2")` is `[{name: "a", version: 1}, {name: "b", version: 2}]`.
 */
export function parseIdentifier(identifier: string): SchemaVersionName[] {
  if (identifier.length === 0) throw new IdentifierError(identifier, "it is empty");
  return identifier.split(">").map((link) => parseLink(identifier, link));
}

function parseLink(identifier: string, link: string): SchemaVersionName {
  const at = link.lastIndexOf("@");
  if (at < 0) {
    throw new IdentifierError(identifier, `${JSON.stringify(link)} has no "@version"; write it as name@version`);
  }
  const name = link.slice(0, at);
  const versionText = link.slice(at + 1);
  if (!isValidSchemaName(name)) {
    throw new IdentifierError(
      identifier,
      `schema name ${JSON.stringify(name)} may only contain lower-case letters, digits, "." and "-"`,
    );
  }
  if (!isSchemaVersionText(versionText)) {
    throw new IdentifierError(identifier, `version ${JSON.stringify(versionText)} is not a non-negative integer`);
  }
  return { name, version: Number(versionText) };
}

/** `name@version` of one schema version. */
export function formatSchemaVersionName(link: SchemaVersionName): string {
  return `${link.name}@${link.version}`;
}

/** The inverse of {@link parseIdentifier}. */
export function formatIdentifier(links: readonly SchemaVersionName[]): string {
  return links.map(formatSchemaVersionName).join(">");
}

/**
 * The process-wide registry of schema versions, keyed by `name@version`. It lives on
 * `globalThis`, so two copies of legolas-ts loaded into one process share it.
 */
import { formatSchemaVersionName, parseIdentifier } from "./identifier.js";
import type { SchemaVersion } from "./schema-version-types.js";
import { SchemaVersionConflictError } from "./errors.js";

const REGISTRY_KEY = Symbol.for("legolas-ts.registry.v1");

interface Registered {
  readonly schemaVersion: SchemaVersion;
  readonly fingerprint: string;
}

function registry(): Map<string, Registered> {
  const holder = globalThis as { [REGISTRY_KEY]?: Map<string, Registered> };
  holder[REGISTRY_KEY] ??= new Map();
  return holder[REGISTRY_KEY];
}

/**
 * Registers `schemaVersion` and returns it. A declaration identical to one registered under its
 * name replaces it, without complaint: the module that ran last holds the class its code uses,
 * as a module hot reload evaluated again (its importers with it) or a test re-imported, so
 * readers without `{ schemaVersion }` give rows of that class, not of a copy no code imports
 * any more. Of two copies of a generated folder, both imported, the readers find the one
 * imported last (docs/tables.md). A declaration that differs only in its fields' docs is identical;
 * any other difference is a conflict.
 */
export function registerSchemaVersion<S extends SchemaVersion>(schemaVersion: S): S {
  const key = formatSchemaVersionName(schemaVersion);
  const fingerprint = fingerprintOf(schemaVersion);
  const existing = registry().get(key);
  if (existing !== undefined && existing.fingerprint !== fingerprint)
    throw new SchemaVersionConflictError(schemaVersion.identifier);
  registry().set(key, { schemaVersion, fingerprint });
  return schemaVersion;
}

/**
 * The registered schema version named by the first link of `identifier` (`digits-model@1` or
 * the fully qualified `digits-model@1>legolas-flux.model@1`), or `undefined` when none is.
 * Throws an `IdentifierError` when the identifier is malformed.
 */
export function findSchemaVersion(identifier: string): SchemaVersion | undefined {
  const [first] = parseIdentifier(identifier);
  return registry().get(formatSchemaVersionName(first!))?.schemaVersion;
}

/** Every registered schema version, sorted by `name@version`. */
export function registeredSchemaVersions(): SchemaVersion[] {
  return [...registry().entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r.schemaVersion);
}

/**
 * What makes two declarations of a version the same table contract. A field's `doc` (at any
 * depth: only field descriptors have one) is left out: it changes no column, value or check, as
 * Legolas.jl's schemas carry no docs, so editing a doc comment and hot-reloading the regenerated
 * module replaces the version instead of conflicting with it.
 */
function fingerprintOf(schemaVersion: SchemaVersion): string {
  const { identifier, fields, checks } = schemaVersion;
  return JSON.stringify({ identifier, fields, checks }, (key, value: unknown) =>
    key === "doc" ? undefined : typeof value === "bigint" ? `${value}n` : value,
  );
}

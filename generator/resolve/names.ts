/**
 * Every TypeScript name the generator emits for a schema version, chosen in one place. The
 * prefix is checked to be a PascalCase identifier at parse time, so these never need escaping.
 */
export interface VersionNames {
  /** `DigitsRowV1`: the row class. */
  readonly rowClass: string;
  /** `DigitsRowV1Fields`: the row's fields as a plain type. */
  readonly fields: string;
  /** `DigitsRowV1Input`: what the constructor accepts. */
  readonly input: string;
  /** `DigitsRowV1Json`: the row's JSON form (`toJSON`, `fromJSON`). */
  readonly json: string;
  /** `DigitsRowV1SchemaVersion`: the registered descriptor. */
  readonly schemaVersion: string;
  readonly convert: string;
  readonly validate: string;
  readonly is: string;
  readonly check: string;
}

export function versionNames(prefix: string, version: number): VersionNames {
  const rowClass = `${prefix}V${version}`;
  return {
    rowClass,
    fields: `${rowClass}Fields`,
    input: `${rowClass}Input`,
    json: `${rowClass}Json`,
    schemaVersion: `${rowClass}SchemaVersion`,
    convert: `convert${rowClass}`,
    validate: `validate${rowClass}`,
    is: `is${rowClass}`,
    check: `check${rowClass}`,
  };
}

const IDENTIFIER = /^[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$]*$/u;

/** `row.name` when `name` is an identifier, else `row["name"]`; safe for any field name. */
export function propertyAccess(object: string, name: string): string {
  return IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;
}

/** A property name as written in an object literal or class body. */
export function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/**
 * Names every object inherits from Object.prototype: a row or input lacking such a field would
 * otherwise read the inherited method (`{}.toString` is a function) instead of a missing value.
 */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Reads field `name` of `object` (a `Record<string, unknown>`); only an own property counts for
 * inherited names. Always an element access, as `noPropertyAccessFromIndexSignature` asks.
 */
export function fieldRead(object: string, name: string): string {
  const read = `${object}[${JSON.stringify(name)}]`;
  return INHERITED_NAMES.has(name) ? `(Object.hasOwn(${object}, ${JSON.stringify(name)}) ? ${read} : undefined)` : read;
}

import { isPlainPropertyKey, propertyKey } from "../../runtime/field-names.js";

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

/** `row.key` when field `name`'s property key is an identifier, else `row["key"]`; safe for any field name. */
export function propertyAccess(object: string, name: string): string {
  const key = propertyKey(name);
  return isPlainPropertyKey(key) ? `${object}.${key}` : `${object}[${JSON.stringify(key)}]`;
}

/** Field `name`'s property as written in an object literal, interface or class body. */
export function propertyName(name: string): string {
  const key = propertyKey(name);
  return isPlainPropertyKey(key) ? key : JSON.stringify(key);
}

/**
 * Reads field `name` of an input or row. No field's property key is one every object inherits
 * (`toString` is held as `toString$`, see runtime/field-names.ts), so a plain read never picks up
 * an Object.prototype method in place of a missing value.
 */
export function fieldRead(object: string, name: string): string {
  // Always an element access, as `noPropertyAccessFromIndexSignature` asks of a record read.
  return `${object}[${JSON.stringify(propertyKey(name))}]`;
}

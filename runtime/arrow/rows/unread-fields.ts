/**
 * What a read of some columns left out of its rows: the fields of its version that the table held
 * and the read did not ask for. It sits on the prototype of the rows such a read gives
 * (schema-projection.ts), so that a writer can refuse one written as a version that declares such
 * a field: the row has no value for it, the field would be written as null, and the value the
 * table holds would be lost without a word. A copy (`{ ...row }`) leaves the prototype behind: it
 * is how a user says that null is meant.
 */
import type { SchemaVersion } from "../../schema-version-types.js";
import { UnreadFieldsError } from "../errors.js";
import { propertyKey } from "../../field-names.js";
import { declaredKeys } from "./extra-columns.js";

export const UNREAD_FIELDS = Symbol("legolas-ts.unreadFields");

/** The error of a row left short of fields of `schemaVersion` by its read, or `undefined` when it lacks none. */
export function unreadFieldsError(
  schemaVersion: SchemaVersion<object, never>,
  row: unknown,
  rowIndex: number,
): UnreadFieldsError | undefined {
  if (typeof row !== "object" || row === null) return undefined;
  let unread: readonly string[] | undefined;
  try {
    unread = (row as { [UNREAD_FIELDS]?: readonly string[] })[UNREAD_FIELDS];
  } catch {
    // A Proxy trap threw: the row's own check reports what cannot be read.
    return undefined;
  }
  if (unread === undefined) return undefined;
  const declared = declaredKeys(schemaVersion);
  const lost = unread.filter((name) => {
    const key = propertyKey(name);
    return declared.has(key) && !Object.hasOwn(row, key);
  });
  return lost.length === 0 ? undefined : new UnreadFieldsError(schemaVersion.identifier, lost, rowIndex);
}

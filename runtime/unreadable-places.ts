/**
 * Where in a row a read throws (a getter, a Proxy trap), once the walk over it has thrown: the
 * declared fields are read once more, and each value read is followed into what its type holds
 * (a nested record's fields, a struct's, a list's, tuple's, set's or map's elements, a union's
 * member), so that the violation names the innermost place that could not be read
 * (`source.commit`, `many[1].hex`, `keyed[0][1]`), by the path the walk would have reported it
 * at and what it says the value there should be (its type, with a field's listed values; a map's
 * entry a pair), and carries what the read threw. A read that no longer throws is not found: the
 * caller then reports at the row.
 */
import { propertyKey } from "./field-names.js";
import { formatFieldType } from "./field-types.js";
import type { Constraints, FieldDescriptor, FieldType } from "./schema-version-types.js";
import { fieldValueExpected } from "./expected-values.js";
import { type RowPlace, rowOfIdentifier, unpairedEntryExpected } from "./violations.js";

/** A place whose read threw, by its violation path and what belongs there, and what the read threw. */
export interface UnreadablePlace extends RowPlace {
  readonly error: unknown;
}

/** A place found, or not (`undefined`) below this one. */
type Found = UnreadablePlace | undefined;

/**
 * The first place inside `row` (held as a row of `fields`) whose read throws; `undefined` when
 * every read succeeds, or when the row itself cannot be read (a revoked Proxy, whose every field
 * would throw: the fault is the row's, not its first field's).
 */
export function firstUnreadablePlace(fields: readonly FieldDescriptor[], row: unknown): Found {
  if (typeof row !== "object" || row === null) return undefined;
  try {
    Object.getPrototypeOf(row);
  } catch {
    return undefined;
  }
  try {
    return inFields(fields, row, "");
  } catch {
    // A value deeper than the stack (a cyclic one, which the walk could not finish either): the row's.
    return undefined;
  }
}

function inFields(fields: readonly FieldDescriptor[], object: object, path: string): Found {
  for (const { name, type, constraints } of fields) {
    const fieldPath = path === "" ? name : `${path}.${name}`;
    const expected = expectedOf(type, constraints);
    const found = read(() => (object as Record<string, unknown>)[propertyKey(name)], fieldPath, type, expected);
    if ("error" in found) return found;
    const inside = inValue(type, found.value, fieldPath, expected);
    if (inside !== undefined) return inside;
  }
  return undefined;
}

/**
 * The first place inside `value`, of `type`, at `path`, whose read throws: `path` itself (what
 * belongs there being `expected`) when testing what `value` is throws.
 */
function inValue(type: FieldType, value: unknown, path: string, expected = expectedOf(type)): Found {
  if (typeof value !== "object" || value === null) return undefined;
  try {
    return inObject(type, value, path);
  } catch (error) {
    // Its prototype (instanceof, Array.isArray of a revoked Proxy), length or iteration threw.
    return { path, expected, error };
  }
}

function inObject(type: FieldType, value: object, path: string): Found {
  switch (type.kind) {
    case "record":
      Object.getPrototypeOf(value);
      return inFields(type.schemaVersion().fields, value, path);
    case "struct":
      Object.getPrototypeOf(value);
      return inFields(type.fields, value, path);
    case "list":
    case "vector":
    case "ntuple":
      if (Array.isArray(value)) return inElements(value, () => type.element, path, "");
      // A typed array, or what stands for one (a Proxy of one passes `instanceof`): the writers read it whole.
      void (value as { length?: unknown }).length;
      return undefined;
    case "tuple":
      return Array.isArray(value) ? inElements(value, (k) => type.elements[k], path, "") : undefined;
    case "set":
      // A Set, or an array (its input form, Julia's `Set(v)`).
      if (Array.isArray(value)) return inElements(value, () => type.element, path, "");
      return value instanceof Set ? inElements([...value], () => type.element, path, "") : undefined;
    case "map":
      // An array of `[key, value]` entries is its input form (Julia's `Dict(pairs)`): each entry by its place.
      if (Array.isArray(value)) {
        const pair: FieldType = { kind: "tuple", elements: [type.key, type.value] };
        return inElements(value, () => pair, path, "", unpairedEntryExpected(formatFieldType(type)));
      }
      if (!(value instanceof Map)) return undefined;
      return (
        inElements([...value.keys()], () => type.key, path, "[0]") ??
        inElements([...value.values()], () => type.value, path, "[1]")
      );
    case "union":
      for (const member of type.members) {
        const found = inObject(member, value, path);
        if (found !== undefined) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The first place inside `elements` whose read throws, element `k` (of type `typeOf(k)`) at
 * `path[k]` and `suffix`; what belongs at an element is its type, or `entry` for a map's entry.
 */
function inElements(
  elements: readonly unknown[],
  typeOf: (k: number) => FieldType | undefined,
  path: string,
  suffix: string,
  entry?: string,
): Found {
  for (let k = 0; k < elements.length; k++) {
    const elementPath = `${path}[${k}]${suffix}`;
    const type = typeOf(k);
    // No type: a tuple's element past its length, which the walk refuses with the tuple.
    if (type === undefined) return undefined;
    const found = read(() => elements[k], elementPath, type, entry);
    if ("error" in found) return found;
    // A hole: the walk refused the list there, reading no further (a billion of them cost no memory: arrays.ts).
    if (found.value === undefined && !(k in elements)) return undefined;
    const inside = inValue(type, found.value, elementPath, entry);
    if (inside !== undefined) return inside;
  }
  return undefined;
}

function read(
  reading: () => unknown,
  path: string,
  type: FieldType,
  expected = expectedOf(type),
): { readonly value: unknown } | UnreadablePlace {
  try {
    return { value: reading() };
  } catch (error) {
    return { path, expected, error };
  }
}

/**
 * What the walk says a value of `type` should be: its type's name (and a field's listed values,
 * by `constraints`), or a nested record's row (row-validation.ts validateRecord).
 */
function expectedOf(type: FieldType, constraints: Constraints = {}): string {
  return type.kind === "record"
    ? rowOfIdentifier(type.schemaVersion().identifier)
    : fieldValueExpected(type, constraints);
}

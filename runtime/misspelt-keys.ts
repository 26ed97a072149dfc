/**
 * A required field reported missing while the object that should hold it has a key that names
 * no field and misspells it (`celsuis` for `celsius`, `Epoch` for `epoch`, a struct's
 * `learningrate` for `learning_rate`): its violation says so. Conversion reads declared fields
 * only, so the misspelt key's value was never looked at, and "missing" alone would send the
 * reader looking for a value that is there.
 */
import { misspeltKey } from "./did-you-mean.js";
import { propertyKey } from "./field-names.js";
import type { FieldDescriptor, FieldType, SchemaVersion } from "./schema-version-types.js";
import { pathSteps, type Violation } from "./violations.js";

/**
 * `violations` of `input` as a row of `schemaVersion`, each missing field's naming the key that
 * misspells it, at any depth (a struct's child, a nested record's field, inside a list's
 * elements: `schedule[0].factor`). In place, so that the count of violations left out stays on
 * the list.
 */
export function notingMisspeltKeys(violations: Violation[], schemaVersion: SchemaVersion, input: unknown): Violation[] {
  if (typeof input !== "object" || input === null || !violations.some((v) => v.code === "missing_field"))
    return violations;
  const row: FieldType = { kind: "struct", fields: schemaVersion.fields };
  violations.forEach((violation, k) => {
    if (violation.code !== "missing_field") return;
    let slip: string | undefined;
    try {
      slip = misspeltKeyAt(row, input, violation.path);
    } catch {
      // A hostile proxy or getter: the violation as it is.
      return;
    }
    if (slip !== undefined)
      violations[k] = { ...violation, found: `${JSON.stringify(slip)} instead, a key that names no field (misspelt?)` };
  });
  return violations;
}

/**
 * The key of the object inside `value` (of `type`) that holds the field at `path`, which names no
 * field of it and misspells that one; `undefined` when there is none, or the path leads elsewhere.
 */
function misspeltKeyAt(type: FieldType, value: unknown, path: string): string | undefined {
  const steps = pathSteps(path);
  const field = steps.pop();
  let holderType: FieldType | undefined = type;
  let holder = value;
  for (const step of steps) {
    if (holderType === undefined || typeof holder !== "object" || holder === null) return undefined;
    if (step.startsWith("[")) {
      const element = elementOf(holderType);
      if (element === undefined || !Array.isArray(holder)) return undefined;
      holder = holder[Number(step.slice(1, -1))];
      holderType = element;
    } else {
      const child: FieldDescriptor | undefined = fieldsOf(holderType)?.find(({ name }) => name === step);
      if (child === undefined) return undefined;
      holder = (holder as Record<string, unknown>)[propertyKey(step)];
      holderType = child.type;
    }
  }
  const fields = holderType === undefined ? undefined : fieldsOf(holderType);
  if (field === undefined || fields === undefined || typeof holder !== "object" || holder === null) return undefined;
  // A field is named by its property or its name (`toString$`, `toString`): neither is a slip.
  const declared = new Set(fields.flatMap(({ name }) => [name, propertyKey(name)]));
  const wanted = [propertyKey(field)];
  return Object.keys(holder).find((key) => !declared.has(key) && misspeltKey(key, wanted).length > 0);
}

/** The fields of a struct's or a nested record's values; `undefined` for other types. */
function fieldsOf(type: FieldType): readonly FieldDescriptor[] | undefined {
  if (type.kind === "struct") return type.fields;
  return type.kind === "record" ? type.schemaVersion().fields : undefined;
}

/** The element type of a list's values; `undefined` for other types. */
function elementOf(type: FieldType): FieldType | undefined {
  return type.kind === "list" || type.kind === "vector" || type.kind === "ntuple" ? type.element : undefined;
}

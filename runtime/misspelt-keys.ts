/**
 * A required field reported missing while the object that should hold it has a key that names
 * no field and misspells it (`celsuis` for `celsius`, `Epoch` for `epoch`, a struct's
 * `learningrate` for `learning_rate`): its violation says so. Conversion reads declared fields
 * only, so the misspelt key's value was never looked at, and "missing" alone would send the
 * reader looking for a value that is there. An optional field (or one with a default) that the
 * input lacks beside such a key breaks no rule of its own, but the key's value would be dropped
 * without a word: that is a violation of its own (`check_failed` at the field), found by the
 * writers' rule (misspelt-optional-keys.ts), so that the converting doors refuse what the writers do.
 */
import { misspeltKey } from "./did-you-mean.js";
import { propertyKey } from "./field-names.js";
import { holderPath, type Slip, slipIn } from "./misspelt-optional-keys.js";
import { isGeneratedRowClass, MISSPELT_KEY_CHECK, schemaVersionOf } from "./row-class-descriptors.js";
import type { FieldDescriptor, FieldType, SchemaVersion } from "./schema-version-types.js";
import { checkFailed, keepViolation, pathSteps, type Violation } from "./violations.js";

/**
 * `violations` of `input` as a row of `schemaVersion`, each missing field's naming the key that
 * misspells it, at any depth (a struct's child, a nested record's field, inside a list's
 * elements: `schedule[0].factor`), and one more for the first key that misspells an optional
 * field the input lacks. In place, so that the count of violations left out stays on the list.
 */
export function notingMisspeltKeys(violations: Violation[], schemaVersion: SchemaVersion, input: unknown): Violation[] {
  if (typeof input !== "object" || input === null) return violations;
  const slip = optionalSlipIn(schemaVersion, input);
  if (violations.some((v) => v.code === "missing_field")) noteMissingFields(violations, schemaVersion, input);
  // A key that a missing required field's violation names already is that field's, not an optional one's.
  const found = slip === undefined ? undefined : misspeltKeyFound(slip.key);
  if (slip !== undefined && !violations.some((v) => v.code === "missing_field" && v.found === found))
    keepViolation(violations, misspeltOptionalField(slip));
  return violations;
}

/** {@link notingMisspeltKeys} for the missing fields of `violations`. */
function noteMissingFields(violations: Violation[], schemaVersion: SchemaVersion, input: object): void {
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
    if (slip !== undefined) violations[k] = { ...violation, found: misspeltKeyFound(slip) };
  });
}

/**
 * Whether `input` holds a key that misspells an optional field (or one with a default) it lacks,
 * at any depth: what a generated row class's check ({@link MISSPELT_KEY_CHECK}) asks of an input
 * whose row passed and may hold one, and whose error ({@link notingMisspeltKeys}) then names the key.
 */
export function holdsMisspeltOptionalKey(schemaVersion: SchemaVersion, input: unknown): boolean {
  return optionalSlipIn(schemaVersion, input) !== undefined;
}

/**
 * Whether `input`, whose row `rowClass` converted it into passed, holds a key that misspells an
 * optional field it lacks: by the class's generated check, or, for a class written by hand, by
 * the walk itself; a generated class without a check has no such field. A generated check throws
 * a `RowValidationError` when its read of a field throws (row-validation.ts `unreadableInputError`).
 */
export function droppedMisspeltValue(rowClass: unknown, input: unknown): boolean {
  const check = (rowClass as { [MISSPELT_KEY_CHECK]?: (input: unknown) => boolean })[MISSPELT_KEY_CHECK];
  if (check !== undefined) return check.call(rowClass, input);
  if (isGeneratedRowClass(rowClass)) return false;
  const schemaVersion = schemaVersionOf(rowClass);
  return schemaVersion !== undefined && holdsMisspeltOptionalKey(schemaVersion, input);
}

function optionalSlipIn(schemaVersion: SchemaVersion, input: unknown): Slip | undefined {
  try {
    return slipIn(schemaVersion, input);
  } catch {
    // A hostile proxy or getter: conversion, which read the same values, reports it.
    return undefined;
  }
}

/**
 * The violation of a slip: at the field it misspells, which the writers would refuse with an
 * ExtraKeyError. One sentence in `expected`, as a row check's message is (no `found`): the key
 * found, the field it was probably meant for, why it matters and what to do.
 */
function misspeltOptionalField(slip: Slip): Violation {
  const holder = holderPath(slip);
  const key = JSON.stringify(slip.key);
  const field = JSON.stringify(slip.field);
  return checkFailed(
    holder === "" ? slip.field : `${holder}.${slip.field}`,
    `the key ${key} names no field and probably misspells ${field}, so its value would be dropped: ` +
      `rename the key to ${field}, or delete it if it is not a misspelling`,
  );
}

function misspeltKeyFound(key: string): string {
  return `${JSON.stringify(key)} instead, a key that names no field (misspelt?)`;
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
  const declared = declaredKeys(fields);
  const wanted = [propertyKey(field)];
  return Object.keys(holder).find((key) => !declared.has(key) && misspeltKey(key, wanted).length > 0);
}

const DECLARED_KEYS = new WeakMap<readonly FieldDescriptor[], ReadonlySet<string>>();

/**
 * The keys that name one of `fields`, by its property or its name (`toString$`, `toString`):
 * neither is a slip. Worked out once per list of fields, as every invalid row missing a field
 * asks (a fresh set each time was an eighth of `parse` of bench.reading@1's invalid rows).
 */
function declaredKeys(fields: readonly FieldDescriptor[]): ReadonlySet<string> {
  let keys = DECLARED_KEYS.get(fields);
  if (keys === undefined) {
    keys = new Set(fields.flatMap(({ name }) => [name, propertyKey(name)]));
    DECLARED_KEYS.set(fields, keys);
  }
  return keys;
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

/**
 * A list's violation describes the value validated, which conversion made from the input: a
 * `list<float32>` given `[]` (a JSON body's `"samples": []`) is validated as a `Float32Array`, and
 * "found a Float32Array of length 0" names a value no client sent. Where the input held a plain
 * array at the violation's place, its `found` describes that array instead ("an array of length
 * 0"). Read on the error path only, from the input the door was given, after the violations a
 * misspelt key makes (misspelt-keys.ts): the one place the converting doors' violations are told
 * as their input shows them.
 */
import { propertyKey } from "./field-names.js";
import { notingMisspeltKeys } from "./misspelt-keys.js";
import type { SchemaVersion } from "./schema-version-types.js";
import { describeValue, pathSteps, type Violation } from "./violations.js";

/** What `describeValue` says of a typed array, which conversion makes of a numeric list's array. */
const TYPED_ARRAY_FOUND = /^an? [A-Za-z0-9]+Array of length \d+$/;

/**
 * `violations` of `input`, a converting door's, as the input shows them: with a row's
 * `schemaVersion`, each missing field's violation naming the key that misspells it and one more
 * for a key that misspells an optional field (misspelt-keys.ts `notingMisspeltKeys`), then each
 * list described as the input held it ({@link describingInputLists}). In place.
 */
export function violationsAsGiven(
  violations: Violation[],
  schemaVersion: SchemaVersion | undefined,
  input: unknown,
): Violation[] {
  const noted = schemaVersion === undefined ? violations : notingMisspeltKeys(violations, schemaVersion, input);
  return describingInputLists(noted, input);
}

/**
 * `violations` of `input`, each whose value was found to be a typed array where `input` held a
 * plain array describing that array. In place, so that the count of violations left out stays on the list.
 */
function describingInputLists(violations: Violation[], input: unknown): Violation[] {
  violations.forEach((violation, k) => {
    if (violation.found === undefined || !TYPED_ARRAY_FOUND.test(violation.found)) return;
    let given: unknown;
    try {
      given = valueAt(input, violation.path);
    } catch {
      // A hostile proxy or getter: the violation as it is.
      return;
    }
    if (Array.isArray(given)) violations[k] = { ...violation, found: describeValue(given) };
  });
  return violations;
}

/** The value of `input` at `path`, stepping through objects' keys and arrays' indexes; `undefined` where the path leads elsewhere. */
function valueAt(input: unknown, path: string): unknown {
  let value = input;
  for (const step of pathSteps(path)) {
    if (typeof value !== "object" || value === null) return undefined;
    value = step.startsWith("[")
      ? Array.isArray(value)
        ? value[Number(step.slice(1, -1))]
        : undefined
      : (value as Record<string, unknown>)[propertyKey(step)];
  }
  return value;
}

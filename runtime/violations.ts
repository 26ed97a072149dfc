/**
 * Violations are data: a code, the path of the offending value, what was expected and what was
 * found. Generated validators build them with the helpers below; {@link renderViolations} is the
 * one place that turns them into words.
 */

export type ViolationCode =
  | "missing_field"
  | "incorrect_type"
  | "constraint_violated"
  | "check_failed";

export interface Violation {
  readonly code: ViolationCode;
  /** Where the value sits: `epoch`, `config.seed`, `channels[3]`; empty for the row itself. */
  readonly path: string;
  /** What the schema asks for, e.g. `int64`, `<= 1`, or a check's message. */
  readonly expected: string;
  /** A short description of the value found, when there is one. */
  readonly found?: string;
}

export function missingField(path: string, expected: string): Violation {
  return { code: "missing_field", path, expected };
}

export function incorrectType(path: string, expected: string, value: unknown): Violation {
  return { code: "incorrect_type", path, expected, found: describeValue(value) };
}

export function constraintViolated(path: string, expected: string, value: unknown): Violation {
  return { code: "constraint_violated", path, expected, found: describeValue(value) };
}

export function checkFailed(path: string, message: string, error?: unknown): Violation {
  const found = error === undefined ? undefined : `an error: ${String((error as Error)?.message ?? error)}`;
  return found === undefined ? { code: "check_failed", path, expected: message } : { code: "check_failed", path, expected: message, found };
}

/** A description of a value short enough for an error message, safe for any input. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string": {
      const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      return `${JSON.stringify(shown)} (a string)`;
    }
    case "bigint":
      return `${value}n`;
    case "number":
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    default:
      if (value === null) return "null";
      if (Array.isArray(value)) return `an array of length ${value.length}`;
      if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
      return describeObject(value as object);
  }
}

function describeObject(value: object): string {
  try {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === null || prototype === Object.prototype) return "an object";
    const name: unknown = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && name !== "" ? `a ${name}` : "an object";
  } catch {
    return "an object";
  }
}

function renderViolation(violation: Violation): string {
  const where = violation.path === "" ? "row" : violation.path;
  const found = violation.found === undefined ? "" : `, found ${violation.found}`;
  switch (violation.code) {
    case "missing_field":
      return `${where}: required field is missing (expected ${violation.expected})`;
    case "incorrect_type":
      return `${where}: expected ${violation.expected}${found}`;
    case "constraint_violated":
      return `${where}: must be ${violation.expected}${found}`;
    case "check_failed":
      return `${where}: check failed: ${violation.expected}${found}`;
  }
}

/** Violations as a bullet list, one per line, in the order they were found. */
export function renderViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `  - ${renderViolation(v)}`).join("\n");
}

/**
 * A descriptor-driven row validator, the TypeBox `Value.Check` / zod v4 interpreter pattern: it
 * walks a schema version's field descriptors for every value instead of running generated
 * straight-line code. It exists to measure what generating `validate` and `is` buys (BENCHMARKS.md,
 * ARCHITECTURE.md "Design notes"); the benchmark first checks that it reports exactly the
 * generated validator's violations. Patterns and value sets are compiled once per constraint
 * object, so it pays only for the walk.
 */
import {
  codePointLength,
  isDateTime,
  isDay,
  isFloat32,
  isInt64,
  isTimeOfDay,
  isUint64,
  isUuid,
  isWellFormedText,
} from "legolas-ts/internal/convert";
import type { Constraints, FieldDescriptor, FieldType } from "legolas-ts/internal/field-types";
import { formatFieldType, typedArrayName } from "legolas-ts/internal/field-types";
import { intRange } from "legolas-ts/internal/int-ranges";
import { isJuliaContainer } from "legolas-ts/internal/julia-containers";
import type { SchemaVersion } from "legolas-ts/internal/schema-version-types";
import { constraintViolated, incorrectType, missingField, type Violation } from "legolas-ts/internal/violations";
import { isWeights } from "legolas-ts/internal/weights/weights";

interface Compiled {
  /** Whether any constraint is declared: most fields have none, and skip the checks. */
  readonly any: boolean;
  readonly pattern: RegExp | null;
  readonly values: ReadonlySet<unknown> | null;
}

const compiled = new WeakMap<Constraints, Compiled>();
/** The bounds of the integer types held as numbers, as numbers (comparing a number with a bigint is slow). */
const NUMBER_RANGES = (signed: boolean) =>
  Object.fromEntries(
    ([8, 16, 32] as const).map((bits) => [bits, intRange(bits, signed).map(Number) as [number, number]]),
  );
const SIGNED_RANGES = NUMBER_RANGES(true);
const UNSIGNED_RANGES = NUMBER_RANGES(false);

/** A list's elements have no constraints of their own; one shared object keeps them one cache entry. */
const NO_CONSTRAINTS: Constraints = {};

function compile(constraints: Constraints): Compiled {
  let entry = compiled.get(constraints);
  if (entry === undefined) {
    entry = {
      any: Object.values(constraints).some((value) => value !== undefined),
      pattern: constraints.pattern === undefined ? null : new RegExp(constraints.pattern, "u"),
      values: constraints.values === undefined ? null : new Set<unknown>(constraints.values),
    };
    compiled.set(constraints, entry);
  }
  return entry;
}

/** Every violation of `value` against `schemaVersion`, as its generated `validate` reports them. */
export function interpretedValidate(schemaVersion: SchemaVersion, value: unknown): Violation[] {
  const out: Violation[] = [];
  validateRecord(schemaVersion, value, "", out);
  return out;
}

function validateRecord(schemaVersion: SchemaVersion, value: unknown, path: string, out: Violation[]): void {
  if (typeof value !== "object" || value === null) {
    out.push(incorrectType(path, `a ${schemaVersion.name}@${schemaVersion.version} row`, value));
    return;
  }
  const before = out.length;
  validateFields(schemaVersion.fields, value as Record<string, unknown>, path, out);
  if (out.length === before) schemaVersion.checkRow?.(value as never, path, out);
}

function validateFields(
  fields: readonly FieldDescriptor[],
  row: Record<string, unknown>,
  path: string,
  out: Violation[],
): void {
  for (const field of fields) {
    const value = row[field.name];
    const fieldPath = path + field.name;
    if (value == null) {
      if (!field.optional) out.push(missingField(fieldPath, formatFieldType(field.type)));
    } else {
      validateValue(field.type, field.constraints, value, fieldPath, out);
    }
  }
}

function validateValue(
  type: FieldType,
  constraints: Constraints,
  value: unknown,
  path: string,
  out: Violation[],
): void {
  if (type.kind === "record") return validateRecord(type.schemaVersion(), value, `${path}.`, out);
  if (!hasType(type, value)) return void out.push(incorrectType(path, formatFieldType(type), value));
  validateConstraints(type, constraints, value, path, out);
  if (type.kind === "struct") validateFields(type.fields, value as Record<string, unknown>, `${path}.`, out);
  else if (type.kind === "list" && typedArrayName(type.element) === null) {
    const items = value as readonly unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item == null) out.push(missingField(`${path}[${i}]`, formatFieldType(type.element)));
      else validateValue(type.element, NO_CONSTRAINTS, item, `${path}[${i}]`, out);
    }
  }
}

function hasType(type: FieldType, value: unknown): boolean {
  if (isJuliaContainer(type)) throw new Error(`the interpreted validator (a benchmark baseline) has no ${type.kind}`);
  switch (type.kind) {
    case "bool":
      return typeof value === "boolean";
    case "int": {
      if (type.bits === 64) return type.signed ? isInt64(value) : isUint64(value);
      const [low, high] = (type.signed ? SIGNED_RANGES : UNSIGNED_RANGES)[type.bits]!;
      return typeof value === "number" && Number.isInteger(value) && value >= low && value <= high;
    }
    case "float":
      return type.bits === 32 ? isFloat32(value) : typeof value === "number";
    case "string":
      return typeof value === "string";
    case "binary":
      return value instanceof Uint8Array;
    case "uuid":
      return isUuid(value);
    case "date":
      return isDay(value);
    case "datetime":
      return isDateTime(value);
    case "time":
      return isTimeOfDay(value);
    case "timestamp":
    case "duration":
      return isInt64(value);
    case "list": {
      const arrayType = typedArrayName(type.element);
      return arrayType === null ? Array.isArray(value) : value instanceof globalThis[arrayType];
    }
    case "struct":
    case "record":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "weights":
      return isWeights(value);
    case "any":
      return true;
    default:
      // The benchmark's schemas declare none of issue 23's Julia scalar types.
      throw new Error(`the interpreted validator does not measure ${type.kind} fields`);
  }
}

function validateConstraints(
  type: FieldType,
  constraints: Constraints,
  value: unknown,
  path: string,
  out: Violation[],
): void {
  const violated = (expected: string) => out.push(constraintViolated(path, expected, value));
  if (type.kind === "string" && !isWellFormedText(value as string)) violated("well-formed Unicode (no lone surrogate)");
  const { any, pattern, values } = compile(constraints);
  if (!any) return;
  const length = () =>
    type.kind === "string" ? codePointLength(value as string) : (value as { length: number }).length;
  const { min, max, length: exact, minLength, maxLength } = constraints;
  if (min !== undefined && !((value as number) >= min)) violated(`>= ${min}`);
  if (max !== undefined && !((value as number) <= max)) violated(`<= ${max}`);
  if (pattern !== null && !pattern.test(value as string)) violated(`a match of /${constraints.pattern}/`);
  if (values !== null && !values.has(value)) violated(`one of ${constraints.values!.map(valueText).join(", ")}`);
  if (exact !== undefined && length() !== exact) violated(`of length ${exact}`);
  if (minLength !== undefined && length() < minLength) violated(`of length >= ${minLength}`);
  if (maxLength !== undefined && length() > maxLength) violated(`of length <= ${maxLength}`);
}

/** A value of a `values:` list as the generated message prints it (a TypeScript literal). */
function valueText(value: string | number | bigint | boolean): string {
  return typeof value === "string" ? JSON.stringify(value) : typeof value === "bigint" ? `${value}n` : String(value);
}

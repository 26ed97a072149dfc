/**
 * Whether a field's default and value constraints fit its type, and whether a re-declared
 * field's constraints only narrow its parent's. Values come out in their TypeScript form
 * (`int64` bounds as `bigint`), ready for the descriptor and the validator.
 */
import { instantOfText, JULIA_FORMS, TIMESTAMP_UNIT_NAMES, timestampCount } from "legolas-ts/internal/calendar-text";
import { isFloat32, isTimeOfDay, isWellFormedText, toDate } from "legolas-ts/internal/convert";
import type { AbstractTypeName, Constraints, DefaultValue, DeclaredFieldType } from "legolas-ts/internal/field-types";
import {
  isChar,
  isFloat16,
  isListedSchemaVersion,
  isSchemaVersionIdentifier,
  isVersion,
  toFloat16,
  toVersion,
} from "legolas-ts/internal/julia-scalars";
import { formatFieldType, isTextType } from "legolas-ts/internal/field-types";
import { formatSchemaVersionName, parseIdentifier } from "legolas-ts/internal/identifier";
import { intRange } from "legolas-ts/internal/int-ranges";
import { quote, shortened, visible, type Diagnostics } from "../diagnostics.js";
import type { ConstraintDeclaration, ValueDeclaration } from "../parse/declarations.js";
import type { UnquotedScalar } from "../parse/yaml-document.js";
import { comparePatterns } from "./pattern-languages.js";
import { compilePattern, patternLanguage } from "./patterns.js";

type ScalarValue = string | number | bigint | boolean;

/** What YAML 1.1 read as a boolean and YAML 1.2 reads as text. */
const YAML_1_1_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * A YAML scalar as a value of `type`, or a reason it is not one. Used for defaults, bounds
 * and enumerations alike, so the three agree on what fits.
 */
export function scalarValue(type: DeclaredFieldType, value: unknown): ScalarValue | { problem: string } {
  const typeName = formatFieldType(type);
  switch (type.kind) {
    case "bool":
      if (typeof value === "boolean") return value;
      // YAML 1.1 read these as booleans; the YAML 1.2 the schemas are read as takes them as text.
      return typeof value === "string" && YAML_1_1_BOOLEANS.test(value)
        ? { problem: `${typeName} takes true or false (YAML 1.2 reads ${value} as text)` }
        : { problem: `${typeName} takes true or false` };
    case "float":
      if (typeof value !== "number" && typeof value !== "bigint")
        return digitSeparatorsProblem(typeName, "a number", value) ?? { problem: `${typeName} takes a number` };
      return (
        heldAsFloat(type.bits, Number(value)) ?? {
          problem: `${value} is beyond the range of ${typeName} (it would be an infinity)`,
        }
      );
    case "int":
    case "timestamp":
    case "duration":
    case "time": {
      const integer = exactInteger(typeName, value);
      if (typeof integer === "object")
        return type.kind === "timestamp" && typeof value === "string"
          ? (timestampTextProblem(type, value) ?? integer)
          : integer;
      const [low, high] = type.kind === "int" ? intRange(type.bits, type.signed) : intRange(64, true);
      if (integer < low || integer > high) return { problem: `${integer} is out of the range of ${typeName}` };
      if (type.kind === "time" && !isTimeOfDay(integer))
        return { problem: `time takes nanoseconds since midnight, 0 to 86399999999999` };
      return type.kind === "int" && type.bits < 64 ? Number(integer) : integer;
    }
    case "abstract":
      return abstractScalarValue(type.name, value);
    case "char":
      return isChar(value) ? value : { problem: "char takes a string of one character (one code point)" };
    case "version": {
      const version = toVersion(value);
      return isVersion(version) ? version : { problem: "version takes major.minor.patch, such as 1.2.3" };
    }
    case "schema-version":
      return isSchemaVersionIdentifier(value)
        ? value
        : { problem: "SchemaVersion takes a schema version identifier such as example.foo@1" };
    case "string":
    case "symbol":
      if (typeof value !== "string") return { problem: `${typeName} takes a string` };
      if (!isWellFormedText(value))
        return { problem: "it holds a lone surrogate, which UTF-8 (and so Arrow) cannot store" };
      // jl_symbol_n throws "Symbol name may not contain \0": Arrow.jl could not read the value.
      return type.kind === "symbol" && value.includes("\u0000")
        ? { problem: "it holds NUL (\\0), which Julia's Symbol cannot hold" }
        : value;
    case "uuid":
      return typeof value === "string" && /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/.test(value)
        ? value.toLowerCase()
        : { problem: "uuid takes a UUID such as 123e4567-e89b-12d3-a456-426614174000" };
    case "date":
      // As the row's constructor reads it (toDate): a day of the calendar, not 2024-02-30 (Date.parse's March 1).
      return typeof value === "string" && toDate(value) instanceof Date
        ? value
        : { problem: "date takes YYYY-MM-DD, a day of the calendar" };
    default:
      return { problem: `${typeName} fields cannot have a default or listed values` };
  }
}

/**
 * `value` as a float field of `bits` holds it (`0.1` in a float32 as 0.10000000149011612, in a
 * float16 as 0.0999755859375), so that the value declared passes as a bound or a listed value;
 * `null` for a finite number the field cannot hold (`1e39` in a float32, `70000` in a float16),
 * which the row's validator refuses as input: as a default, every row without the field would fail.
 */
function heldAsFloat(bits: number, value: number): number | null {
  if (bits === 32) return isFloat32(value) ? Math.fround(value) : null;
  if (bits !== 16) return value;
  const held = toFloat16(value);
  return isFloat16(held) ? held : null;
}

/**
 * A YAML integer exactly, as the file writes it in digits (the yaml package reads those beyond
 * 2^53 as a `bigint`); a float only within 2^53, beyond which it skips integers.
 */
function exactInteger(typeName: string, value: unknown): bigint | { problem: string } {
  if (typeof value === "bigint") return value;
  if (typeof value === "string" && /^[-+]?[0-9]+$/.test(value))
    return { problem: `${typeName} takes an integer, not text: write it without quotes` };
  const separated = digitSeparatorsProblem(typeName, "an integer", value);
  if (separated !== null) return separated;
  if (typeof value !== "number" || !Number.isInteger(value)) return { problem: `${typeName} takes an integer` };
  if (!Number.isSafeInteger(value)) {
    return {
      problem: `${typeName} takes an integer written in decimal digits, which are read exactly; a float beyond 2^53 is rounded`,
    };
  }
  return BigInt(value);
}

/**
 * What a timestamp's bound or default written as an instant (`2020-01-01T00:00:00Z`, or a day,
 * `2020-01-01`) must be instead: its count of the unit since 1970, which the text read as UTC
 * gives, as a `datetime`'s and a `date`'s text are read; `null` for digits, refused as an integer's.
 */
function timestampTextProblem(
  type: Extract<DeclaredFieldType, { kind: "timestamp" }>,
  text: string,
): { problem: string } | null {
  if (/^[-+]?[0-9][0-9_]*$/.test(text)) return null;
  const counted = `${formatFieldType(type)} takes an integer, its count of ${TIMESTAMP_UNIT_NAMES[type.unit]} since 1970-01-01 UTC`;
  const instant = instantOfText(text, JULIA_FORMS.datetime) ?? instantOfText(text, JULIA_FORMS.date);
  const count = instant === undefined ? null : timestampCount(instant.getTime(), type.unit);
  return { problem: count === null ? counted : `${counted}: write ${count} for ${instant!.toISOString()}` };
}

/**
 * `1_000` (Julia's and YAML 1.1's digit separators), which YAML 1.2 reads as text: what to write
 * instead, the digits without separators; `null` for any other value.
 */
function digitSeparatorsProblem(typeName: string, what: string, value: unknown): { problem: string } | null {
  if (
    typeof value !== "string" ||
    !/^[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?$/.test(value) ||
    !value.includes("_")
  )
    return null;
  return {
    problem: `${typeName} takes ${what}, and YAML 1.2 reads ${value} as text (digit separators are Julia's and YAML 1.1's): write ${value.replaceAll("_", "")}`,
  };
}

/** A YAML scalar as a value of an abstract type: an integer (a `bigint` for `period` and beyond 2^53), or any number for `real`. */
function abstractScalarValue(name: AbstractTypeName, value: unknown): ScalarValue | { problem: string } {
  if (typeof value === "bigint") return value;
  if (typeof value !== "number") return { problem: `${name} takes a number` };
  if (name === "real" || name === "number") return value;
  const integer = exactInteger(name, value);
  if (typeof integer === "object") return integer;
  return name === "period" ? integer : value;
}

/**
 * Constraints resolved for a parent's abstract type, as values of the subtype a child narrows it
 * to (julia-subtypes.ts): `integer`'s `values: [1, 2]` are `1n`, `2n` for an `int64`. A bound the
 * subtype cannot state (`real`'s `min: 0.5` on an `int32`) stays the number it is: it compares all the same.
 */
export function retypedConstraints(constraints: Constraints, type: DeclaredFieldType): Constraints {
  const retype = (value: ScalarValue): ScalarValue => retypedScalar(value, type);
  const { min, max, values } = constraints;
  return {
    ...constraints,
    ...(min === undefined ? {} : { min: retype(min) as number | bigint }),
    ...(max === undefined ? {} : { max: retype(max) as number | bigint }),
    ...(values === undefined ? {} : { values: values.map(retype) }),
  };
}

/**
 * A parent's value as the child's narrower `type` holds it (a real 0.1 as the float32 0.1, an
 * integer 1 as the int64 1n), as Julia's `convert` makes it; the value itself when it does not fit.
 */
export function retypedScalar(value: ScalarValue, type: DeclaredFieldType): ScalarValue {
  const typed = scalarValue(type, value);
  return typeof typed === "object" ? value : typed;
}

/** The default of a field, or `undefined` (with a diagnostic) when it does not fit. */
export function resolveDefault(
  fieldName: string,
  type: DeclaredFieldType,
  declaration: ValueDeclaration,
  diagnostics: Diagnostics,
): DefaultValue | undefined {
  // `default: null` (or `~`, or nothing after the colon) reads as a default that is no value, where
  // a newcomer means "none": an optional field is null without it, and a required one cannot be.
  const value =
    declaration.value === null
      ? {
          problem:
            'null is no default: leave "default:" out (an optional field, its type ending in ?, is null when its value is missing)',
        }
      : scalarValue(type, declaration.value);
  if (typeof value === "object") {
    diagnostics.add(
      declaration.position,
      "default-type",
      `field ${quote(fieldName)}: default ${valueText(declaration.value)} does not fit: ${value.problem}${declaration.value === null ? "" : textReading(type, declaration.reading)}`,
    );
    return undefined;
  }
  return value;
}

/**
 * A value from YAML as a message shows it: its JSON, an integer beyond 2^53 in its digits, an
 * infinity or NaN as YAML writes it (JSON has none: it would say null).
 */
function yamlText(value: unknown): string {
  if (typeof value === "bigint") return String(value);
  if (typeof value === "number" && !Number.isFinite(value))
    return Number.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf";
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? String(item) : item));
}

/**
 * A value from YAML as a message names it, escaped once: text in quotes (`"3"`, `"a\\u0007b"`),
 * anything else as {@link yamlText} writes it (`3`, `.nan`, `{"a":1}`), cut to 60 characters.
 */
export function valueText(value: unknown): string {
  return typeof value === "string" ? quote(value) : visible(shortened(yamlText(value)));
}

/** Types whose values YAML writes as text (a date as `2024-01-01`, a uuid, a version as `1.2.3`). */
const TEXT_VALUE_KINDS = new Set(["string", "symbol", "char", "uuid", "version", "schema-version", "date"]);

/**
 * For a type whose values are text: what YAML made of an unquoted value that is none (`1e3` the
 * number 1000), and to quote it; nothing when the quoted text would not fit either (a date
 * `20240101`), where that advice would only lead to the next refusal.
 */
function textReading(type: DeclaredFieldType, reading: UnquotedScalar | null | undefined): string {
  if (reading == null || !TEXT_VALUE_KINDS.has(type.kind)) return "";
  return typeof scalarValue(type, reading.written) === "object" ? "" : reading.hint;
}

const ORDERED_KINDS = new Set(["int", "float", "timestamp", "duration", "time", "abstract"]);
const LENGTH_KINDS = new Set(["string", "symbol", "binary", "list", "vector"]);

/** The constraints of a field, each checked against the field's type. */
export function resolveConstraints(
  fieldName: string,
  type: DeclaredFieldType,
  declarations: readonly ConstraintDeclaration[],
  diagnostics: Diagnostics,
): Constraints {
  const constraints: Record<string, unknown> = {};
  const fail = (declaration: ConstraintDeclaration, message: string) =>
    diagnostics.add(
      declaration.position,
      "constraint-type",
      `field ${quote(fieldName)}: ${declaration.key} ${message}`,
    );
  for (const declaration of declarations) {
    const { key, value } = declaration;
    if (key === "min" || key === "max") {
      if (!ORDERED_KINDS.has(type.kind)) {
        // A bound on a text or a list is almost always meant for its length, which has its own key.
        const length = LENGTH_KINDS.has(type.kind) ? `; to bound its length, write ${key}_length` : "";
        fail(declaration, `applies to numbers, timestamps and durations, not ${formatFieldType(type)}${length}`);
        continue;
      }
      const bound = scalarValue(type, value);
      if (typeof bound === "object") fail(declaration, `${valueText(value)} does not fit: ${bound.problem}`);
      // Every comparison with NaN is false: the generated check would refuse every value.
      else if (Number.isNaN(bound)) fail(declaration, "is .nan, which bounds nothing: no value compares with it");
      else constraints[key] = bound;
    } else if (key === "pattern") {
      if (!isTextType(type)) fail(declaration, `applies to string fields, not ${formatFieldType(type)}`);
      else if (typeof value !== "string") fail(declaration, "must be a regular expression in a string");
      else {
        const problem = regexProblem(value);
        if (problem !== null) {
          fail(declaration, `${quote(value)} is not a valid regular expression: ${problem}`);
          continue;
        }
        const compiled = compilePattern(value);
        if (compiled.kind === "refused") fail(declaration, `${quote(value)} is refused: ${compiled.problem}`);
        else if (matchesNoString(value))
          fail(declaration, `${quote(value)} matches no string, so no value passes${regexpLiteralHint(value)}`);
        else {
          constraints.pattern = value;
          if (compiled.kind === "automaton") constraints.patternDfa = compiled.automaton;
        }
      }
    } else if (key === "values" && type.kind === "date") {
      fail(
        declaration,
        "cannot list dates: a date field holds a Date, which no listed text equals; check it in a row check",
      );
    } else if (key === "values") {
      const values = Array.isArray(value) ? value.map((item) => scalarValue(type, item)) : [];
      const bad = values.findIndex((item) => typeof item === "object");
      const problem = (values[bad] as { problem: string } | undefined)?.problem;
      if (!Array.isArray(value) || value.length === 0) fail(declaration, "must be a non-empty list");
      else if (problem !== undefined)
        fail(
          declaration,
          `holds ${yamlText((value as unknown[])[bad])}, which does not fit: ${problem}${textReading(type, declaration.readings?.[bad])}`,
        );
      else if (new Set(values.map(String)).size !== values.length) fail(declaration, "lists a value twice");
      else {
        const unlisted = type.kind === "schema-version" ? unlistableSchemaVersion(values as string[]) : null;
        if (unlisted !== null) fail(declaration, unlisted);
        else constraints.values = values;
      }
    } else {
      if (!LENGTH_KINDS.has(type.kind))
        fail(declaration, `applies to strings, binaries and lists, not ${formatFieldType(type)}`);
      else if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
        fail(
          declaration,
          typeof value === "string" && /^[0-9]+$/.test(value)
            ? `must be a non-negative integer, not text: write ${value} without quotes`
            : `must be a non-negative integer, found ${yamlText(value)}`,
        );
      else constraints[key === "min_length" ? "minLength" : key === "max_length" ? "maxLength" : "length"] = value;
    }
  }
  checkBoundsOrder(fieldName, constraints as Constraints, declarations, diagnostics);
  return constraints as Constraints;
}

/** Why no value can satisfy `constraints` (`min 200 is greater than max 100`); none when some may. */
export function noValuePasses(constraints: Constraints): string[] {
  const { min, max, minLength, maxLength } = constraints;
  const reasons: string[] = [];
  if (min !== undefined && max !== undefined && min > max) reasons.push(`min ${min} is greater than max ${max}`);
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength)
    reasons.push(`min_length ${minLength} is greater than max_length ${maxLength}`);
  return reasons;
}

function checkBoundsOrder(
  fieldName: string,
  constraints: Constraints,
  declarations: readonly ConstraintDeclaration[],
  diagnostics: Diagnostics,
): void {
  const position = declarations[0]?.position;
  if (position === undefined) return;
  for (const reason of noValuePasses(constraints))
    diagnostics.add(position, "constraint-type", `field ${quote(fieldName)}: ${reason}`);
}

/**
 * Whether `pattern` accepts no text at all, as its automaton says (a pattern without one may):
 * `/^run-[0-9]+$/`, a JavaScript `RegExp` literal with its slashes, asks for text before the start.
 */
function matchesNoString(pattern: string): boolean {
  const language = patternLanguage(pattern);
  return typeof language !== "string" && language.isEmpty;
}

/** A JavaScript `RegExp` literal, `/body/flags`. */
const REGEXP_LITERAL = /^\/(.+)\/([a-z]*)$/s;

/** For a pattern written as a `RegExp` literal, the pattern to write instead; `""` for any other. */
function regexpLiteralHint(pattern: string): string {
  const literal = REGEXP_LITERAL.exec(pattern);
  if (literal === null) return "";
  const flags = literal[2] === "" ? "" : ` (a pattern takes no flags: it runs with the u flag)`;
  return `; write it without the slashes of a JavaScript regular expression: pattern: ${quote(literal[1])}${flags}`;
}

function regexProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, "u");
    return null;
  } catch (error) {
    const message = (error as Error).message;
    return message.charAt(0).toLowerCase() + message.slice(1);
  }
}

/**
 * Why a SchemaVersion's `values:` cannot list one of `values`, or `null`. A value passes when its
 * first link is listed, whatever parents follow it (as Legolas.jl reads it: julia-scalars.ts
 * `isListedSchemaVersion`), so each is one schema version, written as Legolas.jl writes it.
 */
function unlistableSchemaVersion(values: readonly string[]): string | null {
  for (const value of values) {
    const links = parseIdentifier(value);
    if (links.length > 1)
      return `holds ${quote(value)}, a chain: list the schema version alone (${quote(formatSchemaVersionName(links[0]!))}); a value passes when its first link is listed, whatever parents follow it`;
    const canonical = formatSchemaVersionName(links[0]!);
    if (canonical !== value) return `holds ${quote(value)}: write it as ${quote(canonical)}, as Legolas.jl does`;
  }
  return null;
}

/** Whether `value` satisfies `constraints`; used to check that a default obeys its own field. */
export function satisfies(value: DefaultValue, constraints: Constraints, type: DeclaredFieldType): boolean {
  return brokenConstraint(value, constraints, type) === null;
}

/** Whether `value` is one of `values`; a SchemaVersion by its first link (a default may name its parents). */
function isListed(value: DefaultValue, values: NonNullable<Constraints["values"]>, type: DeclaredFieldType): boolean {
  if (type.kind === "schema-version" && typeof value === "string") return isListedSchemaVersion(new Set(values), value);
  return values.includes(value);
}

/** The first of `constraints` that `value` breaks, as its YAML reads (`min: 0`), or `null` when it breaks none. */
export function brokenConstraint(
  value: DefaultValue,
  constraints: Constraints,
  type: DeclaredFieldType,
): string | null {
  if (typeof value === "number" || typeof value === "bigint") {
    // Negated, so that NaN (which compares false to everything) breaks a bound, as it does at run time.
    if (constraints.min !== undefined && !(value >= constraints.min)) return `min: ${constraints.min}`;
    if (constraints.max !== undefined && !(value <= constraints.max)) return `max: ${constraints.max}`;
  }
  if (constraints.values !== undefined && !isListed(value, constraints.values, type))
    return `values: ${shownValues(constraints.values)}`;
  if (typeof value === "string") {
    if (constraints.pattern !== undefined && !new RegExp(constraints.pattern, "u").test(value))
      return `pattern: ${quote(constraints.pattern)}`;
    const length = [...value].length;
    if (constraints.length !== undefined && length !== constraints.length) return `length: ${constraints.length}`;
    if (constraints.minLength !== undefined && length < constraints.minLength)
      return `min_length: ${constraints.minLength}`;
    if (constraints.maxLength !== undefined && length > constraints.maxLength)
      return `max_length: ${constraints.maxLength}`;
  }
  return null;
}

/** How many of a `values:` list a message shows. */
const VALUES_SHOWN = 10;

/** A `values:` list for a message: its first values, each cut as `quote` cuts it, and how many more it holds. */
function shownValues(values: readonly DefaultValue[]): string {
  const shown = values.slice(0, VALUES_SHOWN).map((v) => (typeof v === "number" ? String(v) : quote(String(v))));
  const more = values.length - shown.length;
  return `[${shown.join(", ")}${more > 0 ? `, … ${more} more` : ""}]`;
}

/**
 * Whether two declared values are one value. An integer is a `bigint` where its field's type is
 * (`int64`: `1n`) and a `number` where it is not (`integer`: `1`), so a child's or another
 * version's value may be the other; NaN is NaN.
 */
export function sameScalar(a: ScalarValue, b: ScalarValue): boolean {
  const numeric = (v: ScalarValue) => typeof v === "number" || typeof v === "bigint";
  // biome-ignore lint/suspicious/noDoubleEquals: 1n == 1 is the same integer
  return a === b || (numeric(a) && numeric(b) && (a == b || (Number.isNaN(a) && Number.isNaN(b))));
}

/**
 * The constraints of a re-declared field: the parent's, tightened by the child's. Returns the
 * reasons the child's would loosen them instead, if any.
 */
export function narrowConstraints(parent: Constraints, child: Constraints): { merged: Constraints; widened: string[] } {
  const widened: string[] = [];
  const loosens = (key: string, parentValue: unknown, childValue: unknown) =>
    widened.push(`${key} ${String(childValue)} is looser than the parent's ${String(parentValue)}`);
  if (parent.min !== undefined && child.min !== undefined && child.min < parent.min)
    loosens("min", parent.min, child.min);
  if (parent.max !== undefined && child.max !== undefined && child.max > parent.max)
    loosens("max", parent.max, child.max);
  if (parent.minLength !== undefined && child.minLength !== undefined && child.minLength < parent.minLength)
    loosens("min_length", parent.minLength, child.minLength);
  if (parent.maxLength !== undefined && child.maxLength !== undefined && child.maxLength > parent.maxLength)
    loosens("max_length", parent.maxLength, child.maxLength);
  if (parent.length !== undefined && child.length !== undefined && child.length !== parent.length)
    loosens("length", parent.length, child.length);
  if (parent.pattern !== undefined && child.pattern !== undefined && child.pattern !== parent.pattern) {
    const difference = comparePatterns(child.pattern, parent.pattern);
    if (!difference.comparable)
      widened.push(
        `pattern must stay the parent's ${JSON.stringify(parent.pattern)} (${difference.why}, so the two cannot be compared)`,
      );
    else if (difference.onlyFirst !== undefined)
      widened.push(
        `pattern ${JSON.stringify(child.pattern)} accepts strings the parent's ${JSON.stringify(parent.pattern)} rejects, such as ${JSON.stringify(difference.onlyFirst)}`,
      );
  }
  if (parent.values !== undefined && child.values !== undefined) {
    const extra = child.values.filter((value) => !parent.values!.some((allowed) => sameScalar(value, allowed)));
    if (extra.length > 0) widened.push(`values adds ${extra.map(String).join(", ")}, which the parent does not allow`);
  }
  return { merged: { ...parent, ...child }, widened };
}

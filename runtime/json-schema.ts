/**
 * The JSON Schema (draft 2020-12) of a schema version's JSON form, the form `row.toJSON()` writes
 * and `X.fromJSON` reads (see json.ts): `XV1SchemaVersion.jsonSchema`. Every JSON value `toJSON`
 * writes complies, and `fromJSON` accepts every value that complies, but for what JSON Schema
 * cannot state, left to `fromJSON`'s validation (bounds on values that travel as text, February 29
 * of a year that is not a leap year, row checks, what a field's `value:` expression makes of its
 * value, ...: docs/schemas.md lists them all).
 * `fromJSON` also takes the input form (an int64 as a number), which this schema does not describe.
 */
import { DATE_RANGE, ISO_STRING_FORMS } from "./calendar-text.js";
import { propertyKey } from "./field-names.js";
import { isTextType, type Constraints, type FieldDescriptor, type FieldType } from "./field-types.js";
import { parseIdentifier, type SchemaVersionName } from "./identifier.js";
import { intRange } from "./int-ranges.js";
import { containerJsonSchema } from "./julia-container-json.js";
import { isJuliaContainer } from "./julia-containers.js";
import { roundedRange } from "./float-rounding.js";
import { floatToJson, type JsonValue } from "./json.js";
import { VERSION_INPUT } from "./julia-scalars.js";
import type { JsonSchema } from "./schema-version-types.js";
import type { WeightsElementType } from "./weights/element-types.js";
import { WEIGHTS_ELEMENT_TYPES } from "./weights-shape.js";

export type { JsonSchema };

/** A 64- or 128-bit integer as text: at most 39 digits, all `fromJSON` reads (its bounds are `fromJSON`'s). */
const INTEGER_TEXT = { type: "string", pattern: "^-?[0-9]{1,39}$" } as const;
/** An `integer` as a JSON number: a safe integer, as a number field holds one exactly. */
const SAFE_INTEGER = { type: "integer", minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER } as const;

/**
 * Text without a lone surrogate, which no string field holds (Arrow stores UTF-8). Written so
 * that it reads the same with and without the `u` flag: a pair is one code point with it, two
 * code units without.
 */
const WELL_FORMED_TEXT = "^(?:[^\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$";

/** A `symbol`'s text: well-formed, and without NUL, which Julia's Symbol cannot hold. */
const SYMBOL_TEXT = "^(?:[^\\u0000\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$";

/**
 * What `fromJSON` refuses of text a `date` or `datetime` pattern takes, which the pattern leaves
 * unsaid: a regular expression could say it, but only at great length.
 */
const UNSTATED_CALENDAR_RULES = {
  date: unstatedCalendarRules("a day", DATE_RANGE.firstDay, DATE_RANGE.lastDay),
  datetime: unstatedCalendarRules("an instant", DATE_RANGE.first, DATE_RANGE.last),
};

function unstatedCalendarRules(what: string, first: string, last: string): string {
  return `fromJSON also refuses February 29 of a year that is not a leap year, and ${what} beyond a JavaScript Date's range, ${first} to ${last}`;
}

/**
 * Base64 as `toJSON` writes it (`btoa`'s), padded, its last digit without stray bits past the
 * last byte (which `fromJSON` refuses); `fromJSON` (`atob`) also takes it unpadded and spaced.
 */
const BASE64_PATTERN = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$";

/** What `fromJSON` takes as a UUID: the canonical form, in either case (it keeps the lower). */
const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/** Julia's `isspace` (identifier.ts), its space separators spelled out for validators without `\p{Zs}`. */
const SPACE = "[\\t-\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000]";
/**
 * A version as `parseIdentifier` reads it (Julia's `tryparse(Int, v)`): decimal, `0x`, `0o` or
 * `0b` digits with a `+`, or a zero with a `-`, spaces around; its bound (2^53 - 1) is fromJSON's.
 */
const LINK_VERSION = `${SPACE}*(?:\\+?${SPACE}*(?:[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+)|-${SPACE}*(?:0+|0[box]0+))${SPACE}*`;
const LINK = `${SPACE}*[a-z0-9.-]+@${LINK_VERSION}`;
/** A schema version identifier, or a chain of them, as `parseIdentifier` reads it. */
const SCHEMA_VERSION_PATTERN = `^${LINK}(?:>${LINK})*$`;

/**
 * The identifiers whose first link `parseIdentifier` reads as one of `listed` (each
 * `name@version`), whatever parents follow: what julia-scalars.ts `isListedSchemaVersion` takes.
 */
function listedSchemaVersionsPattern(listed: readonly string[]): string {
  const links = listed.map((identifier) => {
    const [{ name, version }] = parseIdentifier(identifier) as [SchemaVersionName];
    return `${name.replaceAll(".", "\\.")}@${versionForms(version)}`;
  });
  return `^${SPACE}*(?:${links.join("|")})${SPACE}*(?:>|$)`;
}

/** Every spelling of `version` that Julia's `tryparse(Int, v)` reads (as `LINK_VERSION` writes them all). */
function versionForms(version: number): string {
  const digits = (base: number) =>
    `0*${[...version.toString(base)].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join("")}`;
  const unsigned = `\\+?${SPACE}*(?:${digits(10)}|0x${digits(16)}|0o${digits(8)}|0b${digits(2)})`;
  return `${SPACE}*(?:${unsigned}${version === 0 ? `|-${SPACE}*(?:0+|0[box]0+)` : ""})${SPACE}*`;
}

/** The JSON Schema of rows of `fields`, titled with the schema version's identifier. */
export function jsonSchemaOf(identifier: string, fields: readonly FieldDescriptor[]): JsonSchema {
  return { $schema: "https://json-schema.org/draft/2020-12/schema", title: identifier, ...objectSchema(fields) };
}

function objectSchema(fields: readonly FieldDescriptor[]): JsonSchema {
  return {
    type: "object",
    required: fields.map((field) => propertyKey(field.name)),
    properties: Object.fromEntries(fields.map((field) => [propertyKey(field.name), fieldSchema(field)])),
  };
}

function fieldSchema(field: FieldDescriptor): JsonSchema {
  const schema = { ...typeSchema(field.type), ...constraintKeywords(field.type, field.constraints) };
  const described = field.doc === undefined ? schema : { description: field.doc, ...schema };
  // `any` (the empty schema) holds null already.
  return field.optional && field.type.kind !== "any" ? { anyOf: [described, { type: "null" }] } : described;
}

function typeSchema(type: FieldType): JsonSchema {
  if (isJuliaContainer(type)) return containerJsonSchema(type, typeSchema);
  switch (type.kind) {
    case "bool":
      return { type: "boolean" };
    case "int": {
      if (type.bits >= 64) return INTEGER_TEXT;
      const [low, high] = intRange(type.bits, type.signed);
      return { type: "integer", minimum: Number(low), maximum: Number(high) };
    }
    case "float":
      return floatSchema(type.bits, {});
    case "string":
      return { type: "string", pattern: WELL_FORMED_TEXT };
    case "symbol":
      return { type: "string", pattern: SYMBOL_TEXT };
    case "char":
      // JSON Schema counts code points, as a Julia Char is one.
      return { type: "string", minLength: 1, maxLength: 1 };
    case "version":
      // What `fromJSON` reads as Julia's `VersionNumber(text)` does: `1.2.3`, `v1.2`, `1`.
      return { type: "string", pattern: VERSION_INPUT.source };
    case "schema-version":
      return { type: "string", pattern: SCHEMA_VERSION_PATTERN };
    case "abstract":
      return type.name === "period" ? INTEGER_TEXT : abstractNumberSchema(type.name, {});
    case "binary":
      return { type: "string", contentEncoding: "base64", pattern: BASE64_PATTERN };
    case "uuid":
      return { type: "string", pattern: UUID_PATTERN };
    case "date":
    case "datetime":
      // The very forms fromJSON reads (toISOString's), in JSON Schema's dialect of patterns.
      return {
        type: "string",
        pattern: ISO_STRING_FORMS[type.kind].source,
        $comment: UNSTATED_CALENDAR_RULES[type.kind],
      };
    case "timestamp":
    case "duration":
    case "time":
      return INTEGER_TEXT;
    case "list":
      return { type: "array", items: typeSchema(type.element) };
    case "struct":
      return objectSchema(type.fields);
    case "record": {
      const nested = type.schemaVersion();
      return { title: nested.identifier, ...objectSchema(nested.fields) };
    }
    case "any":
      return {};
    case "weights":
      // The arrays of one Weights mix float types (they widen), but an integer type only with itself.
      return {
        anyOf: [
          { type: "array", items: { anyOf: FLOAT_ELEMENT_TYPES.map(flatArraySchema) } },
          ...INTEGER_ELEMENT_TYPES.map((elementType) => ({ type: "array", items: flatArraySchema(elementType) })),
        ],
      };
  }
}

const FLOAT_ELEMENT_TYPES = WEIGHTS_ELEMENT_TYPES.filter((type) => type.startsWith("float"));
const INTEGER_ELEMENT_TYPES = WEIGHTS_ELEMENT_TYPES.filter((type) => !type.startsWith("float"));

/**
 * One FlatArray of Weights of `elementType` (float32 when `elementType` is absent, as toJSON
 * leaves it out): its values within the element type's range, an integer type's as integers.
 * Which numbers a float type holds exactly (0.1 is no float32) is fromJSON's to check.
 */
function flatArraySchema(elementType: WeightsElementType): JsonSchema {
  const integer = /^(u?)int(8|16|32)$/.exec(elementType);
  const range = integer === null ? null : intRange(Number(integer[2]) as 8 | 16 | 32, integer[1] === "");
  const value =
    range === null
      ? floatSchema(Number(elementType.slice("float".length)), {})
      : { type: "integer", minimum: Number(range[0]), maximum: Number(range[1]) };
  return {
    type: "object",
    required: elementType === "float32" ? ["vec", "size"] : ["vec", "size", "elementType"],
    properties: {
      vec: { type: "array", items: value },
      // A dimension is a safe integer: a larger one is no count a FlatArray holds, even beside a 0.
      size: { type: "array", items: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER } },
      elementType: { const: elementType },
      // Every array of one value says the same, or none does: fromJSON's to check.
      layout: { enum: ["tfjs", "flux"] },
    },
  };
}

function constraintKeywords(type: FieldType, constraints: Constraints): JsonSchema {
  const keywords: Record<string, unknown> = {};
  // A binary value's length counts bytes, which its base64 text does not show.
  const sized =
    type.kind === "list" || type.kind === "vector"
      ? ["minItems", "maxItems"]
      : isTextType(type)
        ? ["minLength", "maxLength"]
        : null;
  if (constraints.values !== undefined) {
    // A SchemaVersion is listed by its first link, which the parents Legolas.jl writes may follow.
    if (type.kind === "schema-version")
      keywords["allOf"] = [{ pattern: listedSchemaVersionsPattern(constraints.values as readonly string[]) }];
    // A narrow float's listed value passes as every number that rounds to it (0.1 for a float32's 0.1).
    else if (type.kind === "float" && type.bits !== 64)
      keywords["allOf"] = [{ anyOf: listedNarrowFloats(type.bits, listedJson(type, constraints.values)) }];
    else keywords["enum"] = listedJson(type, constraints.values);
  }
  // A float's bounds go on its number branch (as strict validators such as Ajv's require).
  const bounded = typeof constraints.min === "number" || typeof constraints.max === "number";
  if (type.kind === "abstract" && type.name !== "period" && bounded) {
    keywords["anyOf"] = abstractNumberSchema(type.name, constraints)["anyOf"];
  } else if (type.kind === "float" && bounded) {
    keywords["anyOf"] = floatSchema(type.bits, constraints)["anyOf"];
  } else Object.assign(keywords, boundsOf(constraints));
  // A string's own pattern joins the well-formed one its type states.
  if (constraints.pattern !== undefined) keywords["allOf"] = [{ pattern: constraints.pattern }];
  if (sized !== null) {
    const [min, max] = sized as [string, string];
    if (constraints.length !== undefined)
      Object.assign(keywords, { [min]: constraints.length, [max]: constraints.length });
    if (constraints.minLength !== undefined) keywords[min] = constraints.minLength;
    if (constraints.maxLength !== undefined) keywords[max] = constraints.maxLength;
  }
  return keywords;
}

/**
 * The JSON of each listed value, in every form `fromJSON` reads as it and `toJSON` may write: a
 * float's special values as their text (so the enum survives `JSON.stringify`), a zero also as
 * "-0" (a value check takes -0 for 0), and an `integer`, `real` or `number` integer both as a
 * number and as text (the field holds a listed integer as a number or a bigint).
 */
function listedJson(type: FieldType, values: readonly (string | number | bigint | boolean)[]): JsonValue[] {
  const numeric = type.kind === "float" || (type.kind === "abstract" && type.name !== "period");
  const formsOf = (value: string | number | bigint | boolean): JsonValue[] => {
    if (typeof value === "bigint") {
      const asNumber = Number(value);
      return numeric && BigInt(asNumber) === value ? [String(value), ...formsOf(asNumber)] : [String(value)];
    }
    if (typeof value !== "number" || !numeric) return [value];
    if (value === 0) return type.kind === "float" ? [0, "-0"] : [0, "-0", "0"];
    const text = type.kind === "abstract" && Number.isInteger(value) ? [String(value)] : [];
    return [floatToJson(value), ...text];
  };
  const forms = new Map(values.flatMap(formsOf).map((form) => [JSON.stringify(form), form]));
  return [...forms.values()];
}

/** The listed values of a float16 or float32 field: each number as those that round to it, the special values as text. */
function listedNarrowFloats(bits: 16 | 32, forms: readonly JsonValue[]): JsonSchema[] {
  const numbers = forms.filter((form): form is number => typeof form === "number");
  return [
    ...numbers.map((value) => ({ type: "number", ...roundedBounds(bits, { min: value, max: value }) })),
    ...specialsEnum(forms.filter((form): form is string => typeof form === "string")),
  ];
}

/**
 * The bounds a JSON number is held to: a finite `min` or `max`. An infinite one holds no number
 * back (`max: .inf`), or every one ({@link excludesEveryNumber}), and JSON has no number for it.
 */
function boundsOf({ min, max }: Constraints): { minimum?: number; maximum?: number } {
  const finite = (bound: unknown): bound is number => typeof bound === "number" && Number.isFinite(bound);
  return { ...(finite(min) ? { minimum: min } : {}), ...(finite(max) ? { maximum: max } : {}) };
}

/** `min: .inf` or `max: -.inf`: only a special float's text complies. */
function excludesEveryNumber({ min, max }: Constraints): boolean {
  return min === Number.POSITIVE_INFINITY || max === Number.NEGATIVE_INFINITY;
}

/**
 * A float of `bits`: a JSON number within the bounds (and finite as the type rounds it), or one
 * of the special values within them as its text.
 */
function floatSchema(bits: number, constraints: Constraints): JsonSchema {
  const number = {
    type: "number",
    ...(bits === 64 ? boundsOf(constraints) : roundedBounds(bits as 16 | 32, constraints)),
  };
  const specials = specialFloatsWithin(constraints);
  return { anyOf: [...(excludesEveryNumber(constraints) ? [] : [number]), ...specialsEnum(specials)] };
}

/**
 * The JSON numbers a float16 or float32 field rounds within its bounds (values of the type) and
 * to a finite value (float-rounding.ts): `max: 0.7`, 0.699999988079071 as a float32, takes 0.7,
 * and a number from halfway past the largest finite value on, which rounds to an infinity
 * (`fromJSON` says so), is none.
 */
function roundedBounds(bits: 16 | 32, { min, max }: Constraints): JsonSchema {
  const { low, high } = roundedRange(
    bits,
    typeof min === "number" ? min : undefined,
    typeof max === "number" ? max : undefined,
  );
  return {
    [low.closed ? "minimum" : "exclusiveMinimum"]: low.edge,
    [high.closed ? "maximum" : "exclusiveMaximum"]: high.edge,
  };
}

/**
 * `integer`, `real` and `number`: a JSON number (an integer for `integer`), a bigint as decimal
 * text (its bounds left to `fromJSON`, as int64's; an `integer`'s number a safe integer), and for `real` the special floats within the bounds.
 */
function abstractNumberSchema(name: "integer" | "real" | "number", constraints: Constraints): JsonSchema {
  const bounds = boundsOf(constraints);
  if (name === "integer") {
    const number = {
      ...SAFE_INTEGER,
      minimum: Math.max(bounds.minimum ?? SAFE_INTEGER.minimum, SAFE_INTEGER.minimum),
      maximum: Math.min(bounds.maximum ?? SAFE_INTEGER.maximum, SAFE_INTEGER.maximum),
    };
    return { anyOf: [number, INTEGER_TEXT] };
  }
  const number = excludesEveryNumber(constraints) ? [] : [{ type: "number", ...bounds }];
  return { anyOf: [...number, INTEGER_TEXT, ...specialsEnum(specialFloatsWithin(constraints))] };
}

function specialsEnum(specials: readonly string[]): JsonSchema[] {
  return specials.length === 0 ? [] : [{ enum: specials }];
}

/** The special floats' text within the bounds: NaN fails any bound, as fromJSON says. */
function specialFloatsWithin({ min, max }: Constraints): string[] {
  const within = (value: number) =>
    (typeof min !== "number" || value >= min) && (typeof max !== "number" || value <= max);
  return [
    ...(min === undefined && max === undefined ? ["NaN"] : []),
    ...(within(Number.POSITIVE_INFINITY) ? ["Infinity"] : []),
    ...(within(Number.NEGATIVE_INFINITY) ? ["-Infinity"] : []),
    ...(within(-0) ? ["-0"] : []),
  ];
}

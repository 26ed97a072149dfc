/**
 * The JSON Schema (draft 2020-12) of a schema version's JSON form, the form `row.toJSON()` writes
 * and `X.fromJSON` reads (see json.ts): `XV1SchemaVersion.jsonSchema`. Constraints that JSON
 * Schema can state are included (bounds, lengths, patterns, enumerations); bounds on int64
 * values, which travel as strings, and row checks are left to `fromJSON`'s validation.
 */
import { propertyKey } from "./field-names.js";
import { isTextType, type Constraints, type FieldDescriptor, type FieldType } from "./field-types.js";
import { intRange } from "./int-ranges.js";
import { containerJsonSchema } from "./julia-container-json.js";
import { isJuliaContainer } from "./julia-containers.js";
import { DATE_TEXT, floatToJson, type JsonValue } from "./json.js";
import { VERSION_INPUT } from "./julia-scalars.js";
import type { JsonSchema } from "./schema-version-types.js";

export type { JsonSchema };

const INT64_TEXT = { type: "string", pattern: "^-?[0-9]+$" } as const;
const SPECIAL_FLOAT = { enum: ["NaN", "Infinity", "-Infinity", "-0"] } as const;

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
      if (type.bits >= 64) return INT64_TEXT;
      const [low, high] = intRange(type.bits, type.signed);
      return { type: "integer", minimum: Number(low), maximum: Number(high) };
    }
    case "float":
      return { anyOf: [{ type: "number" }, SPECIAL_FLOAT] };
    case "string":
    case "symbol":
      return { type: "string" };
    case "char":
      // JSON Schema counts code points, as a Julia Char is one.
      return { type: "string", minLength: 1, maxLength: 1 };
    case "version":
      // What `fromJSON` reads as Julia's `VersionNumber(text)` does: `1.2.3`, `v1.2`, `1`.
      return { type: "string", pattern: VERSION_INPUT.source };
    case "schema-version":
      return { type: "string", pattern: "@" };
    case "abstract":
      return type.name === "period" ? INT64_TEXT : abstractNumberSchema(type.name, {});
    case "binary":
      return { type: "string", contentEncoding: "base64" };
    case "uuid":
      return { type: "string", format: "uuid" };
    case "date":
      return { type: "string", pattern: DATE_TEXT.source };
    case "datetime":
      return { type: "string", format: "date-time" };
    case "timestamp":
    case "duration":
    case "time":
      return INT64_TEXT;
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
      return {
        type: "array",
        items: {
          type: "object",
          required: ["vec", "size"],
          properties: {
            vec: { type: "array", items: typeSchema({ kind: "float", bits: 64 }) },
            size: { type: "array", items: { type: "integer", minimum: 0 } },
            // float32 when absent, as toJSON leaves it out.
            elementType: { enum: ["float16", "float32", "float64", "int8", "int16", "int32", "uint8", "uint32"] },
          },
        },
      };
  }
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
  if (constraints.values !== undefined) keywords["enum"] = listedJson(type, constraints.values);
  const bounds: Record<string, number> = {};
  if (typeof constraints.min === "number") bounds["minimum"] = constraints.min;
  if (typeof constraints.max === "number") bounds["maximum"] = constraints.max;
  // A float's bounds go on its number branch (as strict validators such as Ajv's require), and
  // of its special strings only those within the bounds stay: NaN fails any bound, as fromJSON says.
  if (type.kind === "abstract" && type.name !== "period" && Object.keys(bounds).length > 0) {
    keywords["anyOf"] = abstractNumberSchema(type.name, constraints)["anyOf"];
  } else if (type.kind === "float" && Object.keys(bounds).length > 0) {
    const specials = specialFloatsWithin(constraints);
    keywords["anyOf"] =
      specials.length === 0 ? [{ type: "number", ...bounds }] : [{ type: "number", ...bounds }, { enum: specials }];
  } else Object.assign(keywords, bounds);
  if (constraints.pattern !== undefined) keywords["pattern"] = constraints.pattern;
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

/**
 * `integer`, `real` and `number`: a JSON number (an integer for `integer`), a bigint as decimal
 * text (its bounds left to `fromJSON`, as int64's), and for `real` the special floats within the bounds.
 */
function abstractNumberSchema(name: "integer" | "real" | "number", constraints: Constraints): JsonSchema {
  const bounds = {
    ...(typeof constraints.min === "number" ? { minimum: constraints.min } : {}),
    ...(typeof constraints.max === "number" ? { maximum: constraints.max } : {}),
  };
  if (name === "integer") return { anyOf: [{ type: "integer", ...bounds }, INT64_TEXT] };
  const specials = specialFloatsWithin(constraints);
  const withNaN = constraints.min === undefined && constraints.max === undefined ? ["NaN", ...specials] : specials;
  return { anyOf: [{ type: "number", ...bounds }, INT64_TEXT, ...(withNaN.length === 0 ? [] : [{ enum: withNaN }])] };
}

function specialFloatsWithin({ min, max }: Constraints): string[] {
  const within = (value: number) =>
    (typeof min !== "number" || value >= min) && (typeof max !== "number" || value <= max);
  return [
    ...(within(Number.POSITIVE_INFINITY) ? ["Infinity"] : []),
    ...(within(Number.NEGATIVE_INFINITY) ? ["-Infinity"] : []),
    ...(within(-0) ? ["-0"] : []),
  ];
}

/**
 * Rows as JSON, so they can cross an HTTP API: generated `row.toJSON()` and `X.fromJSON(json)`
 * walk the field descriptors here. The form, per type (json-schema.ts describes the same form):
 * int64, uint64, timestamp and duration as decimal strings (lossless, unlike numbers); float NaN,
 * ±Infinity and -0 as the strings "NaN", "Infinity", "-Infinity", "-0"; binary as base64; date as
 * `YYYY-MM-DD` (`+YYYYYY-MM-DD` beyond year 9999, as `toISOString` writes it); typed arrays as
 * arrays; Weights as an array of `{ vec, size }`; structs and nested records as objects, recursively.
 *
 * `fromJSON` turns that form back into constructor input; a value that is not in the form is
 * passed on unchanged, so the constructor reports it with its path.
 */
import { propertyKey } from "./field-names.js";
import type { FieldDescriptor, FieldType } from "./field-types.js";
import type { Weights } from "./weights/weights.js";

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };
/** A float in JSON: a number, or one of the values JSON numbers cannot hold. */
export type JsonFloat = number | "NaN" | "Infinity" | "-Infinity" | "-0";
/** `Weights` in JSON: each array's values and its Julia (column-major) dimensions. */
export type WeightsJson = readonly { readonly vec: readonly JsonFloat[]; readonly size: readonly number[] }[];

/** `row` (a valid row of the schema version) in its JSON form, typed by the generated `XV1Json`. */
export function rowToJson<Json extends object>(
  schemaVersion: { readonly fields: readonly FieldDescriptor[] },
  row: object,
): Json {
  return fieldsToJson(schemaVersion.fields, row as Record<string, unknown>) as unknown as Json;
}

/**
 * Constructor input from a row's JSON form, typed as the generated `XV1Input`; the constructor
 * reports whatever was not in the form.
 */
export function rowFromJson<Input>(
  schemaVersion: { readonly fields: readonly FieldDescriptor[] },
  json: unknown,
): Input {
  return fieldsFromJson(schemaVersion.fields, json) as Input;
}

function fieldsToJson(fields: readonly FieldDescriptor[], row: Record<string, unknown>): JsonObject {
  const json: Record<string, JsonValue> = {};
  for (const field of fields) {
    const key = propertyKey(field.name);
    const value = row[key];
    json[key] = value === null || value === undefined ? null : valueToJson(field.type, value);
  }
  return json;
}

function valueToJson(type: FieldType, value: unknown): JsonValue {
  switch (type.kind) {
    case "int":
    case "timestamp":
    case "duration":
    case "time":
      return typeof value === "bigint" ? String(value) : (value as number);
    case "datetime":
      return (value as Date).toISOString();
    case "float":
      return floatToJson(value as number);
    case "binary":
      return toBase64(value as Uint8Array);
    case "date": {
      const text = (value as Date).toISOString();
      return text.slice(0, text.indexOf("T"));
    }
    case "list":
      return Array.from(value as ArrayLike<unknown>, (element) =>
        element === null ? null : valueToJson(type.element, element),
      );
    case "struct":
      return fieldsToJson(type.fields, value as Record<string, unknown>);
    case "record":
      return fieldsToJson(type.schemaVersion().fields, value as Record<string, unknown>);
    case "weights":
      return (value as Weights).arrays.map((array) => ({
        vec: Array.from(array.vec, floatToJson),
        size: [...array.size],
      }));
    case "bool":
    case "string":
    case "uuid":
      return value as JsonValue;
  }
}

function fieldsFromJson(fields: readonly FieldDescriptor[], json: unknown): unknown {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return json;
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    // Escaped keys (`toString$`) are never inherited names, so a plain read finds own data only.
    const key = propertyKey(field.name);
    const value = (json as Record<string, unknown>)[key];
    input[key] = value === null || value === undefined ? value : valueFromJson(field.type, value);
  }
  return input;
}

const INTEGER_TEXT = /^-?\d+$/;
/** `toISOString`'s date part: `YYYY-MM-DD`, or with a signed six-digit year beyond 0000-9999. */
export const DATE_TEXT = /^([+-]\d{6}|\d{4})-\d{2}-\d{2}$/;
/** `toISOString` in full: a UTC time to the millisecond. */
const DATE_TIME_TEXT = /^([+-]\d{6}|\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function valueFromJson(type: FieldType, json: unknown): unknown {
  switch (type.kind) {
    case "int":
    case "timestamp":
    case "duration":
    case "time":
      return typeof json === "string" && INTEGER_TEXT.test(json) ? BigInt(json) : json;
    case "datetime":
      return typeof json === "string" && DATE_TIME_TEXT.test(json) ? new Date(json) : json;
    case "float":
      return typeof json === "string" && Object.hasOwn(SPECIAL_FLOATS, json) ? SPECIAL_FLOATS[json] : json;
    case "binary":
      return typeof json === "string" ? (fromBase64(json) ?? json) : json;
    case "list":
      return Array.isArray(json)
        ? json.map((element: unknown) => (element === null ? null : valueFromJson(type.element, element)))
        : json;
    case "struct":
      return fieldsFromJson(type.fields, json);
    case "record":
      return fieldsFromJson(type.schemaVersion().fields, json);
    case "weights":
      return weightsFromJson(json);
    case "date":
      return typeof json === "string" && DATE_TEXT.test(json) ? new Date(`${json}T00:00:00Z`) : json;
    case "bool":
    case "string":
    case "uuid":
      return json;
  }
}

const SPECIAL_FLOATS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
  "-0": -0,
};

function floatToJson(value: number): JsonValue {
  if (Number.isNaN(value)) return "NaN";
  if (Object.is(value, -0)) return "-0";
  return Number.isFinite(value) ? value : String(value);
}

/** `{ arrays: [{ vec: Float32Array, size }] }`, a `WeightsInput` that the constructor checks. */
function weightsFromJson(json: unknown): unknown {
  if (!Array.isArray(json)) return json;
  const arrays = json.map((array: unknown) => {
    if (typeof array !== "object" || array === null || !Array.isArray((array as { vec?: unknown }).vec)) return array;
    const vec = (array as { vec: unknown[] }).vec.map((element) => valueFromJson({ kind: "float", bits: 32 }, element));
    return vec.every((element) => typeof element === "number")
      ? { ...array, vec: Float32Array.from(vec as number[]) }
      : array;
  });
  return { arrays };
}

const CHUNK = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

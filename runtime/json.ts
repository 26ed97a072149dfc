/**
 * Rows as JSON, so they can cross an HTTP API: generated `row.toJSON()` and `X.fromJSON(json)`
 * walk the field descriptors here. The form, per type (json-schema.ts describes the same form):
 * int64, uint64, timestamp and duration as decimal strings (lossless, unlike numbers); float NaN,
 * ±Infinity and -0 as the strings "NaN", "Infinity", "-Infinity", "-0"; binary as base64; date as
 * `YYYY-MM-DD` (`+YYYYYY-MM-DD` beyond year 9999, as `toISOString` writes it); typed arrays as
 * arrays; Weights as an array of `{ vec, size }` (with `elementType` when it is not float32:
 * float16 and float64 values as numbers); structs and nested records as objects, recursively.
 *
 * `fromJSON` turns that form back into constructor input; a value that is not in the form is
 * passed on unchanged, so the constructor reports it with its path. The input form passes
 * through unchanged too (the two forms differ only where the JSON form holds text or arrays that
 * the input form refuses), which is why `X.parse` and Standard Schema's `validate` accept either.
 */
import { propertyKey } from "./field-names.js";
import type { FieldDescriptor, FieldType } from "./field-types.js";
import { isFloat32 } from "./convert.js";
import { float16Bits, float16Value, type WeightsElementType } from "./weights/element-types.js";
import type { Weights } from "./weights/weights.js";

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };
/** A float in JSON: a number, or one of the values JSON numbers cannot hold. */
export type JsonFloat = number | "NaN" | "Infinity" | "-Infinity" | "-0";
/**
 * `Weights` in JSON: each array's values and its Julia (column-major) dimensions, and its element
 * type when it is not float32 (float16 values as the numbers they encode, not their bits).
 */
export type WeightsJson = readonly {
  readonly vec: readonly JsonFloat[];
  readonly size: readonly number[];
  readonly elementType?: "float16" | "float64";
}[];

/** `row` (a valid row of the schema version) in its JSON form, typed by the generated `XV1Json`. */
export function rowToJson<Json extends object>(
  schemaVersion: { readonly fields: readonly FieldDescriptor[] },
  row: object,
): Json {
  return fieldsToJson(schemaVersion.fields, row as Record<string, unknown>) as unknown as Json;
}

/**
 * Constructor input from a row's JSON form (or its input form, passed through), typed as the
 * generated `XV1Input`; the constructor reports whatever was in neither form. Never throws: an
 * input whose reading throws (a getter, a proxy trap) is returned as it is, for the constructor's
 * conversion to report with its path.
 */
export function rowFromJson<Input>(
  schemaVersion: { readonly fields: readonly FieldDescriptor[] },
  json: unknown,
): Input {
  try {
    return fieldsFromJson(schemaVersion.fields, json) as Input;
  } catch {
    return json as Input;
  }
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
      return weightsToJson(value as Weights);
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

/** A decimal integer of at most 20 digits (any 64-bit value); a longer one is never parsed, only refused. */
const INTEGER_TEXT = /^-?\d{1,20}$/;
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

/** Each array as `{ vec, size }`, with its `elementType` unless float32; float16 bits as the numbers they encode. */
function weightsToJson(weights: Weights): JsonValue {
  return weights.arrays.map((array): JsonObject => {
    const size = [...array.size];
    switch (array.elementType) {
      case "float32":
        return { vec: Array.from(array.vec, floatToJson), size };
      case "float64":
        return { vec: Array.from(array.vec, floatToJson), size, elementType: "float64" };
      case "float16":
        return { vec: Array.from(array.vec, (bits) => floatToJson(float16Value(bits))), size, elementType: "float16" };
    }
  });
}

/**
 * `{ arrays: [{ vec, size }] }`, a `WeightsInput` that the constructor checks; each `vec` the typed
 * array of its `elementType` (float32 when absent), only when every value fits that type: a value
 * float32 or float16 would turn into an infinity, or an element type that does not exist, leaves
 * the array as it is, for the constructor to refuse. Float32 and float16 values round to nearest,
 * as float32 fields do; what `toJSON` wrote comes back exactly.
 */
function weightsFromJson(json: unknown): unknown {
  if (!Array.isArray(json)) return json;
  const arrays = json.map((array: unknown) => {
    if (typeof array !== "object" || array === null) return array;
    const { vec, size, elementType = "float32" } = array as { vec?: unknown; size?: unknown; elementType?: unknown };
    if (!Array.isArray(vec) || !Object.hasOwn(VEC_FROM_JSON, elementType as string)) return array;
    const values = vec.map((element) => valueFromJson({ kind: "float", bits: 64 }, element));
    const typed = VEC_FROM_JSON[elementType as WeightsElementType](values);
    return typed === null ? array : { vec: typed, size };
  });
  return { arrays };
}

/** A FlatArray's `vec` from JSON values, per element type, or `null` when a value does not fit. */
const VEC_FROM_JSON: Readonly<
  Record<WeightsElementType, (values: unknown[]) => Float32Array | Float64Array | Uint16Array | null>
> = {
  float32: (values) => (values.every(isFloat32) ? Float32Array.from(values) : null),
  float64: (values) =>
    values.every((value) => typeof value === "number") ? Float64Array.from(values as number[]) : null,
  float16: (values) => {
    const bits = values.map((value) => (typeof value === "number" ? float16Bits(value) : null));
    return bits.every((value) => value !== null) ? Uint16Array.from(bits) : null;
  },
};

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

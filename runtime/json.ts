/**
 * Rows as JSON, so they can cross an HTTP API: generated `row.toJSON()` and `X.fromJSON(json)`
 * walk the field descriptors here. The form, per type (json-schema.ts describes the same form):
 * int64, uint64, timestamp and duration as decimal strings (lossless, unlike numbers); float NaN,
 * ±Infinity and -0 as the strings "NaN", "Infinity", "-Infinity", "-0"; binary as base64; date as
 * `YYYY-MM-DD` (`+YYYYYY-MM-DD` beyond year 9999, as `toISOString` writes it); typed arrays as
 * arrays; Weights as an array of `{ vec, size }` (with `elementType` when it is not float32: see
 * {@link weightsToJson}); structs and nested records as objects, recursively.
 *
 * `fromJSON` turns that form back into constructor input; a value that is not in the form is
 * passed on unchanged, so the constructor reports it with its path. The input form passes
 * through unchanged too (the two forms differ only where the JSON form holds text or arrays that
 * the input form refuses), which is why `X.parse` and Standard Schema's `validate` accept either.
 * Never throws: a value whose reading throws (a getter, a proxy trap) is reported at its field as
 * the constructor reports one. No work grows with what is not in the form: an array with holes
 * is refused at its first hole (arrays.ts), an integer text longer than any 64-bit integer is not
 * parsed.
 */
import { isList } from "./arrays.js";
import { instantOfText, ISO_STRING_FORMS } from "./calendar-text.js";
import { INTEGER_TEXT } from "./int-ranges.js";
import { propertyKey } from "./field-names.js";
import type { FieldDescriptor, FieldType } from "./field-types.js";
import { containerFromJson, containerToJson } from "./julia-container-json.js";
import { isJuliaContainer } from "./julia-containers.js";
import { isStructObject, listElements } from "./convert.js";
import { UnconvertibleValue, UnreadableValue } from "./violations.js";
import { float16Bits, float16Value, type WeightsElementType } from "./weights/element-types.js";
import { isWeightsLayout, type WeightsLayout } from "./weights-shape.js";
import {
  elementTypeOf,
  flatArrayProblem,
  isWeightsElementType,
  vecArrayOf,
  WEIGHTS_ELEMENT_TYPES,
} from "./weights-shape.js";
import type { Weights } from "./weights/weights.js";

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };
/** A float in JSON: a number, or one of the values JSON numbers cannot hold. */
export type JsonFloat = number | "NaN" | "Infinity" | "-Infinity" | "-0";
/**
 * `Weights` in JSON: each array's values, its Julia (column-major) dimensions, its element type
 * (`float32` when absent: `toJSON` leaves it out, as the form was before it carried one), and the
 * layout the weights say they are in, when they say one (tfjs's or Flux's: the same numbers mean
 * different things to each, so a row sent as JSON must keep it; the form is a list, so each array
 * carries it).
 */
export type WeightsJson = readonly {
  readonly vec: readonly JsonFloat[];
  readonly size: readonly number[];
  readonly elementType?: WeightsElementType;
  readonly layout?: WeightsLayout;
}[];

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
  return fieldsFromJson(schemaVersion.fields, json, false) as Input;
}

/**
 * {@link rowFromJson} for `fromJSON`: each object of the body (the row, its structs and nested
 * records, at any depth) keeps its own keys that name no field, with their values, which the
 * constructor drops like any undeclared key, so that its check and its error see every key that
 * misspells a field (`"celsuis"`, a struct's `"momentun"`), as `parse` sees them in its input:
 * the body's keys are listed once, here, and the constructor's walk of misspelt keys
 * (misspelt-optional-keys.ts) goes over this input, never the body again.
 */
export function rowFromJsonBody<Input>(
  schemaVersion: { readonly fields: readonly FieldDescriptor[] },
  json: unknown,
): Input {
  return fieldsFromJson(schemaVersion.fields, json, true) as Input;
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
  if (isJuliaContainer(type)) return containerToJson(type, value, valueToJson) as JsonValue;
  switch (type.kind) {
    case "int":
    case "timestamp":
    case "duration":
    case "time":
      // An integer is never -0 (a row's is 0; a plain object's -0 is written as 0, as Arrow stores it).
      return typeof value === "bigint" ? String(value) : value === 0 ? 0 : (value as number);
    case "abstract":
      // `integer` and `real` hold a number or a bigint, told apart in JSON as number and text; a
      // real's -0 is Julia's -0.0, written "-0", an integer's is 0.
      if (typeof value === "bigint") return String(value);
      return type.name === "integer" && value === 0 ? 0 : floatToJson(value as number);
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
      return weightsToJson(value as Weights) as JsonValue;
    case "bool":
    case "string":
    case "uuid":
    case "symbol":
    case "char":
    case "version":
    case "schema-version":
      return value as JsonValue;
    case "any":
      return anyToJson(value);
  }
}

/**
 * An `any` value (a decoded Arrow value or what the row was given) in JSON, by its JavaScript
 * type, in the forms the typed fields use: a bigint as decimal text, a float NaN/±Infinity/-0 as
 * text, a `Date` as `toISOString()`, a `Uint8Array` as base64, other typed arrays and arrays as
 * arrays, a `Set` as an array of its elements, a `Map` as an array of `[key, value]` pairs, a
 * plain object field by field. The JSON says no type, so `fromJSON` gives an `any` field its JSON
 * value as it is.
 */
function anyToJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "bigint":
      return String(value);
    case "number":
      return floatToJson(value);
    case "boolean":
    case "string":
      return value;
    case "object":
      if (value instanceof Date) return value.toISOString();
      if (value instanceof Uint8Array) return toBase64(value);
      if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, anyToJson);
      if (Array.isArray(value)) return value.map(anyToJson);
      if (value instanceof Map) return Array.from(value, ([key, entry]) => [anyToJson(key), anyToJson(entry)]);
      if (value instanceof Set) return Array.from(value, anyToJson);
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, anyToJson(entry)]));
    default:
      return null; // a function or symbol: not a value a row can hold as data
  }
}

/** `json`'s fields as constructor input; with `undeclared`, its other own keys too (see {@link rowFromJsonBody}). */
function fieldsFromJson(fields: readonly FieldDescriptor[], json: unknown, undeclared: boolean): unknown {
  try {
    // An UnreadableValue (a list's element whose reading threw) too: for the validator to report.
    if (!isStructObject(json)) return json;
  } catch {
    return json; // a revoked proxy: the constructor reports it as it reports one given directly
  }
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    // Escaped keys (`toString$`) are never inherited names, so a plain read finds own data only.
    const key = propertyKey(field.name);
    try {
      const value = (json as Record<string, unknown>)[key];
      input[key] = value === null || value === undefined ? value : valueFromJson(field.type, value, undeclared);
    } catch (error) {
      input[key] = new UnreadableValue(error);
    }
  }
  if (undeclared) keepUndeclaredKeys(json, input);
  return input;
}

/**
 * Gives `input` the own keys of `json` it lacks, with their values: defined, never assigned, so
 * that a key `__proto__` is data. A value whose reading throws is `undefined` (a key that names
 * no field is dropped, its value never looked at: extra-columns.ts); a body whose keys cannot be
 * listed keeps its fields only.
 */
function keepUndeclaredKeys(json: object, input: Record<string, unknown>): void {
  let keys: string[];
  try {
    keys = Object.keys(json);
  } catch {
    return;
  }
  for (const key of keys) {
    if (Object.hasOwn(input, key)) continue;
    let value: unknown;
    try {
      value = (json as Record<string, unknown>)[key];
    } catch {
      value = undefined;
    }
    Object.defineProperty(input, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** A body's value of `type` from JSON, its objects' undeclared keys kept ({@link rowFromJsonBody}). */
const valueFromJsonBody = (type: FieldType, json: unknown): unknown => valueFromJson(type, json, true);

function valueFromJson(type: FieldType, json: unknown, undeclared = false): unknown {
  if (isJuliaContainer(type)) return containerFromJson(type, json, undeclared ? valueFromJsonBody : valueFromJson);
  switch (type.kind) {
    case "int":
      // Integers of 32 bits or fewer are numbers in JSON, as in rows: text there is no value of
      // theirs. JSON's -0 is made 0 by the row's conversion (convert.ts toInteger), as for any input.
      return type.bits <= 32 ? json : integerFromJson(json);
    case "timestamp":
    case "duration":
    case "time":
      return integerFromJson(json);
    case "abstract":
      return typeof json === "string" && Object.hasOwn(SPECIAL_FLOATS, json)
        ? SPECIAL_FLOATS[json]
        : integerFromJson(json);
    case "datetime":
      return typeof json === "string" ? (instantOfText(json, ISO_STRING_FORMS.datetime) ?? json) : json;
    case "float":
      return typeof json === "string" && Object.hasOwn(SPECIAL_FLOATS, json) ? SPECIAL_FLOATS[json] : json;
    case "binary":
      return typeof json === "string" ? (fromBase64(json) ?? json) : json;
    case "list": {
      const elements = listElements(json);
      return elements === undefined
        ? json
        : elements.map((element: unknown) =>
            element === null ? null : valueFromJson(type.element, element, undeclared),
          );
    }
    case "struct":
      return fieldsFromJson(type.fields, json, undeclared);
    case "record":
      return fieldsFromJson(type.schemaVersion().fields, json, undeclared);
    case "weights":
      return weightsFromJson(json);
    case "date":
      return typeof json === "string" ? (instantOfText(json, ISO_STRING_FORMS.date) ?? json) : json;
    case "bool":
    case "string":
    case "uuid":
    case "any":
    case "symbol":
    case "char":
    case "version":
    case "schema-version":
      return json;
  }
}

function integerFromJson(json: unknown): unknown {
  return typeof json === "string" && json.length <= 40 && INTEGER_TEXT.test(json) ? BigInt(json) : json;
}

const SPECIAL_FLOATS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
  "-0": -0,
};

/** A float's JSON form: the number, or the text of a value JSON numbers cannot hold. */
export function floatToJson(value: number): JsonFloat {
  if (Number.isNaN(value)) return "NaN";
  if (Object.is(value, -0)) return "-0";
  if (Number.isFinite(value)) return value;
  return value > 0 ? "Infinity" : "-Infinity";
}

// ---------------------------------------------------------------------------------------------
// Weights

/**
 * Weights in the JSON form: each FlatArray as `{ vec, size }`, with its `elementType` unless
 * float32, its values as the numbers they are (a float16 value as its number, never its bits; an
 * integer type's values as integers).
 * Every value of every element type survives JSON text exactly (JSON numbers hold any float64),
 * but NaN, which comes back as the one quiet NaN.
 */
export function weightsToJson(weights: Weights): WeightsJson {
  const { layout } = weights;
  return weights.arrays.map((array) => {
    const elementType = elementTypeOf(array.vec)!;
    const size = [...array.size];
    const vec =
      elementType === "float16"
        ? Array.from(array.vec, (bits) => floatToJson(float16Value(bits)))
        : Array.from(array.vec, floatToJson);
    return {
      vec: vec as JsonFloat[],
      size,
      ...(elementType === "float32" ? {} : { elementType }),
      ...(layout === undefined ? {} : { layout }),
    };
  });
}

/**
 * Constructor input (`{ arrays: [{ vec, size }] }`) from the Weights JSON form, with each `vec`
 * of its element type holding exactly the numbers written; a number the element type cannot hold
 * (0.1 as float16, 1e300 as float32, 128 as int8, 1.5 as int32) is refused, never rounded or
 * wrapped, as an {@link UnconvertibleValue}
 * saying which. What is not the form at all is passed on for the constructor to report.
 */
export function weightsFromJson(json: unknown): unknown {
  if (!isList(json)) return json;
  const arrays: unknown[] = [];
  const layouts = new Set<unknown>();
  for (let i = 0; i < json.length; i++) {
    const element = json[i];
    const array = flatArrayFromJson(element);
    if (typeof array === "string") return new UnconvertibleValue(json, `arrays[${i}]: ${array}`);
    arrays.push(array);
    layouts.add((element as { layout?: unknown } | null)?.layout);
  }
  const [layout] = layouts;
  // The arrays of one Weights value say one layout, or none.
  if (layouts.size > 1 || (layout !== undefined && !isWeightsLayout(layout)))
    return new UnconvertibleValue(
      json,
      `every array says the weights' layout, one of "tfjs" or "flux", or none does: found ${[...layouts].map((l) => JSON.stringify(l) ?? "none").join(" and ")}`,
    );
  return layout === undefined ? { arrays } : { arrays, layout };
}

/** One FlatArray's input from its JSON form, or why it cannot be one (a sentence fragment). */
function flatArrayFromJson(json: unknown): unknown {
  if (typeof json !== "object" || json === null || !isList((json as { vec?: unknown }).vec)) return json;
  const { vec, elementType = "float32" } = json as { vec: unknown[]; elementType?: unknown };
  if (!isWeightsElementType(elementType)) {
    return `elementType must be one of ${WEIGHTS_ELEMENT_TYPES.join(", ")}, not ${JSON.stringify(elementType) ?? "undefined"}`;
  }
  const values = new (vecArrayOf(elementType))(vec.length);
  for (let k = 0; k < vec.length; k++) {
    const value = valueFromJson({ kind: "float", bits: 64 }, vec[k]);
    const stored = typeof value === "number" ? storedAs(elementType, value) : null;
    if (stored === null) return `vec[${k}] is ${describeJson(vec[k])}, which ${elementType} cannot hold exactly`;
    values[k] = stored;
  }
  // Its shape is named here too, so that the violation describes the JSON as given (an array).
  return flatArrayProblem(values, (json as { size?: unknown }).size) ?? { ...json, vec: values };
}

/** `value` as an element of `elementType` (float16 as its bits), or `null` when it would change. */
function storedAs(elementType: WeightsElementType, value: number): number | null {
  switch (elementType) {
    case "float64":
      return value;
    case "float32":
      return Object.is(Math.fround(value), value) || Number.isNaN(value) ? value : null;
    case "float16": {
      // float16Bits rounds to the nearest float16; only a value it keeps is stored.
      const bits = float16Bits(value);
      return bits !== null && (Object.is(float16Value(bits), value) || Number.isNaN(value)) ? bits : null;
    }
    default: {
      // An integer type: an integer within its range, never wrapped or rounded.
      const [min, max] = INTEGER_RANGES[elementType];
      return Number.isInteger(value) && value >= min && value <= max ? value : null;
    }
  }
}

const INTEGER_RANGES: Readonly<Record<Exclude<WeightsElementType, `float${string}`>, readonly [number, number]>> = {
  int8: [-(2 ** 7), 2 ** 7 - 1],
  int16: [-(2 ** 15), 2 ** 15 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 2 ** 8 - 1],
  uint32: [0, 2 ** 32 - 1],
};

function describeJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const CHUNK = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(text);
}

/**
 * The bytes of base64 `text` (padded or not, spaced or not, as `atob` reads it), or `null` when
 * it is none: `atob` also drops the bits of a last character past the last whole byte, so text
 * such as "NaN" or "AB==", whose dropped bits are not zero, would lose them; no encoder writes
 * it, and it is refused (RFC 4648, section 3.5).
 */
function fromBase64(text: string): Uint8Array | null {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
  const strayBits = STRAY_BITS[bytes.length % 3]!;
  return strayBits === 0 || (BASE64_DIGITS.indexOf(lastDigit(text)) & strayBits) === 0 ? bytes : null;
}

const BASE64_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** The bits of the last digit past the last byte, by the bytes' count modulo 3: 4 of 2 digits, 2 of 3. */
const STRAY_BITS = [0, 0b1111, 0b11] as const;

/** The last base64 digit of `text`, which `atob` has read: padding and ASCII whitespace skipped. */
function lastDigit(text: string): string {
  let end = text.length - 1;
  while (end >= 0 && "= \t\n\f\r".includes(text[end]!)) end--;
  return text[end] ?? "";
}

/**
 * Input conversions that generated constructors apply before validating: a missing value becomes
 * `null`, a safe-integer `number` becomes a `bigint` where the type asks for one, and so on. A
 * value that cannot be converted is returned unchanged, so that the validator reports it with
 * its field path; conversions never throw and never coerce lossily.
 *
 * Hostile input: a getter or proxy trap that throws while a value is read is caught, and the
 * value becomes an {@link UnreadableValue}, which the validator reports like any wrong value.
 */
import { isList } from "./arrays.js";
import { instantOfText, JULIA_FORMS, timestampCount } from "./calendar-text.js";
import { isInt8, isInt16, isInt32, isUint8, isUint16, isUint32 } from "./int-ranges.js";
import type { TypedArrayName } from "./field-types.js";
import { toWeights } from "./weights/weights.js";
import { describeValue, UnconvertibleValue, UnpairedEntries, UnreadableValue, whatToPass } from "./violations.js";

/** A row whose fields have been converted but not yet validated. */
export type Unchecked<Fields> = { -readonly [K in keyof Fields]: unknown };

/**
 * Holds an input's fields: its prototype has no properties at all, so a field named `toString`
 * or `constructor` that the input lacks reads as `undefined` (not as Object.prototype's), and
 * storing a key `__proto__` makes an own property rather than changing a prototype.
 */
function InputFields(this: Record<string, unknown>): void {}
InputFields.prototype = Object.create(null) as object;

/**
 * A snapshot of the input's own enumerable properties (an empty one when the input is not an
 * object). Each is read once; one whose getter throws becomes an {@link UnreadableValue}. An
 * object whose keys cannot even be listed (a proxy whose trap throws) gives no fields, so its
 * required fields are reported missing.
 */
export function inputFields(input: unknown): Record<string, unknown> {
  const fields = new (InputFields as unknown as new () => Record<string, unknown>)();
  if (typeof input !== "object" || input === null) return fields;
  let keys: string[];
  try {
    keys = Object.keys(input);
  } catch {
    return fields;
  }
  for (const key of keys) {
    try {
      fields[key] = (input as Record<string, unknown>)[key];
    } catch (error) {
      fields[key] = new UnreadableValue(error);
    }
  }
  return fields;
}

/**
 * Runs a generated conversion over the fields of `input`, into `target` (a row class's
 * conversion writes into the row being constructed). An honest input is read directly, which is
 * fast; only when a read throws (a getter, a proxy trap) does the conversion run again over
 * {@link inputFields}'s snapshot, where that value becomes an {@link UnreadableValue}. An input
 * that holds no fields (`5`, `null`, an array: a JSON body of the wrong shape) is given back as
 * it is, for the validator to refuse as no row, never converted into a row of missing values
 * (which a version of optional fields only would take).
 */
export function convertInput<Target, Converted>(
  input: unknown,
  target: Target,
  convert: (fields: Record<string, unknown>, target: Target) => Converted,
): Converted {
  if (!holdsFields(input)) return input as Converted;
  try {
    return convert(input as Record<string, unknown>, target);
  } catch {
    return convert(inputFields(input), target);
  }
}

/**
 * Whether `value` is an object of fields, a row's shape: no primitive, `null` or array (a list of
 * rows, not one). A generated walk's first test. Throws for a revoked proxy, as a read would.
 */
export function isRowObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether `value` is a Promise (a row not awaited: `ids.map(async (id) => ...)`), a Map or a Set,
 * whose values are no properties: a walk of optional fields only would take it for a row of
 * nulls, the values lost. Apart from {@link isRowObject}, which every walk runs first: its three
 * `instanceof` added 4-5 ns to a 29 ns `is()`, and the walk of a version with a required field,
 * which such an object fails anyway, does without it.
 */
export function isPromiseOrCollection(value: object): boolean {
  return value instanceof Promise || value instanceof Map || value instanceof Set;
}

/**
 * Whether `value` can be an inline struct's: an object of fields ({@link isRowObject}), and no
 * {@link UnreadableValue}, which conversion leaves where the struct's own reading threw (as the
 * object it is, a struct of optional fields only would pass as one of missing values). A
 * generated walk's test of a struct.
 */
export function isStructObject(value: unknown): value is Record<string, unknown> {
  return isRowObject(value) && !isPromiseOrCollection(value) && isReadable(value);
}

/**
 * Whether `value` was read: no {@link UnreadableValue}, which conversion leaves where reading a
 * value threw. An `any` field's one test: it holds every other value, but the placeholder is no
 * user's value, and a row or a file holding it would hide what the getter threw.
 */
export function isReadable(value: unknown): boolean {
  return !(value instanceof UnreadableValue);
}

/**
 * {@link isRowObject} and no {@link isPromiseOrCollection} (left as it is, for the walk to name),
 * and `false` for a revoked proxy, which no read gets fields from.
 */
function holdsFields(input: unknown): boolean {
  try {
    return isRowObject(input) && !isPromiseOrCollection(input);
  } catch {
    return false;
  }
}

/** `convert` applied to `value`, or an {@link UnreadableValue} when reading the value threw. */
function guarded<Rest extends unknown[]>(
  convert: (value: unknown, ...rest: Rest) => unknown,
): (value: unknown, ...rest: Rest) => unknown {
  return (value, ...rest) => {
    try {
      return convert(value, ...rest);
    } catch (error) {
      return new UnreadableValue(error);
    }
  };
}

/**
 * An integer `number` (int8 to uint32, `integer`) as the row holds it: `-0` as `0`, since no
 * integer is negative zero (Julia's Int32 has none, nor an Arrow Int32 column); anything else as
 * it is, for the validator to judge. The input is never `undefined` (generated code gives `?? null`).
 */
export function toInteger(value: unknown): unknown {
  // `typeof` first: one comparison shared by every integer field stays a number comparison.
  return typeof value === "number" && value === 0 ? 0 : value;
}

/** A safe-integer `number` as a `bigint`; `undefined` as `null`. */
export function toBigInt(value: unknown): unknown {
  if (value === undefined) return null;
  return typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : value;
}

/**
 * A number rounded to float32, as it will be stored. A finite number beyond float32's range
 * (e.g. `3.5e38`) is returned unchanged for the validator to refuse ({@link isFloat32}), never
 * silently stored as an infinity.
 */
export function toFloat32(value: unknown): unknown {
  if (value === undefined) return null;
  return isFloat32(value) ? Math.fround(value) : value;
}

/**
 * `true` for a number float32 can hold: one that rounds to a finite float32, or is an infinity
 * or NaN already. A finite number that would round to an infinity is not.
 */
export function isFloat32(value: unknown): value is number {
  return typeof value === "number" && (Number.isFinite(Math.fround(value)) || !Number.isFinite(value));
}

/** `true` for any number: what a `float64` holds (a test the typed-array conversion takes as an argument). */
export function isFloat64(value: unknown): value is number {
  return typeof value === "number";
}

/** A `YYYY-MM-DD` string as a `Date` at UTC midnight. */
export function toDate(value: unknown): unknown {
  if (value === undefined) return null;
  return typeof value === "string" ? (instantOfText(value, JULIA_FORMS.date) ?? value) : value;
}

/**
 * A `datetime` input: a `Date` is kept; text as Julia prints a DateTime (`2024-05-06T07:08:09.123`,
 * optionally with `Z`) becomes the Date of those UTC fields. Any other text is left for the
 * validator to report, never guessed at (JavaScript would read a zone-less time as local time).
 */
export function toDateTime(value: unknown): unknown {
  if (value === undefined) return null;
  return typeof value === "string" ? (instantOfText(value, JULIA_FORMS.datetime) ?? value) : value;
}

/** A `Date` or a safe-integer `number` as a `bigint` count of `unit` since the Unix epoch. */
export const toTimestamp = guarded((value: unknown, unit: "s" | "ms" | "us" | "ns"): unknown => {
  if (value instanceof Date) {
    const milliseconds = value.getTime();
    if (!Number.isSafeInteger(milliseconds)) return value;
    return timestampCount(milliseconds, unit) ?? value;
  }
  return toBigInt(value);
});

const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * `true` for a string of well-formed UTF-16 (no lone surrogate). Arrow stores UTF-8, which has
 * no encoding for a lone surrogate: writing one would silently turn it into U+FFFD.
 */
export function isWellFormedText(text: string): boolean {
  return nativeIsWellFormed === undefined ? !LONE_SURROGATE.test(text) : nativeIsWellFormed.call(text);
}

/** A canonical UUID string in lower case. */
export function toUuid(value: unknown): unknown {
  if (value === undefined) return null;
  return typeof value === "string" ? value.toLowerCase() : value;
}

type TypedArrayConstructor = (typeof globalThis)[TypedArrayName];

/**
 * An array of numbers as the typed array of the list's element type, only when every element
 * is valid for that type (so `[1.5]` never silently becomes `Int32Array [1]`) and it has no
 * holes (arrays.ts). A list refused whole says which element kept it from being one.
 */
export const toTypedArray = guarded(
  (value: unknown, arrayType: TypedArrayConstructor, isElement: (element: unknown) => boolean): unknown => {
    if (value === undefined) return null;
    const elementType = TYPED_ARRAY_ELEMENTS[arrayType.name as TypedArrayName].type;
    // Another typed array is refused as it stands (validate and is take only the list's own
    // class): say which class the list is, which the class's name alone does not.
    const bigints = arrayType === BigInt64Array || arrayType === BigUint64Array;
    if (ArrayBuffer.isView(value) && !(value instanceof arrayType) && !(value instanceof DataView))
      return new UnconvertibleValue(
        value,
        `a list of ${elementType} is a ${arrayType.name} or an array of ${bigints ? "bigints" : "numbers"}: ${arrayType.name}.from(value${bigints ? ", BigInt" : ""}) makes one`,
      );
    if (!isList(value)) return value;
    const elements = bigints ? value.map(toBigInt) : value;
    const refused = elements.findIndex((element) => !isElement(element));
    if (refused >= 0) {
      const element = value[refused];
      return new UnconvertibleValue(
        value,
        `at index ${refused}, ${describeValue(element)} is no ${elementType}${whatToPass(elementType, element)}`,
      );
    }
    return (arrayType as { from(items: unknown[]): unknown }).from(elements);
  },
);

/**
 * What each typed array holds: the element type of its lists, by name, and the values it holds
 * exactly (a float32 list's numbers as rounded).
 */
export const TYPED_ARRAY_ELEMENTS: Readonly<
  Record<TypedArrayName, { readonly type: string; readonly accepts: (element: unknown) => boolean }>
> = {
  Int8Array: { type: "int8", accepts: isInt8 },
  Int16Array: { type: "int16", accepts: isInt16 },
  Int32Array: { type: "int32", accepts: isInt32 },
  BigInt64Array: { type: "int64", accepts: isInt64 },
  Uint8Array: { type: "uint8", accepts: isUint8 },
  Uint16Array: { type: "uint16", accepts: isUint16 },
  Uint32Array: { type: "uint32", accepts: isUint32 },
  BigUint64Array: { type: "uint64", accepts: isUint64 },
  Float32Array: { type: "float32", accepts: isFloat32 },
  Float64Array: { type: "float64", accepts: isFloat64 },
};

/**
 * Each element of an array converted; a non-array, or an array with holes, is returned as is. An
 * element whose reading throws becomes an {@link UnreadableValue} (see {@link listElements}).
 */
export const toArray = guarded((value: unknown, convertElement: (element: unknown) => unknown): unknown => {
  if (value === undefined) return null;
  const elements = listElements(value);
  return elements === undefined ? value : elements.map(convertElement);
});

/**
 * `value` when it is a list (an array without holes: arrays.ts), else `undefined`. A list whose
 * element's reading throws (a getter on an index, a Proxy's get trap) is read element by element
 * instead, one that throws becoming an {@link UnreadableValue}, which the validator reports at
 * its index (`many[1]`), as it reports an unreadable field, rather than the whole list at its
 * field. Throws what was thrown when no element can be told apart: `value` is a revoked Proxy,
 * its length cannot be read, or it has a hole (which no list has).
 */
export function listElements(value: unknown): readonly unknown[] | undefined {
  try {
    return isList(value) ? value : undefined;
  } catch (error) {
    return elementsRead(value, error);
  }
}

function elementsRead(list: unknown, error: unknown): unknown[] {
  if (!Array.isArray(list)) throw error;
  const elements: unknown[] = [];
  for (let k = 0; k < list.length; k++) {
    let element: unknown;
    try {
      element = list[k];
    } catch (thrown) {
      element = new UnreadableValue(thrown);
    }
    if (element === undefined && !(k in list)) throw error;
    elements.push(element);
  }
  return elements;
}

/**
 * A `set<T>`: a `Set` or an array (Julia's `Set(v)`), its elements converted, into a new `Set`
 * (duplicates after conversion kept once, at their first place); anything else is returned as
 * is. An array's element whose reading throws becomes an {@link UnreadableValue} in the set,
 * which the validator reports at the element's place (`tags[1]`), as `parse` does from the
 * array's JSON form. Where duplicates were dropped, the set remembers the places of what it
 * kept (see {@link placeInInput}).
 */
export const toSet = guarded((value: unknown, convertElement?: (element: unknown) => unknown): unknown => {
  if (value === undefined) return null;
  const elements = value instanceof Set ? Array.from(value) : listElements(value);
  if (elements === undefined) return value;
  const converted = convertElement === undefined ? elements : elements.map(convertElement);
  const set = new Set(converted);
  if (set.size < converted.length) firstPlacesInInput.set(set, placesOfDistinct(converted).first);
  return set;
});

/**
 * The place, in what the user gave, of each element of a set that {@link toSet} made by dropping
 * duplicates, or each key of a map that {@link toMap} made from repeated keys: `["p", "p", 5]`
 * makes a set holding 5 second, which the user gave third.
 */
const firstPlacesInInput = new WeakMap<ReadonlySet<unknown> | ReadonlyMap<unknown, unknown>, readonly number[]>();

/**
 * The entry, in what the user gave, that each value of a map {@link toMap} made from repeated
 * keys came from: the last entry of its key, which won (`[["a", 1n], ["a", "x"]]` holds "x",
 * given at `[1]`).
 */
const winningPlacesInInput = new WeakMap<ReadonlyMap<unknown, unknown>, readonly number[]>();

/**
 * The index of each element's first and last occurrence in `elements`, for the elements a `Set`
 * of them keeps (a `Map`'s keys), in its order.
 */
function placesOfDistinct(elements: readonly unknown[]): { first: number[]; last: number[] } {
  const slots = new Map<unknown, number>();
  const first: number[] = [];
  const last: number[] = [];
  elements.forEach((element, k) => {
    const slot = slots.get(element);
    if (slot !== undefined) {
      last[slot] = k;
      return;
    }
    slots.set(element, first.length);
    first.push(k);
    last.push(k);
  });
  return { first, last };
}

/**
 * Where the `k`th element of `set` (in its iteration order), or the `k`th key of a map, is in
 * the input it was converted from, the place a violation's path names: the array's index, or the
 * position in the `Set` or `Map` given, of its first occurrence there. One that conversion did
 * not make, or that dropped nothing, is its own input: `k`. One whose size has changed since is
 * no longer what was given, and is reported by its own order too.
 */
export function placeInInput(collection: ReadonlySet<unknown> | ReadonlyMap<unknown, unknown>, k: number): number {
  return placeIn(firstPlacesInInput.get(collection), collection.size, k);
}

/** Where the `k`th value of `map` was given: the entry of its key that won (see {@link placeInInput}). */
export function valuePlaceInInput(map: ReadonlyMap<unknown, unknown>, k: number): number {
  return placeIn(winningPlacesInInput.get(map), map.size, k);
}

function placeIn(places: readonly number[] | undefined, size: number, k: number): number {
  return places !== undefined && places.length === size ? (places[k] ?? k) : k;
}

/**
 * A `tuple<A, B, ...>`: an array's parts converted by position; anything else, or an array of
 * another length (whose parts would be cut off or padded), is returned as is for the validator
 * to report.
 */
export const toTuple = guarded((value: unknown, convertParts: (parts: readonly unknown[]) => unknown[]): unknown => {
  if (value === undefined) return null;
  const parts = listElements(value);
  if (parts === undefined) return value;
  const converted = convertParts(parts);
  return converted.length === parts.length ? converted : value;
});

/**
 * A `map<K, V>`: a `Map` or an array of `[key, value]` entries (Julia's `Dict(pairs)`, later keys
 * winning), keys and values converted, into a new `Map`; anything else is returned as is for the
 * validator to report. An array holding an entry that is no pair, or whose reading throws (a
 * getter on its index, a Proxy's trap), becomes an {@link UnpairedEntries}, which the validator
 * reports at each such entry (`counts[1]`); a key or value whose reading throws becomes an
 * {@link UnreadableValue} in the map, reported at its place (`counts[1][0]`). Where keys were
 * repeated, the map remembers where each key was first given and where its value was (see
 * {@link placeInInput}, {@link valuePlaceInInput}).
 */
export const toMap = guarded(
  (value: unknown, convertKey?: (key: unknown) => unknown, convertValue?: (value: unknown) => unknown): unknown => {
    if (value === undefined) return null;
    const entries = value instanceof Map ? Array.from(value) : listElements(value);
    if (entries === undefined) return value;
    const pairs = value instanceof Map ? (entries as [unknown, unknown][]) : entries.map(pairIn);
    const unpaired = pairs.flatMap((pair, k) => (Array.isArray(pair) ? [] : [[k, pair ?? entries[k]] as const]));
    if (unpaired.length > 0) return new UnpairedEntries(unpaired);
    const converted = (pairs as [unknown, unknown][]).map(([key, item]): [unknown, unknown] => [
      convertKey === undefined ? key : convertKey(key),
      convertValue === undefined ? item : convertValue(item),
    ]);
    const map = new Map(converted);
    if (map.size < converted.length) {
      const { first, last } = placesOfDistinct(converted.map(([key]) => key));
      firstPlacesInInput.set(map, first);
      winningPlacesInInput.set(map, last);
    }
    return map;
  },
);

/**
 * An entry of a map's array form read as a `[key, value]` pair: `undefined` when it is no pair,
 * an {@link UnreadableValue} when reading it threw. A key or value whose reading throws is an
 * {@link UnreadableValue} in the pair (see {@link listElements}).
 */
export function pairIn(entry: unknown): readonly [unknown, unknown] | UnreadableValue | undefined {
  try {
    const parts = listElements(entry);
    return parts?.length === 2 ? (parts as readonly [unknown, unknown]) : undefined;
  } catch (error) {
    return new UnreadableValue(error);
  }
}

/**
 * A `union<A, B>`: the value converted as the member of its class (runtime/julia-unions.ts) by
 * `convertMember`, which keeps a value of no member's class as it is, for the validator to report.
 */
export const toUnion = guarded((value: unknown, convertMember: (value: unknown) => unknown): unknown =>
  value === undefined ? null : value === null ? null : convertMember(value),
);

/** An inline struct's fields converted; a non-object, or an {@link UnreadableValue}, is returned as is. */
export const toStruct = guarded(
  (value: unknown, convertFields: (fields: Record<string, unknown>) => object): unknown => {
    if (value === undefined) return null;
    return isStructObject(value) ? convertInput(value, undefined, convertFields) : value;
  },
);

/** The parts of a generated row class that nested-record conversion needs. */
export interface NestedRowClass<Row extends object> {
  new (input: never): Row;
  convert(input: unknown, row?: object): object;
  is(value: unknown): boolean;
}

/**
 * A nested record: an instance of `rowClass` is kept; a plain object becomes one when it is
 * valid, and otherwise stays a converted plain object for the validator to report on. An
 * {@link UnreadableValue} (the record's own reading threw) is kept for the validator to report,
 * never converted as an object of no fields.
 */
export const toRecord = guarded(<Row extends object>(value: unknown, rowClass: NestedRowClass<Row>): unknown => {
  if (value === undefined) return null;
  if (value instanceof rowClass || typeof value !== "object" || value === null || Array.isArray(value)) return value;
  if (value instanceof UnreadableValue) return value;
  const row = rowClass.convert(value, blankRow(rowClass));
  return rowClass.is(row) ? row : { ...row };
});

/**
 * A new, empty instance of the generated `rowClass`, for its `convert` to fill: what its
 * constructor makes before converting and validating (`super()`, `LegolasRow`'s, with `rowClass`
 * as `new.target`, so the row has the shape of every other row of its class). A caller that
 * validates the filled row itself builds the row without the constructor validating it again.
 */
export function blankRow<Row extends object>(rowClass: new (input: never) => Row): Row {
  return Reflect.construct(Object.getPrototypeOf(rowClass) as new () => object, [], rowClass) as Row;
}

/** A `Weights` input as `Weights` (see `toWeights`), guarded like the conversions above. */
export const toWeightsValue = guarded(toWeights);

/** `true` for a bigint that fits in a signed 64-bit integer. */
export function isInt64(value: unknown): value is bigint {
  return typeof value === "bigint" && BigInt.asIntN(64, value) === value;
}

/** `true` for a bigint that fits in an unsigned 64-bit integer. */
export function isUint64(value: unknown): value is bigint {
  return typeof value === "bigint" && BigInt.asUintN(64, value) === value;
}

/** `true` for a canonical lower-case UUID string. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_TEXT.test(value);
}
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The length of a day: Arrow's Date(DAY) counts days, a `Date` milliseconds, a `time` nanoseconds. */
export const MILLISECONDS_PER_DAY = 86_400_000;
export const NANOSECONDS_PER_DAY = 86_400_000_000_000n;

/** `true` for a `Date` that holds a whole UTC day. */
export function isDay(value: unknown): value is Date {
  return value instanceof Date && Number.isSafeInteger(value.getTime()) && value.getTime() % MILLISECONDS_PER_DAY === 0;
}

/** `true` for a valid `Date` (an instant in JavaScript's range): a `datetime` value. */
export function isDateTime(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** `true` for a `time` value: a bigint count of nanoseconds since midnight, within one day. */
export function isTimeOfDay(value: unknown): value is bigint {
  return typeof value === "bigint" && value >= 0n && value < NANOSECONDS_PER_DAY;
}

/** Any UTF-16 surrogate, paired or lone. */
const SURROGATE = /[\ud800-\udfff]/;

/** The length of a string in Unicode code points, as Julia's `length` counts it. */
export function codePointLength(text: string): number {
  // Up to its first surrogate, a text has one code point a unit. V8's compiled RegExp finds that
  // surrogate without reading a string held one byte a character (most text, which has none),
  // and reads the others faster than the loop below, which counts only from there.
  const first = text.search(SURROGATE);
  if (first < 0) return text.length;
  let length = first;
  for (let i = first; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return length;
}

/**
 * The legolas-ts type of a column of fresh JavaScript values, for columns no declaration types:
 * extra keys of row objects (extra-columns.ts, scalars only) and `any` fields (any-columns.ts).
 * Each JavaScript type has one type, the one a legolas-ts row holds it as:
 *
 *   boolean -> bool; number -> float64 (Julia's Float64); bigint -> int64 (uint64 when one is
 *   past int64's range and none is negative: the same numbers, never wrapped); string -> string; Date -> datetime (Julia's DateTime, Timestamp(ms)); Uint8Array ->
 *   binary; Float32Array ... BigUint64Array -> list of that element; an array -> list of its
 *   elements' one type (of Null when they are missing in every array, Arrow.jl's
 *   `Vector{Missing}`; never missing beside present ones); a plain object -> struct of its keys' types (a key some objects lack or
 *   hold null is optional).
 *
 * Missing values (`null`, `undefined`) take no part: a column of nothing but missing values has
 * no type (`null`), and an any column is then Arrow's Null type. So is a key that objects hold
 * but only ever as missing: an optional `any` child, Null, as Arrow.jl writes the `b` of
 * NamedTuples `(a = 1, b = missing)` (a child of element type `Missing`).
 */
import { isWellFormedText } from "../../convert.js";
import { isJuliaSymbolText, NUL_IN_NAME } from "../../julia-scalars.js";
import { formatFieldType, type FieldDescriptor, type FieldType } from "../../field-types.js";
import { describeValue } from "../../violations.js";
import { MAX_SCHEMA_DEPTH } from "../guard/ipc-bounds.js";

/**
 * What a string holding a lone surrogate is, and what to do: UTF-8 (Arrow's text) has no encoding
 * for one, so it would be written as U+FFFD and read back changed.
 */
export const LONE_SURROGATE_TEXT =
  "a string with a lone surrogate, which UTF-8 cannot hold (it would read back as U+FFFD): make it well-formed text first (String.prototype.toWellFormed), or store its UTF-16 code units as a Uint16Array";

/** The scalar type of one value, or `null` when it is no scalar legolas-ts infers. */
export function scalarFieldType(value: unknown): FieldType | null {
  switch (typeof value) {
    case "boolean":
      return { kind: "bool" };
    case "number":
      return { kind: "float", bits: 64 };
    case "string":
      return { kind: "string" };
    case "bigint":
      if (BigInt.asIntN(64, value) === value) return { kind: "int", bits: 64, signed: true };
      return BigInt.asUintN(64, value) === value ? { kind: "int", bits: 64, signed: false } : null;
    default:
      return value instanceof Date && !Number.isNaN(value.getTime()) ? { kind: "datetime" } : null;
  }
}

const TYPED_ELEMENTS: readonly [new (n: number) => ArrayBufferView, FieldType][] = [
  [Float32Array, { kind: "float", bits: 32 }],
  [Float64Array, { kind: "float", bits: 64 }],
  [Int8Array, { kind: "int", bits: 8, signed: true }],
  [Int16Array, { kind: "int", bits: 16, signed: true }],
  [Int32Array, { kind: "int", bits: 32, signed: true }],
  [BigInt64Array, { kind: "int", bits: 64, signed: true }],
  [Uint16Array, { kind: "int", bits: 16, signed: false }],
  [Uint32Array, { kind: "int", bits: 32, signed: false }],
  [BigUint64Array, { kind: "int", bits: 64, signed: false }],
];

/**
 * What is known of a type so far: `unknown` for an empty list's element, `missing` for a key
 * held only as missing so far (Null if it stays so; an empty list is no missing value), `nulls`
 * for a list's elements that are all missing so far (Null if they stay so, Arrow.jl's
 * `Vector{Missing}`; unlike a key's, they never become optional elements of another type).
 */
type Partial = FieldType | "unknown" | "missing" | "nulls";

/**
 * Bigints so far, held as data beside the kind: Int64, or UInt64 once one is past Int64's range;
 * the first negative one and the first past Int64 are kept to name, since no 64-bit integer holds both.
 */
interface Bigints {
  readonly kind: "bigints";
  readonly negative: { value: bigint; at: At } | null;
  readonly past: { value: bigint; at: At } | null;
}

const INT64_MAX = 2n ** 63n - 1n;

function bigints(negative: Bigints["negative"], past: Bigints["past"]): FieldType {
  return { kind: "bigints", negative, past } as unknown as FieldType;
}

function isBigints(type: Partial): boolean {
  return typeof type === "object" && (type.kind as string) === "bigints";
}

/** The type of bigints: UInt64 when one is past Int64's range, else Int64. */
function bigintsType(type: FieldType): FieldType {
  return { kind: "int", bits: 64, signed: (type as unknown as Bigints).past === null };
}

/**
 * Why a column's values have no one type, and what to do when that is not to give them one type
 * (`advice`); throws.
 */
export type Refuse = (reason: string, advice?: string) => never;

/**
 * Names a part of value `index` in a reason: `part` its path inside the value (`[1].a`), empty for
 * the value itself. An any column's is its place's (columns/buffers.ts `valueAt`): `row 3`,
 * `row 3, z[1].a`, or `row 0, many[1].z` for an element of a list's record.
 */
export type NameValue = (index: number, part: string) => string;

/**
 * The one type of `values` (missing values aside), `null` when every value is missing; anything
 * else is handed to `refuse` as a reason (a sentence fragment), which throws. `depth` is the
 * column's level in its table's schema (1 at the top), which the type's nesting adds to; `name`
 * names a value, or a part of one, in a reason.
 */
export function inferredFieldType(
  values: readonly unknown[],
  refuse: Refuse,
  depth: number,
  name: NameValue,
): FieldType | null {
  const typing: Typing = { refuse, name: ({ index, part }) => name(index, part) };
  let found: Partial | null = null;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    const at = { index: i, part: "" };
    const type = valueType(value, at, typing, depth);
    found = found === null ? type : merged(found, type, at, typing);
  }
  if (found === "unknown") refuse("every list is empty, so its element type cannot be inferred");
  return found === null ? null : complete(found, refuse);
}

/**
 * Where a value being typed lies: value `index` of the column, at `part` inside it (`[1].a`, empty
 * for the value itself); named only in a reason (below a list, naming one is a search of its offsets).
 */
interface At {
  readonly index: number;
  readonly part: string;
}

/** What typing one column refuses with, and how it names a place in a reason. */
interface Typing {
  readonly refuse: Refuse;
  readonly name: (at: At) => string;
}

const inside = (at: At, step: string): At => ({ index: at.index, part: `${at.part}${step}` });

/** The arrays and objects a value being typed lies in, outermost first, with where each is: a value met again among them is circular. */
const enclosing: { value: object; at: At }[] = [];

function valueType(value: unknown, at: At, typing: Typing, depth: number): Partial {
  const outer =
    typeof value === "object" && value !== null ? enclosing.find((entry) => entry.value === value) : undefined;
  if (outer !== undefined)
    typing.refuse(
      `${typing.name(at)} is ${typing.name(outer.at)} itself (a circular structure), which no Arrow value can hold`,
      "break the cycle (an Arrow value is a tree: store a graph as its nodes and their indexes), or declare the field with a type",
    );
  withinDepth(at, typing, depth);
  if (typeof value !== "object" || value === null) return leafType(value, at, typing);
  enclosing.push({ value, at });
  try {
    return nestedType(value, at, typing, depth);
  } finally {
    enclosing.pop();
  }
}

/**
 * Refuses a value at `depth` past the levels a reader takes: here, by the writer, rather than as a
 * corrupt file by every reader (and a stack overflow past ~2,000 levels). A missing list element or
 * key is a level too: its Null field lies one below its list or struct.
 */
function withinDepth(at: At, typing: Typing, depth: number): void {
  if (depth > MAX_SCHEMA_DEPTH)
    typing.refuse(
      `${typing.name(at)} nests arrays or objects deeper than the ${MAX_SCHEMA_DEPTH} levels of a table's schema that legolas-ts reads`,
      "store such a value flatter, e.g. as its JSON text in a string field",
    );
}

/** What a missing list element or key at `depth` is typed as so far: `nulls` or `missing` (a Null field, if it stays so). */
function missingType<T extends "nulls" | "missing">(placeholder: T, at: At, typing: Typing, depth: number): T {
  withinDepth(at, typing, depth);
  return placeholder;
}

function leafType(value: unknown, at: At, typing: Typing): Partial {
  // A bigint's column is Int64 or UInt64 by all its values (merged), not by this one alone.
  if (typeof value === "bigint") {
    if (scalarFieldType(value) === null)
      typing.refuse(
        `${typing.name(at)} holds ${value}n, beyond 64 bits (neither Int64 nor UInt64 holds it)`,
        "declare the field with a type that holds it (int128 or uint128, Julia's Int128 and UInt128), or store such numbers as strings",
      );
    return bigints(value < 0n ? { value, at } : null, value > INT64_MAX ? { value, at } : null);
  }
  const scalar = scalarFieldType(value);
  if (scalar !== null) return scalar;
  typing.refuse(`${typing.name(at)} holds ${describeValue(value)}, whose Arrow type cannot be inferred`);
}

function nestedType(value: object, at: At, typing: Typing, depth: number): Partial {
  const scalar = scalarFieldType(value);
  if (scalar !== null) return scalar;
  if (value instanceof Uint8Array) return { kind: "binary" };
  for (const [TypedArray, element] of TYPED_ELEMENTS) if (value instanceof TypedArray) return { kind: "list", element };
  if (Array.isArray(value)) {
    // `null` until an element is met: an empty list's element is "unknown" (an empty array, a present value).
    let element: Partial | null = null;
    value.forEach((item, k) => {
      const itemAt = inside(at, `[${k}]`);
      const type =
        item === null || item === undefined
          ? missingType("nulls", itemAt, typing, depth + 1)
          : valueType(item, itemAt, typing, depth + 1);
      element = element === null ? type : merged(element, type, itemAt, typing);
    });
    return element === null ? "unknown" : ({ kind: "list", element } as FieldType);
  }
  const prototype = typeof value === "object" && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (prototype === Object.prototype || prototype === null) {
    const symbol = Object.getOwnPropertySymbols(value).find((key) =>
      Object.prototype.propertyIsEnumerable.call(value, key),
    );
    if (symbol !== undefined)
      typing.refuse(
        `${typing.name(at)} has the key ${String(symbol)}, which no Arrow struct field can be named (it would be dropped)`,
        "give it a string key, or delete it",
      );
    const badKey = Object.keys(value as object).find((key) => !isWellFormedText(key));
    if (badKey !== undefined)
      typing.refuse(
        `${typing.name(at)} has a key with a lone surrogate, which UTF-8 cannot hold (the struct field would be named with U+FFFD)`,
        "rename the key to well-formed text (String.prototype.toWellFormed)",
      );
    const nulKey = Object.keys(value as object).find((key) => !isJuliaSymbolText(key));
    if (nulKey !== undefined)
      typing.refuse(
        `${typing.name(at)} has the key ${JSON.stringify(nulKey)}, holding ${NUL_IN_NAME}`,
        "rename the key",
      );
    // In the object's key order, as a NamedTuple's fields are: a missing key keeps its place.
    return partialStruct(
      Object.entries(value as object).map(([name, child]) =>
        child === null || child === undefined
          ? { name, type: missingType("missing", inside(at, `.${name}`), typing, depth + 1), optional: true }
          : { name, type: valueType(child, inside(at, `.${name}`), typing, depth + 1), optional: false },
      ),
    );
  }
  typing.refuse(`${typing.name(at)} holds ${describeValue(value)}, whose Arrow type cannot be inferred`);
}

/** A struct while its children's types may be unknown (all missing so far): held as data beside the kind. */
interface PartialStruct {
  readonly kind: "struct";
  readonly fields: readonly { name: string; type: Partial; optional: boolean }[];
}

function partialStruct(fields: PartialStruct["fields"]): FieldType {
  return { kind: "struct", fields } as unknown as FieldType;
}

function merged(a: Partial, b: Partial, at: At, typing: Typing): Partial {
  if (a === "missing") return b;
  if (b === "missing") return a;
  if (a === "nulls" && b === "nulls") return a;
  // An empty array beside a missing element is a present one: a List of Null holds no arrays.
  if (a === "nulls" || b === "nulls")
    typing.refuse(
      `a list holds missing elements beside ${a === "unknown" || b === "unknown" ? "list" : describePartial(a === "nulls" ? (b as FieldType) : (a as FieldType))} ones (${typing.name(at)}), and a list's elements are either all missing (a List of Null, Arrow.jl's Vector{Missing}) or never missing`,
      "drop the missing elements, or declare the field with a type",
    );
  if (a === "unknown") return b;
  if (b === "unknown") return a;
  if (isBigints(a) || isBigints(b)) return mergedBigints(a, b, at, typing);
  if (a.kind === "list" && b.kind === "list")
    return { kind: "list", element: merged(a.element, b.element, at, typing) } as FieldType;
  if (a.kind === "struct" && b.kind === "struct") {
    const left = (a as unknown as PartialStruct).fields;
    const right = (b as unknown as PartialStruct).fields;
    const names = [...new Set([...left.map((f) => f.name), ...right.map((f) => f.name)])];
    return partialStruct(
      names.map((name) => {
        const x = left.find((f) => f.name === name);
        const y = right.find((f) => f.name === name);
        const type =
          x === undefined ? y!.type : y === undefined ? x.type : merged(x.type, y.type, inside(at, `.${name}`), typing);
        return { name, type, optional: x === undefined || y === undefined || x.optional || y.optional };
      }),
    );
  }
  if (formatFieldType(a) === formatFieldType(b)) return a;
  typing.refuse(
    `its values are of more than one type (${describePartial(a)} and ${describePartial(b)}, ${typing.name(at)})`,
  );
}

/**
 * Bigints with bigints, or with a typed array's Int64 or UInt64 elements (whose type is said): one
 * type when one holds them all, never a value wrapped into the other's range.
 */
function mergedBigints(a: FieldType, b: FieldType, at: At, typing: Typing): Partial {
  if (isBigints(a) && isBigints(b)) {
    const [x, y] = [a as unknown as Bigints, b as unknown as Bigints];
    const negative = x.negative ?? y.negative;
    const past = x.past ?? y.past;
    if (negative !== null && past !== null)
      typing.refuse(
        `${typing.name(past.at)} holds ${past.value}n, past Int64's range, and ${typing.name(negative.at)} holds ${negative.value}n, below UInt64's: no 64-bit integer holds both`,
        "declare the field with a type that holds both (int128, Julia's Int128), or store such numbers as strings",
      );
    return bigints(negative, past);
  }
  const [values, declared] = (isBigints(a) ? [a, b] : [b, a]) as [FieldType, FieldType];
  const { negative, past } = values as unknown as Bigints;
  if (declared.kind === "int" && declared.bits === 64) {
    const outside = declared.signed ? past : negative;
    if (outside === null) return declared;
    const array = declared.signed ? "BigInt64Array's Int64" : "BigUint64Array's UInt64";
    typing.refuse(
      `${typing.name(outside.at)} holds ${outside.value}n, which the ${array} elements in the same place cannot be typed with: no 64-bit integer holds both`,
      "declare the field with a type that holds both (int128, Julia's Int128), store such numbers as strings, or give every row the same kind of typed array",
    );
  }
  typing.refuse(
    `its values are of more than one type (${describePartial(a)} and ${describePartial(b)}, ${typing.name(at)})`,
  );
}

function complete(type: Partial, refuse: Refuse): FieldType {
  if (type === "unknown") refuse("a list is empty in every row, so its element type cannot be inferred");
  // Arrow's Null: the untyped column an `any` value is (arrowFieldOf's placeholder), missing in every
  // row; a list's elements missing in every list are a List of Null (schema.ts makes its child nullable).
  if (type === "missing" || type === "nulls") return ANY;
  if (isBigints(type)) return bigintsType(type);
  if (type.kind === "list") return { kind: "list", element: complete(type.element, refuse) };
  if (type.kind !== "struct") return type;
  const fields: FieldDescriptor[] = (type as unknown as PartialStruct).fields.map((field) => ({
    name: field.name,
    type: complete(field.type, refuse),
    optional: field.optional,
    constraints: {},
  }));
  return { kind: "struct", fields, keys: "own" };
}

const ANY: FieldType = { kind: "any" };

function describePartial(type: FieldType): string {
  if (isBigints(type)) return formatFieldType(bigintsType(type));
  return type.kind === "struct" ? "struct" : type.kind === "list" ? "list" : formatFieldType(type);
}

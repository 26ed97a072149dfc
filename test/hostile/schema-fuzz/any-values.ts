/**
 * `any` fields (Julia's untyped fields) in the schema fuzzer: the values an app may give one, and
 * the oracle of what a table written from them reads back, both written from docs/julia.md
 * ("Field expressions and untyped fields", "Extra columns") and never asked of the runtime.
 *
 * Written from rows, an `any` column's Arrow type is inferred from its values: boolean -> Bool,
 * number -> Float64, bigint -> Int64 (UInt64 when one is past Int64's range and none negative), string -> Utf8, Date ->
 * Timestamp(ms) `JuliaLang.DateTime`, Uint8Array -> Binary, another typed array -> List of its
 * element, an array -> List of its elements' one type, a plain object -> Struct (a key some rows
 * lack or hold null is nullable; a key missing in every row is a Null child, as Arrow.jl writes a
 * NamedTuple field that is `missing` in every row); all missing -> Null. Read back, each storage gives its values:
 * Float64 -> number, Int64 / UInt64 -> bigint, `JuliaLang.DateTime` -> Date, Binary -> Uint8Array,
 * a List of numbers (none missing) -> its typed array, another List -> array, Struct -> a plain
 * object holding every key of the column (null where a row lacked it, and a Null child's null).
 *
 * Each field draws one shape (a hidden type) and every value of the field, in every row and every
 * record of it, is of that shape, so that a column has one type; or, now and then, a mix of values
 * that differ from row to row, which any-mixes.ts types from the values themselves. What a column cannot be typed
 * by (a list empty in every value) is refused with an AnyColumnError, which {@link anyRefusal}
 * predicts.
 */
import fc from "fast-check";
import { type MixShape, mixJson, mixShape, mixValue } from "./any-mixes.js";

export type AnyShape =
  | { readonly kind: "bool" | "float64" | "int64" | "uint64" | "string" | "datetime" | "binary" }
  | { readonly kind: "typed"; readonly array: TypedArrayName }
  | { readonly kind: "list"; readonly element: AnyShape }
  | { readonly kind: "struct"; readonly fields: readonly AnyStructField[] }
  /** Values that differ from row to row (any-mixes.ts): a field's whole shape, never part of another. */
  | MixShape;

export interface AnyStructField {
  readonly name: string;
  readonly shape: AnyShape;
  /** Whether a value may lack it (absent, or null). */
  readonly sparse: boolean;
}

const TYPED_ARRAYS = [
  "Float32Array",
  "Float64Array",
  "Int8Array",
  "Int16Array",
  "Int32Array",
  "BigInt64Array",
  "Uint16Array",
  "Uint32Array",
  "BigUint64Array",
] as const;
type TypedArrayName = (typeof TYPED_ARRAYS)[number];

type TypedArrayClass = { from(items: Iterable<unknown>): ArrayLike<unknown> };
const typedArray = (name: TypedArrayName) => (globalThis as unknown as Record<string, TypedArrayClass>)[name]!;

/**
 * Keys of the objects an `any` value holds: data, never escaped as a declared field's name is.
 * (No "": apache-arrow's writer, which doors.ts's dictionary-encoded copy is written by, drops an
 * empty field name.)
 */
const KEYS = ["a", "b", "σ²", "constructor", "toString", "valueOf", "hasOwnProperty", "1", "then", "x y"];

const LEAVES = ["bool", "float64", "int64", "uint64", "string", "datetime", "binary"] as const;

/** The shape of an `any` field's values: one hidden type, or now and then a mix (any-mixes.ts). */
export function anyFieldShape(): fc.Arbitrary<AnyShape> {
  return fc.oneof({ arbitrary: anyShape(), weight: 2 }, { arbitrary: mixShape(), weight: 1 });
}

/** A shape of `any` values, nested at most `depth` levels. */
export function anyShape(depth = 2): fc.Arbitrary<AnyShape> {
  const leaf = fc.constantFrom(...LEAVES).map((kind): AnyShape => ({ kind }));
  const typed = fc.constantFrom(...TYPED_ARRAYS).map((array): AnyShape => ({ kind: "typed", array }));
  if (depth === 0) return fc.oneof(leaf, typed);
  const inner = anyShape(depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 4 },
    { arbitrary: typed, weight: 1 },
    { arbitrary: inner.map((element): AnyShape => ({ kind: "list", element })), weight: 2 },
    {
      arbitrary: fc
        .uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 })
        .chain((names) =>
          fc.tuple(
            ...names.map((name) => fc.tuple(inner, fc.boolean()).map(([shape, sparse]) => ({ name, shape, sparse }))),
          ),
        )
        .map((fields): AnyShape => ({ kind: "struct", fields })),
      weight: 2,
    },
  );
}

/** Code points one at a time, from ASCII to four-byte UTF-8, a NUL and a BOM: well-formed text. */
const POINTS = ["a", "Z", " ", "\0", "\uFEFF", "é", "€", "😀", "\u{10FFFF}"];

const INT64: [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];

/** A value of `shape`, as an app gives it. */
export function anyValue(shape: AnyShape): fc.Arbitrary<unknown> {
  switch (shape.kind) {
    case "mix":
      return mixValue(shape);
    case "bool":
      return fc.boolean();
    case "float64":
      return fc.oneof(
        fc.integer({ min: -8, max: 8 }).map((k) => k / 4),
        fc.double(),
      );
    case "int64":
      return fc.oneof(fc.constantFrom(...INT64, 0n), fc.bigInt({ min: INT64[0], max: INT64[1] }));
    case "uint64":
      // Past Int64's range: a bigint within it is an Int64, another type than these.
      return fc.bigInt({ min: 2n ** 63n, max: 2n ** 64n - 1n });
    case "string":
      return fc.array(fc.constantFrom(...POINTS), { maxLength: 4 }).map((points) => points.join(""));
    case "datetime":
      return fc
        .oneof(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.constantFrom(-8.64e15, 8.64e15, 0))
        .map((ms) => new Date(ms));
    case "binary":
      return fc.uint8Array({ maxLength: 4 });
    case "typed": {
      const big = shape.array.startsWith("Big");
      const items: fc.Arbitrary<unknown> = big
        ? fc.bigInt({ min: 0n, max: 2n ** 62n })
        : shape.array.startsWith("Float")
          ? fc.double()
          : fc.integer({ min: 0, max: 100 });
      return fc.array(items, { maxLength: 3 }).map((values) => typedArray(shape.array).from(values));
    }
    case "list":
      return fc.array(anyValue(shape.element), { maxLength: 3 });
    case "struct":
      return fc
        .tuple(
          ...shape.fields.map((field) =>
            field.sparse
              ? fc.oneof(anyValue(field.shape), fc.constantFrom(null, undefined, "absent" as const))
              : anyValue(field.shape),
          ),
        )
        .map((values) => {
          const object: Record<string, unknown> = {};
          shape.fields.forEach((field, k) => {
            if (values[k] !== "absent") object[field.name] = values[k];
          });
          return object;
        });
  }
}

/** An object's own value of `key` (`constructor` is no key of `{}`, though `{}.constructor` is Object). */
const own = (object: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(object, key) ? object[key] : undefined;

/**
 * The keys each struct of `shape` has in a column of `values`: those some value holds as its own
 * (null or undefined included); a key no value holds is no field of the struct.
 */
export function anyStructKeys(shape: AnyShape, values: readonly unknown[], into = new Map<AnyShape, Set<string>>()) {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (shape.kind === "list")
    anyStructKeys(
      shape.element,
      present.flatMap((value) => value as unknown[]),
      into,
    );
  if (shape.kind === "struct") {
    const keys = into.get(shape) ?? new Set<string>();
    into.set(shape, keys);
    for (const field of shape.fields) {
      const holders = present.filter((value) => Object.hasOwn(value as object, field.name));
      if (holders.length > 0) keys.add(field.name);
      anyStructKeys(
        field.shape,
        holders.map((value) => (value as Record<string, unknown>)[field.name]),
        into,
      );
    }
  }
  return into;
}

/** What reads back of a value of `shape` (null for a missing one), in a column whose structs have `keys` ({@link anyStructKeys}). */
export function anyReadBack(
  shape: AnyShape,
  value: unknown,
  keys: ReadonlyMap<AnyShape, ReadonlySet<string>>,
): unknown {
  if (value === null || value === undefined) return null;
  switch (shape.kind) {
    case "list": {
      const items = value as unknown[];
      const numeric = { float64: "Float64Array", int64: "BigInt64Array", uint64: "BigUint64Array" } as const;
      const name = numeric[shape.element.kind as keyof typeof numeric];
      // A List of numbers reads as its typed array (a list's elements are never missing).
      if (name !== undefined) return typedArray(name).from(items);
      return items.map((item) => anyReadBack(shape.element, item, keys));
    }
    case "struct": {
      const object = value as Record<string, unknown>;
      // Every key of the column's struct, null where this object lacks it.
      const fields = shape.fields.filter((field) => keys.get(shape)?.has(field.name));
      return Object.fromEntries(
        fields.map((field) => [field.name, anyReadBack(field.shape, own(object, field.name), keys)]),
      );
    }
    default:
      return value;
  }
}

/** The JSON form (`toJSON`) of a value of `shape`: the forms typed fields use (docs/schemas.md, JSON). */
export function anyJson(shape: AnyShape, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const number = (n: number) =>
    Number.isNaN(n) ? "NaN" : Object.is(n, -0) ? "-0" : Number.isFinite(n) ? n : n > 0 ? "Infinity" : "-Infinity";
  switch (shape.kind) {
    case "mix":
      return mixJson(value);
    case "float64":
      return number(value as number);
    case "int64":
    case "uint64":
      return String(value);
    case "datetime":
      return (value as Date).toISOString();
    case "binary":
      return Buffer.from(value as Uint8Array).toString("base64");
    case "typed":
      return Array.from(value as ArrayLike<number | bigint>, (item) =>
        typeof item === "bigint" ? String(item) : number(item),
      );
    case "list":
      return (value as unknown[]).map((item) => anyJson(shape.element, item));
    case "struct": {
      const object = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      // A key the object holds as undefined is a missing value, null, as a typed struct's is.
      for (const field of shape.fields)
        if (Object.hasOwn(object, field.name)) out[field.name] = anyJson(field.shape, object[field.name]);
      return out;
    }
    default:
      return value;
  }
}

/**
 * Why a column of these values (missing ones among them) has no type to write, or `null`: a
 * list empty in every value. A struct's key held (as its own) by some value and missing (null or
 * undefined) in every one is a Null child; a key no value holds is simply no field of the struct.
 */
export function anyRefusal(shape: AnyShape, values: readonly unknown[]): string | null {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length === 0) return null;
  if (shape.kind === "list") {
    const items = present.flatMap((value) => value as unknown[]);
    if (items.length === 0) return "every list is empty";
    return anyRefusal(shape.element, items);
  }
  if (shape.kind === "struct") {
    for (const field of shape.fields) {
      const holders = present.filter((value) => Object.hasOwn(value as object, field.name));
      if (holders.length === 0) continue;
      const children = holders.map((value) => (value as Record<string, unknown>)[field.name]);
      const inner = anyRefusal(field.shape, children);
      if (inner !== null) return inner;
    }
  }
  return null;
}

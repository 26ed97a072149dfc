/**
 * `any` fields whose values differ from row to row (a "mix", beside any-values.ts's one hidden
 * shape per field): the mixes inference has gone wrong on. Bigints under and past 2^63 (UInt64),
 * a negative one beside one past 2^63 (no 64-bit integer holds both), arrays whose elements are
 * missing in every row (List<Null>) beside empty arrays and missing values, BigInt64Array and
 * BigUint64Array beside plain bigints, a value missing in every row (Null), and one kind of value
 * at two depths (a bigint in a list in one row, in an object in another).
 *
 * Each field draws a few atoms (kinds of values) and each row one of them. The oracle types a
 * column of such values as docs/julia.md ("Field expressions and untyped fields") says, never
 * asking the runtime: each value has a type (bigint -> Int64, or UInt64 when one is past Int64's
 * range and none negative; a BigInt64Array / BigUint64Array -> a List of Int64 / UInt64; an array
 * -> a List of its elements' one type, of Null when every element of every array is missing, an
 * empty array a List of anything; an object -> a Struct, a key some objects hold as missing
 * optional), the column's values must agree on one, and what it is says what reads back.
 */
import fc from "fast-check";

/** A kind of value a mixed `any` field's rows draw from. */
export type MixAtom =
  | "small"
  | "negative"
  | "past"
  | "int64s"
  | "uint64s"
  | "nulls"
  | "empty"
  | "missing"
  | { readonly list: MixAtom }
  | { readonly object: MixAtom };

export interface MixShape {
  readonly kind: "mix";
  readonly atoms: readonly MixAtom[];
}

const LEAF_ATOMS = ["small", "negative", "past", "int64s", "uint64s", "nulls", "empty", "missing"] as const;

function mixAtom(depth: number): fc.Arbitrary<MixAtom> {
  const leaf = fc.constantFrom<MixAtom>(...LEAF_ATOMS);
  if (depth === 0) return leaf;
  const inner = mixAtom(depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    { arbitrary: inner.map((list): MixAtom => ({ list })), weight: 1 },
    { arbitrary: inner.map((object): MixAtom => ({ object })), weight: 1 },
  );
}

/** An atom at one depth: as it is, in an array, in an object, in an array of objects. */
const wrapper = fc.constantFrom(
  (atom: MixAtom): MixAtom => atom,
  (atom: MixAtom): MixAtom => ({ list: atom }),
  (atom: MixAtom): MixAtom => ({ object: atom }),
  (atom: MixAtom): MixAtom => ({ list: { object: atom } }),
);

/**
 * A field's mix: one to three atoms, drawn around the mixes inference went wrong on (bigints each
 * side of 2^63 and below 0 at one depth; a typed array of 64-bit integers beside an array of
 * bigints; missing elements, empty arrays and missing values), else at random (one kind at two
 * depths among them).
 */
export function mixShape(): fc.Arbitrary<MixShape> {
  const at = (atoms: fc.Arbitrary<MixAtom[]>) =>
    fc.tuple(wrapper, atoms).map(([wrap, list]): MixShape => ({ kind: "mix", atoms: list.map(wrap) }));
  return fc.oneof(
    at(fc.shuffledSubarray<MixAtom>(["small", "negative", "past"], { minLength: 2 })),
    at(
      fc
        .tuple(fc.constantFrom<MixAtom>("int64s", "uint64s"), fc.constantFrom<MixAtom>("small", "negative", "past"))
        .map(([typed, bigint]) => [typed, { list: bigint }]),
    ),
    at(fc.shuffledSubarray<MixAtom>(["nulls", "empty", "missing"], { minLength: 1 })),
    fc.array(mixAtom(2), { minLength: 1, maxLength: 3 }).map((atoms): MixShape => ({ kind: "mix", atoms })),
  );
}

const INT64_MAX = 2n ** 63n - 1n;

function atomValue(atom: MixAtom): fc.Arbitrary<unknown> {
  if (typeof atom === "object")
    return "list" in atom
      ? fc.array(atomValue(atom.list), { maxLength: 2 })
      : atomValue(atom.object).map((a) => ({ a }));
  switch (atom) {
    case "small":
      return fc.bigInt({ min: 0n, max: 100n });
    case "negative":
      return fc.oneof(fc.bigInt({ min: -100n, max: -1n }), fc.constant(-(2n ** 63n)));
    case "past":
      return fc.oneof(fc.bigInt({ min: INT64_MAX + 1n, max: 2n ** 64n - 1n }), fc.constant(2n ** 63n));
    case "int64s":
      return fc
        .array(fc.bigInt({ min: -(2n ** 63n), max: INT64_MAX }), { maxLength: 2 })
        .map((v) => BigInt64Array.from(v));
    case "uint64s":
      return fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { maxLength: 2 }).map((v) => BigUint64Array.from(v));
    case "nulls":
      return fc.array(fc.constantFrom(null, undefined), { minLength: 1, maxLength: 2 });
    case "empty":
      return fc.constant([]);
    case "missing":
      return fc.constantFrom(null, undefined);
  }
}

/** A value of a mixed field: one of its atoms' (a row holds a missing field as null; an array or object may hold undefined). */
export function mixValue(shape: MixShape): fc.Arbitrary<unknown> {
  return fc.oneof(...shape.atoms.map(atomValue)).map((value) => value ?? null);
}

// The oracle ---------------------------------------------------------------------------------

/**
 * A type while a column is typed: `nulls` list elements missing so far (a List of Null if they stay
 * so), `missing` a key held only as missing so far (a Null child), `anything` the element of arrays
 * empty so far (no type, if they stay so).
 */
type Element = MixType | "nulls" | "missing" | "anything";
type MixType =
  | { readonly k: "bigints"; readonly negative: bigint | null; readonly past: bigint | null }
  | { readonly k: "int64" | "uint64" }
  | { readonly k: "list"; readonly element: Element }
  | { readonly k: "struct"; readonly keys: ReadonlyMap<string, { type: Element; optional: boolean }> };

/** Why a column of mixed values cannot be written: a reason, and the bigints it must name. */
export interface MixRefusal {
  readonly reason: string;
  readonly names: readonly bigint[];
}

class Refused extends Error {
  constructor(readonly refusal: MixRefusal) {
    super(refusal.reason);
  }
}
const refuse = (reason: string, names: readonly bigint[] = []): never => {
  throw new Refused({ reason, names });
};

function typeOf(value: unknown): MixType {
  if (typeof value === "bigint")
    return { k: "bigints", negative: value < 0n ? value : null, past: value > INT64_MAX ? value : null };
  if (value instanceof BigInt64Array) return { k: "list", element: { k: "int64" } };
  if (value instanceof BigUint64Array) return { k: "list", element: { k: "uint64" } };
  if (Array.isArray(value)) {
    let element: Element = "anything";
    for (const item of value) element = merge(element, item === null || item === undefined ? "nulls" : typeOf(item));
    return { k: "list", element };
  }
  const keys = new Map<string, { type: Element; optional: boolean }>();
  for (const [key, item] of Object.entries(value as object))
    keys.set(
      key,
      item === null || item === undefined
        ? { type: "missing", optional: true }
        : { type: typeOf(item), optional: false },
    );
  return { k: "struct", keys };
}

function merge(a: Element, b: Element): Element {
  if (a === "missing" || a === "anything") return b;
  if (b === "missing" || b === "anything") return a;
  if (a === "nulls" || b === "nulls") return a === b ? a : refuse("missing list elements beside present ones");
  if (a.k === "bigints" && b.k === "bigints") {
    const negative = a.negative ?? b.negative;
    const past = a.past ?? b.past;
    if (negative !== null && past !== null) refuse("a negative bigint beside one past Int64", [past, negative]);
    return { k: "bigints", negative, past };
  }
  if (a.k === "bigints" || b.k === "bigints") {
    type Bigints = Extract<MixType, { k: "bigints" }>;
    const [values, declared] = (a.k === "bigints" ? [a, b] : [b, a]) as [Bigints, MixType];
    if (declared.k === "int64" && values.past !== null)
      refuse("a bigint past Int64 beside Int64 elements", [values.past]);
    if (declared.k === "uint64" && values.negative !== null)
      refuse("a negative bigint beside UInt64 elements", [values.negative]);
    if (declared.k === "int64" || declared.k === "uint64") return declared;
    return refuse("values of more than one type");
  }
  if (a.k === "list" && b.k === "list") return { k: "list", element: merge(a.element, b.element) };
  if (a.k === "struct" && b.k === "struct") {
    const keys = new Map<string, { type: Element; optional: boolean }>();
    for (const key of new Set([...a.keys.keys(), ...b.keys.keys()])) {
      const [x, y] = [a.keys.get(key), b.keys.get(key)];
      keys.set(
        key,
        x === undefined || y === undefined
          ? { type: (x ?? y)!.type, optional: true }
          : { type: merge(x.type, y.type), optional: x.optional || y.optional },
      );
    }
    return { k: "struct", keys };
  }
  if (a.k === b.k && (a.k === "int64" || a.k === "uint64")) return a;
  return refuse("values of more than one type");
}

/** A list whose element type is still unknown (every array empty) has no type to write. */
function checkComplete(type: Element): void {
  if (type === "anything") refuse("every list is empty");
  if (typeof type !== "object") return;
  if (type.k === "list") checkComplete(type.element);
  if (type.k === "struct") for (const { type: key } of type.keys.values()) checkComplete(key);
}

/** The one type of a column of mixed values (missing ones aside), or why it has none. */
function columnType(values: readonly unknown[]): { type: Element } | { refusal: MixRefusal } {
  try {
    let type: Element = "missing";
    for (const value of values) if (value !== null && value !== undefined) type = merge(type, typeOf(value));
    checkComplete(type);
    return { type };
  } catch (error) {
    if (error instanceof Refused) return { refusal: error.refusal };
    throw error;
  }
}

/** Why a column of these mixed values cannot be written, or `null`. */
export function mixRefusal(values: readonly unknown[]): MixRefusal | null {
  const typed = columnType(values);
  return "refusal" in typed ? typed.refusal : null;
}

/** What reads back of each of `values` (a column that {@link mixRefusal} accepts): its value as its column's type holds it. */
export function mixReadBack(values: readonly unknown[]): (value: unknown) => unknown {
  const typed = columnType(values);
  if ("refusal" in typed) throw new Error(`no read-back of a refused column (${typed.refusal.reason})`);
  return (value) => readBack(typed.type, value);
}

function readBack(type: Element, value: unknown): unknown {
  if (value === null || value === undefined || typeof type !== "object") return null;
  switch (type.k) {
    case "list": {
      const items = Array.from(value as ArrayLike<unknown>);
      const element = type.element;
      // A List of 64-bit integers reads as its typed array; a List of Null's elements as nulls.
      if (typeof element === "object" && element.k !== "list" && element.k !== "struct")
        return (
          element.k === "uint64" || (element.k === "bigints" && element.past !== null) ? BigUint64Array : BigInt64Array
        ).from(items as bigint[]);
      return items.map((item) => readBack(element, item));
    }
    case "struct":
      // Every key of the column's struct, null where this object lacks it or holds it missing.
      return Object.fromEntries(
        [...type.keys].map(([key, { type: child }]) => [
          key,
          readBack(child, Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : null),
        ]),
      );
    default:
      return value;
  }
}

/** The JSON form (`toJSON`) of a mixed value: bigints as decimal strings, a missing value null. */
export function mixJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return String(value);
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value, String);
  if (Array.isArray(value)) return value.map(mixJson);
  return Object.fromEntries(Object.entries(value as object).map(([key, item]) => [key, mixJson(item)]));
}

/**
 * Rows of a fuzzed schema with one fault each, at a known path (as a violation names it), drawn
 * from the fuzzer's model (model.ts): a missing required value, a value of another type, a broken
 * bound, enumeration, pattern or length, a lone surrogate, a symbol's NUL, a value a row check forbids; at the
 * top, in structs, records, lists, sets, maps and tuples.
 */
import {
  flatChecks,
  flatFields,
  lengthRange,
  type Constraints,
  type FieldModel,
  type Scalar,
  type TypeModel,
  type VersionModel,
} from "./model.js";
import { heldListed, INT_RANGES, isBigIntScalar, keyOf, type Row } from "./values.js";

/** A row with one fault, and the path (as a violation names it) of that fault. */
export interface Fault {
  readonly row: Row;
  readonly path: string;
  /** What was done, for the failure report. */
  readonly what: string;
}

/**
 * Values of `type` that break it or `constraints` in every form a door takes (the row form and the
 * input and JSON forms alike): never one a conversion would mend (a safe number for an int64, an
 * array for a typed array, decimal text for a bigint, base64 for a binary).
 */
function badValues(type: TypeModel, constraints: Constraints): { value: unknown; what: string }[] {
  // No member of a union is an array; no other container or record is a number.
  if (type.kind === "union") return [{ value: [1], what: "an array" }];
  if (type.kind !== "scalar") return [{ value: 7, what: "a number" }];
  const bad: { value: unknown; what: string }[] = [{ value: { not: "a value" }, what: "an object" }];
  const name = type.name;
  bad.push(
    VALUE_IS_TEXT.has(name)
      ? { value: 7, what: "a number" }
      : { value: name === "bool" ? 7 : "zz", what: "wrong class" },
  );
  const { min, max, values, pattern, length, minLength, maxLength } = constraints;
  const bigint = isBigIntScalar(name);
  const range = INT_RANGES[name];
  // As the row holds it: a float32 rounded.
  const shift = (bound: number | bigint, by: number) =>
    bigint ? BigInt(bound) + BigInt(by) : heldListed(name, Number(bound) + by);
  if (min !== undefined && (range === undefined || BigInt(Math.ceil(Number(min))) > range[0]))
    bad.push({ value: shift(min, -1), what: "below min" });
  if (max !== undefined && (range === undefined || BigInt(Math.floor(Number(max))) < range[1]))
    bad.push({ value: shift(max, 1), what: "above max" });
  if (range !== undefined && name !== "int128" && !bigint) {
    bad.push({ value: Number(range[1]) + 1, what: "past the type's range" }, { value: 1.5, what: "not an integer" });
  }
  // An integer takes any integer (it only cannot be written past Int64's range).
  if (range !== undefined && bigint && name !== "integer")
    bad.push({ value: range[1] + 1n, what: "past the type's range" });
  if (values !== undefined) {
    const outside = {
      string: "not listed ✗",
      symbol: "not listed ✗",
      char: "✗",
      uuid: "ffffffff-0000-0000-0000-000000000000",
    }[name as string];
    if (outside !== undefined) bad.push({ value: outside, what: "not listed" });
    else if (name === "bool") bad.push({ value: false, what: "not listed" });
    else bad.push({ value: bigint ? 5n : 5, what: "not listed" });
  }
  if (pattern !== undefined) {
    const [low, high] = lengthRange({ length, minLength, maxLength });
    const miss = pattern.misses.find((s) => [...s].length >= low && [...s].length <= high);
    if (miss !== undefined) bad.push({ value: miss, what: `no match of ${pattern.source}` });
  }
  if (name === "string" || name === "symbol" || name === "binary") {
    const [low, high] = lengthRange({ length, minLength, maxLength });
    const make = (n: number) => (name === "binary" ? new Uint8Array(n) : "x".repeat(n));
    if (low > 0 && pattern === undefined) bad.push({ value: make(low - 1), what: "too short" });
    if (high < Infinity && pattern === undefined) bad.push({ value: make(high + 1), what: "too long" });
  }
  if (name === "string" || name === "symbol") bad.push({ value: "\uD800", what: "a lone surrogate" });
  if (name === "symbol" && values === undefined)
    bad.push({ value: "\u0000", what: "a NUL, which no Julia Symbol holds" });
  if (name === "char") bad.push({ value: "ab", what: "two characters" });
  // ("1.2" is no fault: the input form reads it as Julia's VersionNumber("1.2"), 1.2.0.)
  if (name === "version")
    bad.push(
      { value: "1.x.3", what: "a part not a number" },
      { value: "1.2.4294967296", what: "a part past 2^32 - 1" },
    );
  if (name === "SchemaVersion")
    bad.push({ value: "Bad@1", what: "an upper-case name" }, { value: "a@0.5", what: "no version" });
  return bad;
}

const VALUE_IS_TEXT = new Set<Scalar>(["string", "symbol", "char", "uuid", "binary", "version", "SchemaVersion"]);

/** Every single fault a row of these fields can take, at any depth the fuzzer reaches, with its path. */
function faultsOf(fields: readonly FieldModel[], row: Row, prefix: string): Fault[] {
  const faults: Fault[] = [];
  for (const field of fields) {
    const key = keyOf(field.name);
    const path = prefix === "" ? field.name : `${prefix}.${field.name}`;
    const put = (value: unknown, what: string, at = path): Fault => ({ row: { ...row, [key]: value }, path: at, what });
    if (!field.optional && field.default === undefined) faults.push(put(null, "null where required"));
    // An `any` field takes any value a row may hold (writing one may still refuse it: any-rows.ts).
    if (field.default === undefined && field.type.kind !== "any")
      for (const { value, what } of badValues(field.type, field.constraints)) faults.push(put(value, what));
    const value = row[key];
    if (value === null) continue;
    const { type } = field;
    if (type.kind === "struct" || type.kind === "record") {
      const inner = type.kind === "record" ? flatFields(type.target) : type.fields;
      for (const fault of faultsOf(inner, value as Row, path)) faults.push(put(fault.row, fault.what, fault.path));
    } else if (type.kind === "list<struct>" && (value as Row[]).length > 0) {
      const [first, ...rest] = value as Row[];
      for (const fault of faultsOf(type.fields, first!, `${path}[0]`))
        faults.push(put([fault.row, ...rest], fault.what, fault.path));
    } else if (type.kind === "list" || type.kind === "vector" || type.kind === "ntuple") {
      // A typed array holds no value of another type; an array of others can.
      if (Array.isArray(value) && value.length > 0)
        for (const { value: item, what } of badValues(type.element, {}))
          faults.push(put([item, ...value.slice(1)], what, `${path}[0]`));
    } else if (type.kind === "set") {
      for (const { value: item, what } of badValues({ kind: "scalar", name: type.element }, {}))
        faults.push(put(new Set([item, ...(value as Set<unknown>)]), what, `${path}[0]`));
    } else if (type.kind === "map") {
      // Each fault replaces the first entry's key or value: an empty map has none to take one
      // (a bad key paired with `undefined` would be two faults).
      const [first, ...rest] = value as Map<unknown, unknown>;
      if (first !== undefined) {
        for (const { value: key, what } of badValues({ kind: "scalar", name: type.key }, {}))
          faults.push(put(new Map([[key, first[1]], ...rest]), `key ${what}`, `${path}[0][0]`));
        for (const { value: item, what } of badValues(type.value, {}))
          faults.push(put(new Map([[first[0], item], ...rest]), what, `${path}[0][1]`));
      }
    } else if (type.kind === "tuple") {
      const parts = value as unknown[];
      const last = parts.length - 1;
      for (const { value: item, what } of badValues(type.parts[last]!, {}))
        faults.push(put([...parts.slice(0, last), item], what, `${path}[${last}]`));
    }
  }
  return faults;
}

/** Whether a fault breaks a constraint or a row check only, so that its column can still hold it. */
export function isStorable(fault: Fault): boolean {
  return /^(below min|above max|not listed|no match|too short|too long|forbidden)/.test(fault.what);
}

/** Every single-fault variant of a valid row of `version`: its fields', and a forbidden value for each row check (whose path is the row's). */
export function faultsOfRow(version: VersionModel, row: Row): Fault[] {
  const checks = flatChecks(version).map(({ field, forbidden }) => ({
    row: { ...row, [keyOf(field)]: forbidden },
    path: "",
    what: `forbidden by a row check: ${field} is ${forbidden}`,
  }));
  return [...faultsOf(flatFields(version), row, ""), ...checks];
}

/**
 * Violations are data: a code, the path of the offending value, what was expected and what was
 * found. Generated validators build them with the helpers below; {@link renderViolations} is the
 * one place that turns them into words.
 */
import { firstHole } from "./arrays.js";
import { splitOutsideAngles } from "./type-arguments.js";
import { LARGEST_FINITE } from "./float-ranges.js";
import { INTEGER_TEXT, intRange } from "./int-ranges.js";
import { weightsProblem } from "./weights-shape.js";
import {
  instantOfText,
  JULIA_FORMS,
  TIMESTAMP_UNIT_NAMES,
  type TimestampUnit,
  timestampCount,
  whyNoSuchInstant,
} from "./calendar-text.js";

export type ViolationCode = "missing_field" | "incorrect_type" | "constraint_violated" | "check_failed";

export interface Violation {
  readonly code: ViolationCode;
  /** Where the value sits: `epoch`, `config.seed`, `channels[3]`; empty for the row itself. */
  readonly path: string;
  /** What the schema asks for, e.g. `int64`, `<= 1`, or a check's message. */
  readonly expected: string;
  /** A short description of the value found, when there is one. */
  readonly found?: string;
}

/** A violation path's steps: field names (Julia identifiers hold no `.` or `[`) and list indexes (`[3]`). */
export function pathSteps(path: string): string[] {
  return path.match(PATH_STEP) ?? [];
}
const PATH_STEP = /[^.[\]]+|\[\d+\]/g;

export function missingField(path: string, expected: string): Violation {
  return { code: "missing_field", path, expected };
}

export function incorrectType(path: string, expected: string, value: unknown): Violation {
  return {
    code: "incorrect_type",
    path,
    expected,
    found: describeFound(value, expected) + whatToPass(expected, value),
  };
}

/**
 * `value` described as a violation of `expected` finds it: a bigint where `expected` holds
 * bigints in plain digits, since there its class is right and its digits are what is wrong, and
 * its user may have written it as a number or as JSON's decimal text (`"18446744073709551616"`,
 * which parse reads as a bigint), never with the `n` of a bigint literal. Where a bigint is the
 * wrong class (`3n` for an int16), it keeps the `n` that tells it apart from a number.
 */
function describeFound(value: unknown, expected: string): string {
  return typeof value === "bigint" && isHeldAsBigint(expected) ? String(value) : describeValue(value);
}

/**
 * A required value that failed its type's test: missing when it is `null` or `undefined` (which
 * every type's test refuses), else of another type. One test in the walk instead of two.
 */
export function missingOrIncorrectType(path: string, expected: string, value: unknown): Violation {
  return value == null ? missingField(path, expected) : incorrectType(path, expected, value);
}

/** The types held as a `bigint`, by the start of the names validators give them (`timestamp<ms>` included; a period in nanoseconds). */
const HELD_AS_BIGINT_NAMES = ["int64", "int128", "uint64", "uint128", "timestamp", "duration", "time", "period"];
const HELD_AS_BIGINT = new RegExp(`^(${HELD_AS_BIGINT_NAMES.join("|")})\\b`);
/** Their first letters: most names a walk reports (`float64`, `string`, a list, a record) begin with none. */
const HELD_AS_BIGINT_FIRST = new Set(HELD_AS_BIGINT_NAMES.map((name) => name.charCodeAt(0)));

/**
 * The integer types by name, each with its range and the words that say it, worked out once:
 * writing a 64-bit range's bigints as text cost more than the rest of the message, and matching
 * the name with a `RegExp` more than a lookup.
 */
const INTEGER_TYPES: ReadonlyMap<string, { readonly range: readonly [bigint, bigint]; readonly holds: string }> =
  new Map(
    [true, false].flatMap((signed) =>
      ([8, 16, 32, 64, 128] as const).map((bits) => {
        const name = `${signed ? "" : "u"}int${bits}`;
        const range = intRange(bits, signed);
        return [name, { range, holds: ` (${name} holds the integers ${range[0]} to ${range[1]})` }] as const;
      }),
    ),
  );

/** Whether `expected` names a type held as a bigint: {@link HELD_AS_BIGINT}'s test, its call skipped by the first letter. */
function isHeldAsBigint(expected: string): boolean {
  return HELD_AS_BIGINT_FIRST.has(expected.charCodeAt(0)) && HELD_AS_BIGINT.test(expected);
}

/**
 * What to pass instead, for the mistakes a type's name does not explain: an integer too large for
 * a number where a bigint is held, an integer an integer type holds but of the other class (`3`
 * where an int64 is a bigint, `3n` where an int16 is a number), a fraction where an integer type
 * is, a number or bigint outside an integer type's range or past a narrow float's largest value,
 * a narrow integer as decimal text, text that is no integer where a bigint is held, a date or
 * datetime as text in another form or as a number (`Date.now()`), a `Date` that is no date (a time
 * of day besides UTC midnight), a time outside the day, a row as its JSON text, a value that is no
 * schema version's identifier.
 */
export function whatToPass(expected: string, value: unknown): string {
  if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && isHeldAsBigint(expected))
    // It may reach here from JSON (parse, fromJSON), which has no bigint: its decimal text is said
    // too, and what the number reads as, which need not be the digits the sender wrote.
    return ` (a number outside ±(2^53-1), where integers lose their last digits: it reads as ${BigInt(value)}; pass the integer as a bigint, such as ${BigInt(value)}n, or in JSON as decimal text, such as "${BigInt(value)}")`;
  const integer = typeof value === "number" || typeof value === "bigint" ? INTEGER_TYPES.get(expected) : undefined;
  if (integer !== undefined) {
    const [low, high] = integer.range;
    const number = value as number | bigint;
    // A fraction, not the range, is what is wrong with 2.5: every integer type refuses it.
    if (typeof number === "number" && Number.isFinite(number) && !Number.isInteger(number))
      return ` (${expected} holds whole numbers only)`;
    const inRange = (typeof number === "bigint" || Number.isInteger(number)) && number >= low && number <= high;
    // An integer the type holds, of the other class: the range alone would not say what is wrong with it.
    if (inRange && typeof number === "number") return ` (${expected} is held as a bigint: pass ${number}n)`;
    if (inRange) return ` (${expected} is held as a number: pass ${number}, not ${number}n)`;
    return integer.holds;
  }
  // A time, timestamp, duration or period given as a number (milliseconds, say): the integer
  // types are said above.
  if (typeof value === "number" && isHeldAsBigint(expected)) {
    if (!Number.isInteger(value)) return `; ${heldAsBigint(expected)}`;
    const [low, high] = heldRange(expected);
    return value >= low && value <= high
      ? ` (${heldAsBigint(expected)}: pass ${value}n)`
      : ` (${heldAsBigint(expected)} from ${low}n to ${high}n)`;
  }
  if (typeof value === "number" && Number.isFinite(value) && (expected === "float32" || expected === "float16"))
    return ` (beyond ${expected}'s range, ±${LARGEST_FINITE[expected === "float32" ? 32 : 16]}: it would be an infinity)`;
  // A narrow integer as decimal text (a form field's, a query string's): no door reads text as one.
  const narrowInteger =
    typeof value === "string" && !isHeldAsBigint(expected) ? INTEGER_TYPES.get(expected) : undefined;
  if (narrowInteger !== undefined && INTEGER_TEXT.test(value as string)) {
    const [low, high] = narrowInteger.range;
    const number = Number(value);
    return number >= low && number <= high
      ? `; ${withTypeArticle(expected)} is a number, not text: pass ${number}`
      : `; ${withTypeArticle(expected)} is a number from ${low} to ${high}, not text, and ${value} is outside that`;
  }
  if (typeof value === "string" && isHeldAsBigint(expected)) {
    const held = heldAsBigint(expected);
    // Decimal text the type holds comes here only through a door that reads no JSON (the
    // constructor, validate, is): parse and fromJSON would have read it.
    if (value.length <= 40 && INTEGER_TEXT.test(value)) {
      const [low, high] = heldRange(expected);
      // Text of up to 15 characters is a safe integer, which a number holds exactly and compares
      // with bigints exactly: BigInt of text costs 2-5x as much.
      const number = value.length <= 15 ? Number(value) : BigInt(value);
      return number >= low && number <= high
        ? `; ${held} here, such as ${value}n: decimal text is its JSON form, which parse and fromJSON read`
        : `; ${held} from ${low}n to ${high}n here, and ${value} is outside that`;
    }
    const instant = expected.startsWith("timestamp") ? timestampOfText(expected, value) : undefined;
    if (instant !== undefined) return instant;
    // 12 is a value of every type held as a bigint (a time, an unsigned integer).
    return `; ${held}, or in JSON decimal text such as "12"`;
  }
  const noSuchInstant =
    typeof value === "string" && (expected === "date" || expected === "datetime")
      ? whyNoSuchInstant(value, expected)
      : undefined;
  if (noSuchInstant !== undefined)
    return `; its form is right, but it names no ${expected === "date" ? "day" : "instant"}: ${noSuchInstant}`;
  if (typeof value === "string" && expected === "datetime")
    return "; a datetime is a Date, or UTC text as Julia and toISOString write it: 2024-05-06T07:08:09, 2024-05-06T07:08:09.123 or 2024-05-06T07:08:09.123Z";
  // A datetime as the milliseconds Date.now() and getTime() give: a Date of them is one.
  if (typeof value === "number" && expected === "datetime")
    return Number.isFinite(value)
      ? `; a datetime is a Date or UTC text, not a number: new Date(${value}) reads it as milliseconds since 1970`
      : "; a datetime is a Date or UTC text, not a number";
  // The name `SchemaVersion` says nothing of the text's form, which Legolas.jl's parse_identifier reads.
  if (expected === "SchemaVersion")
    return '; a SchemaVersion is a schema version\'s identifier, name@version such as digits-model@1 (the name of lower-case letters, digits, "." and "-"), or the chain Legolas.jl writes for a child, digits-model@1>legolas-flux.model@1';
  if (typeof value === "string" && expected === "binary")
    return "; a binary is a Uint8Array, or base64 text as btoa writes it (padding and spaces optional)";
  // describeValue has shown a Date's instant, and so its time of day.
  if (expected === "date" && (typeof value === "string" || typeof value === "number" || isDate(value)))
    return "; a date is a Date at UTC midnight, such as new Date(Date.UTC(2024, 4, 6)), or text such as 2024-05-06";
  if (typeof value === "bigint" && expected === "time")
    return " (a time is the nanoseconds since midnight, 0n to 86_399_999_999_999n)";
  // A request's body as text (await request.text()) where its parsed object is a row.
  if (typeof value === "string" && expected.endsWith(" row") && JSON_OBJECT_TEXT.test(value))
    return "; that is JSON text, not its value: pass JSON.parse(text)";
  // A float as text: its JSON form for the values JSON has no number for (fromJSON's), else a number quoted.
  if (typeof value === "string" && FLOAT_TYPE.test(expected)) {
    const special = FLOAT_TEXT[value];
    if (special !== undefined)
      return `; a ${expected} is a number here, such as ${special}: "${value}" is its JSON form, which parse and fromJSON read`;
    if (value.length <= 40 && DECIMAL_TEXT.test(value))
      return `; a ${expected} is a number, not text: pass ${Number(value)}`;
  }
  // A Weights value's JSON form (fromJSON's) given to the constructor, or a model's tensors (getWeights()).
  if (expected === "Weights" && Array.isArray(value))
    return "; Weights is a Weights value, as fetchWeights(model) gives one (new Weights([new FlatArray(vec, size), ...]) in code): an array of { vec, size } is its JSON form, which parse and fromJSON read";
  // A JSON object, or an object literal, where a map is: its entries are the pairs a map takes.
  if (expected.startsWith("map<") && isPlainObject(value)) {
    const key = typeArguments(expected)[0];
    return key === "string" || key === "symbol"
      ? "; a map is a Map, or an array of [key, value] pairs: new Map(Object.entries(value)) makes one"
      : `; a map is a Map, or an array of [key, value] pairs, whose keys are ${key}s: an object's keys are text`;
  }
  if (expected.startsWith("union<")) return memberToPass(expected, value);
  return "";
}

/**
 * A union's value is the member of its class (julia-unions.ts), so `5` is no value of
 * `union<int64, string>` at all: what to pass, said for the member the value may be meant for
 * (`5n` for the int64), where one of them has a remedy for it.
 */
function memberToPass(union: string, value: unknown): string {
  for (const member of typeArguments(union)) {
    const remedy = whatToPass(member, value);
    if (/\bpass\b|makes one/.test(remedy))
      return `; for its ${member} member${remedy.startsWith(";") ? `,${remedy.slice(1)}` : remedy}`;
  }
  return "";
}

/** The type names inside a type's name (`union<int64, list<string>>?`: `int64` and `list<string>`). */
function typeArguments(name: string): string[] {
  return splitOutsideAngles(name.slice(name.indexOf("<") + 1, name.lastIndexOf(">")), ",");
}

/** Whether `value` is an object of no class (a literal, JSON.parse's); `false` for a proxy whose getPrototypeOf trap throws. */
function isPlainObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  try {
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === null || prototype === Object.prototype;
  } catch {
    return false;
  }
}

/** The float types by name. */
const FLOAT_TYPE = /^float(16|32|64)$/;
/** The JSON form's text for the floats JSON has no number for, and the value each stands for. */
const FLOAT_TEXT: Readonly<Record<string, string>> = Object.assign(Object.create(null) as object, {
  NaN: "NaN",
  Infinity: "Infinity",
  "-Infinity": "-Infinity",
  "-0": "-0",
});
/** Decimal text of a finite number (`21.5`, `-3`, `1e-3`). */
const DECIMAL_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Text that opens a JSON object: what `JSON.stringify` of a row starts with, whitespace before it allowed. */
const JSON_OBJECT_TEXT = /^\s*\{/;

/**
 * What a timestamp is for text in a datetime's form (`2026-12-01T10:00:00Z`, as a client's JSON
 * or toISOString writes an instant), which no door reads as a timestamp, whose JSON form is its
 * count: that count, the text read as UTC as a datetime's is, or why the text names no instant;
 * `undefined` for other text, or an instant of no whole count of seconds for `timestamp<s>`.
 */
function timestampOfText(expected: string, text: string): string | undefined {
  const noSuchInstant = whyNoSuchInstant(text, "datetime");
  if (noSuchInstant !== undefined) return `; its form is a datetime's, but it names no instant: ${noSuchInstant}`;
  const instant = instantOfText(text, JULIA_FORMS.datetime);
  // `timestamp` alone counts nanoseconds; `timestamp<ms, UTC>` names its unit first.
  const unit = (expected === "timestamp" ? "ns" : typeArguments(expected)[0]) as TimestampUnit;
  if (instant === undefined || !Object.hasOwn(TIMESTAMP_UNIT_NAMES, unit)) return undefined;
  const count = timestampCount(instant.getTime(), unit);
  if (count === null) return undefined;
  return `; ${heldAsBigint(expected)}, and this text, read as UTC, is ${count}n: in JSON "${count}", its ${TIMESTAMP_UNIT_NAMES[unit]} since 1970 as decimal text`;
}

/** "a duration is a bigint", "a timestamp is a bigint or a Date": what a type held as a bigint takes. */
function heldAsBigint(expected: string): string {
  return `${withTypeArticle(expected)} is a bigint${expected.startsWith("timestamp") ? " or a Date" : ""}`;
}

/** "an int32", "a uint8", "a duration": a type's name with its article, as its name is read aloud. */
function withTypeArticle(expected: string): string {
  return `${expected.startsWith("int") ? "an" : "a"} ${expected}`;
}

/** A time's bigints: the nanoseconds of one day (convert.ts's NANOSECONDS_PER_DAY; convert.ts imports this module). */
const TIME_RANGE: readonly [bigint, bigint] = [0n, 86_399_999_999_999n];

/** The bigints a type held as bigints takes: an integer type's range, a time's, a timestamp's or duration's int64 count. */
function heldRange(expected: string): readonly [bigint, bigint] {
  if (expected === "time") return TIME_RANGE;
  const integer = INTEGER_TYPES.get(expected);
  return integer === undefined ? intRange(64, true) : integer.range;
}

/** Whether `value` is a Date; `false` for a proxy whose getPrototypeOf trap throws, as `describeValue` takes it. */
function isDate(value: unknown): boolean {
  try {
    return value instanceof Date;
  } catch {
    return false;
  }
}

/** What a string's well-formedness test expects, as its violations say (a walk's `expected`). */
export const wellFormedUnicode = "well-formed Unicode (no lone surrogate)";

/**
 * What a `symbol`'s test of NUL expects: Julia builds a Symbol with `jl_symbol_n`, which throws
 * "Symbol name may not contain \\0", so Arrow.jl cannot read such a value back.
 */
export const symbolWithoutNul = "text without NUL (Julia's Symbol cannot hold \\0)";

/** A value of its type that a constraint refused: a bigint in plain digits, its class being right (see {@link describeFound}). */
export function constraintViolated(path: string, expected: string, value: unknown): Violation {
  return {
    code: "constraint_violated",
    path,
    expected,
    found: typeof value === "bigint" ? String(value) : describeValue(value),
  };
}

export function checkFailed(path: string, message: string, error?: unknown): Violation {
  const found = error === undefined ? undefined : `an error: ${errorMessage(error)}`;
  return found === undefined
    ? { code: "check_failed", path, expected: message }
    : { code: "check_failed", path, expected: message, found };
}

/** How many violations a validator keeps; the rest are counted (10 million holes made 1.7 GB of violations). */
export const KEPT_VIOLATIONS = 1000;

/**
 * The violations of one value as validators give them: a plain array of the first
 * {@link KEPT_VIOLATIONS}, in the order they were found, and, once more were found, the number
 * of the rest in `omitted` (a non-enumerable property, absent while nothing was left out).
 * A plain array rather than a subclass: V8 builds an `Array` subclass on a slow path, which in
 * some callers' loops doubled the time of `validate` (BENCHMARKS.md).
 */
export interface Violations extends Array<Violation> {
  /** How many violations were found beyond the kept ones; absent when none were. */
  readonly omitted?: number;
}

/** Pushes `violation` onto `out`, or counts it in `out.omitted` once `out` holds {@link KEPT_VIOLATIONS}. */
export function keepViolation(out: Violation[], violation: Violation): void {
  if (out.length < KEPT_VIOLATIONS) {
    out.push(violation);
    return;
  }
  const counted = out as Violation[] & { omitted?: number };
  // Not enumerable, so that the list compares, spreads and prints as the array of what it keeps.
  if (counted.omitted === undefined)
    Object.defineProperty(out, "omitted", { value: 1, writable: true, configurable: true });
  else counted.omitted++;
}

/** How many violations `violations` stands for: its length, plus those it counted in `omitted` but did not keep. */
export function violationCount(violations: readonly Violation[]): number {
  // Not `instanceof`: generated code may have been linked to another copy of this module.
  const { omitted } = violations as { readonly omitted?: unknown };
  return violations.length + (typeof omitted === "number" ? omitted : 0);
}

/**
 * Stands for a value that could not be read from an input: its getter, or a proxy trap, threw.
 * Conversions put it where the value would be, so the validator reports it with its path.
 */
export class UnreadableValue {
  constructor(readonly error: unknown) {}
}

/**
 * Stands for a value that a conversion (such as `fromJSON`'s) refused with a reason rather than
 * pass on: the validator reports it with its path, the reason after the value's description.
 */
export class UnconvertibleValue {
  constructor(
    readonly value: unknown,
    readonly reason: string,
  ) {}
}

/**
 * Stands for a map given as an array of `[key, value]` entries (its input form), some of which
 * are no pair or could not be read: conversion puts it where the map would be, so that the
 * validator reports each such entry at its place (`counts[1]`), where the user's fault is,
 * rather than the whole field.
 */
export class UnpairedEntries {
  /** Each entry that is no pair, by its index: as it is, or the {@link UnreadableValue} of its reading. */
  constructor(readonly unpaired: readonly (readonly [index: number, entry: unknown])[]) {}
}

/** Whether `value` is an {@link UnpairedEntries}: `false` for a revoked Proxy, whose prototype `instanceof` cannot read. */
export function isUnpairedEntries(value: unknown): value is UnpairedEntries {
  try {
    return value instanceof UnpairedEntries;
  } catch {
    return false;
  }
}

/** The violation of an entry of a map's array form that is no `[key, value]` pair, at `path` (the entry's). */
export function unpairedEntry(path: string, map: string, entry: unknown): Violation {
  return incorrectType(path, unpairedEntryExpected(map), entry);
}

/** What an entry of the array form of `map` (a map type's name) should be. */
export function unpairedEntryExpected(map: string): string {
  return `a [key, value] pair of ${map}`;
}

/** What a row of one schema version should be, as its walk says it: `a digits-model@1 row`, by its own name and version. */
export function rowOfVersion(name: string, version: number): string {
  return `${indefiniteArticle(name)} ${name}@${version} row`;
}

/** What a nested record's value should be, as violations say it: `a test.child@1 row`, `an example.bar@1 row`, by its fully qualified identifier. */
export function rowOfIdentifier(identifier: string): string {
  return `${indefiniteArticle(identifier)} ${identifier} row`;
}

/** A place in a row, by its violation path, and what its value is told to be (its type, as the walk names it). */
export interface RowPlace {
  readonly path: string;
  readonly expected: string;
}

/**
 * The violation of a row whose reading threw (a hostile getter or proxy): at `place` when the
 * reading there threw (a field, a nested record's field, a list's element), saying what the value
 * there should be, as a constructor's violation of that place says; else at the row itself.
 */
export function unreadableRow(error: unknown, place?: RowPlace): Violation {
  return place === undefined
    ? { code: "incorrect_type", path: "", expected: "a row whose values can be read", found: unreadable(error) }
    : { code: "incorrect_type", path: place.path, expected: place.expected, found: unreadable(error) };
}

/** How a violation's `found` starts when the value's reading threw. */
const UNREADABLE_FOUND = "a value whose reading threw: ";

function unreadable(error: unknown): string {
  return `${UNREADABLE_FOUND}${errorMessage(error)}`;
}

/** Whether `violation` reports a value whose reading threw (see {@link unreadableRow}, {@link UnreadableValue}). */
export function reportsUnreadable(violation: Violation): boolean {
  return violation.found?.startsWith(UNREADABLE_FOUND) === true;
}

/** An error's message, safe even when the thrown value is hostile itself. */
function errorMessage(error: unknown): string {
  let message: string;
  try {
    message = String((error as Error)?.message ?? error);
  } catch {
    message = "an error that cannot be shown";
  }
  return message.length > 80 ? `${message.slice(0, 80)}…` : message;
}

/** What `JSON.stringify` escapes in a string (any surrogate here: lone ones are escaped, pairs are left to it). */
const NEEDS_JSON_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** How much of a text a message quotes: an identifier, a name read from a file, which may be of any length. */
const QUOTED_TEXT_LIMIT = 200;

/** `text` for a message: as it is, or its start and how long it is, so that a message stays short. */
export function shortText(text: string, limit = QUOTED_TEXT_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}${textCut(text)}`;
}

/** `text` in JSON's quotes for a message, cut as {@link shortText} cuts it. */
export function quotedText(text: string): string {
  return text.length <= QUOTED_TEXT_LIMIT
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, QUOTED_TEXT_LIMIT))}${textCut(text)}`;
}

function textCut(text: string): string {
  return `… (${text.length.toLocaleString("en-US")} characters)`;
}

/** A description of a value short enough for an error message, safe for any input. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return describeText(value);
    case "bigint":
      return `${value}n`;
    case "number":
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    default:
      if (value === null) return "null";
      try {
        // Inside the try: `instanceof` runs a proxy's getPrototypeOf trap, which may throw.
        if (value instanceof UnreadableValue) return unreadable(value.error);
        if (value instanceof UnconvertibleValue) return `${describeValue(value.value)} (${value.reason})`;
        if (Array.isArray(value)) {
          const hole = firstHole(value);
          return hole < 0
            ? `an array of length ${value.length}`
            : `an array of length ${value.length} with a hole at index ${hole}`;
        }
        // Which instant, since a date, datetime or timestamp refuses some: not at midnight, not a whole second.
        if (value instanceof Date) {
          const time = Date.prototype.getTime.call(value);
          return Number.isNaN(time) ? "an invalid Date" : `a Date (${new Date(time).toISOString()})`;
        }
        if (ArrayBuffer.isView(value)) {
          const name = value.constructor.name;
          const length = (value as { length?: unknown }).length;
          const described = `${name.startsWith("Int") ? "an" : "a"} ${name}`;
          return typeof length === "number" ? `${described} of length ${length}` : described;
        }
      } catch {
        return "an object";
      }
      return describeObject(value as object);
  }
}

/** The names of the runtime's own classes, which a minifier cannot rename (see {@link nameClass}). */
const CLASS_NAMES = new WeakMap<object, string>();

/**
 * Gives `constructor` the name messages call its instances by. A minified bundle renames
 * classes, so `constructor.name` of a `Weights` in a production build is `e`, and a message said
 * "found a e"; a class of the runtime that messages name is named here, once, where it is declared.
 */
export function nameClass(constructor: object, name: string): void {
  CLASS_NAMES.set(constructor, name);
}

/**
 * What messages call an instance of `constructor`: its name given by {@link nameClass} (the
 * runtime's classes; a generated row class is "digits-model@1 row", its schema version, as its
 * class name is not kept either), else `constructor.name` (the platform's classes, an app's own).
 */
function classNameOf(constructor: { name?: unknown } | undefined): unknown {
  if (constructor === undefined || constructor === null) return undefined;
  return CLASS_NAMES.get(constructor) ?? constructor.name;
}

/**
 * "a" or "an" before `word`, by its first sound as English reads it: "an" before a vowel, except
 * where it sounds like a consonant (a unit, a user, a euro, a one-off). A generated validator's
 * expected text ("an example.bar@1 row") and a found row's description use it alike.
 */
export function indefiniteArticle(word: string): "a" | "an" {
  return /^(?:[ai]|e(?!u)|o(?!ne)|u(?!n[aeiou]|s[aeiu]|r[aeiou]|ti|k))/i.test(word) ? "an" : "a";
}

/** "a Map", "an Error": a class's name with its article (a name {@link nameClass} gave, by its sound: "an example.bar@1 row"). */
function withArticle(constructor: unknown, name: string): string {
  if (CLASS_NAMES.has(constructor as object)) return `${indefiniteArticle(name)} ${name}`;
  return `${/^[AEIO]/.test(name) ? "an" : "a"} ${name}`;
}

/** How many UTF-16 units of a string a description shows; the rest is cut, `…` in its place. */
const SHOWN_TEXT = 40;

/**
 * A string as `describeValue` gives it: JSON's quoting of its first {@link SHOWN_TEXT} units,
 * `…` after them when there were more, then ` (a string)`. The `JSON.stringify` call is skipped
 * where it would only add the quotes (most values), and the escapes are looked for in the units
 * shown before `…` is put after them (`…` is never escaped), so that a long text is not copied
 * into a joined string only to be searched.
 */
function describeText(value: string): string {
  if (value.length <= SHOWN_TEXT)
    return NEEDS_JSON_ESCAPE.test(value) ? `${JSON.stringify(value)} (a string)` : `"${value}" (a string)`;
  const shown = value.slice(0, SHOWN_TEXT);
  if (!NEEDS_JSON_ESCAPE.test(shown)) return `"${shown}…" (a string)`;
  // JSON.stringify(shown + "…") is JSON.stringify(shown) with `…` before its closing quote: `…`
  // is no low surrogate, so a high one that ends `shown` is as lone after it as before.
  const quoted = JSON.stringify(shown);
  return `${quoted.slice(0, -1)}…" (a string)`;
}

function describeObject(value: object): string {
  try {
    const prototype: unknown = Object.getPrototypeOf(value);
    const plain = prototype === null || prototype === Object.prototype;
    const constructor = plain ? undefined : (prototype as { constructor?: { name?: unknown } }).constructor;
    const name: unknown = plain ? null : classNameOf(constructor);
    const described = typeof name === "string" && name !== "" ? withArticle(constructor, name) : "an object";
    // A Weights (or its structured clone) that is no longer whole: say why, not only "found a Weights".
    const weights = name === "Weights" || (plain && "arrays" in value) ? weightsProblem(value) : null;
    return weights === null ? described : `${described} (${weights})`;
  } catch {
    return "an object";
  }
}

/** What is wrong, without where: `expected int64, found "x" (a string)`. */
export function violationMessage(violation: Violation): string {
  const found = violation.found === undefined ? "" : `, found ${violation.found}`;
  switch (violation.code) {
    case "missing_field":
      return `required field is missing (expected ${violation.expected})${found}`;
    case "incorrect_type":
      return `expected ${violation.expected}${found}`;
    case "constraint_violated":
      return `must be ${violation.expected}${found}`;
    case "check_failed":
      return `check failed: ${violation.expected}${found}`;
  }
}

function renderViolation(violation: Violation): string {
  return `${violation.path === "" ? "row" : violation.path}: ${violationMessage(violation)}`;
}

/** How many violations a message lists; the rest are counted, so a message stays short whatever the input. */
export const LISTED_VIOLATIONS = 20;

/**
 * Violations as a bullet list, one per line, in the order they were found: the first
 * {@link LISTED_VIOLATIONS}, then a line counting the rest, those beyond {@link KEPT_VIOLATIONS}
 * (counted in `omitted`, never kept) included.
 */
export function renderViolations(violations: readonly Violation[]): string {
  const lines: string[] = [];
  for (let k = 0; k < Math.min(violations.length, LISTED_VIOLATIONS); k++)
    lines.push(`  - ${renderViolation(violations[k]!)}`);
  const rest = violationCount(violations) - lines.length;
  if (rest > 0) lines.push(`  ... and ${rest.toLocaleString("en-US")} more`);
  return lines.join("\n");
}

/**
 * `describeValue` and `whatToPass` were made cheaper on the invalid path (fast paths for common
 * values, fewer `RegExp` calls) without changing a byte of what they say: here each is compared,
 * over arbitrary values, with the version before that change, kept below as the reference
 * (runtime/violations.ts at 7170055, verbatim but for its imports, with what whatToPass has
 * said since: 348a37a's ranges for decimal text, a number's advice for the non-integer
 * types held as bigints and for `period`, and for a date or datetime; JSON text where a row is;
 * for a number outside ±(2^53-1), what it reads as and its JSON form; an array where Weights go;
 * the part out of range of a date or datetime in its form that names none; a fraction's whole
 * numbers where an integer type is; a narrow integer's decimal text).
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { firstHole } from "../../runtime/arrays.js";
import { whyNoSuchInstant } from "../../runtime/calendar-text.js";
import { LARGEST_FINITE } from "../../runtime/float-ranges.js";
import { INTEGER_TEXT, type IntBits, intRange } from "../../runtime/int-ranges.js";
import { describeValue, UnconvertibleValue, UnreadableValue, whatToPass } from "../../runtime/violations.js";
import { FlatArray, Weights } from "../../runtime/weights/weights.js";
import { weightsProblem } from "../../runtime/weights-shape.js";

// ---- The reference: the code before the change. ----

const NEEDS_JSON_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
const HELD_AS_BIGINT = /^(u?int(64|128)|timestamp|duration|time|period)\b/;
const INTEGER = /^(u?)int(8|16|32|64|128)$/;

function referenceWhatToPass(expected: string, value: unknown): string {
  if (
    typeof value === "number" &&
    Number.isInteger(value) &&
    !Number.isSafeInteger(value) &&
    HELD_AS_BIGINT.test(expected)
  )
    return ` (a number outside ±(2^53-1), where integers lose their last digits: it reads as ${BigInt(value)}; pass the integer as a bigint, such as ${BigInt(value)}n, or in JSON as decimal text, such as "${BigInt(value)}")`;
  const integer = typeof value === "number" || typeof value === "bigint" ? INTEGER.exec(expected) : null;
  if (integer !== null) {
    const [low, high] = intRange(Number(integer[2]) as IntBits, integer[1] === "");
    const number = value as number | bigint;
    if (typeof number === "number" && Number.isFinite(number) && !Number.isInteger(number))
      return ` (${expected} holds whole numbers only)`;
    const inRange = (typeof number === "bigint" || Number.isInteger(number)) && number >= low && number <= high;
    if (inRange && typeof number === "number") return ` (${expected} is held as a bigint: pass ${number}n)`;
    if (inRange) return ` (${expected} is held as a number: pass ${number}, not ${number}n)`;
    return ` (${expected} holds the integers ${low} to ${high})`;
  }
  if (typeof value === "number" && HELD_AS_BIGINT.test(expected)) {
    const held = `${expected.startsWith("int") ? "an" : "a"} ${expected} is a bigint${expected.startsWith("timestamp") ? " or a Date" : ""}`;
    if (!Number.isInteger(value)) return `; ${held}`;
    const [low, high] = referenceHeldRange(expected);
    return value >= low && value <= high ? ` (${held}: pass ${value}n)` : ` (${held} from ${low}n to ${high}n)`;
  }
  if (typeof value === "number" && Number.isFinite(value) && (expected === "float32" || expected === "float16"))
    return ` (beyond ${expected}'s range, ±${LARGEST_FINITE[expected === "float32" ? 32 : 16]}: it would be an infinity)`;
  const narrow = typeof value === "string" && !HELD_AS_BIGINT.test(expected) ? INTEGER.exec(expected) : null;
  if (narrow !== null && INTEGER_TEXT.test(value as string)) {
    const [low, high] = intRange(Number(narrow[2]) as IntBits, narrow[1] === "");
    const article = expected.startsWith("int") ? "an" : "a";
    return BigInt(value as string) >= low && BigInt(value as string) <= high
      ? `; ${article} ${expected} is a number, not text: pass ${Number(value)}`
      : `; ${article} ${expected} is a number from ${low} to ${high}, not text, and ${value} is outside that`;
  }
  if (typeof value === "string" && HELD_AS_BIGINT.test(expected)) {
    const held = `${expected.startsWith("int") ? "an" : "a"} ${expected} is a bigint${expected.startsWith("timestamp") ? " or a Date" : ""}`;
    if (value.length <= 40 && INTEGER_TEXT.test(value)) {
      const [low, high] = referenceHeldRange(expected);
      const number = BigInt(value);
      return number >= low && number <= high
        ? `; ${held} here, such as ${value}n: decimal text is its JSON form, which parse and fromJSON read`
        : `; ${held} from ${low}n to ${high}n here, and ${value} is outside that`;
    }
    return `; ${held}, or in JSON decimal text such as "12"`;
  }
  if (typeof value === "string" && (expected === "date" || expected === "datetime")) {
    const noSuchInstant = whyNoSuchInstant(value, expected);
    if (noSuchInstant !== undefined)
      return `; its form is right, but it names no ${expected === "date" ? "day" : "instant"}: ${noSuchInstant}`;
  }
  if (typeof value === "string" && expected === "datetime")
    return "; a datetime is a Date, or UTC text as Julia and toISOString write it: 2024-05-06T07:08:09, 2024-05-06T07:08:09.123 or 2024-05-06T07:08:09.123Z";
  if (typeof value === "number" && expected === "datetime")
    return Number.isFinite(value)
      ? `; a datetime is a Date or UTC text, not a number: new Date(${value}) reads it as milliseconds since 1970`
      : "; a datetime is a Date or UTC text, not a number";
  if (typeof value === "string" && expected === "binary")
    return "; a binary is a Uint8Array, or base64 text as btoa writes it (padding and spaces optional)";
  if (expected === "date" && (typeof value === "string" || typeof value === "number" || isDate(value)))
    return "; a date is a Date at UTC midnight, such as new Date(Date.UTC(2024, 4, 6)), or text such as 2024-05-06";
  if (typeof value === "bigint" && expected === "time")
    return " (a time is the nanoseconds since midnight, 0n to 86_399_999_999_999n)";
  if (typeof value === "string" && expected.endsWith(" row") && /^\s*\{/.test(value))
    return "; that is JSON text, not its value: pass JSON.parse(text)";
  // A float as text: its JSON form for the values JSON has no number for (fromJSON's), else a number quoted.
  if (typeof value === "string" && FLOAT_TYPE.test(expected)) {
    const special = FLOAT_TEXT[value];
    if (special !== undefined)
      return `; a ${expected} is a number here, such as ${special}: "${value}" is its JSON form, which parse and fromJSON read`;
    if (value.length <= 40 && DECIMAL_TEXT.test(value))
      return `; a ${expected} is a number, not text: pass ${Number(value)}`;
  }
  if (expected === "Weights" && Array.isArray(value))
    return "; Weights is a Weights value, as fetchWeights(model) gives one (new Weights([new FlatArray(vec, size), ...]) in code): an array of { vec, size } is its JSON form, which parse and fromJSON read";
  return "";
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

function referenceHeldRange(expected: string): readonly [bigint, bigint] {
  if (expected === "time") return [0n, 86_399_999_999_999n];
  const integer = INTEGER.exec(expected);
  return integer === null ? intRange(64, true) : intRange(Number(integer[2]) as IntBits, integer[1] === "");
}

function isDate(value: unknown): boolean {
  try {
    return value instanceof Date;
  } catch {
    return false;
  }
}

function unreadable(error: unknown): string {
  return `a value whose reading threw: ${errorMessage(error)}`;
}

function errorMessage(error: unknown): string {
  let message: string;
  try {
    message = String((error as Error)?.message ?? error);
  } catch {
    message = "an error that cannot be shown";
  }
  return message.length > 80 ? `${message.slice(0, 80)}…` : message;
}

function referenceDescribeValue(value: unknown): string {
  switch (typeof value) {
    case "string": {
      const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      return `${NEEDS_JSON_ESCAPE.test(shown) ? JSON.stringify(shown) : `"${shown}"`} (a string)`;
    }
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
        if (value instanceof UnreadableValue) return unreadable(value.error);
        if (value instanceof UnconvertibleValue) return `${referenceDescribeValue(value.value)} (${value.reason})`;
        if (Array.isArray(value)) {
          const hole = firstHole(value);
          return hole < 0
            ? `an array of length ${value.length}`
            : `an array of length ${value.length} with a hole at index ${hole}`;
        }
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
      return referenceDescribeObject(value as object);
  }
}

function referenceDescribeObject(value: object): string {
  try {
    const prototype: unknown = Object.getPrototypeOf(value);
    const plain = prototype === null || prototype === Object.prototype;
    const name: unknown = plain ? null : (prototype as { constructor?: { name?: unknown } }).constructor?.name;
    const described =
      typeof name === "string" && name !== "" ? `${/^[AEIO]/.test(name) ? "an" : "a"} ${name}` : "an object";
    const weights = name === "Weights" || (plain && "arrays" in value) ? weightsProblem(value) : null;
    return weights === null ? described : `${described} (${weights})`;
  } catch {
    return "an object";
  }
}

// ---- Arbitrary values. ----

/** Text of every kind: any UTF-16 (lone surrogates too), the units JSON escapes, and lengths about the cut at 40. */
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.string({
    unit: fc.constantFrom(
      "a",
      "0",
      "-",
      " ",
      '"',
      "\\",
      "\n",
      "\u0000",
      "\u001f",
      "\u007f",
      "\u2026",
      "\u2028",
      "\ud800",
      "\udbff",
      "\udc00",
      "😀",
      "é",
    ),
    minLength: 30,
    maxLength: 50,
  }),
  fc.integer({ min: 0, max: 200 }).map((n) => "x".repeat(n)),
  fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom("\ud83d", "\ude00", "😀", '"', "\n", "…"))
    .map(([n, tail]) => `${"a".repeat(n)}${tail}${"b".repeat(n % 7)}`),
);

const number = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    Number.NaN,
    Infinity,
    -Infinity,
    2 ** 53,
    -(2 ** 53) - 2,
    1e21,
    1e-7,
    5e-324,
    3.4028234663852886e38,
    65504,
    65505,
  ),
);

const bigint = fc.oneof(
  fc.bigInt(),
  fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
  fc.constantFrom(0n, -1n, 86_400_000_000_000n),
);

const plainValue = fc.oneof(
  text,
  number,
  bigint,
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.date({ noInvalidDate: false }),
);

function holey(length: number, hole: number): unknown[] {
  const array = new Array<unknown>(length).fill(1);
  delete array[hole];
  return array;
}

const objectValue = fc.oneof(
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.integer({ min: 1, max: 9 }).chain((n) => fc.integer({ min: 0, max: n - 1 }).map((hole) => holey(n, hole))),
  fc.constantFrom(
    new Float32Array(3),
    new Int8Array(2),
    new BigInt64Array(1),
    new Uint8Array(0),
    new DataView(new ArrayBuffer(4)),
    new Map(),
    new Set([1]),
    /re/,
    new Error("e"),
    Object.create(null),
    {},
    { arrays: [] },
    new Weights([new FlatArray(Float32Array.of(1, 2), [2])]),
    (() => {
      const broken = new Weights([new FlatArray(Float32Array.of(1, 2), [2])]);
      (broken as unknown as { arrays: unknown }).arrays = [1];
      return broken;
    })(),
    (() => {}) as unknown,
    Symbol("s"),
    new (class Orange {})(),
    new (class {})(),
    new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error("trap");
        },
      },
    ),
    new UnreadableValue(new Error("getter threw")),
    new UnreadableValue("x".repeat(100)),
  ),
  fc.object(),
);

const anyValue = fc.oneof(
  plainValue,
  objectValue,
  fc.tuple(plainValue, fc.string({ maxLength: 20 })).map(([value, reason]) => new UnconvertibleValue(value, reason)),
);

/** The names validators give types (and some they do not), each of the first letters `whatToPass` tells apart. */
const expected = fc.oneof(
  fc.constantFrom(
    "int8",
    "int16",
    "int32",
    "int64",
    "int128",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uint128",
    "float16",
    "float32",
    "float64",
    "string",
    "bool",
    "binary",
    "date",
    "datetime",
    "time",
    "timestamp<ms>",
    "timestamp<ns, UTC>",
    "duration<s>",
    "period",
    "periods",
    "p",
    "list<float32>",
    "a bench.reading@1 row",
    "int",
    "uint",
    "int64x",
    "int6",
    "integer",
    "times",
    "time<us>",
    "",
    "i",
    "u",
    "t",
    "d",
  ),
  fc.string({ maxLength: 12 }),
);

test("describeValue says of every value what it said before it was made cheaper", () => {
  fc.assert(
    fc.property(anyValue, (value) => {
      expect(describeValue(value)).toBe(referenceDescribeValue(value));
    }),
    { numRuns: 20_000 },
  );
});

test("describeValue of text near and past the cut, escapes and lone surrogates either side of it", () => {
  for (let n = 0; n <= 45; n++) {
    for (const unit of ["a", '"', "\\", "\n", "\ud800", "\udc00", "😀", "…", "\u2028"]) {
      for (const value of [
        unit.repeat(n),
        `${"a".repeat(n)}${unit}`,
        `${unit}${"a".repeat(n)}`,
        `${"a".repeat(39)}${unit}${"b".repeat(n)}`,
      ]) {
        expect(describeValue(value), JSON.stringify(value)).toBe(referenceDescribeValue(value));
      }
    }
  }
});

test("whatToPass says for every type name and value what it said before", () => {
  fc.assert(
    fc.property(expected, anyValue, (name, value) => {
      expect(whatToPass(name, value)).toBe(referenceWhatToPass(name, value));
    }),
    { numRuns: 20_000 },
  );
});

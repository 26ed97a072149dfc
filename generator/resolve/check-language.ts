/**
 * The words of the row-check language (docs/schemas.md, "Row checks"): which names a check may
 * use and which functions it may call. Everything here is a pure function of its arguments that
 * calls no argument back, so a check can only compute a value from the row: no code it could
 * reach runs anything but these (no `constructor`, no globals, no callbacks), and its work is
 * bounded by its own length times the row's size. Left out on purpose: `Math.random` and `Date`
 * reads (not pure), `repeat`/`padStart`/`padEnd` (one call allocates what its argument asks),
 * `BigInt(text)` (quadratic in a long digit string), regular expressions (backtracking; a field's
 * `pattern:` constraint is matched safely), and every method that takes a callback.
 */

/** The tail of every refusal: where the language is described. */
export const CHECK_LANGUAGE_REFERENCE = 'see "Row checks" in docs/schemas.md';

/** Names a check may use as values: the row and three constants. */
export const VALUE_NAMES: ReadonlySet<string> = new Set(["row", "undefined", "NaN", "Infinity"]);

/** Global functions a check may call: conversions and tests of one value. */
export const GLOBAL_FUNCTIONS: ReadonlySet<string> = new Set(["String", "Number", "Boolean", "isFinite", "isNaN"]);

/** `Namespace.member` a check may call, by namespace. */
export const NAMESPACE_FUNCTIONS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    "Math",
    new Set([
      "abs",
      "sign",
      "min",
      "max",
      "floor",
      "ceil",
      "round",
      "trunc",
      "fround",
      "sqrt",
      "cbrt",
      "hypot",
      "pow",
      "exp",
      "expm1",
      "log",
      "log1p",
      "log2",
      "log10",
      "sin",
      "cos",
      "tan",
      "asin",
      "acos",
      "atan",
      "atan2",
      "sinh",
      "cosh",
      "tanh",
    ]),
  ],
  ["Number", new Set(["isFinite", "isInteger", "isSafeInteger", "isNaN"])],
  ["Array", new Set(["isArray"])],
  ["ArrayBuffer", new Set(["isView"])],
  ["Object", new Set(["keys", "values", "entries"])],
  ["Date", new Set(["UTC"])],
  ["String", new Set(["fromCharCode", "fromCodePoint"])],
]);

/** `Namespace.member` a check may read as a value, by namespace. */
export const NAMESPACE_CONSTANTS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["Math", new Set(["E", "PI", "LN2", "LN10", "LOG2E", "LOG10E", "SQRT2", "SQRT1_2"])],
  [
    "Number",
    new Set([
      "EPSILON",
      "MAX_SAFE_INTEGER",
      "MIN_SAFE_INTEGER",
      "MAX_VALUE",
      "MIN_VALUE",
      "POSITIVE_INFINITY",
      "NEGATIVE_INFINITY",
      "NaN",
    ]),
  ],
]);

/**
 * Methods a check may call on a value (`row.name.startsWith("a")`), by name: those of strings,
 * arrays and typed arrays, sets and maps, numbers and dates that read their receiver and take no
 * callback.
 */
export const METHODS: ReadonlySet<string> = new Set([
  // strings
  "at",
  "charAt",
  "charCodeAt",
  "codePointAt",
  "endsWith",
  "includes",
  "indexOf",
  "isWellFormed",
  "lastIndexOf",
  "normalize",
  "slice",
  "split",
  "startsWith",
  "substring",
  "toLowerCase",
  "toUpperCase",
  "trim",
  "trimEnd",
  "trimStart",
  // arrays and typed arrays (at, includes, indexOf, lastIndexOf, slice above)
  "join",
  // sets and maps (set<T>, map<K, V>; their `size` is a property)
  "has",
  "get",
  // numbers, bigints and every value
  "toFixed",
  "toString",
  "valueOf",
  // dates (UTC only: a check means the same on every machine)
  "getTime",
  "getUTCDate",
  "getUTCDay",
  "getUTCFullYear",
  "getUTCHours",
  "getUTCMilliseconds",
  "getUTCMinutes",
  "getUTCMonth",
  "getUTCSeconds",
  "toISOString",
]);

/**
 * Property names a check may never read, by any route (`x.constructor`, `x["__proto__"]`): they
 * lead from a value to the code behind it (`row.id.constructor.constructor` is `Function`). A
 * field named `constructor` is the property `constructor$` (runtime/field-names.ts), which is
 * allowed; a field named `prototype` cannot be read by a check.
 */
export const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set([
  "constructor",
  "prototype",
  "__proto__",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);

/** The longest check accepted, in characters: a check is one line of logic, not a program. */
export const MAX_CHECK_LENGTH = 2000;

/** How deeply a check's syntax may nest (parentheses, operators, calls). */
export const MAX_CHECK_DEPTH = 64;

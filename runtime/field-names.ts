/**
 * Field names: the one home of the rule for what a field may be called and of how a field name
 * becomes a TypeScript property. The parser, the emitter, the table I/O and the editor JSON
 * Schema (legolas-schema.json, held equal to {@link FIELD_NAME_PATTERN} by a test) all use it.
 *
 * A field name is what Legolas.jl accepts in `@version`: a Julia identifier (`Base.isidentifier`,
 * whose character classes are `jl_id_start_char` / `jl_id_char` in Julia's
 * src/flisp/julia_extensions.c), not a Julia keyword, not starting with `_` (Legolas.jl
 * src/schemas.jl: "cannot have field name which start with an underscore"), and in the form
 * Julia's parser gives every identifier: Unicode NFC, with the few characters it replaces beside
 * (the micro sign µ by the Greek μ, ...) already replaced. So `σ²`, `μ₀`, `x′`, `x!` and
 * `constructor` are field names; `$x`, `_x`, `end`, `a-b` and `µs` (micro sign) are not.
 *
 * The Arrow column is always the name verbatim. The TypeScript property is the name too, quoted
 * where it is not a JavaScript identifier (`row["x!"]`), except for the names a row class
 * instance cannot hold as plain data, which get a `$` appended (as protobuf-es does for its
 * reserved object properties): the members every object inherits from Object.prototype
 * (`constructor`, which a class cannot declare; `toString`, `valueOf`, `hasOwnProperty`, ...,
 * which code calls on any object, and which would make every object literal miss the field in
 * TypeScript's eyes) and `toJSON` (the row's JSON form). A Julia identifier never contains `$`,
 * so an escaped name never meets a real one; Object.prototype's other members start with `_`,
 * which Legolas forbids in fields, and which an inline struct's child (a NamedTuple's field, free
 * of that rule) may not be named ({@link structChildNameProblem}).
 */

/** Characters that may start a Julia identifier (beyond ASCII letters and `_`). */
const START_CLASS =
  "A-Za-z_\\p{Lu}\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}\\p{Nl}\\p{Sc}\\p{So}" +
  // The math symbols (category Sm) Julia allows in identifiers: ∂ ∅ ∆ ∇ ∑ ∞ ∫ ⊤ ⋮ ...
  "\\u2140-\\u2144\\u223F\\u22BE\\u22BF\\u22A4\\u22A5\\u22EE-\\u22F1\\u2202\\u2205-\\u2207\\u220E-\\u2211\\u221E\\u221F" +
  "\\u222B-\\u2233\\u22C0-\\u22C3\\u25F8-\\u25FF\\u266F\\u27D8\\u27D9\\u27C0-\\u27C2\\u29B0-\\u29B4\\u2A00-\\u2A06" +
  "\\u2A09-\\u2A16\\u2A1B\\u2A1C" +
  "\\u{1D6C1}\\u{1D6DB}\\u{1D6FB}\\u{1D715}\\u{1D735}\\u{1D74F}\\u{1D76F}\\u{1D789}\\u{1D7A9}\\u{1D7C3}" +
  // super- and subscript + - = ( ), angle symbols, Other_ID_Start, bold and double-struck digits
  "\\u207A-\\u207E\\u208A-\\u208E\\u2220-\\u2222\\u299B-\\u29AF\\u2118\\u212E\\u309B\\u309C\\u{1D7CE}-\\u{1D7E1}";

/** Characters that may continue one: the above, digits, `!`, marks, primes and a few more. */
const CONTINUE_CLASS =
  START_CLASS +
  "0-9!\\p{Mn}\\p{Mc}\\p{Nd}\\p{Pc}\\p{Sk}\\p{Me}\\p{No}\\u2032-\\u2037\\u2057\\u0387\\u19DA\\u1369-\\u1371";

/**
 * What the classes above let through that Julia does not: ASCII `$`, `^` and backtick (currency
 * and modifier symbols below U+00A1), the broken bar, arrows, the replacement characters and
 * "not slash" (excluded from category So in julia_extensions.c).
 */
const NEVER = "[$^\\x60\\u00A6\\u2190-\\u21FF\\u233F\\uFFFC\\uFFFD]";

/**
 * The letters Julia's parser replaces in an identifier, beside NFC (`Base.Unicode.julia_chartransform`,
 * the `charmap` of src/flisp/julia_extensions.c; ℏ since Julia 1.10): a Julia `µs::Int64`,
 * typed with the micro sign, declares the field `μs` with the Greek mu, and that is the column
 * name Arrow.jl writes and Legolas.jl looks for. (The table's other entries, the middle dots and
 * the minus sign, are no identifier characters.)
 */
const JULIA_REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ["\u025B", "\u03B5"], // ɛ, Latin small letter open e: ε
  ["\u00B5", "\u03BC"], // µ, micro sign: μ
  ["\u210F", "\u0127"], // ℏ, Planck constant over two pi: ħ
]);

/** Any of the letters Julia replaces, as a pattern (of escapes, for the JSON Schema). */
const REPLACED = `[${[...JULIA_REPLACEMENTS.keys()].map((char) => `\\u${hex(char)}`).join("")}]`;
const REPLACED_CHARACTER = new RegExp(REPLACED, "u");
const REPLACED_CHARACTERS = new RegExp(REPLACED, "gu");

/** Julia's reserved words: `end::Int` is not a field declaration. */
export const JULIA_KEYWORDS: ReadonlySet<string> = new Set([
  "baremodule",
  "begin",
  "break",
  "catch",
  "const",
  "continue",
  "do",
  "else",
  "elseif",
  "end",
  "export",
  "false",
  "finally",
  "for",
  "function",
  "global",
  "if",
  "import",
  "let",
  "local",
  "macro",
  "module",
  "quote",
  "return",
  "struct",
  "true",
  "try",
  "using",
  "while",
]);

/** Object.prototype's members that start with `_`: no data property of a plain object. */
const PROTOTYPE_UNDERSCORED: ReadonlySet<string> = new Set([
  "__proto__",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);

/** The identifier rule of field names and struct children, as a pattern: all but the anchors and NFC. */
const IDENTIFIER_PATTERN = `(?!(?:${[...JULIA_KEYWORDS].join("|")})$)(?!.*${NEVER})(?!.*${REPLACED})[${START_CLASS}][${CONTINUE_CLASS}]*`;

/**
 * The field-name rule as one regular expression (with the `u` flag) for JSON Schema's `pattern`;
 * only NFC, which a pattern cannot express, is left to {@link fieldNameProblem}.
 */
export const FIELD_NAME_PATTERN = `^(?!_)${IDENTIFIER_PATTERN}$`;

/**
 * {@link structChildNameProblem}'s rule as a pattern, as {@link FIELD_NAME_PATTERN} is
 * {@link fieldNameProblem}'s.
 */
export const STRUCT_CHILD_NAME_PATTERN = `^(?!(?:${[...PROTOTYPE_UNDERSCORED].join("|")})$)${IDENTIFIER_PATTERN}$`;

const JULIA_IDENTIFIER = new RegExp(`^(?!.*${NEVER})[${START_CLASS}][${CONTINUE_CLASS}]*$`, "u");

/** Why `name` cannot be a field name, as a sentence fragment; `null` when it can. */
export function fieldNameProblem(name: string): string | null {
  if (name.startsWith("_")) return `must not start with "_" (Legolas reserves those)`;
  return identifierProblem(name);
}

/**
 * Why `name` cannot name an inline struct's child, as a sentence fragment; `null` when it can. A
 * struct is a Julia NamedTuple, whose field names are any identifier: Legolas.jl forbids a leading
 * `_` in `@version` fields only, since it names its record types' parameters so (`_X` for a
 * parameterized `x`). A struct value is a plain object, so the members of Object.prototype that
 * start with `_` (`__proto__`, ...) cannot be its data.
 */
export function structChildNameProblem(name: string): string | null {
  if (PROTOTYPE_UNDERSCORED.has(name))
    return "is a member of every JavaScript object (Object.prototype), which a struct value cannot hold as data";
  return identifierProblem(name);
}

/** What a field name and a struct child's share: a Julia identifier as Julia's parser gives it. */
function identifierProblem(name: string): string | null {
  if (JULIA_KEYWORDS.has(name)) return "is a Julia keyword";
  if (!JULIA_IDENTIFIER.test(name))
    return 'must be a Julia identifier (letters, digits, "_", "!", primes; no "$" or "-")';
  const nfc = name.normalize("NFC");
  if (nfc !== name) return `must be in Unicode NFC, as Julia reads it: write ${JSON.stringify(nfc)}`;
  const replaced = REPLACED_CHARACTER.exec(name)?.[0];
  if (replaced !== undefined) {
    // Julia replaces, then composes: ɛ and a combining acute become έ.
    const julias = name.replace(REPLACED_CHARACTERS, (char) => JULIA_REPLACEMENTS.get(char)!).normalize("NFC");
    const replacement = JULIA_REPLACEMENTS.get(replaced)!;
    return (
      `must be written as Julia reads it, with ${replacement} (U+${hex(replacement)}) for ${replaced} ` +
      `(U+${hex(replaced)}): write ${JSON.stringify(julias)}`
    );
  }
  return null;
}

function hex(char: string): string {
  return char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * Field names a row class instance cannot hold as data: their properties get a `$` appended.
 * Spelled out rather than read from Object.prototype, so every engine maps names the same way.
 */
const ESCAPED = [
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
  "toJSON",
] as const;
export const ESCAPED_FIELD_NAMES: ReadonlySet<string> = new Set(ESCAPED);

/** A field name whose property is escaped: `toString`, held as `toString$`. */
export type EscapedFieldName = (typeof ESCAPED)[number];

/** The TypeScript property that holds field `name` in rows, inputs and struct values. */
export function propertyKey(name: string): string {
  return ESCAPED_FIELD_NAMES.has(name) ? `${name}$` : name;
}

/**
 * How the object holding a struct's values keys its children: a record's as its row class's
 * properties ({@link propertyKey}); an `any` value's struct by its own names, since they are the
 * keys of the plain object that was written (where `toString` is data, not a method).
 */
export const structKeys = {
  property: propertyKey,
  own: (name: string): string => name,
} as const;

/**
 * An `any` value's struct child `name` ({@link structKeys}' `own`): the object's own key only, so
 * that an object lacking `constructor` or `toString` holds none (a missing value), not the method
 * Object.prototype has.
 */
export function ownValue(value: object, name: string): unknown {
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/** {@link propertyKey} in types: the property of column `Name`. */
export type FieldProperty<Name extends string> = Name extends EscapedFieldName ? `${Name}$` : Name;

/**
 * The field name (the column) held under property `Key`: the inverse of {@link FieldProperty},
 * sound because a Julia name never contains `$`.
 */
export type FieldNameOf<Key extends string> = Key extends `${infer Name extends EscapedFieldName}$` ? Name : Key;

const JS_IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/** `true` when `key` can be written unquoted as a JavaScript property name (`row.key`). */
export function isPlainPropertyKey(key: string): boolean {
  return JS_IDENTIFIER.test(key);
}

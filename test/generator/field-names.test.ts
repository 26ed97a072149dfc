/**
 * runtime/field-names.ts: which names a field may have (Julia's `Base.isidentifier`, minus Julia's
 * keywords and Legolas's leading `_`, in NFC), which an inline struct's child may have (a
 * leading `_` too: a NamedTuple's names are any identifier), and the TypeScript property each one gets.
 */
import { describe, expect, test } from "vitest";
import {
  FIELD_NAME_PATTERN,
  fieldNameProblem,
  propertyKey,
  STRUCT_CHILD_NAME_PATTERN,
  structChildNameProblem,
} from "../../runtime/field-names.js";

const ALLOWED = [
  "x",
  "σ²",
  "μ₀",
  "x′",
  "x″",
  "x!",
  "∂x",
  "∇f",
  "ℌ𝔢𝔩𝔩𝔬",
  "🙂",
  "größe",
  "ñ",
  "x_1",
  "αβγ",
  "constructor",
  "prototype",
  "toString",
  "toJSON",
  "then",
  "static",
  "new",
  "in",
  "isa",
  "x⁺",
  "x\u0301",
  "μs",
  "ε",
  "ħ",
];
const REFUSED = [
  "",
  "_x",
  "__proto__",
  "$x",
  "x$",
  "a-b",
  "1x",
  "x y",
  "x.y",
  "end",
  "quote",
  "begin",
  "true",
  "function",
  "x^2",
  "→x",
  "x→",
  "¦",
  "é".normalize("NFD"),
  "'x",
  "x'",
  "x\ud800",
  "\u00B5s",
  "\u025B",
  "\u210F",
];

describe("field names", () => {
  test.each(ALLOWED)("%s is a field name", (name) => expect(fieldNameProblem(name)).toBeNull());
  test.each(REFUSED)("%j is not", (name) => expect(fieldNameProblem(name)).not.toBeNull());

  test("the JSON Schema pattern agrees with the rule on every name above that is in NFC", () => {
    const pattern = new RegExp(FIELD_NAME_PATTERN, "u");
    for (const name of [...ALLOWED, ...REFUSED].filter((n) => n.normalize("NFC") === n)) {
      expect(pattern.test(name), name).toBe(fieldNameProblem(name) === null);
    }
  });

  test("messages say what to fix", () => {
    expect(fieldNameProblem("_x")).toBe('must not start with "_" (Legolas reserves those)');
    expect(fieldNameProblem("end")).toBe("is a Julia keyword");
    expect(fieldNameProblem("é".normalize("NFD"))).toBe('must be in Unicode NFC, as Julia reads it: write "é"');
  });

  test("a character Julia's parser replaces (a µs::Int64 declares the field μs, with the Greek mu) is refused, saying what Julia reads", () => {
    expect(fieldNameProblem("\u00B5s")).toBe(
      'must be written as Julia reads it, with \u03BC (U+03BC) for \u00B5 (U+00B5): write "\u03BCs"',
    );
    expect(fieldNameProblem("\u025Bx\u00B5")).toBe(
      'must be written as Julia reads it, with \u03B5 (U+03B5) for \u025B (U+025B): write "\u03B5x\u03BC"',
    );
    expect(fieldNameProblem("\u025B\u0301")).toContain('write "\u03AD"');
  });
});

describe("struct children: a NamedTuple's names, which Legolas.jl leaves free of its rule on a leading _", () => {
  test("a struct child may start with _, and is otherwise named as a field is", () => {
    expect(["_id", "__x", "_"].map(structChildNameProblem)).toEqual([null, null, null]);
    for (const name of [...ALLOWED, ...REFUSED].filter((n) => !n.startsWith("_")))
      expect(structChildNameProblem(name), name).toBe(fieldNameProblem(name));
  });

  test("but for Object.prototype's members, which no plain object holds as data", () => {
    const underscored = Object.getOwnPropertyNames(Object.prototype).filter((name) => name.startsWith("_"));
    expect(underscored.map(structChildNameProblem)).toEqual(
      underscored.map(
        () => "is a member of every JavaScript object (Object.prototype), which a struct value cannot hold as data",
      ),
    );
  });

  test("the JSON Schema pattern agrees with the rule", () => {
    const pattern = new RegExp(STRUCT_CHILD_NAME_PATTERN, "u");
    const names = [...ALLOWED, ...REFUSED, "_id", "__x", "__proto__", "__defineGetter__"];
    for (const name of names.filter((n) => n.normalize("NFC") === n))
      expect(pattern.test(name), name).toBe(structChildNameProblem(name) === null);
  });
});

describe("TypeScript properties", () => {
  test("a name is its own property, except Object.prototype's members and toJSON, which get a $", () => {
    expect(["σ²", "x!", "prototype", "then", "static"].map(propertyKey)).toEqual([
      "σ²",
      "x!",
      "prototype",
      "then",
      "static",
    ]);
    expect(
      [
        "constructor",
        "toString",
        "valueOf",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toJSON",
      ].map(propertyKey),
    ).toEqual([
      "constructor$",
      "toString$",
      "valueOf$",
      "hasOwnProperty$",
      "isPrototypeOf$",
      "propertyIsEnumerable$",
      "toLocaleString$",
      "toJSON$",
    ]);
  });

  test("every member of Object.prototype that a field may be named is escaped", () => {
    const inherited = Object.getOwnPropertyNames(Object.prototype).filter((name) => fieldNameProblem(name) === null);
    expect(inherited.filter((name) => propertyKey(name) === name)).toEqual([]);
  });
});

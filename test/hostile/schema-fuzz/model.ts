/**
 * The schema fuzzer's own description of a schema: what a random YAML declaration means, written
 * here from docs/schemas.md and never read back from the generator, so that the values drawn from
 * it (values.ts) judge the generated validators rather than repeat them. A set (schema-sets.ts
 * draws them) is a few schema files, each with one or two versions; a version may extend a version
 * of an earlier file and hold records of earlier files, so the set has no cycles.
 */
import fc from "fast-check";
import type { AnyShape } from "./any-values.js";

/** The scalar types the fuzzer declares, by their YAML name. */
export const SCALARS = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "int128",
  "float16",
  "float32",
  "float64",
  "string",
  "symbol",
  "char",
  "binary",
  "uuid",
  "date",
  "datetime",
  "time",
  "timestamp",
  "timestamp<ms>",
  "timestamp<ns, UTC>",
  "duration",
  "duration<us>",
  "timestamp<s, America/New_York>",
  "timestamp<us>",
  "duration<ms>",
  "uint128",
  "period",
  "integer",
  "real",
  "version",
  "SchemaVersion",
] as const;
export type Scalar = (typeof SCALARS)[number];

/** Each scalar's JavaScript class: a union takes one member per class (docs/schemas.md, unions). */
export const VALUE_CLASS: Readonly<Record<Scalar, string>> = {
  bool: "boolean",
  int8: "number",
  int16: "number",
  int32: "number",
  uint8: "number",
  uint16: "number",
  uint32: "number",
  float16: "number",
  float32: "number",
  float64: "number",
  int64: "bigint",
  uint64: "bigint",
  int128: "bigint",
  time: "bigint",
  timestamp: "bigint",
  "timestamp<ms>": "bigint",
  "timestamp<ns, UTC>": "bigint",
  duration: "bigint",
  "duration<us>": "bigint",
  "timestamp<s, America/New_York>": "bigint",
  "timestamp<us>": "bigint",
  "duration<ms>": "bigint",
  uint128: "bigint",
  period: "bigint",
  // Julia's abstract Integer and Real: a number or a bigint (they are no union's members).
  integer: "abstract",
  real: "abstract",
  version: "string",
  SchemaVersion: "string",
  string: "string",
  symbol: "string",
  char: "string",
  uuid: "string",
  date: "Date",
  datetime: "Date",
  binary: "Uint8Array",
};

/** What a set's elements and a map's keys may be: types that compare by value. */
export const HASHABLE: readonly Scalar[] = [
  "bool",
  "int8",
  "int32",
  "uint16",
  "int64",
  "string",
  "symbol",
  "char",
  "uuid",
  "duration<us>",
  "time",
];

/** A pattern the fuzzer can draw strings for, inside it and outside it, of a given length in code points. */
export interface PatternModel {
  readonly source: string;
  /** The shortest and longest match it has (Infinity: no longest). */
  readonly minLength: number;
  readonly maxLength: number;
  /** A match of exactly `length` code points. */
  readonly match: (length: number) => fc.Arbitrary<string>;
  /** Strings it does not match, of any length. */
  readonly misses: readonly string[];
}

const charsOf = (chars: string, length: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: length, maxLength: length }).map((c) => c.join(""));
const anyChars = (length: number) =>
  fc.array(fc.constantFrom("a", "Z", "9", " ", "ç", "😀", "-", "é"), { minLength: length, maxLength: length });

export const PATTERNS: readonly PatternModel[] = [
  { source: "^[a-c]*$", minLength: 0, maxLength: Infinity, match: (n) => charsOf("abc", n), misses: ["d", "ab ", "A"] },
  {
    source: "^x",
    minLength: 1,
    maxLength: Infinity,
    match: (n) => anyChars(n - 1).map((c) => `x${c.join("")}`),
    misses: ["", "ax", "X"],
  },
  {
    source: "[0-9]",
    minLength: 1,
    maxLength: Infinity,
    match: (n) =>
      fc.tuple(anyChars(n - 1), fc.nat(n - 1)).map(([c, at]) => [...c.slice(0, at), "7", ...c.slice(at)].join("")),
    misses: ["", "abc", "😀"],
  },
  {
    source: "^\\p{L}+$",
    minLength: 1,
    maxLength: Infinity,
    match: (n) => charsOf("aZçσ", n),
    misses: ["", "a1", "😀"],
  },
  {
    source: "^.{2,4}$",
    minLength: 2,
    maxLength: 4,
    match: (n) => anyChars(n).map((c) => c.join("")),
    misses: ["a", "abcde", "a\nb"],
  },
  {
    source: "é$",
    minLength: 1,
    maxLength: Infinity,
    match: (n) => anyChars(n - 1).map((c) => `${c.join("")}é`),
    misses: ["e", "é "],
  },
  {
    source: "^(a+)+$",
    minLength: 1,
    maxLength: Infinity,
    match: (n) => fc.constant("a".repeat(n)),
    misses: ["", "aab", "b"],
  },
];

export interface Constraints {
  min?: number | bigint;
  max?: number | bigint;
  values?: readonly (string | number | bigint | boolean)[];
  pattern?: PatternModel;
  length?: number;
  minLength?: number;
  maxLength?: number;
}

export type TypeModel =
  | { readonly kind: "scalar"; readonly name: Scalar }
  | { readonly kind: "list" | "vector"; readonly element: TypeModel }
  | { readonly kind: "ntuple"; readonly element: TypeModel; readonly n: number }
  | { readonly kind: "set"; readonly element: Scalar }
  | { readonly kind: "map"; readonly key: Scalar; readonly value: TypeModel }
  | { readonly kind: "tuple"; readonly parts: readonly TypeModel[] }
  | { readonly kind: "union"; readonly members: readonly Scalar[] }
  | { readonly kind: "struct" | "list<struct>"; readonly fields: readonly FieldModel[] }
  | { readonly kind: "record"; readonly target: VersionModel }
  | { readonly kind: "weights"; readonly element: WeightsElement }
  /**
   * Julia's untyped field (`any`, written `any?` when `question`: it is optional either way). Its
   * values are all of one hidden `shape` (any-values.ts), which the YAML does not say.
   */
  | { readonly kind: "any"; readonly shape: AnyShape; readonly question: boolean };

/** The element types of a Weights field's arrays the fuzzer draws: one a column (a table holds one). */
export const WEIGHTS_ELEMENTS = ["float32", "float64", "int8", "int32", "uint8"] as const;
export type WeightsElement = (typeof WEIGHTS_ELEMENTS)[number];

export interface FieldModel {
  readonly name: string;
  readonly type: TypeModel;
  readonly optional: boolean;
  readonly constraints: Constraints;
  /** The value a missing one takes, as the row holds it; `undefined` when none is declared. */
  readonly default?: unknown;
  /**
   * Declared with `value:` the identity, `row[key]` (docs/julia.md, field expressions): a row holds
   * what it holds without it, but the constructor runs the expression and tables of the version
   * are read through its row class.
   */
  readonly computed?: boolean;
}

export interface VersionModel {
  readonly schema: string;
  readonly version: number;
  readonly parent: VersionModel | null;
  /** Its own declarations, re-declared parent fields among them. */
  readonly own: readonly FieldModel[];
  /** Its own row checks, each refusing one value of one of its string fields. */
  readonly checks: readonly RowCheck[];
}

/** The row check `row[field] !== forbidden`, over a top-level string field. */
export interface RowCheck {
  readonly field: string;
  readonly forbidden: string;
}

/** The row checks a row of `version` must pass: the parent chain's first. */
export function flatChecks(version: VersionModel): RowCheck[] {
  return [...(version.parent === null ? [] : flatChecks(version.parent)), ...version.checks];
}

export interface SchemaModel {
  readonly schema: string;
  readonly prefix: string;
  readonly versions: readonly VersionModel[];
}

/** The fields a row of `version` holds, in order: the parent chain's first, a re-declared one in its parent's place. */
export function flatFields(version: VersionModel): FieldModel[] {
  const inherited = version.parent === null ? [] : flatFields(version.parent);
  const own = new Map(version.own.map((field) => [field.name, field]));
  const fields = inherited.map((field) => {
    const redeclared = own.get(field.name);
    if (redeclared === undefined) return field;
    own.delete(field.name);
    return { ...redeclared, constraints: { ...field.constraints, ...redeclared.constraints } };
  });
  return [...fields, ...own.values()];
}

/**
 * Whether a field's value is computed, by its own `value:` or a nested record's at any depth: a
 * read of some columns that reads such a field builds each row whole, by the version's
 * constructor, so it validates every field (runtime/arrow/projection.ts, docs/scale.md).
 */
export function computes(field: FieldModel): boolean {
  return field.computed === true || typeComputes(field.type);
}

function typeComputes(type: TypeModel): boolean {
  const { fields, types } = partsOf(type);
  return fields.some(computes) || types.some(typeComputes);
}

/**
 * What a value of `type` holds directly: a record's fields (its parents' too) or a struct's, a
 * container's element, value or parts; for the predicates that look through a type at any depth.
 */
export function partsOf(type: TypeModel): {
  readonly fields: readonly FieldModel[];
  readonly types: readonly TypeModel[];
} {
  switch (type.kind) {
    case "record":
      return { fields: flatFields(type.target), types: [] };
    case "struct":
    case "list<struct>":
      return { fields: type.fields, types: [] };
    case "list":
    case "vector":
    case "ntuple":
      return { fields: [], types: [type.element] };
    case "map":
      return { fields: [], types: [type.value] };
    case "tuple":
      return { fields: [], types: type.parts };
    default:
      return { fields: [], types: [] };
  }
}

export function identifierOf(version: VersionModel): string {
  return `${version.schema}@${version.version}`;
}

/**
 * Field names that stress the generated code: Julia identifiers JavaScript quotes, JavaScript and
 * TypeScript keywords, Object.prototype's members (held as `name$`), names the generated code
 * itself uses, and Unicode letters, marks and primes.
 */
export const FIELD_NAMES = [
  "a",
  "b",
  "x_1",
  "A1",
  "σ²",
  "μ₀",
  "x′",
  "x!",
  "∂x",
  "ẋ",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "toJSON",
  "prototype",
  "proto__",
  "then",
  "length",
  "name",
  "class",
  "new",
  "delete",
  "default",
  "this",
  "super",
  "yield",
  "await",
  "enum",
  "static",
  "arguments",
  "eval",
  "undefined",
  "NaN",
  "Infinity",
  "null",
  "void",
  "typeof",
  "instanceof",
  "interface",
  "keyof",
  "never",
  "row",
  "fields",
  "input",
  "out",
  "value",
  "is",
  "validate",
  "parse",
  "convert",
  "fromJSON",
  "schemaVersion",
  "violations",
  "ok",
  "issues",
  "path",
  "report",
  "LegolasRow",
] as const;

/** The lengths a string field with these constraints may have. */
export function lengthRange(constraints: Constraints): [number, number] {
  const { length, minLength, maxLength, pattern } = constraints;
  const low = Math.max(length ?? minLength ?? 0, pattern?.minLength ?? 0);
  const high = Math.min(length ?? maxLength ?? Infinity, pattern?.maxLength ?? Infinity);
  return [low, high];
}

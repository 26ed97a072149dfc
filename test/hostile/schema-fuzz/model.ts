/**
 * The schema fuzzer's own description of a schema: what a random YAML declaration means, written
 * here from docs/schemas.md and never read back from the generator, so that the values drawn from
 * it (values.ts) judge the generated validators rather than repeat them. A set is a few schema
 * files, each with one or two versions; a version may extend a version of an earlier file and hold
 * records of earlier files, so the set has no cycles.
 */
import fc from "fast-check";

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
  | { readonly kind: "weights"; readonly element: WeightsElement };

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

// ---- random declarations ----

interface Scope {
  /** Versions of earlier files, which a field may hold as records and a version may extend. */
  readonly earlier: readonly VersionModel[];
}

const TIME_OF_DAY_END = 86_399_999_999_999n;

/** Bounds that leave room for at least one value, as YAML writes them for the scalar. */
function boundsFor(name: Scalar): fc.Arbitrary<Constraints> {
  const integerBounds = (low: number, high: number, big: boolean) =>
    fc
      .tuple(fc.integer({ min: low, max: high }), fc.integer({ min: 0, max: 6 }), fc.constantFrom("min", "max", "both"))
      .map(([min, span, which]): Constraints => {
        const [a, b] = big ? [BigInt(min), BigInt(min + span)] : [min, min + span];
        return which === "min" ? { min: a } : which === "max" ? { max: b } : { min: a, max: b };
      });
  switch (name) {
    case "int8":
    case "int16":
    case "int32":
      return integerBounds(-4, 4, false);
    case "uint8":
    case "uint16":
    case "uint32":
      return integerBounds(0, 4, false);
    case "int64":
    case "int128":
    case "timestamp":
    case "timestamp<ms>":
    case "timestamp<ns, UTC>":
    case "duration":
    case "duration<us>":
    case "timestamp<s, America/New_York>":
    case "timestamp<us>":
    case "duration<ms>":
    case "period":
      return fc.oneof(
        integerBounds(-4, 4, true),
        fc.constantFrom<Constraints>(
          { min: -(2n ** 63n) + 1n },
          { max: 2n ** 62n },
          { min: 2n ** 60n, max: 2n ** 60n + 3n },
        ),
      );
    case "uint64":
      return fc.oneof(integerBounds(0, 4, true), fc.constant<Constraints>({ min: 2n ** 63n, max: 2n ** 64n - 1n }));
    case "uint128":
      return fc.oneof(integerBounds(0, 4, true), fc.constant<Constraints>({ min: 2n ** 127n, max: 2n ** 128n - 1n }));
    case "time":
      return fc.oneof(integerBounds(0, 4, true), fc.constant<Constraints>({ min: TIME_OF_DAY_END - 2n }));
    case "float32":
    case "float64":
      return fc
        .tuple(
          fc.constantFrom(-1.5, 0, 0.1, 0.7, 2),
          fc.constantFrom(0, 0.2, 1, 3.3),
          fc.constantFrom("min", "max", "both"),
        )
        .map(([min, span, which]) =>
          which === "min" ? { min } : which === "max" ? { max: min + span } : { min, max: min + span },
        );
    default:
      return fc.constant({});
  }
}

/** Listed values (an enumeration) that fit the scalar, as YAML writes them. */
function valuesFor(name: Scalar): fc.Arbitrary<Constraints> | null {
  const pick = <T extends string | number | bigint | boolean>(pool: readonly T[]) =>
    fc.subarray([...pool], { minLength: 1 }).map((values): Constraints => ({ values }));
  switch (name) {
    case "bool":
      return pick([true]);
    case "int8":
    case "int32":
    case "uint16":
      return pick([0, 1, 3, 100]);
    case "int64":
    case "uint64":
      return pick([0n, 7n, 2n ** 60n]);
    case "float32":
    case "float64":
      return pick([0.5, 0.1, -2, 1e10]);
    case "string":
    case "symbol":
      return pick(["", "a", "sgd", "ç😀", "Adam"]);
    case "char":
      return pick(["a", "😀", "é"]);
    case "uuid":
      return pick(["123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-00000000000a"]);
    default:
      return null;
  }
}

/** Length constraints (a string's in code points, a binary's in bytes, a list's in elements). */
const lengthConstraints: fc.Arbitrary<Constraints> = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
  .chain(([low, span]) =>
    fc.constantFrom<Constraints>(
      { length: low },
      { minLength: low },
      { maxLength: low + span },
      { minLength: low, maxLength: low + span },
    ),
  );

const TEXT_SCALARS = new Set<Scalar>(["string", "symbol"]);

function scalarConstraints(name: Scalar): fc.Arbitrary<Constraints> {
  const options: fc.Arbitrary<Constraints>[] = [fc.constant({})];
  const values = valuesFor(name);
  if (values !== null) options.push(values);
  if (name !== "bool" && name !== "float16" && name !== "integer" && /int|float|time|duration|period/.test(name))
    options.push(boundsFor(name));
  if (name === "binary") options.push(lengthConstraints);
  if (TEXT_SCALARS.has(name)) {
    options.push(
      lengthConstraints,
      fc.constantFrom(...PATTERNS).map((pattern) => ({ pattern })),
      fc.tuple(fc.constantFrom(...PATTERNS), lengthConstraints).chain(([pattern, lengths]) => {
        const merged = { ...lengths, pattern };
        return fc.constant(fitsPattern(merged) ? merged : { pattern });
      }),
    );
  }
  return fc.oneof(...options);
}

/** The lengths a string field with these constraints may have. */
export function lengthRange(constraints: Constraints): [number, number] {
  const { length, minLength, maxLength, pattern } = constraints;
  const low = Math.max(length ?? minLength ?? 0, pattern?.minLength ?? 0);
  const high = Math.min(length ?? maxLength ?? Infinity, pattern?.maxLength ?? Infinity);
  return [low, high];
}

function fitsPattern(constraints: Constraints): boolean {
  const [low, high] = lengthRange(constraints);
  return low <= high;
}

const DEFAULTS: Partial<Record<Scalar, unknown>> = {
  bool: false,
  int8: -3,
  int32: 7,
  int64: 9007199254740993n,
  uint64: 18446744073709551615n,
  float32: 0.1,
  float64: -2.5,
  string: "dé😀",
  uuid: "123e4567-e89b-12d3-a456-426614174000",
  date: "2024-02-29",
  time: 5n,
  char: "λ",
};

/** A scalar field: its type, maybe optional, its constraints or a default (which must obey them, so never both). */
function scalarField(name: string): fc.Arbitrary<FieldModel> {
  return fc
    .tuple(fc.constantFrom(...SCALARS), fc.boolean(), fc.integer({ min: 0, max: 9 }))
    .chain(([scalar, optional, roll]) => {
      const type: TypeModel = { kind: "scalar", name: scalar };
      if (roll === 0 && DEFAULTS[scalar] !== undefined)
        return fc.constant<FieldModel>({ name, type, optional, constraints: {}, default: DEFAULTS[scalar] });
      return scalarConstraints(scalar).map((constraints): FieldModel => ({ name, type, optional, constraints }));
    });
}

/** A type inside a container or a list: no inline struct there, records of earlier files allowed. */
function innerType(scope: Scope, depth: number): fc.Arbitrary<TypeModel> {
  const scalar = fc.constantFrom(...SCALARS).map((name): TypeModel => ({ kind: "scalar", name }));
  const options: fc.Arbitrary<TypeModel>[] = [scalar, scalar, scalar];
  if (scope.earlier.length > 0)
    options.push(fc.constantFrom(...scope.earlier).map((target): TypeModel => ({ kind: "record", target })));
  if (depth > 0) {
    const inner = innerType(scope, depth - 1);
    const hashable = fc.constantFrom(...HASHABLE);
    options.push(
      inner.map((element): TypeModel => ({ kind: "list", element })),
      inner.map((element): TypeModel => ({ kind: "vector", element })),
      fc
        .tuple(inner, fc.integer({ min: 1, max: 3 }))
        .map(([element, n]): TypeModel => ({ kind: "ntuple", element, n })),
      hashable.map((element): TypeModel => ({ kind: "set", element })),
      fc.tuple(hashable, inner).map(([key, value]): TypeModel => ({ kind: "map", key, value })),
      // One type throughout is an ntuple, and Julia's Union{A, B} is Union{B, A}.
      fc
        .array(inner, { minLength: 2, maxLength: 3 })
        .filter((parts) => new Set(parts.map(juliaType)).size > 1)
        .map((parts): TypeModel => ({ kind: "tuple", parts })),
      unionType,
    );
  }
  return fc.oneof(...options);
}

/** A type as Julia knows it, for telling two apart: a union's members in any order. */
function juliaType(type: TypeModel): string {
  return JSON.stringify(type, (key, value: unknown) =>
    key === "members"
      ? [...(value as string[])].sort()
      : key === "target"
        ? identifierOf(value as VersionModel)
        : value,
  );
}

/** Scalars whose values are another type's (a string), which no union may hold (docs/julia.md). */
const CLASSLESS = new Set<Scalar>(["symbol", "char", "version", "SchemaVersion", "period", "integer", "real"]);

/** A union of two or three scalars of different JavaScript classes. */
const unionType: fc.Arbitrary<TypeModel> = fc
  .shuffledSubarray(
    [...new Set(Object.values(VALUE_CLASS))].filter((c) => c !== "abstract"),
    { minLength: 2, maxLength: 3 },
  )
  .chain((classes) =>
    fc.tuple(
      ...classes.map((c) => fc.constantFrom(...SCALARS.filter((s) => VALUE_CLASS[s] === c && !CLASSLESS.has(s)))),
    ),
  )
  .map((members): TypeModel => ({ kind: "union", members }));

/** Field names for one level of fields: unique, a few of them. */
const fieldNames = (min: number, max: number) =>
  fc.uniqueArray(fc.constantFrom(...FIELD_NAMES), { minLength: min, maxLength: max });

function fieldModel(name: string, scope: Scope, depth: number): fc.Arbitrary<FieldModel> {
  const containerField = fc.tuple(innerType(scope, Math.min(depth, 2)), fc.boolean()).chain(([type, optional]) => {
    // Only a list or a vector takes length constraints; no container takes others.
    const lengths =
      type.kind === "list" || type.kind === "vector" ? fc.option(lengthConstraints, { nil: {} }) : fc.constant({});
    return lengths.map((constraints): FieldModel => ({ name, type, optional, constraints }));
  });
  const weights = fc
    .tuple(fc.boolean(), fc.constantFrom(...WEIGHTS_ELEMENTS))
    .map(
      ([optional, element]): FieldModel => ({ name, type: { kind: "weights", element }, optional, constraints: {} }),
    );
  const options: fc.Arbitrary<FieldModel>[] = [scalarField(name), scalarField(name), scalarField(name), containerField];
  if (depth === 2) options.push(weights);
  if (depth > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom<"struct" | "list<struct>">("struct", "list<struct>"), fc.boolean(), fieldNames(1, 3))
        .chain(([kind, optional, names]) =>
          fc
            .tuple(...names.map((n) => fieldModel(n, scope, depth - 1)))
            .map((fields): FieldModel => ({ name, type: { kind, fields }, optional, constraints: {} })),
        ),
    );
  }
  return fc.oneof(...options);
}

/**
 * The narrowings a child may declare for a parent field (docs/schemas.md, docs/julia.md): required
 * instead of optional, a tighter bound, or a narrower type as Julia's subtyping allows: a
 * `list<T>` for a `vector<T>`, fewer members of a union (or one), `int64` for `integer`,
 * `float64` for `real`. The re-declaration states no constraint: it keeps the parent's.
 */
function narrowings(field: FieldModel): FieldModel[] {
  const { type } = field;
  const out: FieldModel[] = [];
  const as = (narrower: TypeModel): FieldModel => ({ ...field, type: narrower, constraints: {} });
  if (field.optional && field.default === undefined) out.push({ ...field, optional: false, constraints: {} });
  const { min, max } = field.constraints;
  // A min raised within the parent's max (which the re-declaration keeps).
  const roomAbove = max === undefined || (typeof min === "number" && min + 1 <= Number(max));
  if (typeof min === "number" && roomAbove && type.kind === "scalar" && /^u?int(8|16|32)$/.test(type.name))
    out.push({ ...field, constraints: { min: min + 1 } });
  if (type.kind === "vector") out.push(as({ kind: "list", element: type.element }));
  if (type.kind === "union") {
    out.push(as({ kind: "scalar", name: type.members[0]! }));
    if (type.members.length > 2) out.push(as({ kind: "union", members: type.members.slice(1) }));
  }
  if (type.kind === "scalar" && field.default === undefined) {
    if (type.name === "integer") out.push(as({ kind: "scalar", name: "int64" }));
    if (type.name === "real") out.push(as({ kind: "scalar", name: "float64" }));
  }
  return out;
}

function versionModel(schema: string, version: number, scope: Scope): fc.Arbitrary<VersionModel> {
  const parents = scope.earlier.filter((v) => v.schema !== schema);
  const parent =
    parents.length === 0 ? fc.constant(null) : fc.option(fc.constantFrom(...parents), { nil: null, freq: 2 });
  return parent.chain((parentVersion) => {
    const inherited = parentVersion === null ? [] : flatFields(parentVersion);
    const taken = new Set(inherited.map((f) => f.name));
    const narrowable = inherited.filter((field) => narrowings(field).length > 0);
    const redeclared: fc.Arbitrary<FieldModel[]> = fc
      .subarray(narrowable, { maxLength: Math.min(2, narrowable.length) })
      .chain((fields) => fc.tuple(...fields.map((f) => fc.constantFrom(...narrowings(f)))));
    return fc
      .tuple(
        fieldNames(parentVersion === null ? 1 : 0, 5).map((names) => names.filter((n) => !taken.has(n))),
        redeclared,
      )
      .chain(([names, redeclared]) =>
        fc.tuple(...names.map((name) => fieldModel(name, scope, 2))).map((fields) => [...redeclared, ...fields]),
      )
      .chain((own) => {
        // A check cannot read a field named prototype (docs/schemas.md, row checks).
        const checkable = own.filter(
          (field) =>
            field.type.kind === "scalar" &&
            field.type.name === "string" &&
            field.default === undefined &&
            Object.keys(field.constraints).length === 0 &&
            // A re-declared field keeps its parent's constraints (an enumeration's values, which
            // the forbidden value is not: the check would never fail, and does not type-check).
            !taken.has(field.name) &&
            field.name !== "prototype",
        );
        const checks = fc
          .subarray(checkable, { maxLength: Math.min(2, checkable.length) })
          .map((fields) => fields.map((field, k): RowCheck => ({ field: field.name, forbidden: `forbidden ${k}` })));
        return checks.map((c): VersionModel => ({ schema, version, parent: parentVersion, own, checks: c }));
      });
  });
}

/** A set of 1 to `files` schema files, each of one or two versions; later files may extend and hold earlier ones. */
export function schemaSet(files = 3): fc.Arbitrary<SchemaModel[]> {
  const step = (done: SchemaModel[], k: number): fc.Arbitrary<SchemaModel[]> => {
    if (k === files) return fc.constant(done);
    const schema = `fz.s-${k}`;
    const scope: Scope = { earlier: done.flatMap((file) => file.versions) };
    return versionModel(schema, 1, scope)
      .chain((first) =>
        // A second version may hold the first as a record (never extend it: model.ts's parents are other schemas').
        fc
          .option(versionModel(schema, 2, { earlier: [...scope.earlier, first] }), { nil: null, freq: 3 })
          .map((second) => (second === null ? [first] : [first, second])),
      )
      .chain((versions) => step([...done, { schema, prefix: `FzS${k}`, versions }], k + 1));
  };
  return fc.integer({ min: 1, max: files }).chain((count) => step([], files - count));
}

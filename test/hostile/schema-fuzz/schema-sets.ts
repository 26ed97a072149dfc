/**
 * Random sets of schema files in the fuzzer's model (model.ts): every type the model knows (`any`
 * among a version's own fields, narrowed by a child to a type of its own), with
 * constraints that leave room for a value, defaults that obey their field, parents of other
 * files, re-declarations that narrow, row checks, records of earlier files and versions.
 */
import fc from "fast-check";
import {
  type Constraints,
  type FieldModel,
  FIELD_NAMES,
  flatFields,
  HASHABLE,
  identifierOf,
  lengthRange,
  PATTERNS,
  type RowCheck,
  type Scalar,
  SCALARS,
  type SchemaModel,
  type TypeModel,
  VALUE_CLASS,
  type VersionModel,
  WEIGHTS_ELEMENTS,
} from "./model.js";
import { anyFieldShape } from "./any-values.js";

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
function scalarField(name: string, place: Place): fc.Arbitrary<FieldModel> {
  return fc
    .tuple(fc.constantFrom(...scalarsAt(place)), fc.boolean(), fc.integer({ min: 0, max: 9 }))
    .chain(([scalar, optional, roll]) => {
      const type: TypeModel = { kind: "scalar", name: scalar };
      if (roll === 0 && DEFAULTS[scalar] !== undefined)
        return fc.constant<FieldModel>({ name, type, optional, constraints: {}, default: DEFAULTS[scalar] });
      return scalarConstraints(scalar).map((constraints): FieldModel => ({ name, type, optional, constraints }));
    });
}

/**
 * Where a type stands, as Legolas.jl compares it with the type Arrow.jl reads (docs/julia.md, the
 * types Julia reads), so that every schema drawn is one some Julia table has:
 * - `field`: a field's own type, or an element of its chain of lists (`accepted_field_type` takes
 *   any `AbstractVector{<:T}` for a `list<T>`), where a subtype of the declared type is read;
 * - `part`: a tuple's part elsewhere (tuples are covariant): a subtype too;
 * - `exact`: a parameter of an invariant `Vector`, `AbstractVector`, `Set`, `Dict` or `NamedTuple`
 *   (an inline struct's child), which Arrow.jl must read as exactly the declared type: no
 *   abstract scalar, no `vector`;
 * - `exact-in-list`: the same, inside the field's chain of lists, where Arrow.jl reads a list as a
 *   SubArray: no `list` either.
 */
type Place = "field" | "part" | "exact" | "exact-in-list";

/** Julia's abstract types among the scalars: read as their storage's concrete type. */
const ABSTRACT = new Set<Scalar>(["integer", "real", "period"]);

function scalarsAt(place: Place): readonly Scalar[] {
  return place === "field" || place === "part" ? SCALARS : SCALARS.filter((name) => !ABSTRACT.has(name));
}

/** A type inside a container or a list, standing at `place`: no inline struct there, records of earlier files allowed. */
function innerType(scope: Scope, depth: number, place: Place): fc.Arbitrary<TypeModel> {
  const scalar = fc.constantFrom(...scalarsAt(place)).map((name): TypeModel => ({ kind: "scalar", name }));
  const options: fc.Arbitrary<TypeModel>[] = [scalar, scalar, scalar];
  if (scope.earlier.length > 0)
    options.push(fc.constantFrom(...scope.earlier).map((target): TypeModel => ({ kind: "record", target })));
  if (depth > 0) {
    const inner = (at: Place) => innerType(scope, depth - 1, at);
    const exact = place === "exact" || place === "exact-in-list";
    const hashable = fc.constantFrom(...HASHABLE);
    if (place !== "exact-in-list")
      options.push(
        inner(place === "field" ? "field" : "exact").map((element): TypeModel => ({ kind: "list", element })),
      );
    if (!exact)
      options.push(
        inner(place === "field" ? "exact-in-list" : "exact").map((element): TypeModel => ({ kind: "vector", element })),
      );
    options.push(
      fc
        .tuple(inner(exact ? "exact" : "part"), fc.integer({ min: 1, max: 3 }))
        .map(([element, n]): TypeModel => ({ kind: "ntuple", element, n })),
      hashable.map((element): TypeModel => ({ kind: "set", element })),
      fc.tuple(hashable, inner("exact")).map(([key, value]): TypeModel => ({ kind: "map", key, value })),
      // One type throughout is an ntuple, and Julia's Union{A, B} is Union{B, A}.
      fc
        .array(inner(exact ? "exact" : "part"), { minLength: 2, maxLength: 3 })
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

/** A field of a version (`place` "field") or of an inline struct (its children are `exact`). */
function fieldModel(name: string, scope: Scope, depth: number, place: "field" | "exact"): fc.Arbitrary<FieldModel> {
  const containerField = fc
    .tuple(innerType(scope, Math.min(depth, 2), place), fc.boolean())
    .chain(([type, optional]) => {
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
  const options: fc.Arbitrary<FieldModel>[] = [
    scalarField(name, place),
    scalarField(name, place),
    scalarField(name, place),
    containerField,
  ];
  if (depth === 2) options.push(weights);
  // Julia's untyped field: a version's own fields only (docs/schemas.md), always optional.
  if (place === "field")
    options.push(
      fc.tuple(anyFieldShape(), fc.boolean()).map(
        ([shape, question]): FieldModel => ({
          name,
          type: { kind: "any", shape, question },
          optional: true,
          constraints: {},
        }),
      ),
    );
  if (depth > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom<"struct" | "list<struct>">("struct", "list<struct>"), fc.boolean(), fieldNames(1, 3))
        .chain(([kind, optional, names]) =>
          fc
            .tuple(...names.map((n) => fieldModel(n, scope, depth - 1, "exact")))
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
  if (field.optional && field.default === undefined && type.kind !== "any")
    out.push({ ...field, optional: false, constraints: {} });
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
  // `any` narrows to any type (docs/julia.md): to one whose storage an `any` column reads as the
  // type's own values, so that a child's table read as the parent's gives them back unchanged.
  if (type.kind === "any")
    for (const name of ["int64", "float64", "string", "bool", "datetime", "int32"] as const)
      out.push(as({ kind: "scalar", name }), { ...as({ kind: "scalar", name }), optional: false });
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
        fc
          .tuple(
            ...names.map((name) =>
              // A quarter of a version's own fields computed by the identity `value:` (a check, and
              // so an expression, cannot read a field named prototype).
              fc
                .tuple(fieldModel(name, scope, 2, "field"), fc.integer({ min: 0, max: 3 }))
                .map(([field, roll]) => (roll === 0 && name !== "prototype" ? { ...field, computed: true } : field)),
            ),
          )
          .map((fields) => [...redeclared, ...fields]),
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

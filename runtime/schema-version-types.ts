/**
 * The shapes of the descriptors: a schema version's (schema-version.ts builds them) and its
 * fields' types (field-types.ts works on them). Types only, importing no module of the runtime:
 * the registry, the Arrow and JSON schema builders and the readers all name them, and
 * `defineSchemaVersion` imports those. They live in one module because they refer to each other:
 * a nested record's field type points at its child's descriptor, as a protobuf-es field points
 * at its message.
 */
import type { Schema } from "apache-arrow";
import type { IntBits } from "./int-ranges.js";
import type { Violation } from "./violations.js";

export type TimeUnitName = "s" | "ms" | "us" | "ns";

export type { IntBits };

/** A nested record named by `name@version`: all the generator knows of it while it resolves YAML. */
export interface RecordName {
  readonly kind: "record";
  /** `name@version`, as the wire format names the record (its Arrow extension name, JSON Schema title). */
  readonly identifier: string;
}

/**
 * A nested record at run time: its name and its child's descriptor. Behind a thunk, so that the
 * order in which generated modules declare descriptors, and a module importing one that imports
 * it back, never matter. Readers follow it and never look the record up in the registry, so a
 * record whose module registered nothing else reads and writes all the same.
 */
export interface RecordReference extends RecordName {
  readonly schemaVersion: () => SchemaVersion;
}

/**
 * Every type a YAML schema can name, as plain data. `Record` is how a nested record is held: by
 * reference at run time (the default), by name in the generator ({@link DeclaredFieldType}).
 */
export type FieldType<Record extends RecordName = RecordReference> =
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly bits: IntBits; readonly signed: boolean }
  /** 16: Julia's `Float16` (Arrow HalfFloat), held as the `number` it rounds to. */
  | { readonly kind: "float"; readonly bits: 16 | 32 | 64 }
  | { readonly kind: "string" }
  | { readonly kind: "binary" }
  | { readonly kind: "uuid" }
  | { readonly kind: "date" }
  /** Julia's `Dates.DateTime`: milliseconds since 1970 without a time zone, Arrow.jl's layout. */
  | { readonly kind: "datetime" }
  /** Julia's `Dates.Time`: nanoseconds since midnight. */
  | { readonly kind: "time" }
  | { readonly kind: "timestamp"; readonly unit: TimeUnitName; readonly timezone: string | null }
  | { readonly kind: "duration"; readonly unit: TimeUnitName }
  | { readonly kind: "list"; readonly element: FieldType<Record> }
  | {
      readonly kind: "struct";
      readonly fields: readonly FieldDescriptor<Record>[];
      /**
       * `"own"` for the struct of an `any` value (inferred from the values, or read from a file):
       * its children are the object's own keys as written, `toString` included; else each child
       * is the property its field name makes (`toString$`), as a declared struct's are.
       */
      readonly keys?: "own";
    }
  | Record
  | { readonly kind: "weights" }
  // Issue 23, group jt-values: Julia's untyped fields and `::Any`.
  /**
   * Julia's `Any` (an untyped field): any value, `null` included, kept as the decoded Arrow value
   * of whatever storage the column has (runtime/arrow/columns/any-values.ts).
   */
  | { readonly kind: "any" }
  // Issue 23, Julia's scalars (runtime/julia-scalars.ts): types Arrow.jl and Legolas.jl name.
  /** Julia's `Symbol`: a string, stored as Utf8 labelled `JuliaLang.Symbol`. */
  | { readonly kind: "symbol" }
  /** Julia's `Char`: a string of one code point, stored as its UInt32 labelled `JuliaLang.Char`. */
  | { readonly kind: "char" }
  /** Julia's `VersionNumber` without prerelease or build: `"1.2.3"`, Arrow.jl's `JuliaLang.VersionNumber` struct. */
  | { readonly kind: "version" }
  /** `Legolas.SchemaVersion`: an identifier `name@version`, stored as Utf8 labelled `JuliaLang.Legolas.SchemaVersion`. */
  | { readonly kind: "schema-version" }
  /**
   * Julia's abstract `Integer`, `Real` and `Number`, and `Dates.Period`: any concrete storage Julia
   * accepts on read, one storage on write (julia-scalars.ts says which).
   */
  | { readonly kind: "abstract"; readonly name: AbstractTypeName }
  // Julia's containers and unions (issue 23, group jt-containers)
  | JuliaContainerType<Record>;

/** Julia's abstract scalar types a field may declare, by their YAML names. */
export type AbstractTypeName = "integer" | "real" | "number" | "period";

/**
 * Julia's containers and unions as field types; julia-containers.ts holds what they share,
 * julia-unions.ts what a union's members are told apart by.
 */
export type JuliaContainerType<Record extends RecordName = RecordReference> =
  /**
   * Julia's `AbstractVector{T}`: written as a List, read from a List or LargeList (a FixedSizeList
   * is Julia's `NTuple`, no `AbstractVector`: refused, as Legolas.jl refuses it).
   */
  | { readonly kind: "vector"; readonly element: FieldType<Record> }
  /** Julia's `NTuple{N, T}`: Arrow.jl's FixedSizeList of `length` (ArrowTypes.jl, `FixedSizeListKind`). */
  | { readonly kind: "ntuple"; readonly element: FieldType<Record>; readonly length: number }
  /** Julia's `Set{T}`: a List labelled `JuliaLang.Set`, a JavaScript `Set`. */
  | { readonly kind: "set"; readonly element: FieldType<Record> }
  /** Julia's `Tuple{A, B, ...}`: a Struct of fields `"1"`, `"2"`, ... labelled `JuliaLang.Tuple`. */
  | { readonly kind: "tuple"; readonly elements: readonly FieldType<Record>[] }
  /** Julia's `Dict{K, V}`: Arrow's Map (entries of `key` and `value`), a JavaScript `Map`. */
  | { readonly kind: "map"; readonly key: FieldType<Record>; readonly value: FieldType<Record> }
  /** Julia's `Union{A, B, ...}`: Arrow.jl's DenseUnion, a value of one of `members` (julia-unions.ts). */
  | { readonly kind: "union"; readonly members: readonly FieldType<Record>[] };

/** A field type as the generator declares it, before any descriptor exists: records by name. */
export type DeclaredFieldType = FieldType<RecordName>;

export type FieldKind = FieldType["kind"];

/** Value constraints of a field, as declared in YAML (already checked against the field's type). */
export interface Constraints {
  readonly min?: number | bigint;
  readonly max?: number | bigint;
  readonly pattern?: string;
  /**
   * `pattern` compiled at generate time to a DFA over UTF-8 bytes (runtime/patterns.ts reads
   * it); absent where the pattern needs a `RegExp` (a lookaround or backreference).
   */
  readonly patternDfa?: string;
  readonly values?: readonly (string | number | bigint | boolean)[];
  readonly length?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** One field of a schema version (or of an inline struct), after inheritance is resolved. */
export interface FieldDescriptor<Record extends RecordName = RecordReference> {
  readonly name: string;
  readonly type: FieldType<Record>;
  /** `T?`: the value may be missing, stored as Arrow null and `null` in TypeScript. */
  readonly optional: boolean;
  readonly constraints: Constraints;
  /** Taken when the value is missing; already in its TypeScript value form. */
  readonly default?: DefaultValue;
  readonly doc?: string;
  // Issue 23, group jt-values: Legolas's field right-hand sides.
  /**
   * The field has a `value:` expression (Legolas's `x::Int = round(Int, x)`), which the row
   * class's constructor and `convert` apply to the input before converting and validating it. A
   * table of a version with one is read through the row class, so the expression sees each
   * stored row as `Legolas.read` followed by the record constructor does.
   */
  readonly computed?: true;
  /**
   * `input: any`: the field accepts any value before its `value:` expression makes it its type
   * (Julia's `config::Union{<:NamedTuple,DigitsConfigV1} = compat_config(config)`), and on read
   * any Arrow storage, decoded as an `any` column is.
   */
  readonly input?: "any";
}

/** A field as the generator declares it: see {@link DeclaredFieldType}. */
export type DeclaredFieldDescriptor = FieldDescriptor<RecordName>;

export type DefaultValue = boolean | number | bigint | string;

/** A JSON Schema document (draft 2020-12), as json-schema.ts builds it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** A generated row class: `new DigitsRowV1(input)`, `DigitsRowV1.validate(value)`, `DigitsRowV1.is(value)`. */
export interface RowClass<Row extends object = object, Input = never> {
  new (input: Input): Row;
  /**
   * Converts input values (missing to `null` or the default, safe numbers to `bigint`, ...) without
   * validating them; every generated row class has it. Used by `writeTable(..., { validate: false })`.
   */
  convert?(input: unknown): object;
  /** Every violation of `value` against the schema version; empty when it complies. */
  validate(value: unknown): Violation[];
  /** `true` when `value` complies with the schema version. */
  is(value: unknown): boolean;
}

/** A row-level check as declared in YAML. */
export interface CheckDescriptor {
  readonly check: string;
  readonly message: string;
  /**
   * The fields the check reads, which a read of some columns reads too; absent when the
   * generator could not tell (the check uses `row` other than to read fields), and such a read
   * then reads every column.
   */
  readonly fields?: readonly string[];
}

export interface SchemaVersion<Row extends object = object, Input = never> {
  readonly name: string;
  readonly version: number;
  /** Fully qualified: this version, then its parent chain, `digits-model@1>legolas-flux.model@1`. */
  readonly identifier: string;
  readonly parent: SchemaVersion | null;
  /** Every field, parent fields first, re-declared fields narrowed in place. */
  readonly fields: readonly FieldDescriptor[];
  /** This version's own row checks; the parent's run first and live on the parent. */
  readonly checks: readonly CheckDescriptor[];
  /**
   * Validates a value as a row (an object), then its fields, not its row checks: generated
   * straight-line code, which pushes each violation onto `out` (its path relative to the row;
   * past KEPT_VIOLATIONS, counted in `out.omitted` instead) and returns `true`, or with `out`
   * null returns `false` at the first failure. A child version's walk calls its parent's;
   * row-validation.ts runs them for the row class.
   */
  validateFields(value: unknown, out: Violation[] | null): boolean;
  /**
   * Runs the row checks of this version and its parents (parents' first) on any object whose
   * properties read as the row's fields, pushing a violation per failed check (kept as
   * `validateFields` keeps them); absent when the chain declares none. Generated; columnar
   * validation calls it on a reused row view.
   */
  // A method, so that the generated function over the version's own row type fits it.
  checkRow?(row: object, path: string, out: Violation[]): void;
  readonly doc?: string;
  readonly rowClass: RowClass<Row, Input>;
  /** The Arrow schema of a table of this version, with `legolas_schema_qualified` set. */
  readonly arrowSchema: Schema;
  /** The JSON Schema of a row's JSON form (`row.toJSON()`, `X.fromJSON`); see json-schema.ts. */
  readonly jsonSchema: JsonSchema;
}

/**
 * What a generated module declares; the identifier and the Arrow schema are derived from it. Its
 * `fields` are the version's own: new ones and re-declared parent fields (which keep their
 * parent's place); inherited fields may be left out, and so may a field's defaults
 * (`FieldDeclaration`), and `checks` when there are none. A declaration written by hand may leave
 * out `validateFields`: its row class's `is` and `validate` then stand in for it.
 */
export type SchemaVersionDeclaration<Row extends object, Input> = Omit<
  SchemaVersion<Row, Input>,
  "identifier" | "arrowSchema" | "jsonSchema" | "validateFields" | "fields" | "checks"
> &
  Partial<Pick<SchemaVersion<Row, Input>, "validateFields" | "checks">> & {
    readonly fields: readonly FieldDeclaration[];
  };

/** A field as a declaration may give it: `optional` (false) and `constraints` (none) may be left out. */
export type FieldDeclaration = Omit<FieldDescriptor, "optional" | "constraints"> &
  Partial<Pick<FieldDescriptor, "optional" | "constraints">>;

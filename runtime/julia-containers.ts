/**
 * Julia's containers as field types (issue 23): `vector<T>` (`AbstractVector{T}`), `ntuple<T, N>`
 * (`NTuple{N, T}`), `set<T>` (`Set{T}`), `tuple<A, B, ...>` (`Tuple{A, B, ...}`), `map<K, V>`
 * (`Dict{K, V}`), and `union<A, B, ...>` (`Union{A, B}`, julia-unions.ts). What the runtime and
 * the generator share about them: their YAML names, the types they hold, and which element types
 * a `Set` or a `Map` key may have.
 *
 * Their Arrow storage follows ArrowTypes.jl (apache/arrow-julia, src/ArrowTypes/src/ArrowTypes.jl):
 * `ArrowKind(::Type{<:AbstractArray}) = ListKind()`, `ArrowKind(::Type{NTuple{N,T}}) =
 * FixedSizeListKind{N,T}()` with no extension name, `arrowname(::Type{<:AbstractSet}) =
 * "JuliaLang.Set"` over a List, `arrowname(::Type{<:Tuple}) = "JuliaLang.Tuple"` over a Struct
 * whose fields are the tuple's field names `1`, `2`, ... (src/arraytypes/struct.jl,
 * `namedtupletype`), `ArrowKind(::Type{<:AbstractDict}) = MapKind()` with no extension name and
 * children `entries`, `key`, `value` (src/eltypes.jl).
 */
import type { DeclaredFieldType, FieldType, JuliaContainerType, RecordName } from "./schema-version-types.js";

export type { JuliaContainerType } from "./schema-version-types.js";
export type JuliaContainerKind = JuliaContainerType["kind"];

const CONTAINER_KINDS: ReadonlySet<string> = new Set<JuliaContainerKind>([
  "vector",
  "ntuple",
  "set",
  "tuple",
  "map",
  "union",
]);

export function isJuliaContainer<Record extends RecordName>(
  type: FieldType<Record>,
): type is JuliaContainerType<Record> {
  return CONTAINER_KINDS.has(type.kind);
}

/** The types a container holds, in order (a map's key, then its value). */
export function containedTypes<Record extends RecordName>(
  type: JuliaContainerType<Record>,
): readonly FieldType<Record>[] {
  switch (type.kind) {
    case "vector":
    case "ntuple":
    case "set":
      return [type.element];
    case "tuple":
      return type.elements;
    case "map":
      return [type.key, type.value];
    case "union":
      return type.members;
  }
}

/** The YAML name of a container type, its parts named by `format`. */
export function formatContainerType(
  type: JuliaContainerType<RecordName>,
  format: (part: DeclaredFieldType) => string,
): string {
  switch (type.kind) {
    case "ntuple":
      return `ntuple<${format(type.element)}, ${type.length}>`;
    default:
      return `${type.kind}<${containedTypes(type).map(format).join(", ")}>`;
  }
}

/**
 * Kinds a `set` element or a `map` key may have: those whose JavaScript values are equal exactly
 * when Julia's `isequal` says so, so that a JavaScript `Set` or `Map` holds what Julia's holds
 * (a `symbol` or `char` is a string, equal when its text is, as a Julia `Symbol` or `Char` is).
 * Dates and byte arrays are objects (equal by identity only); floats are not, since `isequal`
 * tells `0.0` from `-0.0` and JavaScript's `SameValueZero` does not.
 */
export const HASHABLE_KINDS: ReadonlySet<string> = new Set([
  "bool",
  "int",
  "string",
  "symbol",
  "char",
  "uuid",
  "timestamp",
  "duration",
  "time",
]);

/** `ntuple<uint8, N>`, which Arrow.jl stores as a FixedSizeBinary of N rather than a FixedSizeList. */
export function isByteTuple(type: JuliaContainerType<RecordName>): boolean {
  return type.kind === "ntuple" && type.element.kind === "int" && type.element.bits === 8 && !type.element.signed;
}

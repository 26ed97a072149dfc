/**
 * Which field types narrow which, following Julia's subtyping (issue 23). A child schema's field
 * type must be a subtype of its parent's (Legolas.jl src/schemas.jl), as a Legolas.jl child may
 * declare `a::Float64` for its parent's `a::Real`; the compatibility report reads the same
 * relation for a field whose type changed between versions.
 *
 * - `Any` is every type's supertype.
 * - The abstract scalars: `Int32 <: Integer <: Real <: Number`, `Float64 <: Real`,
 *   `Bool <: Integer`, `Millisecond <: Period`; a union of their subtypes
 *   (`Union{Int64, Float64} <: Real`).
 * - `Vector{T} <: AbstractVector{T} <: AbstractVector`, so `vector<T>` narrows to `list<T>`, and
 *   `vector<any>` (a bare `AbstractVector`) to any `vector<T>` or `list<T>`.
 * - `A <: Union{A, B}`, so `union<A, B, C>` narrows to a member, or to a union of fewer members.
 * - Tuples are covariant (`Tuple{Int64, String} <: Tuple{Union{Int64, Bool}, String}`), so a
 *   `tuple` or `ntuple` narrows part by part, an `ntuple` to a `tuple` of its length too
 *   (`Tuple{Int64, Int32} <: NTuple{2, Integer}`).
 * - Every other parametric type is invariant in Julia (`Vector{Int64}` is no
 *   `Vector{Union{Int64, Bool}}`): its parts never change.
 */
import { formatFieldType, sameFieldType, type DeclaredFieldType } from "legolas-ts/internal/field-types";

/** Whether `child` is `parent` or a Julia subtype of it: a re-declaration that narrows. */
export function narrowsTo(parent: DeclaredFieldType, child: DeclaredFieldType): boolean {
  return sameFieldType(parent, child) || isJuliaSubtype(child, parent);
}

/** Whether every value (and every column) of `narrow` is one of `wide`, the types differing. */
export function isJuliaSubtype(narrow: DeclaredFieldType, wide: DeclaredFieldType): boolean {
  if (sameFieldType(narrow, wide)) return false;
  switch (wide.kind) {
    case "any":
      return true;
    case "abstract":
      return isAbstractSubtype(narrow, wide.name);
    case "union": {
      const members = narrow.kind === "union" ? narrow.members : [narrow];
      return members.every((member) => wide.members.some((candidate) => narrowsTo(candidate, member)));
    }
    case "vector":
      // A bare AbstractVector holds every Vector{T} and AbstractVector{T}.
      if (wide.element.kind === "any") return narrow.kind === "list" || narrow.kind === "vector";
      return narrow.kind === "list" && sameFieldType(wide.element, narrow.element);
    case "tuple":
      return (
        narrow.kind === "tuple" &&
        wide.elements.length === narrow.elements.length &&
        wide.elements.every((element, k) => narrowsTo(element, narrow.elements[k]!))
      );
    case "ntuple":
      // `Tuple{Int64, Int32} <: NTuple{2, Integer}`: a tuple whose every part narrows the element.
      if (narrow.kind === "tuple")
        return narrow.elements.length === wide.length && narrow.elements.every((part) => narrowsTo(wide.element, part));
      return narrow.kind === "ntuple" && wide.length === narrow.length && narrowsTo(wide.element, narrow.element);
    default:
      return false;
  }
}

function isAbstractSubtype(narrow: DeclaredFieldType, wide: "integer" | "real" | "number" | "period"): boolean {
  // `Union{Int64, Float64} <: Real`: a union is a subtype of what holds each of its members.
  if (narrow.kind === "union") return narrow.members.every((member) => isAbstractSubtype(member, wide));
  switch (wide) {
    case "integer":
      return narrow.kind === "int" || narrow.kind === "bool";
    case "real":
      return narrow.kind === "float" || isAbstractSubtype(narrow, "integer") || isAbstract(narrow, "integer");
    case "number":
      return isAbstractSubtype(narrow, "real") || isAbstract(narrow, "real");
    case "period":
      return narrow.kind === "duration";
  }
}

function isAbstract(type: DeclaredFieldType, name: string): boolean {
  return type.kind === "abstract" && type.name === name;
}

/** Why a re-declaration that is no narrowing is refused, for its diagnostic. */
export function wideningReason(parent: DeclaredFieldType, child: DeclaredFieldType): string {
  if (isJuliaSubtype(parent, child))
    return `${formatFieldType(child)} is wider than ${formatFieldType(parent)}; a re-declared field may only narrow its type`;
  return (
    "a re-declared field keeps its type or narrows it as Julia's subtyping does (any to any type; integer, real, " +
    "number, period to a subtype or a union of subtypes; a union to a member; vector<T> to list<T>; vector<any> to any vector<T> or list<T>; a tuple part by part)"
  );
}

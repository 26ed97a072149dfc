/**
 * Which re-declarations of Julia's containers and unions narrow a parent's field, by Julia's
 * subtyping (a child schema's field type must be a subtype of its parent's, Legolas.jl
 * src/schemas.jl): `Vector{T} <: AbstractVector{T}`, so `vector<T>` narrows to `list<T>`;
 * `A <: Union{A, B}`, so `union<A, B, C>` narrows to a member or to a union of fewer members;
 * tuples are covariant (`Tuple{Int64, String} <: Tuple{Union{Int64, Bool}, String}`), so a
 * `tuple` or `ntuple` narrows part by part. Every other parametric type is invariant in Julia
 * (`Vector{Int64}` is no `Vector{Union{Int64, Bool}}`): its parts never change.
 */
import { formatFieldType, sameFieldType, type DeclaredFieldType } from "legolas-ts/internal/field-types";

/** Whether `child` is `parent` or a Julia subtype of it, as far as containers and unions go. */
export function narrowsTo(parent: DeclaredFieldType, child: DeclaredFieldType): boolean {
  if (sameFieldType(parent, child)) return true;
  if (parent.kind === "union") {
    const members = child.kind === "union" ? child.members : [child];
    return members.every((member) => parent.members.some((candidate) => narrowsTo(candidate, member)));
  }
  if (parent.kind === "vector" && child.kind === "list") return sameFieldType(parent.element, child.element);
  if (parent.kind === "tuple" && child.kind === "tuple")
    return (
      parent.elements.length === child.elements.length &&
      parent.elements.every((element, k) => narrowsTo(element, child.elements[k]!))
    );
  if (parent.kind === "ntuple" && child.kind === "ntuple")
    return parent.length === child.length && narrowsTo(parent.element, child.element);
  return false;
}

/** Why a re-declaration that is no narrowing is refused, for its diagnostic. */
export function wideningReason(parent: DeclaredFieldType, child: DeclaredFieldType): string {
  if (narrowsTo(child, parent))
    return `${formatFieldType(child)} is wider than ${formatFieldType(parent)}; a re-declared field may only narrow its type (a union to fewer members, vector<T> to list<T>)`;
  return "a re-declared field keeps its type or narrows it as Julia's subtyping does (a union to a member, vector<T> to list<T>, a tuple part by part)";
}

/**
 * Which field types narrow which, following Julia's subtyping of the abstract types a field may
 * declare (issue 23): `Int32 <: Integer <: Real <: Number`, `Float64 <: Real`, `Bool <: Integer`,
 * `Millisecond <: Period`. A re-declared field may narrow its parent's type along these lines, as a
 * Legolas.jl child may declare `a::Float64` for its parent's `a::Real`; the compatibility report
 * reads the same relation for a field whose type changed between versions.
 */
import type { DeclaredFieldType } from "legolas-ts/internal/field-types";

/** Whether every value (and every column) of `narrow` is one of `wide`, `wide` being abstract and the types differing. */
export function isJuliaSubtype(narrow: DeclaredFieldType, wide: DeclaredFieldType): boolean {
  if (wide.kind !== "abstract") return false;
  switch (wide.name) {
    case "integer":
      return narrow.kind === "int" || narrow.kind === "bool";
    case "real":
      return (
        narrow.kind === "int" || narrow.kind === "bool" || narrow.kind === "float" || isAbstract(narrow, "integer")
      );
    case "number":
      return isJuliaSubtype(narrow, { kind: "abstract", name: "real" }) || isAbstract(narrow, "real");
    case "period":
      return narrow.kind === "duration";
  }
}

function isAbstract(type: DeclaredFieldType, name: string): boolean {
  return type.kind === "abstract" && type.name === name;
}

/**
 * Where Legolas.jl takes a UInt128 for a UUID. Arrow.jl reads a UInt128 (the storage of old
 * UUID columns) as a `UInt128`, which `Legolas.validate` accepts for a `UUID` only where
 * `accepted_field_type` widens the declared type (Legolas.jl src/schemas.jl): a field's own
 * `UUID` (or `Union{Missing, UUID}`) and the elements of its `Vector{UUID}`, its
 * `Vector{Vector{UUID}}`, and so on. In a set, tuple, ntuple, map, union, struct or record, or
 * an `AbstractVector{UUID}`, a UInt128 is no UUID to Julia, and the table is refused.
 */
import { DataType, type Field } from "apache-arrow";
import type { FieldType } from "../schema-version-types.js";
import type { Violation } from "../violations.js";
import { isUint128 } from "./ipc/uint128-columns.js";

/** The places under `field` (of the declared `type`, at `path`) where a UInt128 holds UUIDs Julia does not read as such. */
export function uint128sJuliaReadsAsNoUuid(type: FieldType, field: Field, path: string): Violation[] {
  const out: Violation[] = [];
  visit(type, field, path, true, out);
  return out;
}

function visit(type: FieldType, field: Field, path: string, widened: boolean, out: Violation[]): void {
  const stored = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
  const children = (stored.children ?? []) as Field[];
  const byName = (name: string) => children.find((child) => child.name === name);
  switch (type.kind) {
    case "uuid":
      if (!widened && isUint128(stored)) out.push(noUuid(path));
      return;
    case "list":
      if (children[0] !== undefined) visit(type.element, children[0], `${path}[]`, widened, out);
      return;
    case "vector":
    case "set":
    case "ntuple":
      if (children[0] !== undefined) visit(type.element, children[0], `${path}[]`, false, out);
      return;
    case "tuple":
      type.elements.forEach((element, k) => {
        const child = byName(String(k + 1));
        if (child !== undefined) visit(element, child, `${path}.${k + 1}`, false, out);
      });
      return;
    case "struct":
    case "record":
      for (const own of type.kind === "struct" ? type.fields : type.schemaVersion().fields) {
        const child = byName(own.name);
        if (child !== undefined) visit(own.type, child, `${path}.${own.name}`, false, out);
      }
      return;
    case "map": {
      const [key, value] = (children[0]?.type.children ?? []) as Field[];
      if (key !== undefined) visit(type.key, key, `${path}[].key`, false, out);
      if (value !== undefined) visit(type.value, value, `${path}[].value`, false, out);
      return;
    }
    case "union":
      // A member's storage picks its child; a UInt128 child is the uuid member's unless a member holds UInt128s as such.
      if (type.members.some((member) => member.kind === "uuid") && !type.members.some(holdsUint128))
        if (children.some((child) => isUint128(child.type))) out.push(noUuid(path));
      return;
    default:
      return;
  }
}

function holdsUint128(type: FieldType): boolean {
  if (type.kind === "abstract") return type.name !== "period";
  return (type.kind === "int" && type.bits === 128 && !type.signed) || type.kind === "any";
}

function noUuid(path: string): Violation {
  return {
    code: "incorrect_type",
    path,
    expected: "uuid (Arrow FixedSizeBinary[16] labelled JuliaLang.UUID)",
    found:
      "Arrow Uint128, which Julia reads as a UInt128, no UUID, here (Legolas.jl takes one for a UUID only " +
      "in a field of its own or a Vector of them); write the table's rows (readTable's result.rows), which store UUIDs as Arrow.jl does",
  };
}

/**
 * Type changes of Julia's containers and unions between two versions (resolve/julia-subtypes.ts
 * says which are narrowings). `vector<T>` and `list<T>` are one storage, read and written alike.
 * A narrowed type (a union to a member, say) keeps new tables readable by the old version, whose
 * union accepts a member's storage, but not old tables by the new one: forward only. A widened
 * type is the reverse: backward only, so it needs a new version, as Julia's `Union` would.
 */
import { formatFieldType, sameFieldType, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import { narrowsTo } from "../resolve/julia-subtypes.js";
import type { Change } from "./changes.js";

/** The change from `old` to `neu` at `path`, or `null` when neither narrows the other. */
export function containerTypeChange(path: string, old: DeclaredFieldType, neu: DeclaredFieldType): Change | null {
  const detail = `${formatFieldType(old)} -> ${formatFieldType(neu)}`;
  const listPair = (a: DeclaredFieldType, b: DeclaredFieldType) =>
    a.kind === "vector" && b.kind === "list" && sameFieldType(a.element, b.element);
  if (listPair(old, neu) || listPair(neu, old)) {
    const reason = "vector<T> and list<T> are both stored as an Arrow List and read as the same values";
    return { kind: "type-changed", path, detail, backward: true, forward: true, reason };
  }
  if (narrowsTo(old, neu) && narrowsTo(neu, old)) {
    const reason =
      "the same Julia type written another way (a union's members are a set: Union{Int64, String} is Union{String, Int64}); each version reads the other's tables";
    return { kind: "type-changed", path, detail, backward: true, forward: true, reason };
  }
  if (narrowsTo(old, neu))
    return {
      kind: "type-changed",
      path,
      detail,
      backward: false,
      forward: true,
      reason: `the new type is narrower: the old version reads tables of the new one (a union accepts its members' storage), but old tables may hold values of ${formatFieldType(old)} that ${formatFieldType(neu)} refuses`,
    };
  if (narrowsTo(neu, old))
    return {
      kind: "type-changed",
      path,
      detail,
      backward: true,
      forward: false,
      reason: `the new type is wider: it reads old tables, but the old version refuses the new values ${formatFieldType(neu)} allows beyond ${formatFieldType(old)}`,
    };
  return null;
}

/**
 * The parts two types hold at the same place and declare alike there, with the suffix a table's
 * violations name that place by (`[]` an element, `.1` a tuple's first part, `.key`, `.value`;
 * none for a union's member, which both sides may list in any order): `tuple<p@1, int64>` and
 * `tuple<p@1, bool>` share `p@1` at `.1`. A nested record there may have been changed in place,
 * which the container's type name does not show.
 */
export function sharedParts(
  old: DeclaredFieldType,
  neu: DeclaredFieldType,
): (readonly [string, DeclaredFieldType, DeclaredFieldType])[] {
  if (old.kind === "union" || neu.kind === "union") {
    const members = (type: DeclaredFieldType) => (type.kind === "union" ? type.members : [type]);
    return members(old).flatMap((member) => {
      const other = members(neu).find((candidate) => sameFieldType(member, candidate));
      return other === undefined ? [] : [["", member, other] as const];
    });
  }
  const placed = (type: DeclaredFieldType): (readonly [string, DeclaredFieldType])[] => {
    switch (type.kind) {
      case "list":
      case "vector":
      case "set":
      case "ntuple":
        return [["[]", type.element]];
      case "tuple":
        return type.elements.map((element, k) => [`.${k + 1}`, element] as const);
      case "map":
        return [
          [".key", type.key],
          [".value", type.value],
        ];
      default:
        return [];
    }
  };
  const after = new Map(placed(neu));
  return placed(old).flatMap(([suffix, part]) => {
    const other = after.get(suffix);
    return other !== undefined && sameFieldType(part, other) ? [[suffix, part, other] as const] : [];
  });
}

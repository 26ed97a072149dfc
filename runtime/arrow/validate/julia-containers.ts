/**
 * Which Arrow storage a Julia container field accepts on read: what Arrow.jl reads as that
 * container (src/eltypes.jl, `juliaeltype`), as Legolas.jl's column check then requires it.
 * - `vector<T>`: a List or LargeList, as `list<T>` (Arrow.jl reads a FixedSizeList as an
 *   `NTuple`, which is no `AbstractVector`, so Legolas.jl refuses it there too).
 * - `ntuple<T, N>`: a FixedSizeList of N (or a child's `tuple` of N, labelled JuliaLang.Tuple); or a FixedSizeBinary of N, which is how Arrow.jl writes
 *   an `NTuple{N, UInt8}` (`arrowtype(b, ::FixedSizeList)`), wherever T holds a UInt8 (`uint8`,
 *   or what a child schema narrowed to it: tuples are covariant, so `NTuple{N, UInt8} <:
 *   NTuple{N, Union{UInt8, Int64}}`).
 * - `set<T>`: a List labelled `JuliaLang.Set` (unlabelled, Arrow.jl reads a `Vector`).
 * - `tuple<A, B, ...>`: a Struct labelled `JuliaLang.Tuple` with exactly the children `"1"`, `"2"`,
 *   ... in order (unlabelled, Arrow.jl reads a `NamedTuple`; it reads the children by position, so
 *   another number of them is another `Tuple` type).
 * - `map<K, V>`: a Map, its entries' key and value checked by position.
 * - `union<A, B>`: a DenseUnion or SparseUnion whose children are storage of distinct members
 *   (in any order, some members absent: Legolas.jl's check is `eltype(column) <: Union{A, B}`),
 *   a Null child only for `union<A, B>?`; or a plain column of one member's storage (a child
 *   schema that narrowed the union to `A` writes one, and `A <: Union{A, B}`).
 */
import { DataType, type Field, Uint8 } from "apache-arrow";
import type { FieldType } from "../../field-types.js";
import type { JuliaContainerType } from "../../julia-containers.js";
import { EXTENSION_NAME_KEY, SET_EXTENSION, TUPLE_EXTENSION } from "../metadata.js";

/** table-schema.ts's check of a child's type; it records what it finds wrong. */
type CheckChild = (path: string, type: FieldType, stored: DataType, field: Field) => void;
/** Whether storage `stored` holds values of `type`, recording nothing. */
export type StorageMatches = (type: FieldType, stored: DataType, field: Field | undefined) => boolean;

/** Whether `found` (the column's field, `field`) is storage of `type` as far as its own level goes; children are handed to `checkChild`. */
export function acceptsContainer(
  type: JuliaContainerType,
  found: DataType,
  field: Field | undefined,
  path: string,
  checkChild: CheckChild,
  matches: StorageMatches,
  optional: boolean,
): boolean {
  const label = field?.metadata.get(EXTENSION_NAME_KEY);
  const children = found.children as Field[];
  switch (type.kind) {
    case "vector":
    case "set": {
      const list = DataType.isList(found) || DataType.isLargeList(found);
      if (!list || (type.kind === "set") !== (label === SET_EXTENSION)) return false;
      checkChild(`${path}[]`, type.element, children[0]!.type, children[0]!);
      return true;
    }
    case "ntuple":
      if (DataType.isFixedSizeBinary(found))
        return found.byteWidth === type.length && matches(type.element, BYTE_STORAGE, undefined);
      // A child that narrowed it to a tuple of its element's subtypes (`Tuple{Int64, Int32} <:
      // NTuple{2, Integer}`) writes that tuple, as Arrow.jl writes a Tuple: read part by part.
      if (DataType.isStruct(found))
        return acceptsContainer(ntupleAsTuple(type), found, field, path, checkChild, matches, optional);
      if (!DataType.isFixedSizeList(found) || found.listSize !== type.length) return false;
      checkChild(`${path}[]`, type.element, children[0]!.type, children[0]!);
      return true;
    case "tuple": {
      if (!DataType.isStruct(found) || label !== TUPLE_EXTENSION) return false;
      // Arrow.jl reads a tuple's children by position (`JuliaType(::Val{TUPLE}, ...)` is the NamedTuple's
      // types): one more or fewer is another Tuple type, and children out of order another order.
      if (children.length !== type.elements.length || children.some((child, k) => child.name !== String(k + 1)))
        return false;
      type.elements.forEach((element, k) => checkChild(`${path}.${k + 1}`, element, children[k]!.type, children[k]!));
      return true;
    }
    case "map": {
      if (!DataType.isMap(found)) return false;
      const [key, value] = children[0]!.type.children as Field[];
      checkChild(`${path}.key`, type.key, key!.type, key!);
      checkChild(`${path}.value`, type.value, value!.type, value!);
      return true;
    }
    case "union": {
      if (!DataType.isUnion(found)) return type.members.some((member) => matches(member, found, field));
      const members = unionChildMembers(type, found, matches);
      return members !== null && (optional || !members.includes(null));
    }
  }
}

/** `ntuple<T, N>` as `tuple<T, ..., T>`: what reads a tuple's storage for it. */
export function ntupleAsTuple(
  type: Extract<JuliaContainerType, { kind: "ntuple" }>,
): Extract<JuliaContainerType, { kind: "tuple" }> {
  return { kind: "tuple", elements: Array.from({ length: type.length }, () => type.element) };
}

/** The storage of each byte of a FixedSizeBinary, as an `ntuple`'s element reads it. */
export const BYTE_STORAGE = new Uint8();

/**
 * The member each child of a union column holds (`null`: a Null child, Julia's `Missing`),
 * each child matched to the first member not yet taken whose storage it is; `null` when some
 * child holds no member's values.
 */
export function unionChildMembers(
  type: Extract<JuliaContainerType, { kind: "union" }>,
  found: DataType,
  matches: StorageMatches,
): (number | null)[] | null {
  const taken = new Set<number>();
  const members: (number | null)[] = [];
  for (const child of found.children as Field[]) {
    if (DataType.isNull(child.type)) {
      members.push(null);
      continue;
    }
    const member = type.members.findIndex((m, k) => !taken.has(k) && matches(m, child.type, child));
    if (member < 0) return null;
    taken.add(member);
    members.push(member);
  }
  return members;
}

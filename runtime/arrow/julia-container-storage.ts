/**
 * The Arrow storage Arrow.jl writes for Julia's containers (runtime/julia-containers.ts cites the
 * ArrowTypes.jl methods): an `AbstractVector` or a `Set` is a List whose child is named "", an
 * `NTuple{N, T}` a FixedSizeList of N, a `Tuple` a Struct of fields "1", "2", ..., a `Dict` a Map
 * whose entries are named as src/eltypes.jl names them (`entries`, `key`, `value`; keys unsorted).
 * An `NTuple{N, UInt8}` is a FixedSizeBinary of N (src/eltypes.jl, `arrowtype(b, ::FixedSizeList)`).
 * A `Set` and a `Tuple` carry their extension names, `JuliaLang.Set` and `JuliaLang.Tuple`.
 */
import {
  type DataType,
  DenseUnion,
  Field,
  FixedSizeBinary,
  FixedSizeList,
  List,
  Map_,
  Null,
  Struct,
} from "apache-arrow";
import type { FieldType } from "../field-types.js";
import { isByteTuple, type JuliaContainerType } from "../julia-containers.js";
import { extensionMetadata, SET_EXTENSION, TUPLE_EXTENSION } from "./metadata.js";

type FieldOf = (name: string, type: FieldType, optional: boolean) => Field;

/**
 * The storage type of a container, its children built by `fieldOf` (schema.ts's `arrowFieldOf`);
 * `optional` says whether a union holds `missing` too.
 */
export function containerArrowType(type: JuliaContainerType, fieldOf: FieldOf, optional = false): DataType {
  switch (type.kind) {
    case "vector":
    case "set":
      return new List(fieldOf("", type.element, false));
    case "ntuple":
      return isByteTuple(type)
        ? new FixedSizeBinary(type.length)
        : new FixedSizeList(type.length, fieldOf("", type.element, false));
    case "tuple":
      return new Struct(type.elements.map((element, index) => fieldOf(String(index + 1), element, false)));
    case "map": {
      const entry = new Struct([fieldOf("key", type.key, false), fieldOf("value", type.value, false)]);
      return new Map_(new Field("entries", entry, false), false);
    }
    case "union":
      return unionArrowType(type.members, fieldOf, optional);
  }
}

/**
 * A `Union{A, B}` as Arrow.jl lays it out (src/arraytypes/unions.jl, `todense`): a DenseUnion of
 * one child per member, named "", type ids 0, 1, ...; `Union{Missing, A, B}` has `Missing` as
 * its first member: a Null child, where every missing value goes. No other child is nullable.
 * Arrow.jl makes the first child of a `Union{A, B}` nullable too (its vector is
 * `Vector{Union{Missing, A}}`), and then reads the column as `Union{Missing, A, B}`
 * (src/eltypes.jl: a union's type is the union of its children's, a nullable child's with
 * `Missing`), which `Legolas.validate` refuses for a `Union{A, B}` field: written so, a table of
 * a required union would not read in Julia.
 */
function unionArrowType(members: readonly FieldType[], fieldOf: FieldOf, optional: boolean): DataType {
  const children = members.map((member) => fieldOf("", member, false));
  if (optional) children.unshift(new Field("", new Null(), true));
  return new DenseUnion(
    children.map((_, k) => k),
    children,
  );
}

/** The extension metadata Arrow.jl writes on a container's field, if any. */
export function containerExtension(type: JuliaContainerType): Map<string, string> | undefined {
  if (type.kind === "set") return extensionMetadata(SET_EXTENSION);
  if (type.kind === "tuple") return extensionMetadata(TUPLE_EXTENSION);
  return undefined;
}

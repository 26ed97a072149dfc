/**
 * A field as Arrow.jl writes it with `largelists=true`: every List a LargeList, every Utf8 a
 * LargeUtf8 and every Binary a LargeBinary, at every depth (src/arraytypes/list.jl, `ToList`:
 * `I = largelists ? Int64 : Int32`; src/eltypes.jl, `arrowtype(b, x::List{T,O,A})` picks the Large
 * type when `O == Int64`). A Map is not changed: Arrow.jl writes its offsets as Int64 then (its
 * `arrowvector(::MapKind, ...)` passes `largelists` to `ToList`) under a Map type, whose offsets
 * are Int32 in the format and in Arrow.jl's own reader (src/table.jl, `build` for `Meta.Map`:
 * `OT = Int32`), so a `Dict` column written so reads back as nothing anyone wrote.
 */
import { DataType, Field, FixedSizeList, LargeBinary, LargeList, LargeUtf8, Struct, Union } from "apache-arrow";

export function withLargeLists(field: Field): Field {
  return new Field(field.name, largeType(field.type), field.nullable, field.metadata);
}

function largeType(type: DataType): DataType {
  if (DataType.isUtf8(type)) return new LargeUtf8();
  if (DataType.isBinary(type)) return new LargeBinary();
  if (DataType.isList(type)) return new LargeList(withLargeLists(type.children[0]!));
  if (DataType.isFixedSizeList(type)) return new FixedSizeList(type.listSize, withLargeLists(type.children[0]!));
  if (DataType.isStruct(type)) return new Struct(type.children.map(withLargeLists));
  if (DataType.isUnion(type)) return new Union(type.mode, [...type.typeIds], type.children.map(withLargeLists));
  return type;
}

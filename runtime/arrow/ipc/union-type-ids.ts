/**
 * Union types without type ids, as Arrow.jl writes every union: the DenseUnionVector (or, with
 * `denseunions=false`, SparseUnionVector) that `Arrow.write` makes of a `Union` column has a
 * `UnionT` whose `typeIds` are `nothing` (apache/arrow-julia src/arraytypes/unions.jl), and
 * `arrowtype` writes the type ids vector only when they are not (src/eltypes.jl). The format
 * leaves them optional (Schema.fbs: "optional, describes typeid of each child"); without them a
 * value's type id is its child's index, which is how Arrow.jl reads every union
 * (`s.data[typeId + 1]`). apache-arrow decodes such a type with no ids at all, so that no value's
 * type id would name a child: the type is given the ids it means, in place, so that every reader
 * of it (apache-arrow's own getters too) finds each value's child.
 */
import { DataType, type Field, type Schema, type Union } from "apache-arrow";

/** `type`, its children's indexes made its type ids when it lists none. */
export function withChildIndexTypeIds<T extends Union>(type: T): T {
  if (type.typeIds.length === 0 && type.children.length > 0) {
    const ids = Int32Array.from(type.children.keys());
    const childIndexOf: Record<number, number> = Object.create(null);
    for (const id of ids) childIndexOf[id] = id;
    const completed = type as unknown as { typeIds: Int32Array; typeIdToChildIndex: Record<number, number> };
    completed.typeIds = ids;
    completed.typeIdToChildIndex = childIndexOf;
  }
  return type;
}

/** `schema`, each union type of its fields at any depth (a dictionary's values too) given {@link withChildIndexTypeIds}. */
export function withUnionTypeIds(schema: Schema): Schema {
  for (const field of schema.fields) completeUnions(field.type);
  return schema;
}

function completeUnions(type: DataType): void {
  if (DataType.isDictionary(type)) return completeUnions(type.dictionary);
  if (DataType.isUnion(type)) withChildIndexTypeIds(type);
  for (const child of (type.children ?? []) as Field[]) completeUnions(child.type);
}

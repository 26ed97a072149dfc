import { Field, List, Struct } from "apache-arrow";

/**
 * The field metadata Arrow.jl writes on a column of a Julia type it names (`ArrowTypes.arrowname`):
 * the name and an empty extension metadata, both, always (apache/arrow-julia
 * src/arraytypes/arraytypes.jl, `_arrowtypemeta`; every labelled field of the Julia fixtures,
 * test/helpers/julia-fixtures.ts, holds both).
 */
export function arrowJlExtension(name: string): Map<string, string> {
  return new Map([
    ["ARROW:extension:name", name],
    ["ARROW:extension:metadata", ""],
  ]);
}

/** `field` with no metadata at any depth, as a tool that drops Arrow.jl's labels leaves it (its Structs and Lists rebuilt). */
export function withoutLabels(field: Field): Field {
  const children = ((field.type.children ?? []) as Field[]).map(withoutLabels);
  const type =
    field.type instanceof Struct
      ? new Struct(children)
      : field.type instanceof List
        ? new List(children[0]!)
        : field.type;
  return new Field(field.name, type, field.nullable);
}

/** The extension names of `field` and its children, as a tree: `[name or null, ...children's trees]`. */
export function labelsOf(field: Field): unknown {
  return [
    field.metadata.get("ARROW:extension:name") ?? null,
    ...((field.type.children ?? []) as Field[]).map(labelsOf),
  ];
}

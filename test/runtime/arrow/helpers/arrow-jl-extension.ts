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

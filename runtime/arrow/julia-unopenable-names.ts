/**
 * Names in an Arrow schema that Arrow.jl cannot open a file with. Arrow.jl makes a Julia Symbol
 * of every column's name (src/table.jl), every struct child's (src/eltypes.jl, `juliaeltype` of a
 * Struct: a NamedTuple's names) and every extension name (`ArrowTypes.JuliaType(Val(Symbol(name)), ...)`),
 * and a Symbol cannot hold NUL (julia-scalars.ts, `isJuliaSymbolText`); a struct's children name
 * a NamedTuple's fields, which Julia refuses twice of one name ("duplicate field name in
 * NamedTuple"). One such name, and Legolas.read fails on the whole file. Extra columns count
 * too: Arrow.jl opens every column.
 */
import { DataType, type Field } from "apache-arrow";
import { isJuliaSymbolText, NUL_IN_NAME } from "../julia-scalars.js";
import type { Violation } from "../violations.js";
import { extensionNameOf } from "./metadata.js";

/** A field of a column, as {@link fieldsWithin} gives it. */
export interface HeldField {
  readonly field: Field;
  /** Its type, a dictionary's values' where it is dictionary-encoded. */
  readonly type: DataType;
  /** Where it is, as violations name it: `s.a`, `xs[]`. */
  readonly path: string;
  /** Whether Arrow.jl reads its name: a column's or a struct's child's (a map's key and value too, its entries being a struct); a list's element and a union's member are read by position. */
  readonly named: boolean;
}

/** The column `field` and every field it holds, each with its place: what Arrow.jl reads of a column. */
export function* fieldsWithin(field: Field, path = field.name, named = true): Generator<HeldField> {
  const type = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
  yield { field, type, path, named };
  const struct = DataType.isStruct(type);
  for (const child of (type.children ?? []) as Field[])
    yield* fieldsWithin(child, struct ? `${path}.${child.name}` : `${path}[]`, struct);
}

/** The violations of the column `field` and of every field it holds, each at its path. */
export function namesJuliaCannotOpen(field: Field): Violation[] {
  const out: Violation[] = [];
  for (const { field: held, type, path, named } of fieldsWithin(field)) {
    if (named && !isJuliaSymbolText(held.name)) out.push(nulViolation(path, `the name ${JSON.stringify(held.name)}`));
    const label = extensionNameOf(held);
    if (label !== null && !isJuliaSymbolText(label))
      out.push(nulViolation(path, `the extension name ${JSON.stringify(label)}`));
    if (DataType.isStruct(type)) out.push(...repeatedNames(type.children, path));
  }
  return out;
}

/** A violation for each name two or more of a struct's `children` (at `path`) share. */
function repeatedNames(children: readonly Field[], path: string): Violation[] {
  const counts = new Map<string, number>();
  for (const { name } of children) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(([name, count]) => ({
      code: "incorrect_type",
      path: `${path}.${name}`,
      expected: "one struct field of this name",
      found: `${count} fields named ${JSON.stringify(name)}, which Arrow.jl reads as one NamedTuple's, whose names must differ, so Julia could not open the file; rename or drop all but one`,
    }));
}

function nulViolation(path: string, what: string): Violation {
  return {
    code: "incorrect_type",
    path,
    expected: "a name without NUL",
    found: `${what}, holding ${NUL_IN_NAME}; rename it`,
  };
}

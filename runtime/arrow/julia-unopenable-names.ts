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

/** The violations of the column `field` and of every field it holds, each at its path. */
export function namesJuliaCannotOpen(field: Field): Violation[] {
  const out: Violation[] = [];
  visit(field, field.name, true, out);
  return out;
}

/**
 * `named`: `field` is a column or a struct's child, whose name Arrow.jl reads (a map's key and
 * value too, its entries being a struct); a list's element and a union's member are read by position.
 */
function visit(field: Field, path: string, named: boolean, out: Violation[]): void {
  if (named && !isJuliaSymbolText(field.name)) out.push(nulViolation(path, `the name ${JSON.stringify(field.name)}`));
  const label = extensionNameOf(field);
  if (label !== null && !isJuliaSymbolText(label))
    out.push(nulViolation(path, `the extension name ${JSON.stringify(label)}`));
  const type = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
  const struct = DataType.isStruct(type);
  const children = (type.children ?? []) as Field[];
  if (struct) out.push(...repeatedNames(children, path));
  for (const child of children) visit(child, struct ? `${path}.${child.name}` : `${path}[]`, struct, out);
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

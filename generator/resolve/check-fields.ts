/**
 * Which fields a row check reads. A reader that reads only some columns (legolas-ts's `columns`
 * option) must also read what the version's checks read, or it could not run them; the
 * descriptor lists those fields per check (`checks[i].fields`). A check reads a field through
 * `row.name` or `row["name"]`; a check that uses `row` any other way (passes it to a function,
 * indexes it with a computed key, spreads it) could read anything, and lists nothing: a
 * projected read then reads every column.
 */
import type { ts as Ts } from "ts-morph";
import { propertyKey } from "legolas-ts/internal/field-names";
import { typescript } from "../ts-morph-lazy.js";

/** The names of the fields `expression` (a parsed check) reads, in field order; `null` when it cannot tell. */
export function fieldsReadByCheck(expression: string, fieldNames: readonly string[]): string[] | null {
  const ts = typescript();
  const byProperty = new Map(fieldNames.map((name) => [propertyKey(name), name]));
  const sourceFile = ts.createSourceFile("check.ts", expression, ts.ScriptTarget.Latest, true);
  const read = new Set<string>();
  let known = true;
  const visit = (node: Ts.Node): void => {
    if (!known) return;
    if (ts.isIdentifier(node) && node.text === "row" && !isPropertyName(ts, node)) {
      const field = fieldRead(ts, node, byProperty);
      if (field === null) known = false;
      else read.add(field);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return known ? fieldNames.filter((name) => read.has(name)) : null;
}

/** `row` as the name after a dot (`x.row`) or a property of an object literal is no reference to the row. */
function isPropertyName(ts: typeof Ts, node: Ts.Identifier): boolean {
  const { parent } = node;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node)
  );
}

/** The field `row` reads at this reference, or `null` when it is not a plain field read. */
function fieldRead(ts: typeof Ts, row: Ts.Identifier, byProperty: ReadonlyMap<string, string>): string | null {
  const { parent } = row;
  let key: string | undefined;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === row) key = parent.name.text;
  else if (
    ts.isElementAccessExpression(parent) &&
    parent.expression === row &&
    ts.isStringLiteralLike(parent.argumentExpression)
  )
    key = parent.argumentExpression.text;
  return key === undefined ? null : (byProperty.get(key) ?? null);
}

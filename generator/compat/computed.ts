/**
 * Comparing what runs on a field before it is validated: its `value:` expressions and
 * `input: any`. A table of a version with a `value:` is read through the row class, so the
 * expression sees every stored value: adding, removing or changing one changes what the rows of
 * a table read as, or makes them break the field's constraints, and a table valid through an
 * expression need not be valid as stored. Expressions are compared as text
 * (re-printed from their syntax trees, as checks are), never by meaning.
 */
import type { DeclaredFieldDescriptor } from "legolas-ts/internal/field-types";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { Change } from "./changes.js";
import { expressionMayRead } from "./checks.js";

/** One side of a comparison: a version, or the fields of an inline struct (which a record may replace), whose reads compute nothing. */
type Side = ResolvedVersion | readonly DeclaredFieldDescriptor[];

/** The `value:` and `input: any` changes of the fields both sides declare; `path` is `""` at the top, `field.` inside a record. */
export function compareComputed(path: string, old: Side, neu: Side): Change[] {
  const [before, after] = [computedSide(old), computedSide(neu)];
  return before.fields.flatMap((oldField) => {
    const newField = after.fields.find((f) => f.name === oldField.name);
    if (newField === undefined) return [];
    const fieldPath = path + oldField.name;
    const input = inputChange(fieldPath, oldField.input === "any", newField.input === "any");
    return [...valueChange(fieldPath, before.values(oldField.name), after.values(oldField.name)), ...input];
  });
}

function computedSide(side: Side) {
  if (isStructFields(side)) return { fields: side, values: (): string[] => [] };
  return { fields: side.fields.map((f) => f.descriptor), values: (name: string) => valueChain(side, name) };
}

function isStructFields(side: Side): side is readonly DeclaredFieldDescriptor[] {
  return Array.isArray(side);
}

/**
 * Whether the `value:` expression of another field of `version` (its parents' included) may read
 * the field `name`: it sees the field converted, its default filled where the value is missing.
 */
export function valuesMayRead(version: ResolvedVersion, name: string): boolean {
  const own = version.fields.some(
    ({ descriptor, value }) =>
      value !== undefined && descriptor.name !== name && expressionMayRead(value.expression, name),
  );
  return own || (version.parent !== null && valuesMayRead(version.parent, name));
}

/** The `value:` expressions a read of `version` runs on field `name`: its parents' first, each in its own conversion. */
function valueChain(version: ResolvedVersion, name: string): string[] {
  const inherited = version.parent === null ? [] : valueChain(version.parent, name);
  const own = version.fields.find((f) => f.descriptor.name === name)?.value;
  return own === undefined ? inherited : [...inherited, own.expression];
}

function valueChange(path: string, old: readonly string[], neu: readonly string[]): Change[] {
  if (old.length === neu.length && old.every((expression, i) => expression === neu[i])) return [];
  const detail = `value ${showChain(old)} -> ${showChain(neu)}`;
  // A version with an expression judges a table by what the expression makes of it, so what the
  // table stores (or a column it lacks) may break the other version, which reads it as stored.
  if (old.length === 0)
    return [
      {
        kind: "value-added",
        path,
        detail,
        backward: false,
        forward: false,
        reason:
          "old tables are read through the new expression, which may change every stored value or make it break the field's constraints; a new table is valid as the expression reads it, so the values it stores (or a column it lacks) may break the old version, which reads them as they are",
      },
    ];
  if (neu.length === 0)
    return [
      {
        kind: "value-removed",
        path,
        detail,
        backward: false,
        forward: false,
        reason:
          "an old table is valid as the old expression reads it, so the values it stores (or a column it lacks) may break the new version, which reads them as they are; the old version reads new tables through its expression, which may change every stored value or make it break the field's constraints",
      },
    ];
  return [
    {
      kind: "value-changed",
      path,
      detail,
      backward: false,
      forward: false,
      reason:
        "each version reads the other's tables through its own expression, which may change every stored value or make it break the field's constraints (expressions are compared as text, not by meaning)",
    },
  ];
}

function inputChange(path: string, old: boolean, neu: boolean): Change[] {
  if (old === neu) return [];
  return [
    neu
      ? {
          kind: "input-widened",
          path,
          detail: "input (the field's type) -> any",
          backward: true,
          forward: false,
          reason:
            "with input: any the new version reads a column of any Arrow type there, which the old version refuses",
        }
      : {
          kind: "input-narrowed",
          path,
          detail: "input any -> (the field's type)",
          backward: false,
          forward: true,
          reason:
            "old tables may hold a column of any Arrow type there (input: any), which the new version refuses unless it is the field's own",
        },
  ];
}

function showChain(expressions: readonly string[]): string {
  return expressions.length === 0 ? "(none)" : expressions.map((e) => JSON.stringify(e)).join(", then ");
}

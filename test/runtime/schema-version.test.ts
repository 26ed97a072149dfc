/**
 * runtime/schema-version.ts `defineSchemaVersion`: a version declared by hand (not from YAML) is
 * refused for a field no file Julia reads can hold, as `legolas generate` refuses the YAML
 * (`julia-unreadable`), with the generator's words; nothing is registered.
 */
import { describe, expect, test } from "vitest";
import { findSchemaVersion, type FieldType, type RowClass } from "legolas-ts";
import { defineSchemaVersion } from "../../runtime/schema-version.js";
import type { SchemaVersionDeclaration } from "../../runtime/schema-version-types.js";
import { declarationErrors } from "../generator/helpers.js";

const AnyRow = { validate: () => [], is: () => true } as unknown as RowClass;

function declaration(name: string, type: FieldType): SchemaVersionDeclaration<object, never> {
  return {
    name,
    version: 1,
    parent: null,
    fields: [{ name: "x", type, optional: false, constraints: {} }],
    checks: [],
    rowClass: AnyRow,
  };
}

const string: FieldType = { kind: "string" };
const real: FieldType = { kind: "abstract", name: "real" };
const integer: FieldType = { kind: "abstract", name: "integer" };
const zoned = (timezone: string): FieldType => ({ kind: "timestamp", unit: "ms", timezone });

/** Each type the generator refuses as `julia-unreadable`: its YAML (the lines after `x:`) and its hand-declared form. */
const refused: [yaml: string, type: FieldType][] = [
  ["map<string, real>", { kind: "map", key: string, value: real }],
  ["vector<integer>", { kind: "vector", element: integer }],
  [
    "vector<list<int64>>",
    { kind: "vector", element: { kind: "list", element: { kind: "int", bits: 64, signed: true } } },
  ],
  ["map<string, vector<string>>", { kind: "map", key: string, value: { kind: "vector", element: string } }],
  ["timestamp<ms, US/Pacific>", zoned("US/Pacific")],
  ["list<timestamp<ms, Europe/Pari>>", { kind: "list", element: zoned("Europe/Pari") }],
];

/** The generator's reason for refusing `x: <yaml>`, without its place and rule. */
function generatorsWords(yaml: string): string {
  const [error] = declarationErrors({
    "a.yaml": `schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      x: "${yaml}"\n`,
  });
  return error!.replace(/^\S+: /, "").replace(/ \[julia-unreadable\]$/, "");
}

describe("defineSchemaVersion of a field Julia reads no file of", () => {
  test.each(refused)("%s: a TypeError with the generator's words; nothing registered", (yaml, type) => {
    const name = `test.hand-unreadable-${refused.findIndex(([y]) => y === yaml)}`;
    expect(() => defineSchemaVersion(declaration(name, type))).toThrow(
      new TypeError(`invalid schema version ${name}@1: ${generatorsWords(yaml)}`),
    );
    expect(findSchemaVersion(`${name}@1`)).toBeUndefined();
  });

  test("an inline struct's child (at any depth) is refused as the generator refuses it there, named with the struct's field", () => {
    const child = (type: FieldType) => ({ name: "a", type, optional: false, constraints: {} });
    const inner: FieldType = { kind: "struct", fields: [child(integer)] };
    expect(() =>
      defineSchemaVersion(declaration("test.hand-unreadable-child", { kind: "struct", fields: [child(inner)] })),
    ).toThrow(
      /^invalid schema version test\.hand-unreadable-child@1: field "x": child "a": child "a": type integer \(an inline struct's child\) is no type Julia reads: .*write int64$/,
    );
  });

  test("the types Julia reads are declared: the abstract field itself, a list of it, a timestamp in UTC or an offset", () => {
    for (const [k, type] of [real, { kind: "list", element: integer }, zoned("UTC"), zoned("+01:00")].entries()) {
      const schemaVersion = defineSchemaVersion(declaration(`test.hand-readable-${k}`, type as FieldType));
      expect(findSchemaVersion(`test.hand-readable-${k}@1`)).toBe(schemaVersion);
    }
  });
});

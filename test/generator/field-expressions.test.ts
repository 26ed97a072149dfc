/**
 * Field expressions (`value:`, Legolas's field right-hand sides) and the `any` type as the
 * generator declares them: each expression is written in the row-check language, type-checked
 * over the row it sees (earlier fields converted, later ones as input) and reported at its
 * `file:line:col`; `any` narrows to any type in a child version and nothing widens to it.
 */
import { describe, expect, test } from "vitest";
import { declarationErrors, generateFromYaml } from "./helpers.js";

const version = (fields: string) => `schema: a\nprefix: A\nversions:\n  1:\n    fields:\n${fields}`;

describe("value: expressions", () => {
  test("a type error names the field, the expression and its file:line:col", () => {
    const errors = declarationErrors({
      "a.yaml": version('      x: string\n      n:\n        type: int32\n        value: "row.x.lenght"\n'),
    });
    expect(errors).toEqual([
      expect.stringMatching(
        /^schemas\/a\.yaml:9:16: field "n": value "row\.x\.lenght" does not type-check over the row: Property 'lenght' does not exist on type 'string'\. Did you mean 'length'\? \[check-type\]$/,
      ),
    ]);
  });

  test("a Weights field's input is typed by what the runtime's WeightsInput takes", () => {
    // `w` comes after `n`: seen as its input when `n` is computed.
    const fields = (value: string) => `      n:\n        type: int32?\n        value: "${value}"\n      w: Weights?\n`;
    expect(declarationErrors({ "a.yaml": version(fields("row.w == null ? null : row.w.arrys.length")) })).toEqual([
      expect.stringMatching(
        /field "n": value .* does not type-check over the row: Property 'arrys' does not exist on type /,
      ),
    ]);
    expect(() =>
      generateFromYaml({ "a.yaml": version(fields("row.w == null ? null : row.w.arrays.length")) }),
    ).not.toThrow();
  });

  test("the result must be what the field's input may hold", () => {
    const errors = declarationErrors({
      "a.yaml": version('      x: string\n      n:\n        type: int32\n        value: "row.x"\n'),
    });
    expect(errors[0]).toMatch(
      /^schemas\/a\.yaml:9:16: field "n": value "row\.x" does not type-check over the row: Type 'string' is not assignable to type 'number'/,
    );
  });

  test("a later field is seen as its input (possibly missing), an earlier one converted", () => {
    // `b` comes after `a`: a bigint or a number, maybe absent, when `a` is computed.
    const later = declarationErrors({
      "a.yaml": version('      a:\n        type: int64\n        value: "row.b + 1n"\n      b: int64\n'),
    });
    expect(later[0]).toMatch(
      /field "a": value "row\.b \+ 1n" does not type-check over the row: Operator '\+' cannot be applied to types 'number \| bigint' and 'bigint'/,
    );
    // `a` comes before `b`: converted, a bigint.
    expect(() =>
      generateFromYaml({
        "a.yaml": version('      a: int64\n      b:\n        type: int64\n        value: "row.a + 1n"\n'),
      }),
    ).not.toThrow();
  });

  test("outside the row-check language: refused at the construct's own column", () => {
    const errors = declarationErrors({
      "a.yaml": version('      a:\n        type: int64\n        value: "fetch(row.a)"\n'),
    });
    expect(errors).toEqual([
      'schemas/a.yaml:8:17: field "a": value "fetch(row.a)": it calls fetch(), which a check may not (see "Row checks" in docs/schemas.md) [field-expression]',
    ]);
  });

  test("input: any needs a value: expression, and is for a version's own fields", () => {
    expect(declarationErrors({ "a.yaml": version("      a:\n        type: int64\n        input: any\n") })).toEqual([
      'schemas/a.yaml:8:16: field "a": "input: any" needs a "value:" expression that makes the input its type, int64 [field-expression]',
    ]);
    expect(
      declarationErrors({ "a.yaml": version("      a:\n        type: int64\n        input: string\n") })[0],
    ).toMatch(/field "a": "input:" may only be any/);
  });
});

describe("the any type", () => {
  test("is no container's part and no struct field", () => {
    // The message names the type as written, every part (not "tuple<any>" for tuple<any, int64>).
    for (const type of ["map<string, any>", "union<int64, any>", "tuple<any, int64>", "ntuple<any, 3>"]) {
      expect(declarationErrors({ "a.yaml": version(`      a: ${type}\n`) })[0]).toContain(
        `field "a": ${type} is not a type; declare the field itself any`,
      );
    }
    expect(
      declarationErrors({
        "a.yaml": version("      s:\n        type: struct\n        fields:\n          c: any\n"),
      })[0],
    ).toMatch(/field "c": type any is for a schema version's own fields, not a struct's/);
  });

  // Legolas.jl's accepted_field_type widens a field's Vector{Any} to AbstractVector{<:Any}, as it reads a bare AbstractVector.
  test("a field's own list<any> (Julia's Vector{Any}) is refused, saying to write vector<any>", () => {
    for (const type of ["list<any>", "list<any>?"]) {
      expect(declarationErrors({ "a.yaml": version(`      a: ${type}\n`) })).toEqual([
        `schemas/a.yaml:6:10: field "a": list<any> is not a type; Julia's Vector{Any} field (and a bare AbstractVector or Vector) is vector<any>, which reads every List column, as Legolas.jl accepts any List for a Vector{Any} field [unknown-type]`,
      ]);
    }
  });

  const parent = "schema: p\nprefix: P\nversions:\n  1:\n    fields:\n      c: any\n      n: int64\n";
  const child = (fields: string) => `schema: c\nprefix: C\nversions:\n  1:\n    extends: p@1\n    fields:\n${fields}`;

  test("narrows to any type in a child version, optional or not (Julia's Any is every type's supertype)", () => {
    const files = generateFromYaml({ "p.yaml": parent, "c.yaml": child("      c: list<float32>\n") });
    const code = files.find((file) => file.path.endsWith("c.ts"))!.content;
    expect(code).toMatch(/readonly c: Float32Array;/);
  });

  test("nothing widens to it: a re-declared field keeps its type", () => {
    expect(declarationErrors({ "p.yaml": parent, "c.yaml": child("      n: any\n") })).toEqual([
      'schemas/c.yaml:7:10: field "n" re-declares p@1\'s int64 as any; any is wider than int64; a re-declared field may only narrow its type [narrowing]',
    ]);
  });
});

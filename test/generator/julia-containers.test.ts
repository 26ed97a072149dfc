/**
 * Declaring Julia's containers and unions (issue 23): each form Julia's type allows, and a
 * declaration error, at the type's `file:line:col`, for what Julia's type would not be or what a
 * TypeScript value could not hold faithfully; re-declarations in a child schema narrow as Julia's
 * subtyping does and refuse a widening.
 */
import { describe, expect, test } from "vitest";
import { declarationErrors, generateFromYaml } from "./helpers.js";

const fieldFile = (type: string) => ({
  "a.yaml": `schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      x: ${JSON.stringify(type)}\n`,
});

describe("container and union declarations Julia's types would not be", () => {
  test.each([
    ["set<float64>", /a set element must be one of bool, an integer type, string, symbol, char, uuid.*found "float64"/],
    ["set<date>", /a set element must be one of/],
    ["map<binary, int8>", /a map key must be one of/],
    ["map<string>", /map takes two arguments: map<K, V>/],
    ["vector<int8, int8>", /vector takes one type: vector<T>/],
    ["tuple<int64>", /tuple takes two or more types/],
    ["tuple<int64, int64>", /is Julia's NTuple\{2, int64\}.*write ntuple<int64, 2>/],
    // Union{Int64, String} and Union{String, Int64} are one type in Julia.
    [
      "tuple<union<int64, string>, union<string, int64>>",
      /is Julia's NTuple\{2, union<int64, string>\}.*write ntuple<union<int64, string>, 2>/,
    ],
    ["tuple<vector<union<int8, string>>, vector<union<string, int8>>>", /is Julia's NTuple\{2, /],
    ["ntuple<int8, 0>", /ntuple's length "0" is not a whole number from 1 to 2147483647/],
    ["ntuple<int8, 2147483648>", /ntuple's length/],
    ["ntuple<int8, x>", /ntuple's length "x"/],
    ["vector<int8?>", /the parts of vector cannot be missing; make the vector itself optional/],
    ["set<struct>", /a set cannot hold an inline struct/],
    ["vector<struct>", /a vector cannot hold an inline struct/],
    ["union<int64>", /union takes two or more types/],
    ["union<int64, int64>", /names a member twice/],
    ["union<int64, union<string, bool>>", /a union of unions is one union/],
    ["union<int32, float64>", /union members int32 and float64 are both held as number in TypeScript/],
    ["union<string, uuid>", /both held as string/],
    ["union<uint128, int64>", /union members uint128 and int64 are both held as bigint in TypeScript/],
    ["union<list<int8>, ntuple<int8, 2>>", /both held as Int8Array/],
    ["union<Weights, string>", /a union cannot hold Weights: objects/],
    [
      "union<real, string>",
      /a union cannot hold real: its values are numbers or bigints.*declare the field any with a row check/,
    ],
    ["union<char, int64>", /a union cannot hold char: its values have no JavaScript class of their own/],
  ])("%s", (type, message) => {
    const [error, ...more] = declarationErrors(fieldFile(type));
    expect(more).toEqual([]);
    expect(error).toMatch(/^schemas\/a\.yaml:6:10: field "x": /);
    expect(error).toMatch(message);
  });

  test.each(["set<symbol>", "set<char>?", "map<symbol, int64>", "map<char, list<string>>", "vector<set<symbol>>?"])(
    "%s is Julia's Set{Symbol}, Set{Char}, Dict{Symbol, ...}: their values are strings, equal as isequal says",
    (type) => {
      expect(() => generateFromYaml(fieldFile(type))).not.toThrow();
    },
  );

  test("every container and a union compose, and constraints other than a vector's length are refused", () => {
    expect(() =>
      generateFromYaml(fieldFile("map<string, union<list<tuple<int8, string>>, set<uuid>, ntuple<uint8, 4>>>?")),
    ).not.toThrow();
    const withConstraint = (type: string, constraint: string) => ({
      "a.yaml": `schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      x:\n        type: ${type}\n        ${constraint}\n`,
    });
    expect(() => generateFromYaml(withConstraint("vector<int8>", "max_length: 2"))).not.toThrow();
    expect(declarationErrors(withConstraint("set<int8>", "max_length: 2"))[0]).toMatch(
      /max_length applies to strings, binaries and lists, not set<int8>/,
    );
    expect(declarationErrors(withConstraint("union<int8, string>", "values: [1]"))[0]).toMatch(
      /union<int8, string> fields cannot have a default or listed values/,
    );
  });
});

/**
 * Legolas.jl reads a column when the type Arrow.jl reads it as is a subtype of the declared one,
 * and Arrow.jl reads concrete types: wherever a type is the parameter of an invariant Vector,
 * AbstractVector, Set, Dict or NamedTuple, it must be what Arrow.jl reads, exactly (docs/julia.md,
 * the types Julia reads). A file of any other type is one Legolas.read refuses, whoever wrote it.
 */
describe("types no table Julia reads are declaration errors that say what to write", () => {
  test("vector<integer>: Julia reads a Vector{Int64}, no AbstractVector{Integer}", () => {
    expect(declarationErrors(fieldFile("vector<integer>"))).toEqual([
      'schemas/a.yaml:6:10: field "x": type vector<integer> is no type Julia reads: Arrow.jl reads integer as Int64, ' +
        "and AbstractVector is invariant (Vector{Int64} is no AbstractVector{Integer}), so Legolas.read refuses every " +
        "file of it, Julia's own included; write vector<int64> or list<integer> (a field's own list<T> is Julia's " +
        "Vector{T}, which Legolas.jl accepts as any AbstractVector{<:T}) [julia-unreadable]",
    ]);
  });

  test.each([
    ["map<string, real>", /Dict\{String, Float64\} is no Dict\{String, Real\}.*write map<string, float64> \[/],
    ["vector<tuple<integer, string>>", /write vector<tuple<int64, string>> or list<tuple<integer, string>> /],
    ["vector<list<int64>>", /reads a List inside a List as a SubArray.*write list<list<int64>> /],
    ["vector<vector<float32>>", /write list<vector<float32>> or list<list<float32>> /],
    [
      "list<vector<period>>",
      /Vector\{Nanosecond\} is no AbstractVector\{Period\}.*write list<vector<duration>> or list<list<period>> \[/,
    ],
    ["map<string, vector<int64>>", /write map<string, list<int64>> \[/],
    ["map<int8, tuple<vector<int64>, string>>", /write map<int8, tuple<list<int64>, string>> \[/],
    ["tuple<vector<integer>, string>", /write tuple<vector<int64>, string> \[/],
    ["union<list<number>, string>", /Vector\{Float64\} is no Vector\{Number\}.*write union<list<float64>, string> \[/],
    ["map<string, ntuple<real, 2>>", /write map<string, ntuple<float64, 2>> \[/],
  ])("%s", (type, message) => {
    const [error, ...more] = declarationErrors(fieldFile(type));
    expect(more).toEqual([]);
    expect(error).toMatch(/^schemas\/a\.yaml:6:10: field "x": type .* is no type Julia reads: /);
    expect(error).toMatch(/\[julia-unreadable\]$/);
    expect(error).toMatch(message);
  });

  const structChild = (type: string) => ({
    "a.yaml": `schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      s:\n        type: struct\n        fields:\n          n: ${type}\n`,
  });

  test.each([
    [
      "integer",
      /reads integer as Int64, and a NamedTuple \(an inline struct\) is invariant in its field types.*write int64 \[/,
    ],
    ["vector<int64>?", /write list<int64> \[/],
    ["map<string, real>", /write map<string, float64> \[/],
    // Tuples are covariant, but the NamedTuple holding one is not.
    ["tuple<integer, string>", /Tuple\{Int64, String\} is no NamedTuple whose child is Tuple\{Integer, String\}/],
  ])("an inline struct's child %s, at the child", (type, message) => {
    const [error, ...more] = declarationErrors(structChild(type));
    expect(more).toEqual([]);
    expect(error).toMatch(
      /^schemas\/a\.yaml:9:14: field "n": type .* \(an inline struct's child\) is no type Julia reads: /,
    );
    expect(error).toMatch(message);
  });

  test.each([
    "integer",
    "list<integer>",
    "list<list<real>>",
    "list<vector<int64>>",
    "vector<int64>",
    "vector<tuple<int64, string>>",
    "tuple<integer, list<string>>",
    "ntuple<integer, 2>",
    "union<vector<int64>, string>",
    // A List in a Dict's value is typed by juliaeltype: a Vector of Vectors, no SubArray.
    "map<string, list<list<int64>>>",
    "set<int64>",
  ])("%s is kept: some table Julia reads has it", (type) => {
    expect(() => generateFromYaml(fieldFile(type))).not.toThrow();
  });

  test.each(["int64", "list<list<int64>>", "tuple<int64, string>", "union<int8, string>?"])(
    "an inline struct's child %s is kept",
    (type) => {
      expect(() => generateFromYaml(structChild(type))).not.toThrow();
    },
  );
});

describe("a child schema narrows a container or union as Julia's subtyping allows", () => {
  const parent =
    "schema: base\nprefix: Base\nversions:\n  1:\n    fields:\n      v: vector<float64>\n      u: union<int64, string, bool>?\n      t: tuple<union<int64, string>, bool>\n      l: list<float64>\n";
  const child = (fields: string) => ({
    "base.yaml": parent,
    "child.yaml": `schema: child\nprefix: Child\nversions:\n  1:\n    extends: base@1\n    fields:\n${fields}`,
  });

  test.each([
    ["v: list<float64>"],
    ["u: int64?"],
    ["u: string"],
    ["u: union<int64, bool>?"],
    ["t: tuple<int64, bool>"],
  ])("%s narrows", (fields) => {
    expect(() => generateFromYaml(child(`      ${fields}\n`))).not.toThrow();
  });

  test.each([
    [
      "l: vector<float64>",
      /re-declares base@1's list<float64> as vector<float64>; vector<float64> is wider than list<float64>/,
    ],
    ["v: list<float32>", /vector<float64> as list<float32>; a re-declared field keeps its type or narrows it/],
    ["u: union<int64, string, bool, float64>?", /is wider than union<int64, string, bool>/],
    ["u: float64?", /union<int64, string, bool> as float64/],
    ["v: ntuple<float64, 2>", /vector<float64> as ntuple<float64, 2>/],
  ])("%s is refused", (fields, message) => {
    const [error, ...more] = declarationErrors(child(`      ${fields}\n`));
    expect(more).toEqual([]);
    expect(error).toMatch(/\[narrowing\]$/);
    expect(error).toMatch(message);
  });
});

describe("vector<any>: Julia's AbstractVector (and Vector) without an element type", () => {
  const parent = "schema: base\nprefix: Base\nversions:\n  1:\n    fields:\n      d: vector<any>\n";
  const child = (fields: string) => ({
    "base.yaml": parent,
    "child.yaml": `schema: child\nprefix: Child\nversions:\n  1:\n    extends: base@1\n    fields:\n${fields}`,
  });

  test("is declared as a required array of unknown values, held to an array or a typed array", () => {
    const source = generateFromYaml({ "base.yaml": parent }).find((file) => file.path === "base.ts")!.content;
    expect(source).toContain("readonly d: unknown[];");
    expect(source).toContain("readonly d: readonly unknown[];");
    expect(source).toContain("!isList(value) && !ArrayBuffer.isView(value)");
  });

  test.each([["d: vector<int64>"], ["d: list<float32>"], ["d: list<string>"], ["d: vector<union<int64, string>>"]])(
    "narrows to %s (AbstractVector{T} and Vector{T} are subtypes of AbstractVector)",
    (fields) => {
      expect(() => generateFromYaml(child(`      ${fields}\n`))).not.toThrow();
    },
  );

  test.each([
    ["d: any", /re-declares base@1's vector<any> as any; any is wider/],
    ["d: ntuple<int64, 2>", /vector<any> as ntuple<int64, 2>; a re-declared field keeps its type or narrows it/],
    ["d: int64", /vector<any> as int64/],
  ])("%s is refused (no subtype of AbstractVector)", (fields, message) => {
    const [error, ...more] = declarationErrors(child(`      ${fields}\n`));
    expect(more).toEqual([]);
    expect(error).toMatch(/\[narrowing\]$/);
    expect(error).toMatch(message);
  });

  test("no other container holds any, and list<any> (Julia's Vector{Any}, which no typed List is) says to write vector<any>", () => {
    expect(declarationErrors(fieldFile("list<any>"))[0]).toMatch(/list<any> is not a type.*is vector<any>/);
    expect(declarationErrors(fieldFile("set<any>"))[0]).toMatch(/a set element must be/);
    // Julia's AbstractVector{AbstractVector} reads no List of Lists (Vector{Vector{Int64}} is no subtype of it).
    for (const type of ["vector<vector<any>>", "union<vector<any>, string>", "map<string, vector<any>>"])
      expect(declarationErrors(fieldFile(type))[0]).toMatch(
        /vector<any> \(Julia's bare AbstractVector\) is a field's own type, no part of another/,
      );
    expect(
      declarationErrors({
        "a.yaml":
          "schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      s:\n        type: struct\n        fields:\n          d: vector<any>\n",
      })[0],
    ).toMatch(/field "d": type vector<any> is for a schema version's own fields, not a struct's/);
  });
});

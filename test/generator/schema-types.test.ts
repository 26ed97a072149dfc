/**
 * Types that say what the schema says: a `values:` enumeration is the union of its literals in
 * the row, Fields and Input types, so a wrong value is a compile error. (`npm run typecheck`
 * checks the `@ts-expect-error` lines; the runtime assertions show the same values at run time.)
 */
import { expect, expectTypeOf, test } from "vitest";
import { generateFromYaml } from "./helpers.js";
import { FlatArray, Weights } from "legolas-ts";
import { AllTypesV1, type AllTypesV1Fields, type AllTypesV1Input } from "../generated/test.all-types.js";
import { Issue94ChildV1 } from "../generated/test.issue-94-child.js";
import { TopV1, type TopV1Fields } from "../golden/chain-across-files/expected/example.top.js";
import { JuliaContainersV1, type JuliaContainersV1Input } from "../generated/test.julia-containers.js";
import { TaggedUnionsV1, type TaggedUnionsV1Input } from "../generated/test.tagged-unions.js";

const required = { flag: true, small: 1, ubyte: 1, uint: 1, double: 1 };

test("an enumeration is a union of its literals in the row, Fields and Input types", () => {
  expectTypeOf<AllTypesV1["kind"]>().toEqualTypeOf<"a" | "b" | "c" | null>();
  expectTypeOf<AllTypesV1Fields["kind"]>().toEqualTypeOf<"a" | "b" | "c" | null>();
  expectTypeOf<AllTypesV1Input["kind"]>().toEqualTypeOf<"a" | "b" | "c" | null | undefined>();
  expectTypeOf<TopV1Fields["label"]>().toEqualTypeOf<"small" | "large">();
  expect(new AllTypesV1({ ...required, kind: "b" }).kind).toBe("b");
  // @ts-expect-error "d" is not one of the declared values
  expect(AllTypesV1.parse({ ...required, kind: "d" } satisfies AllTypesV1Input).ok).toBe(false);
  // @ts-expect-error "medium" is not one of the declared values
  expect(() => new TopV1({ id: "x", count: 1, label: "medium" })).toThrow(/label/);
});

test("an int64 enumeration's Input also takes each value as a number, where a number can hold it exactly", () => {
  const [file] = generateFromYaml({
    "a.yaml":
      "schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      e: { type: int64, values: [5, 9007199254740993] }\n",
  });
  const declarations = file!.content.split("\n").filter((line) => line.includes("readonly e:"));
  // The Fields type, then Input (9007199254740993 as a number would be 9007199254740992).
  expect(declarations.slice(0, 2).map((line) => line.trim())).toEqual([
    "readonly e: 5n | 9007199254740993n;",
    "readonly e: 5n | 9007199254740993n | 5;",
  ]);
});

test("a uuid or timestamp enumeration's Input also takes what the constructor converts to a listed value", () => {
  const [file] = generateFromYaml({
    "a.yaml": [
      "schema: a\nprefix: A\nversions:\n  1:\n    fields:",
      '      id: { type: uuid, values: ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000"] }',
      "      at: { type: timestamp<ms>, values: [0, 1000] }\n",
    ].join("\n"),
  });
  const declarations = (name: string) =>
    file!.content
      .split("\n")
      .filter((line) => line.includes(`readonly ${name}`))
      .map((line) => line.trim())
      .slice(0, 2);
  // The Fields type, then Input: a uuid in any case is lower-cased, a Date counted in the unit.
  expect(declarations("id:")).toEqual([
    'readonly id: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" | "00000000-0000-0000-0000-000000000000";',
    'readonly id: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" | "00000000-0000-0000-0000-000000000000" | "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11";',
  ]);
  expect(declarations("at:")).toEqual(["readonly at: 0n | 1000n;", "readonly at: 0n | 1000n | 0 | 1000 | Date;"]);
});

test("a union's Input takes what its members convert: each member's input of that member's class", () => {
  // A tuple member converts its int64 part from a number, as a tuple field does; read-only arrays are arrays.
  const labels: TaggedUnionsV1Input["labels"] = ["a", 5] as const;
  expect(new TaggedUnionsV1({ labels }).labels).toEqual(["a", 5n]);
  const words: readonly string[] = ["x", "y"];
  const containers: JuliaContainersV1Input = {
    ...{ samples: [1], position: [1, 2, 3], tags: [], span: [1, "s"], counts: [], either: 1n },
    maybe: words,
  };
  expect(new JuliaContainersV1(containers).maybe).toEqual(["x", "y"]);
  expectTypeOf<ReadonlySet<string>>().toExtend<TaggedUnionsV1Input["labels"]>();
  // A number is no int64 member's value, an array no set member's: their classes name other members.
  expectTypeOf<number>().not.toExtend<TaggedUnionsV1Input["id"]>();
  expectTypeOf<string[]>().not.toExtend<TaggedUnionsV1Input["labels"]>();
  expect(TaggedUnionsV1.parse({ id: 5 }).ok).toBe(false);
});

test("is narrows to what its walk checks: optional fields may be absent, records and Weights inside plain data", () => {
  const partial: unknown = { ...required };
  expect(AllTypesV1.is(partial)).toBe(true);
  if (AllTypesV1.is(partial)) {
    expectTypeOf(partial.tiny).toEqualTypeOf<number | null | undefined>();
    expect(partial.tiny).toBeUndefined();
  }
  // A structured clone of a row (a worker's message) keeps no class.
  const weights = new Weights([new FlatArray(new Float32Array([1, 2]), [2])]);
  const clone: unknown = structuredClone(new AllTypesV1({ ...required, child: { a: 1n, b: 2n }, weights }));
  expect(AllTypesV1.is(clone)).toBe(true);
  if (AllTypesV1.is(clone)) {
    expect(clone.child).not.toBeInstanceOf(Issue94ChildV1);
    // @ts-expect-error: a record inside holds its fields, not its class's methods
    expect(clone.child?.toJSON).toBeUndefined();
    // @ts-expect-error: Weights inside hold their arrays, not the class's getters
    expect(clone.weights?.parameterCount).toBeUndefined();
  }
  const row = new AllTypesV1(required);
  if (AllTypesV1.is(row)) expectTypeOf(row).toEqualTypeOf<AllTypesV1>();
});

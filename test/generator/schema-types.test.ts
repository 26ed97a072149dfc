/**
 * Types that say what the schema says: a `values:` enumeration is the union of its literals in
 * the row, Fields and Input types, so a wrong value is a compile error. (`npm run typecheck`
 * checks the `@ts-expect-error` lines; the runtime assertions show the same values at run time.)
 */
import { expect, expectTypeOf, test } from "vitest";
import { generateFromYaml } from "./helpers.js";
import { AllTypesV1, type AllTypesV1Fields, type AllTypesV1Input } from "../generated/test.all-types.js";
import { TopV1, type TopV1Fields } from "../golden/chain-across-files/expected/example.top.js";

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

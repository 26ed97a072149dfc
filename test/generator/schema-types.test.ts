/**
 * Types that say what the schema says: a `values:` enumeration is the union of its literals in
 * the row, Fields and Input types, so a wrong value is a compile error. (`npm run typecheck`
 * checks the `@ts-expect-error` lines; the runtime assertions show the same values at run time.)
 */
import { expect, expectTypeOf, test } from "vitest";
import { EveryTypeV1, type EveryTypeV1Fields, type EveryTypeV1Input } from "../golden/every-type/expected/example.every-type.js";
import { TopV1, type TopV1Fields } from "../golden/chain-across-files/expected/example.top.js";

test("an enumeration is a union of its literals in the row, Fields and Input types", () => {
  expectTypeOf<EveryTypeV1["kind"]>().toEqualTypeOf<"a" | "b" | "c">();
  expectTypeOf<EveryTypeV1Fields["kind"]>().toEqualTypeOf<"a" | "b" | "c">();
  expectTypeOf<EveryTypeV1Input["kind"]>().toEqualTypeOf<"a" | "b" | "c" | null | undefined>();
  expectTypeOf<TopV1Fields["label"]>().toEqualTypeOf<"small" | "large">();
  expect(new EveryTypeV1({ flag: true, tiny: 1, big: 1n, kind: "b" }).kind).toBe("b");
  // @ts-expect-error "d" is not one of the declared values
  expect(EveryTypeV1.parse({ flag: true, tiny: 1, big: 1n, kind: "d" } satisfies EveryTypeV1Input).ok).toBe(false);
  // @ts-expect-error "medium" is not one of the declared values
  expect(() => new TopV1({ id: "x", count: 1, label: "medium" })).toThrow(/label/);
});

/**
 * What `X.is` narrows to (runtime/complying.ts), for the containers a nested record may sit in:
 * a record's fields without its class's methods wherever it is, and the containers as they are.
 * (`npm run typecheck` checks the types; schema-types.test.ts shows the values on a generated class.)
 */
import { expectTypeOf, test } from "vitest";
import type { Complying } from "legolas-ts";

class Child {
  readonly a: bigint = 1n;
  readonly note: string | null = null;
  toJSON(): object {
    return {};
  }
}
type PlainChild = Complying<Child>;

interface Fields {
  readonly byName: Map<string, Child> | null;
  readonly children: Child[];
  readonly pair: [Child, string] | null;
  readonly names: Set<string>;
}

test("a record inside a map, a list or a tuple is its fields, without its methods", () => {
  expectTypeOf<Complying<Fields>["byName"]>().toEqualTypeOf<Map<string, PlainChild> | null | undefined>();
  expectTypeOf<Complying<Fields>["children"]>().toEqualTypeOf<PlainChild[]>();
  expectTypeOf<Complying<Fields>["pair"]>().toEqualTypeOf<[PlainChild, string] | null | undefined>();
  expectTypeOf<Complying<Fields>["names"]>().toEqualTypeOf<Set<string>>();
  expectTypeOf<PlainChild>().toEqualTypeOf<{ readonly a: bigint } & { readonly note?: string | null | undefined }>();
});

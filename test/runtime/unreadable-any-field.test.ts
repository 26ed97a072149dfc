/**
 * An `any` field whose reading throws (a getter, a Proxy's get trap), at the top of a row and in
 * a nested record: every door refuses it at the field, with what was thrown, as it refuses a
 * typed field (unreadable-field-validate.test.ts). Conversion stands an internal placeholder
 * where the value could not be read; an `any` field takes every value, and it took that one:
 * `new` made a row holding it, and a write stored it as a struct.
 */
import { describe, expect, test } from "vitest";
import { writeTableBytes } from "legolas-ts";
import { FooV1, FooV1SchemaVersion, NestedAgainV1 } from "../generated/index.js";

const thrown = new Error("c is gone");
const raise = () => {
  throw thrown;
};
const atC = { code: "incorrect_type", path: "c", found: "a value whose reading threw: c is gone" };

/** Each way of making a row of `example.foo@1` whose `any` field `c` cannot be read. */
const HOSTILE: Readonly<Record<string, () => object>> = {
  getter: () => Object.defineProperty({ a: 1, b: "x", d: [] }, "c", { enumerable: true, get: raise }),
  "Proxy get trap": () =>
    new Proxy({ a: 1, b: "x", c: 2, d: [] }, { get: (t, k, r) => (k === "c" ? raise() : Reflect.get(t, k, r)) }),
};

function thrownBy(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  throw new Error("it did not throw");
}

describe.each(Object.entries(HOSTILE))("an any field whose %s throws", (_, make) => {
  test("new refuses it at the field, the getter's error as cause", () => {
    const error = thrownBy(() => new FooV1(make() as never));
    expect(error).toMatchObject({ name: "RowValidationError", violations: [atC], cause: thrown });
  });

  test("validate(), parse() and Standard Schema refuse it at the field", () => {
    expect(FooV1.validate(make())).toMatchObject([atC]);
    expect(FooV1.is(make())).toBe(false);
    expect(FooV1.parse(make())).toMatchObject({ ok: false, violations: [atC] });
    expect(FooV1["~standard"].validate(make())).toMatchObject({ issues: [{ path: ["c"] }] });
  });

  test("a write refuses its row at the field, the getter's error as cause", () => {
    for (const validate of [true, false]) {
      const error = thrownBy(() =>
        writeTableBytes([{ a: 1, b: "y", d: [] }, make()] as never[], FooV1SchemaVersion, { validate }),
      );
      expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 1, violations: [atC], cause: thrown });
    }
  });
});

test("an any field of a nested record whose getter throws is refused at its path, the getter's error as cause", () => {
  const nested = () =>
    Object.defineProperty({ gc: { x: [], y: "ab", z: null, a: 1 } }, "k", { enumerable: true, get: raise });
  const atNK = { ...atC, path: "n.k" };
  expect(thrownBy(() => new NestedAgainV1({ n: nested(), h: null } as never))).toMatchObject({
    violations: [atNK],
    cause: thrown,
  });
  expect(NestedAgainV1.validate({ n: nested(), h: null })).toMatchObject([atNK]);
  expect(NestedAgainV1.parse({ n: nested(), h: null })).toMatchObject({ ok: false, violations: [atNK] });
});

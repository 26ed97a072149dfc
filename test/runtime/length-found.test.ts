/**
 * A numeric list's length violation describes what the input held: a JSON body's `"samples": []`
 * is "an array of length 0", as the client sent it, not the Float32Array conversion made of it;
 * a typed array given is described as itself.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import type { RowValidationError, Violation } from "legolas-ts";
import { SampleWindowV1 } from "../generated/index.js";

/** The violations of every door that takes `input` (the constructor only the input form). */
function violationsOf(input: unknown, json: boolean): readonly (readonly Violation[])[] {
  const thrown = (make: () => unknown) => {
    try {
      make();
    } catch (error) {
      return (error as RowValidationError).violations;
    }
    throw new Error("accepted");
  };
  const parsed = SampleWindowV1.parse(input);
  return [
    ...(json ? [] : [thrown(() => new SampleWindowV1(input as never))]),
    thrown(() => SampleWindowV1.fromJSON(input)),
    parsed.ok ? [] : parsed.violations,
  ];
}

test('a body\'s "samples": [] is found as the array it is', () => {
  for (const violations of violationsOf({ samples: [] }, false))
    expect(violations).toEqual([
      { code: "constraint_violated", path: "samples", expected: "of length >= 1", found: "an array of length 0" },
    ]);
  expect(SampleWindowV1["~standard"].validate({ samples: [1, 2, 3, 4, 5] })).toMatchObject({
    issues: [{ message: "must be of length <= 4, found an array of length 5", path: ["samples"] }],
  });
  // An int64 list in its JSON form (decimal text) too.
  for (const violations of violationsOf({ samples: [1], counts: [] }, true))
    expect(violations).toMatchObject([{ path: "counts", found: "an array of length 0" }]);
});

test("a typed array given is found as itself", () => {
  expect(() => new SampleWindowV1({ samples: new Float32Array(0) })).toThrow("found a Float32Array of length 0");
  expect(SampleWindowV1.parse({ samples: new Float32Array(5) })).toMatchObject({
    ok: false,
    violations: [{ found: "a Float32Array of length 5" }],
  });
});

test("property: a list of a length out of bounds is found with the length and class it was given in, through every door", () => {
  const length = fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 40 }));
  fc.assert(
    fc.property(length, fc.boolean(), (n, typed) => {
      const samples = typed ? new Float32Array(n) : Array.from({ length: n }, (_, i) => i / 2);
      const found = typed ? `a Float32Array of length ${n}` : `an array of length ${n}`;
      for (const violations of violationsOf({ samples }, false))
        expect(violations).toMatchObject([{ path: "samples", found }]);
    }),
  );
});

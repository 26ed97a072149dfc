/**
 * A `null` or `undefined` element of a list, set, tuple or map is no missing field: its violation
 * is `incorrect_type`, saying what an element there must be ("names[1]: expected string, found
 * null"), by every door. A field inside an element (a struct's) is still a missing field.
 */
import { expect, test } from "vitest";
import { AllTypesV1 } from "../generated/test.all-types.js";

const base = { flag: true, small: 1, ubyte: 1, uint: 1, double: 1 };

test.each([
  ["names", { names: ["a", null] }, "names[1]", "string", "null"],
  ["tags", { tags: ["a", undefined] }, "tags[1]", "string", "undefined"],
  ["matrix", { matrix: [[1], null] }, "matrix[1]", "list<float64>", "null"],
  ["points", { points: [null] }, "points[0]", "struct{x: int32, y: int32?}", "null"],
  ["span", { span: [1n, null] }, "span[1]", "string", "null"],
  ["counts", { counts: [["a", null]] }, "counts[0][1]", "int64", "null"],
])(
  "a null element of %s is refused as of the wrong type, not as a missing field",
  (_, input, path, expected, found) => {
    const violation = { code: "incorrect_type", path, expected, found };
    expect(AllTypesV1.parse({ ...base, ...input })).toEqual({ ok: false, violations: [violation] });
    expect(() => new AllTypesV1({ ...base, ...input } as never)).toThrow(
      `${path}: expected ${expected}, found ${found}`,
    );
    expect(AllTypesV1["~standard"].validate({ ...base, ...input })).toMatchObject({
      issues: [{ message: `expected ${expected}, found ${found}` }],
    });
  },
);

test("a required field of a list's struct element is still a missing field", () => {
  expect(AllTypesV1.parse({ ...base, points: [{ x: null }] })).toEqual({
    ok: false,
    violations: [{ code: "missing_field", path: "points[0].x", expected: "int32" }],
  });
});

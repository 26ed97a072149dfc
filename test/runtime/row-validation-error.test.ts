/**
 * `RowValidationError` renders its message when first read, not when thrown: a caller that
 * catches it and reads only `violations` never pays for the text (issue 24, "cheap failures").
 */
import { expect, test } from "vitest";
import { RowValidationError } from "../../runtime/errors.js";
import type { Violation } from "../../runtime/violations.js";

function countingViolation(): { violation: Violation; reads: () => number } {
  let reads = 0;
  const violation = {
    code: "missing_field",
    get path() {
      reads++;
      return "epoch";
    },
    expected: "int64",
  } as Violation;
  return { violation, reads: () => reads };
}

test("the message is rendered once, on first read, and reads as it always did", () => {
  const { violation, reads } = countingViolation();
  const error = new RowValidationError("a@1", [violation], 3);
  expect(reads()).toBe(0);
  expect(error.violations).toEqual([{ code: "missing_field", path: "epoch", expected: "int64" }]);
  const before = reads();
  expect(error.message).toBe("a@1 (row 3) has 1 violation:\n  - epoch: required field is missing (expected int64)");
  const rendered = reads();
  expect(rendered).toBeGreaterThan(before);
  expect(error.message).toBe(error.message);
  expect(reads()).toBe(rendered);
  expect(String(error)).toBe(`RowValidationError: ${error.message}`);
  expect(error.stack).toContain("a@1 (row 3) has 1 violation:");
  expect(() => {
    throw error;
  }).toThrow(/epoch: required field is missing/);
});

/**
 * runtime/violations.ts: the one renderer of violations. Messages use Legolas.jl's words, list
 * at most LISTED_VIOLATIONS violations and count the rest, and describe any value, hostile ones
 * included, in a short phrase without throwing.
 */
import { describe, expect, test } from "vitest";
import { describeValue, LISTED_VIOLATIONS } from "../../runtime/violations.js";
import { renderViolations, violationMessage, type Violation } from "legolas-ts";

describe("violationMessage", () => {
  test.each<[Violation, string]>([
    [{ code: "missing_field", path: "epoch", expected: "int64" }, "required field is missing (expected int64)"],
    [
      { code: "incorrect_type", path: "epoch", expected: "int64", found: '"x" (a string)' },
      'expected int64, found "x" (a string)',
    ],
    [{ code: "constraint_violated", path: "accuracy", expected: "<= 1", found: "7" }, "must be <= 1, found 7"],
    [
      { code: "check_failed", path: "", expected: "count must stay below 1000" },
      "check failed: count must stay below 1000",
    ],
    [
      { code: "check_failed", path: "", expected: "a check", found: "an error: boom" },
      "check failed: a check, found an error: boom",
    ],
  ])("%j reads %j", (violation, message) => {
    expect(violationMessage(violation)).toBe(message);
  });
});

describe("renderViolations", () => {
  const missing = (k: number): Violation => ({ code: "missing_field", path: `f${k}`, expected: "bool" });

  test("one bullet per violation, in order; the row itself is called 'row'", () => {
    expect(renderViolations([missing(0), { code: "check_failed", path: "", expected: "x < y" }])).toBe(
      "  - f0: required field is missing (expected bool)\n  - row: check failed: x < y",
    );
    expect(renderViolations([])).toBe("");
  });

  test(`lists the first ${LISTED_VIOLATIONS} and counts the rest, with thousands separators`, () => {
    const exactly = renderViolations(Array.from({ length: LISTED_VIOLATIONS }, (_, k) => missing(k))).split("\n");
    expect(exactly).toHaveLength(LISTED_VIOLATIONS);
    expect(exactly.at(-1)).toBe(`  - f${LISTED_VIOLATIONS - 1}: required field is missing (expected bool)`);
    const many = renderViolations(Array.from({ length: 1234 + LISTED_VIOLATIONS }, (_, k) => missing(k))).split("\n");
    expect(many).toHaveLength(LISTED_VIOLATIONS + 1);
    expect(many.at(-1)).toBe("  ... and 1,234 more");
  });
});

describe("describeValue", () => {
  class Point {}
  test.each<[string, unknown, string]>([
    ["a short string", "abc", '"abc" (a string)'],
    ["a long string, cut at 40 characters", "x".repeat(50), `"${"x".repeat(40)}…" (a string)`],
    ["a bigint", -5n, "-5n"],
    ["a number", 1.5, "1.5"],
    ["NaN", Number.NaN, "NaN"],
    ["a boolean", false, "false"],
    ["undefined", undefined, "undefined"],
    ["null", null, "null"],
    ["a function", () => 1, "a function"],
    ["a symbol", Symbol("s"), "a symbol"],
    ["an array", [1, 2, 3], "an array of length 3"],
    ["a typed array", new Float32Array(2), "a Float32Array of length 2"],
    ["an Int typed array", new Int16Array(0), "an Int16Array of length 0"],
    ["a DataView", new DataView(new ArrayBuffer(1)), "a DataView"],
    ["a plain object", { a: 1 }, "an object"],
    ["an object without prototype", Object.create(null), "an object"],
    ["a class instance", new Point(), "a Point"],
    ["a Date, with its instant", new Date(Date.UTC(2024, 0, 1, 5)), "a Date (2024-01-01T05:00:00.000Z)"],
    ["an invalid Date", new Date(Number.NaN), "an invalid Date"],
  ])("%s", (_what, value, description) => {
    expect(describeValue(value)).toBe(description);
  });

  test("hostile objects are described, never thrown from", () => {
    const trapped = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error("trap");
        },
      },
    );
    const revocable = Proxy.revocable([], {});
    revocable.revoke();
    expect(describeValue(trapped)).toBe("an object");
    expect(describeValue(revocable.proxy)).toBe("an object");
    expect(describeValue(Object.create({ constructor: { name: 42 } }))).toBe("an object");
  });
});

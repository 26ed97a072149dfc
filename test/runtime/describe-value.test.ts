/**
 * A violation's `found` text for a string is JSON's quoting of (the first 40 UTF-16 units of) it:
 * `describeValue` skips the `JSON.stringify` call where it would only add the quotes, so it must
 * give the same text for every string, escapes, control characters and lone surrogates included.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { describeValue } from "../../runtime/violations.js";
import { BarV1 } from "../generated/example.bar.js";
import { AcceptedV1 } from "../generated/test.accepted.js";

const jsonQuoted = (value: string) =>
  `${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} (a string)`;

test("a string is described as JSON.stringify quotes it, for any UTF-16 text", () => {
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 60 }),
    fc.string({
      unit: fc.constantFrom("a", '"', "\\", "\n", "\u0000", "\u001f", "\u007f", "\u2028", "\ud800", "\udc00", "😀"),
      maxLength: 50,
    }),
  );
  fc.assert(
    fc.property(text, (value) => {
      expect(describeValue(value)).toBe(jsonQuoted(value));
    }),
    { numRuns: 2000 },
  );
});

test("plain, quoted, escaped and cut strings", () => {
  for (const value of ["not-a-sha", "", 'say "hi"', "a\\b", "tab\there", "\ud83d", "😀".repeat(30), "x".repeat(41)]) {
    expect(describeValue(value)).toBe(jsonQuoted(value));
  }
  expect(describeValue("not-a-sha")).toBe('"not-a-sha" (a string)');
});

test("a row is named by its schema version with the article the generated validator's expected text has", () => {
  // "expected an example.bar@1 row, found a example.bar@1 row" read as two different things.
  const bar = new BarV1({ x: 1, y: "a", z: "b" });
  expect(describeValue(bar)).toBe("an example.bar@1 row");
  expect(describeValue(Object.create(AcceptedV1.prototype))).toBe("a test.accepted@1 row");
  // A class the runtime does not name keeps its own rule.
  expect(describeValue(new (class Error2 {})())).toBe("an Error2");
  expect(describeValue(new (class Uuid {})())).toBe("a Uuid");
});

/**
 * `is()` skips the well-formed-text test for a string whose pattern can only match well-formed
 * text; the rule deciding that must never accept a pattern that matches a lone surrogate.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { matchesOnlyWellFormed } from "../../generator/emit/validator.js";
import { isWellFormedText } from "../../runtime/convert.js";

const SAFE = [
  "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  "^[a-z][a-z0-9-]*$",
  "^\\d+(\\s\\w+)?$",
  "^[A-Z]{2,3}$",
];
const UNSAFE = [
  "^.*$",
  "^[^a]*$",
  "^a|b$",
  "^[\\s\\S]*$",
  "^\\D*$",
  "^\\W*$",
  "^\\p{Cs}$",
  "^[\\ud800-\\udfff]$",
  "^(?=a).*$",
  "^[a-z]*",
  "[a-z]*$",
  "^\\S+$",
  "^[^\\n*/]*$",
  "^\\u{d800}$",
];

test("patterns of ASCII atoms anchored at both ends are recognised; anything that can match a surrogate is not", () => {
  for (const pattern of SAFE) expect(matchesOnlyWellFormed(pattern), pattern).toBe(true);
  for (const pattern of UNSAFE) expect(matchesOnlyWellFormed(pattern), pattern).toBe(false);
});

test("a pattern judged safe never matches text with a lone surrogate", () => {
  const unit = fc.constantFrom("a", "0", "-", " ", "Z", "_", "\ud800", "\udc00", "\ud83d\ude00", "é");
  const text = fc.array(unit, { maxLength: 12 }).map((units) => units.join(""));
  const atom = fc.constantFrom(
    "[a-z]",
    "\\d",
    "\\w",
    "\\s",
    "a",
    "-",
    "[0-9a-f]",
    ".",
    "[^a]",
    "\\S",
    "\\D",
    "\\W",
    "(a|\\d)",
  );
  const quantifier = fc.constantFrom("", "*", "+", "?", "{2}");
  const pattern = fc
    .array(fc.tuple(atom, quantifier), { maxLength: 5 })
    .map((parts) => `^${parts.map(([a, q]) => a + q).join("")}$`);
  fc.assert(
    fc.property(pattern, text, (source, value) => {
      if (matchesOnlyWellFormed(source) && new RegExp(source, "u").test(value))
        expect(isWellFormedText(value)).toBe(true);
    }),
    { numRuns: 3000 },
  );
});

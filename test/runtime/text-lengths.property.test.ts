/**
 * A text's declared length counts code points (Julia's `length`), and a string must be
 * well-formed (no lone surrogate). Generated walks count code points only when the string's
 * UTF-16 length cannot answer (a string of n units holds between n / 2 and n code points): on
 * random strings of one-unit, two-unit and lone-surrogate characters, each bound's verdict is
 * that of counting code points, in both walks (`is`, first failure; `validate`, every violation).
 */
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { codePointLength } from "../../runtime/convert.js";
import { findSchemaVersion, type SchemaVersion, type Violation } from "../../runtime/index.js";
import { loadYamlSchemas } from "./arrow/helpers/row-path.js";

const BOUNDS = {
  exactly3: { length: 3 },
  atLeast2: { min_length: 2 },
  atMost3: { max_length: 3 },
  from2to4: { min_length: 2, max_length: 4 },
} as const;

let schemaVersion: SchemaVersion;
beforeAll(async () => {
  const fields = Object.fromEntries(
    Object.entries(BOUNDS).map(([name, bounds]) => [name, { type: "string", ...bounds }]),
  );
  await loadYamlSchemas([{ schema: "unit.lengths", prefix: "UnitLengths", version: { fields } }]);
  schemaVersion = findSchemaVersion("unit.lengths@1")!;
});

function withinBounds(text: string, bounds: { length?: number; min_length?: number; max_length?: number }): boolean {
  const codePoints = [...text].length;
  return (
    (bounds.length === undefined || codePoints === bounds.length) &&
    (bounds.min_length === undefined || codePoints >= bounds.min_length) &&
    (bounds.max_length === undefined || codePoints <= bounds.max_length)
  );
}

const character = fc.constantFrom("a", "é", "😀", "\u{10FFFF}", "\ud800", "\udc00");
const text = fc.array(character, { maxLength: 9 }).map((characters) => characters.join(""));

test("length bounds count code points, and lone surrogates are refused, in is and validate alike", () => {
  fc.assert(
    fc.property(text, (value) => {
      const row = Object.fromEntries(Object.keys(BOUNDS).map((name) => [name, value]));
      const violations: Violation[] = [];
      schemaVersion.validateFields(row, violations);
      const wellFormed = !/\p{Cs}/u.test(value); // with `u`, a pair is one code point: only lone surrogates match
      for (const [name, bounds] of Object.entries(BOUNDS)) {
        const found = violations.filter((violation) => violation.path === name).map((violation) => violation.expected);
        expect(
          found.some((expected) => expected.startsWith("of length")),
          `${name} of ${JSON.stringify(value)}`,
        ).toBe(!withinBounds(value, bounds));
        expect(found.includes("well-formed Unicode (no lone surrogate)")).toBe(!wellFormed);
      }
      const complies = wellFormed && Object.values(BOUNDS).every((bounds) => withinBounds(value, bounds));
      expect(schemaVersion.validateFields(row, null)).toBe(complies);
    }),
    { numRuns: 400 },
  );
});

// Both of V8's string forms: one byte a character (ASCII, Latin-1) and two (past U+00FF, surrogates).
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom("a", "é", "€", "😀", "\ud800", "\udbff", "\udc00", "\udfff"),
    fc.string({ unit: "binary", maxLength: 1 }),
  ),
  maxLength: 40,
});

test("codePointLength counts the code points of any text, a lone surrogate as one", () => {
  fc.assert(
    fc.property(anyText, (value) => {
      expect(codePointLength(value), JSON.stringify(value)).toBe([...value].length);
    }),
    { numRuns: 2000 },
  );
});

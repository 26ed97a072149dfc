/**
 * `legolas compat` decides a changed `pattern` by the strings each side accepts
 * (generator/resolve/pattern-languages.ts). Against `new RegExp(pattern, "u").test`, on random
 * pairs of patterns: where it finds no string on one side only, no random string is; where it
 * finds one, that string is accepted by that side and rejected by the other.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { comparePatterns } from "../../../generator/resolve/pattern-languages.js";

// A small alphabet, so that one pattern's strings often hold another's.
const atom = fc.constantFrom("a", "b", "0", "[ab]", "[a-z]", "\\d", "[0-9]", ".", "[^a]", "é", "(?:a|b0)");
const quantifier = fc.constantFrom("", "", "?", "+", "*", "{1,2}", "{2}");
const body = fc
  .array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.map(([a, q]) => a + q).join(""));
const pattern = fc
  .tuple(body, fc.boolean(), fc.boolean())
  .map(([main, start, end]) => `${start ? "^" : ""}${main}${end ? "$" : ""}`);
/** Two patterns, or a pattern and one it holds (`p` and `p|q`) in either order. */
const pair = fc.oneof(
  fc.tuple(pattern, pattern),
  fc.tuple(pattern, pattern).map(([p, q]) => [p, `${p}|${q}`] as const),
  fc.tuple(pattern, pattern).map(([p, q]) => [`${p}|${q}`, p] as const),
);
const unit = fc.constantFrom("a", "b", "0", "9", "z", "é", "😀", "\n", "ab", "b0");
const text = fc.array(unit, { maxLength: 6 }).map((units) => units.join(""));

test("a verdict on two patterns is what RegExp with the u flag does on strings", () => {
  const seen = new Set<string>();
  fc.assert(
    fc.property(pair, fc.array(text, { minLength: 1, maxLength: 30 }), ([before, after], texts) => {
      const difference = comparePatterns(before, after);
      // A `$` inside an alternative (`a|a$`) can leave a pattern without an automaton.
      fc.pre(difference.comparable);
      const old = new RegExp(before, "u");
      const neu = new RegExp(after, "u");
      const { onlyFirst: oldOnly, onlySecond: newOnly } = difference;
      seen.add(`${oldOnly === undefined}/${newOnly === undefined}`);
      holds(old, neu, oldOnly, texts, `/${before}/ -> /${after}/`);
      holds(neu, old, newOnly, texts, `/${after}/ <- /${before}/`);
    }),
    { numRuns: 300 },
  );
  // Not vacuous: widenings, narrowings, equal languages and neither all came up.
  expect([...seen].sort()).toEqual(["false/false", "false/true", "true/false", "true/true"]);
}, 120_000);

/**
 * With no string on `from`'s side only, every text `from` accepts, `to` accepts; otherwise
 * `onlyFrom` is such a string.
 */
function holds(from: RegExp, to: RegExp, onlyFrom: string | undefined, texts: readonly string[], label: string) {
  if (onlyFrom !== undefined) {
    expect([from.test(onlyFrom), to.test(onlyFrom)], `${label}: ${JSON.stringify(onlyFrom)}`).toEqual([true, false]);
    return;
  }
  for (const each of texts) if (from.test(each)) expect(to.test(each), `${label}: ${JSON.stringify(each)}`).toBe(true);
}

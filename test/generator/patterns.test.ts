/**
 * Patterns compiled to automata (generator/resolve/patterns.ts, run by runtime/patterns.ts): on
 * random patterns and random text, the automaton answers what `new RegExp(pattern, "u").test`
 * answers, on the string and on its UTF-8 bytes; what only a RegExp can match stays a RegExp, and
 * the ReDoS pattern of issue 22 (item 11) becomes an automaton.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compilePattern, utf8Sequences } from "../../generator/resolve/patterns.js";
import { patternAutomaton } from "../../runtime/patterns.js";
import { rejectedFlags, stringColumn } from "../helpers/pattern-columns.js";
import { generateFromYaml } from "./helpers.js";

const utf8 = new TextEncoder();
/** With the `u` flag a surrogate pair is one code point: this finds only lone surrogates, which no automaton matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The automaton of `pattern`, or `null` when it compiles to none (it needs a RegExp, or is refused). */
function automatonOf(pattern: string) {
  const compiled = compilePattern(pattern);
  return compiled.kind === "automaton" ? patternAutomaton(compiled.automaton) : null;
}

const atom = fc.constantFrom(
  "a",
  "b",
  "é",
  "😀",
  ".",
  "[a-c]",
  "[^a]",
  "\\d",
  "\\w",
  "\\s",
  "\\W",
  "[é-😀]",
  "(a|bc)",
  "(?:ab|a)",
  "[\\u{10000}-\\u{10FFFF}]",
);
const quantifier = fc.constantFrom("", "", "*", "+", "?", "{2}", "{1,3}", "*?");
const body = fc
  .array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.map(([a, q]) => a + q).join(""));
const pattern = fc
  .tuple(body, fc.boolean(), fc.boolean(), fc.option(body, { nil: undefined }))
  .map(([main, start, end, alternative]) => {
    const anchored = `${start ? "^" : ""}${main}${end ? "$" : ""}`;
    return alternative === undefined ? anchored : `${anchored}|${alternative}`;
  });
const unit = fc.constantFrom("a", "b", "c", "é", "😀", "0", " ", "_", "\n", "\u{10FFFF}", "ab", "bc");
const text = fc.array(unit, { maxLength: 10 }).map((units) => units.join(""));

describe("an automaton answers as RegExp does", () => {
  test("on random patterns and texts, for the string and for its UTF-8 bytes", () => {
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 20 }), (source, texts) => {
        const automaton = automatonOf(source);
        fc.pre(automaton !== null);
        const regex = new RegExp(source, "u");
        for (const each of texts) {
          const expected = regex.test(each);
          expect(automaton.test(each), `${source} on ${JSON.stringify(each)}`).toBe(expected);
          const bytes = utf8.encode(`xy${each}`);
          expect(automaton.matchesBytes(bytes, 2, bytes.length), `${source} on the bytes`).toBe(expected);
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  test("over a whole string column, it flags exactly the values RegExp rejects", () => {
    fc.assert(
      fc.property(pattern, fc.array(text, { maxLength: 13 }), (source, texts) => {
        const automaton = automatonOf(source);
        fc.pre(automaton !== null);
        const { bytes, offsets } = stringColumn(texts);
        const regex = new RegExp(source, "u");
        expect(rejectedFlags(automaton!, bytes, offsets, texts.length)).toEqual(
          texts.map((each) => (regex.test(each) ? 0 : 1)),
        );
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  test("fixed shapes (a UUID, a digest, a run of one class) are tested as a RegExp written from the automaton, and answer as RegExp does on strings and on column bytes", () => {
    const shapeAtom = fc.constantFrom("a", "-", "[a-c]", "[0-9a-f]", "\\d", ".", "[^a]", "é", "[é-😀]");
    const count = fc.integer({ min: 1, max: 4 });
    const ending = fc.constantFrom("", "+", "*", "{0,2}", "{2,5}");
    // A part may open an optional group closed at the end (`^a(?:b{2}(?:c)?)?$`): the text may end before it.
    const part = fc
      .tuple(shapeAtom, count, fc.boolean())
      .map(([a, n, optional]) => ({ source: `${optional ? "(?:" : ""}${a}{${n}}`, optional }));
    const shape = fc
      .tuple(fc.array(part, { minLength: 1, maxLength: 5 }), shapeAtom, ending)
      .map(
        ([parts, lastAtom, end]) =>
          `^${parts.map((p) => p.source).join("")}${lastAtom}${end}${parts.map((p) => (p.optional ? ")?" : "")).join("")}$`,
      );
    const shapeText = fc.array(fc.constantFrom("a", "b", "f", "0", "9", "-", "é", "😀", "\u{10FFFF}", "\ud800"), {
      maxLength: 14,
    });
    fc.assert(
      fc.property(shape, fc.array(shapeText, { minLength: 1, maxLength: 20 }), (source, texts) => {
        const automaton = automatonOf(source)!;
        expect(automaton.followsOnePath, source).toBe(true);
        const regex = new RegExp(source, "u");
        const strings = texts.map((units) => units.join(""));
        for (const each of strings)
          expect(automaton.test(each), `${source} on ${JSON.stringify(each)}`).toBe(
            !LONE_SURROGATE.test(each) && regex.test(each),
          );
        // A column holds UTF-8, which no lone surrogate survives.
        const wellFormed = strings.filter((each) => !LONE_SURROGATE.test(each));
        const { bytes, offsets } = stringColumn(wellFormed);
        expect(rejectedFlags(automaton, bytes, offsets, wellFormed.length), source).toEqual(
          wellFormed.map((each) => (regex.test(each) ? 0 : 1)),
        );
      }),
      { numRuns: 200 },
    );
    expect(automatonOf("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")!.followsOnePath).toBe(true);
    expect(automatonOf("^[0-9a-f]{7,40}$")!.followsOnePath).toBe(true);
    expect(automatonOf("^.{1,64}$")!.followsOnePath).toBe(true);
    // Two ways forward from a state (a digit, or the dot after it), or a loop through two states: walked state by state.
    expect(automatonOf("^\\d+\\.\\d+$")!.followsOnePath).toBe(false);
    expect(automatonOf("^(ab)+$")!.followsOnePath).toBe(false);
  });

  test("long fixed shapes, spelt out class by class up to 64 and counted past it, and runs to the end bounded by the text's length, answer as RegExp does at every length about their bounds", () => {
    const shapes = [
      "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
      "^[0-9a-f]{7,40}$",
      "^[0-9a-f]{63}$",
      "^[0-9a-f]{64}$",
      "^[0-9a-f]{65}$",
      "^a{100}$",
      "^a{64}b{65}c{0,70}$",
      "^.{1,64}$",
      "^x(?:[0-9]{64}(?:-[a-z]{0,80})?)?$",
      "^[a-z]{3}[0-9]*$",
      "^[a-z]{70}[0-9]+$",
    ];
    const fill = fc.constantFrom("a", "b", "c", "f", "x", "0", "9", "-", "G", " ", "é", "😀", "\ud800");
    for (const source of shapes) {
      const automaton = automatonOf(source)!;
      expect(automaton.followsOnePath, source).toBe(true);
      const regex = new RegExp(source, "u");
      // Texts the pattern accepts, then each cut short, made longer, and with one unit changed.
      const accepted = fc.sample(fc.stringMatching(new RegExp(source)), { numRuns: 30, seed: 24 });
      const texts: string[] = [];
      for (const each of accepted) {
        for (let cut = 0; cut <= each.length; cut++) texts.push(each.slice(0, cut));
        for (const unit of fc.sample(fill, { numRuns: 4, seed: each.length }))
          texts.push(
            `${each}${unit}`,
            `${each}${unit.repeat(30)}`,
            `${each.slice(0, -1)}${unit}`,
            `${unit}${each.slice(1)}`,
          );
      }
      for (const each of texts)
        expect(automaton.test(each), `${source} on ${JSON.stringify(each)}`).toBe(
          !LONE_SURROGATE.test(each) && regex.test(each),
        );
    }
  });

  test("text with a lone surrogate never matches, and bytes that are not UTF-8 never do", () => {
    const anything = automatonOf("^.*$")!;
    expect(anything.test("a\ud800b")).toBe(false);
    expect(anything.test("a\udc00")).toBe(false);
    expect(anything.test("a\ud83d\ude00")).toBe(true);
    const letters = automatonOf("^\\p{L}+$")!;
    expect(letters.test("Ωmégaß")).toBe(true);
    expect(letters.test("Ω1")).toBe(false);
    for (const bytes of [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80]])
      expect(anything.matchesBytes(Uint8Array.from(bytes), 0, bytes.length), String(bytes)).toBe(false);
  });

  test("UTF-8 sequences of a code point range cover exactly its encodings", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x10ffff }), fc.integer({ min: 0, max: 0x10ffff }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const sequences = utf8Sequences(low, high);
        const covers = (codePoint: number) => {
          const bytes = utf8.encode(String.fromCodePoint(codePoint));
          return sequences.some(
            (sequence) =>
              sequence.length === bytes.length &&
              sequence.every(([min, max], k) => bytes[k]! >= min && bytes[k]! <= max),
          );
        };
        for (const codePoint of [low, high, (low + high) >> 1, low - 1, high + 1]) {
          if (codePoint < 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) continue;
          expect(covers(codePoint), codePoint.toString(16)).toBe(codePoint >= low && codePoint <= high);
        }
      }),
    );
  });
});

describe("what compiles to what", () => {
  test("lookarounds and backreferences refa resolves become automata; the others, and automata too large, stay RegExps", () => {
    expect(compilePattern("^(?=a)\\w+$").kind).toBe("automaton");
    expect(compilePattern("(a)\\1").kind).toBe("automaton");
    expect(compilePattern("\\bfoo\\b").kind).toBe("automaton");
    expect(compilePattern("(?<=a)b")).toEqual({ kind: "regexp", reason: "it holds a lookaround" });
    expect(compilePattern("(\\w+)-\\1")).toEqual({ kind: "regexp", reason: "it holds a backreference" });
    expect(compilePattern("^\\p{L}{2,30}$")).toEqual({
      kind: "regexp",
      reason: "its automaton would need more than 1024 states",
    });
  });

  test("a one-path automaton's RegExp is written from the automaton, so the pattern's own backtracking is gone", () => {
    // Backtracking RegExps of these patterns take 2^n steps on n a's and a b; the automaton's take n.
    const body = `${"a".repeat(100_000)}b`;
    for (const source of ["^(a|a)*$", "^(a|aa)+$", "^(a*)*$"]) {
      const automaton = automatonOf(source)!;
      expect(automaton.followsOnePath, source).toBe(true);
      expect(automaton.test(body), source).toBe(false);
      expect(automaton.test("a".repeat(100_000)), source).toBe(true);
    }
  });

  test("issue 22 item 11: ^(a+)+$ is an automaton, linear in the text, and generated code has no RegExp for it", () => {
    const automaton = automatonOf("^(a+)+$")!;
    const body = `${"a".repeat(36)}!`;
    expect(automaton.test(body)).toBe(false);
    expect(automaton.test("a".repeat(36))).toBe(true);
    const [file] = generateFromYaml({
      "a.yaml":
        'schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      x:\n        type: string\n        pattern: "^(a+)+$"\n',
    });
    expect(file!.content).toContain("patternAutomaton(");
    expect(file!.content).not.toContain("new RegExp");
  });

  test("a pattern that needs a RegExp says so in the generated code", () => {
    const [file] = generateFromYaml({
      "a.yaml":
        'schema: a\nprefix: A\nversions:\n  1:\n    fields:\n      x:\n        type: string\n        pattern: "(?<=a)b"\n',
    });
    expect(file!.content).toContain(
      "/* a RegExp: this pattern has no automaton (a lookaround, a backreference, or too many states) */",
    );
  });
});

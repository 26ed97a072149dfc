/**
 * runtime/patterns.ts's cache of decoded automata (`patternAutomaton`): bounded by
 * PATTERN_CACHE_BYTES, the least recently asked-for dropped first, so that a process validating
 * many distinct schemas does not grow without bound; a dropped pattern is decoded again and
 * validates as before, by the validators that held it and by the column validator alike.
 */
import { expect, test } from "vitest";
import { tableFromIPC } from "apache-arrow";
import { writeTableBytes } from "legolas-ts";
import { BenchTrainingRunV1, BenchTrainingRunV1SchemaVersion } from "../../bench/generated/index.js";
import { validateRecordBatch } from "../../runtime/arrow/validate/batch.js";
import {
  encodePatternAutomaton,
  PATTERN_CACHE_BYTES,
  type PatternAutomaton,
  patternAutomaton,
} from "../../runtime/patterns.js";

/**
 * The text form of an automaton of `states` states (its byte table 512 bytes a state) with no
 * edge, so that it matches nothing but, where state 1 accepts, the empty text; `salt` picks which
 * two states accept, and so makes it distinct.
 */
function automatonText(states: number, salt: number): string {
  const first = 1 + (salt % (states - 1));
  const second = 1 + Math.floor(salt / (states - 1));
  if (second >= states) throw new RangeError("salt too large for the states");
  return encodePatternAutomaton({
    byteClasses: new Uint8Array(256),
    classCount: 1,
    next: new Uint16Array(states),
    accepting: [first, second],
  });
}

let salt = 0;
/** `count` distinct automata of `states` states each, not asked for before, and their size. */
function fresh(count: number, states: number): { texts: string[]; bytes: number } {
  const texts = Array.from({ length: count }, () => automatonText(states, salt++));
  return { texts, bytes: patternAutomaton(texts[0]!).byteLength };
}

test("a pattern stays decoded while the automata asked for since fit in PATTERN_CACHE_BYTES, and is dropped once they do not", () => {
  const states = 200;
  const { bytes } = fresh(1, states);
  expect(bytes).toBeGreaterThan(states * 512);
  const fit = Math.floor(PATTERN_CACHE_BYTES / bytes);
  for (const [count, kept] of [
    [fit, true],
    [fit + 1, false],
  ] as const) {
    // The first asked for first, then the others after it: fit of them in all fill the cache, one more passes it.
    const { texts } = fresh(count, states);
    const first = patternAutomaton(texts[0]!);
    for (const text of texts) patternAutomaton(text);
    expect(patternAutomaton(texts[0]!) === first, `${count} automata of ${bytes} bytes`).toBe(kept);
  }
});

test("a pattern asked for again is the most recently used: the least recently asked-for go first", () => {
  const { texts, bytes } = fresh(Math.floor(PATTERN_CACHE_BYTES / (200 * 512)) + 4, 200);
  const [first, second] = [patternAutomaton(texts[0]!), patternAutomaton(texts[1]!)];
  const fit = Math.floor(PATTERN_CACHE_BYTES / bytes);
  for (const [k, text] of texts.entries()) {
    patternAutomaton(text);
    // The first is asked for all along; the second, once, at the start.
    if (k < fit) patternAutomaton(texts[0]!);
  }
  expect(patternAutomaton(texts[0]!)).toBe(first);
  expect(patternAutomaton(texts[1]!)).not.toBe(second);
});

test("a pattern dropped from the cache validates as before: rows, the automaton and the column validator", () => {
  const valid = { accuracy: 0.5, epoch: 1n, commit_sha: "0123abc" };
  const invalid = { accuracy: 0.5, epoch: 2n, commit_sha: "XYZ" };
  const bytes = writeTableBytes([valid, invalid], BenchTrainingRunV1SchemaVersion, { validate: false });
  // Each read's table has a schema of its own, so the column validator is compiled for it anew.
  const table = () => tableFromIPC(bytes);
  const patternOf = (): PatternAutomaton => {
    const field = BenchTrainingRunV1SchemaVersion.fields.find((each) => each.name === "commit_sha")!;
    return patternAutomaton(field.constraints!.patternDfa!);
  };
  const answers = (automaton: PatternAutomaton) =>
    ["0123abc", "XYZ", "0123456789abcdef0123456789abcdef01234567", ""].map((text) => automaton.test(text));
  const before = patternOf();
  const found = validateRecordBatch(table(), BenchTrainingRunV1SchemaVersion);
  expect(found).toMatchObject([{ rowIndex: 1, violations: [{ code: "constraint_violated", path: "commit_sha" }] }]);
  expect(BenchTrainingRunV1.is(valid)).toBe(true);
  expect(BenchTrainingRunV1.is(invalid)).toBe(false);
  // Twice the cache's size of other automata asked for since: the pattern is dropped.
  const { texts } = fresh(2 * Math.ceil(PATTERN_CACHE_BYTES / (200 * 512)), 200);
  for (const text of texts) patternAutomaton(text);
  const after = patternOf();
  expect(after).not.toBe(before);
  expect(answers(after)).toStrictEqual(answers(before));
  expect(answers(after)).toStrictEqual([true, false, true, false]);
  expect(validateRecordBatch(table(), BenchTrainingRunV1SchemaVersion)).toStrictEqual(found);
  expect(BenchTrainingRunV1.is(valid)).toBe(true);
  expect(BenchTrainingRunV1.is(invalid)).toBe(false);
});

/**
 * How the texts two `pattern`s accept relate. Each pattern's language is the automaton the runtime
 * runs (resolve/patterns.ts: whole texts, as `RegExp.test` with the `u` flag accepts them, over
 * their UTF-8 bytes), so the question is decidable: one language holds another when nothing the
 * other accepts lies outside it. A text on one side only is found as well, to show the user.
 */
import { getIntersectionWordSets, type CharSet, type ReadonlyDFA, TooManyNodesError } from "refa";
import { patternLanguage } from "../resolve/patterns.js";

export type PatternDifference =
  /** The shortest text each side accepts and the other rejects; `undefined` where there is none. */
  | { readonly comparable: true; readonly oldOnly: string | undefined; readonly newOnly: string | undefined }
  /** A side has no automaton, or their comparison grew too large: `why`, as a sentence's end. */
  | { readonly comparable: false; readonly why: string };

export function comparePatterns(oldPattern: string, newPattern: string): PatternDifference {
  const old = patternLanguage(oldPattern);
  const neu = patternLanguage(newPattern);
  if (typeof old === "string") return { comparable: false, why: `the old pattern has no automaton: ${old}` };
  if (typeof neu === "string") return { comparable: false, why: `the new pattern has no automaton: ${neu}` };
  try {
    return { comparable: true, oldOnly: textOutside(old, neu), newOnly: textOutside(neu, old) };
  } catch (error) {
    if (!(error instanceof TooManyNodesError)) throw error;
    return { comparable: false, why: "comparing their automata needs too many states" };
  }
}

/** The shortest text `inside` accepts and `outside` rejects, if any. */
function textOutside(inside: ReadonlyDFA, outside: ReadonlyDFA): string | undefined {
  const rest = outside.copy();
  rest.complement();
  for (const wordSet of getIntersectionWordSets(inside, rest)) {
    // Every word of the set is accepted, and `inside` accepts only UTF-8: any choice decodes.
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(wordSet, readableByte));
  }
  return undefined;
}

/** Bytes a reader recognizes first: letters, digits, then any printable ASCII. */
const READABLE: readonly (readonly [number, number])[] = [
  [0x61, 0x7a],
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x20, 0x7e],
];

function readableByte(bytes: CharSet): number {
  for (const [low, high] of READABLE) {
    const common = bytes.commonCharacter({ min: low, max: high });
    if (common !== undefined) return common;
  }
  return bytes.ranges[0]!.min;
}

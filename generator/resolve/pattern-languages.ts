/**
 * How the texts two `pattern`s accept relate. Each pattern's language is the automaton the runtime
 * runs (patterns.ts: whole texts, as `RegExp.test` with the `u` flag accepts them, over their UTF-8
 * bytes), so the question is decidable: one language holds another when nothing the other accepts
 * lies outside it. A text on one side only is found as well, to show the user. A child narrowing
 * its parent's pattern and `legolas compat` comparing two versions' both ask it.
 */
import type { CharSet, ReadonlyDFA } from "refa";
import { refa } from "../refa-lazy.js";
import { patternLanguage } from "./patterns.js";

export type PatternDifference =
  /** The shortest text each pattern accepts and the other rejects; `undefined` where there is none. */
  | { readonly comparable: true; readonly onlyFirst: string | undefined; readonly onlySecond: string | undefined }
  /** A pattern has no automaton, or their comparison grew too large: `why`, as a clause. */
  | { readonly comparable: false; readonly why: string };

export function comparePatterns(first: string, second: string): PatternDifference {
  const firstLanguage = patternLanguage(first);
  const secondLanguage = patternLanguage(second);
  if (typeof firstLanguage === "string") return noAutomaton(first, firstLanguage);
  if (typeof secondLanguage === "string") return noAutomaton(second, secondLanguage);
  try {
    return {
      comparable: true,
      onlyFirst: textOutside(firstLanguage, secondLanguage),
      onlySecond: textOutside(secondLanguage, firstLanguage),
    };
  } catch (error) {
    if (!(error instanceof refa().TooManyNodesError)) throw error;
    return { comparable: false, why: "comparing their automata needs too many states" };
  }
}

function noAutomaton(pattern: string, why: string): PatternDifference {
  return { comparable: false, why: `/${pattern}/ has no automaton: ${why}` };
}

/** The shortest text `inside` accepts and `outside` rejects, if any. */
function textOutside(inside: ReadonlyDFA, outside: ReadonlyDFA): string | undefined {
  const rest = outside.copy();
  rest.complement();
  for (const wordSet of refa().getIntersectionWordSets(inside, rest)) {
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

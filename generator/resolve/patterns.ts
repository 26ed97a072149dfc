/**
 * A field's `pattern`, compiled once at generate time into a deterministic automaton over UTF-8
 * bytes (refa builds and minimizes it), so that validating a value costs one table step per byte
 * whatever the pattern: no backtracking, no `RegExp`, and no decoding of Arrow's value buffers.
 * runtime/patterns.ts runs the automaton, on bytes and on JavaScript strings alike;
 * pattern-languages.ts compares two patterns' automata.
 *
 * The automaton decides what `new RegExp(pattern, "u").test(text)` decides: the pattern may match
 * anywhere unless anchored, so it is compiled as `[^]*(?:pattern)[^]*` over whole strings, its
 * `^`/`$` and other lookarounds resolved by refa's transformers where they can be. Text with a
 * lone surrogate (which UTF-8 cannot hold) is never accepted.
 *
 * What a finite automaton cannot express (a backreference refa cannot resolve, a lookaround it
 * cannot remove) stays a `RegExp`, and so does a pattern whose automaton would be too large
 * (`(a|b)*a(a|b){20}` needs 2^20 states, `\p{L}{2,30}` thousands), but only when it cannot
 * backtrack catastrophically: no repeated part of it may repeat again or hold alternatives
 * (`(a+)+`, `(a|ab)*`). Any other pattern is refused, with a declaration error.
 */
import type { DFA, Expression, JS, NFA, Node, NoParent, ReadonlyDFA } from "refa";
import { refa } from "../refa-lazy.js";
import { encodePatternAutomaton, PATTERN_STATE_LIMIT } from "legolas-ts/internal/patterns";

/** How a pattern is checked at run time. */
export type CompiledPattern =
  /** A DFA over UTF-8 bytes, as runtime/patterns.ts decodes it. */
  | { readonly kind: "automaton"; readonly automaton: string }
  /** A `RegExp`: no automaton (small enough) expresses the pattern; `reason` says why. */
  | { readonly kind: "regexp"; readonly reason: string }
  /** Neither is safe or possible; `problem` says why, for a declaration error. */
  | { readonly kind: "refused"; readonly problem: string };

/** States refa may create while it builds an automaton, before minimizing it. */
const BUILD_NODE_LIMIT = 10_000;

const compiled = new Map<string, CompiledPattern>();

/**
 * Compiles `pattern` (a valid `u`-flag regular expression) for run-time matching; once per
 * pattern text and process (versions of a schema repeat their fields' patterns).
 */
export function compilePattern(pattern: string): CompiledPattern {
  let result = compiled.get(pattern);
  if (result === undefined) {
    const language = patternLanguage(pattern);
    result =
      typeof language === "string"
        ? regexpOrRefused(pattern, language)
        : { kind: "automaton", automaton: encodePatternAutomaton(tables(language)) };
    compiled.set(pattern, result);
  }
  return result;
}

const languages = new Map<string, ReadonlyDFA | string>();

/**
 * The texts `pattern` (a valid `u`-flag regular expression) accepts, as the minimized automaton
 * over their UTF-8 bytes that the runtime runs; or, when it has none, why (a string). Once per
 * pattern text and process: `legolas compat` compares the languages of the patterns it resolved.
 */
export function patternLanguage(pattern: string): ReadonlyDFA | string {
  let language = languages.get(pattern);
  if (language === undefined) languages.set(pattern, (language = buildLanguage(pattern)));
  return language;
}

function buildLanguage(pattern: string): DFA | string {
  const expression = anchoredBody(pattern) ?? wholeStringExpression(pattern);
  if (typeof expression === "string") return expression;
  try {
    // Determinized over code points (cheap: no minimizing), then over bytes, where it is minimized.
    const { DFA, NFA } = refa();
    const codePoints = DFA.fromFA(
      NFA.fromRegex(expression, { maxCharacter: 0x10ffff }),
      new DFA.LimitedNodeFactory(BUILD_NODE_LIMIT),
    );
    const bytes = utf8Automaton(codePoints);
    if (bytes.countNodes() <= PATTERN_STATE_LIMIT) return bytes;
  } catch (error) {
    if (!(error instanceof refa().TooManyNodesError)) throw error;
  }
  return TOO_MANY_STATES;
}

const TOO_MANY_STATES = `its automaton would need more than ${PATTERN_STATE_LIMIT} states`;

/**
 * The common case quickly: a pattern `^body$` (one alternative, no other assertion, no
 * backreference) accepts exactly the whole strings `body` matches; `null` for any other pattern.
 */
function anchoredBody(pattern: string): NoParent<Expression> | null {
  let expression: NoParent<Expression>;
  try {
    ({ expression } = refa().JS.Parser.fromLiteral({ source: pattern, flags: "u" }).parse({
      backreferences: "throw",
      simplify: false,
    }));
  } catch {
    return null;
  }
  const elements = expression.alternatives.length === 1 ? expression.alternatives[0]!.elements : [];
  const edge = (element: NoParent<Node> | undefined, kind: "ahead" | "behind") =>
    element?.type === "Assertion" &&
    element.kind === kind &&
    element.negate &&
    element.alternatives.length === 1 &&
    element.alternatives[0]!.elements.length === 1 &&
    element.alternatives[0]!.elements[0]!.type === "CharacterClass" &&
    element.alternatives[0]!.elements[0]!.characters.isAll;
  if (elements.length < 2 || !edge(elements[0], "behind") || !edge(elements.at(-1), "ahead")) return null;
  elements.shift();
  elements.pop();
  let otherAssertion = false;
  refa().visitAst(expression, { onAssertionEnter: () => void (otherAssertion = true) });
  return otherAssertion ? null : expression;
}

/**
 * The pattern as refa's expression of the whole strings `RegExp.test` accepts, with every
 * assertion resolved; or, when one cannot be, why (a string).
 */
function wholeStringExpression(pattern: string): NoParent<Expression> | string {
  const { JS, transform, Transformers, visitAst } = refa();
  let parsed: JS.ParseResult;
  try {
    parsed = JS.Parser.fromLiteral({ source: `[^]*(?:${pattern})[^]*`, flags: "u" }).parse({
      backreferences: "throw",
    });
  } catch {
    return "it holds a backreference";
  }
  const simplified = transform(Transformers.simplify(), parsed.expression);
  // Left at the edge of a whole string, a negative lookaround holds when its body cannot match
  // nothing, and a positive one fails: only the former may simply be removed.
  let edgeSafe = true;
  visitAst(simplified, {
    onAssertionEnter(assertion) {
      if (!assertion.negate || matchesEmpty(assertion)) edgeSafe = false;
    },
  });
  if (!edgeSafe) return LOOKAROUND;
  const resolved = transform(Transformers.patternEdgeAssertions({ inline: false, remove: true }), simplified);
  let remaining = false;
  visitAst(resolved, { onAssertionEnter: () => void (remaining = true) });
  return remaining ? LOOKAROUND : resolved;
}

const LOOKAROUND = "it holds a lookaround";

/** Whether some alternative of `node` can match the empty string (so a negative lookaround of it always fails). */
function matchesEmpty(node: {
  readonly alternatives: readonly { readonly elements: readonly NoParent<Node>[] }[];
}): boolean {
  return node.alternatives.some((alternative) => alternative.elements.every(elementMatchesEmpty));
}

function elementMatchesEmpty(element: NoParent<Node>): boolean {
  switch (element.type) {
    case "CharacterClass":
      return false;
    case "Quantifier":
      return element.min === 0 || matchesEmpty(element);
    case "Alternation":
      return matchesEmpty(element);
    default:
      return true; // assertions and unknowns consume nothing
  }
}

/**
 * A pattern no (small enough) DFA expresses stays a `RegExp` unless backtracking could explode on
 * it: a quantified part (more than once) that holds another quantifier of more than one count
 * (`a+`, and `b?`, which lets an iteration take one length or another) or alternatives.
 * `why` says why it needs a RegExp.
 */
function regexpOrRefused(pattern: string, why: string): CompiledPattern {
  const { expression } = refa().JS.Parser.fromLiteral({ source: pattern, flags: "u" }).parse({
    backreferences: "unknown",
    assertions: "unknown",
    simplify: false,
  });
  let nested = false;
  const { visitAst } = refa();
  visitAst(expression, {
    onQuantifierEnter(quantifier) {
      if (quantifier.max <= 1) return;
      visitAst(quantifier, {
        onQuantifierEnter: (inner) => void (nested ||= inner !== quantifier && inner.max > inner.min),
        onAlternationEnter: () => void (nested = true),
      });
      nested ||= quantifier.alternatives.length > 1;
    },
  });
  if (nested) {
    return {
      kind: "refused",
      problem: `${why}, so only a backtracking RegExp could match it, and it repeats a part that repeats again, is optional or has alternatives, on which backtracking can take exponential time (ReDoS); write it without that nesting, or check the value in a row check`,
    };
  }
  return { kind: "regexp", reason: why };
}

// ---------------------------------------------------------------------------------------------
// Code points -> UTF-8 bytes

/**
 * The automaton over bytes that accepts exactly the UTF-8 encodings of the words `codePoints`
 * accepts (surrogate code points have no encoding and are left out), minimized.
 */
function utf8Automaton(codePoints: DFA): DFA {
  const { CharSet, DFA, NFA } = refa();
  const builder = new NFA.Builder(new NFA.LimitedNodeFactory(BUILD_NODE_LIMIT));
  const states = new Map<DFA.ReadonlyNode, NFA.Node>([[codePoints.initial, builder.initial]]);
  const stateOf = (node: DFA.ReadonlyNode): NFA.Node => {
    let state = states.get(node);
    if (state === undefined) states.set(node, (state = builder.createNode()));
    return state;
  };
  for (const node of codePoints.nodes()) {
    const from = stateOf(node);
    if (codePoints.finals.has(node as DFA.Node)) builder.makeFinal(from);
    for (const [range, target] of node.out.entries()) {
      const to = stateOf(target);
      for (const sequence of utf8Sequences(range.min, range.max)) {
        let at = from;
        sequence.forEach(([low, high], k) => {
          const next = k === sequence.length - 1 ? to : builder.createNode();
          builder.linkNodes(at, next, CharSet.fromRange(0xff, { min: low, max: high }));
          at = next;
        });
      }
    }
  }
  const bytes = DFA.fromFA(
    NFA.fromBuilder(builder, { maxCharacter: 0xff }),
    new DFA.LimitedNodeFactory(BUILD_NODE_LIMIT),
  );
  bytes.minimize();
  return bytes;
}

type ByteRange = readonly [number, number];

const MAX_SCALAR = [0x7f, 0x7ff, 0xffff, 0x10ffff];

/**
 * The code points `[low, high]` as sequences of byte ranges whose products are exactly their
 * UTF-8 encodings (the construction of RE2 and Rust's `utf8-ranges`): split where the encoded
 * length changes, then where a continuation byte's range would not cover all of 0x80-0xBF.
 */
export function utf8Sequences(low: number, high: number): ByteRange[][] {
  const out: ByteRange[][] = [];
  const pending: [number, number][] = [[low, high]];
  while (pending.length > 0) {
    let [start, end] = pending.pop()!;
    // Surrogates have no UTF-8 encoding.
    if (start <= 0xdfff && end >= 0xd800) {
      if (end > 0xdfff) pending.push([0xe000, end]);
      if (start >= 0xd800) continue;
      end = 0xd7ff;
    }
    split: for (;;) {
      for (const max of MAX_SCALAR) {
        if (start <= max && max < end) {
          pending.push([max + 1, end]);
          end = max;
          continue split;
        }
      }
      for (let i = 1; i < 4; i++) {
        const mask = (1 << (6 * i)) - 1;
        if ((start & ~mask) !== (end & ~mask)) {
          if ((start & mask) !== 0) {
            pending.push([(start | mask) + 1, end]);
            end = start | mask;
            continue split;
          }
          if ((end & mask) !== mask) {
            pending.push([end & ~mask, end]);
            end = (end & ~mask) - 1;
            continue split;
          }
        }
      }
      const first = utf8Bytes(start);
      const last = utf8Bytes(end);
      out.push(first.map((byte, k) => [byte, last[k]!] as const));
      break;
    }
  }
  return out.sort((a, b) => a[0]![0] - b[0]![0]);
}

function utf8Bytes(codePoint: number): number[] {
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 63)];
  if (codePoint < 0x10000) return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 63), 0x80 | (codePoint & 63)];
  return [
    0xf0 | (codePoint >> 18),
    0x80 | ((codePoint >> 12) & 63),
    0x80 | ((codePoint >> 6) & 63),
    0x80 | (codePoint & 63),
  ];
}

// ---------------------------------------------------------------------------------------------
// The tables runtime/patterns.ts reads

/**
 * The byte automaton as tables: state 0 rejects for good, state 1 is the initial one; each
 * byte falls in a class (bytes no state tells apart share one), and `next[state * classes +
 * class]` is the state after it.
 */
function tables(automaton: ReadonlyDFA): {
  byteClasses: Uint8Array;
  classCount: number;
  next: Uint16Array;
  accepting: number[];
} {
  const ids = new Map<DFA.ReadonlyNode, number>([[automaton.initial, 1]]);
  for (const node of automaton.nodes()) if (!ids.has(node)) ids.set(node, ids.size + 1);
  const stateCount = ids.size + 1;
  // Each byte's column of targets; bytes with equal columns form one class.
  const columns = new Map<string, number>();
  const byteClasses = new Uint8Array(256);
  const targetsOf = (byte: number) => [...ids.keys()].map((node) => ids.get(node.out.get(byte)!) ?? 0);
  const classTargets: number[][] = [];
  for (let byte = 0; byte < 256; byte++) {
    const targets = targetsOf(byte);
    const key = targets.join(",");
    let id = columns.get(key);
    if (id === undefined) {
      columns.set(key, (id = classTargets.length));
      classTargets.push(targets);
    }
    byteClasses[byte] = id;
  }
  const classCount = classTargets.length;
  const next = new Uint16Array(stateCount * classCount);
  classTargets.forEach((targets, c) => {
    targets.forEach((target, k) => {
      next[(k + 1) * classCount + c] = target;
    });
  });
  const accepting = [...ids].filter(([node]) => automaton.finals.has(node as DFA.Node)).map(([, id]) => id);
  return { byteClasses, classCount, next, accepting };
}

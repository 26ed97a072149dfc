/**
 * Declared `pattern`s at run time: the deterministic automaton over UTF-8 bytes that the
 * generator compiled from each (legolas-ts-cli's resolve/patterns.ts), and the one matcher that
 * runs it, on the bytes of an Arrow value buffer (nothing decoded) and on JavaScript strings
 * (encoded to UTF-8 on the fly) alike. One table step per byte, so the time is linear in the
 * text whatever the pattern: no pattern can make validation backtrack. (On ASCII strings, a
 * fixed-shape automaton runs as a RegExp written from it, which is linear too: `asciiRegExpOf`.)
 *
 * The automaton travels as text in the generated code (the field descriptor's
 * `constraints.patternDfa` and the validator's constant): base64 of 16-bit little-endian words,
 *
 *     stateCount, classCount, acceptingCount, accepting states..., runCount,
 *     (first byte, class) per run..., then for each state from 1: edgeCount, (class, target)...
 *
 * where state 0 rejects for good (every class not listed leads there) and state 1 is the initial
 * state; a byte's class is that of the last run starting at or before it (bytes that no state
 * tells apart share one class).
 */

import { type OnePath, type PatternKernel, patternKernel } from "./pattern-kernel.js";

/** More states than this are refused at generate time: the byte table would pass 512 KB. */
export const PATTERN_STATE_LIMIT = 1024;

/** The automaton's tables, as the generator builds them. */
export interface PatternTables {
  readonly byteClasses: Uint8Array;
  readonly classCount: number;
  readonly next: Uint16Array;
  readonly accepting: readonly number[];
}

/** The text form of `tables` (see the module comment). */
export function encodePatternAutomaton(tables: PatternTables): string {
  const words: number[] = [tables.next.length / tables.classCount, tables.classCount, tables.accepting.length];
  words.push(...tables.accepting);
  const runs: number[] = [];
  tables.byteClasses.forEach((c, byte) => {
    if (byte === 0 || c !== tables.byteClasses[byte - 1]) runs.push(byte, c);
  });
  words.push(runs.length / 2, ...runs);
  const stateCount = tables.next.length / tables.classCount;
  for (let state = 1; state < stateCount; state++) {
    const row = tables.next.subarray(state * tables.classCount, (state + 1) * tables.classCount);
    const edges: number[] = [];
    row.forEach((target, c) => {
      if (target !== 0) edges.push(c, target);
    });
    words.push(edges.length / 2, ...edges);
  }
  let binary = "";
  for (const word of words) binary += String.fromCharCode(word & 0xff, word >> 8);
  return btoa(binary);
}

/** The tables of an automaton's text form. */
export function decodePatternAutomaton(text: string): PatternTables {
  const binary = atob(text);
  const words = new Uint16Array(binary.length >> 1);
  for (let k = 0; k < words.length; k++) words[k] = binary.charCodeAt(2 * k) | (binary.charCodeAt(2 * k + 1) << 8);
  let at = 0;
  const stateCount = words[at++]!;
  const classCount = words[at++]!;
  const accepting = Array.from(words.subarray(at + 1, at + 1 + words[at]!));
  at += 1 + accepting.length;
  const runCount = words[at++]!;
  const byteClasses = new Uint8Array(256);
  for (let r = 0; r < runCount; r++) byteClasses.fill(words[at + 2 * r + 1]!, words[at + 2 * r]!);
  at += 2 * runCount;
  if (stateCount > PATTERN_STATE_LIMIT + 1) throw new TypeError("not a pattern automaton: too many states");
  const next = new Uint16Array(stateCount * classCount);
  for (let state = 1; state < stateCount; state++) {
    const edgeCount = words[at++]!;
    for (let e = 0; e < edgeCount; e++, at += 2) next[state * classCount + words[at]!] = words[at + 1]!;
  }
  if (at > words.length) throw new TypeError("not a pattern automaton: its tables are cut short");
  return { byteClasses, classCount, next, accepting };
}

/**
 * A compiled pattern: `test` answers what `new RegExp(pattern, "u").test(text)` answers (text with
 * a lone surrogate, which UTF-8 cannot hold, never matches), and `matchesBytes` the same for the
 * UTF-8 bytes of a text (bytes that are not UTF-8 never match).
 */
export class PatternAutomaton {
  /** `table[state << 8 | byte]`: the state after `byte`. */
  private readonly table: Uint16Array;
  private readonly accepts: Uint8Array;
  /** The automaton on ASCII text, when it has one path there (see `asciiRegExpOf`); else `null`. */
  private readonly ascii: RegExp | null;
  /** The longest text `ascii` can match (`Infinity` when it ends in a repetition): longer text is refused unread. */
  private readonly asciiLongest: number;
  /** No state goes anywhere on a byte past ASCII: text that is not ASCII never matches. */
  private readonly asciiOnly: boolean;
  /** The automaton's one path on ASCII text, or `null` (see `onePathOf`). */
  private readonly onePath: OnePath | null;
  /** The SIMD kernel of {@link onePath}, made on the first column: `null` when there is none, `undefined` before. */
  private kernel: PatternKernel | null | undefined;
  /** The bytes its tables hold (513 a state): what it costs {@link patternAutomaton}'s cache. */
  readonly byteLength: number;

  constructor(tables: PatternTables) {
    const { byteClasses, classCount, next } = tables;
    const stateCount = next.length / classCount;
    this.table = new Uint16Array(stateCount << 8);
    for (let state = 0; state < stateCount; state++)
      for (let byte = 0; byte < 256; byte++)
        this.table[(state << 8) | byte] = next[state * classCount + byteClasses[byte]!]!;
    this.accepts = new Uint8Array(stateCount);
    for (const state of tables.accepting) this.accepts[state] = 1;
    this.onePath = onePathOf(this.table, this.accepts);
    const ascii = this.onePath === null ? null : asciiRegExpOf(this.onePath);
    this.ascii = ascii === null ? null : ascii.regExp;
    this.asciiLongest = ascii === null ? 0 : ascii.longest;
    this.asciiOnly = this.table.every((target, index) => (index & 0xff) < 0x80 || target === 0);
    this.byteLength = this.table.byteLength + this.accepts.byteLength;
  }

  /** Whether `test` reads ASCII text with a `RegExp` written from the automaton (see `asciiRegExpOf`). */
  get followsOnePath(): boolean {
    return this.ascii !== null;
  }

  test(text: string): boolean {
    const ascii = this.ascii;
    if (ascii === null) return this.walk(text);
    // The RegExp's classes hold only ASCII characters: text past ASCII is the walk's to answer,
    // unless the automaton refuses every byte past ASCII (a UUID, a hex digest), and so the text.
    return (
      (text.length <= this.asciiLongest && ascii.test(text)) ||
      (!this.asciiOnly && NOT_ASCII.test(text) && this.walk(text))
    );
  }

  /** `test` state by state. */
  private walk(text: string): boolean {
    const table = this.table;
    let state = 1;
    for (let i = 0; i < text.length; i++) {
      let unit = text.charCodeAt(i);
      if (unit < 0x80) {
        state = table[(state << 8) | unit]!;
      } else if (unit < 0x800) {
        state = table[(state << 8) | 0xc0 | (unit >> 6)]!;
        state = table[(state << 8) | 0x80 | (unit & 63)]!;
      } else if (unit < 0xd800 || unit > 0xdfff) {
        state = table[(state << 8) | 0xe0 | (unit >> 12)]!;
        state = table[(state << 8) | 0x80 | ((unit >> 6) & 63)]!;
        state = table[(state << 8) | 0x80 | (unit & 63)]!;
      } else {
        const low = text.charCodeAt(i + 1);
        if (unit > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return false;
        unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        i++;
        state = table[(state << 8) | 0xf0 | (unit >> 18)]!;
        state = table[(state << 8) | 0x80 | ((unit >> 12) & 63)]!;
        state = table[(state << 8) | 0x80 | ((unit >> 6) & 63)]!;
        state = table[(state << 8) | 0x80 | (unit & 63)]!;
      }
      if (state === 0) return false;
    }
    return this.accepts[state] === 1;
  }

  /**
   * Calls `reject(i)`, in order, for each of the first `n` values of a string column (`bytes` and
   * its `offsets`) that is not UTF-8 the pattern accepts. A pattern with one path on ASCII is
   * checked by the SIMD kernel (pattern-kernel.ts), and the walk judges only the values it does not
   * accept; any other is walked four values at a time: each step of a walk waits on the table
   * lookup before it, so four independent walks keep the processor busy (measured on UUIDs: 40 ns
   * a value two at a time, 28 ns four at a time).
   */
  forEachRejected(bytes: Uint8Array, offsets: ArrayLike<number>, n: number, reject: (i: number) => void): void {
    if (this.kernel === undefined) this.kernel = this.onePath === null ? null : patternKernel(this.onePath);
    if (this.kernel !== null) {
      // The kernel accepts most values sixteen bytes at a time; the walk judges the rest.
      this.kernel.forEachUnaccepted(bytes, offsets, n, (i) => {
        if (!this.matchesBytes(bytes, offsets[i]!, offsets[i + 1]!)) reject(i);
      });
      return;
    }
    const { table, accepts } = this;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const start0 = offsets[i]!;
      const start1 = offsets[i + 1]!;
      const start2 = offsets[i + 2]!;
      const start3 = offsets[i + 3]!;
      const end3 = offsets[i + 4]!;
      const shared = Math.min(start1 - start0, start2 - start1, start3 - start2, end3 - start3);
      let state0 = 1;
      let state1 = 1;
      let state2 = 1;
      let state3 = 1;
      for (let k = 0; k < shared; k++) {
        state0 = table[(state0 << 8) | bytes[start0 + k]!]!;
        state1 = table[(state1 << 8) | bytes[start1 + k]!]!;
        state2 = table[(state2 << 8) | bytes[start2 + k]!]!;
        state3 = table[(state3 << 8) | bytes[start3 + k]!]!;
      }
      // The rest of each value, one walk at a time.
      for (let k = start0 + shared; k < start1; k++) state0 = table[(state0 << 8) | bytes[k]!]!;
      for (let k = start1 + shared; k < start2; k++) state1 = table[(state1 << 8) | bytes[k]!]!;
      for (let k = start2 + shared; k < start3; k++) state2 = table[(state2 << 8) | bytes[k]!]!;
      for (let k = start3 + shared; k < end3; k++) state3 = table[(state3 << 8) | bytes[k]!]!;
      const flags =
        (accepts[state0]! ^ 1) |
        ((accepts[state1]! ^ 1) << 1) |
        ((accepts[state2]! ^ 1) << 2) |
        ((accepts[state3]! ^ 1) << 3);
      if (flags !== 0) for (let j = 0; j < 4; j++) if ((flags >> j) & 1) reject(i + j);
    }
    for (; i < n; i++) if (!this.matchesBytes(bytes, offsets[i]!, offsets[i + 1]!)) reject(i);
  }

  /** Whether `bytes[start, end)` is UTF-8 whose text the pattern accepts. */
  matchesBytes(bytes: Uint8Array, start: number, end: number): boolean {
    const table = this.table;
    let state = 1;
    // The rejecting state keeps itself: no test per byte, the verdict is read at the end.
    for (let i = start; i < end; i++) state = table[(state << 8) | bytes[i]!]!;
    return this.accepts[state] === 1;
  }
}

const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * The automaton, on ASCII text, as a `RegExp`, when it has one path there. Many declared
 * patterns are fixed shapes (a UUID, a hex digest, `^[a-z]+$`, `^.{1,64}$`) whose automaton, on
 * ASCII, has one way forward from each state: each character leads to that state's one successor
 * or rejects. Such an automaton is a sequence of character classes, one per position, the last
 * perhaps repeated, and V8 runs that as compiled code reading the string's characters directly:
 * faster than a table walk in JavaScript, whose every `charCodeAt` pays for the string's
 * representation (a string built by concatenation, much more; measured in BENCHMARKS.md).
 *
 * The RegExp is written from the automaton, never from the declared pattern, so it backtracks at
 * most linearly whatever the pattern was (`^(a|a)*$` becomes `^[\x61]*$`): each class matches one
 * character at its position, the one repetition is a class repeated to the end of the text, and
 * each length at which the text may end is an optional group that, given up, fails at once.
 *
 * Written for V8's speed as well: a run of one class of up to 64 is spelt out class by class
 * (`[\x30-\x39\x61-\x66]` eight times, not `{8}`), which V8 runs as straight-line code where a
 * counted repetition keeps a counter and backtracking state for each character (a UUID, 81 ns
 * counted, 30 ns spelt out); a run to the end of the text bounded at `m` (`{0,33}`) is written
 * `*`, the text's length tested against `longest` before the `RegExp` runs (a 40-digit hex
 * digest, 86 ns -> 57 ns).
 */
function asciiRegExpOf(path: OnePath): { regExp: RegExp; longest: number } {
  const classes = path.classes.map(classSource);
  return oneWay(classes, path.canEnd, path.repeated === null ? null : classSource(path.repeated));
}

/**
 * The automaton's one path on ASCII text, if it has one: from each state, every ASCII character
 * leads to that state's one successor or rejects (see {@link asciiRegExpOf}).
 */
function onePathOf(table: Uint16Array, accepts: Uint8Array): OnePath | null {
  const classes: number[][] = [];
  const canEnd: boolean[] = [];
  const visited = new Set<number>();
  for (let state = 1; ; ) {
    visited.add(state);
    canEnd.push(accepts[state] === 1);
    let successor = 0;
    const units: number[] = [];
    for (let unit = 0; unit < 0x80; unit++) {
      const target = table[(state << 8) | unit]!;
      if (target === 0) continue;
      if (successor !== 0 && target !== successor) return null;
      successor = target;
      units.push(unit);
    }
    if (successor === state) return { classes, canEnd, repeated: units };
    if (successor === 0) return { classes, canEnd, repeated: null };
    // A loop through several states (`^(ab)+$`) is not one path.
    if (visited.has(successor)) return null;
    classes.push(units);
    state = successor;
  }
}

/** The `RegExp` of {@link sourceOf} and the longest text it matches. */
function oneWay(
  classes: readonly string[],
  canEnd: readonly boolean[],
  repeated: string | null,
): { regExp: RegExp; longest: number } {
  let end = classes.length;
  while (end >= 0 && !canEnd[end]) end--;
  // With no repetition, the text ends at the last position where it may.
  const longest = repeated !== null && end === classes.length ? Number.POSITIVE_INFINITY : Math.max(end, 0);
  return { regExp: new RegExp(sourceOf(classes, canEnd, repeated)), longest };
}

/** The longest run of one class spelt out class by class; a longer one is a counted repetition (`{100}`). */
const SPELT_OUT_RUN = 64;

/**
 * `classes[k]` the class of position k, `canEnd[k]` whether the text may end after k characters
 * (one more entry than `classes`), `repeated` the class that may follow to the end, if any. A
 * run to the end of the text bounded at `m` is written `*`: the caller tests the text's length
 * (see {@link oneWay}), so that the `RegExp` need not count.
 */
function sourceOf(classes: readonly string[], canEnd: readonly boolean[], repeated: string | null): string {
  const last = classes.length;
  // Past the last length at which the text may end, nothing matches.
  let end = last;
  while (end >= 0 && !canEnd[end]) end--;
  if (end < 0) return "^(?!)";
  const tail = end === last && repeated !== null ? `${repeated}*` : "";
  let source = "^";
  let groups = 0;
  for (let k = 0; k < end; ) {
    const runToEnd = canEnd.slice(k, end + 1).every(Boolean) && classes.slice(k, end).every((c) => c === classes[k]);
    // The text may end at any of the positions left, all of one class: `[0-9a-f]*` (up to the
    // text's length bound, `{0,33}` here), and with that class repeated after them, `[a-z]*`.
    // (Another class after them needs the groups.)
    if (runToEnd && (tail === "" || tail === `${classes[k]}*`)) {
      return `${source}${classes[k]}*${")?".repeat(groups)}$`;
    }
    if (canEnd[k]) {
      source += "(?:";
      groups++;
    }
    let run = 1;
    while (k + run < end && !canEnd[k + run] && classes[k + run] === classes[k]) run++;
    source += run <= SPELT_OUT_RUN ? classes[k]!.repeat(run) : `${classes[k]}{${run}}`;
    k += run;
  }
  return `${source}${tail}${")?".repeat(groups)}$`;
}

/** A character class of ASCII `units` (in increasing order): `[\x30-\x39\x61-\x66]`. */
function classSource(units: readonly number[]): string {
  const hex = (unit: number) => `\\x${unit.toString(16).padStart(2, "0")}`;
  let source = "";
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (j + 1 < units.length && units[j + 1] === units[j]! + 1) j++;
    source += j === i ? hex(units[i]!) : `${hex(units[i]!)}-${hex(units[j]!)}`;
    i = j + 1;
  }
  return `[${source}]`;
}

/**
 * The most bytes {@link patternAutomaton} keeps decoded (tables of up to 512 KB an automaton, most a
 * few KB): past it the least recently asked-for are dropped, so that a process validating many
 * distinct schemas does not grow without bound. A dropped one is decoded again when next asked
 * for; a validator or a column scan that holds one keeps it.
 */
export const PATTERN_CACHE_BYTES = 8 * 2 ** 20;

/** Decoded automata by text form, each with when it was last asked for (a count of the asks). */
const automata = new Map<string, { readonly automaton: PatternAutomaton; used: number }>();
let asks = 0;
let automataBytes = 0;

/**
 * The automaton of a text form, decoded once while it is asked for (a validator and a column scan
 * share it), at most {@link PATTERN_CACHE_BYTES} of them kept. A hit only notes when it was
 * (~12 ns, as the plain Map's hit was; moving the entry to the Map's end took ~200 ns); the least
 * recently asked-for is found, by one walk of the kept ones, only when one is dropped.
 */
export function patternAutomaton(text: string): PatternAutomaton {
  const cached = automata.get(text);
  if (cached !== undefined) {
    cached.used = ++asks;
    return cached.automaton;
  }
  const automaton = new PatternAutomaton(decodePatternAutomaton(text));
  automata.set(text, { automaton, used: ++asks });
  automataBytes += automaton.byteLength;
  while (automataBytes > PATTERN_CACHE_BYTES && automata.size > 1) {
    let oldest = text;
    let least = asks;
    for (const [key, { used }] of automata) {
      if (used < least) [oldest, least] = [key, used];
    }
    automataBytes -= automata.get(oldest)!.automaton.byteLength;
    automata.delete(oldest);
  }
  return automaton;
}

/**
 * The pieces of the Arrow fuzz test: a seeded random source, the mutations applied to valid
 * files, and the tally of outcomes. Kept apart from the test so that a failing case can be
 * replayed from its seed in a scratch script.
 */

/** xorshift32: deterministic, seedable, fast; enough for choosing mutations. */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state / 2 ** 32;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** A mutation of a valid file's bytes: returns new bytes and what was done, for the report. */
export type Mutation = (bytes: Uint8Array, random: Random) => { bytes: Uint8Array; what: string };

/** Values that lie: zero, negative, just past an end, the int32 / int64 extremes. */
function lyingInt32(random: Random, size: number): number {
  return random.pick([
    0,
    -1,
    -8,
    1,
    7,
    size,
    size + 1,
    size * 2,
    0x7fffffff,
    -0x80000000,
    0x40000000,
    0xffff,
    random.int(2 ** 31),
  ]);
}
function lyingInt64(random: Random, size: number): bigint {
  return random.pick([
    0n,
    -1n,
    -8n,
    BigInt(size),
    BigInt(size + 1),
    2n ** 31n,
    2n ** 32n,
    2n ** 53n,
    2n ** 62n,
    2n ** 63n - 1n,
    -(2n ** 63n),
  ]);
}

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  "bit flips": (bytes, random) => {
    const out = bytes.slice();
    const count = 1 + random.int(8);
    for (let k = 0; k < count; k++) {
      const at = random.int(out.length);
      out[at]! ^= 1 << random.int(8);
    }
    return { bytes: out, what: `${count} bit flips` };
  },
  "byte noise": (bytes, random) => {
    const out = bytes.slice();
    const at = random.int(out.length);
    const length = 1 + random.int(32);
    for (let k = at; k < Math.min(out.length, at + length); k++) out[k] = random.int(256);
    return { bytes: out, what: `${length} random bytes at ${at}` };
  },
  truncation: (bytes, random) => {
    const length = random.int(bytes.length);
    return { bytes: bytes.slice(0, length), what: `truncated to ${length} of ${bytes.length}` };
  },
  "cut out, ends kept": (bytes, random) => {
    // Keeps the magic at both ends, so the reader must notice the missing middle by itself.
    const from = 8 + random.int(bytes.length - 16);
    const to = Math.min(bytes.length - 8, from + 1 + random.int(64));
    const out = new Uint8Array(bytes.length - (to - from));
    out.set(bytes.subarray(0, from));
    out.set(bytes.subarray(to), from);
    return { bytes: out, what: `bytes ${from}..${to} cut out` };
  },
  "lying int32": (bytes, random) => {
    const out = bytes.slice();
    const at = random.int(out.length >> 2) << 2;
    const value = lyingInt32(random, bytes.length);
    new DataView(out.buffer).setInt32(at, value, true);
    return { bytes: out, what: `int32 ${value} at ${at}` };
  },
  "lying int64": (bytes, random) => {
    const out = bytes.slice();
    const at = random.int((out.length >> 3) - 1) << 3;
    const value = lyingInt64(random, bytes.length);
    new DataView(out.buffer).setBigInt64(at, value, true);
    return { bytes: out, what: `int64 ${value} at ${at}` };
  },
  "lying small int": (bytes, random) => {
    // Flatbuffer tables, vector lengths and field-node lengths hold small numbers: nudge one.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const candidates: number[] = [];
    for (let at = 0; at + 4 <= bytes.length; at += 4) {
      const v = view.getInt32(at, true);
      if (v > 0 && v < 4096) candidates.push(at);
    }
    const out = bytes.slice();
    const at = random.pick(candidates);
    const old = view.getInt32(at, true);
    const value = random.pick([old + 1, old - 1, old * 2, old + 8, 0, -old, old * 1_000_000, 0x7fffffff]);
    new DataView(out.buffer).setInt32(at, value, true);
    return { bytes: out, what: `int32 ${old} -> ${value} at ${at}` };
  },
};

/** Every occurrence of `needle` in `bytes`. */
export function occurrences(bytes: Uint8Array, needle: Uint8Array): number[] {
  const found: number[] = [];
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    found.push(i);
  }
  return found;
}

/** Replaces the metadata value `from` by `to` (same byte length) in the schema and/or footer copy. */
export function rewriteMetadata(
  bytes: Uint8Array,
  from: string,
  to: string,
  which: "all" | "first" | "last",
): Uint8Array {
  const encoder = new TextEncoder();
  const [a, b] = [encoder.encode(from), encoder.encode(to)];
  if (a.length !== b.length) throw new Error("internal: metadata rewrite must keep the length");
  const out = bytes.slice();
  const at = occurrences(bytes, a);
  const chosen = which === "all" ? at : which === "first" ? at.slice(0, 1) : at.slice(-1);
  for (const i of chosen) out.set(b, i);
  return out;
}

/** Counts outcomes by name, and keeps the first few failures with enough to replay them. */
export class Tally {
  readonly counts = new Map<string, number>();
  readonly failures: string[] = [];
  cases = 0;
  slowestMs = 0;

  add(outcome: string): void {
    this.cases++;
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }

  fail(description: string): void {
    this.add("FAILURE");
    // At once too: a test that then runs past its timeout never reaches its expect on `failures`.
    process.stderr.write(`fuzz failure: ${description}\n`);
    if (this.failures.length < 20) this.failures.push(description);
  }

  summary(label: string, elapsedMs: number): string {
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`);
    return `${label}: ${this.cases} cases in ${(elapsedMs / 1000).toFixed(1)} s (slowest ${this.slowestMs.toFixed(0)} ms): ${parts.join(", ")}`;
  }
}

/** How long and how hard a fuzz test runs (see {@link fuzzBudget}). */
export interface FuzzBudget {
  readonly seconds: number;
  readonly maxCases: number;
  /** Cases run whatever the time they take, so that a loaded machine (a slow CI run) still fuzzes. */
  readonly minCases: number;
  readonly seed: number;
}

/**
 * How long and how hard a fuzz test runs. Short by default (CI); `LEGOLAS_FUZZ_SECONDS`,
 * `LEGOLAS_FUZZ_CASES` and `LEGOLAS_FUZZ_SEED` make longer or other runs.
 */
export function fuzzBudget(defaultSeconds: number, minCases: number): FuzzBudget {
  const seconds = Number(process.env.LEGOLAS_FUZZ_SECONDS ?? defaultSeconds);
  const maxCases = Number(process.env.LEGOLAS_FUZZ_CASES ?? (process.env.LEGOLAS_FUZZ_SECONDS ? Infinity : 3000));
  return {
    seconds,
    maxCases,
    minCases: Math.min(minCases, maxCases),
    seed: Number(process.env.LEGOLAS_FUZZ_SEED ?? 20240611),
  };
}

/**
 * Whether a fuzz loop runs another case after `cases`, started at `startedMs`: its first
 * `minCases` always, then more until its seconds or its `maxCases` are spent. A budget of time
 * alone made fewer cases the busier the machine, and a test that asked for a hundred failed
 * under load.
 */
export function fuzzContinues(budget: FuzzBudget, cases: number, startedMs: number): boolean {
  if (cases >= budget.maxCases) return false;
  return cases < budget.minCases || performance.now() - startedMs < budget.seconds * 1000;
}

/** No single case may take longer than this (a hang shows up as the test's own timeout). */
export const CASE_LIMIT_MS = 1500;
/** How far the process's peak resident memory may rise above where it stood at the start. */
export const MEMORY_LIMIT_BYTES = 512 * 2 ** 20;

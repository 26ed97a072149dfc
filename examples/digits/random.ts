/**
 * A small seeded PRNG. Math.random cannot be seeded, and the examples promise that one seed gives
 * the same data set, the same shuffles and the same initial weights on every run.
 */

/** A generator of uniform numbers in [0, 1) that can also draw the other distributions we need. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
  /** A 31-bit integer, for seeding something else (tfjs initialisers, a child generator). */
  seed(): number;
}

/**
 * mulberry32: 32 bits of state, passes the statistical tests that matter for data augmentation,
 * and is a few lines of integer arithmetic that behave identically on every JavaScript engine.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    // Box-Muller; 1 - u keeps the logarithm away from zero.
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    seed: () => Math.floor(next() * 0x7fffffff),
  };
}

/** Fisher-Yates, in place, driven by `rng` so a shuffle is reproducible. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(a: T, rng: Rng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
  return a;
}

/**
 * A one-path pattern (a UUID, a hex digest, `^[a-z_]{1,64}$`: a character class per position,
 * the last perhaps repeated; patterns.ts `onePathOf`) checked over a string column's bytes sixteen
 * at a time, by a WebAssembly SIMD kernel: about a fifth of the automaton's table walk, which
 * spends a dependent table lookup on each byte.
 *
 * The kernel only ever says "accepted" for ASCII text of an accepted length whose every byte is in
 * its position's class, which is what the automaton accepts on ASCII; every other value (a
 * rejection, text past ASCII, a null slot's bytes) is handed back for the automaton to judge. So
 * a column's verdicts are the automaton's, value for value, and the kernel is only a faster way
 * to reach the common one.
 *
 * How sixteen bytes are classified at once: each class is a union of "rectangles", the bytes
 * whose high nibble is in one set and low nibble in another (`[0-9a-f]` is {3} x {0..9} and
 * {6} x {1..6}). Up to eight rectangles get a bit each; a byte is in rectangle r when bit r is set
 * both in `low[byte & 15]` and in `high[byte >> 4]` (two `i8x16.swizzle` lookups), and in a
 * position's class when that bit is among the position's rectangles (a mask per position, sixteen
 * positions a vector). Patterns needing more than eight rectangles, or positions past 256, keep
 * the automaton alone. The kernel itself, in WebAssembly's binary format, is pattern-kernel-wasm.ts.
 */
import {
  CHUNK_VALUES,
  DATA,
  HIGH_TABLE,
  kernelModuleBytes,
  LANE_INDICES,
  LENGTH_ALLOWED,
  LOW_TABLE,
  OFFSETS,
  POSITION_LIMIT,
  POSITION_MASKS,
  SETTINGS,
} from "./pattern-kernel-wasm.js";

/** The one path of an automaton on ASCII text (patterns.ts `onePathOf`). */
export interface OnePath {
  /** `classes[k]`: the ASCII code units allowed at position k. */
  readonly classes: readonly (readonly number[])[];
  /** `canEnd[k]`: whether the text may end after k characters (one more entry than `classes`). */
  readonly canEnd: readonly boolean[];
  /** The code units that may follow the last position, any number of times, or `null` (the text may end after them if it may end after the last position). */
  readonly repeated: readonly number[] | null;
}

/** Eight rectangles, one bit each in a byte lane. */
const RECTANGLE_LIMIT = 8;

/**
 * The most bytes a chunk copies: the kernel's memory stays about this size for the process's
 * life (one for all patterns), and a value longer than it is left to the automaton.
 */
const CHUNK_BYTES = 1 << 20;
const PAGE = 65536;

/** The kernel for `path`, or `null` when the pattern does not fit it or this engine runs no WebAssembly SIMD. */
export function patternKernel(path: OnePath): PatternKernel | null {
  if (path.classes.length > POSITION_LIMIT) return null;
  const rectangles = rectanglesOf([...path.classes, ...(path.repeated === null ? [] : [path.repeated])]);
  if (rectangles === null) return null;
  const engine = kernelEngine();
  return engine === null ? null : new PatternKernel(engine, tablesOf(path, rectangles));
}

/**
 * Checks string columns against one pattern. Every pattern's kernel runs in one memory, the
 * process's (see {@link kernelEngine}), its tables written there at the start of each column and
 * a column checked start to end in one call: a column given while another is being checked (by
 * a `judge` that checks one) is handed back whole, to be walked.
 */
export class PatternKernel {
  constructor(
    private readonly engine: KernelEngine,
    /** The pattern's tables: the memory's bytes before the chunk's offsets. */
    private readonly tables: Uint8Array,
  ) {}

  /**
   * Calls `judge(i)` for each of the first `n` values of a string column (`bytes` and its
   * `offsets`) that the kernel does not accept, and for no other.
   */
  forEachUnaccepted(bytes: Uint8Array, offsets: ArrayLike<number>, n: number, judge: (i: number) => void): void {
    const engine = this.engine;
    if (engine.busy) {
      for (let i = 0; i < n; i++) judge(i);
      return;
    }
    engine.busy = true;
    try {
      this.checkColumn(bytes, offsets, n, judge);
    } finally {
      engine.busy = false;
    }
  }

  /** {@link forEachUnaccepted}, the memory its own. */
  private checkColumn(bytes: Uint8Array, offsets: ArrayLike<number>, n: number, judge: (i: number) => void): void {
    const { memory, check } = this.engine;
    new Uint8Array(memory.buffer).set(this.tables);
    for (let first = 0, end = 0; first < n; first = end) {
      // As many values as a chunk holds: fewer when they are long, halved until their bytes fit.
      end = Math.min(n, first + CHUNK_VALUES);
      const start = offsets[first]!;
      while (end - first > 1 && offsets[end]! - start > CHUNK_BYTES) end = first + ((end - first) >> 1);
      const byteCount = offsets[end]! - start;
      // A value longer than a chunk, offsets out of order or past the bytes, or a memory that cannot
      // grow for them: the automaton's to judge (and refuse).
      const fits = start >= 0 && byteCount >= 0 && byteCount <= CHUNK_BYTES && offsets[end]! <= bytes.length;
      if (!fits || !reserve(memory, DATA + byteCount + 16)) {
        for (let i = first; i < end; i++) judge(i);
        continue;
      }
      const buffer = memory.buffer;
      const offsetsHere = new Int32Array(buffer, OFFSETS, end - first + 1);
      if (offsets instanceof Int32Array) offsetsHere.set(offsets.subarray(first, end + 1));
      else for (let i = first; i <= end; i++) offsetsHere[i - first] = offsets[i]!;
      new Uint8Array(buffer, DATA, byteCount).set(bytes.subarray(start, start + byteCount));
      const count = end - first;
      for (let at = check(0, count, start, byteCount); at < count; at = check(at + 1, count, start, byteCount))
        judge(first + at);
    }
  }
}

/** Whether `memory` holds `byteLength` bytes, grown if need be (it may not grow: no memory left to reserve). */
function reserve(memory: WebAssembly.Memory, byteLength: number): boolean {
  const have = memory.buffer.byteLength;
  if (byteLength <= have) return true;
  try {
    memory.grow(Math.ceil((byteLength - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}

/** The rectangles' bit per class: `low`/`high` tables and each class's mask. */
interface Rectangles {
  readonly low: Uint8Array;
  readonly high: Uint8Array;
  readonly maskOf: ReadonlyMap<readonly number[], number>;
}

/** The rectangles covering `classes` (ASCII code units), or `null` past {@link RECTANGLE_LIMIT}. */
function rectanglesOf(classes: readonly (readonly number[])[]): Rectangles | null {
  const low = new Uint8Array(16);
  const high = new Uint8Array(16);
  const bitOfRectangle = new Map<string, number>();
  const maskOf = new Map<readonly number[], number>();
  for (const units of classes) {
    if (maskOf.has(units)) continue;
    // The low nibbles allowed under each high nibble; high nibbles sharing a set form one rectangle.
    const lowsUnder = new Uint16Array(8);
    for (const unit of units) lowsUnder[unit >> 4]! |= 1 << (unit & 15);
    const highsOf = new Map<number, number[]>();
    lowsUnder.forEach((lows, highNibble) => {
      if (lows !== 0) highsOf.set(lows, [...(highsOf.get(lows) ?? []), highNibble]);
    });
    let mask = 0;
    for (const [lows, highs] of highsOf) {
      const key = `${lows}:${highs.join(",")}`;
      let bit = bitOfRectangle.get(key);
      if (bit === undefined) {
        bit = bitOfRectangle.size;
        if (bit === RECTANGLE_LIMIT) return null;
        bitOfRectangle.set(key, bit);
        for (let nibble = 0; nibble < 16; nibble++) if ((lows >> nibble) & 1) low[nibble]! |= 1 << bit;
        for (const nibble of highs) high[nibble]! |= 1 << bit;
      }
      mask |= 1 << bit;
    }
    maskOf.set(units, mask);
  }
  return { low, high, maskOf };
}

/** The memory's bytes before {@link OFFSETS} for `path`: its rectangles' tables, its positions' masks, its lengths and settings. */
function tablesOf(path: OnePath, { low, high, maskOf }: Rectangles): Uint8Array {
  const tables = new Uint8Array(OFFSETS);
  tables.set(low, LOW_TABLE);
  tables.set(high, HIGH_TABLE);
  for (let lane = 0; lane < 16; lane++) tables[LANE_INDICES + lane] = lane;
  const positions = path.classes.length;
  const repeatedMask = path.repeated === null ? 0 : maskOf.get(path.repeated)!;
  // Masks for the positions' vectors, then one vector of the repeated class for every position after.
  const vectors = Math.ceil(positions / 16);
  for (let k = 0; k < 16 * (vectors + 1); k++)
    tables[POSITION_MASKS + k] = k < positions ? maskOf.get(path.classes[k]!)! : repeatedMask;
  for (let length = 0; length <= positions; length++) tables[LENGTH_ALLOWED + length] = path.canEnd[length] ? 1 : 0;
  const settings = new Int32Array(tables.buffer, SETTINGS, 3);
  settings[0] = positions;
  // Past the positions, the text is in the repeated class's state, which accepts or not as the last position does.
  settings[1] = path.repeated !== null && path.canEnd[positions] ? 1 : 0;
  settings[2] = POSITION_MASKS + 16 * vectors;
  return tables;
}

/** The kernel's one instance and its memory: a pattern's tables, then a chunk of the column (offsets, then bytes). */
interface KernelEngine {
  readonly memory: WebAssembly.Memory;
  readonly check: (first: number, end: number, shift: number, byteCount: number) => number;
  /** Whether a column is being checked in the memory. */
  busy: boolean;
}

let engine: KernelEngine | null | undefined;

/**
 * The kernel, made once, in one memory for the process, whatever the number of patterns (about
 * 1 MiB at most: a chunk and the tables of the pattern it checks); `null` where WebAssembly or
 * its SIMD is missing, a page's content security policy forbids compiling it, or the engine
 * cannot reserve a memory (V8 reserves address space for each; `ulimit -v` may forbid it): the
 * automaton then walks every value.
 */
function kernelEngine(): KernelEngine | null {
  if (engine === undefined) {
    engine = null;
    try {
      const bytes = kernelModuleBytes();
      if (typeof WebAssembly === "object" && WebAssembly.validate(bytes)) {
        const memory = new WebAssembly.Memory({ initial: Math.ceil(DATA / PAGE) + 1 });
        const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { kernel: { memory } });
        engine = { memory, check: instance.exports.check as KernelEngine["check"], busy: false };
      }
    } catch {
      // A CompileError where `wasm-unsafe-eval` is not allowed, or a RangeError where no memory can be reserved: no kernel.
    }
  }
  return engine;
}

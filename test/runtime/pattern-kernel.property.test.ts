/**
 * The SIMD kernel of one-path patterns (runtime/pattern-kernel.ts): on random paths and random
 * column bytes, it hands back exactly the values outside the path's ASCII language, in chunks and
 * across them; and a column's verdicts through it are the automaton's walk, value for value.
 */
import fc from "fast-check";
import { describe, expect, test, vi } from "vitest";
import { compilePattern } from "../../generator/resolve/patterns.js";
import { type OnePath, patternKernel } from "../../runtime/pattern-kernel.js";
import { patternAutomaton } from "../../runtime/patterns.js";
import { rejectedFlags, stringColumn } from "../helpers/pattern-columns.js";

/** Classes as users write them: ranges and single characters, a few rectangles each. */
const someClass = fc.constantFrom(
  [..."0123456789abcdef"],
  [..."0123456789"],
  ["-"],
  ["_"],
  [..."abcdefghijklmnopqrstuvwxyz"],
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ_"],
  [..."0123456789ABCDEFabcdef"],
  [" ", "\t", "~", "\u007f"],
  Array.from({ length: 128 }, (_, unit) => String.fromCharCode(unit)),
);
const unitsOf = (chars: readonly string[]) => chars.map((c) => c.charCodeAt(0)).sort((a, b) => a - b);

const onePath: fc.Arbitrary<OnePath> = fc
  .tuple(
    fc.array(fc.tuple(someClass, fc.integer({ min: 1, max: 40 })), { minLength: 0, maxLength: 6 }),
    fc.option(someClass, { nil: null }),
    fc.array(fc.boolean(), { minLength: 242, maxLength: 242 }),
  )
  .map(([runs, repeated, ends]) => {
    const classes = runs.flatMap(([chars, count]) => Array.from({ length: count }, () => unitsOf(chars)));
    const canEnd = Array.from({ length: classes.length + 1 }, (_, k) => ends[k]!);
    return { classes, canEnd, repeated: repeated === null ? null : unitsOf(repeated) };
  });

/** Whether `bytes` are ASCII text of the path: an allowed length, each byte in its position's class. */
function inLanguage(path: OnePath, bytes: Uint8Array): boolean {
  const length = bytes.length;
  const ends = length <= path.classes.length ? path.canEnd[length] : path.repeated !== null && path.canEnd.at(-1);
  if (!ends) return false;
  return bytes.every((byte, k) => (path.classes[k] ?? path.repeated)!.includes(byte));
}

/** A value near the path: mostly bytes of its positions' classes, at lengths about its ends, some bytes anything. */
function valueNear(path: OnePath): fc.Arbitrary<Uint8Array> {
  const longest = path.classes.length + (path.repeated === null ? 2 : 40);
  return fc
    .tuple(fc.integer({ min: 0, max: longest }), fc.array(fc.tuple(fc.nat(), fc.nat(20)), { maxLength: longest }))
    .map(([length, draws]) =>
      Uint8Array.from({ length }, (_, k) => {
        const [pick, odd] = draws[k] ?? [k, 1];
        const units = path.classes[k] ?? path.repeated ?? [0x61];
        return odd === 0 ? pick % 256 : units[pick % units.length]!;
      }),
    );
}

function unaccepted(path: OnePath, values: readonly Uint8Array[]): number[] | null {
  const kernel = patternKernel(path);
  if (kernel === null) return null;
  const { bytes, offsets } = stringColumn(values);
  const judged: number[] = [];
  kernel.forEachUnaccepted(bytes, offsets, values.length, (i) => judged.push(i));
  return judged;
}

describe("the one-path kernel", () => {
  test("hands back exactly the values outside the path's ASCII language", () => {
    fc.assert(
      fc.property(
        onePath.chain((path) => fc.tuple(fc.constant(path), fc.array(valueNear(path), { maxLength: 40 }))),
        ([path, values]) => {
          const judged = unaccepted(path, values);
          fc.pre(judged !== null);
          const outside = values.flatMap((value, i) => (inLanguage(path, value) ? [] : [i]));
          expect(judged).toEqual(outside);
        },
      ),
      { numRuns: 400 },
    );
  });

  test("across chunks of values: a column of 10,000 UUIDs with wrong ones about the chunk edges", () => {
    const hex = [..."0123456789abcdef"].map((c) => c.charCodeAt(0));
    const dash = ["-".charCodeAt(0)];
    const classes = [8, 4, 4, 4, 12].flatMap((run, k) => [...(k === 0 ? [] : [dash]), ...Array(run).fill(hex)]);
    const path = { classes, canEnd: classes.map(() => false).concat(true), repeated: null };
    const values = Array.from({ length: 10_000 }, (_, i) => new TextEncoder().encode(uuidOf(i)));
    const wrong = [0, 4095, 4096, 4097, 8191, 8192, 9999];
    for (const i of wrong) values[i] = Uint8Array.from(values[i]!, (byte, k) => (k === i % 36 ? 0x47 : byte));
    values[5000] = values[5000]!.subarray(0, 35);
    expect(unaccepted(path, values)).toEqual([...wrong.slice(0, 4), 5000, ...wrong.slice(4)].sort((a, b) => a - b));
  });

  test("paths it cannot hold are left to the automaton: more than eight rectangles, or past 256 positions", () => {
    const eachLowSet = Array.from({ length: 9 }, (_, k) => Array.from({ length: k + 1 }, (_, unit) => 0x30 + unit));
    expect(
      patternKernel({ classes: eachLowSet, canEnd: [...eachLowSet.map(() => false), true], repeated: null }),
    ).toBeNull();
    const long = Array.from({ length: 257 }, () => [0x61]);
    expect(patternKernel({ classes: long, canEnd: [...long.map(() => false), true], repeated: null })).toBeNull();
    expect(
      patternKernel({ classes: long.slice(1), canEnd: [...long.map(() => false)], repeated: [0x61] }),
    ).not.toBeNull();
  });

  test("at the last positions it holds (255 and 256, the last of the sixteenth vector), with and without a repeated class", () => {
    const hex = unitsOf([..."0123456789abcdef"]);
    for (const positions of [255, 256])
      for (const repeated of [null, unitsOf(["-"])]) {
        const classes = Array.from({ length: positions }, (_, k) => (k % 17 === 16 ? unitsOf(["_"]) : hex));
        const canEnd = Array.from({ length: positions + 1 }, (_, k) => k === positions || k === 200);
        const path = { classes, canEnd, repeated };
        const good = (length: number) =>
          Uint8Array.from({ length }, (_, k) => {
            const units = classes[k] ?? repeated ?? [0x30];
            return units[k % units.length]!;
          });
        const values = [199, 200, 201, positions - 1, positions, positions + 1, positions + 20].map(good);
        values.push(Uint8Array.from(good(positions), (byte, k) => (k === positions - 1 ? 0x67 : byte)));
        const outside = values.flatMap((value, i) => (inLanguage(path, value) ? [] : [i]));
        expect(unaccepted(path, values), `${positions} positions, repeated ${repeated !== null}`).toEqual(outside);
      }
  });
});

/** pattern-kernel.ts as a process that has made no kernel yet sees it (its one memory not made). */
async function freshKernels(): Promise<typeof patternKernel> {
  vi.resetModules();
  return (await import("../../runtime/pattern-kernel.js")).patternKernel;
}

describe("the kernels' memory", () => {
  const units = [..."0123456789"].map((c) => c.charCodeAt(0));
  // ^[0-9]+$
  const digits = { classes: [units], canEnd: [false, true], repeated: units };
  const values = Array.from({ length: 4000 }, (_, i) => `${i}`.repeat(20 + (i % 7)));
  values[1234] = "12a4";
  const outside = values.flatMap((value, i) => (/^[0-9]+$/.test(value) ? [] : [i]));

  test("no kernel is made when its memory cannot be reserved", async () => {
    const fresh = await freshKernels();
    const Memory = WebAssembly.Memory;
    WebAssembly.Memory = (() => {
      throw new RangeError("WebAssembly.Memory(): could not allocate memory");
    }) as unknown as typeof WebAssembly.Memory;
    try {
      expect(fresh(digits)).toBeNull();
    } finally {
      WebAssembly.Memory = Memory;
    }
  });

  test("a chunk the memory cannot grow for is handed back whole, to be judged", async () => {
    const kernel = (await freshKernels())(digits)!;
    const grow = vi.spyOn(WebAssembly.Memory.prototype, "grow").mockImplementation(() => {
      throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
    });
    try {
      const { bytes, offsets } = stringColumn(values);
      const judged: number[] = [];
      kernel.forEachUnaccepted(bytes, offsets, values.length, (i) => judged.push(i));
      expect(grow).toHaveBeenCalled();
      expect(judged).toEqual(values.map((_, i) => i));
    } finally {
      grow.mockRestore();
    }
    const { bytes, offsets } = stringColumn(values);
    const judged: number[] = [];
    kernel.forEachUnaccepted(bytes, offsets, values.length, (i) => judged.push(i));
    expect(judged).toEqual(outside);
  });

  test("is one for every pattern: forty patterns' columns of long values, in turn, each get their own verdicts", async () => {
    const fresh = await freshKernels();
    const Memory = WebAssembly.Memory;
    let made = 0;
    WebAssembly.Memory = class extends Memory {
      constructor(descriptor: WebAssembly.MemoryDescriptor) {
        super(descriptor);
        made++;
      }
    };
    try {
      // ^[0-9]{k+1}[0-9]*$ for k below 40: at least k + 1 digits.
      const kernels = Array.from({ length: 40 }, (_, k) => {
        const classes = Array.from({ length: k + 1 }, () => units);
        return fresh({ classes, canEnd: [...classes.map(() => false), true], repeated: units })!;
      });
      // Short values (some too short for a pattern) among values of 300 digits, one with a letter.
      const texts = Array.from({ length: 4096 }, (_, i) => "7".repeat(i % 3 === 0 ? i % 45 : 300));
      texts[100] = `${"7".repeat(299)}a`;
      const { bytes, offsets } = stringColumn(texts);
      for (const round of [0, 1]) {
        kernels.forEach((kernel, k) => {
          const judged: number[] = [];
          kernel.forEachUnaccepted(bytes, offsets, texts.length, (i) => judged.push(i));
          const expected = texts.flatMap((text, i) => (new RegExp(`^[0-9]{${k + 1}}[0-9]*$`).test(text) ? [] : [i]));
          expect(judged, `pattern ${k}, round ${round}`).toEqual(expected);
        });
      }
      // About 1 MiB in all (a memory each kept 40 MiB).
      expect(made).toBe(1);
    } finally {
      WebAssembly.Memory = Memory;
    }
  });
});

describe("a column through the kernel", () => {
  const uuid = automatonOf("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  test("gets the walk's verdicts on any bytes, in any order of offsets", () => {
    const walk = (bytes: Uint8Array, offsets: Int32Array, n: number) =>
      Array.from({ length: n }, (_, i) => (uuid.matchesBytes(bytes, offsets[i]!, offsets[i + 1]!) ? 0 : 1));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(uuidOf(7)), fc.string({ unit: "binary", maxLength: 40 })), { maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -50, max: 2000 })), { maxLength: 3 }),
        (texts, corruptions) => {
          const { bytes, offsets } = stringColumn(texts);
          // Offsets out of order, negative or past the bytes, as a corrupt file may hold them.
          for (const [at, offset] of corruptions) offsets[at % offsets.length] = offset;
          expect(rejectedFlags(uuid, bytes, offsets, texts.length)).toEqual(walk(bytes, offsets, texts.length));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("long values go in smaller chunks, and a value longer than a chunk (1 MiB) is walked: each judged as RegExp judges it", () => {
    const letters = automatonOf("^[a-z]+$");
    const texts = [
      "a".repeat(300_000),
      `${"b".repeat(299_999)}!`,
      "c".repeat(400_000),
      "d".repeat(1 << 20),
      `${"e".repeat(1 << 20)}!`,
    ];
    texts.push(...texts.map((text) => text.slice(0, 1000)), "ok", "no!");
    const { bytes, offsets } = stringColumn(texts);
    expect(rejectedFlags(letters, bytes, offsets, texts.length)).toEqual(
      texts.map((text) => (/^[a-z]+$/.test(text) ? 0 : 1)),
    );
  });
});

test("a column checked while another is (by a reject that checks one) gets the walk's verdicts, as does the other", () => {
  const digits = automatonOf("^[0-9]+$");
  const ascii = automatonOf("^[\\x00-\\x7f]*$");
  const numbers = Array.from({ length: 4000 }, (_, i) => `${i * 7919}`);
  numbers[10] = "1x";
  numbers[2000] = "2y";
  const texts = numbers.map((text, i) => (i % 500 === 9 ? `${text}\u00e9` : text));
  const outer = stringColumn(numbers);
  const inner = stringColumn(texts);
  const valid = stringColumn(numbers.map((_, i) => `${i * 7919}`));
  const rejected: number[] = [];
  digits.forEachRejected(outer.bytes, outer.offsets, numbers.length, (i) => {
    rejected.push(i);
    const flags = rejectedFlags(ascii, inner.bytes, inner.offsets, texts.length);
    expect(flags).toEqual(texts.map((text) => (/^[\x00-\x7f]*$/.test(text) ? 0 : 1)));
    // The same pattern's column: every value a number.
    expect(rejectedFlags(digits, valid.bytes, valid.offsets, numbers.length)).toEqual(numbers.map(() => 0));
  });
  expect(rejected).toEqual([10, 2000]);
});

function automatonOf(pattern: string) {
  const compiled = compilePattern(pattern);
  if (compiled.kind !== "automaton") throw new Error(`${pattern} has no automaton`);
  return patternAutomaton(compiled.automaton);
}

function uuidOf(i: number): string {
  const hex = (i * 2654435761).toString(16).padStart(8, "0").slice(-8).repeat(4);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

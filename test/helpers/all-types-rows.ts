/**
 * Random valid inputs of `test.all-types@1` (test/schemas/test.all-types.yaml), for round-trip
 * properties: every field of the every-type fixture, constrained fields within their bounds.
 */
import fc from "fast-check";
import { FlatArray, type FlatArrayVec, Weights } from "legolas-ts";
import type { AllTypesV1Input } from "../generated/index.js";
import { float16Values, int128Values, juliaScalarValues } from "./julia-scalar-values.js";

const opt = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const text = fc.string({ unit: "grapheme", maxLength: 12 });
const flatArrayOf = (vecs: fc.Arbitrary<FlatArrayVec>) =>
  vecs.chain((vec) => fc.constantFrom([vec.length], [1, vec.length]).map((size) => new FlatArray(vec, size)));

/**
 * Weights LegolasFlux.jl reads back (docs/flux.md): a first array that holds a value (Julia takes
 * the element type from it), then up to two more of any size, an empty one too.
 */
const readableWeights = (first: fc.Arbitrary<FlatArrayVec>, rest: fc.Arbitrary<FlatArrayVec>) =>
  fc
    .tuple(flatArrayOf(first), fc.array(flatArrayOf(rest), { maxLength: 2 }))
    .map(([head, tail]) => new Weights([head, ...tail]));

/**
 * Weights of each element type legolas-ts holds: float32, float64, float16 bits (any but the
 * NaNs other than the canonical 0x7e00, whose payload no number can carry), and the integer types.
 */
const float16Bits = fc
  .integer({ min: 0, max: 0xffff })
  .map((bits) => ((bits & 0x7c00) === 0x7c00 && bits & 0x3ff ? 0x7e00 : bits));
const vecOf = {
  float32: fc.float32Array({ maxLength: 6 }),
  float64: fc.float64Array({ maxLength: 6 }),
  float16: fc.array(float16Bits, { maxLength: 6 }).map((bits) => Uint16Array.from(bits)),
  int8: fc.int8Array({ maxLength: 6 }),
  int16: fc.int16Array({ maxLength: 6 }),
  int32: fc.int32Array({ maxLength: 6 }),
  uint8: fc.uint8Array({ maxLength: 6 }),
  uint32: fc.uint32Array({ maxLength: 6 }),
} as const;
const ELEMENT_TYPES = Object.keys(vecOf) as (keyof typeof vecOf)[];
export const anyWeights: fc.Arbitrary<Weights> = fc.constantFrom(...ELEMENT_TYPES).chain((type) => {
  const vecs = vecOf[type] as fc.Arbitrary<FlatArrayVec>;
  return readableWeights(
    vecs.filter((vec) => vec.length > 0),
    vecs,
  );
});

export const allTypesRow: fc.Arbitrary<AllTypesV1Input> = fc.record({
  flag: fc.boolean(),
  tiny: opt(fc.integer({ min: -128, max: 127 })),
  small: fc.integer({ min: -32768, max: 32767 }),
  medium: opt(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  big: opt(int64),
  ubyte: fc.integer({ min: 0, max: 255 }),
  ushort: opt(fc.integer({ min: 0, max: 65535 })),
  uint: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  ubig: opt(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
  single: opt(fc.float()),
  double: fc.double(),
  text: opt(text),
  blob: opt(fc.uint8Array({ maxLength: 8 })),
  id: opt(fc.uuid()),
  day: opt(fc.integer({ min: -1e8, max: 1e8 }).map((days) => new Date(days * 86_400_000))),
  moment: opt(fc.date({ noInvalidDate: true })),
  clock: opt(fc.bigInt({ min: 0n, max: 86_400_000_000_000n - 1n })),
  at: opt(int64),
  at_ms_utc: opt(int64),
  elapsed: opt(int64),
  elapsed_us: opt(int64),
  floats: opt(fc.float32Array({ maxLength: 5 })),
  ints: opt(fc.bigInt64Array({ maxLength: 5 })),
  bytes: opt(fc.uint8Array({ maxLength: 5 })),
  names: opt(fc.array(text, { maxLength: 3 })),
  matrix: opt(fc.array(fc.float64Array({ maxLength: 3 }), { maxLength: 3 })),
  point: opt(fc.record({ x: fc.double(), note: opt(text) })),
  points: opt(
    fc.array(
      fc.record({ x: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), y: opt(fc.integer({ min: 0, max: 9 })) }),
      { maxLength: 3 },
    ),
  ),
  child: opt(fc.record({ a: int64, b: int64 })),
  weights: opt(readableWeights(fc.float32Array({ minLength: 1, maxLength: 6 }), fc.float32Array({ maxLength: 6 }))),
  bounded: opt(fc.double({ min: -1.5, max: 1.5, noNaN: true })),
  label: opt(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 8 })),
  kind: opt(fc.constantFrom("a", "b", "c")),
  tag: opt(fc.uint8Array({ minLength: 4, maxLength: 4 })),
  few_names: opt(fc.array(text, { maxLength: 3 })),
  half: opt(float16Values),
  wide: opt(int128Values(true)),
  uwide: opt(int128Values(false)),
  sym: opt(juliaScalarValues({ kind: "symbol" }) as fc.Arbitrary<string>),
  letter: opt(juliaScalarValues({ kind: "char" }) as fc.Arbitrary<string>),
  release: opt(juliaScalarValues({ kind: "version" }) as fc.Arbitrary<string>),
  samples: opt(fc.array(fc.double(), { maxLength: 4 })),
  position: opt(fc.tuple(fc.float(), fc.float(), fc.float())),
  tags: opt(fc.uniqueArray(text, { maxLength: 3 }).map((names) => new Set(names))),
  span: opt(fc.tuple(int64, text)),
  counts: opt(
    fc
      .uniqueArray(fc.tuple(text, int64), { maxLength: 3, selector: ([key]) => key })
      .map((entries) => new Map(entries)),
  ),
  either: opt(fc.oneof(int64, text)),
});

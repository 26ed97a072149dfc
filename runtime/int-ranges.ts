/**
 * The values each integer type holds, inclusive: the one home of this rule. The generator's
 * YAML checks, its compatibility report and its validators, and the runtime's JSON Schema all
 * read it from here, so they cannot disagree on what fits an `int8` or a `uint32`.
 */

/** 128: Julia's `Int128`/`UInt128`, which Arrow.jl stores as an Int of bit width 128. */
export type IntBits = 8 | 16 | 32 | 64 | 128;

/** The smallest and largest value of an integer type, inclusive. */
export function intRange(bits: IntBits, signed: boolean): readonly [bigint, bigint] {
  return (signed ? SIGNED_RANGES : UNSIGNED_RANGES)[bits];
}

/** Each type's range, worked out once: the bigint powers cost more than the rest of a message that names one. */
const SIGNED_RANGES = rangesOf((width) => [-(2n ** (width - 1n)), 2n ** (width - 1n) - 1n]);
const UNSIGNED_RANGES = rangesOf((width) => [0n, 2n ** width - 1n]);

function rangesOf(range: (width: bigint) => [bigint, bigint]): Readonly<Record<IntBits, readonly [bigint, bigint]>> {
  const widths: IntBits[] = [8, 16, 32, 64, 128];
  return Object.fromEntries(widths.map((bits) => [bits, Object.freeze(range(BigInt(bits)))])) as Record<
    IntBits,
    readonly [bigint, bigint]
  >;
}

/**
 * A 64- or 128-bit integer as decimal text, its JSON form: at most 39 digits (and a sign), so no
 * text is parsed, or even matched, that could not fit (BigInt of 8 MB of digits took 4.3 s).
 */
export const INTEGER_TEXT = /^-?\d{1,39}$/;

/** A test that a value is a `number` the integer type holds, for the types narrower than 64 bits. */
function holds(bits: 8 | 16 | 32, signed: boolean): (value: unknown) => value is number {
  const [low, high] = intRange(bits, signed).map(Number) as [number, number];
  return (value): value is number =>
    typeof value === "number" && Number.isInteger(value) && value >= low && value <= high;
}

// Generated validators test each integer field with one of these (64-bit ones: convert.ts's isInt64, isUint64).
export const isInt8: (value: unknown) => value is number = holds(8, true);
export const isInt16: (value: unknown) => value is number = holds(16, true);
export const isInt32: (value: unknown) => value is number = holds(32, true);
export const isUint8: (value: unknown) => value is number = holds(8, false);
export const isUint16: (value: unknown) => value is number = holds(16, false);
export const isUint32: (value: unknown) => value is number = holds(32, false);

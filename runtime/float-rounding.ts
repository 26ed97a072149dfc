/**
 * Which numbers a narrow float field rounds to a given value: a `float32` or `float16` field
 * holds its input rounded (ties to even), so its bounds hold for every number that rounds within
 * them, and json-schema.ts states a bound as the edge of that range rather than the bound itself
 * (`max: 0.7` is 0.699999988079071 as a float32, and 0.7 rounds to it).
 */
import { LARGEST_FINITE } from "./float-ranges.js";
import { float16Bits, float16Value } from "./weights/element-types.js";

/** An edge of a range of numbers: `closed` when the edge itself is in the range. */
export interface RangeEdge {
  readonly edge: number;
  readonly closed: boolean;
}

/**
 * The numbers that a float of `bits` (16 or 32) rounds to a finite value from `lowest` to
 * `highest` (values of the type; absent, or infinite, for no bound but the type's finite range).
 */
export function roundedRange(
  bits: 16 | 32,
  lowest: number | undefined,
  highest: number | undefined,
): { readonly low: RangeEdge; readonly high: RangeEdge } {
  const largest = LARGEST_FINITE[bits];
  const within = (bound: number | undefined, unbounded: number) =>
    bound !== undefined && Number.isFinite(bound) ? bound : unbounded;
  return {
    low: roundingEdge(bits, within(lowest, -largest), "below"),
    high: roundingEdge(bits, within(highest, largest), "above"),
  };
}

/**
 * The lowest (`"below"`) or highest (`"above"`) numbers that a float of `bits` rounds to `value`,
 * a finite value of the type: halfway to its neighbour on that side, where the tie goes to
 * whichever of the two has an even significand. Past the largest finite value the neighbour is
 * the power of two an infinity stands for, so that edge is where rounding overflows.
 */
function roundingEdge(bits: 16 | 32, value: number, side: "below" | "above"): RangeEdge {
  const neighbour = side === "above" ? nextUp(bits, value) : -nextUp(bits, -value);
  return { edge: (value + neighbour) / 2, closed: bitsOf(bits, value) % 2 === 0 };
}

/** The next value of a float of `bits` above `value` (finite), an infinity taken as its power of two. */
function nextUp(bits: 16 | 32, value: number): number {
  if (value === 0) return valueOf(bits, 1); // the smallest subnormal, from either zero
  const raw = bitsOf(bits, value);
  const next = valueOf(bits, value > 0 ? raw + 1 : raw - 1);
  // Past the largest finite value: one step of its spacing further, where the exponent runs out.
  return Number.isFinite(next) ? next : 2 * value + nextUp(bits, -value);
}

/** The IEEE 754 bits of `value` (a value of the type), sign and magnitude: even bits, even significand. */
function bitsOf(bits: 16 | 32, value: number): number {
  if (bits === 16) return float16Bits(value)!;
  FLOAT32[0] = value;
  return WORD[0]!;
}

function valueOf(bits: 16 | 32, raw: number): number {
  if (bits === 16) return float16Value(raw);
  WORD[0] = raw;
  return FLOAT32[0]!;
}

const FLOAT32 = new Float32Array(1);
const WORD = new Uint32Array(FLOAT32.buffer);

/**
 * The values each integer type holds, inclusive: the one home of this rule. The generator's
 * YAML checks, its compatibility report and its validators, and the runtime's JSON Schema all
 * read it from here, so they cannot disagree on what fits an `int8` or a `uint32`.
 */
import type { IntBits } from "./field-types.js";

/** The smallest and largest value of an integer type, inclusive. */
export function intRange(bits: IntBits, signed: boolean): readonly [bigint, bigint] {
  const width = BigInt(bits);
  return signed ? [-(2n ** (width - 1n)), 2n ** (width - 1n) - 1n] : [0n, 2n ** width - 1n];
}

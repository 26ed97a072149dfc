/**
 * The finite range of each narrow float type, with no imports: violations.ts says a number
 * beyond it would be an infinity, and float-rounding.ts rounds bounds up to its edge, without the
 * one importing the other (float-rounding.ts reads float16 bits from weights/, which stands above
 * violations.ts).
 */

/** The largest finite value of a float16 and of a float32. */
export const LARGEST_FINITE = { 16: 65504, 32: 3.4028234663852886e38 } as const;

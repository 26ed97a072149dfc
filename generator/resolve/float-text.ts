/**
 * A float as its schema declared it. A float32 or float16 field's bounds, listed values and
 * default are held as the field holds them (resolve/constraints.ts: `max: 0.9` of a float32 is
 * 0.8999999761581421, so that 0.9 read from a table passes); what people read (compat's report,
 * `legolas docs`, `inspect --head`) shows the shortest decimal that rounds to the same float, the
 * `0.9` the YAML wrote.
 */
import type { DeclaredFieldType } from "legolas-ts/internal/field-types";
import { toFloat16 } from "legolas-ts/internal/julia-scalars";

/**
 * A bound, listed value or default as its YAML declared it: a string quoted, a float32's or
 * float16's number as the shortest decimal it rounds from ({@link floatText}) when the field's
 * `type` is given. What compat's report and `legolas docs` print.
 */
export function declaredValueText(value: string | number | bigint | boolean, type?: DeclaredFieldType): string {
  if (typeof value === "string") return JSON.stringify(value);
  return type?.kind === "float" && typeof value === "number" ? floatText(value, type.bits) : String(value);
}

/** `value`, held by a float field of `bits`, as text: the shortest decimal that field rounds to it. */
export function floatText(value: number, bits: 16 | 32 | 64): string {
  return String(bits === 64 ? value : shortestFloat(value, bits));
}

/**
 * The shortest decimal that a float of `bits` rounds to `value` (`0.06`, not a float32's
 * `0.05999999865889549`); a number but for an infinity or NaN, given as text.
 */
export function shortestFloat(value: number, bits: 16 | 32): number | string {
  if (!Number.isFinite(value)) return String(value);
  const round = bits === 32 ? Math.fround : (x: number) => toFloat16(x) as number;
  // Nine significant digits tell every float32 apart (five every float16).
  for (let digits = 1; digits <= 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (round(shorter) === value) return shorter;
  }
  return value;
}

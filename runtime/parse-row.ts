/**
 * Parsing without throwing, as zod's `safeParse` does: a generated `X.parse(input)` converts the
 * input, validates it, and returns either the row or every violation. The throwing constructor
 * and Standard Schema's `validate` are both built on the same steps.
 */
import type { Violation } from "./violations.js";

/** What `X.parse(input)` returns: the row, or every violation of the converted input. */
export type ParseResult<Row> =
  | { readonly ok: true; readonly value: Row }
  | { readonly ok: false; readonly violations: readonly Violation[] };

/** The parts of a generated row class that parsing uses. */
export interface ParsableRowClass<Row extends object> {
  new (input: never): Row;
  convert(input: unknown): object;
  is(value: unknown): boolean;
  validate(value: unknown): Violation[];
}

/**
 * Converts and validates `input` against `rowClass`; never throws for any input. The constructor
 * runs only on a converted value that complies, and conversion is idempotent, so it cannot fail.
 */
export function parseRow<Row extends object>(rowClass: ParsableRowClass<Row>, input: unknown): ParseResult<Row> {
  const converted = rowClass.convert(input);
  if (!rowClass.is(converted)) return { ok: false, violations: rowClass.validate(converted) };
  return { ok: true, value: new rowClass(converted as never) };
}

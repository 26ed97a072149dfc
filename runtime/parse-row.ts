/**
 * Parsing without throwing, as zod's `safeParse` does: a generated `X.parse(input)` converts the
 * input, validates it, and returns either the row or every violation. Standard Schema's
 * `validate` is built on it, and both take a row in its input form or in its JSON form
 * (`row.toJSON()`, e.g. a request body): the two forms differ only where the JSON form holds what
 * the input form refuses (int64 as decimal text, base64, Weights as arrays, special floats as
 * text), so one door takes both without ambiguity, and `JSON.stringify(row)` parses back to the row.
 */
import { blankRow } from "./convert.js";
import { rowFromJson } from "./json.js";
import { isGeneratedRowClass, schemaVersionOf } from "./row-class-descriptors.js";
import { collectingConstructor } from "./row-validation.js";
import type { RowValidationError } from "./errors.js";
import { droppedMisspeltValue, notingMisspeltKeys } from "./misspelt-keys.js";
import { violationsAsGiven } from "./input-lists.js";
import type { Violation } from "./violations.js";

/** What `X.parse(input)` returns: the row, or every violation of the converted input. */
export type ParseResult<Row> =
  | { readonly ok: true; readonly value: Row }
  | { readonly ok: false; readonly violations: readonly Violation[] };

/** The parts of a generated row class that parsing uses. */
export interface ParsableRowClass<Row extends object> {
  new (input: never): Row;
  convert(input: unknown, row?: object): object;
  is(value: unknown): boolean;
  validate(value: unknown): Violation[];
}

/**
 * Converts and validates `input` against `rowClass`, as its input form first, then, when that
 * fails, from its JSON form (which leaves input-form values as they are, so the violations are
 * those of the values in neither form); never throws for any input. A row class the generator
 * wrote has each form converted into a new row of the class (see `blankRow`), which is the
 * result when it complies: the work of the constructor, validated once. Any other class (a
 * subclass written by hand, whose constructor may check more, or hold what only it sets) has
 * its row made by its constructor from the form that complies, whose refusal (its
 * `RowValidationError`'s violations, or any other error as one violation: row-validation.ts
 * `rowConstructor`) is the result.
 */
export function parseRow<Row extends object>(rowClass: ParsableRowClass<Row>, input: unknown): ParseResult<Row> {
  const generated = isGeneratedRowClass(rowClass);
  let row = rowClass.convert(input, generated ? blankRow(rowClass) : {});
  if (!rowClass.is(row)) {
    const schemaVersion = schemaVersionOf(rowClass);
    if (schemaVersion !== undefined)
      row = rowClass.convert(rowFromJson(schemaVersion, input), generated ? blankRow(rowClass) : {});
    if (!rowClass.is(row)) {
      return { ok: false, violations: violationsAsGiven(rowClass.validate(row), schemaVersion, input) };
    }
  }
  // A key that misspells an optional field the input lacks: refused as the constructor refuses it.
  let dropped: boolean;
  try {
    dropped = droppedMisspeltValue(rowClass, input);
  } catch (error) {
    // The generated check read the input again, and the read threw (a getter that throws on its second read).
    if ((error as Error | null)?.name !== "RowValidationError") throw error;
    return { ok: false, violations: (error as RowValidationError).violations };
  }
  if (dropped) return { ok: false, violations: notingMisspeltKeys([], schemaVersionOf(rowClass)!, input) };
  if (generated) return { ok: true, value: row as Row };
  const made = collectingConstructor(rowClass)(row);
  return "made" in made ? { ok: true, value: made.made } : { ok: false, violations: made.violations };
}

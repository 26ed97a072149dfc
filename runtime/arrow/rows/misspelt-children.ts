/**
 * Keys inside a row object's structs and nested records that misspell a child the value lacks
 * (`hyper: { learning_rate, batch_size, momentun }` beside an optional `momentum`). A struct holds
 * its declared children only (Julia reads it as a NamedTuple of exactly those), and a nested
 * record is built by its row class, which keeps its declared fields only, so their other keys are
 * dropped; but a misspelt key's value would be dropped while the child it was meant for is written
 * missing (or its default), and the row is valid, so nothing else would say so. The writers refuse
 * such a row, as they refuse a top-level key that misspells an optional field the row leaves out
 * (extra-columns.ts). A misspelt required child is left to the row's validation, whose violation
 * names the key (misspelt-keys.ts); a key beside the child it misspells, both present, is an extra
 * key like any other, and dropped.
 *
 * The walk, and its rule, are the converting doors' too (misspelt-optional-keys.ts): it goes
 * wherever a struct or record may be held, and a slip's path steps as violations' do (`runs[1]`,
 * `pair[0]`, `by_name[0][1]`). The same walk looks into an instance of the row class (built, or a
 * lazy row of a read) for a key given to one of its structs or records since
 * (`row.hyper.momentun = 0.9`), which its writing drops too (rows/misspelt-instance-keys.ts):
 * there a child lacks a value when it holds what the constructor or a read puts in one given none,
 * `null` or its default (unset-values.ts), where a plain row's object lacks one it holds
 * `undefined` in (`null` given says the child is missing).
 */
import { GIVEN, holderPath, misspeltChildFinder, type Slip, type SlipFinder } from "../../misspelt-optional-keys.js";
import type { SchemaVersion } from "../../schema-version-types.js";
import { ExtraKeyError } from "../errors.js";

/**
 * Refuses row `rowIndex`, a plain row object to be built by the row class of `schemaVersion`,
 * when a key of one of its structs or nested records (at any depth, in a list's elements too)
 * misspells an optional child (or one with a default) that the value lacks.
 *
 * @throws ExtraKeyError naming the key's path and the child to rename it to.
 */
export function refuseMisspeltChildren(
  schemaVersion: SchemaVersion<object, never>,
  row: unknown,
  rowIndex: number,
): void {
  if (typeof row !== "object" || row === null) return;
  const slip = childSlipIn(misspeltChildFinder(schemaVersion, GIVEN), row);
  if (slip === undefined) return;
  const holder = holderPath(slip);
  throw new ExtraKeyError(
    slip.key,
    schemaVersion.identifier,
    `row ${rowIndex} has it but lacks ${JSON.stringify(slip.field)}, which the key may misspell: rename the key to ` +
      `${JSON.stringify(slip.field)}; if it is no misspelling, delete the key or give ${holder} its ` +
      `${JSON.stringify(slip.field)} (null for a missing one): ${holdsDeclaredOnly(slip)}, and its other keys are dropped`,
    `${holder}.${slip.key}`,
  );
}

/**
 * The first slip `finder` finds in `row`; `undefined` when there is none, or when reading the row
 * throws (a getter or Proxy trap: the row's own check names the place, unreadable-places.ts).
 */
export function childSlipIn(finder: SlipFinder | null, row: object): Slip | undefined {
  if (finder === null) return undefined;
  try {
    return finder(row);
  } catch {
    return undefined;
  }
}

/** Why the key of `slip` is dropped: what its holder keeps. */
export function holdsDeclaredOnly(slip: Slip): string {
  return slip.holder === "struct"
    ? "a struct holds its declared children only"
    : "a nested record holds its declared fields only";
}

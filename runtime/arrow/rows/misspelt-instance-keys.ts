/**
 * A key given to an instance of the row class after it was built (`row.acuracy = 0.9`) that
 * misspells an optional field (or one with a default) the row holds no value of. An instance is
 * written from its declared fields (its class keeps those only: extra-columns.ts), so the key's
 * value would be dropped while the field is written missing, and the row is valid, so nothing else
 * would say so. The writers refuse such a row, as they refuse a plain row's top-level key that
 * misspells an optional field it leaves out (extra-columns.ts). So is a key given to one of its
 * structs or nested records (`row.hyper.momentun = 0.9`), at any depth, which its writing drops
 * as well (misspelt-children.ts's walk). A field the constructor was given no value of holds
 * `null`, or its default, so here that is what a field lacking a value holds (unset-values.ts),
 * as `undefined` is for a plain row.
 *
 * An instance fresh from its constructor holds its fields' keys in declaration order and no other,
 * so a walk that compares each key with the field of its place passes it without a lookup (over 1M
 * instances of bench.reading@1, best of 9: 30-50 ms, near an empty loop's 15-45, where a Set lookup
 * per key took 120-210); only a row that differs (a key added, deleted or defined out of order) is
 * looked at closely, by the walk of the converting doors (misspelt-optional-keys.ts
 * `misspeltOwnKeyFinder`). Its structs and records, as built or read, pass the same way.
 */
import type { SchemaVersion } from "../../schema-version-types.js";
import { declaredClassName } from "../../row-class-descriptors.js";
import { ExtraKeyError } from "../errors.js";
import { declaredKeys } from "./extra-columns.js";
import { LAZY_ADDED_KEYS, LAZY_HELD_FIELDS } from "./lazy-fields.js";
import {
  holderPath,
  misspeltChildFinder,
  misspeltOwnKeyFinder,
  type Slip,
  type SlipFinder,
} from "../../misspelt-optional-keys.js";
import { childSlipIn, holdsDeclaredOnly } from "./misspelt-children.js";
import { HELD } from "./unset-values.js";

/**
 * An instance's shape, per schema version: its fields' keys in order, and how to look at its own
 * keys and into its structs and records (`null`: nothing to look at).
 */
interface InstanceShape {
  readonly order: readonly string[];
  readonly ownKeys: SlipFinder | null;
  readonly children: SlipFinder | null;
}

const SHAPES = new WeakMap<object, InstanceShape>();

function shapeOf(schemaVersion: SchemaVersion<object, never>): InstanceShape {
  let shape = SHAPES.get(schemaVersion);
  if (shape === undefined) {
    shape = {
      order: [...declaredKeys(schemaVersion)],
      ownKeys: misspeltOwnKeyFinder(schemaVersion, HELD),
      children: misspeltChildFinder(schemaVersion, HELD),
    };
    SHAPES.set(schemaVersion, shape);
  }
  return shape;
}

/**
 * Refuses row `rowIndex`, an eager instance of the row class of `schemaVersion`, when it holds a
 * key that no field declares and that misspells an optional field (or one with a default) it holds
 * no value of its own in (`null`, `undefined` or its default), or one of its structs or nested
 * records holds such a key of a child.
 *
 * @throws ExtraKeyError naming the key (and its path) and the field to rename it to.
 */
export function refuseMisspeltInstanceKeys(
  schemaVersion: SchemaVersion<object, never>,
  row: object,
  rowIndex: number,
): void {
  const shape = shapeOf(schemaVersion);
  let slip: Slip | undefined;
  try {
    if (!holdsKeysInOrder(row, shape.order)) slip = shape.ownKeys?.(row);
  } catch {
    // A getter or Proxy trap that throws: the row's own check names the place (unreadable-places.ts).
    return;
  }
  if (slip !== undefined) throw misspeltKeyError(schemaVersion, slip, rowIndex);
  const childSlip = childSlipIn(shape.children, row);
  if (childSlip !== undefined) throw misspeltChildError(schemaVersion, childSlip, rowIndex);
}

/**
 * The same refusal for row `rowIndex`, a lazy row of a read (rows/lazy-fields.ts), whose `fields`
 * hold the values of its declared fields, as the encoder writes them, so its own keys need no
 * walk, which would decode every field: the keys given to it since it was read that name no field
 * ride on `fields` ({@link LAZY_ADDED_KEYS}), and its structs and records are looked into only
 * when it holds a field's value of its own ({@link LAZY_HELD_FIELDS}): a value decoded for
 * `fields` is as its read made it, and was never given out to be changed.
 *
 * @throws ExtraKeyError naming the key (and its path) and the field to rename it to.
 */
export function refuseMisspeltLazyRowKeys(
  schemaVersion: SchemaVersion<object, never>,
  row: object,
  fields: object,
  rowIndex: number,
): void {
  const { [LAZY_ADDED_KEYS]: addedKeys, [LAZY_HELD_FIELDS]: held } = fields as {
    [LAZY_ADDED_KEYS]?: readonly string[];
    [LAZY_HELD_FIELDS]?: true;
  };
  if (addedKeys !== undefined) {
    const values: Record<string, unknown> = { ...fields };
    for (const key of addedKeys) values[key] = (row as Record<string, unknown>)[key];
    const slip = shapeOf(schemaVersion).ownKeys?.(values);
    if (slip !== undefined) throw misspeltKeyError(schemaVersion, slip, rowIndex);
  }
  const childSlip = held === true ? childSlipIn(shapeOf(schemaVersion).children, fields) : undefined;
  if (childSlip !== undefined) throw misspeltChildError(schemaVersion, childSlip, rowIndex);
}

function misspeltKeyError(
  schemaVersion: SchemaVersion<object, never>,
  { key, field }: { key: string; field: string },
  rowIndex: number,
): ExtraKeyError {
  return new ExtraKeyError(
    key,
    schemaVersion.identifier,
    `row ${rowIndex} has it but lacks the field ${JSON.stringify(field)}, which the key may misspell: rename the key to ` +
      `${JSON.stringify(field)} (row.${field} = ...); if it is no misspelling, delete the key: an instance of ` +
      `${declaredClassName(schemaVersion.rowClass)} is written from its declared fields, and a key given to it since it was built or read is dropped`,
  );
}

function misspeltChildError(schemaVersion: SchemaVersion<object, never>, slip: Slip, rowIndex: number): ExtraKeyError {
  const holder = holderPath(slip);
  return new ExtraKeyError(
    slip.key,
    schemaVersion.identifier,
    `row ${rowIndex} has it but lacks ${JSON.stringify(slip.field)}, which the key may misspell: rename the key to ` +
      `${JSON.stringify(slip.field)}; if it is no misspelling, delete the key: ${holdsDeclaredOnly(slip)}, and a key given ` +
      `to ${holder} of an instance of ${declaredClassName(schemaVersion.rowClass)} since it was built or read is dropped`,
    `${holder}.${slip.key}`,
  );
}

/**
 * Whether the enumerable keys of `row` are `order`'s, in that order: a row as its constructor built
 * it, which needs no walk. The walk's own loop passes such a row too, but its closures, one per
 * version, struct and record, share one site's feedback, which every shape they meet makes
 * megamorphic: writing bench.event@1 instances, its check took 125-145 ns a row through the walk
 * against 85-95 through this loop, whose feedback sees instances alone.
 */
function holdsKeysInOrder(row: object, order: readonly string[]): boolean {
  // `for...in` walks V8's cached keys of the row's shape without an array (extra-columns.ts's extraKeys).
  let k = 0;
  for (const key in row) if (key !== order[k++]) return false;
  return k === order.length;
}

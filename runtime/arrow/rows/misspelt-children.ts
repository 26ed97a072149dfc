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
 * The walk goes wherever a struct or record may be held: a list's (vector's, ntuple's, set's)
 * elements, a tuple's parts, a map's entries, and a union's value as the member of its class
 * (julia-unions.ts), the one it is written as. A slip's path steps as violations' do: `runs[1]`,
 * `pair[0]`, a map's entry and its value `by_name[0][1]`, nothing for a union's member.
 *
 * The same walk looks into an instance of the row class (built, or a lazy row of a read) for a key
 * given to one of its structs or records since (`row.hyper.momentun = 0.9`), which its writing
 * drops too ({@link misspeltChildFinder}, rows/misspelt-instance-keys.ts): there a child lacks a value
 * when it holds what the constructor or a read puts in one given none, `null` or its default,
 * where a plain row's object lacks one it holds `undefined` in (`null` given says the child is
 * missing).
 *
 * The rows without slips pay for a walk of their structs' keys only, and a value as a constructor
 * built it or a read decoded it holds its children's keys in declaration order, which passes
 * without a lookup: a key that no child declares is the rare case that is looked at closely. A
 * type with no child that may be left out, at any depth, is not walked at all: no key of it can
 * misspell one (a misspelt required child is validation's).
 */
import { misspeltKey } from "../../did-you-mean.js";
import { propertyKey } from "../../field-names.js";
import type { FieldDescriptor, FieldType, SchemaVersion } from "../../schema-version-types.js";
import { unionMemberIndex } from "../../julia-unions.js";
import { ExtraKeyError } from "../errors.js";
import { holdsNoValue, type Leavable, leavableFields } from "./unset-values.js";

/** A misspelt key found: the key, the child it misspells, and the steps to its holder, innermost first. */
interface Slip {
  readonly key: string;
  readonly child: string;
  readonly holder: "struct" | "record";
  readonly steps: string[];
}

/** Looks into a value of one type (one that holds a struct or record) for a slip. */
type Inspect = (value: object) => Slip | undefined;

/**
 * What a struct's or record's value holds in a child it lacks: `given` (a plain row's input,
 * which lacks one it holds `undefined` in) or `held` (an instance's, built or read: `null`, or the
 * child's default, unset-values.ts).
 */
export type Lacking = "given" | "held";

/** Whether a child that may be left out, holding `value`, lacks one, as each way of lacking says. */
const LACKS: Record<Lacking, (value: unknown, unset: unknown) => boolean> = {
  given: (value) => value === undefined,
  held: holdsNoValue,
};

/** A field whose values hold a struct or record somewhere, and how to look into them. */
interface Inner {
  readonly key: string;
  readonly step: string;
  readonly inspect: Inspect;
}

/** Per schema version, how to find a slip in its rows, as each way of lacking a child sees them. */
const FINDERS: Record<Lacking, WeakMap<object, ChildSlipFinder | null>> = {
  given: new WeakMap(),
  held: new WeakMap(),
};

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
  const slip = misspeltChildFinder(schemaVersion, "given")?.(row);
  if (slip === undefined) return;
  throw new ExtraKeyError(
    slip.key,
    schemaVersion.identifier,
    `row ${rowIndex} has it but lacks ${JSON.stringify(slip.child)}, which the key may misspell: rename the key to ` +
      `${JSON.stringify(slip.child)}; if it is no misspelling, delete the key or give ${slip.holderPath} its ` +
      `${JSON.stringify(slip.child)} (null for a missing one): ${holdsDeclaredOnly(slip)}, and its other keys are dropped`,
    slip.path,
  );
}

/** Why the key of `slip` is dropped: what its holder keeps. */
export function holdsDeclaredOnly(slip: MisspeltChild): string {
  return slip.holder === "struct"
    ? "a struct holds its declared children only"
    : "a nested record holds its declared fields only";
}

/** A misspelt key found in a row: the key, the child it misspells, what holds the key and where (`hyper`), and the key's path (`hyper.momentun`). */
export interface MisspeltChild {
  readonly key: string;
  readonly child: string;
  readonly holder: "struct" | "record";
  readonly holderPath: string;
  readonly path: string;
}

/** Finds in a row (or an instance's fields) the first key of its structs and nested records that misspells a child. */
export type ChildSlipFinder = (row: object) => MisspeltChild | undefined;

/**
 * How to find, in a row of `schemaVersion`, the first key of its structs and nested records (at
 * any depth) that misspells a child (one that may be left out) the value lacks, as `lacking` says:
 * `undefined` when there is none, or when reading the row throws (a getter or Proxy trap: the
 * row's own check names the place, unreadable-places.ts). `null` when no field of the version can
 * hold such a key, so that its rows cost nothing to look at.
 */
export function misspeltChildFinder(
  schemaVersion: SchemaVersion<object, never>,
  lacking: Lacking,
): ChildSlipFinder | null {
  const finders = FINDERS[lacking];
  let finder = finders.get(schemaVersion);
  if (finder === undefined) {
    const inners = innersOf(schemaVersion.fields, lacking);
    finder = inners.length === 0 ? null : (row) => firstSlip(inners, row);
    finders.set(schemaVersion, finder);
  }
  return finder;
}

function firstSlip(inners: readonly Inner[], row: object): MisspeltChild | undefined {
  let slip: Slip | undefined;
  try {
    slip = inFields(inners, row);
  } catch {
    return undefined;
  }
  if (slip === undefined) return undefined;
  const holderPath = slip.steps.reverse().join("").slice(1);
  return { key: slip.key, child: slip.child, holder: slip.holder, holderPath, path: `${holderPath}.${slip.key}` };
}

/** The fields among `fields` whose values hold a struct or record, each with how to look into it. */
function innersOf(fields: readonly FieldDescriptor[], lacking: Lacking): Inner[] {
  const inners: Inner[] = [];
  for (const field of fields) {
    // A field with a `value:` expression or `input: any` is made from its input by code of the schema's: no keys to compare.
    if (field.computed === true || field.input !== undefined) continue;
    const inspect = inspectorOf(field.type, lacking);
    if (inspect !== null) inners.push({ key: propertyKey(field.name), step: `.${field.name}`, inspect });
  }
  return inners;
}

/** How to look into a value of `type`; `null` when it holds no struct or record a key of which could misspell a child. */
function inspectorOf(type: FieldType, lacking: Lacking): Inspect | null {
  switch (type.kind) {
    case "struct":
      // An `any` value's struct keeps the object's own keys: none is dropped.
      return type.keys === "own" ? null : objectInspector(type.fields, "struct", lacking);
    case "record":
      return recordInspector(type.schemaVersion(), lacking);
    case "list":
    case "vector":
    case "ntuple":
    case "set":
      return elementsInspector(inspectorOf(type.element, lacking));
    case "tuple":
      return partsInspector(type.elements.map((element) => inspectorOf(element, lacking)));
    case "map":
      // An entry is a `[key, value]` pair (a key holds no struct or record: julia-containers.ts's HASHABLE_KINDS).
      return entriesInspector(partsInspector([inspectorOf(type.key, lacking), inspectorOf(type.value, lacking)]));
    case "union":
      return unionInspector(type, lacking);
    default:
      return null;
  }
}

const RECORD_INSPECTORS: Record<Lacking, WeakMap<object, Inspect | null>> = {
  given: new WeakMap(),
  held: new WeakMap(),
};

function recordInspector(schemaVersion: SchemaVersion, lacking: Lacking): Inspect | null {
  const inspectors = RECORD_INSPECTORS[lacking];
  if (!inspectors.has(schemaVersion))
    inspectors.set(schemaVersion, objectInspector(schemaVersion.fields, "record", lacking));
  return inspectors.get(schemaVersion)!;
}

/**
 * Looks into a struct's or nested record's value: its own keys first, then its children that hold
 * structs; `null` when neither can hold a slip (no child may be left out, none holds a struct).
 */
function objectInspector(fields: readonly FieldDescriptor[], holder: Slip["holder"], lacking: Lacking): Inspect | null {
  const order = fields.map((field) => propertyKey(field.name));
  const declared = new Set(order);
  const leavable = leavableFields(fields);
  const lacks = LACKS[lacking];
  const inners = innersOf(fields, lacking);
  if (leavable.length === 0 && inners.length === 0) return null;
  return (value) => {
    if (leavable.length > 0) {
      // `for...in` walks V8's cached keys of the value's shape without an array (extra-columns.ts's
      // extraKeys); keys in declaration order are declared ones, passed without a lookup.
      let k = 0;
      for (const key in value) {
        if (key === order[k]) k++;
        else {
          // Out of order: no key after this one is compared with `order` (whose end holds no key).
          k = order.length;
          if (declared.has(key)) continue;
          const slip = slipOf(value as Record<string, unknown>, key, leavable, holder, lacks);
          if (slip !== undefined) return slip;
        }
      }
    }
    return inners.length === 0 ? undefined : inFields(inners, value);
  };
}

/** The slip `key` of `value` makes, when it is its own, holds a value, and misspells a leavable child `value` lacks. */
function slipOf(
  value: Record<string, unknown>,
  key: string,
  leavable: readonly Leavable[],
  holder: Slip["holder"],
  lacks: (child: unknown, unset: unknown) => boolean,
): Slip | undefined {
  if (!Object.hasOwn(value, key) || value[key] === undefined) return undefined;
  const [child] = misspeltKey(
    key,
    leavable.filter((child) => lacks(value[child.key], child.unset)).map((child) => child.key),
  );
  return child === undefined ? undefined : { key, child, holder, steps: [] };
}

function inFields(inners: readonly Inner[], value: object): Slip | undefined {
  for (const { key, step, inspect } of inners) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child !== "object" || child === null) continue;
    const slip = inspect(child);
    if (slip !== undefined) {
      slip.steps.push(step);
      return slip;
    }
  }
  return undefined;
}

/** Looks into each element of an array or `Set` (a typed array holds numbers only). */
function elementsInspector(element: Inspect | null): Inspect | null {
  if (element === null) return null;
  const inspectEach = () => element;
  return (value) => slipAmong(Array.isArray(value) ? value : value instanceof Set ? [...value] : [], inspectEach);
}

/** Looks into each entry of a `Map`, or of a map's array form (its input may be `[key, value]` pairs). */
function entriesInspector(entry: Inspect | null): Inspect | null {
  if (entry === null) return null;
  const inspectEach = () => entry;
  return (value) => slipAmong(Array.isArray(value) ? value : value instanceof Map ? [...value] : [], inspectEach);
}

/** Looks into each part of a tuple's array by the inspector of its place, `null` where its type holds no struct or record. */
function partsInspector(parts: readonly (Inspect | null)[]): Inspect | null {
  if (parts.every((part) => part === null)) return null;
  const inspectPart = (k: number) => parts[k] ?? null;
  return (value) => (Array.isArray(value) ? slipAmong(value, inspectPart) : undefined);
}

/** Looks into a union's value as the member of its class, the one it is converted and written as; a value of no member's class is left to validation. */
function unionInspector(type: Extract<FieldType, { kind: "union" }>, lacking: Lacking): Inspect | null {
  const members = type.members.map((member) => inspectorOf(member, lacking));
  if (members.every((member) => member === null)) return null;
  return (value) => members[unionMemberIndex(type, value)]?.(value);
}

/** The first slip in `items` (item `k` looked into by `inspectAt(k)`), its step `[k]`. */
function slipAmong(items: readonly unknown[], inspectAt: (k: number) => Inspect | null): Slip | undefined {
  for (let k = 0; k < items.length; k++) {
    const item: unknown = items[k];
    const inspect = inspectAt(k);
    if (inspect === null || typeof item !== "object" || item === null) continue;
    const slip = inspect(item);
    if (slip !== undefined) {
      slip.steps.push(`[${k}]`);
      return slip;
    }
  }
  return undefined;
}

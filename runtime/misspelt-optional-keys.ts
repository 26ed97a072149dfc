/**
 * Keys that name no field and misspell an optional field (or one with a default) their object
 * lacks (`batery` beside no `battery`, a struct's `momentun` beside no `momentum`), at any depth:
 * a row's own keys, and those of its structs and nested records, wherever a struct or record may
 * be held (a list's, vector's, ntuple's or set's elements, a tuple's parts, a map's entries, a
 * union's value as the member of its class, julia-unions.ts, or as the member its JSON form names).
 * Conversion reads declared fields only, and a struct or nested record holds its declared children
 * only, so such a key's value is dropped while the field it was meant for is taken as missing, and
 * the row is valid, so nothing else would say so. One rule and one walk for every door: the writers
 * refuse such a row with an `ExtraKeyError` (arrow/rows/extra-columns.ts for a plain row's own keys,
 * which it keeps as columns; arrow/rows/misspelt-children.ts and misspelt-instance-keys.ts for the
 * rest), and the converting doors (the constructor, `parse`, `fromJSON`, Standard Schema) with a
 * violation (misspelt-keys.ts). A key beside the field it seems to misspell, both given, is an
 * extra key like any other, and dropped; a misspelt required field is validation's.
 *
 * A row's own key is matched as the writers match it, which keep a row's other keys as columns: by
 * {@link misspelt}, so that a short key (`ok` beside `on`) stays a column. Inside a struct or
 * record, whose other keys are dropped, the short slips of {@link misspeltKey} count too.
 *
 * What "lacks" means is the caller's ({@link Lacking}): a plain input lacks a field it holds
 * `undefined` in ({@link GIVEN}); an instance, built or read, one it holds `null` or its default
 * in (arrow/rows/unset-values.ts). A slip's path steps as violations' do: `runs[1]`, `pair[0]`, a
 * map's entry and its value `by_name[0][1]`, nothing for a union's member.
 *
 * A value holding its fields' keys in declaration order, as a constructor builds it, a read decodes
 * it and clients write a JSON body, passes its own keys without a lookup; a type with no field that
 * may be left out, at any depth, is not walked at all. Generated constructors call the walk only
 * when their input lacks a top-level field that may be left out or holds a field whose type can
 * hold such a key (generator/emit/misspelt-key-check.ts), so that a valid row given every field
 * pays for none of it.
 */
import { misspelt, misspeltKey } from "./did-you-mean.js";
import { propertyKey } from "./field-names.js";
import { isLeavable, mayHoldLeavableChild } from "./field-types.js";
import { jsonUnionMember } from "./julia-container-json.js";
import { unionMemberIndex } from "./julia-unions.js";
import type { FieldDescriptor, FieldType, RecordReference, SchemaVersion } from "./schema-version-types.js";

/** A field that may be left out: its property, and what an object lacking it holds there (see {@link Lacking}). */
export interface Leavable {
  readonly key: string;
  readonly unset: unknown;
}

/** What a value that lacks a field holds in it: the fields that may be left out, and whether one holding `value` lacks it. */
export interface Lacking {
  readonly leavable: (fields: readonly FieldDescriptor[]) => readonly Leavable[];
  readonly lacks: (value: unknown, unset: unknown) => boolean;
}

/** A plain input's (a row object, a JSON body): a field it lacks holds `undefined` (`null` given says it is missing). */
export const GIVEN: Lacking = {
  leavable: (fields) => fields.filter(isLeavable).map((field) => ({ key: propertyKey(field.name), unset: undefined })),
  lacks: (value) => value === undefined,
};

/** A misspelt key found: the key, the field it misspells, what holds them, and the steps to the holder, innermost first. */
export interface Slip {
  readonly key: string;
  readonly field: string;
  readonly holder: "row" | "struct" | "record";
  readonly steps: string[];
}

/** Finds in a row (or an instance's fields) the first slip. */
export type SlipFinder = (row: object) => Slip | undefined;

/** Looks into a value of one type (one that holds a struct or record) for a slip. */
type Inspect = (value: object) => Slip | undefined;

/** A field whose values hold a struct or record somewhere, and how to look into them. */
interface Inner {
  readonly key: string;
  readonly step: string;
  readonly inspect: Inspect;
}

/**
 * Per way of lacking, per schema version: how to find a slip in its rows' structs and records, in
 * their own keys alone, and (a plain input's) in both.
 */
const CHILD_FINDERS = new WeakMap<Lacking, WeakMap<object, SlipFinder | null>>();
const OWN_KEY_FINDERS = new WeakMap<Lacking, WeakMap<object, SlipFinder | null>>();
const ROW_FINDERS = new WeakMap<object, Inspect | null>();
const RECORD_INSPECTORS = new WeakMap<Lacking, WeakMap<object, Inspect | null>>();

/**
 * How to find, in a row of `schemaVersion`, the first key of its structs and nested records (at
 * any depth) that misspells a child the value lacks, as `lacking` says; its own keys aside, which
 * the writers look at as columns. `null` when no field of the version can hold such a key, so that
 * its rows cost nothing to look at. A finder throws what reading the row throws.
 */
export function misspeltChildFinder(schemaVersion: SchemaVersion<object, never>, lacking: Lacking): SlipFinder | null {
  const finders = cached(CHILD_FINDERS, lacking);
  let finder = finders.get(schemaVersion);
  if (finder === undefined) {
    const inners = innersOf(schemaVersion.fields, lacking);
    finder = inners.length === 0 ? null : (row) => inFields(inners, row);
    finders.set(schemaVersion, finder);
  }
  return finder;
}

/**
 * The first slip of `input`, given to a converting door of `schemaVersion`: its own keys' first,
 * then its structs' and records'. Throws what reading the input throws.
 */
export function slipIn(schemaVersion: SchemaVersion<object, never>, input: unknown): Slip | undefined {
  let inspect = ROW_FINDERS.get(schemaVersion);
  if (inspect === undefined) {
    inspect = objectInspector(schemaVersion.fields, "row", GIVEN, misspelt);
    ROW_FINDERS.set(schemaVersion, inspect);
  }
  return inspect === null || typeof input !== "object" || input === null ? undefined : inspect(input);
}

/**
 * How to find, in a row of `schemaVersion`, the first of its own keys that names no field and
 * misspells one that may be left out and that the row lacks, as `lacking` says, matched as a
 * row's keys are (by {@link misspelt}); its structs and records aside ({@link misspeltChildFinder}).
 * `null` when no field may be left out. A finder throws what reading the row throws.
 */
export function misspeltOwnKeyFinder(schemaVersion: SchemaVersion<object, never>, lacking: Lacking): SlipFinder | null {
  const finders = cached(OWN_KEY_FINDERS, lacking);
  let finder = finders.get(schemaVersion);
  if (finder === undefined) {
    finder = ownKeysInspector(schemaVersion.fields, "row", lacking, misspelt);
    finders.set(schemaVersion, finder);
  }
  return finder;
}

/** The path of the object that holds `slip`'s key: `hyper`, `runs[1]`; `""` for the row. */
export function holderPath(slip: Slip): string {
  return [...slip.steps].reverse().join("").slice(1);
}

function cached<V>(maps: WeakMap<Lacking, WeakMap<object, V>>, lacking: Lacking): WeakMap<object, V> {
  let map = maps.get(lacking);
  if (map === undefined) {
    map = new WeakMap();
    maps.set(lacking, map);
  }
  return map;
}

/** The fields among `fields` whose values hold a struct or record with a child that may be left out, each with how to look into it. */
function innersOf(fields: readonly FieldDescriptor[], lacking: Lacking): Inner[] {
  const inners: Inner[] = [];
  for (const field of fields) {
    // The generator emits a constructor's call of the walk by the same rule (generator/emit/misspelt-key-check.ts).
    if (!mayHoldLeavableChild(field, recordFields)) continue;
    const inspect = inspectorOf(field.type, lacking);
    if (inspect !== null) inners.push({ key: propertyKey(field.name), step: `.${field.name}`, inspect });
  }
  return inners;
}

function recordFields(record: RecordReference): readonly FieldDescriptor[] {
  return record.schemaVersion().fields;
}

/** How to look into a value of `type`; `null` when it holds no struct or record a key of which could misspell a child. */
function inspectorOf(type: FieldType, lacking: Lacking): Inspect | null {
  switch (type.kind) {
    case "struct":
      // An `any` value's struct keeps the object's own keys: none is dropped.
      return type.keys === "own" ? null : objectInspector(type.fields, "struct", lacking, misspeltKey);
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

function recordInspector(schemaVersion: SchemaVersion, lacking: Lacking): Inspect | null {
  const inspectors = cached(RECORD_INSPECTORS, lacking);
  if (!inspectors.has(schemaVersion))
    inspectors.set(schemaVersion, objectInspector(schemaVersion.fields, "record", lacking, misspeltKey));
  return inspectors.get(schemaVersion)!;
}

/**
 * Looks into an object of `fields`: its own keys first ({@link ownKeysInspector}), then its
 * children that hold structs or records; `null` when neither can hold a slip.
 */
function objectInspector(
  fields: readonly FieldDescriptor[],
  holder: Slip["holder"],
  lacking: Lacking,
  matches: (key: string, known: readonly string[]) => string[],
): Inspect | null {
  const ownKeys = ownKeysInspector(fields, holder, lacking, matches);
  const inners = innersOf(fields, lacking);
  if (inners.length === 0) return ownKeys;
  return ownKeys === null ? (value) => inFields(inners, value) : (value) => ownKeys(value) ?? inFields(inners, value);
}

/**
 * Looks at the own keys of an object of `fields` for the first that names none of them, holds a
 * value, and misspells (by `matches`) one that may be left out and that the object lacks; `null`
 * when none may be left out.
 */
function ownKeysInspector(
  fields: readonly FieldDescriptor[],
  holder: Slip["holder"],
  lacking: Lacking,
  matches: (key: string, known: readonly string[]) => string[],
): Inspect | null {
  const order = fields.map((field) => propertyKey(field.name));
  const declared = new Set(order);
  const leavable = lacking.leavable(fields);
  if (leavable.length === 0) return null;
  return (value) => {
    // `for...in` walks V8's cached keys of the value's shape without an array (arrow/rows/extra-columns.ts's
    // extraKeys); keys in declaration order are declared ones, passed without a lookup.
    let k = 0;
    for (const key in value) {
      if (key === order[k]) k++;
      else {
        // Out of order: no key after this one is compared with `order` (whose end holds no key).
        k = order.length;
        if (declared.has(key)) continue;
        const slip = slipOf(value as Record<string, unknown>, key, leavable, holder, lacking, matches);
        if (slip !== undefined) return slip;
      }
    }
    return undefined;
  };
}

/** The slip `key` of `value` makes, when it is its own, holds a value, and misspells a leavable field `value` lacks. */
function slipOf(
  value: Record<string, unknown>,
  key: string,
  leavable: readonly Leavable[],
  holder: Slip["holder"],
  lacking: Lacking,
  matches: (key: string, known: readonly string[]) => string[],
): Slip | undefined {
  if (!Object.hasOwn(value, key) || value[key] === undefined) return undefined;
  const [field] = matches(
    key,
    leavable.filter((field) => lacking.lacks(value[field.key], field.unset)).map((field) => field.key),
  );
  return field === undefined ? undefined : { key, field, holder, steps: [] };
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

/**
 * Looks into a union's value as the member of its class, the one it is converted and written as,
 * or, in its JSON form, as the member it names (`{"list<...>": [...]}`); a value of no member's
 * class is left to validation.
 */
function unionInspector(type: Extract<FieldType, { kind: "union" }>, lacking: Lacking): Inspect | null {
  const members = type.members.map((member) => inspectorOf(member, lacking));
  if (members.every((member) => member === null)) return null;
  return (value) => {
    const member = unionMemberIndex(type, value);
    if (member >= 0) return members[member]?.(value);
    const tagged = jsonUnionMember(type, value);
    const held = tagged?.value;
    return typeof held === "object" && held !== null ? members[tagged!.member]?.(held) : undefined;
  };
}

/** The first slip in `items` (item `k` looked into by `inspectAt(k)`), its step `[k]`. */
function slipAmong(items: readonly unknown[], inspectAt: (k: number) => Inspect | null): Slip | undefined {
  for (let k = 0; k < items.length; k++) {
    const item: unknown = items[k];
    // A hole: no list, nor any value of one (arrays.ts); a billion of them are not read.
    if (item === undefined && !(k in items)) return undefined;
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

/**
 * Comparing fields: presence and optionality, types (recursively into lists, structs and nested
 * records), value constraints and defaults. Names are matched, never positions: Legolas reads
 * columns and struct children by name, so moving a field changes nothing.
 */
import { containedTypes, isJuliaContainer } from "legolas-ts/internal/julia-containers";
import { arrowTypeOf } from "legolas-ts/internal/arrow/schema";
import { recordExtensionName } from "legolas-ts/internal/arrow/metadata";
import {
  formatFieldType,
  type DefaultValue,
  type DeclaredFieldDescriptor,
  type DeclaredFieldType,
  type FieldType,
} from "legolas-ts/internal/field-types";
import type { ResolvedVersion } from "../resolve/ir.js";
import { sameScalar } from "../resolve/constraints.js";
import { isJuliaSubtype } from "../resolve/julia-subtypes.js";
import type { Caveat, Change } from "./changes.js";
import { chainChecks, compareChecks, mayRead } from "./checks.js";
import { compareComputed, valuesMayRead } from "./computed.js";
import { compareConstraints } from "./constraints.js";
import { declaredValueText } from "../resolve/float-text.js";
import { containerTypeChange, sharedParts } from "./container-types.js";
import { readsAlikeAsAny } from "./any-widening.js";
import { timestampChange } from "./timestamp-changes.js";
import { propertyAccess, propertyName } from "../emit/syntax.js";

/** Where nested record types are looked up, on each side. */
export interface CompareContext {
  readonly old: (identifier: string) => ResolvedVersion | undefined;
  readonly new: (identifier: string) => ResolvedVersion | undefined;
  /** Record pairs being compared, so that a (rejected, but still) recursive type ends. */
  readonly visiting: Set<string>;
}

/**
 * Whether the row checks or other fields' `value:` expressions around a field may read it (by its
 * top-level name at this level, or through the whole row or whatever holds the field): then they
 * may see its value, and whether the row has it at all (`"b" in row`, `Object.keys(row.st)`),
 * which tells a field one side declares and the other lacks.
 */
type Readers = (name: string) => boolean;

/** Fields, checks and parent chain of two versions; `path` is `""` at the top, `field.` inside a record. */
export function compareVersionBodies(
  path: string,
  old: ResolvedVersion,
  neu: ResolvedVersion,
  context: CompareContext,
  outer: boolean,
): Change[] {
  const oldChecks = chainChecks(old);
  const newChecks = chainChecks(neu);
  const ownReaders: Readers = (name) =>
    mayRead(oldChecks, name) || mayRead(newChecks, name) || valuesMayRead(old, name) || valuesMayRead(neu, name);
  const fields = withinParent(
    path,
    old,
    neu,
    compareFieldLists(
      path,
      old.fields.map((f) => f.descriptor),
      neu.fields.map((f) => f.descriptor),
      context,
      (name) => outer || ownReaders(name),
    ),
  );
  return [
    ...parentChange(path, old, neu),
    ...fields,
    ...compareComputed(path, old, neu),
    ...compareChecks(trimDot(path), oldChecks, newChecks, (from) => parentWithin(old, neu, from)),
  ];
}

/** The parent both versions extend, as `name@N`, when it is one version on both sides. */
function sharedParent(old: ResolvedVersion, neu: ResolvedVersion): string | undefined {
  if (old.parent === null || old.parent.identifier !== neu.parent?.identifier) return undefined;
  return `${old.parent.name}@${old.parent.version}`;
}

/**
 * `changes` of fields both versions only inherit, from one parent version on both sides, marked
 * `within` that parent: the versions changed there only because the parent was changed in place.
 */
function withinParent(path: string, old: ResolvedVersion, neu: ResolvedVersion, changes: Change[]): Change[] {
  const within = sharedParent(old, neu);
  if (within === undefined) return changes;
  const inherited = (version: ResolvedVersion, name: string) =>
    version.fields.some((field) => field.descriptor.name === name && !field.own);
  return changes.map((change) => {
    const name = change.path.slice(path.length).split(/[.[]/)[0]!;
    return inherited(old, name) && inherited(neu, name) ? { ...change, within } : change;
  });
}

/** For a check declared by `from`: the shared parent when a parent declares it, as for inherited fields. */
function parentWithin(old: ResolvedVersion, neu: ResolvedVersion, from: string): string | undefined {
  const own = (version: ResolvedVersion) => `${version.name}@${version.version}`;
  return from === own(old) || from === own(neu) ? undefined : sharedParent(old, neu);
}

function parentChange(path: string, old: ResolvedVersion, neu: ResolvedVersion): Change[] {
  const tail = (v: ResolvedVersion) => v.parent?.identifier ?? "(none)";
  if (tail(old) === tail(neu)) return [];
  const kind = old.parent === null ? "parent-added" : neu.parent === null ? "parent-removed" : "parent-repinned";
  return [
    {
      kind,
      path: trimDot(path),
      detail: `${tail(old)} -> ${tail(neu)}`,
      backward: true,
      forward: true,
      reason: `neutral by itself: the fields and checks the parents bring are compared one by one (see the other changes); files written under the new version carry the chain ${neu.identifier}, and reading a table as a parent version follows that chain`,
    },
  ];
}

function compareFieldLists(
  prefix: string,
  old: readonly DeclaredFieldDescriptor[],
  neu: readonly DeclaredFieldDescriptor[],
  context: CompareContext,
  readers: Readers,
): Change[] {
  const changes: Change[] = [];
  for (const before of old) {
    const path = prefix + before.name;
    const after = neu.find((f) => f.name === before.name);
    if (after === undefined)
      changes.push(readers(before.name) ? presenceRead("field-removed", path, before) : removedField(path, before));
    else for (const change of compareField(path, before, after, context, readers(before.name))) changes.push(change);
  }
  const renamed = prefix === "" ? renamedFields(old, neu) : new Map<string, string>();
  for (const after of neu) {
    if (old.some((f) => f.name === after.name)) continue;
    const path = prefix + after.name;
    if (readers(after.name)) changes.push(presenceRead("field-added", path, after));
    else changes.push(withRenameHint(addedField(path, after), after.name, renamed.get(after.name)));
  }
  return changes;
}

/**
 * The columns a new version may have renamed: a field added and one removed of the same type,
 * the only such pair of that type, by the added field's name. Compat sees a removal and an
 * addition, and says so; but a rename leaves old tables' values under the old name, which no
 * reader of the new version takes (an optional field reads them as null), so the reason says
 * how the values move.
 */
function renamedFields(
  old: readonly DeclaredFieldDescriptor[],
  neu: readonly DeclaredFieldDescriptor[],
): Map<string, string> {
  const onlyIn = (side: readonly DeclaredFieldDescriptor[], other: readonly DeclaredFieldDescriptor[]) =>
    side.filter((field) => !other.some((f) => f.name === field.name));
  const removed = onlyIn(old, neu);
  const added = onlyIn(neu, old);
  const ofType = (fields: readonly DeclaredFieldDescriptor[], type: string) =>
    fields.filter((field) => formatFieldType(field.type) === type);
  const renamed = new Map<string, string>();
  for (const field of added) {
    const type = formatFieldType(field.type);
    const [from, ...others] = ofType(removed, type);
    if (from !== undefined && others.length === 0 && ofType(added, type).length === 1)
      renamed.set(field.name, from.name);
  }
  return renamed;
}

function withRenameHint(change: Change, name: string, from: string | undefined): Change {
  if (from === undefined) return change;
  return {
    ...change,
    reason: `${change.reason}; if it renames ${JSON.stringify(from)} (removed, of its type), old tables keep their values under ${JSON.stringify(from)}, which no reader of the new version takes as ${JSON.stringify(name)}: read them as the old version and give each row ${propertyName(name)}: ${propertyAccess("row", from)} to write it as the new one`,
  };
}

/**
 * A field one side declares and the other lacks, which a check or `value:` expression may read:
 * the rows of a table read under the side without it lack it, and under the side with it hold
 * it (null or its default where the column is missing), which the expression may tell apart.
 */
function presenceRead(kind: "field-added" | "field-removed", path: string, field: DeclaredFieldDescriptor): Change {
  return {
    kind,
    path,
    detail: typeText(field),
    backward: false,
    forward: false,
    reason:
      "a row check or value: expression may read this field (by its name, or through the whole row), which the rows of one version hold and the other's lack; expressions cannot be compared by meaning, so compat cannot tell that rows still pass",
  };
}

function typeText(field: DeclaredFieldDescriptor): string {
  return `${field.optional ? "optional" : "required"} ${formatFieldType(field.type)}`;
}

/**
 * Where a table holds the field at `path`: its own column at the top, and inside a struct (or
 * nested record) a field of that struct's column (`config.dropout`), never a column of its own.
 */
function slotOf(path: string): { readonly kind: "column" | "struct field"; readonly named: string } {
  const dot = path.lastIndexOf(".");
  if (dot < 0) return { kind: "column", named: `${JSON.stringify(path)} column` };
  const struct = JSON.stringify(path.slice(0, dot));
  return { kind: "struct field", named: `${JSON.stringify(path.slice(dot + 1))} field in the ${struct} struct` };
}

/**
 * The assumption under which an optional `field` that only the `declaredBy` side declares keeps
 * the other direction: that no table carries an undeclared column (or struct field) of its name
 * that `field` rejects. An `any` field rests on none: it takes a column of any Arrow type, and
 * Legolas.jl's rule counts a new `::Any` field (which takes no default or listed values, as ours
 * cannot) as no breaking change.
 */
function extraCaveat(path: string, field: DeclaredFieldDescriptor, declaredBy: "old" | "new"): { caveat?: Caveat } {
  if (field.type.kind === "any") return {};
  const direction = declaredBy === "new" ? "backward" : "forward";
  const slot = slotOf(path);
  return {
    caveat: {
      direction,
      text: `${direction} holds unless a table carries an undeclared ${slot.named} (extra ${slot.kind}s may hold anything) that the ${declaredBy} declaration rejects`,
    },
  };
}

function addedField(path: string, field: DeclaredFieldDescriptor): Change {
  const slot = slotOf(path);
  if (field.computed === true) {
    return {
      kind: "field-added",
      path,
      detail: typeText(field),
      backward: false,
      forward: true,
      reason: `its value: expression computes it for the rows of old tables, which may have no ${slot.named}, and may make values its constraints reject (expressions are not compared by meaning); to the old version the new ${slot.kind} is an extra ${slot.kind}, which is allowed`,
    };
  }
  if (field.optional) {
    return {
      kind: "field-added",
      path,
      detail: typeText(field),
      backward: true,
      forward: true,
      ...extraCaveat(path, field, "new"),
      reason: `an optional field may be absent, as it is from old tables; to the old version the new ${slot.kind} is an extra ${slot.kind}, which is allowed`,
    };
  }
  return {
    kind: "field-added",
    path,
    detail: typeText(field),
    backward: false,
    forward: true,
    reason: `old tables have no ${slot.named}, which a required field needs (a default fills missing values in rows, not a missing ${slot.kind}); make it optional to keep backward compatibility`,
  };
}

function removedField(path: string, field: DeclaredFieldDescriptor): Change {
  const { kind, named } = slotOf(path);
  const extra = `to the new version the old ${kind} is an extra ${kind}, which is allowed`;
  if (field.computed === true) {
    return {
      kind: "field-removed",
      path,
      detail: typeText(field),
      backward: true,
      forward: false,
      reason: `${extra}; but the old version's value: expression computes it for the rows of new tables, which may have no ${named}, and may make values its constraints reject (expressions are not compared by meaning)`,
    };
  }
  if (field.optional) {
    return {
      kind: "field-removed",
      path,
      detail: typeText(field),
      backward: true,
      forward: true,
      ...extraCaveat(path, field, "old"),
      reason: `${extra}; the old version allows the field to be absent from new tables`,
    };
  }
  return {
    kind: "field-removed",
    path,
    detail: typeText(field),
    backward: true,
    forward: false,
    reason: `${extra}; but new tables may lack it, which the old version rejects`,
  };
}

/** What a position accepts besides a value: an absent column (child), and a null. */
function acceptance(field: DeclaredFieldDescriptor): { absent: boolean; null: boolean } {
  // A field with a default takes it for a null, at the top as in a struct or record: the column
  // check counts nulls only where there is no default, and every read fills it as the row
  // constructor does. A default never fills a missing column or struct child.
  return { absent: field.optional, null: field.optional || field.default !== undefined };
}

type Acceptance = ReturnType<typeof acceptance>;

function covers(from: Acceptance, to: Acceptance): boolean {
  return (!from.absent || to.absent) && (!from.null || to.null);
}

/** What a table valid under `from` may hold that `to` rejects: `lack the column or hold nulls in it`. */
function uncovered(from: Acceptance, to: Acceptance, kind: string): string {
  const lack = from.absent && !to.absent ? [`lack the ${kind}`] : [];
  const nulls = from.null && !to.null ? ["hold nulls in it"] : [];
  return [...lack, ...nulls].join(" or ");
}

function compareField(
  path: string,
  old: DeclaredFieldDescriptor,
  neu: DeclaredFieldDescriptor,
  context: CompareContext,
  read: boolean,
): Change[] {
  const changes: Change[] = [];
  const oldAccepts = acceptance(old);
  const newAccepts = acceptance(neu);
  if (old.optional !== neu.optional) {
    const backward = covers(oldAccepts, newAccepts);
    const forward = covers(newAccepts, oldAccepts);
    const { kind } = slotOf(path);
    changes.push(
      neu.optional
        ? {
            kind: "made-optional",
            path,
            detail: `${formatFieldType(old.type)} -> ${formatFieldType(neu.type)}?`,
            backward,
            forward,
            reason: `new tables may ${uncovered(newAccepts, oldAccepts, kind)}, which the old version rejects`,
          }
        : {
            kind: "made-required",
            path,
            detail: `${formatFieldType(old.type)}? -> ${formatFieldType(neu.type)}`,
            backward,
            forward,
            reason: `old tables may ${uncovered(oldAccepts, newAccepts, kind)}, which the new version rejects (a default does not fill a missing ${kind})`,
          },
    );
  }
  // Concatenated, not push(...): the type changes of a struct hold one entry per nested field.
  const typeChanges = compareTypes(path, old.type, neu.type, context, read);
  // A column type the other side refuses both ways leaves nothing to compare; one that shares
  // storage with the other or narrows it still holds values the other side's constraints judge.
  if (typeChanges.some((c) => c.kind === "type-changed" && c.path === path && !c.backward && !c.forward))
    return changes.concat(typeChanges);
  return changes.concat(
    typeChanges,
    compareConstraints(path, { old: old.type, new: neu.type }, old.constraints, neu.constraints),
    defaultChange(path, old, neu, read, oldAccepts, newAccepts),
  );
}

function defaultChange(
  path: string,
  old: DeclaredFieldDescriptor,
  neu: DeclaredFieldDescriptor,
  read: boolean,
  oldAccepts: Acceptance,
  newAccepts: Acceptance,
): Change[] {
  if (sameDefault(old.default, neu.default)) return [];
  const detail = `default ${showDefault(old.default, old.type)} -> ${showDefault(neu.default, neu.type)}`;
  if (old.optional === neu.optional && oldAccepts.null !== newAccepts.null) {
    // A required field: its default decides whether a null is accepted.
    return [
      newAccepts.null
        ? {
            kind: "default-changed",
            path,
            detail,
            backward: true,
            forward: false,
            reason: "nulls now read as the default; new tables may hold nulls the old version rejects",
          }
        : {
            kind: "default-changed",
            path,
            detail,
            backward: false,
            forward: true,
            reason: "without its default a required field rejects the nulls old tables may hold",
          },
    ];
  }
  if (read) {
    return [
      {
        kind: "default-changed",
        path,
        detail,
        backward: false,
        forward: false,
        reason:
          "a row check or another field's value: expression may read this field and sees the default where a value is missing; expressions cannot be compared by meaning, so compat cannot tell that rows still pass",
      },
    ];
  }
  return [
    {
      kind: "default-changed",
      path,
      detail,
      backward: true,
      forward: true,
      reason:
        "tables stay valid both ways (a default always meets its field's constraints), but a missing value now reads as another value: rows read from the same table differ",
    },
  ];
}

function compareTypes(
  path: string,
  old: DeclaredFieldType,
  neu: DeclaredFieldType,
  context: CompareContext,
  read: boolean,
): Change[] {
  if (old.kind === "list" && neu.kind === "list")
    return compareTypes(`${path}[]`, old.element, neu.element, context, read);
  if (old.kind === "struct" && neu.kind === "struct")
    return compareFieldLists(`${path}.`, old.fields, neu.fields, context, () => read);
  if ((old.kind === "struct" || old.kind === "record") && (neu.kind === "struct" || neu.kind === "record"))
    return compareStructured(path, old, neu, context, read);
  // A record a container holds is compared where both sides hold it alike, for a change in place.
  const inParts = () =>
    sharedParts(old, neu).flatMap(([suffix, before, after]) =>
      compareTypes(path + suffix, before, after, context, read),
    );
  if (formatFieldType(old) === formatFieldType(neu)) return inParts();
  if (old.kind === "any" || neu.kind === "any") return [anyChange(path, old, neu)];
  const containerChange = containerTypeChange(path, old, neu);
  if (containerChange !== null) return [containerChange, ...inParts()];
  const timestamp = timestampChange(path, old, neu);
  if (timestamp !== null) return [timestamp];
  if (isJuliaSubtype(old, neu) || isJuliaSubtype(neu, old)) return [subtypeChange(path, old, neu), ...inParts()];
  return [
    {
      kind: "type-changed",
      path,
      detail: `${formatFieldType(old)} -> ${formatFieldType(neu)}`,
      backward: false,
      forward: false,
      reason: typeChangeReason(old, neu),
    },
  ];
}

/**
 * Julia's `Any` holds every value: narrowing it to a type (as a child version may) keeps every
 * table the new version writes readable by the old; widening a type to it is breaking, since new
 * tables may hold what the old type rejects, and old tables read alike under it only where `any`
 * reads the old type's storage as that type's values.
 */
function anyChange(path: string, old: DeclaredFieldType, neu: DeclaredFieldType): Change {
  const detail = `${formatFieldType(old)} -> ${formatFieldType(neu)}`;
  if (neu.kind === "any") {
    // Old tables read alike only where any reads the old type's storage as its values (any-widening.ts).
    const backward = readsAlikeAsAny(old);
    const oldTables = backward
      ? ""
      : `, and old tables read as other values there (any reads ${formatFieldType(old)}'s storage as its plain Arrow values)`;
    return {
      kind: "type-changed",
      path,
      detail,
      backward,
      forward: false,
      reason: `widened to any: new tables may hold values of any type there, which the old version's ${formatFieldType(old)} rejects${oldTables}`,
    };
  }
  return {
    kind: "type-changed",
    path,
    detail,
    backward: false,
    forward: true,
    reason: `narrowed from any: old tables may hold values of other types there, which the new version's ${formatFieldType(neu)} rejects`,
  };
}

/** A nested record (or a struct that became one, or the reverse): fields by name, plus the record's `value:` expressions and checks. */
function compareStructured(
  path: string,
  old: DeclaredFieldType,
  neu: DeclaredFieldType,
  context: CompareContext,
  read: boolean,
): Change[] {
  const oldRecord = old.kind === "record" ? context.old(old.identifier) : undefined;
  const newRecord = neu.kind === "record" ? context.new(neu.identifier) : undefined;
  if ((old.kind === "record" && oldRecord === undefined) || (neu.kind === "record" && newRecord === undefined)) {
    throw new Error(`internal: record type ${formatFieldType(old.kind === "record" ? old : neu)} is not resolved`);
  }
  const key = `${formatFieldType(old)}|${formatFieldType(neu)}`;
  if (context.visiting.has(key)) return [];
  context.visiting.add(key);
  try {
    const head: Change[] = [];
    if (old.kind !== neu.kind) {
      const swapped = (oldRecord ?? newRecord)!;
      head.push({
        kind: "struct-record-swapped",
        path,
        detail: `${formatFieldType(old)} -> ${formatFieldType(neu)}`,
        backward: false,
        forward: false,
        reason: `both are Arrow structs of their children, but Julia tells them apart by the column's Arrow extension label: Arrow.jl reads a column labelled ${recordExtensionName(swapped.name, swapped.version)} as that record type and an unlabelled struct as a NamedTuple, and Legolas.jl refuses one for the other (readTable reads either), so neither direction holds; children, the record's value: expressions and checks are compared one by one`,
      });
    } else if (formatFieldType(old) !== formatFieldType(neu)) {
      head.push({
        kind: "record-repinned",
        path,
        detail: `${formatFieldType(old)} -> ${formatFieldType(neu)}`,
        backward: false,
        forward: false,
        reason: `a table labels a nested record's column with that record version's Arrow extension name, and a reader refuses another record version's label (as Legolas.jl does): tables written under either version do not read under the other, whatever the two records' fields`,
      });
    }
    if (oldRecord !== undefined && newRecord !== undefined) {
      const inner = compareVersionBodies(`${path}.`, oldRecord, newRecord, context, read);
      if (head.length > 0) return [...head, ...inner];
      // One record version on both sides: what changed in it was changed in place. The record this
      // version holds is named, not one nested in it: that is the record it needs a new version of
      // (whose own comparison names the record inside it in turn).
      const within = `${oldRecord.name}@${oldRecord.version}`;
      return inner.map((change) => ({ ...change, within }));
    }
    const asBody = (type: DeclaredFieldType, record: ResolvedVersion | undefined) => ({
      fields:
        record?.fields.map((f) => f.descriptor) ?? (type as { fields: readonly DeclaredFieldDescriptor[] }).fields,
      checks: record === undefined ? [] : chainChecks(record),
    });
    const before = asBody(old, oldRecord);
    const after = asBody(neu, newRecord);
    const ownReaders = (name: string) =>
      mayRead(before.checks, name) ||
      mayRead(after.checks, name) ||
      [oldRecord, newRecord].some((record) => record !== undefined && valuesMayRead(record, name));
    return [
      ...head,
      ...compareFieldLists(`${path}.`, before.fields, after.fields, context, (name) => read || ownReaders(name)),
      ...compareComputed(`${path}.`, oldRecord ?? before.fields, newRecord ?? after.fields),
      ...compareChecks(path, before.checks, after.checks),
    ];
  } finally {
    context.visiting.delete(key);
  }
}

/**
 * A field's type widened to an abstract supertype or narrowed to a subtype (julia-subtypes.ts): a
 * widening keeps old tables valid (backward) but new ones may hold columns old readers refuse; a
 * narrowing the reverse. Either needs a new version, as Legolas.jl's `find_violation` says.
 */
function subtypeChange(path: string, old: DeclaredFieldType, neu: DeclaredFieldType): Change {
  const widened = isJuliaSubtype(old, neu);
  const [narrow, wide] = widened ? [old, neu] : [neu, old];
  return {
    kind: "type-changed",
    path,
    detail: `${formatFieldType(old)} -> ${formatFieldType(neu)}`,
    backward: widened,
    forward: !widened,
    reason: `${formatFieldType(narrow)} is a subtype of ${formatFieldType(wide)} (Julia's subtyping): every ${formatFieldType(narrow)} column satisfies ${formatFieldType(wide)}, not the reverse`,
  };
}

function typeChangeReason(old: DeclaredFieldType, neu: DeclaredFieldType): string {
  // A nested record's struct is its child's fields, which only a descriptor holds: its name says enough.
  const arrow = (type: DeclaredFieldType) =>
    holdsNoRecord(type) ? `Arrow ${String(arrowTypeOf(type))}` : formatFieldType(type);
  if (holdsNoRecord(old) && holdsNoRecord(neu) && arrow(old) === arrow(neu))
    return `both are stored as ${arrow(neu)}, but Julia tells ${formatFieldType(old)} and ${formatFieldType(neu)} apart by the column's Arrow extension label (Arrow.jl's JuliaLang.* names, or none): Legolas.jl reads each column as its own Julia type and refuses it for the other, so neither direction holds`;
  return `the column check accepts only ${arrow(neu)} for ${formatFieldType(neu)} and only ${arrow(old)} for ${formatFieldType(old)} (exact width, signedness, precision, time zone and a duration's unit), so neither direction holds; as in Legolas.jl, no change of column type is a widening (an Int32 column does not satisfy an Int64 field)`;
}

/** Whether `type` holds no nested record at any depth, so that it is a run-time field type as it is. */
function holdsNoRecord(type: DeclaredFieldType): type is FieldType {
  if (type.kind === "list") return holdsNoRecord(type.element);
  if (isJuliaContainer(type)) return containedTypes(type).every(holdsNoRecord);
  if (type.kind === "struct") return type.fields.every((field) => holdsNoRecord(field.type));
  return type.kind !== "record";
}

function sameDefault(a: DefaultValue | undefined, b: DefaultValue | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && sameScalar(a, b));
}

function showDefault(value: DefaultValue | undefined, type: DeclaredFieldType): string {
  return value === undefined ? "(none)" : declaredValueText(value, type);
}

function trimDot(path: string): string {
  return path.endsWith(".") ? path.slice(0, -1) : path;
}

/**
 * Comparing the value constraints of one field in two versions. Each kind of constraint is
 * compared on its own, which is sound (a constraint implied by its old counterpart never rejects
 * an old value) but not complete; an enumeration (`values`) is then used to decide exactly,
 * since it lists every value a side can hold.
 */
import type { Constraints, DeclaredFieldType } from "legolas-ts/internal/field-types";
import { NANOSECONDS_PER_DAY } from "legolas-ts/internal/convert";
import { intRange } from "legolas-ts/internal/int-ranges";
import { sameScalar, satisfies } from "../resolve/constraints.js";
import { declaredValueText } from "../resolve/float-text.js";
import { comparePatterns } from "../resolve/pattern-languages.js";
import type { Change } from "./changes.js";

type Bound = number | bigint;
type Scalar = string | number | bigint | boolean;

/** The changes between the constraints of a field, whose type on each side is in `types`. */
export function compareConstraints(
  path: string,
  types: { readonly old: DeclaredFieldType; readonly new: DeclaredFieldType },
  old: Constraints,
  neu: Constraints,
): Change[] {
  const changes = [
    ...boundChange(path, types, "min", old.min, neu.min),
    ...boundChange(path, types, "max", old.max, neu.max),
    ...patternChange(path, old.pattern, neu.pattern),
    ...valuesChange(path, types, old.values, neu.values),
    ...lengthChange(path, old, neu),
  ];
  return refineByEnumeration(changes, types, old, neu);
}

/** The range a bound leaves, with the type's own range as the implicit bound. */
function effectiveBound(type: DeclaredFieldType, which: "min" | "max", bound: Bound | undefined): Bound | undefined {
  const range = typeRange(type);
  if (range === undefined) return bound;
  const implicit = which === "min" ? range[0] : range[1];
  if (bound === undefined) return implicit;
  const declared = BigInt(bound);
  return which === "min" ? (declared > implicit ? declared : implicit) : declared < implicit ? declared : implicit;
}

/** The values a type holds whatever its bounds: an integer's width, a time of day, a timestamp's or duration's Int64. */
function typeRange(type: DeclaredFieldType): readonly [bigint, bigint] | undefined {
  switch (type.kind) {
    case "int":
      return intRange(type.bits, type.signed);
    case "time":
      return [0n, NANOSECONDS_PER_DAY - 1n];
    case "timestamp":
    case "duration":
      return intRange(64, true);
    default:
      return undefined;
  }
}

function boundChange(
  path: string,
  types: { readonly old: DeclaredFieldType; readonly new: DeclaredFieldType },
  which: "min" | "max",
  oldBound: Bound | undefined,
  newBound: Bound | undefined,
): Change[] {
  // biome-ignore lint/suspicious/noDoubleEquals: a bound may be a bigint or a number, and 1n == 1 is the same bound
  if (oldBound === newBound || (oldBound !== undefined && newBound !== undefined && oldBound == newBound)) return [];
  const oldText = showBound(types.old, oldBound);
  const newText = showBound(types.new, newBound);
  const detail = `${which} ${oldText} -> ${newText}`;
  const oldEffective = effectiveBound(types.old, which, oldBound);
  const newEffective = effectiveBound(types.new, which, newBound);
  // `looser(a, b)`: bound a admits every value bound b admits.
  const looser = (a: Bound | undefined, b: Bound | undefined) =>
    a === undefined || (b !== undefined && (which === "min" ? a <= b : a >= b));
  const backward = looser(newEffective, oldEffective);
  const forward = looser(oldEffective, newEffective);
  if (backward && forward) return [];
  const side = which === "min" ? "below" : "above";
  return [
    backward
      ? {
          kind: "constraint-loosened",
          path,
          detail,
          backward,
          forward,
          reason: `the new ${which} admits every old value; new tables may hold values ${side} the old ${which} ${oldText}`,
        }
      : {
          kind: "constraint-tightened",
          path,
          detail,
          backward,
          forward,
          reason: `old tables may hold values ${side} the new ${which} ${newText}; every value the new ${which} admits was valid before`,
        },
  ];
}

function patternChange(path: string, oldPattern: string | undefined, newPattern: string | undefined): Change[] {
  if (oldPattern === newPattern) return [];
  const detail = `pattern ${showPattern(oldPattern)} -> ${showPattern(newPattern)}`;
  if (oldPattern === undefined) {
    return [
      {
        kind: "constraint-tightened",
        path,
        detail,
        backward: false,
        forward: true,
        reason: "a pattern was added: old strings need not match it",
      },
    ];
  }
  if (newPattern === undefined) {
    return [
      {
        kind: "constraint-loosened",
        path,
        detail,
        backward: true,
        forward: false,
        reason: "the pattern was dropped: new strings need not match the old one",
      },
    ];
  }
  const difference = comparePatterns(oldPattern, newPattern);
  if (!difference.comparable) {
    return [
      {
        kind: "constraint-changed",
        path,
        detail,
        backward: false,
        forward: false,
        reason: `${difference.why}, so the patterns cannot be compared and the change is taken to break both directions (list the allowed values with \`values\` to let compat decide exactly)`,
      },
    ];
  }
  const { onlyFirst: oldOnly, onlySecond: newOnly } = difference;
  const backward = oldOnly === undefined;
  const forward = newOnly === undefined;
  if (backward && forward)
    return [
      { kind: "constraint-changed", path, detail, backward, forward, reason: "both patterns accept the same strings" },
    ];
  const parts = [
    backward
      ? "the new pattern accepts every string the old one does"
      : `old tables may hold strings the new pattern rejects, such as ${declaredValueText(oldOnly)}`,
    forward
      ? "every string the new pattern accepts was valid before"
      : `new tables may hold strings the old pattern rejects, such as ${declaredValueText(newOnly)}`,
  ];
  const kind = backward ? "constraint-loosened" : forward ? "constraint-tightened" : "constraint-changed";
  return [{ kind, path, detail, backward, forward, reason: parts.join("; ") }];
}

function valuesChange(
  path: string,
  types: { readonly old: DeclaredFieldType; readonly new: DeclaredFieldType },
  oldValues: readonly Scalar[] | undefined,
  newValues: readonly Scalar[] | undefined,
): Change[] {
  if (oldValues === undefined && newValues === undefined) return [];
  if (oldValues === undefined) {
    return [
      {
        kind: "constraint-tightened",
        path,
        detail: `values (any) -> ${showValues(newValues!, types.new)}`,
        backward: false,
        forward: true,
        reason: "an enumeration was added: old tables may hold other values",
      },
    ];
  }
  if (newValues === undefined) {
    return [
      {
        kind: "constraint-loosened",
        path,
        detail: `values ${showValues(oldValues, types.old)} -> (any)`,
        backward: true,
        forward: false,
        reason: "the enumeration was dropped: new tables may hold other values",
      },
    ];
  }
  const added = newValues.filter((value) => !listed(value, oldValues));
  const removed = oldValues.filter((value) => !listed(value, newValues));
  if (added.length === 0 && removed.length === 0) return [];
  const detail = `values ${showValues(oldValues, types.old)} -> ${showValues(newValues, types.new)}`;
  const backward = removed.length === 0;
  const forward = added.length === 0;
  const parts = [
    ...(removed.length > 0 ? [`old tables may hold ${showList(removed, types.old)}, no longer allowed`] : []),
    ...(added.length > 0 ? [`new tables may hold ${showList(added, types.new)}, not allowed before`] : []),
  ];
  const kind = backward ? "constraint-loosened" : forward ? "constraint-tightened" : "constraint-changed";
  return [{ kind, path, detail, backward, forward, reason: parts.join("; ") }];
}

/** `length`, `min_length` and `max_length` together, as the interval of lengths they allow. */
function lengthChange(path: string, old: Constraints, neu: Constraints): Change[] {
  const [oldLow, oldHigh] = lengthInterval(old);
  const [newLow, newHigh] = lengthInterval(neu);
  if (oldLow === newLow && oldHigh === newHigh) return [];
  const backward = newLow <= oldLow && newHigh >= oldHigh;
  const forward = oldLow <= newLow && oldHigh >= newHigh;
  const detail = `length ${showInterval(oldLow, oldHigh)} -> ${showInterval(newLow, newHigh)}`;
  if (backward)
    return [
      {
        kind: "constraint-loosened",
        path,
        detail,
        backward,
        forward,
        reason: "every old length is still allowed; new tables may hold lengths the old version rejects",
      },
    ];
  if (forward)
    return [
      {
        kind: "constraint-tightened",
        path,
        detail,
        backward,
        forward,
        reason: "old tables may hold lengths the new version rejects",
      },
    ];
  return [
    {
      kind: "constraint-changed",
      path,
      detail,
      backward,
      forward,
      reason: "each side allows lengths the other rejects",
    },
  ];
}

function lengthInterval(c: Constraints): [number, number] {
  const low = Math.max(c.minLength ?? 0, c.length ?? 0);
  const high = Math.min(c.maxLength ?? Infinity, c.length ?? Infinity);
  return [low, high];
}

/**
 * With an enumeration the values of a side are known exactly: a direction the per-kind
 * comparison rejected holds when every value the source side admits passes the target side.
 */
function refineByEnumeration(
  changes: Change[],
  types: { readonly old: DeclaredFieldType; readonly new: DeclaredFieldType },
  old: Constraints,
  neu: Constraints,
): Change[] {
  if (changes.length === 0) return changes;
  const exact = (from: Constraints, fromType: DeclaredFieldType, to: Constraints, toType: DeclaredFieldType) =>
    from.values?.filter((v) => satisfies(v, from, fromType)).every((v) => satisfiesAcross(v, to, toType)) ?? false;
  const backward = changes.every((c) => c.backward) || exact(old, types.old, neu, types.new);
  const forward = changes.every((c) => c.forward) || exact(neu, types.new, old, types.old);
  return changes.map((change) => {
    const fixBackward = !change.backward && backward;
    const fixForward = !change.forward && forward;
    if (!fixBackward && !fixForward) return change;
    const because = [
      ...(fixBackward
        ? [
            `backward holds anyway: every value the old enumeration ${showValues(old.values!, types.old)} admits passes the new constraints`,
          ]
        : []),
      ...(fixForward
        ? [
            `forward holds anyway: every value the new enumeration ${showValues(neu.values!, types.new)} admits passes the old constraints`,
          ]
        : []),
    ];
    return {
      ...change,
      backward: change.backward || backward,
      forward: change.forward || forward,
      reason: `${change.reason}; ${because.join("; ")}`,
    };
  });
}

/** Whether `value`, declared under one side's type, passes `constraints` declared under the other's. */
function satisfiesAcross(value: Scalar, constraints: Constraints, type: DeclaredFieldType): boolean {
  const { values, ...rest } = constraints;
  return satisfies(value, rest, type) && (values === undefined || listed(value, values));
}

function listed(value: Scalar, values: readonly Scalar[]): boolean {
  return values.some((candidate) => sameScalar(value, candidate));
}

/** A bound of a field of `type` as its YAML declared it (a float32's `0.9`, held as 0.8999999761581421: resolve/float-text.ts). */
function showBound(type: DeclaredFieldType, bound: Bound | undefined): string {
  return bound === undefined ? "(none)" : declaredValueText(bound, type);
}

function showPattern(pattern: string | undefined): string {
  return pattern === undefined ? "(none)" : `/${pattern}/`;
}

function showValues(values: readonly Scalar[], type: DeclaredFieldType): string {
  return `[${showList(values, type)}]`;
}

function showList(values: readonly Scalar[], type: DeclaredFieldType): string {
  return values.map((value) => declaredValueText(value, type)).join(", ");
}

function showInterval(low: number, high: number): string {
  if (low === high) return `${low}`;
  return `${low}..${high === Infinity ? "" : high}`;
}

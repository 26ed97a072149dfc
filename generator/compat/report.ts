/**
 * Rendering comparisons: a table of changes for people, plain data for machines. The one place
 * that words a verdict.
 */
import {
  COMPAT_MODES,
  effectiveVerdict,
  type ChangeKind,
  type CompareOptions,
  type CompatMode,
  type Comparison,
} from "./changes.js";

/**
 * What a comparison must show to pass. `bump`, the default, is Legolas.jl's rule "you break it,
 * you bump it": a breaking change passes between two version numbers (it was bumped) and fails
 * within one (`name@N` changed in place). `backward`, `forward` and `full` ask every comparison
 * to be compatible in that direction, bumped or not.
 */
export type CompatGate = "bump" | CompatMode;
export const COMPAT_GATES: readonly CompatGate[] = ["bump", ...COMPAT_MODES];

const LABELS: Record<ChangeKind, string> = {
  "field-added": "field added",
  "field-removed": "field removed",
  "made-optional": "made optional",
  "made-required": "made required",
  "type-changed": "type changed",
  "record-repinned": "record re-pinned",
  "struct-record-swapped": "struct <-> record",
  "constraint-tightened": "constraint tightened",
  "constraint-loosened": "constraint loosened",
  "constraint-changed": "constraint changed",
  "default-changed": "default changed",
  "value-added": "value: added",
  "value-removed": "value: removed",
  "value-changed": "value: changed",
  "input-widened": "input: any added",
  "input-narrowed": "input: any removed",
  "check-added": "check added",
  "check-removed": "check removed",
  "check-message-changed": "check message changed",
  "parent-added": "parent added",
  "parent-removed": "parent removed",
  "parent-repinned": "parent re-pinned",
};

/** Whether a comparison passes `gate`. */
export function passes(comparison: Comparison, gate: CompatGate): boolean {
  return gate === "bump" ? !(comparison.inPlace && comparison.bumpRequired) : comparison[gate];
}

/** The verdict after `--mode <gate>:` in a comparison's first line. */
function gateVerdict(comparison: Comparison, gate: CompatGate): string {
  if (!passes(comparison, gate))
    return gate === "bump" ? "VIOLATED (a breaking change without a new version)" : "VIOLATED";
  return gate === "bump" && comparison.bumpRequired ? "correctly bumped" : "compatible";
}

function yesNo(ok: boolean, caveat: boolean): string {
  return ok ? (caveat ? "ok*" : "ok") : "BREAKS";
}

/** The human report of one comparison. */
export function renderComparison(comparison: Comparison, gate: CompatGate, options: CompareOptions = {}): string {
  const lines: string[] = [];
  const verdicts = (["backward", "forward", "full"] as const)
    .map((m) => `${m} ${comparison[m] ? "yes" : "no"}`)
    .join(", ");
  lines.push(`${comparison.old} -> ${comparison.new}: ${verdicts}; --mode ${gate}: ${gateVerdict(comparison, gate)}`);
  if (comparison.changes.length === 0) {
    lines.push("  no changes");
  } else {
    const rows = comparison.changes.map((change) => {
      const verdict = effectiveVerdict(change, options);
      const caveat = options.strict === true ? undefined : change.caveat?.direction;
      return [
        yesNo(verdict.backward, caveat === "backward"),
        yesNo(verdict.forward, caveat === "forward"),
        LABELS[change.kind],
        change.path || "(version)",
        change.detail,
      ];
    });
    const header = ["backward", "forward", "change", "field", "detail"];
    const widths = header.map((h, i) => rows.reduce((width, r) => Math.max(width, r[i]!.length), h.length));
    const format = (cells: readonly string[]) =>
      `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")}`.trimEnd();
    lines.push(format(header));
    comparison.changes.forEach((change, index) => {
      lines.push(format(rows[index]!));
      lines.push(`      ${change.reason}`);
      if (change.caveat !== undefined)
        lines.push(`      * ${change.caveat.text}${options.strict === true ? " (--strict: counted as breaking)" : ""}`);
    });
  }
  lines.push(`  ${bumpSentence(comparison, gate, options)}`);
  return lines.join("\n");
}

function bumpSentence(comparison: Comparison, gate: CompatGate, options: CompareOptions): string {
  if (comparison.inPlace) {
    const id = comparison.new.split(">")[0]!;
    if (comparison.changes.length === 0) return `${id} is unchanged.`;
    if (!comparison.bumpRequired)
      return `no version bump required: every change keeps ${id} both backward and forward compatible.`;
    const records = recordsChangedInPlace(comparison, options);
    if (records.length > 0) {
      const parents = comparison.new.split(">").slice(1);
      const named = records.map(
        (record) => `${record} (${parents.includes(record) ? "the version it extends" : "a record it holds"})`,
      );
      const one = records.length === 1;
      const names = records.map((record) => record.split("@")[0]!).join(" and ");
      return `version bump required: ${id} was changed in place only through ${named.join(" and ")}, ${one ? "which was itself" : "which were themselves"} changed in place; declare ${one ? "that change as a new version" : "those changes as new versions"} of ${names}, and a new version of ${id.split("@")[0]!} that uses ${one ? "it" : "them"} ("you break it, you bump it").`;
    }
    return `version bump required: ${id} was changed in place in a way that is not both backward and forward compatible; declare the change as a new version instead ("you break it, you bump it").`;
  }
  if (!comparison.bumpRequired)
    return "no version bump was required: every change is both backward and forward compatible.";
  const bumped =
    "version bump required, and made: these changes are not both backward and forward compatible, and come under a new version number";
  // The bump rule holds, but a direction asked for does not: said so, lest the line read as a pass.
  if (gate === "bump" || passes(comparison, gate)) return `${bumped}.`;
  const where = gate === "full" ? "in either column" : `under ${gate}`;
  return `${bumped}; but --mode ${gate} asks for ${gate} compatibility too, which the changes marked BREAKS ${where} break.`;
}

/** The records changed in place that every breaking change of `comparison` lies within; none when a change lies outside them. */
function recordsChangedInPlace(comparison: Comparison, options: CompareOptions): string[] {
  const breaking = comparison.changes.filter((change) => {
    const verdict = effectiveVerdict(change, options);
    return !(verdict.backward && verdict.forward);
  });
  if (breaking.some((change) => change.within === undefined)) return [];
  return [...new Set(breaking.map((change) => change.within!))];
}

/** The JSON report: every comparison with its changes and whether it passes `gate`; `ok` as the exit status says. */
export function jsonReport(
  comparisons: readonly Comparison[],
  gate: CompatGate,
  removed: readonly string[],
  options: CompareOptions = {},
  added: readonly string[] = [],
): unknown {
  return {
    mode: gate,
    strict: options.strict === true,
    ok: comparisons.every((c) => passes(c, gate)) && removed.length === 0,
    comparisons: comparisons.map((c) => ({
      ...c,
      passes: passes(c, gate),
      // Each change's verdicts with --strict applied, as the comparison's and the text report's are.
      changes: c.changes.map((change) => ({ ...change, ...effectiveVerdict(change, options) })),
    })),
    ...(removed.length > 0 ? { removed } : {}),
    ...(added.length > 0 ? { added } : {}),
  };
}

/**
 * What `legolas compat` reports: each difference between two schema versions as data, with a
 * verdict per direction and the reason for it. Messages are rendered from this in report.ts.
 *
 * - backward: every table valid under the OLD version is valid under the NEW one;
 * - forward: every table valid under the NEW version is valid under the OLD one;
 * - full: both.
 *
 * "Valid" is what `readTable` accepts: the columns (`validateTable`: every declared field
 * present with an accepted Arrow type, or absent and optional; extra columns allowed) and then
 * every row (field constraints, then the row checks).
 */

export type CompatMode = "backward" | "forward" | "full";
export const COMPAT_MODES: readonly CompatMode[] = ["backward", "forward", "full"];

export type ChangeKind =
  | "field-added"
  | "field-removed"
  | "made-optional"
  | "made-required"
  | "type-changed"
  | "record-repinned"
  | "struct-record-swapped"
  | "constraint-tightened"
  | "constraint-loosened"
  | "constraint-changed"
  | "default-changed"
  | "value-added"
  | "value-removed"
  | "value-changed"
  | "input-widened"
  | "input-narrowed"
  | "check-added"
  | "check-removed"
  | "check-message-changed"
  | "parent-added"
  | "parent-removed"
  | "parent-repinned";

/** One difference, and whether it keeps each direction compatible. */
export interface Change {
  readonly kind: ChangeKind;
  /** The field path (`meta.x`, `points[]`), or `""` for the version itself (parents, checks). */
  readonly path: string;
  /** What changed, e.g. `int32 -> int64`, `min 0 -> 1`, `optional float64`. */
  readonly detail: string;
  readonly backward: boolean;
  readonly forward: boolean;
  /** Why, in a sentence a schema author can act on. */
  readonly reason: string;
  /**
   * The nested record, or the parent, pinned at one version on both sides (`hyperparameters@1`),
   * that this change lies within: the version holding or extending it changed only because that
   * record or parent was changed in place. Where records nest, the one the compared version holds
   * itself (`outer@1`, not the `hyper@1` inside it), whose new version the compared version's
   * new version must hold.
   */
  readonly within?: string;
  /**
   * A compatible verdict (in `direction`) that holds only under an assumption the declarations
   * cannot guarantee: that no table carries an undeclared column of that name. `--strict`
   * counts such verdicts as violations.
   */
  readonly caveat?: Caveat;
}

export interface Caveat {
  readonly direction: "backward" | "forward";
  readonly text: string;
}

/** The comparison of one pair of schema versions. */
export interface Comparison {
  /** Fully qualified identifiers. */
  readonly old: string;
  readonly new: string;
  /** The same `name@N` on both sides (typically from two folders): was it changed in place? */
  readonly inPlace: boolean;
  readonly changes: readonly Change[];
  readonly backward: boolean;
  readonly forward: boolean;
  readonly full: boolean;
  /**
   * "You break it, you bump it": a change that is not both backward and forward compatible
   * needs a new version number. For an in-place comparison this is the finding; otherwise it
   * says whether the new version number was needed.
   */
  readonly bumpRequired: boolean;
}

export interface CompareOptions {
  /** Count caveated verdicts (see {@link Change.caveat}) as incompatible. */
  readonly strict?: boolean;
}

/** The direction verdicts of a change, with `--strict` applied. */
export function effectiveVerdict(change: Change, options: CompareOptions): { backward: boolean; forward: boolean } {
  const strict = options.strict === true ? change.caveat?.direction : undefined;
  return { backward: change.backward && strict !== "backward", forward: change.forward && strict !== "forward" };
}

/** Summarizes `changes` into a comparison. */
export function summarize(
  old: string,
  neu: string,
  inPlace: boolean,
  changes: readonly Change[],
  options: CompareOptions,
): Comparison {
  const verdicts = changes.map((change) => effectiveVerdict(change, options));
  const backward = verdicts.every((v) => v.backward);
  const forward = verdicts.every((v) => v.forward);
  return {
    old,
    new: neu,
    inPlace,
    changes,
    backward,
    forward,
    full: backward && forward,
    bumpRequired: !(backward && forward),
  };
}

/**
 * Flux's `BatchNorm(n; track_stats=false)` holds no moving statistics: its μ and σ² are `nothing`
 * (Flux v0.13 src/layers/normalise.jl), so LegolasFlux's `fetch_weights`, which keeps numeric
 * arrays only, stores its β and γ alone (nothing at all with `affine=false`). Such a BatchNorm
 * normalises every batch by that batch's own mean and variance, at inference too; tfjs's
 * batchNormalization always holds moving_mean and moving_variance and normalises by them at
 * inference. No tfjs layer computes what it does, so its weights are refused, and by name: when
 * the weights hold fewer arrays than the plan, leaving out the statistics of some BatchNorms is
 * tried, and the layers whose leaving out makes every other array fit are named.
 */
import { FluxConversionError } from "./errors.js";
import { fitsPlanned, type PlannedVariable, roleOf } from "./plan.js";

/** The most states {@link candidateLayers} walks: one byte each, twice. */
const MAX_STATES = 2 ** 24;

/**
 * The refusal of weights that lack the moving statistics of BatchNorms built with
 * `track_stats=false`, or `null` when no such BatchNorms make `sizes` (the Julia sizes of the
 * weights' arrays) fit `plan`.
 */
export function untrackedStatisticsError(
  plan: readonly PlannedVariable[],
  sizes: readonly (readonly number[])[],
): FluxConversionError | null {
  const missing = plan.length - sizes.length;
  if (missing <= 0 || missing % 2 !== 0) return null;
  const layers = candidateLayers(plan, sizes, missing / 2);
  if (layers === null) return null;
  const arrays = `${missing} arrays fewer than the model's Flux twin`;
  const named = layers.names.map((name) => JSON.stringify(name));
  const listed = `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
  const which =
    named.length === 1
      ? "this BatchNorm"
      : layers.certain
        ? `the BatchNorms ${listed}`
        : `${missing === 2 ? "one" : missing / 2} of the BatchNorms ${listed}`;
  return new FluxConversionError(
    "unsupported-layer",
    named.length === 1 ? layers.names[0]! : null,
    `the weights hold no moving mean and variance for ${which} (${arrays}), as a Flux BatchNorm built with ` +
      "track_stats=false stores it: its μ and σ² are nothing. Such a BatchNorm normalises every batch by the " +
      "batch's own mean and variance, at inference too, and tfjs's batchNormalization normalises by its moving " +
      "statistics at inference, so no tfjs layer computes what it does. In Flux, build the BatchNorm with " +
      "track_stats=true, give it these β and γ, run the training data through the model in trainmode! so that it " +
      "gathers μ and σ², and write fetch_weights of that model; or keep the model in Julia",
  );
}

/**
 * The BatchNorms whose moving statistics, `skips` of them left out, make every other planned
 * variable fit the array at its place: `certain` when every such choice leaves out the same ones,
 * `null` when no choice does. Planned variable `i`, with `s` BatchNorms left out before it, meets
 * array `i - 2s`: which of these states lead to the end is worked out backwards, then the ways
 * from the start are followed forwards through them, collecting the BatchNorms they leave out.
 */
function candidateLayers(
  plan: readonly PlannedVariable[],
  sizes: readonly (readonly number[])[],
  skips: number,
): { names: string[]; certain: boolean } | null {
  const width = skips + 1;
  // More statistics missing than BatchNorms hold, or a table past 16M states (a count refusal says enough then).
  const held = plan.filter((_, i) => startsStatistics(plan, i)).length;
  if (skips > held || (plan.length + 1) * width > MAX_STATES) return null;
  // reachesEnd[i * width + s]: from variable i with s left out, the rest can be matched.
  const reachesEnd = new Uint8Array((plan.length + 1) * width);
  reachesEnd[plan.length * width + skips] = 1;
  const fits = (i: number, s: number) => i - 2 * s < sizes.length && fitsPlanned(plan[i]!, sizes[i - 2 * s]!);
  for (let i = plan.length - 1; i >= 0; i--) {
    for (let s = 0; s <= skips && 2 * s <= i; s++) {
      const matched = fits(i, s) && reachesEnd[(i + 1) * width + s] === 1;
      const left = s < skips && startsStatistics(plan, i) && reachesEnd[(i + 2) * width + s + 1] === 1;
      reachesEnd[i * width + s] = matched || left ? 1 : 0;
    }
  }
  if (reachesEnd[0] !== 1) return null;
  const names = new Set<string>();
  const onAWay = new Uint8Array(reachesEnd.length);
  onAWay[0] = 1;
  for (let i = 0; i < plan.length; i++) {
    for (let s = 0; s <= skips; s++) {
      if (onAWay[i * width + s] !== 1) continue;
      if (fits(i, s) && reachesEnd[(i + 1) * width + s] === 1) onAWay[(i + 1) * width + s] = 1;
      if (s < skips && startsStatistics(plan, i) && reachesEnd[(i + 2) * width + s + 1] === 1) {
        onAWay[(i + 2) * width + s + 1] = 1;
        names.add(plan[i]!.layerName);
      }
    }
  }
  return { names: [...names], certain: names.size === skips };
}

/** Whether planned variables `i` and `i + 1` are one BatchNorm's moving_mean and moving_variance. */
function startsStatistics(plan: readonly PlannedVariable[], i: number): boolean {
  const [mean, variance] = [plan[i], plan[i + 1]];
  return (
    mean !== undefined &&
    variance !== undefined &&
    mean.target.layer === variance.target.layer &&
    mean.target.layer.getClassName() === "BatchNormalization" &&
    roleOf(mean.target.variable) === "moving_mean" &&
    roleOf(variance.target.variable) === "moving_variance"
  );
}

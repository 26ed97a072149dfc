/**
 * The refusals of weights in the other framework's layout, worded for the tfjs bridge: what the
 * weights are, and the call that loads or converts them right.
 */
import type { WeightsLayout } from "../weights/weights.js";
import { WeightsLayoutError } from "../weights/errors.js";

/**
 * Weights in `layout` met a call that needs the other one: loading (`"flux"` weights into tfjs)
 * or `fluxToTfjs` (`"tfjs"` weights). `source` names the row's file or URL, or `null`.
 */
export function layoutMismatch(layout: WeightsLayout, source: string | null): WeightsLayoutError {
  const expected = layout === "flux" ? "tfjs" : "flux";
  if (layout === "flux") {
    const what =
      source === null
        ? "these weights are in Flux's layout (LegolasFlux.jl's fetch_weights, or tfjsToFlux)"
        : `${source}: the row's weights are in Flux's layout (its table says legolas_ts_weights_layout "flux", or has no such key, as LegolasFlux.jl writes it)`;
    const fix =
      source === null
        ? "loadWeights(model, fluxToTfjs(weights, model))"
        : "read the row (readModelRow or readModelRowFrom) and call loadWeights(model, fluxToTfjs(row.weights, model))";
    // legolas-ts wrote no key before 2026-12-04 (f8c2ab2): a row it saved from a tfjs model then reads as Flux's.
    const earlier =
      source === null
        ? ""
        : ` If legolas-ts saved the row from a tfjs model before it recorded the layout (before 2026-12-04), ` +
          `the table has no key and its weights are tfjs's: load them as they are, ` +
          `loadWeights(model, row.weights.withLayout("tfjs")), since converting them would scramble them.`;
    return new WeightsLayoutError(
      layout,
      expected,
      source,
      `${what}, so they do not load into a tfjs model as they are: a BatchNorm's β and γ would swap and kernels ` +
        `would be read along the wrong axes. Convert them first: ${fix}. The model was left unchanged.${earlier}`,
    );
  }
  const what = source === null ? "these weights" : `${source}: the row's weights`;
  return new WeightsLayoutError(
    layout,
    expected,
    source,
    `${what} are in tfjs's layout already (fetchWeights, or a row written from a tfjs model), so fluxToTfjs would ` +
      `scramble them: load them as they are with loadWeights(model, weights), or call tfjsToFlux(model) for Flux's ` +
      `layout. Nothing was converted.`,
  );
}

/** Weights from a table that stated `stated`, a layout this version does not know, met a call that needs one. */
export function unknownLayout(stated: string): WeightsLayoutError {
  return new WeightsLayoutError(
    null,
    null,
    null,
    `these weights come from a table whose legolas_ts_weights_layout is ${JSON.stringify(stated)}, which this version ` +
      `of legolas-ts does not know (a newer writer's, or not ours), so there is no telling how they load; read the ` +
      `table with a legolas-ts that knows it, or state the layout you know they are in (weights.withLayout("tfjs")). ` +
      `Nothing was loaded or converted.`,
  );
}

/** The conversion under test, called as a user calls it, with what the user states about each layer. */
import { type FluxConversionOptions, fluxToTfjs, tfjsToFlux } from "legolas-ts";
import type { Conversion } from "./run-case.js";
import type { LayerSettings } from "./tfjs-twin.js";

/** What the user tells the conversion: one global convolution kind and epsilon. */
function options(settings: ReadonlyMap<string, LayerSettings>): FluxConversionOptions {
  const all = [...settings.values()];
  const kinds = new Set(all.map((s) => s.convolution).filter((kind) => kind !== undefined));
  const epsilons = new Set(all.map((s) => s.epsilon).filter((epsilon) => epsilon !== undefined));
  return {
    convolution: kinds.size === 1 ? [...kinds][0]! : "Conv",
    batchNormEpsilon: epsilons.size === 1 ? [...epsilons][0]! : 1e-5,
  };
}

export const conversion: Conversion = {
  toTfjs: (weights, model, settings) => fluxToTfjs(weights, model, options(settings)),
  toFlux: (model, settings) => tfjsToFlux(model, options(settings)),
};

/** The conversion under test, called as a user calls it, with what the user states about each layer. */
import { type FluxConversionOptions, fluxToTfjs, tfjsToFlux } from "legolas-ts/tfjs";
import type { Conversion } from "./run-case.js";
import type { LayerSettings } from "./tfjs-twin.js";

/** What the user tells the conversion: each layer's convolution kind and epsilon, by its name. */
function options(settings: ReadonlyMap<string, LayerSettings>): FluxConversionOptions {
  return { layers: Object.fromEntries(settings) };
}

export const conversion: Conversion = {
  toTfjs: (weights, model, settings) => fluxToTfjs(weights, model, options(settings)),
  toFlux: (model, settings) => tfjsToFlux(model, options(settings)),
};

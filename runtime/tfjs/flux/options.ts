/**
 * What the weights cannot say about a Flux model, told per layer: whether a convolution was a
 * `Conv` (a true convolution, its kernel flipped) or a `CrossCor`, a normalisation layer's `eps`,
 * and a `leakyrelu`'s slope. Per layer, because one Flux model may mix both kinds and several
 * epsilons.
 */
import type { layers } from "@tensorflow/tfjs";
import { isOptionName, mapOptionsHint, UNTAKEN } from "../../arrow/option-calls.js";
import { describeValue } from "../../violations.js";
import type { NamedLayer } from "../layers-models.js";
import { FluxConversionError } from "./errors.js";

export interface FluxLayerOptions {
  /** The Flux layer a tfjs convolution stands for: `"Conv"` (the default) or `"CrossCor"`. */
  readonly convolution?: "Conv" | "CrossCor" | undefined;
  /**
   * The Flux `BatchNorm`'s or `LayerNorm`'s `eps` (default Flux's `1f-5`). The tfjs layer must
   * have the same `epsilon`; the conversion refuses it otherwise.
   */
  readonly epsilon?: number | undefined;
  /**
   * The slope `a` of a Flux `x -> leakyrelu(x, a)` (default NNlib's `0.01`). The tfjs LeakyReLU
   * must have the same `alpha`; the conversion refuses it otherwise.
   */
  readonly slope?: number | undefined;
}

/**
 * The tfjs classes each option speaks of: named for another layer, it would be left unused. Not
 * the transposed convolutions: Flux's `ConvTranspose` always flips its kernel (v0.13
 * src/layers/conv.jl builds its `DenseConvDims` without `flipkernel`) and Flux has no transposed
 * `CrossCor`, so `convolution` would say nothing of them.
 */
const LAYERS_TAKING: { readonly [Option in keyof FluxLayerOptions]-?: readonly string[] } = {
  convolution: ["Conv1D", "Conv2D", "Conv3D", "DepthwiseConv2D", "SeparableConv2D"],
  epsilon: ["BatchNormalization", "FluxLayerNorm"],
  slope: ["LeakyReLU"],
};

/** Convolutions all the same, which the refusal of `convolution` for them says why. */
const TRANSPOSED = new Set(["Conv2DTranspose", "Conv3DTranspose"]);

const LAYER_OPTION_NAMES = Object.keys(LAYERS_TAKING).join(", ");

/**
 * Where the options of other calls among `keys` go: `layer` is the kernel conversions' name for a
 * layer's `convolution`, and `copy` a load's, each of which the conversion would leave unused.
 */
function takenElsewhere(keys: readonly string[]): string {
  return keys
    .filter(isOptionName)
    .map((key) => `; ${key}: ${UNTAKEN[key]}`)
    .join("");
}

/** A tfjs layer as the `layers` callback sees it. */
export interface FluxLayerInfo {
  /** Its name; inside a nested model `outer/inner`, as `modelVariables` names it. */
  readonly name: string;
  /** Its tfjs class, e.g. `Conv2D`. */
  readonly className: string;
  readonly layer: layers.Layer;
}

export interface FluxConversionOptions {
  /**
   * Per tfjs layer, what its Flux twin was: a record keyed by layer name (`outer/inner` inside a
   * nested model; name the layers when building, since tfjs numbers automatic names per process),
   * or a function of the layer. A record key that names no layer is refused, so a typo cannot go
   * unnoticed. Layers not named are `Conv`s with Flux's default epsilon. A layer used inside a
   * nested model and outside it takes its options under either of its names.
   */
  readonly layers?:
    | Readonly<Record<string, FluxLayerOptions>>
    | ((layer: FluxLayerInfo) => FluxLayerOptions | undefined)
    | undefined;
}

/**
 * The options of each layer, checked as they are looked up: an option this version does not know
 * (a typo, or the global `convolution` / `batchNormEpsilon` of earlier versions) would otherwise
 * be ignored and leave a kernel unflipped without a word. `checkAllUsed` refuses names that named
 * no layer.
 */
export class LayerOptions {
  private readonly used = new Set<string>();
  /** Each layer's names, several for a layer used inside a nested model and outside it. */
  private readonly names = new Map<layers.Layer, string[]>();

  constructor(
    private readonly options: FluxConversionOptions,
    modelLayers: readonly NamedLayer[],
  ) {
    // From plain JavaScript: null would fail inside the conversion, a number be taken for no options.
    if (!isRecord(options)) {
      throw new FluxConversionError(
        "options",
        null,
        `the options given are ${describeValue(options)}: pass an object, { layers: ... }, or leave them out${mapOptionsHint(options)}`,
      );
    }
    const unknown = Object.keys(options).filter((key) => key !== "layers");
    if (unknown.length > 0) {
      throw new FluxConversionError(
        "options",
        null,
        `unknown option ${unknown.map((key) => `"${key}"`).join(", ")}: options are per layer, ` +
          `{ layers: { "layer name": { ${LAYER_OPTION_NAMES} } } } or { layers: (layer) => ({ ${LAYER_OPTION_NAMES} }) }` +
          takenElsewhere(unknown),
      );
    }
    const layers: unknown = options.layers;
    if (layers !== undefined && typeof layers !== "function" && !isRecord(layers)) {
      throw new FluxConversionError(
        "options",
        null,
        `options.layers is ${describeValue(layers)}: a record of options by layer name, { "layer name": { ${LAYER_OPTION_NAMES} } }, ` +
          `or a function of the layer that returns them${mapOptionsHint(layers)}`,
      );
    }
    for (const { name, layer } of modelLayers) {
      const names = this.names.get(layer);
      if (names === undefined) this.names.set(layer, [name]);
      else if (!names.includes(name)) names.push(name);
    }
  }

  /**
   * A layer used inside a nested model and outside it has a name in each (`inner/conv` and
   * `conv`) but is one Flux layer with one set of arrays, so what is given under any of its names
   * holds wherever it is applied; two names that give one option different values are refused.
   */
  of(info: FluxLayerInfo): FluxLayerOptions {
    const given = (this.names.get(info.layer) ?? [info.name]).flatMap((name) => {
      const options = this.givenUnder({ ...info, name });
      return options === undefined ? [] : [{ name, options }];
    });
    if (given.length <= 1) return given[0]?.options ?? {};
    const options: Record<string, unknown> = {};
    const namedBy = new Map<string, string>();
    for (const { name, options: some } of given) {
      for (const [key, value] of Object.entries(some)) {
        if (value === undefined) continue;
        const earlier = namedBy.get(key);
        if (earlier !== undefined && !Object.is(options[key], value)) {
          throw new FluxConversionError(
            "options",
            info.name,
            `"${earlier}" and "${name}" name one layer, used inside a nested model and outside it, and the options ` +
              `give its ${key} as ${JSON.stringify(options[key])} under "${earlier}" and ${JSON.stringify(value)} under ` +
              `"${name}"; it is one Flux layer with one set of arrays: give its options under one of its names`,
          );
        }
        options[key] = value;
        namedBy.set(key, name);
      }
    }
    return options as FluxLayerOptions;
  }

  /** What the options say of the layer under one of its names; `undefined` for nothing. */
  private givenUnder(info: FluxLayerInfo): FluxLayerOptions | undefined {
    const layers = this.options.layers;
    if (layers === undefined) return undefined;
    if (typeof layers === "function") {
      // `false` too: the result of `(layer) => layer.name === "c" && { ... }` for the other layers.
      const given: unknown = layers(info);
      return given === undefined || given === null || given === false ? undefined : checked(given, info.name);
    }
    if (!Object.hasOwn(layers, info.name)) return undefined;
    this.used.add(info.name);
    return checkedFor(info, checked(layers[info.name]!, info.name));
  }

  checkAllUsed(names: readonly string[]): void {
    const layers = this.options.layers;
    if (layers === undefined || typeof layers === "function") return;
    const unused = Object.keys(layers).filter((name) => !this.used.has(name));
    if (unused.length > 0) {
      throw new FluxConversionError(
        "options",
        null,
        `options.layers names ${unused.map((name) => `"${name}"`).join(", ")}, but the model has no such layer; ` +
          `its layers are ${names.map((name) => `"${name}"`).join(", ")}`,
      );
    }
  }
}

function checked(given: unknown, layerName: string): FluxLayerOptions {
  const refuse = (detail: string) => new FluxConversionError("options", layerName, detail);
  if (!isRecord(given))
    throw refuse(
      `its options are ${describeValue(given)}, not an object { ${LAYER_OPTION_NAMES} }${mapOptionsHint(given)}`,
    );
  const options = given as FluxLayerOptions;
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(LAYERS_TAKING, key))
      throw refuse(`unknown option "${key}"; a layer takes { ${LAYER_OPTION_NAMES} }${takenElsewhere([key])}`);
  }
  const { convolution, epsilon, slope } = options;
  if (convolution !== undefined && convolution !== "Conv" && convolution !== "CrossCor") {
    throw refuse(`convolution is "Conv" or "CrossCor", not ${JSON.stringify(convolution)}`);
  }
  if (epsilon !== undefined && !(typeof epsilon === "number" && epsilon >= 0 && Number.isFinite(epsilon))) {
    throw refuse(`epsilon is a number, the Flux layer's eps, not ${JSON.stringify(epsilon)}`);
  }
  if (slope !== undefined && !(typeof slope === "number" && Number.isFinite(slope))) {
    throw refuse(`slope is a number, the a of the Flux model's leakyrelu(x, a), not ${JSON.stringify(slope)}`);
  }
  return options;
}

/**
 * A layer named in the options record is given only options its class takes: a name mistaken
 * for another layer's (a CrossCor told of the BatchNorm after it) would leave the layer it was
 * meant for converted as the default. A function of the layer answers for every layer, so what
 * it gives a class that takes no such option is left unused.
 */
function checkedFor(info: FluxLayerInfo, options: FluxLayerOptions): FluxLayerOptions {
  for (const [key, value] of Object.entries(options)) {
    const classes = LAYERS_TAKING[key as keyof FluxLayerOptions];
    if (value === undefined || classes.includes(info.className)) continue;
    const why =
      key === "convolution" && TRANSPOSED.has(info.className)
        ? " (Flux's ConvTranspose always flips its kernel: Flux has no transposed CrossCor)"
        : "";
    throw new FluxConversionError(
      "options",
      info.name,
      `it is a ${info.className}, which takes no ${key}${why}: ${key} is told of a ${classes.join(", ")}; ` +
        "check which layer options.layers names",
    );
  }
  return options;
}

/**
 * An object of options: not null, an array or a value of another type, nor a Map, whose entries
 * are no keys of its own, so that its options for a layer would be left unseen.
 */
function isRecord(value: unknown): value is object {
  return typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object Object]";
}

/**
 * Flux models as data, for the differential fuzzer: each layer holds its arrays (Julia sizes,
 * column-major values) in the fields of its Flux struct, in that struct's field order (Flux v0.13,
 * LegolasFlux's supported version: src/layers/basic.jl, conv.jl, normalise.jl). Independent of the
 * conversion under test: nothing here imports legolas-ts's tfjs code.
 */

/** A Julia array: `size` in Julia's order, `data` column-major (the first index fastest). */
export interface JuliaArray {
  readonly size: readonly number[];
  readonly data: Float32Array;
}

export type Activation = "identity" | "relu" | "tanh" | "sigmoid";

export interface Dense {
  readonly kind: "Dense";
  readonly weight: JuliaArray; // (out, in)
  readonly bias: JuliaArray | null; // `bias=false` stores `false`, which is not an array
  readonly σ: Activation;
}

/** `Conv` and `CrossCor` (src/layers/conv.jl): fields σ, weight, bias, stride, pad, dilation, groups. */
export interface Conv {
  readonly kind: "Conv" | "CrossCor";
  readonly σ: Activation;
  readonly weight: JuliaArray; // (k1, ..., kn, in ÷ groups, out)
  readonly bias: JuliaArray | null;
  readonly stride: readonly number[];
  /** `calc_padding`'s result: (lo, hi) per spatial dimension, Julia order. */
  readonly pad: readonly number[];
  /** Whether `pad` was given as `SamePad()` (for printing, and for the twin builder). */
  readonly samePad: boolean;
  readonly dilation: readonly number[];
  readonly groups: number;
}

/** `ConvTranspose`: weight (k1, ..., kn, out, in), the rest as `Conv`. */
export interface ConvTranspose {
  readonly kind: "ConvTranspose";
  readonly σ: Activation;
  readonly weight: JuliaArray;
  readonly bias: JuliaArray | null;
  readonly stride: readonly number[];
  readonly pad: readonly number[];
  readonly samePad: boolean;
}

/** `BatchNorm` (src/layers/normalise.jl): fields λ, β, γ, μ, σ², ϵ, ... */
export interface BatchNorm {
  readonly kind: "BatchNorm";
  readonly λ: Activation;
  readonly β: JuliaArray | null; // `nothing` when affine=false
  readonly γ: JuliaArray | null;
  readonly μ: JuliaArray;
  readonly σ2: JuliaArray;
  readonly ϵ: number;
}

/** `LayerNorm(n)`: fields λ, diag (a `Scale` with fields scale, bias, σ), ϵ, size, affine. */
export interface LayerNorm {
  readonly kind: "LayerNorm";
  readonly λ: Activation;
  readonly scale: JuliaArray | null; // diag.scale, or no Scale when affine=false
  readonly bias: JuliaArray | null;
  readonly ϵ: number;
}

export interface Pool {
  readonly kind: "MaxPool" | "MeanPool";
  readonly k: readonly number[];
  readonly stride: readonly number[];
  readonly pad: readonly number[];
  readonly samePad: boolean;
}

export interface Embedding {
  readonly kind: "Embedding";
  readonly weight: JuliaArray; // (out, in)
}

/** A layer without arrays: `flatten`, `Dropout`, a global pool, or a function such as `relu`. */
export interface Stateless {
  readonly kind: "flatten" | "Dropout" | "GlobalMeanPool" | "GlobalMaxPool";
}
/** `x -> reshape(x, size..., :)`: the same values, column-major, as an array of Julia size `(size..., N)`. */
export interface Reshape {
  readonly kind: "reshape";
  readonly size: readonly number[];
}
export interface FluxFunction {
  readonly kind: "function";
  readonly f: Activation | "softmax";
}

export interface Chain {
  readonly kind: "Chain";
  readonly layers: readonly FluxLayer[];
}

/** `Parallel(connection, layers...)`: fields connection, layers. */
export interface Parallel {
  readonly kind: "Parallel";
  /** `vcat`, `+`, or `(a...) -> cat(a...; dims=ndims(a)-1)` joining image channels. */
  readonly connection: "vcat" | "+" | "catchannels";
  readonly layers: readonly FluxLayer[];
}

/** `SkipConnection(layers, +)`: fields layers, connection; computes `layers(x) + x`. */
export interface SkipConnection {
  readonly kind: "SkipConnection";
  readonly layers: FluxLayer;
}

export type FluxLayer =
  | Dense
  | Conv
  | ConvTranspose
  | BatchNorm
  | LayerNorm
  | Pool
  | Embedding
  | Stateless
  | Reshape
  | FluxFunction
  | Chain
  | Parallel
  | SkipConnection;

/**
 * LegolasFlux's `fetch_weights` (src/functors.jl): `filter(is_numeric_array, fcollect(m))`.
 * Functors' `fcollect` (v0.4, src/walks.jl `CollectWalk`) walks the model depth first, each
 * struct's fields in declaration order, and keeps each object once (an `IdSet`), so a layer used
 * twice contributes its arrays at its first place only.
 */
export function fetchFluxArrays(model: FluxLayer): JuliaArray[] {
  const seen = new Set<object>();
  const arrays: JuliaArray[] = [];
  const keep = (array: JuliaArray | null): void => {
    if (array !== null && !seen.has(array)) {
      seen.add(array);
      arrays.push(array);
    }
  };
  const walk = (layer: FluxLayer): void => {
    if (seen.has(layer)) return;
    seen.add(layer);
    for (const child of children(layer)) {
      if (child === null) continue;
      if ("kind" in child) walk(child);
      else keep(child);
    }
  };
  walk(model);
  return arrays;
}

/** A layer's fields that can hold arrays or layers, in the struct's declaration order. */
function children(layer: FluxLayer): (JuliaArray | FluxLayer | null)[] {
  switch (layer.kind) {
    case "Dense":
      return [layer.weight, layer.bias];
    case "Conv":
    case "CrossCor":
    case "ConvTranspose":
      return [layer.weight, layer.bias];
    case "BatchNorm":
      return [layer.β, layer.γ, layer.μ, layer.σ2];
    case "LayerNorm":
      return [layer.scale, layer.bias];
    case "Embedding":
      return [layer.weight];
    case "Chain":
      return [...layer.layers];
    case "Parallel":
      return [...layer.layers];
    case "SkipConnection":
      return [layer.layers];
    default:
      return [];
  }
}

/** The model as Julia code, so that a failing case can be rebuilt in Flux. */
export function showFlux(layer: FluxLayer, shared = new Map<FluxLayer, string>()): string {
  const known = shared.get(layer);
  if (known !== undefined) return known;
  const text = showLayer(layer, shared);
  if (layer.kind === "Dense") shared.set(layer, `${text} #= same layer =#`);
  return text;
}

function showLayer(layer: FluxLayer, shared: Map<FluxLayer, string>): string {
  const act = (σ: Activation) => (σ === "identity" ? "" : `, ${σ}`);
  const tuple = (values: readonly number[]) => `(${values.join(", ")}${values.length === 1 ? "," : ""})`;
  switch (layer.kind) {
    case "Dense": {
      const [out, inputs] = layer.weight.size;
      return `Dense(${inputs} => ${out}${act(layer.σ)}${layer.bias === null ? "; bias=false" : ""})`;
    }
    case "Conv":
    case "CrossCor": {
      const n = layer.weight.size.length - 2;
      const k = layer.weight.size.slice(0, n);
      const [cin, out] = layer.weight.size.slice(n) as [number, number];
      const options = [
        `stride=${tuple(layer.stride)}`,
        `pad=${layer.samePad ? "SamePad()" : tuple(layer.pad)}`,
        `dilation=${tuple(layer.dilation)}`,
        ...(layer.groups > 1 ? [`groups=${layer.groups}`] : []),
        ...(layer.bias === null ? ["bias=false"] : []),
      ];
      return `${layer.kind}(${tuple(k)}, ${cin * layer.groups} => ${out}${act(layer.σ)}; ${options.join(", ")})`;
    }
    case "ConvTranspose": {
      const n = layer.weight.size.length - 2;
      const [out, cin] = layer.weight.size.slice(n) as [number, number];
      return `ConvTranspose(${tuple(layer.weight.size.slice(0, n))}, ${cin} => ${out}${act(layer.σ)}; stride=${tuple(layer.stride)}, pad=${layer.samePad ? "SamePad()" : tuple(layer.pad)})`;
    }
    case "BatchNorm":
      return `BatchNorm(${layer.μ.size[0]}${act(layer.λ)}; eps=${layer.ϵ}f0${layer.β === null ? ", affine=false" : ""})`;
    case "LayerNorm":
      return `LayerNorm(${layer.scale?.size[0] ?? "n"}${act(layer.λ)}; eps=${layer.ϵ}f0${layer.scale === null ? ", affine=false" : ""})`;
    case "MaxPool":
    case "MeanPool":
      return `${layer.kind}(${tuple(layer.k)}; stride=${tuple(layer.stride)}, pad=${layer.samePad ? "SamePad()" : tuple(layer.pad)})`;
    case "Embedding": {
      const [out, inputs] = layer.weight.size;
      return `Embedding(${inputs} => ${out})`;
    }
    case "flatten":
      return "Flux.flatten";
    case "Dropout":
      return "Dropout(0.5)";
    case "GlobalMeanPool":
    case "GlobalMaxPool":
      return `${layer.kind}()`;
    case "reshape":
      return `x -> reshape(x, ${layer.size.join(", ")}, :)`;
    case "function":
      return layer.f;
    case "Chain":
      return `Chain(${layer.layers.map((inner) => showFlux(inner, shared)).join(", ")})`;
    case "Parallel": {
      const connection =
        layer.connection === "catchannels" ? "(a...) -> cat(a...; dims=ndims(a[1])-1)" : layer.connection;
      return `Parallel(${connection}, ${layer.layers.map((inner) => showFlux(inner, shared)).join(", ")})`;
    }
    case "SkipConnection":
      return `SkipConnection(${showFlux(layer.layers, shared)}, +)`;
  }
}

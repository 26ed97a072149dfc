/**
 * The conversion plan of a tfjs model: its variables in the order Flux stores its arrays, each
 * with how it moves. The graph is walked in Flux's order (model-graph.ts), each tensor's layout
 * followed from the inputs (layouts.ts) through every layer's rule (weighted-layers.ts,
 * shape-layers.ts), into nested models as they are applied. Everything is decided here, before
 * any array is touched.
 */
import type { LayersModel, LayerVariable, layers, SymbolicTensor } from "@tensorflow/tfjs";
import { modelVariables, type ModelVariable } from "../model-variables.js";
import { isNestedModel, namedLayers } from "../layers-models.js";
import { needsImageAxes, readFirstBy, readsAsOneD } from "./first-readers.js";
import { FluxConversionError } from "./errors.js";
import { checkActivation } from "./activations.js";
import type { LayerApplication, LayerRule, RoleTransform } from "./layer-application.js";
import { image, natural, type Layout } from "./layouts.js";
import { nodesInFluxOrder, type GraphNode } from "./model-graph.js";
import { LayerOptions, type FluxConversionOptions } from "./options.js";
import { SHAPE_LAYERS } from "./shape-layers.js";
import { fluxSizeOf, sameTransform, type Transform } from "./transforms.js";
import { WEIGHTED_LAYERS } from "./weighted-layers.js";

/** One of the model's variables at its place in Flux's order. */
export interface PlannedVariable {
  readonly layerName: string;
  /** The variable and its index in `fetchWeights` order. */
  readonly target: ModelVariable;
  readonly transform: Transform;
}

/** The tfjs shape of `entry`'s variable. */
export function plannedShape(entry: PlannedVariable): number[] {
  return entry.target.variable.shape as number[];
}

/** The Julia size of the Flux array that `entry`'s variable takes. */
export function plannedFluxSize(entry: PlannedVariable): number[] {
  return fluxSizeOf(entry.transform, plannedShape(entry));
}

/** A layer variable's role in its layer, as the rules name it (`kernel`, `moving_mean`): its name without the layer's. */
export function roleOf(variable: LayerVariable): string {
  return variable.originalName.replace(/^.*\//, "");
}

/** Whether a Flux array of Julia size `size` is the one `entry`'s variable takes. */
export function fitsPlanned(entry: PlannedVariable, size: readonly number[]): boolean {
  const expected = plannedFluxSize(entry);
  return expected.length === size.length && expected.every((extent, axis) => extent === size[axis]);
}

const RULES = new Map<string, LayerRule>([...WEIGHTED_LAYERS, ...SHAPE_LAYERS]);

/** @throws FluxConversionError for whatever the conversion cannot follow, naming the layer. */
export function planConversion(model: LayersModel, options: FluxConversionOptions): PlannedVariable[] {
  return new Planner(model, options).plan();
}

class Planner {
  private readonly targets: Map<LayerVariable, ModelVariable>;
  private readonly planned: PlannedVariable[] = [];
  private readonly plannedVariables = new Set<LayerVariable>();
  /** A layer's transforms at its first application, which any later one must repeat. */
  private readonly firstTransforms = new Map<layers.Layer, readonly RoleTransform[]>();
  private readonly names: string[] = [];
  private readonly options: LayerOptions;

  constructor(
    private readonly model: LayersModel,
    options: FluxConversionOptions,
  ) {
    // First: it refuses what is no LayersModel, whose layers could not be named.
    this.targets = new Map(modelVariables(model).map((target) => [target.variable, target]));
    this.options = new LayerOptions(options, namedLayers(model));
  }

  plan(): PlannedVariable[] {
    const nodes = nodesInFluxOrder(this.model, null);
    this.walk(
      nodes,
      this.model,
      this.model.inputs.map((tensor) => inputLayout(tensor, nodes)),
      "",
    );
    this.options.checkAllUsed(this.names);
    const missed = [...this.targets.values()].find((target) => !this.plannedVariables.has(target.variable));
    if (missed !== undefined) {
      throw new FluxConversionError(
        "order",
        missed.layerName,
        "its weights are not on the way from the model's inputs to its outputs, so Flux's model would not hold them where this one does",
      );
    }
    return this.planned;
  }

  /**
   * Follows `model`'s graph, its `nodes` in Flux's order, from input layouts to output layouts;
   * `prefix` names its layers (`outer/`).
   */
  private walk(nodes: readonly GraphNode[], model: LayersModel, inputs: readonly Layout[], prefix: string): Layout[] {
    const layouts = new Map<SymbolicTensor, Layout>();
    model.inputs.forEach((tensor, k) => layouts.set(tensor, inputs[k]!));
    for (const node of nodes) {
      if (node.layer.getClassName() === "InputLayer") continue; // its tensor is one of the inputs
      const layerName = `${prefix}${node.layer.name}`;
      const inputLayouts = node.inputs.map((tensor) => layouts.get(tensor)!);
      const inner = node.layer as unknown as LayersModel;
      const outputs = isNestedModel(node.layer)
        ? this.walk(nodesInFluxOrder(inner, layerName), inner, inputLayouts, `${layerName}/`)
        : this.apply(node, inputLayouts, layerName, (tensor) => readFirstBy(needsImageAxes, tensor, nodes, prefix));
      node.outputs.forEach((tensor, k) => layouts.set(tensor, outputs[k]!));
    }
    return model.outputs.map((tensor) => layouts.get(tensor)!);
  }

  private apply(
    node: GraphNode,
    inputs: readonly Layout[],
    name: string,
    readFirstAsImage: (tensor: SymbolicTensor) => boolean,
  ): readonly Layout[] {
    const { layer } = node;
    const className = layer.getClassName();
    this.names.push(name);
    const rule = RULES.get(className);
    if (rule === undefined) {
      throw new FluxConversionError(
        "unsupported-layer",
        name,
        `${className} has no known Flux counterpart; docs/flux.md lists the layers the conversion follows`,
      );
    }
    const application: LayerApplication = {
      layer,
      name,
      className,
      config: layer.getConfig() as Record<string, unknown>,
      inputs,
      outputShapes: node.outputs.map((tensor) => tensor.shape.slice(1)),
      options: this.options.of({ name, className, layer }),
      readFirstAsImage: () => readFirstAsImage(node.outputs[0]!),
    };
    const outcome = rule(application);
    checkActivation(application, outcome.outputs[0]!);
    const variables = layer.weights;
    const byRole = new Map(variables.map((variable) => [roleOf(variable), variable]));
    const planned = (outcome.variables ?? []).filter(({ role }) => byRole.has(role));
    if (planned.length !== variables.length) {
      const unknown = variables.find((variable) => !planned.some(({ role }) => byRole.get(role) === variable));
      throw new FluxConversionError(
        "unsupported-layer",
        name,
        `${className} holds a variable "${unknown?.originalName}" that its Flux twin has no array for`,
      );
    }
    // A layer applied twice must move its arrays the same way both times (Flux keeps them once).
    const first = this.firstTransforms.get(layer);
    if (first === undefined) {
      this.firstTransforms.set(layer, planned);
      for (const { role, transform } of planned) this.add(name, byRole.get(role)!, transform);
    } else if (!sameRoleTransforms(first, planned)) {
      throw new FluxConversionError(
        "layout",
        name,
        "the layer is applied to tensors whose values Flux holds in different orders, so no one set of its arrays fits both",
      );
    }
    return outcome.outputs;
  }

  private add(layerName: string, variable: LayerVariable, transform: Transform): void {
    // Functors' fcollect keeps an array once, at its first place.
    if (this.plannedVariables.has(variable)) return;
    const target = this.targets.get(variable);
    if (target === undefined)
      throw new FluxConversionError(
        "order",
        layerName,
        `variable "${variable.originalName}" is not among the model's weights`,
      );
    this.plannedVariables.add(variable);
    this.planned.push({ layerName, target, transform });
  }
}

/**
 * Whether two applications of a layer move its arrays alike. Compared only when a layer is
 * applied again: the positions after a flatten hold a value per input (a million for a 256x256
 * image of 16 channels), which a string of them, made for every layer, took seconds to print.
 */
function sameRoleTransforms(a: readonly RoleTransform[], b: readonly RoleTransform[]): boolean {
  return (
    a.length === b.length &&
    a.every((entry, k) => entry.role === b[k]!.role && sameTransform(entry.transform, b[k]!.transform))
  );
}

/**
 * Where Flux holds a model input's values. Inputs of three or more axes are images ([N, H, W, C]
 * for Flux's WHCN); of two, a 1D image ([N, L, C] for (L, C, N)) when a 1D convolution or pool
 * of the model (its `nodes`) reads them first (a concatenation before it joins them as images), else a sequence in the same memory ((F, T, N) as
 * [N, T, F]); of one, features.
 */
function inputLayout(tensor: SymbolicTensor, nodes: readonly GraphNode[]): Layout {
  const shape = tensor.shape.slice(1);
  if (shape.length >= 3 || (shape.length === 2 && readFirstBy(readsAsOneD, tensor, nodes))) return image(shape);
  return natural(shape);
}

/**
 * The conversion plan of a tfjs model: its variables in the order Flux stores its arrays, each
 * with how it moves. The graph is walked in Flux's order (model-graph.ts), each tensor's layout
 * followed from the inputs (layouts.ts) through every layer's rule (weighted-layers.ts,
 * shape-layers.ts), into nested models as they are applied. Everything is decided here, before
 * any array is touched.
 */
import type { LayersModel, LayerVariable, layers, SymbolicTensor } from "@tensorflow/tfjs";
import { modelVariables, type ModelVariable } from "../model-variables.js";
import { isNestedModel } from "../layers-models.js";
import { FluxConversionError } from "./errors.js";
import { checkActivation } from "./activations.js";
import type { LayerApplication, LayerRule } from "./layer-application.js";
import { image, natural, type Layout } from "./layouts.js";
import { nodesInFluxOrder, type GraphNode } from "./model-graph.js";
import { LayerOptions, type FluxConversionOptions } from "./options.js";
import { keepsLayout, SHAPE_LAYERS } from "./shape-layers.js";
import { fluxSizeOf, type Transform } from "./transforms.js";
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

/** Spatial layers of one dimension: an input of two axes that meets one first is a 1D image (L, C). */
const ONE_D = new Set(["Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling1D"]);

/** @throws FluxConversionError for whatever the conversion cannot follow, naming the layer. */
export function planConversion(model: LayersModel, options: FluxConversionOptions): PlannedVariable[] {
  return new Planner(model, new LayerOptions(options)).plan();
}

class Planner {
  private readonly targets: Map<LayerVariable, ModelVariable>;
  private readonly planned: PlannedVariable[] = [];
  private readonly plannedVariables = new Set<LayerVariable>();
  /** A layer's transforms at its first application, which any later one must repeat. */
  private readonly firstTransforms = new Map<layers.Layer, string>();
  private readonly names: string[] = [];

  constructor(
    private readonly model: LayersModel,
    private readonly options: LayerOptions,
  ) {
    this.targets = new Map(modelVariables(model).map((target) => [target.variable, target]));
  }

  plan(): PlannedVariable[] {
    this.walk(this.model, this.model.inputs.map(inputLayout), "", null);
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

  /** Follows `model`'s graph from input layouts to output layouts; `prefix` names its layers (`outer/`). */
  private walk(model: LayersModel, inputs: readonly Layout[], prefix: string, name: string | null): Layout[] {
    const layouts = new Map<SymbolicTensor, Layout>();
    model.inputs.forEach((tensor, k) => layouts.set(tensor, inputs[k]!));
    for (const node of nodesInFluxOrder(model, name)) {
      if (node.layer.getClassName() === "InputLayer") continue; // its tensor is one of the inputs
      const layerName = `${prefix}${node.layer.name}`;
      const inputLayouts = node.inputs.map((tensor) => layouts.get(tensor)!);
      const outputs = isNestedModel(node.layer)
        ? this.walk(node.layer as unknown as LayersModel, inputLayouts, `${layerName}/`, layerName)
        : this.apply(node, inputLayouts, layerName);
      node.outputs.forEach((tensor, k) => layouts.set(tensor, outputs[k]!));
    }
    return model.outputs.map((tensor) => layouts.get(tensor)!);
  }

  private apply(node: GraphNode, inputs: readonly Layout[], name: string): readonly Layout[] {
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
    const signature = JSON.stringify(planned, (_, value) => (value instanceof Int32Array ? [...value] : value));
    const first = this.firstTransforms.get(layer);
    if (first === undefined) {
      this.firstTransforms.set(layer, signature);
      for (const { role, transform } of planned) this.add(name, byRole.get(role)!, transform);
    } else if (first !== signature) {
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
 * Where Flux holds a model input's values. Inputs of three or more axes are images ([N, H, W, C]
 * for Flux's WHCN); of two, a 1D image ([N, L, C] for (L, C, N)) when a 1D convolution or pool
 * reads them first, else a sequence in the same memory ((F, T, N) as [N, T, F]); of one, features.
 */
function inputLayout(tensor: SymbolicTensor): Layout {
  const shape = tensor.shape.slice(1);
  if (shape.length >= 3 || (shape.length === 2 && readFirstByOneD(tensor))) return image(shape);
  return natural(shape);
}

function readFirstByOneD(tensor: SymbolicTensor): boolean {
  const pending = [tensor];
  const seen = new Set<SymbolicTensor>();
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const node of consumersOf(current)) {
      const layer = node.layer;
      const className = layer.getClassName();
      if (ONE_D.has(className)) return true;
      if (keepsLayout(className)) pending.push(...node.outputs);
      if (isNestedModel(layer)) {
        const inner = (layer as unknown as LayersModel).inputs;
        node.inputs.forEach((input, k) => input === current && pending.push(inner[k]!));
      }
    }
  }
  return false;
}

/** The applications that take `tensor` as an input. */
function consumersOf(tensor: SymbolicTensor): GraphNode[] {
  const layer = tensor.sourceLayer as layers.Layer;
  return layer.outboundNodes
    .map((node) => {
      const tfjs = node as unknown as {
        outboundLayer: layers.Layer;
        inputTensors: SymbolicTensor[];
        outputTensors: SymbolicTensor[];
      };
      return { layer: tfjs.outboundLayer, inputs: tfjs.inputTensors, outputs: tfjs.outputTensors };
    })
    .filter((node) => node.inputs.includes(tensor));
}

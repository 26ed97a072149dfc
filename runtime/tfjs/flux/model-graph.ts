/**
 * A tfjs model's graph in the order Flux stores its arrays. LegolasFlux's `fetch_weights` collects
 * a model's arrays with `Functors.fcollect` (Functors v0.4 src/walks.jl `CollectWalk`): depth
 * first through each struct's fields, so a `Chain` gives its layers in order and a `Parallel` all
 * of its first branch before its second. tfjs lists a functional model's layers by depth instead,
 * interleaving branches, so the order is taken from the graph:
 *
 *  - The graphs Flux's `Chain`, `Parallel` and `SkipConnection` build are exactly the
 *    series-parallel ones, from the inputs to the outputs: a branch forks, runs on its own and
 *    joins its siblings in one merge layer. Any other graph (a branch feeding another) comes from
 *    code no tree of those layers holds, and its order is unknown: refused.
 *  - In such a graph, a depth-first walk back from the outputs, taking each layer's inputs in
 *    order and placing a layer after its inputs, meets the layers as `fcollect` does, provided the
 *    merge layer lists its inputs in the order of the Flux `Parallel`'s branches
 *    (`add([a, b])` for `Parallel(+, a, b)`).
 *
 * tfjs's graph is read through `SymbolicTensor.sourceLayer.inboundNodes[nodeIndex]`, the
 * structure tfjs itself builds models from (tfjs-layers src/engine/topology.ts `Node`).
 */
import type { LayersModel, layers, SymbolicTensor } from "@tensorflow/tfjs";
import { FluxConversionError } from "./errors.js";

/** One application of a layer in a model: its input and output tensors (tfjs's `Node`). */
export interface GraphNode {
  readonly layer: layers.Layer;
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
}

interface TfjsNode {
  readonly outboundLayer: layers.Layer;
  readonly inboundLayers: readonly layers.Layer[];
  readonly inputTensors: readonly SymbolicTensor[];
  readonly outputTensors: readonly SymbolicTensor[];
}

function producerOf(tensor: SymbolicTensor): TfjsNode {
  return (tensor.sourceLayer as layers.Layer).inboundNodes[tensor.nodeIndex] as unknown as TfjsNode;
}

/** A node's inputs; none for an input layer's node, which lists its own tensor as its input. */
function inputsOf(node: TfjsNode): readonly SymbolicTensor[] {
  return node.inboundLayers.length === 0 ? [] : node.inputTensors;
}

/**
 * The layer applications of `model` (its own graph; a nested model is one node) in Flux's order.
 * `name` names the model in messages (`null` for the outermost).
 *
 * @throws FluxConversionError (`order`) when the graph is not series-parallel.
 */
export function nodesInFluxOrder(model: LayersModel, name: string | null): GraphNode[] {
  const order: TfjsNode[] = [];
  const visited = new Set<TfjsNode>();
  // A loop, not recursion: a model may be thousands of layers deep.
  for (const output of model.outputs) {
    const root = producerOf(output);
    if (visited.has(root)) continue;
    visited.add(root);
    const stack = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const input = inputsOf(top.node)[top.next++];
      if (input === undefined) {
        order.push(top.node);
        stack.pop();
        continue;
      }
      const producer = producerOf(input);
      if (visited.has(producer)) continue;
      visited.add(producer);
      stack.push({ node: producer, next: 0 });
    }
  }
  if (!isSeriesParallel(order, model.outputs.map(producerOf))) {
    throw new FluxConversionError(
      "order",
      name,
      `${name === null ? "the model's" : "this model's"} graph is not one Flux's Chain, Parallel and SkipConnection ` +
        `can build (a branch feeds another branch, or joins tensors of different forks), so the order in which ` +
        `Flux stores its arrays cannot be known`,
    );
  }
  return order.map((node) => ({ layer: node.outboundLayer, inputs: inputsOf(node), outputs: node.outputTensors }));
}

/**
 * Whether the graph, between one source feeding every input and one sink fed by every output, is
 * two-terminal series-parallel: series reductions (a node with one edge in and one out becomes an
 * edge) and parallel ones (edges between the same two nodes become one; here the edge sets do it)
 * leave a single edge exactly when it is (Valdes, Tarjan and Lawler 1982).
 */
function isSeriesParallel(nodes: readonly TfjsNode[], outputs: readonly TfjsNode[]): boolean {
  const source = {};
  const sink = {};
  const into = new Map<object, Set<object>>([[sink, new Set()]]);
  const out = new Map<object, Set<object>>([[source, new Set()]]);
  for (const node of nodes) {
    into.set(node, new Set());
    out.set(node, new Set());
  }
  const link = (from: object, to: object): void => {
    out.get(from)!.add(to);
    into.get(to)!.add(from);
  };
  for (const node of nodes) {
    const inputs = inputsOf(node);
    if (inputs.length === 0) link(source, node);
    for (const input of inputs) link(producerOf(input), node);
  }
  for (const node of outputs) link(node, sink);

  const pending: object[] = [...nodes];
  let remaining = nodes.length;
  while (pending.length > 0) {
    const node = pending.pop()!;
    const before = into.get(node);
    const after = out.get(node);
    if (before === undefined || after === undefined || before.size !== 1 || after.size !== 1) continue;
    const [from] = before as Set<object>;
    const [to] = after as Set<object>;
    out.get(from!)!.delete(node);
    into.get(to!)!.delete(node);
    into.delete(node);
    out.delete(node);
    remaining--;
    link(from!, to!);
    pending.push(from!, to!);
  }
  return remaining === 0 && out.get(source)!.size === 1 && out.get(source)!.has(sink);
}

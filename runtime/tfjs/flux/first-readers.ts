/**
 * What reads a tensor first settles where Flux holds values that the tfjs model alone leaves
 * open: a model input of two axes is a 1D image `(L, C)` or a sequence `(F, T)`, and a Reshape's
 * output of one channel is Flux's `reshape(x, W, H, 1, :)` image or the array `(1, W, H)`. The
 * memory is the same either way (for the input, the twin's input tensor is built to match), but
 * the layers after it read other axes of it: a BatchNorm or a concatenation an image's, a Dense
 * the array's.
 */
import type { LayersModel, SymbolicTensor } from "@tensorflow/tfjs";
import { isNestedModel } from "../layers-models.js";
import { nodesInFluxOrder, type GraphNode } from "./model-graph.js";
import { keepsLayout } from "./shape-layers.js";

/** Spatial layers of one dimension: an input of two axes that meets one first is a 1D image (L, C). */
const ONE_D: ReadonlySet<string> = new Set([
  "Conv1D",
  "MaxPooling1D",
  "AveragePooling1D",
  "GlobalAveragePooling1D",
  "GlobalMaxPooling1D",
]);

/** The convolutions and pools, which read an image's memory. */
const WINDOWS: ReadonlySet<string> = new Set([
  ...ONE_D,
  "Conv2D",
  "Conv3D",
  "DepthwiseConv2D",
  "SeparableConv2D",
  "Conv2DTranspose",
  "Conv3DTranspose",
  "MaxPooling2D",
  "MaxPooling3D",
  "AveragePooling2D",
  "AveragePooling3D",
  "GlobalAveragePooling2D",
  "GlobalMaxPooling2D",
]);

/**
 * Whether a layer of `className` reading the tensor decides it, `joined` when a Concatenate lies
 * between them.
 */
export type Reader = (className: string, joined: boolean) => boolean;

/** An input of two axes is a 1D image where a 1D convolution or pool reads it first. */
export const readsAsOneD: Reader = (className) => ONE_D.has(className);

/**
 * A tensor of one channel must be the image, not the array of its sizes reversed, where a
 * BatchNormalization reads it (Flux's normalises an image's channel, the array's last axis) or a
 * convolution or a pool reads it after a Concatenate (Flux's `cat` joins along the image's axes).
 * A convolution or a pool alone reads the memory, the same either way, and leaves the tensor to
 * the layers that read the array's axes (a Dense after a Reshape to `[L, 1]` is `Dense(1 => k)`).
 */
export const needsImageAxes: Reader = (className, joined) =>
  className === "BatchNormalization" || (joined && WINDOWS.has(className));

/**
 * Whether a layer that `reads` decides `tensor` reads it first, through layers that keep its
 * layout (shape-layers.ts `keepsLayout`), `nodes` being the graph it is in and `prefix` its
 * layers' names there (`outer/`), for a refusal of a nested model's graph. Only the applications
 * in the model's own graph count: a tensor's `outboundNodes` also hold those of every other model
 * built on it (a second head on the same `tf.input`), which would make this model's input an
 * image or not by what another model does with it.
 */
export function readFirstBy(reads: Reader, tensor: SymbolicTensor, nodes: readonly GraphNode[], prefix = ""): boolean {
  const pending = [{ tensor, nodes, prefix, joined: false }];
  // Each tensor once, or twice when met again past a Concatenate, where more layers decide.
  const seen = new Map<SymbolicTensor, boolean>();
  while (pending.length > 0) {
    const { tensor: current, nodes: graph, prefix: names, joined } = pending.pop()!;
    if (seen.get(current) === true || seen.get(current) === joined) continue;
    seen.set(current, joined);
    for (const node of graph.filter((candidate) => candidate.inputs.includes(current))) {
      const className = node.layer.getClassName();
      if (reads(className, joined)) return true;
      const after = joined || className === "Concatenate";
      if (keepsLayout(className))
        pending.push(...node.outputs.map((output) => ({ tensor: output, nodes: graph, prefix: names, joined: after })));
      if (isNestedModel(node.layer)) {
        const inner = node.layer as unknown as LayersModel;
        const name = `${names}${node.layer.name}`;
        const innerNodes = nodesInFluxOrder(inner, name);
        node.inputs.forEach(
          (input, k) =>
            input === current &&
            pending.push({ tensor: inner.inputs[k]!, nodes: innerNodes, prefix: `${name}/`, joined }),
        );
      }
    }
  }
  return false;
}

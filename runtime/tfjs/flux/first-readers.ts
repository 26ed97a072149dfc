/**
 * What reads a tensor first settles where Flux holds values that the tfjs model alone leaves
 * open: a model input of two axes is a 1D image `(L, C)` or a sequence `(F, T)`, and a Reshape's
 * output of one channel is Flux's `reshape(x, W, H, 1, :)` image or the array `(1, W, H)`. The
 * memory is the same either way (for the input, the twin's input tensor is built to match), but
 * the layers after it read other axes of it: a convolution, a pool or a BatchNorm an image's.
 */
import type { LayersModel, SymbolicTensor } from "@tensorflow/tfjs";
import { isNestedModel } from "../layers-models.js";
import { nodesInFluxOrder, type GraphNode } from "./model-graph.js";
import { keepsLayout } from "./shape-layers.js";

/** Spatial layers of one dimension: an input of two axes that meets one first is a 1D image (L, C). */
export const ONE_D: ReadonlySet<string> = new Set([
  "Conv1D",
  "MaxPooling1D",
  "AveragePooling1D",
  "GlobalAveragePooling1D",
  "GlobalMaxPooling1D",
]);

/**
 * The layers that read an image's axes where the same memory could be another array: a
 * BatchNormalization (Flux's BatchNorm normalises an image's channels, `(1, W, H)`'s third axis),
 * and the convolutions and pools, whose output an image of the concatenation before them must
 * match.
 */
export const IMAGE_READERS: ReadonlySet<string> = new Set([
  ...ONE_D,
  "BatchNormalization",
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
 * Whether a layer of one of the `readers` classes reads `tensor` first, through layers that keep
 * its layout (shape-layers.ts `keepsLayout`), `nodes` being the graph it is in and `prefix` its
 * layers' names there (`outer/`), for a refusal of a nested model's graph. Only the applications
 * in the model's own graph count: a tensor's `outboundNodes` also hold those of every other model
 * built on it (a second head on the same `tf.input`), which would make this model's input an
 * image or not by what another model does with it.
 */
export function readFirstBy(
  readers: ReadonlySet<string>,
  tensor: SymbolicTensor,
  nodes: readonly GraphNode[],
  prefix = "",
): boolean {
  const pending = [{ tensor, nodes, prefix }];
  const seen = new Set<SymbolicTensor>();
  while (pending.length > 0) {
    const { tensor: current, nodes: graph, prefix: names } = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const node of graph.filter((candidate) => candidate.inputs.includes(current))) {
      const className = node.layer.getClassName();
      if (readers.has(className)) return true;
      if (keepsLayout(className))
        pending.push(...node.outputs.map((output) => ({ tensor: output, nodes: graph, prefix: names })));
      if (isNestedModel(node.layer)) {
        const inner = node.layer as unknown as LayersModel;
        const name = `${names}${node.layer.name}`;
        const innerNodes = nodesInFluxOrder(inner, name);
        node.inputs.forEach(
          (input, k) =>
            input === current && pending.push({ tensor: inner.inputs[k]!, nodes: innerNodes, prefix: `${name}/` }),
        );
      }
    }
  }
  return false;
}

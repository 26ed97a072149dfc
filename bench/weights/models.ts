/**
 * The models and the two baselines of the weights benchmark: Dense stacks of 1000 units (one
 * layer ~1M float32 parameters), tfjs's own format (model.json with the weight manifest plus one
 * weights.bin, via `tf.io.withSaveHandler` and `fs`; read back with `tf.io.fromMemory`,
 * `decodeWeights` and `model.loadWeights`), and plain `fs` on the same number of bytes.
 */
import * as tf from "@tensorflow/tfjs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const WIDTH = 1000;

/** `layers` Dense(1000) layers on a 1000-wide input: `layers` x 1,001,000 float32 parameters. */
export function denseStack(layers: number, width = WIDTH): tf.Sequential {
  const stack = [tf.layers.dense({ inputShape: [width], units: width })];
  for (let k = 1; k < layers; k++) stack.push(tf.layers.dense({ units: width }));
  return tf.sequential({ layers: stack });
}

export async function useCpu(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
}

/** tfjs's own format: `dir/model.json` (topology + weightsManifest) and `dir/weights.bin`. */
export async function tfjsSave(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const manifest = [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }];
      await writeFile(
        join(dir, "model.json"),
        JSON.stringify({ modelTopology: artifacts.modelTopology, weightsManifest: manifest }),
      );
      const parts = Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData!];
      await writeFile(
        join(dir, "weights.bin"),
        parts.map((part) => new Uint8Array(part)),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
}

/** Reads `dir` back into `model` (which has the saved names): fromMemory, decodeWeights, loadWeights. */
export async function tfjsLoad(model: tf.LayersModel, dir: string): Promise<void> {
  const json = JSON.parse(await readFile(join(dir, "model.json"), "utf8")) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const bin = await readFile(join(dir, "weights.bin"));
  const handler = tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0]!.weights,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  });
  const artifacts = await handler.load!();
  const named = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  model.loadWeights(named);
  tf.dispose(Object.values(named));
}

/**
 * One load of the weights benchmark in a process of its own, for its peak RSS (bench/memory.ts):
 * `node --expose-gc dist/bench/weights/child.js <task> <path> <layers> <width>`. The model is built
 * first and the peak reset after it, so the figure is what the load itself adds.
 * Tasks: load-ours (readModelRow + loadWeights), load-ours-share (`{ copy: false }`), load-tfjs
 * (`path` is the folder of model.json), load-fs (readFile of `path`), load-model-row (`loadModelRow`).
 */
import * as tf from "@tensorflow/tfjs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadModelRow, loadWeights } from "legolas-ts/tfjs";
import { readModelRow } from "legolas-ts";
import { measureStep } from "../memory.js";
import { denseStack, tfjsLoad, useCpu } from "./models.js";

const [task, path, layersArg, widthArg] = process.argv.slice(2);
if (path === undefined) throw new Error("usage: child.js <task> <path> <layers> <width>");
await useCpu();
// tfjs loads by name, and automatic names differ between processes (dense_Dense51 in the parent
// is dense_Dense1 here): its model is built from the saved topology, as tfjs users do.
const model =
  task === "load-tfjs"
    ? await tf.models.modelFromJSON(
        (
          JSON.parse(await readFile(join(path, "model.json"), "utf8")) as {
            modelTopology: tf.io.ModelJSON["modelTopology"];
          }
        ).modelTopology as never,
      )
    : denseStack(Number(layersArg), Number(widthArg ?? 1000));
switch (task) {
  case "load-ours":
  case "load-ours-share":
    await measureStep(async () =>
      loadWeights(model, (await readModelRow(path)).weights!, { copy: task === "load-ours" }),
    );
    break;
  case "load-model-row":
    await measureStep(async () => void (await loadModelRow(model, path)));
    break;
  case "load-tfjs":
    await measureStep(() => tfjsLoad(model, path));
    break;
  case "load-fs":
    await measureStep(async () => (await readFile(path)).byteLength);
    break;
  default:
    throw new Error(`unknown task ${task}`);
}

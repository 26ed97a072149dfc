/**
 * Item 5 of issue 5: saving and loading models of 1M, 10M and 50M float32 parameters (Dense
 * stacks, CPU backend) as model rows (`fetchWeights` + `writeModelRow`, `readModelRow` +
 * `loadWeights` with and without its copy), against tfjs's own format and against `fs` alone on
 * the same bytes (the limit). Also the in-memory steps on 10M parameters: `fetchWeights`
 * against `getWeights()` + `dataSync()` copies,
 * `loadWeights` against `setWeights`. Peak RSS of each load at the largest size from child
 * processes (bench/weights/child.ts). Reads after writes come from the page cache, for all sides.
 */
import * as tf from "@tensorflow/tfjs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchWeights, loadModelRow, loadWeights } from "legolas-ts/tfjs";
import { readModelRow, writeModelRow } from "legolas-ts";
import {
  childMemory,
  compareThroughput,
  compareTime,
  figure,
  repositoryRoot,
  runChild,
  type BenchModule,
  type Side,
} from "./harness.js";
import { denseStack, tfjsLoad, tfjsSave, useCpu } from "./weights/models.js";

const CHILD = "dist/bench/weights/child.js";

export const weightsBench: BenchModule = {
  name: "weights",
  async run(options, report) {
    await useCpu();
    const root = repositoryRoot();
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-weights-"));
    // Layers of 1000x1000 (+ bias): 1, 10 and 50 of them. Quick: models of 2 small layers.
    const sizes = options.quick ? [{ layers: 2, width: 40 }] : [1, 10, 50].map((layers) => ({ layers, width: 1000 }));
    const side = (label: string, measurement: Side["measurement"]): Side => ({ label, measurement });
    try {
      for (const { layers, width } of sizes) {
        const model = denseStack(layers, width);
        const params = model.countParams();
        const name = params >= 1e6 ? `${Math.round(params / 1e6)}M params` : `${params} params`;
        const row = join(work, `model-${layers}.arrow`);
        const dir = join(work, `tfjs-${layers}`);
        const raw = join(work, `raw-${layers}.bin`);
        await mkdir(dir, { recursive: true });
        const bytes = new Uint8Array(params * 4).fill(1);
        const rounds = { ...options, rounds: options.quick ? 1 : layers >= 50 ? 3 : 5 };
        const save = () => writeModelRow(row, { weights: fetchWeights(model), architecture_version: 1n });

        let [a, b] = await compareTime(save, () => tfjsSave(model, dir), rounds);
        report(
          figure(
            "5",
            `save ${name}: fetchWeights + writeModelRow`,
            side("legolas-ts", a),
            side("tfjs withSaveHandler + fs", b),
            { text: "<= tfjs", maxRatio: 1 },
          ),
        );
        [a, b] = await compareTime(save, () => writeFile(raw, bytes), rounds);
        report(
          figure(
            "5",
            `save ${name}: fetchWeights + writeModelRow`,
            side("legolas-ts", a),
            side("fs.writeFile (limit)", b),
          ),
        );

        const load = (copy: boolean) => async () => loadWeights(model, (await readModelRow(row)).weights!, { copy });
        for (const copy of [true, false]) {
          const what = `load ${name}: readModelRow + loadWeights${copy ? "" : " {copy:false}"}`;
          [a, b] = await compareTime(load(copy), () => tfjsLoad(model, dir), rounds);
          report(
            figure("5", what, side("legolas-ts", a), side("tfjs fromMemory + loadWeights", b), {
              text: "<= tfjs",
              maxRatio: 1,
            }),
          );
          [a, b] = await compareTime(load(copy), async () => void (await readFile(raw)), rounds);
          report(
            figure("5", what, side("legolas-ts", a), side("fs.readFile (limit)", b), {
              text: "<= 1.2x limit",
              maxRatio: 1.2,
            }),
          );
        }
        // The one-call load (issue 14): it owns the bytes it reads, so tfjs gets them without a copy.
        [a, b] = await compareTime(
          async () => void (await loadModelRow(model, row)),
          async () => void (await readFile(raw)),
          rounds,
        );
        report(
          figure("5", `load ${name}: loadModelRow`, side("legolas-ts", a), side("fs.readFile (limit)", b), {
            text: "<= 1.3x limit",
            maxRatio: 1.3,
          }),
        );

        if (layers === 10 || options.quick) {
          // In memory, no files.
          const weights = fetchWeights(model);
          const tensors = weights.arrays.map((array) => tf.tensor(array.vec, array.shape));
          const fast = { ...options, roundMs: options.quick ? options.roundMs : 300 };
          [a, b] = compareThroughput(
            (n) => {
              for (let i = 0; i < n - 1; i++) fetchWeights(model);
              return fetchWeights(model);
            },
            (n) => {
              let last;
              for (let i = 0; i < n; i++) last = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
              return last;
            },
            fast,
          );
          report(
            figure(
              "5",
              `fetchWeights ${name} (in memory)`,
              side("legolas-ts", a),
              side("getWeights + dataSync().slice()", b),
            ),
          );
          for (const copy of [true, false]) {
            [a, b] = compareThroughput(
              (n) => {
                for (let i = 0; i < n; i++) loadWeights(model, weights, { copy });
                return n;
              },
              (n) => {
                for (let i = 0; i < n; i++) model.setWeights(tensors);
                return n;
              },
              fast,
            );
            report(
              figure(
                "5",
                `loadWeights${copy ? "" : " {copy:false}"} ${name} (in memory)`,
                side("legolas-ts", a),
                side("tfjs setWeights (no copy)", b),
              ),
            );
          }
          tf.dispose(tensors);
        }

        if (layers === sizes.at(-1)!.layers && width === sizes.at(-1)!.width) {
          const child = (task: string, path: string) =>
            runChild<{ ms: number; peakMb: number; startMb: number }>(
              join(root, CHILD),
              [task, path, layers, width],
              root,
              ["--expose-gc"],
            );
          {
            const limit = await child("load-fs", raw);
            const sizeMb = (params * 4) / 2 ** 20;
            const target = { text: `<= weights (${sizeMb.toFixed(0)} MB) + 32 MB`, maxMb: sizeMb + 32 };
            for (const [task, label] of [
              ["load-ours-share", "readModelRow + loadWeights {copy:false}"],
              ["load-ours", "readModelRow + loadWeights (copy)"],
              ["load-model-row", "loadModelRow"],
            ] as const) {
              const m = await child(task, row);
              report(
                figure(
                  "5",
                  `peak RSS added by load ${name}: ${label}`,
                  side("legolas-ts", childMemory([{ peakMb: m.peakMb - m.startMb }])),
                  side("fs.readFile (limit)", childMemory([{ peakMb: limit.peakMb - limit.startMb }])),
                  task === "load-model-row" ? { text: "<= 1.1x the file's", maxRatio: 1.1 } : target,
                ),
              );
            }
            const t = await child("load-tfjs", dir);
            report(
              figure(
                "5",
                `peak RSS added by load ${name}: tfjs fromMemory + loadWeights`,
                side("tfjs", childMemory([{ peakMb: t.peakMb - t.startMb }])),
                side("fs.readFile (limit)", childMemory([{ peakMb: limit.peakMb - limit.startMb }])),
              ),
            );
          }
        }
        model.dispose();
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

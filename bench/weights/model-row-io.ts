/**
 * Issue 24's model-row figures: saving 10M parameters (`fetchWeights`, with and without its copy,
 * + `writeModelRow`, written atomically and fsynced) against `dataSync` + write + fsync of the
 * same values, and `loadModelRow` of one 40 MB array and of 20 arrays of 4 MB against
 * `readFileSync` of the file, and against an asynchronous read of it with nothing added.
 * `npm run bench -- --only=model-row-io` runs these alone (a minute, against the quarter of an
 * hour of the rest of issue 24's figures in bench/real-schema.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchWeights, loadModelRow } from "legolas-ts/tfjs";
import { writeModelRow } from "legolas-ts";
import { compareTime, figure, type BenchModule, type Side } from "../harness.js";
import { denseStack, useCpu } from "./models.js";

const side = (label: string, measurement: Side["measurement"]): Side => ({ label, measurement });

export const modelRowIoBench: BenchModule = {
  name: "model-row-io",
  async run(options, report) {
    await useCpu();
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-model-row-"));
    const path = join(work, "model.arrow");
    const raw = join(work, "raw.bin");
    const rounds = { ...options, rounds: options.quick ? 1 : 9 };
    try {
      // Save: 10 Dense(1000) layers, 10M parameters.
      const stack = denseStack(10, options.quick ? 40 : 1000);
      for (const copy of [false, true]) {
        const [a, b] = await compareTime(
          () => saveModelRow(path, stack, copy),
          () => rawWeightsWrite(raw, stack),
          rounds,
        );
        report(
          figure(
            "24",
            `save ${(stack.countParams() / 1e6).toFixed(1)}M params: fetchWeights${copy ? "" : " { copy: false }"} + writeModelRow`,
            side("legolas-ts", a),
            side("dataSync + write + fsync", b),
            copy ? undefined : { text: "<= 1.3x", maxRatio: 1.3 },
          ),
        );
      }

      // Load: one 10000x1000 Dense kernel (40 MB), and the same parameters in 20 arrays.
      const models = [
        {
          name: "one 40 MB array",
          model: tf.sequential({
            layers: [tf.layers.dense({ inputShape: [options.quick ? 100 : 10_000], units: options.quick ? 10 : 1000 })],
          }),
        },
        { name: "20 arrays of 4 MB", model: stack },
      ];
      for (const { name, model } of models) {
        await saveModelRow(path, model, true);
        const [ours, base] = await compareTime(
          async () => void (await loadModelRow(model, path)),
          () => void readFileSync(path).byteLength,
          rounds,
        );
        report(
          figure("24", `loadModelRow, ${name}`, side("loadModelRow", ours), side("readFileSync", base), {
            text: "<= 1.3x",
            maxRatio: 1.3,
          }),
        );
        // No target: the floor of an asynchronous load, the file's bytes and nothing else, read
        // as loadModelRow reads them (one read of the whole file on the thread pool).
        const [again, floor] = await compareTime(
          async () => void (await loadModelRow(model, path)),
          () => wholeFileAsync(path),
          rounds,
        );
        report(
          figure("24", `loadModelRow, ${name}`, side("loadModelRow", again), side("FileHandle.read, whole", floor)),
        );
        model.dispose();
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

/** A user's save: the model's weights, copied or not, as a `legolas-flux.model@1` row at `path`. */
export function saveModelRow(path: string, model: tf.LayersModel, copy: boolean): Promise<void> {
  return writeModelRow(path, { weights: fetchWeights(model, { copy }), architecture_version: 1n });
}

/** The file's bytes by one `FileHandle.read` after `open` and `stat`: an asynchronous read with nothing added. */
async function wholeFileAsync(path: string): Promise<void> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    await file.read(new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size), 0, size, 0);
  } finally {
    await file.close();
  }
}

/** Every variable's values as tfjs hands them (`dataSync`), written to a file and fsynced. */
export function rawWeightsWrite(path: string, model: tf.LayersModel): void {
  const fd = openSync(path, "w");
  try {
    for (const weight of model.weights) {
      const values = weight.read().dataSync() as Float32Array;
      writeSync(fd, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

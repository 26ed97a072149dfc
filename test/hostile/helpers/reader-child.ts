/**
 * A child process that runs each of legolas-ts's file readers on each path and reports, through
 * the IPC channel, how each ended: `{ path, reader, outcome: "read" }` or `{ path, reader,
 * outcome: "error", name, code }`. The parent (helpers/child-readers.ts) kills it at a deadline, so a reader that
 * hangs or grows without bound fails the test instead of stalling the suite.
 *
 *   node reader-child.mjs <reader>,<reader>... <path>...
 */
import * as tf from "@tensorflow/tfjs";
import { readModelRow, readTable, readTableBatches } from "../../../runtime/index.js";
import { legolasModelRow, loadModelRow } from "../../../runtime/tfjs/index.js";
import { main } from "../../../generator/cli/main.js";

const model = (): tf.LayersModel => tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });

/** The CLI in this process: its exit code is the outcome (2: refused as unreadable). */
async function cli(...argv: string[]): Promise<void> {
  process.exitCode = 0;
  await main(argv);
  const code = Number(process.exitCode);
  process.exitCode = 0;
  if (code !== 0) throw Object.assign(new Error(`exit ${code}`), { name: "CliExit", code: `exit ${code}` });
}

export const READERS: Record<string, (path: string) => Promise<unknown>> = {
  readTable: (path) => readTable(path),
  readTableBatches: async (path) => {
    for await (const batch of readTableBatches(path)) void batch;
  },
  readModelRow: (path) => readModelRow(path),
  loadModelRow: (path) => loadModelRow(model(), path),
  ioHandler: (path) => tf.loadLayersModel(legolasModelRow(path, { model: model() })),
  "legolas inspect": (path) => cli("inspect", path),
  "legolas validate": (path) => cli("validate", path),
};

const [readers, ...paths] = process.argv.slice(2);
for (const path of paths) {
  for (const reader of readers!.split(",")) {
    try {
      await READERS[reader]!(path);
      process.send!({ path, reader, outcome: "read" });
    } catch (error) {
      const { name, code } = error as { name?: unknown; code?: unknown };
      process.send!({ path, reader, outcome: "error", name: String(name), code: String(code) });
    }
  }
}
process.disconnect?.();

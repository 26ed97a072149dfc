/**
 * Saves of a 10M-parameter model in a process of its own, for what the wall clock of a shared
 * machine hides: `/usr/bin/time -v node dist/bench/weights/save-once.js <side> [saves]` gives
 * the process's CPU time and page faults, and this prints the same for the saves alone (the
 * model is built first, its random initialisation being most of the process's CPU). Sides:
 * `ours` (`fetchWeights(model, { copy: false })` + `writeModelRow`), `copy` (with the copy),
 * `raw` (`dataSync` + write + fsync), `none` (the model only, to subtract).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rawWeightsWrite, saveModelRow } from "./model-row-io.js";
import { denseStack, useCpu } from "./models.js";

const [side = "ours", savesArg = "10"] = process.argv.slice(2);
const saves = Number(savesArg);
const sides: Record<string, ((path: string) => Promise<void> | void) | undefined> = {
  ours: (path) => saveModelRow(path, model, false),
  copy: (path) => saveModelRow(path, model, true),
  raw: (path) => rawWeightsWrite(path, model),
  none: () => undefined,
};
const save = sides[side];
if (save === undefined || !(saves >= 1)) throw new Error("usage: save-once.js <ours|copy|raw|none> [saves]");

await useCpu();
const model = denseStack(10);
const folder = mkdtempSync(join(tmpdir(), "legolas-save-once-"));
try {
  const path = join(folder, "model.arrow");
  const before = process.resourceUsage();
  const start = performance.now();
  for (let k = 0; k < saves; k++) await save(path);
  const ms = performance.now() - start;
  const after = process.resourceUsage();
  const per = (value: number) => (value / saves).toFixed(1);
  console.log(
    `${side}: ${saves} saves, per save: wall ${per(ms)} ms, user ${per((after.userCPUTime - before.userCPUTime) / 1e3)} ms, ` +
      `system ${per((after.systemCPUTime - before.systemCPUTime) / 1e3)} ms, ` +
      `minor faults ${per(after.minorPageFault - before.minorPageFault)}, ` +
      `voluntary switches ${per(after.voluntaryContextSwitches - before.voluntaryContextSwitches)}`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}

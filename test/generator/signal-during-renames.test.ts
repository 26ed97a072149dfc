/**
 * A signal that would end `legolas generate` during its renames (Ctrl-C's SIGINT, SIGTERM) is
 * held until the set is renamed (runtime/temporary-files.ts, `holdingSignals`): the run then ends
 * by it, with the output folder wholly new, its lock and temporary files gone. A second signal
 * meanwhile ends it at once, each module whole; a rename that fails meanwhile is reported on
 * stderr before the signal ends the run; a program with a SIGINT listener of its own (`--watch`)
 * decides for itself.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bundleChild } from "../helpers/bundled-child.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-renames-signal-"));
const child = join(folder, "child-renames.mjs");
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(() => bundleChild("test/generator/helpers/child-renames.ts", child, { fromSources: true }));

let runs = 0;

/**
 * Runs the child in a new output folder; at each line of `signals` it prints, sends that signal
 * (then creates the folder's go file). What ended the child, what it said, and which generation
 * each module is of.
 */
async function run(signals: Record<string, NodeJS.Signals>, mode = "") {
  const out = join(folder, `out-${++runs}`);
  mkdirSync(out);
  const process_ = spawn(process.execPath, [child, out, mode], { stdio: ["ignore", "pipe", "pipe"] });
  const said: string[] = [];
  let stderr = "";
  process_.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  process_.stdout.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      said.push(line);
      const signal = signals[line];
      if (signal === undefined) continue;
      process_.kill(signal);
      writeFileSync(`${out}.go`, "");
    }
  });
  const ended = await new Promise<NodeJS.Signals | number | null>((resolve) =>
    process_.on("exit", (code, signal) => resolve(signal ?? code)),
  );
  const modules = readdirSync(out)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => readFileSync(join(out, name), "utf8").match(/= (\d+);/)![1]);
  const others = readdirSync(out).filter((name) => !name.endsWith(".ts"));
  return { ended, said, stderr, generations: [...new Set(modules)].sort(), count: modules.length, others };
}

test.each(["SIGINT", "SIGTERM"] as const)(
  "%s during the renames: the run renames every module, then ends by the signal, its lock gone",
  async (signal) => {
    const { ended, said, generations, count, others } = await run({ renaming: signal });
    expect({ ended, generations, count, others }).toEqual({ ended: signal, generations: ["2"], count: 12, others: [] });
    expect(said).not.toContain("wrote");
  },
);

test.each(["exit-first", "other-copy"])(
  "signal-exit listening before the first temporary file (%s): a SIGINT during the renames still waits for the last",
  async (mode) => {
    const { ended, generations, count, others } = await run({ renaming: "SIGINT" }, mode);
    expect({ ended, generations, count, others }).toEqual({
      ended: "SIGINT",
      generations: ["2"],
      count: 12,
      others: [],
    });
  },
);

test("a second Ctrl-C during the renames ends the run at once: each module whole, some new, no lock or temporary file left", async () => {
  const { ended, generations, count, others } = await run({ renaming: "SIGINT", "renaming again": "SIGINT" }, "twice");
  expect({ ended, generations, count, others }).toEqual({
    ended: "SIGINT",
    generations: ["1", "2"],
    count: 12,
    others: [],
  });
});

test("a rename that fails after a Ctrl-C came: the failure is reported on stderr, then the run ends by the signal, the old modules back", async () => {
  const { ended, said, stderr, generations, count, others } = await run({ renaming: "SIGINT" }, "failing");
  expect({ ended, said, generations, count, others }).toEqual({
    ended: "SIGINT",
    said: ["renaming"],
    generations: ["1"],
    count: 12,
    others: [],
  });
  expect(stderr).toMatch(
    /^legolas-ts: cannot replace \S+\/m\d+\.ts \(EACCES\): permission denied; .*\nlegolas-ts: SIGINT came during these renames and ends the process now, after the failure above\n$/,
  );
});

test("a program that listens for SIGINT itself (--watch) is left to decide: it hears it, and the write goes on", async () => {
  const { ended, said, generations, others } = await run({ renaming: "SIGINT" }, "listening");
  expect({ ended, said, generations, others }).toEqual({
    ended: 0,
    said: ["renaming", "heard SIGINT", "wrote"],
    generations: ["2"],
    others: [],
  });
});

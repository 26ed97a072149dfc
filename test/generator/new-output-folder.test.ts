/**
 * A run that creates its output folder and ends before its files are in (a failure, Ctrl-C's
 * SIGINT, SIGTERM) leaves no empty folder behind (runtime/create-folder.ts, `fillNewFolder`):
 * nothing it created stays, and a folder that was there before is left as it was.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { fillNewFolder } from "../../runtime/create-folder.js";
import { bundleChild } from "../helpers/bundled-child.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-new-folder-"));
const child = join(folder, "child-new-folder.mjs");
const BIN = fileURLToPath(new URL("../../generator/bin/legolas.js", import.meta.url));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(() => bundleChild("test/generator/helpers/child-new-folder.ts", child, { fromSources: true }));

let runs = 0;
const fresh = () => join(folder, `case-${++runs}`);

/** How a child process ended: its signal, else its exit code. */
function ended(process_: ReturnType<typeof spawn>): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve) => process_.on("exit", (code, signal) => resolve(signal ?? code)));
}

test("a fill that fails removes the folders it created, not the one above them that was there", async () => {
  const root = fresh();
  mkdirSync(root);
  const failure = new Error("disk full");
  await expect(fillNewFolder(join(root, "a", "b"), () => Promise.reject(failure))).rejects.toBe(failure);
  expect(readdirSync(root)).toEqual([]);
});

test("a fill that fails leaves a folder that was there as it was, empty or not", async () => {
  const root = fresh();
  mkdirSync(join(root, "empty"), { recursive: true });
  writeFileSync(join(root, "notes.txt"), "mine\n");
  const failing = () => Promise.reject(new Error("disk full"));
  await expect(fillNewFolder(root, failing)).rejects.toThrow("disk full");
  await expect(fillNewFolder(join(root, "empty"), failing)).rejects.toThrow("disk full");
  expect(readdirSync(root).sort()).toEqual(["empty", "notes.txt"]);
});

test("a fill that succeeds keeps the folders it created, even empty", async () => {
  const out = join(fresh(), "out");
  await expect(fillNewFolder(out, async () => "done")).resolves.toBe("done");
  expect(readdirSync(out)).toEqual([]);
});

test("a new folder removed by the run that created it before a second run writes into it: the second creates it again", async () => {
  const out = join(fresh(), "new", "out");
  let firstFilling!: () => void;
  const firstCreated = new Promise<void>((resolve) => (firstFilling = resolve));
  let stopFirst!: (error: Error) => void;
  const first = fillNewFolder(out, () => {
    firstFilling();
    return new Promise<never>((_, reject) => (stopFirst = reject));
  });
  await firstCreated;
  const firstEnded = first.catch(() => undefined);
  let fills = 0;
  // The second finds the folder there; the first ends and removes it before the second's write.
  const second = fillNewFolder(out, async () => {
    fills++;
    stopFirst(new Error("stopped"));
    await firstEnded;
    writeFileSync(join(out, "written.txt"), "second\n");
    return "written";
  });
  await expect(first).rejects.toThrow("stopped");
  await expect(second).resolves.toBe("written");
  expect(fills).toBe(2);
  expect(readdirSync(out)).toEqual(["written.txt"]);
});

test("a fill whose folder vanishes each time it runs fails after its second run, leaving no folder", async () => {
  const root = fresh();
  mkdirSync(root);
  const out = join(root, "out");
  let fills = 0;
  const vanishing = async () => {
    fills++;
    rmSync(out, { recursive: true });
    writeFileSync(join(out, "written.txt"), "lost\n");
  };
  await expect(fillNewFolder(out, vanishing)).rejects.toThrow("ENOENT");
  expect(fills).toBe(2);
  expect(readdirSync(root)).toEqual([]);
});

test.each(["SIGINT", "SIGTERM"] as const)(
  "%s while a new folder is filled ends the process by it and removes the folders it created; a folder with a file written stays",
  async (signal) => {
    const root = fresh();
    mkdirSync(root);
    const stopped = spawn(process.execPath, [child, join(root, "a", "out"), signal], { stdio: "ignore" });
    expect(await ended(stopped)).toBe(signal);
    expect(readdirSync(root)).toEqual([]);

    const written = spawn(process.execPath, [child, join(root, "kept"), signal, "written"], { stdio: "ignore" });
    expect(await ended(written)).toBe(signal);
    expect(readdirSync(join(root, "kept"))).toEqual(["written.txt"]);
  },
);

test("SIGINT while filling a folder that was there leaves it as it was", async () => {
  const out = fresh();
  mkdirSync(out);
  const stopped = spawn(process.execPath, [child, out, "SIGINT"], { stdio: "ignore" });
  expect(await ended(stopped)).toBe("SIGINT");
  expect(readdirSync(out)).toEqual([]);
});

test("`legolas generate` stopped by SIGINT once its new output folder exists: the whole output, or no folder", async () => {
  const root = fresh();
  const schemas = join(root, "schemas");
  const out = join(root, "generated");
  mkdirSync(schemas, { recursive: true });
  // Enough modules that writing them (each flushed) takes a while after the folder appears.
  const count = 300;
  for (let k = 0; k < count; k++)
    writeFileSync(
      join(schemas, `s${k}.yaml`),
      `schema: s${k}\nprefix: S${k}\nversions:\n  1:\n    fields:\n      epoch: int64\n`,
    );
  const run = spawn(process.execPath, [BIN, "generate", "--schemas", schemas, "--out", out], { stdio: "ignore" });
  const end = ended(run);
  let finished = false;
  void end.then(() => (finished = true));
  while (!existsSync(out) && !finished) await new Promise((resolve) => setTimeout(resolve, 2));
  run.kill("SIGINT");
  const how = await end;
  if (existsSync(out)) {
    expect(readdirSync(out).filter((name) => name.endsWith(".ts"))).toHaveLength(count + 1);
    expect(readdirSync(out).filter((name) => !name.endsWith(".ts"))).toEqual([]);
  } else expect(how).toBe("SIGINT");
});

/**
 * A writer killed mid-write (SIGKILL: no cleanup code runs) leaves the previous file whole; one
 * ended by a signal (Ctrl-C, SIGTERM) or an exit also leaves no temporary file. The child is our
 * real writeTable, bundled from TypeScript with rolldown (vite's bundler, already installed) and
 * run by plain node, since node 20 cannot run TypeScript itself.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleChild } from "../../helpers/bundled-child.js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { readTable, writeTable } from "legolas-ts";
import { isTemporaryFileName } from "../../../runtime/temporary-files.js";
import { Issue94ChildV1, Issue94ChildV1SchemaVersion } from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-kill-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let writer: string;

beforeAll(async () => {
  writer = join(folder, "child-writer.mjs");
  await bundleChild("test/runtime/arrow/helpers/child-writer.ts", writer);
});

/** A table of one row in a folder of its own, and a child writer replacing it, stopped mid-write. */
async function writerMidWrite(name: string, ...handling: string[]) {
  const own = join(folder, name);
  mkdirSync(own);
  const path = join(own, "table.arrow");
  await writeTable(path, [{ a: 7, b: 8 }], Issue94ChildV1SchemaVersion);
  const before = readFileSync(path);
  const child = spawn(process.execPath, [writer, path, ...handling], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(signal ?? code)),
  );
  // "writing" comes once hundreds of rows (megabytes) are in the temporary file
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("writing") && resolve());
    child.on("exit", () => reject(new Error("the child writer exited before writing")));
  });
  const temporaries = () => readdirSync(own).filter(isTemporaryFileName);
  expect(temporaries()).toHaveLength(1);
  /** The table is the one-row table it was, whole. */
  const assertOldFileWhole = async () => {
    expect(readFileSync(path)).toEqual(before);
    expect((await readTable(path)).rows).toEqual([new Issue94ChildV1({ a: 7, b: 8 })]);
  };
  return { child, exited, temporaries, assertOldFileWhole };
}

test("killing the writer mid-write leaves the old file intact and readable", async () => {
  const { child, exited, temporaries, assertOldFileWhole } = await writerMidWrite("killed");
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  await assertOldFileWhole();
  // What a SIGKILL can leave: the temporary file, named so it is recognisable, beside the intact file.
  expect(temporaries()).toHaveLength(1);
});

test.each(["SIGINT", "SIGTERM"] as const)(
  "%s mid-write ends the writer as the signal does, and leaves the old file whole and no temporary file",
  async (signal) => {
    const { child, exited, temporaries, assertOldFileWhole } = await writerMidWrite(signal);
    child.kill(signal);
    // Ended by the signal itself: a shell sees 130 for SIGINT, 143 for SIGTERM.
    expect(await exited).toBe(signal);
    await assertOldFileWhole();
    expect(temporaries()).toEqual([]);
  },
);

test("a writer with a SIGINT listener of its own that exits leaves no temporary file either", async () => {
  const { child, exited, temporaries, assertOldFileWhole } = await writerMidWrite("own-listener", "exits-on-sigint");
  child.kill("SIGINT");
  expect(await exited).toBe(1);
  await assertOldFileWhole();
  expect(temporaries()).toEqual([]);
});

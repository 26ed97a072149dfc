/**
 * A writer killed mid-write (SIGKILL: no cleanup code runs) leaves the previous file whole. The
 * child is our real writeTable, bundled from TypeScript with rolldown (vite's bundler, already
 * installed) and run by plain node, since node 20 cannot run TypeScript itself.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rolldown } from "rolldown";
import { afterAll, expect, test } from "vitest";
import { readTable, writeTable } from "legolas-ts";
import { isTemporaryFileName } from "../../../runtime/replace-file.js";
import { Issue94ChildV1, Issue94ChildV1SchemaVersion } from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-kill-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function bundleChild(): Promise<string> {
  const file = join(folder, "child-writer.mjs");
  const bundle = await rolldown({
    input: "test/runtime/arrow/helpers/child-writer.ts",
    platform: "node",
    logLevel: "silent",
  });
  // One file: the codec encoders that the runtime imports on demand are inlined.
  await bundle.write({ file, format: "esm", codeSplitting: false });
  await bundle.close();
  return file;
}

test("killing the writer mid-write leaves the old file intact and readable", async () => {
  const path = join(folder, "table.arrow");
  await writeTable(path, [{ a: 7, b: 8 }], Issue94ChildV1SchemaVersion);
  const before = readFileSync(path);

  const child = spawn(process.execPath, [await bundleChild(), path], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  // "writing" comes once hundreds of rows (megabytes) are in the temporary file
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("writing") && resolve());
    child.on("exit", () => reject(new Error("the child writer exited before writing")));
  });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");

  expect(readFileSync(path)).toEqual(before);
  expect((await readTable(path)).rows).toEqual([new Issue94ChildV1({ a: 7, b: 8 })]);
  // What a SIGKILL can leave: the temporary file, named so it is recognisable, beside the intact file.
  const leftovers = readdirSync(folder).filter(isTemporaryFileName);
  expect(leftovers).toHaveLength(1);
});

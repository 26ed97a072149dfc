/**
 * Crash safety and concurrency of writes, with real processes:
 * - a writer SIGKILLed at random moments while it rewrites one file again and again leaves a
 *   complete file every time: one whole version (every row of one writer and one version);
 * - two processes rewriting the same path at once end with one complete file, written by one
 *   of them.
 * The writers are the real writeTable, bundled from TypeScript with rolldown (as in
 * test/runtime/arrow/atomic-write.test.ts). `loadWeights` never half-loads: test/runtime/tfjs/mismatch.test.ts
 * (every refusal leaves the model bit for bit as it was) and the fuzz test (arrow-fuzz.test.ts)
 * check it. The generator's output is staged in a temporary folder first: test/cli and
 * test/generator/declaration-errors.test.ts show that a failing run writes nothing.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rolldown } from "rolldown";
import { afterAll, beforeAll, expect, test } from "vitest";
import { readFileBytes } from "../../runtime/arrow/guard/checked-file.js";
import { isTemporaryFileName } from "../../runtime/temporary-files.js";
import { tableFromBytes } from "../../runtime/arrow/read-bytes.js";
import { Random } from "./helpers/fuzz.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-crash-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let writer: string;

beforeAll(async () => {
  writer = join(folder, "looping-writer.mjs");
  const bundle = await rolldown({
    input: "test/hostile/helpers/looping-writer.ts",
    platform: "node",
    logLevel: "silent",
  });
  // One file: the codec encoders that the runtime imports on demand are inlined.
  await bundle.write({ file: writer, format: "esm", codeSplitting: false });
  await bundle.close();
});

/** The file's one (tag, version), or a failure when it is torn or its rows mix writers or versions. */
async function wholeVersion(path: string): Promise<string> {
  // The writer's schema is registered in the writer's process only: read the bytes as a plain
  // Legolas-checked Arrow table (footer, bounds and buffers checked), then its columns.
  const table = tableFromBytes(await readFileBytes(path), path);
  expect(table.schema.metadata.get("legolas_schema_qualified")).toBe("test.hostile-version@1");
  expect(table.numRows).toBe(40);
  const [tags, versions, values] = ["tag", "version", "values"].map((name) => table.getChild(name)!);
  const seen = new Set<string>();
  for (let i = 0; i < table.numRows; i++) {
    seen.add(`${tags!.get(i)}:${versions!.get(i)}`);
    expect([...(values!.get(i) as Iterable<number>)].every((v) => v === Number(versions!.get(i)))).toBe(true);
  }
  expect(seen.size).toBe(1);
  return [...seen][0]!;
}

function run(
  path: string,
  tag: number,
  count: number,
): { child: ReturnType<typeof spawn>; done: Promise<NodeJS.Signals | number | null>; written: () => number } {
  const child = spawn(process.execPath, [writer, path, String(tag), String(count)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let written = 0;
  child.stdout!.on("data", (chunk: Buffer) => (written += chunk.toString().split("\n").filter(Boolean).length));
  const done = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(signal ?? code)),
  );
  return { child, done, written: () => written };
}

test("SIGKILL at random moments during repeated writes: always one whole version on disk", async () => {
  const path = join(folder, "killed.arrow");
  const random = new Random(7);
  const seen: string[] = [];
  for (let round = 0; round < 6; round++) {
    const writing = run(path, round + 1, 1000);
    // once this writer has completed a write, kill it at a random moment of the ones that follow
    while (writing.written() === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    await new Promise((resolve) => setTimeout(resolve, random.int(60)));
    writing.child.kill("SIGKILL");
    expect(await writing.done).toBe("SIGKILL");
    const version = await wholeVersion(path);
    expect(version.startsWith(`${round + 1}:`)).toBe(true);
    seen.push(version);
  }
  // what a SIGKILL may leave: temporary files, each recognisable by name, never the target torn
  const leftovers = readdirSync(folder).filter((name) => name.startsWith("."));
  expect(leftovers.every(isTemporaryFileName)).toBe(true);
  console.log(
    `crash safety: 6 kills, file whole after each (versions ${seen.join(", ")}), ${leftovers.length} temporary files left behind`,
  );
}, 60_000);

test("two processes writing the same path at once end with one complete file", async () => {
  // a folder of its own: the killed writers above left their temporary files in `folder`
  const own = join(folder, "contended");
  mkdirSync(own);
  const path = join(own, "contended.arrow");
  const [a, b] = [run(path, 1, 15), run(path, 2, 15)];
  expect(await a.done).toBe(0);
  expect(await b.done).toBe(0);
  expect(await wholeVersion(path)).toMatch(/^[12]:15$/);
  expect(readdirSync(own)).toEqual(["contended.arrow"]);
}, 60_000);

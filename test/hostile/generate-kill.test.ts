/**
 * `legolas generate` SIGKILLed at random moments while it rewrites a folder of 40 modules: every
 * output file is afterwards wholly the old generation or wholly the new one, never partly
 * written, and `generate --check` either passes or reports the folder stale (exit 0 or 1, never
 * an error). A kill between two renames may leave some modules new and some old: that is the
 * mixed state SECURITY.md admits (with a second Ctrl-C there; one Ctrl-C waits for the renames,
 * signal-during-renames.test.ts), and rerunning `generate` repairs it. The child is the real CLI
 * (bin/legolas.js over dist/, built by `npm test`).
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { OUTPUT_LOCK_NAME } from "../../generator/write/output-lock.js";
import { isTemporaryFileName } from "../../runtime/temporary-files.js";
import { runCli } from "../cli/helpers.js";
import { Random } from "./helpers/fuzz.js";

const ROUNDS = 4;
const SCHEMAS = 40;
const CLI = resolve(import.meta.dirname, "../../generator/bin/legolas.js");
const root = mkdtempSync(join(tmpdir(), "legolas-generate-kill-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeSchemas(folder: string, field: string): void {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  for (let k = 0; k < SCHEMAS; k++) {
    writeFileSync(
      join(folder, `s${k}.yaml`),
      `schema: s${k}\nprefix: S${k}\nversions:\n  1:\n    fields:\n      ${field}: int64\n      doc_${"x".repeat(k)}: string?\n`,
    );
  }
}

function generatedFiles(folder: string): Map<string, string> {
  const names = readdirSync(folder)
    .filter((name) => name.endsWith(".ts"))
    .sort();
  return new Map(names.map((name) => [name, readFileSync(join(folder, name), "utf8")]));
}

/**
 * Runs the CLI as a child and resolves with its exit, how long it ran and how long it was
 * writing (from its first temporary file in `out`, an existing folder, to its exit). With
 * `kill.after` it is SIGKILLed that many ms after it starts; with `kill.afterWriting`, that many
 * ms after its first temporary file appears (the writing is a small part of a run).
 */
function generateChild(
  schemas: string,
  out: string,
  kill?: { after: number } | { afterWriting: number },
): Promise<{ signal: NodeJS.Signals | null; ms: number; writingMs: number }> {
  const started = performance.now();
  let writingFrom = Number.NaN;
  const child = spawn(process.execPath, [CLI, "generate", "--schemas", schemas, "--out", out], { stdio: "ignore" });
  const timers: NodeJS.Timeout[] = [];
  const killLater = (ms: number) => timers.push(setTimeout(() => child.kill("SIGKILL"), ms));
  const watcher = watch(out, (_event, name) => {
    if (!Number.isNaN(writingFrom) || !isTemporaryFileName(String(name))) return;
    writingFrom = performance.now();
    if (kill !== undefined && "afterWriting" in kill) killLater(kill.afterWriting);
  });
  if (kill !== undefined && "after" in kill) killLater(kill.after);
  return new Promise((done) =>
    child.on("exit", (_code, signal) => {
      const now = performance.now();
      watcher.close();
      for (const timer of timers) clearTimeout(timer);
      done({ signal, ms: now - started, writingMs: now - writingFrom });
    }),
  );
}

test("SIGKILL at random moments: each module wholly old or wholly new, --check passes or says stale", async () => {
  const schemas = join(root, "schemas");
  const oldOut = join(root, "old");
  const newOut = join(root, "new");
  writeSchemas(schemas, "before");
  expect((await runCli("generate", "--schemas", schemas, "--out", oldOut)).code).toBe(0);
  writeSchemas(schemas, "after");
  // a full run of the child, unkilled, gives the new generation; a second (warm) one the times
  cpSync(oldOut, newOut, { recursive: true });
  await generateChild(schemas, newOut);
  cpSync(oldOut, join(root, "timed"), { recursive: true });
  const { ms: fullRun, writingMs } = await generateChild(schemas, join(root, "timed"));
  const [before, after] = [generatedFiles(oldOut), generatedFiles(newOut)];
  expect(after.size).toBe(SCHEMAS + 1);
  expect([...after.keys()]).toEqual([...before.keys()]);

  const changed = [...after].filter(([name, text]) => before.get(name) !== text).length;
  const random = new Random(12);
  const outcomes: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const out = join(root, `killed-${round}`);
    cpSync(oldOut, out, { recursive: true });
    // odd rounds: anywhere in the later part of a run; even rounds: during the writing
    const kill =
      round % 2 === 1 ? { after: fullRun * (0.4 + 0.6 * random.next()) } : { afterWriting: random.next() * writingMs };
    const { signal } = await generateChild(schemas, out, kill);
    const now = generatedFiles(out);
    expect([...now.keys()]).toEqual([...before.keys()]);
    let renewed = 0;
    for (const [name, text] of now) {
      expect(text === before.get(name) || text === after.get(name), `${name} is whole (round ${round})`).toBe(true);
      if (text !== before.get(name) && text === after.get(name)) renewed++;
    }
    // A killed run leaves its temporary files and its lock, which the next run takes over.
    expect(
      readdirSync(out)
        .filter((name) => !name.endsWith(".ts"))
        .every((name) => isTemporaryFileName(name) || name === OUTPUT_LOCK_NAME),
    ).toBe(true);
    const check = await runCli("generate", "--schemas", schemas, "--out", out, "--check");
    expect(check.code).toBe(renewed === changed ? 0 : 1);
    outcomes.push(`${signal === null ? "finished" : "killed"}: ${renewed}/${changed} new`);
  }
  console.log(
    `generate kill test (a run: ${Math.round(fullRun)} ms, writing ${Math.round(writingMs)} ms of it): ${outcomes.join("; ")}`,
  );
}, 120_000);

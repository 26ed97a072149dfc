/**
 * `npm run legolas` (tools/legolas.mjs), the contributors' way to run the CLI: it ends as the CLI
 * it starts ends, so that a script or CI job sees a kill as a kill, never as the CLI's verdict
 * ("found violations", exit 1).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The pid of `parent`'s child running the CLI's bin, once it has started (read from /proc). */
async function cliChildOf(parent: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const pid of readdirSync("/proc").filter((name) => /^[0-9]+$/.test(name))) {
      try {
        // /proc/PID/stat: "pid (command) state ppid ...", the command possibly holding spaces.
        const ppid = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1];
        const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (ppid === String(parent) && command.includes("generator/bin/legolas.js")) return Number(pid);
      } catch {
        // A process that ended while it was looked at.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the CLI did not start");
}

test("a CLI killed by a signal ends npm run legolas by the same signal", async () => {
  const root = mkdtempSync(join(tmpdir(), "legolas-contributor-"));
  roots.push(root);
  mkdirSync(join(root, "schemas"));
  writeFileSync(join(root, "schemas", "run.yaml"), "schema: run\nversions:\n  1:\n    fields:\n      epoch: int64\n");
  const wrapper = spawn(
    process.execPath,
    ["tools/legolas.mjs", "generate", "--watch", "--schemas", join(root, "schemas"), "--out", join(root, "out")],
    { stdio: "ignore" },
  );
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    wrapper.on("exit", (code, signal) => resolve({ code, signal })),
  );
  process.kill(await cliChildOf(wrapper.pid!), "SIGTERM");
  expect(await ended).toEqual({ code: null, signal: "SIGTERM" });
}, 60_000);

/**
 * Output that does not reach its reader, as the built CLI meets it: a report redirected to a full
 * disk fails the run (exit 2, said on stderr) instead of exiting 0 with the report cut short; a
 * reader that stops reading (`| head`) leaves the verdict as it was, without a stack trace.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { beforeAll, expect, test } from "vitest";

const CLI = resolve(import.meta.dirname, "../../generator/bin/legolas.js");

/** A plain Arrow table (no Legolas metadata: `inspect` describes it and exits 0). */
let table: string;
let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "legolas-output-failure-"));
  table = join(folder, "plain.arrow");
  writeFileSync(table, tableToIPC(tableFromArrays({ x: Int32Array.from([1, 2, 3]) }), "file"));
});

/** Runs the CLI in `folder` (no project there) with `stdout` as given; its exit code and stderr. */
function inspect(stdout: "pipe" | number, closeReader = false): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [CLI, "inspect", table, "--json"], {
    cwd: folder,
    stdio: ["ignore", stdout, "pipe"],
  });
  // The reader is gone before the CLI, which takes a while to load, writes a byte.
  if (closeReader) child.stdout?.destroy();
  let err = "";
  child.stderr!.on("data", (chunk) => void (err += chunk));
  return new Promise((done) => child.on("close", (code) => done({ code, err })));
}

test.skipIf(process.platform !== "linux")(
  "stdout on a full disk (/dev/full): exit 2, and stderr says the output is incomplete",
  async () => {
    const full = openSync("/dev/full", "w");
    try {
      expect(await inspect(full)).toEqual({
        code: 2,
        err: "legolas inspect: the output could not be written to stdout (ENOSPC: no space left on device, write): it is incomplete\n",
      });
    } finally {
      closeSync(full);
    }
  },
);

test.skipIf(process.platform === "win32")(
  "a reader that stops reading: the verdict's exit code, nothing on stderr",
  async () => {
    expect(await inspect("pipe", true)).toEqual({ code: 0, err: "" });
  },
);

/**
 * Paths that are not regular files: a character device that never ends (/dev/zero), a FIFO that
 * blocks until a writer comes, a folder, nothing at all. Every reader, in the library and in the
 * CLI, must refuse each with a typed error (the CLI with exit 2) instead of hanging or reading
 * without end. The readers run in a child process killed at a deadline (helpers/child-readers.ts),
 * so a regression fails here rather than hanging the suite.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { runReaders } from "./helpers/child-readers.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-not-files-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const READERS = [
  "readTable",
  "readTableBatches",
  "readModelRow",
  "loadModelRow",
  "ioHandler",
  "legolas inspect",
  "legolas validate",
];
const REFUSED_LIBRARY = { outcome: "error", name: "FileAccessError", code: "file_access_failed" };
const REFUSED_CLI = { outcome: "error", name: "CliExit", code: "exit 2" };
const refusedByEveryReader = Object.fromEntries(
  READERS.map((reader) => [reader, reader.startsWith("legolas") ? REFUSED_CLI : REFUSED_LIBRARY]),
);

function fifo(): string {
  const path = join(folder, "pipe.arrow");
  if (!existsSync(path)) execFileSync("mkfifo", [path]);
  return path;
}

function folderNamedArrow(): string {
  const path = join(folder, "folder.arrow");
  mkdirSync(path, { recursive: true });
  return path;
}

const CASES: [string, () => string][] = [
  ["/dev/zero (a device without end)", () => "/dev/zero"],
  ["a FIFO without a writer", fifo],
  ["a folder", folderNamedArrow],
  ["a missing file", () => join(folder, "missing.arrow")],
];

test.skipIf(process.platform === "win32")(
  "/dev/zero, a FIFO, a folder, a missing file: every reader refuses each with a typed error, the CLI with exit 2",
  async () => {
    const paths = CASES.map(([, make]) => make());
    const outcomes = await runReaders(paths, READERS, 60_000);
    expect(Object.fromEntries(CASES.map(([what], k) => [what, outcomes[paths[k]!]]))).toEqual(
      Object.fromEntries(CASES.map(([what]) => [what, refusedByEveryReader])),
    );
  },
  90_000,
);

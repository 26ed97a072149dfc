/**
 * The commands the CLI advises quote a word only when a shell would split or expand it: single
 * quotes for POSIX shells, double quotes on Windows, and `$'...'` for a name a terminal could not
 * show (so that the advice prints on one line and still names the folder).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { commandLine } from "../../generator/cli/wording.js";
import { advisedWords, runCli } from "./helpers.js";

test("POSIX: plain words stay bare; a space, quote, $ or glob is single-quoted, a ' written '\\''", () => {
  expect(commandLine(["legolas", "--out", "src/generated-1.2", "@scope/rt:x"], "linux")).toBe(
    "legolas --out src/generated-1.2 @scope/rt:x",
  );
  expect(commandLine(["--out", "my app", "it's", "$HOME", "*", "=x", ""], "linux")).toBe(
    `--out 'my app' 'it'\\''s' '$HOME' '*' '=x' ''`,
  );
});

test("Windows: a word with a space or a shell character is double-quoted; backslashes stay bare", () => {
  expect(commandLine(["--out", "C:\\app\\generated", "C:\\my app", "a&b", "a,b"], "win32")).toBe(
    `--out C:\\app\\generated "C:\\my app" "a&b" "a,b"`,
  );
});

// On Windows the advice is written for cmd and PowerShell, not bash.
test.skipIf(process.platform === "win32")(
  "a folder whose name holds a newline, ESC and a bidi override: --check prints one line of escapes, and bash reads the advice back to that folder",
  async () => {
    const root = mkdtempSync(join(tmpdir(), "legolas-command-line-"));
    mkdirSync(join(root, "schemas"));
    writeFileSync(join(root, "schemas", "run.yaml"), "schema: run\nprefix: Run\nversions:\n  1:\n");
    const out = join(root, "gen\n\u001b[2J\u202e'\\é");
    const stale = await runCli("generate", "--schemas", join(root, "schemas"), "--out", out, "--check");
    expect(stale.code).toBe(1);
    const [first] = stale.err.split("\n");
    expect(first).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(first).toContain(`--out $'${root}/gen\\x0a\\x1b[2J\\xe2\\x80\\xae\\'\\\\é'`);
    expect(advisedWords(stale.err, "bash").slice(4)).toEqual(["--schemas", join(root, "schemas"), "--out", out]);
    rmSync(root, { recursive: true, force: true });
  },
);

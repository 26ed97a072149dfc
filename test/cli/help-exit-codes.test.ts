/**
 * Every `--help` ends with what the command's exit codes mean, each line within 80 columns: the
 * first place a CI script's author looks, before docs/cli.md.
 */
import { afterEach, expect, test, vi } from "vitest";
import { EXIT_MEANINGS } from "../../generator/cli/exit-codes.js";
import { main, program } from "../../generator/cli/main.js";

afterEach(() => vi.restoreAllMocks());

/** What `legolas <argv>` writes to stdout (Commander writes help there itself, not through console.log). */
async function stdout(...argv: string[]): Promise<string> {
  const written: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk, ...rest: unknown[]) => {
    written.push(String(chunk));
    // A write's callback (main waits on one to know the output reached stdout).
    const done = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    done?.();
    return true;
  });
  process.exitCode = 0;
  try {
    await main(argv);
    return written.join("");
  } finally {
    process.exitCode = 0;
  }
}

/** The `Exit codes:` section that ends a help text, its lines without the heading. */
function exitCodes(help: string): string[] {
  const start = help.lastIndexOf("\nExit codes:\n");
  expect(start, help).toBeGreaterThan(-1);
  return help
    .slice(start + "\nExit codes:\n".length)
    .trimEnd()
    .split("\n");
}

test("each command's --help ends with its exit codes, every command has them, and no line passes 80 columns", async () => {
  const commands = (await program([])).commands.map((command) => command.name());
  expect(Object.keys(EXIT_MEANINGS).sort()).toEqual(commands.sort());
  for (const command of commands) {
    const lines = exitCodes(await stdout(command, "--help"));
    expect(lines[0], command).toMatch(/^ {2}0 {2}\S/);
    expect(lines.at(-1), command).toMatch(/^ {2}2 {2}\S.*bad usage/);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
  }
  expect(exitCodes(await stdout("validate", "--help"))).toEqual([
    "  0  every file is a valid Legolas table",
    "  1  a file is invalid, partial, unfinished, or of no registered version",
    "  2  a file could not be read at all, declaration errors, or bad usage",
  ]);
  // init finds nothing to report: no 1.
  expect(exitCodes(await stdout("init", "--help")).map((line) => line.slice(2, 3))).toEqual(["0", "2"]);
});

test("the command line's own --help says what 0, 1 and 2 mean for every command", async () => {
  expect(exitCodes(await stdout("--help"))).toEqual([
    "  0  all is well",
    "  1  found what it checks for: stale output, violations, an incompatible change",
    "  2  could not run: declaration errors, unreadable input, bad usage",
    "Each command's --help says what its codes mean.",
  ]);
});

test("a count's default shows as a number, not as quoted text", async () => {
  const help = await stdout("validate", "--help");
  expect(help).toMatch(/--jobs <n> +files validated at once \(default: 4\)/);
  expect(help).not.toContain('"4"');
});

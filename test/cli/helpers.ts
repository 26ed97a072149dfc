/** Runs the `legolas` command line in-process, capturing what it prints and its exit code. */
import { execFileSync } from "node:child_process";
import { vi } from "vitest";
import { main } from "../../generator/cli/main.js";

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args) => void err.push(args.join(" ")));
  process.exitCode = 0;
  try {
    await main(argv);
    return { code: Number(process.exitCode ?? 0), out: out.join("\n"), err: err.join("\n") };
  } finally {
    process.exitCode = 0;
    vi.restoreAllMocks();
  }
}

/**
 * What `inspect` and `validate` print on stderr first when run without `--schemas` at the
 * repository's root: the repository's own schemas/ (package.json's `legolas.schemas`) registered.
 */
export const usingProjectSchemas = (command: "inspect" | "validate"): string =>
  `legolas ${command}: using the schemas in schemas (the project's folder; --schemas <dir> names others)`;

/**
 * The words of the command a message advises (between backticks after "run"), as `shell` splits
 * it when the user pastes it: sh is the strict POSIX one; bash also reads `$'...'`.
 */
export function advisedWords(message: string, shell: "sh" | "bash" = "sh"): string[] {
  const advised = /run `([^`]+)`/.exec(message);
  if (advised === null) throw new Error(`no advised command in ${JSON.stringify(message)}`);
  return execFileSync(shell, ["-c", `printf '%s\\0' ${advised[1]}`], { encoding: "utf8" })
    .split("\0")
    .slice(0, -1);
}

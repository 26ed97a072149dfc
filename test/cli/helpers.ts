/** Runs the `legolas` command line in-process, capturing what it prints and its exit code. */
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

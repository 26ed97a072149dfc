/**
 * Runs legolas-ts's readers on a path in a child process (helpers/reader-child.ts, bundled with
 * rolldown) and kills it at a deadline: a reader that hangs (a FIFO), reads without end
 * (/dev/zero) or loops (a file that shrinks) is reported as `"hung"` rather than stalling the
 * suite or filling the machine's memory.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { rolldown } from "rolldown";
import { sourceEntries } from "../../../tools/source-entries.mjs";

export type ReaderOutcome =
  | { readonly outcome: "read" }
  | { readonly outcome: "error"; readonly name: string; readonly code: string }
  | { readonly outcome: "hung" };

/** The child's bundle sits inside node_modules so that its package imports resolve there. */
const CHILD = join("node_modules", ".cache", "legolas-tests", "reader-child.mjs");
let bundled: Promise<string> | undefined;

function bundleChild(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(join("node_modules", ".cache", "legolas-tests"), { recursive: true });
    const bundle = await rolldown({
      input: "test/hostile/helpers/reader-child.ts",
      platform: "node",
      logLevel: "silent",
      // The packages' exact entries as their sources (tools/source-entries.mjs), so the child
      // loads one copy of the runtime, as the tests do.
      resolve: {
        alias: Object.fromEntries(
          sourceEntries()
            .filter(({ specifier }) => !specifier.includes("*"))
            .map(({ specifier, source }) => [specifier, resolve(source)]),
        ),
      },
      external: (id) => !id.startsWith(".") && !isAbsolute(id) && !id.startsWith("legolas-ts"),
    });
    // One file: the CLI loads each command's module on demand (cli/main.ts), inlined here.
    await bundle.write({ file: CHILD, format: "esm", codeSplitting: false });
    await bundle.close();
    return CHILD;
  })();
  return bundled;
}

/**
 * Each reader's outcome on each path, by path and reader; those that had not ended by
 * `deadlineMs` are `"hung"`. One child runs them all, one after the other (it loads tfjs once).
 */
export async function runReaders(
  paths: readonly string[],
  readers: readonly string[],
  deadlineMs: number,
): Promise<Record<string, Record<string, ReaderOutcome>>> {
  const child = spawn(
    process.execPath,
    ["--max-old-space-size=512", await bundleChild(), readers.join(","), ...paths],
    {
      stdio: ["ignore", "ignore", "ignore", "ipc"],
    },
  );
  const outcomes: Record<string, Record<string, ReaderOutcome>> = Object.fromEntries(
    paths.map((path) => [path, Object.fromEntries(readers.map((reader) => [reader, { outcome: "hung" }]))]),
  );
  child.on("message", (message: { path: string; reader: string } & ReaderOutcome) => {
    const { path, reader, ...outcome } = message;
    outcomes[path]![reader] = outcome;
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const timer = setTimeout(() => child.kill("SIGKILL"), deadlineMs);
  await exited;
  clearTimeout(timer);
  return outcomes;
}

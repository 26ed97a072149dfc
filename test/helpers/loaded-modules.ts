/**
 * The modules a Node process loads: ES modules as a loader hook sees them, CommonJS ones from
 * require's cache at exit (a hook does not see what `require` loads). A command's start-up is
 * mostly module loading, so tests hold it to loading what it uses; they never time it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HOOKS = `import { appendFileSync } from "node:fs";
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) { appendFileSync(log, url + "\\n"); return next(url, context); }`;

const RECORDER = `import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
const log = process.env.LEGOLAS_TEST_MODULE_LOG;
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)}, { data: { log } });
process.on("exit", () => appendFileSync(log, Object.keys(createRequire(process.cwd() + "/").cache).join("\\n")));`;

export interface LoadedModules {
  /** Every module's URL or path, in load order, CommonJS ones last. */
  readonly modules: readonly string[];
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <args>` in `cwd` and lists the modules it loaded. */
export function loadedModules(args: readonly string[], cwd: string): LoadedModules {
  const folder = mkdtempSync(join(tmpdir(), "legolas-loaded-modules-"));
  const log = join(folder, "modules.txt");
  try {
    const run = spawnSync(
      process.execPath,
      ["--import", `data:text/javascript,${encodeURIComponent(RECORDER)}`, ...args],
      { cwd, encoding: "utf8", env: { ...process.env, LEGOLAS_TEST_MODULE_LOG: log } },
    );
    return {
      modules: readFileSync(log, "utf8").split("\n").filter(Boolean),
      status: run.status,
      stdout: run.stdout,
      stderr: run.stderr,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The packages under node_modules that `modules` come from, by name. */
export function packagesOf(modules: readonly string[]): Set<string> {
  return new Set(modules.flatMap((module) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module)?.[1] ?? []));
}

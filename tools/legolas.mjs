// `npm run legolas -- <args>` in this repository: the `legolas` command, recompiled first when a
// TypeScript source of either package is newer than the built CLI, so that a contributor never
// runs stale code. The published bin (generator/bin/legolas.js) only starts the CLI.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repository = fileURLToPath(new URL("..", import.meta.url));
const builtCli = join(repository, "generator", "dist", "cli", "main.js");
const PACKAGES = ["runtime", "generator"];

function newestSourceTime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return path.endsWith(".ts") ? stats.mtimeMs : 0;
  const names = readdirSync(path).filter((name) => name !== "dist" && name !== "node_modules");
  return Math.max(0, ...names.map((name) => newestSourceTime(join(path, name))));
}

const builtAt = existsSync(builtCli) ? statSync(builtCli).mtimeMs : 0;
if (Math.max(...PACKAGES.map((folder) => newestSourceTime(join(repository, folder)))) > builtAt) {
  console.error("legolas: compiling legolas-ts and legolas-ts-cli (their sources changed since the last build)");
  for (const folder of PACKAGES)
    execFileSync(
      join(repository, "node_modules", ".bin", "tsc"),
      ["-p", join(repository, folder, "tsconfig.build.json")],
      {
        stdio: "inherit",
      },
    );
}
const run = spawnSync(
  process.execPath,
  [join(repository, "generator", "bin", "legolas.js"), ...process.argv.slice(2)],
  {
    stdio: "inherit",
  },
);
// A CLI killed by a signal ends this process by the same signal: a shell or CI job then sees the
// kill, where an exit status would read as the CLI's verdict.
if (run.signal !== null) process.kill(process.pid, run.signal);
if (run.error !== undefined) throw run.error;
process.exit(run.status ?? 1);

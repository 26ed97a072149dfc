#!/usr/bin/env node
// The `legolas` command runs the compiled CLI in dist/. In a source checkout of legolas-ts (this
// package inside the repository's npm workspaces) it first recompiles both packages when a
// TypeScript source is newer than the built CLI, so that `npx legolas` works straight after
// `npm ci` and never runs stale code. (A `prepare` script cannot do this: npm here skips
// unapproved lifecycle scripts when npx installs the package into its cache.)
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cliPackage = fileURLToPath(new URL("..", import.meta.url));
const repository = join(cliPackage, "..");
const cli = join(cliPackage, "dist", "cli", "main.js");
const SOURCES = ["runtime", "generator"];
const BUILDS = ["runtime/tsconfig.build.json", "generator/tsconfig.build.json"];

function newestSourceTime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return path.endsWith(".ts") ? stats.mtimeMs : 0;
  const names = readdirSync(path).filter((name) => name !== "dist" && name !== "node_modules");
  return Math.max(0, ...names.map((name) => newestSourceTime(join(path, name))));
}

const checkout =
  existsSync(join(cliPackage, "tsconfig.build.json")) && existsSync(join(repository, "node_modules", ".bin", "tsc"));
if (checkout) {
  const builtAt = existsSync(cli) ? statSync(cli).mtimeMs : 0;
  if (Math.max(...SOURCES.map((source) => newestSourceTime(join(repository, source)))) > builtAt) {
    console.error("legolas: compiling legolas-ts and legolas-ts-cli (their sources changed since the last build)");
    for (const build of BUILDS)
      execFileSync(join(repository, "node_modules", ".bin", "tsc"), ["-p", join(repository, build)], {
        stdio: "inherit",
      });
  }
}
if (!existsSync(cli)) {
  console.error("legolas: the package is not built; run `npm run build` in the legolas-ts repository");
  process.exit(2);
}
const { main } = await import(cli);
await main(process.argv.slice(2));

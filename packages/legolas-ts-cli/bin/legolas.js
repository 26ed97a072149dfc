#!/usr/bin/env node
// The `legolas` command runs the compiled CLI in dist/. In a source checkout of legolas-ts it
// first recompiles dist/ when a TypeScript source is newer than it, so that `npx legolas` works
// straight after `npm ci` and never runs stale code. (A `prepare` script cannot do this: npm
// here skips unapproved lifecycle scripts when npx installs the package into its cache.)
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist", "cli", "main.js");
const SOURCES = ["index.ts", "runtime", "generator", "generated", "cli"];

function newestSourceTime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return path.endsWith(".ts") ? stats.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((name) => newestSourceTime(join(path, name))));
}

const checkout = existsSync(join(root, "tsconfig.build.json")) && existsSync(join(root, "node_modules", ".bin", "tsc"));
if (checkout) {
  const builtAt = existsSync(cli) ? statSync(cli).mtimeMs : 0;
  if (Math.max(...SOURCES.map((source) => newestSourceTime(join(root, source)))) > builtAt) {
    console.error("legolas: compiling legolas-ts (its sources changed since the last build)");
    execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  }
}
if (!existsSync(cli)) {
  console.error("legolas: the package is not built; run `npm run build` in the legolas-ts folder");
  process.exit(2);
}
const { main } = await import(cli);
await main(process.argv.slice(2));

#!/usr/bin/env node
// The `legolas` command. It runs the compiled CLI in dist/, which `npm ci` builds (the
// `prepare` script) and `npm run build` rebuilds.
import { existsSync } from "node:fs";

const cli = new URL("../dist/generator/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("legolas: the package is not built; run `npm run build` in the legolas-ts folder");
  process.exit(2);
}
const { main } = await import(cli.href);
await main(process.argv.slice(2));

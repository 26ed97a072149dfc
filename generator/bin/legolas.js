#!/usr/bin/env node
// The `legolas` command: starts the compiled CLI. (In a checkout of the legolas-ts repository,
// `npm run build` compiles it; `npm run legolas -- <args>` recompiles first when a source changed.)
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("legolas: legolas-ts-cli is not built (no dist/); in the legolas-ts repository run `npm run build`");
  process.exit(2);
}
const { main } = await import(cli.href);
await main(process.argv.slice(2));

// Runs the documentation's blocks, transpiled to ES modules, one after the other in this one
// process, each in a working folder of its own (they write files by relative path): loading Node,
// tfjs and the runtime once instead of once a block is what keeps the docs test within its time.
// Prints one JSON line per block: { module, ok, error }.
import { mkdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";

const home = process.cwd();
for (const module of process.argv.slice(2)) {
  const folder = join(dirname(module), `run-${basename(module, ".js")}`);
  mkdirSync(folder, { recursive: true });
  process.chdir(folder);
  try {
    await import(pathToFileURL(module).href);
    console.log(JSON.stringify({ module, ok: true, error: null }));
  } catch (error) {
    console.log(JSON.stringify({ module, ok: false, error: inspect(error) }));
  } finally {
    process.chdir(home);
  }
}

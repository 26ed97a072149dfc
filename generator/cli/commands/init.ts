/** `legolas init [dir]`: a starter `schemas/` folder, with the editor hint for the JSON Schema. */
import { existsSync, statSync } from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import type { Command } from "commander";
import { createFile, fillNewFolder } from "legolas-ts/internal/internal";
import { EXIT } from "../exit-codes.js";
import { UsageError } from "../errors.js";
import { projectFolder } from "../project-folders.js";
import { printable } from "../terminal-text.js";
import { commandLine, legolasCommand, pathArgument } from "../wording.js";
import { takesPaths } from "../unknown-flags.js";

/**
 * The starter schema: a model row that extends the shipped `legolas-flux.model@1`. `jsonSchema`
 * is the editor hint's path from the schema folder; `out` the folder generate writes.
 */
const starterSchema = (jsonSchema: string, out: string) => `# yaml-language-server: $schema=${jsonSchema}
# One file per schema, named <schema name>.yaml. Run \`npx --no-install legolas generate\` after each
# change (or keep it running with --watch), then import the classes from ${out}/.
schema: my-model
prefix: MyModel
doc: Weights and training facts of my model.
versions:
  1:
    extends: legolas-flux.model@1      # weights: Weights?, architecture_version: int64?
    fields:
      epoch: int64?
      accuracy:
        type: float32?
        min: 0
        max: 1
        doc: Test accuracy after \`epoch\` epochs.
    checks:
      - check: row.epoch === null || row.epoch >= 0n
        message: epoch must not be negative
`;

/**
 * `dir`'s schema and output folders: its package.json's `legolas` field where it has one
 * (project-folders.ts), so that the `legolas generate` run there next reads the starter.
 */
function initFolders(dir: string): { schemas: string; out: string } {
  const manifest = join(dir, "package.json");
  return {
    schemas: projectFolder("schemas", manifest, false),
    out: posixPath(projectFolder("out", manifest, false)),
  };
}

function posixPath(path: string): string {
  return path.split(sep).join(posix.sep);
}

async function runInit(dir: string): Promise<number> {
  const shown = (path: string) => relative(".", path) || ".";
  const { schemas, out } = initFolders(dir);
  // resolve, not join: package.json may name its folders by absolute paths (inside the project).
  const schemaFolder = resolve(dir, schemas);
  const jsonSchema = relative(schemaFolder, join(dir, "node_modules", "legolas-ts-cli", "legolas-schema.json"));
  const files = [{ path: join(schemaFolder, "my-model.yaml"), content: starterSchema(posixPath(jsonSchema), out) }];
  for (const file of files) {
    const folder = dirname(file.path);
    const blocking = fileInTheWay(folder);
    if (blocking !== null)
      throw new UsageError(
        `${shown(file.path)} cannot be written: ${shown(blocking)} is a file, not a folder; ` +
          "name another project folder (legolas init <dir>), or move the file away",
      );
    await fillNewFolder(folder, async () => {
      try {
        // Never replaces a file that is already there, even one created a moment ago, and leaves
        // none half-written (a full disk once left an empty one that the next init refused to touch).
        await createFile(shown(file.path), file.content);
      } catch (error) {
        if ((error as { systemCode?: unknown }).systemCode !== "EEXIST") throw error;
        throw new UsageError(`${shown(file.path)} already exists; left it alone (move it away or edit it instead)`);
      }
    });
    console.log(printable(`wrote ${shown(file.path)}`));
  }
  // generate reads the folders of the package.json where it runs: the project's, in `dir`.
  const generate = legolasCommand("generate");
  const next = resolve(dir) === resolve(".") ? generate : `${commandLine(["cd", pathArgument(dir)])}, then ${generate}`;
  console.log(printable(`next: ${next}   (writes ${out}/my-model.ts)`));
  return EXIT.ok;
}

/** The nearest of `folder` and the folders above it that exists, when it is not a folder; else `null`. */
function fileInTheWay(folder: string): string | null {
  for (let path = folder; ; path = dirname(path)) {
    if (existsSync(path)) return statSync(path).isDirectory() ? null : path;
    if (dirname(path) === path) return null;
  }
}

export function registerInit(cli: Command): void {
  takesPaths(cli.command("init"))
    .description("write a starter schemas/ folder: one schema extending legolas-flux.model@1, with the editor hint")
    .argument("[dir]", "the project folder", ".")
    .action(async (dir: string) => {
      process.exitCode = await runInit(dir);
    });
}

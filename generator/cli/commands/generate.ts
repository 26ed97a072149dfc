/** `legolas generate`: YAML schemas to TypeScript, or `--check` that the output is up to date. */
import { existsSync, statSync } from "node:fs";
import { relative } from "node:path";
import type { Command } from "commander";
import { generate } from "../../generate.js";
import { readSchemaFolder, sameFolder, shippedSchemaFolder } from "../../schema-folder.js";
import { compareOutput, writeOutput } from "../../write/output-folder.js";
import { EXIT } from "../exit-codes.js";
import { FROM_PACKAGE_JSON, projectFolder } from "../project-folders.js";
import { UsageError } from "../usage-error.js";
import { watchSchemas } from "../watch.js";

interface GenerateFlags {
  schemas: string;
  out: string;
  runtime: string;
  check?: boolean;
  watch?: boolean;
}

async function runGenerate(flags: GenerateFlags): Promise<number> {
  if (!existsSync(flags.schemas) || !statSync(flags.schemas).isDirectory()) {
    throw new UsageError(
      `no schema folder ${flags.schemas} (relative to ${process.cwd()}); create it with \`legolas init\`, or pass --schemas <folder of .yaml files>`,
    );
  }
  const sources = await readSchemaFolder(flags.schemas);
  const shippedFolder = shippedSchemaFolder();
  const shipped = sameFolder(flags.schemas, shippedFolder) ? [] : await readSchemaFolder(shippedFolder);
  const files = generate(sources, { outDir: flags.out, runtimeModule: flags.runtime, shipped });
  if (flags.check) {
    const stale = await compareOutput(flags.out, files);
    if (stale.length === 0) {
      console.log(`${flags.out}: up to date (${files.length} files)`);
      return EXIT.ok;
    }
    console.error(`${flags.out} is stale; run \`legolas generate --schemas ${flags.schemas} --out ${flags.out}\`:`);
    for (const file of stale) console.error(`  ${file.status}: ${relative(".", `${flags.out}/${file.path}`)}`);
    // The diff goes to stdout unindented, so that `legolas generate --check > fix.patch` applies.
    for (const file of stale) if (file.diff !== "") console.log(file.diff);
    return EXIT.failed;
  }
  const written = await writeOutput(flags.out, files);
  console.log(
    `${flags.out}: ${written.length === 0 ? "up to date" : `wrote ${written.join(", ")}`} (${sources.length} schema files)`,
  );
  return EXIT.ok;
}

/** `--watch`: regenerates on every change until Ctrl-C (SIGINT), then exits 0. */
async function runWatch(flags: GenerateFlags): Promise<number> {
  if (flags.check) throw new UsageError("--watch and --check do not go together");
  const watcher = watchSchemas({ schemas: flags.schemas, out: flags.out, runtime: flags.runtime });
  let onInterrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (onInterrupt = resolve));
  process.once("SIGINT", onInterrupt);
  try {
    await watcher.ready;
    await interrupted;
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    await watcher.stop();
  }
  return EXIT.ok;
}

export function registerGenerate(cli: Command): void {
  cli
    .command("generate")
    .description("generate TypeScript row classes, validators and Arrow mappings from YAML schemas")
    .option("--schemas <dir>", `folder of <schema name>.yaml files (${FROM_PACKAGE_JSON("schemas")})`)
    .option("--out <dir>", `folder for the generated .ts files (${FROM_PACKAGE_JSON("out")})`)
    .option(
      "--runtime <specifier>",
      "module generated code imports the runtime from (it must export what legolas-ts/codegen does)",
      "legolas-ts/codegen",
    )
    .option("--check", "write nothing; exit 1 and show the difference when the output is stale")
    .option("--watch", "regenerate whenever a YAML file changes; report errors and keep watching until Ctrl-C")
    .action(async (given: Omit<GenerateFlags, "schemas" | "out"> & Partial<GenerateFlags>) => {
      const flags = {
        ...given,
        schemas: given.schemas ?? projectFolder("schemas"),
        out: given.out ?? projectFolder("out"),
      };
      process.exitCode = await (flags.watch ? runWatch(flags) : runGenerate(flags));
    });
}

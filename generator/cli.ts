/**
 * The `legolas` command line: a thin shell over the pure pipeline. Exit codes: 0 done,
 * 1 generated output is stale (`--check`), 2 declaration errors or bad usage.
 */
import { Command, CommanderError } from "commander";
import { relative } from "node:path";
import { GENERATOR_VERSION, generate } from "./generate.js";
import { readSchemaFolder, sameFolder, shippedSchemaFolder } from "./schema-folder.js";
import { compareOutput, writeOutput } from "./write/output-folder.js";

export const EXIT = { ok: 0, stale: 1, invalid: 2 } as const;

interface GenerateFlags {
  schemas: string;
  out: string;
  runtime: string;
  check?: boolean;
}

async function generateCommand(flags: GenerateFlags): Promise<number> {
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
    for (const file of stale) console.error(`  ${file.status}: ${relative(".", `${flags.out}/${file.path}`)}${file.diff ? `\n${indentText(file.diff)}` : ""}`);
    return EXIT.stale;
  }
  const written = await writeOutput(flags.out, files);
  console.log(`${flags.out}: ${written.length === 0 ? "up to date" : `wrote ${written.join(", ")}`} (${sources.length} schema files)`);
  return EXIT.ok;
}

function indentText(text: string): string {
  return text.split("\n").map((line) => `      ${line}`).join("\n");
}

export function program(): Command {
  const cli = new Command("legolas")
    .description("Versioned Legolas schemas in YAML: typed rows, validators and Arrow tables for TypeScript.")
    .version(GENERATOR_VERSION)
    .exitOverride();
  cli
    .command("generate")
    .description("generate TypeScript row classes, validators and Arrow mappings from YAML schemas")
    .option("--schemas <dir>", "folder of <schema name>.yaml files", "schemas")
    .option("--out <dir>", "folder for the generated .ts files", "generated")
    .option("--runtime <specifier>", "module generated code imports the runtime from", "legolas-ts/runtime")
    .option("--check", "write nothing; exit 1 and show the difference when the output is stale")
    .action(async (flags: GenerateFlags) => {
      process.exitCode = await generateCommand(flags);
    });
  return cli;
}

/** Runs the CLI; errors a user can fix are printed without a stack trace. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
      return;
    }
    const name = (error as Error)?.name;
    console.error(name === "SchemaDeclarationError" ? (error as Error).message : `legolas: ${(error as Error)?.message ?? error}`);
    process.exitCode = EXIT.invalid;
  }
}

/**
 * The `legolas` command line: one module per command in commands/, each a thin shell over the
 * generator or the runtime. Exit codes are in exit-codes.ts.
 */
import { Command, CommanderError } from "commander";
import { GENERATOR_VERSION } from "../version.js";
import { registerDocs } from "./commands/docs.js";
import { registerCompat } from "./commands/compat.js";
import { registerGenerate } from "./commands/generate.js";
import { registerInit } from "./commands/init.js";
import { registerInspect } from "./commands/inspect.js";
import { registerValidate } from "./commands/validate.js";
import { EXIT } from "./exit-codes.js";
import { watchOutputFailure } from "./output-failure.js";
import { printable, printableLines } from "./terminal-text.js";
import { UsageError } from "./errors.js";

export function program(): Command {
  const cli = new Command("legolas")
    .description("Versioned Legolas schemas in YAML: typed rows, validators and Arrow tables for TypeScript.")
    .version(GENERATOR_VERSION)
    .exitOverride();
  registerGenerate(cli);
  registerCompat(cli);
  registerInit(cli);
  registerDocs(cli);
  registerInspect(cli);
  registerValidate(cli);
  return cli;
}

/**
 * Runs the CLI; errors a user can fix are printed without a stack trace. Output that could not be
 * written fails the run (exit 2) whatever the command found (output-failure.ts).
 */
export async function main(argv: readonly string[]): Promise<void> {
  const outputFailure = watchOutputFailure(process.stdout);
  await run(argv);
  const failure = await outputFailure();
  if (failure !== null) {
    console.error(
      printable(`legolas: the output could not be written to stdout (${failure.message}): it is incomplete`),
    );
    process.exitCode = EXIT.invalid;
  }
}

async function run(argv: readonly string[]): Promise<void> {
  let command = "legolas";
  const cli = program().hook("preAction", (_, action) => void (command = `legolas ${action.name()}`));
  try {
    await cli.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
      return;
    }
    console.error(printableLines(errorText(error, command)));
    process.exitCode = EXIT.invalid;
  }
}

/** A declaration error as it is (it names its files), a usage error after its command, anything else after `legolas:`. */
function errorText(error: unknown, command: string): string {
  if ((error as Error)?.name === "SchemaDeclarationError") return (error as Error).message;
  if (error instanceof UsageError) return `${command}: ${error.message}`;
  return `legolas: ${(error as Error)?.message ?? error}`;
}

/**
 * The `legolas` command line: one module per command in commands/, each a thin shell over the
 * generator or the runtime. Exit codes are in exit-codes.ts.
 */
import { Command, CommanderError } from "commander";
import { GENERATOR_VERSION } from "../version.js";
import { EXIT, exitCodesHelp } from "./exit-codes.js";
import { watchOutputFailure } from "./output-failure.js";
import { printable, printableLines } from "./terminal-text.js";
import { refuseMistakenValues } from "./option-values.js";
import { UsageError } from "./errors.js";
import { unknownFlagAdvice } from "./unknown-flags.js";

type Register = (cli: Command) => void;

/**
 * Each command's module, in the order help lists them, loaded when the command runs: a command
 * loads what it uses and not what the others do (`generate` no apache-arrow, which `inspect` and
 * `validate` read tables with: ~0.45 s of CPU).
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ["generate", async () => (await import("./commands/generate.js")).registerGenerate],
  ["compat", async () => (await import("./commands/compat.js")).registerCompat],
  ["init", async () => (await import("./commands/init.js")).registerInit],
  ["docs", async () => (await import("./commands/docs.js")).registerDocs],
  ["inspect", async () => (await import("./commands/inspect.js")).registerInspect],
  ["validate", async () => (await import("./commands/validate.js")).registerValidate],
];

/**
 * The command line for `argv`: the command it names, or every command when it names none
 * (`legolas --help`, a misspelt command, which Commander answers with the names).
 */
export async function program(argv: readonly string[]): Promise<Command> {
  const cli = new Command("legolas")
    .description("Versioned Legolas schemas in YAML: typed rows, validators and Arrow tables for TypeScript.")
    .version(GENERATOR_VERSION)
    .addHelpText("after", exitCodesHelp())
    .exitOverride();
  const named = COMMANDS.filter(([name]) => name === argv[0]);
  for (const register of await Promise.all((named.length === 0 ? COMMANDS : named).map(([, load]) => load())))
    register(cli);
  for (const command of cli.commands) {
    refuseMistakenValues(command);
    command.addHelpText("after", exitCodesHelp(command.name()));
  }
  return cli;
}

/**
 * Runs the CLI; errors a user can fix are printed without a stack trace. Output that could not be
 * written fails the run (exit 2) whatever the command found (output-failure.ts).
 */
export async function main(argv: readonly string[]): Promise<void> {
  const outputFailure = watchOutputFailure(process.stdout);
  const command = await run(argv);
  const failure = await outputFailure();
  if (failure !== null) {
    console.error(
      printable(`${command}: the output could not be written to stdout (${failure.message}): it is incomplete`),
    );
    process.exitCode = EXIT.invalid;
  }
}

/** Runs the command `argv` names; returns how its messages begin (`legolas generate`, or `legolas` before a command runs). */
async function run(argv: readonly string[]): Promise<string> {
  let command = "legolas";
  const cli = (await program(argv)).hook("preAction", (_, action) => void (command = `legolas ${action.name()}`));
  try {
    await cli.parseAsync([...argv], { from: "user" });
  } catch (error) {
    // --help and --version end as a CommanderError too, exit code 0.
    if (error instanceof CommanderError && error.exitCode === 0) return command;
    // Commander has printed its own usage errors.
    if (!(error instanceof CommanderError)) console.error(printableLines(errorText(error, command)));
    const advice = error instanceof CommanderError ? unknownFlagAdvice(named(cli, argv), error) : undefined;
    if (advice !== undefined) console.error(printable(`legolas ${argv[0]}: ${advice}`));
    if (jsonAsked(cli, argv)) console.log(JSON.stringify(jsonError(error, advice), null, 2));
    process.exitCode = EXIT.invalid;
  }
  return command;
}

/** The command named first in `argv`, if it is one. */
function named(cli: Command, argv: readonly string[]): Command | undefined {
  return cli.commands.find((command) => command.name() === argv[0]);
}

/** Whether the command named first in `argv` was given `--json` (Commander sets it before it refuses the rest). */
function jsonAsked(cli: Command, argv: readonly string[]): boolean {
  return named(cli, argv)?.opts().json === true;
}

/**
 * What `--json` prints when the command could not run: a script that reads `.ok` reads `false`,
 * never nothing. `code` is `usage` for bad usage, else the error's own (`schema_declaration_invalid`).
 */
function jsonError(error: unknown, advice?: string): { ok: false; error: { code: string; message: string } } {
  const usage = error instanceof CommanderError || error instanceof UsageError;
  const code = (error as { code?: unknown } | null)?.code;
  return {
    ok: false,
    error: {
      code: usage ? "usage" : typeof code === "string" ? code : "failed",
      message:
        error instanceof CommanderError
          ? error.message.replace(/^error: /, "") + (advice === undefined ? "" : `\n${advice}`)
          : String((error as Error)?.message ?? error),
    },
  };
}

/**
 * A declaration error as it is (it names its files); any other after its command, as
 * `legolas <command>: ...`: a usage error and a file the command could not read or write alike.
 */
function errorText(error: unknown, command: string): string {
  if ((error as Error)?.name === "SchemaDeclarationError") return (error as Error).message;
  return `${command}: ${(error as Error)?.message ?? error}`;
}

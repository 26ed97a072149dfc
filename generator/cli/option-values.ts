/**
 * Flag values Commander takes in silence that are a user's mistake, refused as bad usage (exit 2):
 *
 * - A flag that takes one value, given twice with two (`generate --schemas a --schemas b`).
 *   Commander keeps the last, and `--schemas` is repeatable in `inspect` and `validate`:
 *   `generate` given two schema folders generated the second alone and removed the first one's
 *   modules from the output, and `validate --columns a --columns b` checked `b` only. Repeatable
 *   flags (those with a collector, such as the table commands' `--schemas`) pass; so does the
 *   same value twice, which changes nothing.
 * - Another flag of the command taken for a flag's value, the value forgotten: `generate --out
 *   --check` wrote into a folder named `--check` and exited 0 where CI meant a check, and `docs
 *   --out --check` did the same.
 */
import type { Command } from "commander";
import { printable } from "./terminal-text.js";

/** Makes `command` refuse the mistakes above, once every flag is read. */
export function refuseMistakenValues(command: Command): void {
  const flags = new Set(["--help", "-h", ...command.options.flatMap((option) => [option.long, option.short])]);
  const mistakes: string[] = [];
  for (const option of command.options) {
    if (option.isBoolean()) continue;
    const repeatable = option.parseArg !== undefined || option.variadic;
    let first: string | undefined;
    command.on(`option:${option.name()}`, (value: string) => {
      if (flags.has(value))
        mistakes.push(
          `option '${option.flags}' argument missing: ${JSON.stringify(value)} after it is a flag of ${command.name()}, not its value`,
        );
      else if (first === undefined || repeatable) first = value;
      else if (value !== first)
        mistakes.push(
          `option '${option.flags}' given twice, ${JSON.stringify(first)} and ${JSON.stringify(value)}: it takes one value; give it once`,
        );
    });
  }
  // As Commander refuses an unknown flag, after reading them all: a --json after the mistake still answers in JSON.
  command.hook("preAction", () => {
    if (mistakes.length > 0) command.error(printable(`error: ${mistakes[0]}`));
  });
}

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
 *   --out --check` did the same. So is any value written as a long flag: a misspelt one
 *   (`--out --chekc` wrote into `--chekc`), or `--`, which ends the flags (`--out -- --check`
 *   wrote into `--`). A folder of such a name is given as `./--chekc`.
 */
import type { Command, Option } from "commander";
import { didYouMean } from "legolas-ts/internal/internal";
import { UsageError } from "./errors.js";
import { printable } from "./terminal-text.js";

/** Makes `command` refuse the mistakes above, once every flag is read. */
export function refuseMistakenValues(command: Command): void {
  const flags = new Set(["--help", "-h", ...command.options.flatMap((option) => [option.long, option.short])]);
  const longFlags = [...flags].filter((flag): flag is string => flag?.startsWith("--") === true);
  const mistakes: string[] = [];
  for (const option of command.options) {
    // A negated flag (`--no-julia`) takes no value either; Commander's isBoolean says false of it.
    if (option.isBoolean() || option.negate) continue;
    const repeatable = option.parseArg !== undefined || option.variadic;
    let first: string | undefined;
    command.on(`option:${option.name()}`, (value: string) => {
      if (flags.has(value))
        mistakes.push(
          `option '${option.flags}' argument missing: ${JSON.stringify(value)} after it is a flag of ${command.name()}, not its value`,
        );
      else if (value.startsWith("--")) mistakes.push(flagLikeValue(option, value, longFlags));
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

/** The refusal of `value`, written as a long flag but none of `flags`, taken for `option`'s value. */
function flagLikeValue(option: Option, value: string, flags: readonly string[]): string {
  const what = value === "--" ? "ends the flags" : `is written as a flag${didYouMean(value, flags)}`;
  const folder = option.flags.endsWith("<dir>") ? `; a folder of that name is ./${value}` : "";
  return `option '${option.flags}' argument missing: ${JSON.stringify(value)} after it ${what}, not its value${folder}`;
}

/**
 * A flag's value as a positive integer written in decimal digits (`--jobs 8`), else a UsageError
 * saying `expected`. `Number` alone also took `1e3`, `0x10`, `8.0` and ` 8 `, forms a user does
 * not write for a count and may have meant otherwise.
 */
export function positiveIntegerValue(flag: string, text: string, expected: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${flag} ${printable(text)}: ${expected}`);
  return value;
}

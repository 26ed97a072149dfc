/**
 * A flag that takes one value, given twice with two (`generate --schemas a --schemas b`), is bad
 * usage. Commander keeps the last value in silence, and `--schemas` is repeatable in `inspect`
 * and `validate`: `generate` given two schema folders generated the second alone and removed the
 * first one's modules from the output, and `validate --columns a --columns b` checked `b` only.
 * Repeatable flags (those with a collector, such as the table commands' `--schemas`) and
 * switches (`--check`) are left alone; the same value twice changes nothing and passes.
 */
import type { Command } from "commander";
import { printable } from "./terminal-text.js";

/** Makes `command` refuse a flag of one value given twice with different values, as a usage error. */
export function refuseRepeatedValues(command: Command): void {
  const repeated: string[] = [];
  for (const option of command.options) {
    if (option.isBoolean() || option.parseArg !== undefined || option.variadic) continue;
    let first: string | undefined;
    command.on(`option:${option.name()}`, (value: string) => {
      if (first === undefined) first = value;
      else if (value !== first)
        repeated.push(
          `option '${option.flags}' given twice, ${JSON.stringify(first)} and ${JSON.stringify(value)}: it takes one value; give it once`,
        );
    });
  }
  // Refused once every flag is read, as Commander refuses an unknown one: a --json after it still answers in JSON.
  command.hook("preAction", () => {
    if (repeated.length > 0) command.error(printable(`error: ${repeated[0]}`));
  });
}

/**
 * An unknown flag that is the name of a file or folder here (`legolas validate -x.arrow`, a file
 * whose name begins with a dash): Commander refuses it as a flag, and says nothing of the file,
 * or suggests a flag it misspells. The advice says how to pass the file instead.
 */
import { lstatSync } from "node:fs";
import type { Command, CommanderError } from "commander";

/**
 * The commands whose arguments are files or folders. Not every command with arguments: compat's
 * are schema names and versions, which `./-x` would not pass.
 */
const PATH_COMMANDS = new WeakSet<Command>();

/** Declares that `command`'s arguments are files or folders, so that the advice below is given for it. */
export function takesPaths(command: Command): Command {
  PATH_COMMANDS.add(command);
  return command;
}

/**
 * What to do when `error` refuses, as an unknown flag of `command`, a name of the working folder
 * that `command` takes as an argument; `undefined` otherwise.
 */
export function unknownFlagAdvice(command: Command | undefined, error: CommanderError): string | undefined {
  if (error.code !== "commander.unknownOption" || command === undefined || !PATH_COMMANDS.has(command))
    return undefined;
  // Commander's words: `error: unknown option '<flag>'`, then its suggestion on a line of its own.
  const flag = /^error: unknown option '(.*)'(?:\n|$)/s.exec(error.message)?.[1];
  if (flag === undefined || !isName(flag)) return undefined;
  return `${JSON.stringify(flag)} is the name of a file or folder here too: to pass it, write ./${flag}, or put it after --`;
}

function isName(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

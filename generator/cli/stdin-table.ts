/**
 * `-` as a table argument of `inspect` and `validate`: the table piped in on stdin
 * (`cat t.arrow | legolas validate -`). A pipe cannot be read in ranges, as the runtime reads a
 * file (its footer first, then batch by batch), so it is read as its bytes come, a message at a
 * time (the runtime's `openPipedTable`): memory holds a batch, not the table, as for a path. A
 * file named `-` is `./-`.
 */
import { openPipedTable, openTableFile, type TableFile } from "legolas-ts";
import { UsageError } from "./errors.js";

export const STDIN_ARGUMENT = "-";

/**
 * Refuses `-` when stdin is a terminal: the command would wait for a table typed in. `command` is
 * `legolas validate` or `legolas inspect`.
 */
export function checkStdinArgument(command: string, args: readonly string[]): void {
  if (args.includes(STDIN_ARGUMENT) && process.stdin.isTTY === true)
    throw new UsageError(
      `"-" reads the table from stdin, which is a terminal here: pipe the table in (cat table.arrow | ${command} -) or pass its path (a file named "-" is ./-)`,
    );
}

/**
 * Opens the table argument `path` for one pass over its batches: `-`, stdin, as its bytes come
 * (it can be read once: the command lists it once), anything else by its path or URL.
 */
export function openTableArgument(path: string): Promise<TableFile> {
  return path === STDIN_ARGUMENT ? openPipedTable(process.stdin, STDIN_ARGUMENT) : openTableFile(path);
}

/**
 * `-` as a table argument of `inspect` and `validate`: the table piped in on stdin
 * (`cat t.arrow | legolas validate -`). A pipe cannot be read in ranges, as the runtime reads a
 * table (its footer first, then batch by batch), so stdin is read to its end into one buffer and
 * given to `openTableFile` as bytes: the table is held in memory whole, where a path's is read a
 * batch at a time. A file named `-` is `./-`.
 */
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

/** What `openTableFile` reads for the argument `path`: the bytes of stdin for `-`, else the path itself. */
export async function tableSource(path: string): Promise<string | Uint8Array> {
  return path === STDIN_ARGUMENT ? readStdin() : path;
}

let stdinBytes: Promise<Uint8Array> | undefined;

/** stdin to its end, read once (a second read of the same argument gets the same bytes). */
function readStdin(): Promise<Uint8Array> {
  stdinBytes ??= (async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of process.stdin as AsyncIterable<Uint8Array>) chunks.push(chunk);
    // One fresh buffer, at offset 0: Arrow reads its buffers without a copy when they are 8-byte aligned.
    const bytes = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return bytes;
  })();
  return stdinBytes;
}

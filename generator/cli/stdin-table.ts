/**
 * `-` as a table argument of `inspect` and `validate`: the table piped in on stdin
 * (`cat t.arrow | legolas validate -`). A pipe cannot be read in ranges, as the runtime reads a
 * table (its footer first, then batch by batch), so stdin is read to its end into one buffer and
 * given to `openTableFile` as bytes: the table is held in memory whole, where a path's is read a
 * batch at a time. A file named `-` is `./-`.
 */
import { constants } from "node:buffer";
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

/**
 * The largest table `-` takes: the most one buffer holds, 4 GiB in Node 20. Larger input is
 * refused as soon as it is seen, not once all of it is held (its copy into one buffer would fail).
 */
export const MOST_STDIN_BYTES = constants.MAX_LENGTH;

let stdinBytes: Promise<Uint8Array> | undefined;

/** stdin to its end, read once (a second read of the same argument gets the same bytes). */
function readStdin(): Promise<Uint8Array> {
  stdinBytes ??= readWhole(process.stdin, MOST_STDIN_BYTES);
  return stdinBytes;
}

/**
 * The bytes of `input` in one fresh buffer, at offset 0: Arrow reads its buffers without a copy
 * when they are 8-byte aligned. Its chunks and their copy are held together at the end, so memory
 * peaks at about twice the table (docs/cli.md says so).
 */
export async function readWhole(input: AsyncIterable<Uint8Array>, most: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of input) {
    length += chunk.length;
    if (length > most)
      throw new UsageError(
        `the table piped in on stdin is larger than ${most} bytes, the most one buffer holds, and "-" holds a table whole: pass its path instead, whose table is read a batch at a time`,
      );
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

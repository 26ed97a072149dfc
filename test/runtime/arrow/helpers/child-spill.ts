/**
 * A reader process for piped-spill.test.ts: it reads its stdin as a piped table (openPipedTable),
 * which the test fills with the first part of an IPC file with no Schema message, so that its
 * bytes go to a temporary file in TMPDIR; it says "spilling" once they are in it (the input was
 * asked for more after them), and waits there for the rest, which never comes, to be killed.
 * Bundled with rolldown by piped-spill.test.ts and run with plain node.
 */
import { openPipedTable } from "../../../../runtime/arrow/piped-table.js";
// Installs the spill to a temporary file (the Node layer's way of keeping such a file).
import "../../../../runtime/arrow/table-files.js";

const announceAfter = Number(process.argv[2]);

async function* announced(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let given = 0;
  for await (const chunk of input) {
    yield chunk;
    given += chunk.length;
    // Asked for more: what was given before has been written (the spill pulls a piece once it
    // has written the one before).
    if (given >= announceAfter) process.stdout.write("spilling\n");
  }
}

await openPipedTable(announced(process.stdin), "-");

/**
 * A piped IPC file that can be read only from its footer (its stream holds no Schema message, as
 * apache-arrow's file writer writes it) kept on disk until it has all come, not in memory (Node
 * only; installed by arrow/table-files.ts through arrow/piped-table.ts's `useWholePipedFiles`).
 * Its bytes are written as they come to a private temporary file (mode 0600, a new name) in the
 * system's temporary folder (`os.tmpdir()`: `TMPDIR`), which is then read as a file by its path
 * is, with that read's checks and errors. The file is removed as soon as it is opened: its bytes
 * stay readable through the open file until the read closes it, and nothing is left on disk
 * however the read ends (finished, refused, left early, never read). Until then it is one of
 * temporary-files.ts's, removed if the process exits or a signal ends it.
 */
import { type FileHandle, open, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { writeFully } from "../../file-call-limit.js";
import { systemCodeOf } from "../../file-errors.js";
import { settleTemporary, temporaryPath } from "../../temporary-files.js";
import type { RandomAccessSource } from "./byte-source.js";
import { SourceReadError } from "./errors.js";
import { openFileSource } from "./file-source.js";
import type { PipedBytes } from "./piped-bytes.js";

/**
 * Writes every byte of `pipe` (its first held byte the file's first) to a temporary file and opens
 * it as a source named `name`. A `SourceReadError` that says what to do when the file cannot be
 * written (a full disk, a temporary folder that is missing or read-only); what the input throws
 * is thrown as it is. No file is left either way.
 */
export async function spillWholePipedFile(pipe: PipedBytes, name: string): Promise<RandomAccessSource> {
  const folder = tmpdir();
  const failed = (error: unknown) => spillFailure(error, folder, name);
  const path = temporaryPath(folder);
  const handle = await open(path, "wx", 0o600).catch((error: unknown) => {
    // Not created: nothing to remove (a name taken is not this read's).
    settleTemporary(path);
    throw failed(error);
  });
  try {
    await writeAndClose(handle, pipe.handOver(), failed);
    const source = await openFileSource(path, undefined, name);
    await remove(path);
    return source;
  } catch (error) {
    await remove(path);
    throw error;
  }
}

/** Writes `chunks` to `handle` and closes it: the file system's failures are `failed(error)`, the input's are thrown as they are. */
async function writeAndClose(
  handle: FileHandle,
  chunks: AsyncIterable<Uint8Array>,
  failed: (error: unknown) => SourceReadError,
): Promise<void> {
  try {
    for await (const chunk of chunks)
      await writeFully(handle, chunk).catch((error: unknown) => Promise.reject(failed(error)));
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  // A network file system may report a failed write only now.
  await handle.close().catch((error: unknown) => Promise.reject(failed(error)));
}

/** Removes the temporary file; where the system refuses, it is left to temporary-files.ts's removal at exit. */
async function remove(path: string): Promise<void> {
  await unlink(path).then(
    () => settleTemporary(path),
    (error: unknown) => {
      if (systemCodeOf(error) === "ENOENT") settleTemporary(path);
    },
  );
}

function spillFailure(error: unknown, folder: string, name: string): SourceReadError {
  const why = systemCodeOf(error) ?? String(error);
  return new SourceReadError(
    name,
    `it is an Arrow IPC file whose stream holds no Schema message (apache-arrow's file writer writes none), so it is read from its footer, which comes last, and its bytes are kept until then in a temporary file in ${folder}, which could not be written (${why}). Pass the table's path instead of piping it, or set TMPDIR to a folder with room for it`,
    { cause: error },
  );
}

/**
 * A piped IPC file that can be read only from its footer (its stream holds no Schema message, as
 * apache-arrow's file writer writes it) kept on disk until it has all come, not in memory (Node
 * only; installed by arrow/table-files.ts through arrow/piped-table.ts's `useWholePipedFiles`).
 * Its bytes are written as they come to a private temporary file (mode 0600, a new name) in the
 * system's temporary folder (`os.tmpdir()`: `TMPDIR`), which is then read as a file by its path
 * is, with that read's checks and errors. The file is opened twice, to write and to read, and its
 * name removed at once, before a byte is written: the system keeps its bytes while either is open
 * and frees them when both are closed, by the read or by the end of the process however it ends
 * (SIGKILL and an out-of-memory kill, which run no code, included). Only a process killed in the
 * few system calls between its creation and its removal leaves it, a `.legolas-tmp-*` file as a
 * killed writeTable leaves one. Where the system refuses to remove a file that is open (Windows
 * without POSIX deletion), it is removed once the read has failed, or else at exit
 * (temporary-files.ts).
 */
import { type FileHandle, open, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { writeFully } from "../../file-call-limit.js";
import { systemCodeOf } from "../../file-errors.js";
import { settleTemporary, temporaryPath } from "../../temporary-files.js";
import { ReadableFile } from "../guard/checked-file.js";
import type { RandomAccessSource } from "./byte-source.js";
import { SourceReadError } from "./errors.js";
import { openedFileSource } from "./file-source.js";
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
  const writing = await open(path, "wx", 0o600).catch((error: unknown) => {
    // Not created: nothing to remove (a name taken is not this read's).
    settleTemporary(path);
    throw failed(error);
  });
  const reading = await open(path, "r").catch(async (error: unknown) => {
    await writing.close().catch(() => undefined);
    await remove(path);
    throw failed(error);
  });
  const removed = await remove(path);
  try {
    await writeAndClose(writing, pipe.handOver(), failed);
    return openedFileSource(await ReadableFile.ofHandle(path, reading), name);
  } catch (error) {
    await reading.close().catch(() => undefined);
    if (!removed) await remove(path);
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

/**
 * Removes the temporary file's name, and says whether it is gone; where the system refuses, it is
 * left to temporary-files.ts's removal at exit.
 */
async function remove(path: string): Promise<boolean> {
  const gone = await unlink(path).then(
    () => true,
    (error: unknown) => systemCodeOf(error) === "ENOENT",
  );
  if (gone) settleTemporary(path);
  return gone;
}

function spillFailure(error: unknown, folder: string, name: string): SourceReadError {
  const why = systemCodeOf(error) ?? String(error);
  return new SourceReadError(
    name,
    `it is an Arrow IPC file whose stream holds no Schema message (apache-arrow's file writer writes none), so it is read from its footer, which comes last, and its bytes are kept until then in a temporary file in ${folder}, which could not be written (${why}). Pass the table's path instead of piping it, or set TMPDIR to a folder with room for it`,
    { cause: error },
  );
}

/**
 * The only module of the Arrow I/O that touches the file system (Node's `fs`), so that a browser
 * build can drop it and keep everything that works on bytes.
 *
 * Writes are atomic: the bytes go to a temporary file in the destination's folder (the same file
 * system, so that `rename` is atomic), which is flushed to disk and then renamed over the
 * destination. A reader sees the old file or the new one, never a mix; a failure before the
 * rename removes the temporary file and leaves the old file as it was. A process killed before
 * the rename can leave its temporary file behind (nothing runs at SIGKILL); its name starts with
 * the destination's and says what it is, so it is easy to recognise and remove.
 *
 * Reading lives in file-reads.ts.
 */
import { randomBytes } from "node:crypto";
import { open, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The name of the temporary file written before it is renamed to `path`. */
export function temporaryPathFor(path: string): string {
  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  return join(dirname(path), `.${basename(path)}.legolas-tmp-${suffix}`);
}

/** `true` for a file name {@link temporaryPathFor} makes (to find leftovers of killed writers). */
export function isTemporaryFileName(name: string): boolean {
  return /\.legolas-tmp-\d+-[0-9a-f]{8}$/.test(name);
}

/**
 * Writes `chunks` to `path` atomically. The chunks are consumed while they are written, so a
 * producer that validates and encodes batch by batch fails before the rename, never after.
 */
export async function writeFileAtomic(path: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
  const temporary = temporaryPathFor(path);
  const handle = await open(temporary, "wx");
  let renamed = false;
  try {
    for await (const chunk of chunks) await writeFully(handle, chunk);
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
    renamed = true;
    await syncFolder(dirname(path));
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
    }
  }
}

/** Node refuses one write of more than 2 GiB - 1 bytes (a batch body of a table over 2 GiB can be one chunk). */
const MAX_WRITE_BYTES = 2 ** 30;

async function writeFully(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, written, Math.min(chunk.byteLength - written, MAX_WRITE_BYTES));
    written += bytesWritten;
  }
}

/** Makes the rename itself durable. Not every platform can open a folder; that is not an error. */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, "r");
    await handle.sync();
  } catch {
    // Windows, some network file systems: the rename is still atomic, only its durability is not.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

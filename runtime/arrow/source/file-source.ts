/**
 * A local file as a {@link RandomAccessSource} (Node only): positioned reads through
 * guard/checked-file.ts, so a reader of a few columns reads a few ranges of the file, and every
 * protection of the whole-file read holds: regular files only, reads whole or a
 * `FileChangedError`, the file's size and times checked unchanged after each batch that read from it.
 * A signal stops it between its positioned reads (a read in flight ends: it does not wait on
 * anyone), and one aborted before it is opened opens nothing.
 */
import { ReadableFile } from "../guard/checked-file.js";
import type { ByteRange, RandomAccessSource } from "./byte-source.js";
import { readMerged } from "./coalesce.js";
import { throwIfReadAborted } from "./errors.js";

/**
 * Ranges this close are read in one system call. Buffers are padded to 8 bytes, so the buffers of
 * neighbouring columns are merged, and a column of the next field's size is not read past.
 */
const MAX_GAP = 4096;

class FileSource implements RandomAccessSource {
  bytesRead = 0;
  private readsDone = 0;
  /** The latest check of the file (in flight or done), and the reads done when it began, which it vouches for. */
  private lastCheck: { readonly reads: number; readonly check: Promise<void> } | null = null;

  constructor(
    private readonly file: ReadableFile,
    private readonly signal: AbortSignal | undefined,
    readonly name: string,
  ) {}

  get size(): number {
    return this.file.size;
  }

  read(ranges: readonly ByteRange[]): Promise<Uint8Array[]> {
    return readMerged(ranges, MAX_GAP, async ({ at, length }) => {
      const bytes = await this.file.readAt(at, length, this.signal);
      this.bytesRead += length;
      this.readsDone++;
      return bytes;
    });
  }

  /**
   * Checks the file only when something was read since a check began: the bytes of many small
   * batches come in one read (ipc/batch-loader.ts), and one check after it vouches for them all.
   */
  assertUnchanged(): Promise<void> {
    const reads = this.readsDone;
    if (this.lastCheck !== null && this.lastCheck.reads >= reads) return this.lastCheck.check;
    const check = this.file.assertUnchanged();
    this.lastCheck = { reads, check };
    return check;
  }

  assertNotAborted(): void {
    throwIfReadAborted(this.file.path, this.signal);
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/**
 * Opens the regular file at `path`, read until `signal` aborts; a `FileAccessError` when it
 * cannot be read, a `SourceReadError` (nothing opened) when `signal` has aborted.
 */
export async function openFileSource(path: string, signal?: AbortSignal): Promise<RandomAccessSource> {
  throwIfReadAborted(path, signal);
  return new FileSource(await ReadableFile.open(path), signal, path);
}

/**
 * `file`, opened already, as a source named `name` in the errors of the table read from it: a
 * file that holds a table piped in (piped-spill.ts) is named as the pipe is.
 */
export function openedFileSource(file: ReadableFile, name: string): RandomAccessSource {
  return new FileSource(file, undefined, name);
}

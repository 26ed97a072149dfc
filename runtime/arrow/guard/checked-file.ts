/**
 * Reading a file that someone else may be writing, replacing or misnaming. Every reader of
 * legolas-ts (readTable, readTableBatches, readModelRow and what builds on them, the CLI) opens
 * files here, so that each of them:
 *
 * - reads regular files only (symbolic links are followed). A device such as /dev/zero never
 *   ends and a FIFO blocks until a writer comes: both are refused with a `FileAccessError` at
 *   once. The file is opened non-blocking, so even opening a FIFO cannot hang.
 * - reads exactly the size the file had when it was opened, never more: a file whose size
 *   cannot be known is not read at all, and one that grows is not followed.
 * - never loops on a read that returns nothing and never returns a short read: a file that
 *   ends early, or whose size or change time moved while it was read (it was truncated, or
 *   rewritten in place), is a `FileChangedError`, and nothing read from it is returned.
 *
 * A file replaced by a rename (what writeTable does) is not a change: the reader holds the file
 * it opened and reads it whole. What cannot be caught: a rewrite in place that keeps the size
 * and lands within the file system's timestamp granularity (kernels before 6.13 stamp changes
 * with a clock that ticks every few milliseconds); hence "replace, never edit" (SECURITY.md).
 */
import { Buffer, constants as bufferConstants } from "node:buffer";
import { constants as fsConstants, type BigIntStats } from "node:fs";
import { open, readlink, type FileHandle } from "node:fs/promises";
import { FileAccessError, FileChangedError } from "../../errors.js";
import { MAX_BYTES_PER_FILE_CALL } from "../../file-call-limit.js";
import { asFileAccessError, checkPathArgument, notRegularFile } from "../../file-errors.js";
import { pathsNear } from "./near-paths.js";
import { throwIfReadAborted } from "../source/errors.js";

/** Limits of {@link readFileBytes}; defaults are the platform's. Tests make them small. */
export interface WholeFileLimits {
  /** Files larger than this are refused (default: the largest Buffer, `buffer.constants.MAX_LENGTH`). */
  readonly maxBytes?: number;
  /**
   * Bytes read per chunk (default 256 MiB), each straight into the buffer returned. Reading
   * through a reused staging buffer instead, copied across, was the default for validated tables
   * of 32 MiB or more from session 2 of issue 24 to session 14, for a machine where bytes `read(2)`
   * wrote into fresh memory were slow to read first; where that is not so, it costs ~13% of a
   * validated read's CPU (BENCHMARKS.md, "Issue 24, 2026-12-06 session 14").
   */
  readonly chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 256 * 2 ** 20;

/** What identifies one state of a file: the same file (device, inode), with the same size and change times. */
interface FileState {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly ctimeNs: bigint;
  readonly mtimeNs: bigint;
  readonly nlink: bigint;
}

function stateOf(stats: BigIntStats): FileState {
  return {
    dev: stats.dev,
    ino: stats.ino,
    size: stats.size,
    ctimeNs: stats.ctimeNs,
    mtimeNs: stats.mtimeNs,
    nlink: stats.nlink,
  };
}

/**
 * Whether the content may have changed from `before` to `after`. The modification time moves
 * on every write; the change time also moves on a write, and cannot be set back by a copy that
 * keeps times (`cp -p`), but it moves too when the file is unlinked or replaced by a rename
 * (its link count drops), which leaves the content as it was: then only the size and the
 * modification time tell.
 */
function contentMayDiffer(before: FileState, after: FileState): boolean {
  if (after.dev !== before.dev || after.ino !== before.ino || after.mtimeNs !== before.mtimeNs) return true;
  return after.nlink === before.nlink && after.ctimeNs !== before.ctimeNs;
}

/** A regular file opened for reading, whose every read is whole and checked against the state it was opened in. */
export class ReadableFile {
  private constructor(
    readonly path: string,
    readonly handle: FileHandle,
    private readonly opened: FileState,
  ) {}

  /** Opens `path` if it is a regular file; a `FileAccessError` otherwise. */
  static async open(path: string): Promise<ReadableFile> {
    checkPathArgument(path, "read");
    let handle: FileHandle;
    try {
      // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
      handle = await open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    } catch (error) {
      throw (await danglingLink(error, path)) ?? asFileAccessError(error, path, "read", () => pathsNear(path));
    }
    return ReadableFile.ofHandle(path, handle);
  }

  /**
   * The file open as `handle` (which it closes on failure), named `path` in errors, read as it is
   * now: one whose name may be gone (piped-spill.ts removes its file once it is open) is read
   * through its handle. A `FileAccessError` when it is no regular file.
   */
  static async ofHandle(path: string, handle: FileHandle): Promise<ReadableFile> {
    try {
      const stats = await handle.stat({ bigint: true });
      if (!stats.isFile()) throw notRegularFile(path, "read", stats);
      return new ReadableFile(path, handle, stateOf(stats));
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw asFileAccessError(error, path, "read");
    }
  }

  /** The size the file had when it was opened: every read stays within it. */
  get size(): number {
    return Number(this.opened.size);
  }

  /**
   * Fills `target` from `position` on, or throws `FileChangedError` when the file ends first, or
   * the `SourceReadError` of an aborted read when `signal` has aborted before one of its calls.
   */
  async readInto(target: Uint8Array, position: number, signal?: AbortSignal): Promise<void> {
    if (position + target.byteLength > this.size) {
      throw new FileChangedError(
        this.path,
        `a read of ${target.byteLength} bytes at ${position} runs past the ${this.size} bytes it had when opened`,
      );
    }
    let filled = 0;
    while (filled < target.byteLength) {
      throwIfReadAborted(this.path, signal);
      const length = Math.min(target.byteLength - filled, MAX_BYTES_PER_FILE_CALL);
      let bytesRead: number;
      try {
        ({ bytesRead } = await this.handle.read(target, filled, length, position + filled));
      } catch (error) {
        throw asFileAccessError(error, this.path, "read");
      }
      if (bytesRead === 0) {
        throw new FileChangedError(
          this.path,
          `it ended after ${position + filled} of the ${this.size} bytes it had when opened`,
        );
      }
      filled += bytesRead;
    }
  }

  /** `length` bytes at `position`, all of them, unless `signal` aborts first (see {@link readInto}). */
  async readAt(position: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const bytes = unfilledBytes(length);
    await this.readInto(bytes, position, signal);
    return bytes;
  }

  /** Throws `FileChangedError` when the file is no longer in the state it was opened in. */
  async assertUnchanged(): Promise<void> {
    let now: FileState;
    try {
      now = stateOf(await this.handle.stat({ bigint: true }));
    } catch (error) {
      throw asFileAccessError(error, this.path, "read");
    }
    if (now.size !== this.opened.size) {
      throw new FileChangedError(this.path, `its size went from ${this.opened.size} to ${now.size} bytes`);
    }
    if (contentMayDiffer(this.opened, now)) {
      throw new FileChangedError(this.path, "it was written to in place");
    }
  }

  /**
   * The whole file, read chunk by chunk into one buffer of its own (byteOffset 0, so Arrow reads
   * it without copying). Beyond `limits.maxBytes` a `FileAccessError` names the file and points
   * to `readTableBatches`, which holds a batch at a time (and at most 16 MiB of batches read ahead).
   */
  async readAll(limits: WholeFileLimits = {}): Promise<Uint8Array> {
    return this.readAllInto(this.wholeBuffer(limits), limits);
  }

  /** {@link readAll} into `bytes`, a {@link wholeBuffer} (pipelined-read.ts reads into it again what it does not take). */
  async readAllInto(bytes: Uint8Array, limits: WholeFileLimits = {}): Promise<Uint8Array> {
    const chunkBytes = Math.max(1, Math.min(limits.chunkBytes ?? DEFAULT_CHUNK_BYTES, this.size));
    for (let position = 0; position < bytes.byteLength; position += chunkBytes) {
      await this.readInto(bytes.subarray(position, Math.min(position + chunkBytes, bytes.byteLength)), position);
    }
    await this.assertUnchanged();
    return bytes;
  }

  /** An unfilled buffer of the file's size for {@link readAll} (and pipelined-read.ts), or its `FileAccessError` past `limits.maxBytes`. */
  wholeBuffer(limits: WholeFileLimits = {}): Uint8Array {
    const maxBytes = limits.maxBytes ?? bufferConstants.MAX_LENGTH;
    if (this.size > maxBytes) {
      throw new FileAccessError(
        this.path,
        "read",
        "ERR_FS_FILE_TOO_LARGE",
        `it is ${this.size} bytes, more than one buffer holds on this platform (${maxBytes} bytes); read it batch by batch with readTableBatches(path)`,
      );
    }
    return unfilledBytes(this.size);
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/**
 * A buffer of `length` bytes that is not zero-filled first (as `readFile`'s): the readers here
 * read every byte into it, or drop it with an error.
 */
function unfilledBytes(length: number): Uint8Array {
  return new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
}

/** The whole regular file at `path`, unchanged while it was read. */
export async function readFileBytes(path: string, limits: WholeFileLimits = {}): Promise<Uint8Array> {
  const file = await ReadableFile.open(path);
  try {
    return await file.readAll(limits);
  } finally {
    await file.close();
  }
}

/**
 * The refusal of `path` when `error` is its open's ENOENT and `path` is a symbolic link: the name
 * is there, as a link to nothing (a git-annex file not fetched), which "no such file or folder;
 * check the path" would deny. `null` otherwise.
 */
async function danglingLink(error: unknown, path: string): Promise<FileAccessError | null> {
  if ((error as { code?: unknown } | null)?.code !== "ENOENT") return null;
  const target = await readlink(path).catch(() => null);
  if (target === null) return null;
  return new FileAccessError(
    path,
    "read",
    "ENOENT",
    `it is a symbolic link to ${target}, which leads to no file (a git-annex file not fetched? get it, e.g. git annex get); fetch the file or fix the link`,
    { cause: error },
  );
}

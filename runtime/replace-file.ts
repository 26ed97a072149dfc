/**
 * Replacing files atomically (Node only): the one place where legolas-ts puts bytes at a user's
 * path. `writeTable` / `writeModelRow` replace one file; `legolas generate` and `legolas docs`
 * replace a set of files all or nothing.
 *
 * A replacement writes a temporary file in the destination's folder (the same file system, so
 * that `rename` is atomic), flushes it, and renames it over the destination: a reader sees the
 * old file or the new one, never a mix. What the path *is* stays what it was:
 *
 * - a symbolic link is followed (link by link, so a dangling link is followed too) and its final
 *   target is replaced, in the target's folder; the link stays a link; a `..` after a linked
 *   folder goes up from where the link leads, as the file system reads the path;
 * - the new file takes the replaced file's permission bits (`rwx` for user, group and others;
 *   setuid, setgid and sticky bits are not carried) and, where the process may (as root), its
 *   owner and group;
 * - a file nobody may write (no `w` bit at all, e.g. 0444), or one the process could not open
 *   for writing, is not replaced: `FileAccessError` (`EACCES`) says to `chmod u+w` it. Root
 *   could write it, but 0444 is how a user marks a file read-only;
 * - a folder, a FIFO, a device are never replaced (`FileAccessError`), nor is a path that names a
 *   folder by its last part (`out/`, `out/.`), whatever is there: `resolve` would drop that part
 *   and write a file named `out`;
 * - hard links: a rename gives the path a new inode, so other hard links to the old file keep
 *   the old content. This cannot be atomic otherwise; replace every link, or use symbolic links.
 *
 * Temporary files (temporary-files.ts) are named `.legolas-tmp-<pid>-<8 hex>`, and removed when
 * the process exits or a signal ends it before their rename; only SIGKILL or a power loss can
 * leave one behind.
 *
 * Every file-system failure is a `FileAccessError` naming the user's path (never the temporary
 * file), the operation and the system's code.
 */
import { type BigIntStats, constants, type Stats } from "node:fs";
import {
  access,
  copyFile,
  link,
  lstat,
  open,
  readlink,
  realpath,
  rename,
  stat,
  unlink,
  type FileHandle,
} from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { FileAccessError, type FileOperation } from "./errors.js";
import { writeFully } from "./file-call-limit.js";
import {
  asFileAccessError,
  checkPathArgument,
  fileAccessRefusal,
  notRegularFile,
  systemCodeOf,
} from "./file-errors.js";
import { holdingSignals, settleTemporary, temporaryPath } from "./temporary-files.js";

/** Symbolic links followed at most (Linux's own limit is 40). */
const MAX_LINK_HOPS = 40;

/**
 * Writes `chunks` to `path` atomically (see the module's comment). `signal`, aborted before the
 * rename (while the new file is flushed, say), leaves `path` as it was: the rename is the point
 * of no return.
 */
export async function replaceFile(
  path: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  signal?: AbortSignal,
): Promise<void> {
  const destination = await destinationOf(path);
  const staged = await stage(destination, chunks);
  try {
    signal?.throwIfAborted();
    await atDestination(destination, "replace", () => rename(staged, destination.target));
    settleTemporary(staged);
  } catch (error) {
    await removeAll([staged]);
    throw error;
  }
  await syncFolder(dirname(destination.target));
}

/**
 * Creates `path` with `content`, whole or not at all, never replacing what is there (a file, a
 * link, a dangling one too): a `FileAccessError` with `systemCode` `EEXIST` then. The content is
 * written and flushed under a temporary name, then hard-linked into place, which like a rename is
 * atomic and unlike one fails on a name that is taken; so a full disk or a killed process leaves
 * no empty or partial file at `path` that a next run would take for the user's. On a file system
 * without hard links the file is created at `path` itself (`wx`: never over one), written and
 * flushed, and removed if that fails, but only while `path` is still the file this call created.
 * Which of the two a folder takes is asked first ({@link takesHardLinks}, once per file system),
 * so the content is written once either way: a staged copy no link can put in place would be
 * written for nothing.
 */
export async function createFile(path: string, content: string | Uint8Array): Promise<void> {
  checkPathArgument(path, "write");
  const target = await physicalPath(path);
  const bytes = asBytes(content);
  if (!(await takesHardLinks(dirname(target)))) {
    await fileOperation(path, "write", () => createInPlace(target, bytes));
    await syncFolder(dirname(target));
    return;
  }
  const staged = await stage({ path, target, existing: null }, [bytes]);
  try {
    await fileOperation(path, "write", () =>
      link(staged, target).catch((error: unknown) => {
        if (!NO_HARD_LINKS.has(systemCodeOf(error) ?? "")) throw error;
        return createInPlace(target, bytes);
      }),
    );
  } finally {
    await removeAll([staged]);
  }
  await syncFolder(dirname(target));
}

/**
 * Creates `target` with `bytes` where no hard link can put a flushed file in place. A failure
 * removes the file only if this call created it and `target` still names it (its device and
 * inode): one that failed before creating it (EACCES, EROFS, ...) leaves what another process has
 * created there since, a lock of generator/write/output-lock.ts say, which a blind `unlink` would
 * delete, letting two runs hold the lock.
 */
async function createInPlace(target: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(target, "wx", 0o666);
  // As bigints: a 64-bit inode number (NTFS's file ids) is exact only so.
  let created: BigIntStats | null = null;
  try {
    created = await handle.stat({ bigint: true });
    await writeFully(handle, bytes);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    const now = await lstat(target, { bigint: true }).catch(() => null);
    if (created !== null && now !== null && now.ino === created.ino && now.dev === created.dev) {
      await unlink(target).catch(() => undefined);
    }
    throw error;
  }
}

/**
 * The answer of {@link takesHardLinks} per device (`stat`'s `dev`), for the life of the process:
 * one probe per file system, not one per file created (`legolas generate` takes its lock with
 * `createFile` on every run, `--watch` on every change). A device whose answer changes (another
 * file system mounted under a reused number) still gets each file: a cached `true` that `link`
 * then refuses falls back to creating the file in place ({@link createFile}).
 */
const hardLinksByDevice = new Map<bigint, boolean>();

/**
 * Whether `folder`'s file system takes hard links: an empty temporary file linked to a second
 * temporary name, both removed, once per device. `true` unless `link` says it has none (a folder
 * that cannot be written, or is not there, is for the staged write to report, in its words; such
 * an answer is not kept).
 */
async function takesHardLinks(folder: string): Promise<boolean> {
  const device = await stat(folder, { bigint: true }).then(
    (stats) => stats.dev,
    () => null,
  );
  const known = device === null ? undefined : hardLinksByDevice.get(device);
  if (known !== undefined) return known;
  const probe = temporaryPath(folder);
  const handle = await open(probe, "wx").catch(() => null);
  if (handle === null) {
    settleTemporary(probe);
    return true;
  }
  await handle.close().catch(() => undefined);
  const linked = temporaryPath(folder);
  const refusal = await link(probe, linked).then(
    () => null,
    (error: unknown) => systemCodeOf(error) ?? "",
  );
  await removeAll(refusal === null ? [linked, probe] : [probe]);
  if (refusal !== null) settleTemporary(linked);
  // Another refusal (a full folder, a link count at its limit) says nothing of the file system.
  if (refusal !== null && !NO_HARD_LINKS.has(refusal)) return true;
  if (device !== null) hardLinksByDevice.set(device, refusal === null);
  return refusal === null;
}

/** What `link` says on a file system that has no hard links (FAT, exFAT, some network shares). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

/** One file of a set to replace: its new content, or `null` to remove it. */
export interface FileChange {
  readonly path: string;
  readonly content: string | Uint8Array | null;
}

/**
 * Applies every change or none: each destination is checked and each new file written and
 * flushed before the first rename; if a rename fails, the files already replaced get their old
 * content back (each old file is kept as a temporary copy until the set is done).
 * A signal that would end the process (Ctrl-C's SIGINT, SIGTERM, SIGHUP) during the renames
 * ends it once they are done (or undone), with its exit code (temporary-files.ts,
 * `holdingSignals`). Only a process killed outright (SIGKILL, a power loss), or stopped by a second
 * signal during the renames, leaves some files old and some new (each whole).
 */
export async function replaceFiles(changes: readonly FileChange[]): Promise<void> {
  const destinations = await Promise.all(
    changes.map((change) => (change.content === null ? removalOf(change.path) : destinationOf(change.path))),
  );
  const staged: (string | null)[] = [];
  try {
    for (const [k, change] of changes.entries()) {
      staged.push(change.content === null ? null : await stage(destinations[k]!, [asBytes(change.content)]));
    }
  } catch (error) {
    await removeAll(staged);
    throw error;
  }
  const undo: (() => Promise<unknown>)[] = [];
  const backups: string[] = [];
  // Removals last: whoever sees a file gone also sees the new files that no longer name it
  // (a generated index.ts that stopped exporting a removed schema's module).
  const order = [...changes.keys()].sort(
    (a, b) => Number(changes[a]!.content === null) - Number(changes[b]!.content === null),
  );
  // From the first rename to the last (or the last undone), a signal that would end the process
  // waits: Ctrl-C there would leave some files new and some old.
  await holdingSignals(async () => {
    try {
      for (const k of order) {
        const { path, target, existing } = destinations[k]!;
        const backup = existing === null ? null : await keepBackup(path, target, existing);
        if (backup !== null) backups.push(backup);
        const file = staged[k];
        if (file === null || file === undefined) {
          if (backup === null) continue;
          await fileOperation(path, "remove", () => unlink(target));
          undo.push(() => rename(backup, target));
        } else {
          await atDestination(destinations[k]!, "replace", () => rename(file, target));
          settleTemporary(file);
          undo.push(backup === null ? () => unlink(target) : () => rename(backup, target));
        }
      }
    } catch (error) {
      for (const restore of undo.reverse()) await restore().catch(() => undefined);
      await removeAll([...staged, ...backups]);
      throw error;
    }
    await removeAll(backups);
    for (const folder of new Set(destinations.map((d) => dirname(d.target)))) await syncFolder(folder);
  });
}

interface Destination {
  /** The path the user gave, for messages. */
  readonly path: string;
  /** The file to replace: `path` with every symbolic link followed. */
  readonly target: string;
  /** What is there now, or `null` when nothing is. */
  readonly existing: Stats | null;
  /** `true` when `path` is a symbolic link (a chain of them), `target` the file it leads to. */
  readonly linked?: boolean;
}

/** A path's ending that names a folder: a separator, or a last part "." or "..". */
const FOLDER_ENDING = sep === "/" ? /(?:^|\/)\.{0,2}$/ : /(?:^|[\\/])\.{0,2}$/;

/** Where the new file goes, after checking that what is there may be replaced. */
async function destinationOf(path: string): Promise<Destination> {
  checkPathArgument(path, "write");
  const folderEnding = path === "" ? null : FOLDER_ENDING.exec(path);
  if (folderEnding !== null) {
    throw new FileAccessError(
      path,
      "write",
      null,
      `it ends in "${folderEnding[0]}", so it names a folder, not a file: name a file inside it`,
    );
  }
  let target = await physicalPath(path);
  for (let hops = 0; hops <= MAX_LINK_HOPS; hops++) {
    const existing = await lstatIfPresent(path, "write", target);
    if (existing?.isSymbolicLink()) {
      const linked = await fileOperation(path, "write", () => readlink(target));
      target = await physicalPath(resolve(dirname(target), linked));
      continue;
    }
    if (existing !== null) await checkReplaceable(path, target, existing);
    return { path, target, existing, linked: hops > 0 };
  }
  throw fileAccessRefusal(path, "write", "ELOOP");
}

/** A file to remove: the path itself (a symbolic link is removed, not its target); gone already is fine. */
async function removalOf(path: string): Promise<Destination> {
  checkPathArgument(path, "remove");
  const target = await physicalPath(path);
  return { path, target, existing: await lstatIfPresent(path, "remove", target) };
}

/**
 * `path` absolute, its folder as the file system finds it: the folder's own symbolic links
 * resolved, so that a `..` after one (`data/../t.arrow` with `data` a link, or a link's target
 * `../t.arrow` in a linked folder) goes up from where the link leads, as every read of the path
 * does, not from where the link stands, as `resolve` alone would (writing another file than the
 * one read). A folder that is not there stays as given: creating the file then says so.
 */
async function physicalPath(path: string): Promise<string> {
  const folder = await realpath(dirname(path)).catch(() => null);
  return folder === null ? resolve(path) : join(folder, basename(path));
}

/** What is at `target`, or `null` when nothing is. */
async function lstatIfPresent(path: string, operation: FileOperation, target: string): Promise<Stats | null> {
  return fileOperation(path, operation, () => lstat(target)).catch((error: unknown) => {
    if ((error as FileAccessError).systemCode === "ENOENT") return null;
    throw error;
  });
}

async function checkReplaceable(path: string, target: string, existing: Stats): Promise<void> {
  if (existing.isDirectory()) throw fileAccessRefusal(path, "write", "EISDIR");
  if (!existing.isFile()) throw notRegularFile(path, "write", existing);
  const mode = (existing.mode & 0o777).toString(8).padStart(3, "0");
  if ((existing.mode & 0o222) === 0) {
    throw new FileAccessError(
      path,
      "write",
      "EACCES",
      `the file is read-only (mode ${mode}); make it writable first (chmod u+w) if it is to be replaced`,
    );
  }
  // The rename needs only the folder's permission; the file's own is what the user meant.
  const refusal = await access(target, constants.W_OK).then(
    () => null,
    (error: unknown) => systemCodeOf(error),
  );
  // No owner or mode can make a read-only file system writable: say so, not whom to ask.
  if (refusal === "EROFS") throw fileAccessRefusal(path, "write", refusal);
  if (refusal !== null) {
    throw new FileAccessError(
      path,
      "write",
      "EACCES",
      `this user may not write the file (mode ${mode}, owner ${existing.uid}); ask its owner, or write elsewhere`,
    );
  }
  await checkStickyFolder(path, target, existing);
}

/**
 * In a folder with the sticky bit (as /tmp, or a shared scratch folder, mode 1777), only the
 * file's owner, the folder's owner or root may rename over a file: a rename by anyone else fails
 * with EPERM after the whole new file was written, which the folder-must-be-writable advice
 * would explain wrongly (the folder is writable). Said before anything is written.
 */
async function checkStickyFolder(path: string, target: string, existing: Stats): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0 || existing.uid === uid) return;
  const folder = await stat(dirname(target)).catch(() => null);
  if (folder === null || (folder.mode & 0o1000) === 0 || folder.uid === uid) return;
  throw new FileAccessError(
    path,
    "write",
    "EPERM",
    `its folder has the sticky bit (mode ${(folder.mode & 0o7777).toString(8)}, as /tmp has), where only the file's owner (uid ${existing.uid}) or the folder's may replace it, and this user is neither; ask the owner to remove it, or write elsewhere`,
  );
}

/** Writes and flushes a temporary file beside `destination.target`, with the old file's mode and owner. */
async function stage(
  destination: Destination,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<string> {
  const { path, target, existing } = destination;
  const temporary = temporaryPath(dirname(target));
  // A replaced file's copy starts private and gets the old mode below; a new file gets the usual 0666 & ~umask.
  const handle = await atDestination(destination, "write", () =>
    open(temporary, "wx", existing === null ? 0o666 : 0o600),
  ).catch(async (error: unknown) => {
    // Not created (or, were the name taken, not ours): nothing to remove.
    settleTemporary(temporary);
    throw (await temporaryPathTooLong(error, destination, temporary)) ?? error;
  });
  let staged = false;
  try {
    if (existing !== null) await keepOwnerAndMode(path, handle, existing);
    for await (const chunk of chunks) await atDestination(destination, "write", () => writeFully(handle, chunk));
    await atDestination(destination, "write", () => handle.sync());
    await atDestination(destination, "write", () => handle.close());
    staged = true;
    return temporary;
  } finally {
    if (!staged) {
      await handle.close().catch(() => undefined);
      await removeAll([temporary]);
    }
  }
}

/**
 * The refusal of a temporary path past the system's limit on a path's length (PATH_MAX, 4,096
 * bytes on Linux) when the target's own, shorter, path is within it: a short name (`a.ts`) in a
 * folder whose path is near the limit. The temporary name, however short, is longer than such a
 * name, and Node cannot name a file from an open folder (no `openat`), so the write cannot be
 * made there; the system's own words ("longer than the file system allows") would call the
 * user's path too long, which it is not. `null` for any other failure, and when the folder
 * itself cannot be reached (a name in it too long).
 */
async function temporaryPathTooLong(
  error: unknown,
  { path, target }: Destination,
  temporary: string,
): Promise<FileAccessError | null> {
  if ((error as FileAccessError).systemCode !== "ENAMETOOLONG") return null;
  const [targetBytes, temporaryBytes] = [Buffer.byteLength(target), Buffer.byteLength(temporary)];
  if (
    targetBytes >= temporaryBytes ||
    !(await stat(dirname(target)).then(
      () => true,
      () => false,
    ))
  )
    return null;
  return new FileAccessError(
    path,
    "write",
    "ENAMETOOLONG",
    `its path fits, but the temporary file the write goes through first, beside it, makes a path of ${temporaryBytes} bytes (this one is ${targetBytes}), past the system's limit on a path's length; write to a folder with a path at least ${temporaryBytes - targetBytes} bytes shorter`,
    { cause: error },
  );
}

async function keepOwnerAndMode(path: string, handle: FileHandle, existing: Stats): Promise<void> {
  const owner = await handle.stat();
  if (owner.uid !== existing.uid || owner.gid !== existing.gid) {
    // Only root (or a member of the group) may give a file away; anyone else keeps their own ownership.
    await handle.chown(existing.uid, existing.gid).catch(() => undefined);
  }
  await fileOperation(path, "write", () => handle.chmod(existing.mode & 0o777));
}

/**
 * Keeps the old file under a temporary name until a set of replacements is done, to put it back:
 * a copy (it is only read back on failure), not a hard link, which would give the file a second
 * name in its folder while it is replaced; a dev server's watcher (Vite 8's) took that for a
 * change of the old file and missed about one replacement in four, serving the old module.
 */
async function keepBackup(path: string, target: string, existing: Stats): Promise<string> {
  const backup = temporaryPath(dirname(target));
  await fileOperation(path, "replace", () =>
    existing.isFile() ? copyFile(target, backup, constants.COPYFILE_EXCL) : link(target, backup),
  ).catch((error: unknown) => {
    settleTemporary(backup);
    throw error;
  });
  return backup;
}

/**
 * {@link fileOperation} in the folder of `destination.target`; when `path` is a symbolic link the
 * failure also names the file it leads to, whose folder (not the link's) must be writable, have
 * room, and exist.
 */
async function atDestination<T>(destination: Destination, operation: FileOperation, run: () => Promise<T>): Promise<T> {
  const { path, target, linked } = destination;
  try {
    return await fileOperation(path, operation, run);
  } catch (error) {
    if (linked !== true || !(error instanceof FileAccessError) || error.path !== path) throw error;
    const advice = `${error.advice} (${path} is a symbolic link: the file written is ${target}, in its own folder)`;
    throw new FileAccessError(path, error.operation, error.systemCode, advice, { cause: error.cause });
  }
}

/** Runs a file-system operation on `path`'s behalf, its failure a `FileAccessError` naming `path`. */
async function fileOperation<T>(path: string, operation: FileOperation, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asFileAccessError(error, path, operation);
  }
}

function asBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? new TextEncoder().encode(content) : content;
}

/** Removes temporary files (renamed ones are gone already). */
async function removeAll(paths: readonly (string | null)[]): Promise<void> {
  for (const path of paths) {
    if (path === null) continue;
    await unlink(path).catch(() => undefined);
    settleTemporary(path);
  }
}

/** Makes the renames themselves durable. Not every platform can open a folder; that is not an error. */
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

/**
 * Creating the folder a tool writes into (Node only): `legolas generate`, `docs` and `init`
 * create their output folder and the folders above it that are missing.
 *
 * Node's recursive `mkdir` reports a failure to create a missing folder as `ENOENT` (it asks
 * whether the folder exists after its `mkdir` failed, and says that it does not), so a read-only
 * file system, a full disk or an exhausted quota read as "its folder does not exist; create it
 * first". The real cause is then asked of the first missing folder's own `mkdir`. And it reports
 * a file where the folder should be (`--out generated.ts`) as Node's bare `EEXIST: file already
 * exists, mkdir`: that is said as what is in the way, and what to do.
 */
import type { Stats } from "node:fs";
import { lstat, mkdir, rmdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { FileAccessError } from "./errors.js";
import { asFileAccessError, systemCodeOf } from "./file-errors.js";
import { removeFolderAtExit, settleFolder } from "./temporary-files.js";

/**
 * Creates `folder` and the missing folders above it; a failure is a `FileAccessError` naming
 * `folder`. Returns the topmost folder it created, resolved; `undefined` when `folder` was there.
 */
export async function createFolder(folder: string): Promise<string | undefined> {
  try {
    const topmost = await mkdir(folder, { recursive: true });
    return topmost === undefined ? undefined : resolve(topmost);
  } catch (error) {
    // A link to nothing fails as ENOENT, and its own mkdir (the cause) as EEXIST.
    const cause = systemCodeOf(error) === "ENOENT" ? await causeOf(error, folder) : error;
    throw systemCodeOf(cause) === "EEXIST" ? await notAFolder(folder) : asFileAccessError(cause, folder, "write");
  }
}

/**
 * Creates `folder` (as {@link createFolder}) and runs `fill`, which writes into it. The folders
 * this call created are removed again if `fill` fails, or the process ends (an exit, Ctrl-C's
 * SIGINT, SIGTERM) before it is done: a first run stopped before its files were in place leaves
 * no empty output folder behind. Each is removed only while empty (a signal during the renames of
 * `replaceFiles` is held until they are done, so their files keep it), and a folder that was
 * there before is left as it was.
 *
 * Two runs may create one folder at once: the second finds it there, and the first, ending
 * before its files are in, removes it again before the second has written into it (taken a
 * lock in it, say). A `fill` that fails with `folder` gone, which this call did not remove,
 * wrote nothing that is left: it runs once more, into `folder` created again, and fails as it
 * fails when that happens twice.
 */
export async function fillNewFolder<T>(folder: string, fill: () => Promise<T>): Promise<T> {
  const first = await fillFolder(folder, fill);
  const outcome = "error" in first && first.vanished ? await fillFolder(folder, fill) : first;
  if ("error" in outcome) throw outcome.error;
  return outcome.value;
}

type FillOutcome<T> = { readonly value: T } | { readonly error: unknown; readonly vanished: boolean };

/** {@link fillNewFolder}'s one attempt; `vanished`: `fill` failed, and `folder` was gone by then. */
async function fillFolder<T>(folder: string, fill: () => Promise<T>): Promise<FillOutcome<T>> {
  // Listed before mkdir: a signal between its creating them and their listing would leave them.
  const missing = await missingFolders(folder);
  for (const path of missing) removeFolderAtExit(path);
  try {
    const topmost = await createFolder(folder);
    // Those above the topmost were there by then (another process made them): not this call's.
    const created = topmost === undefined ? [] : missing.slice(0, missing.indexOf(topmost) + 1);
    for (const path of missing) if (!created.includes(path)) settleFolder(path);
    try {
      return { value: await fill() };
    } catch (error) {
      // Asked before this call removes what it created: gone now, another process removed it.
      const vanished = !(await exists(folder));
      for (const path of created) await rmdir(path).catch(() => undefined);
      return { error, vanished };
    }
  } finally {
    for (const path of missing) settleFolder(path);
  }
}

/** `folder` (resolved) and the folders above it up to the first that is there, deepest first; none when it is there. */
async function missingFolders(folder: string): Promise<string[]> {
  const missing: string[] = [];
  for (let path = resolve(folder); !(await exists(path)); path = dirname(path)) {
    missing.push(path);
    if (dirname(path) === path) break;
  }
  return missing;
}

/**
 * Throws the `FileAccessError` that {@link createFolder} would for `folder` when something is in
 * the way (a file or a link to nothing at its path, a file where a folder above it should be),
 * without creating anything: for a command that must refuse a path before it starts, and may
 * never write (`generate --watch` before its first successful run).
 */
export async function assertFolderPath(folder: string): Promise<void> {
  let stats: Stats;
  try {
    stats = await stat(folder);
  } catch (error) {
    if (systemCodeOf(error) !== "ENOENT") throw asFileAccessError(error, folder, "write");
    // Missing, which createFolder makes; or a symbolic link to nothing, which it cannot.
    if (await exists(folder)) throw await notAFolder(folder);
    return;
  }
  if (!stats.isDirectory()) throw await notAFolder(folder);
}

/** Why the first missing folder of `folder`'s path could not be made; `error` when nothing says more. */
async function causeOf(error: unknown, folder: string): Promise<unknown> {
  let missing = resolve(folder);
  for (let parent = dirname(missing); parent !== missing; missing = parent, parent = dirname(missing)) {
    if (await exists(parent))
      return mkdir(missing).then(
        () => error,
        (cause: unknown) => cause,
      );
  }
  return error;
}

/** The refusal of `folder`, which is there and no folder: a file, or a symbolic link to nothing. */
async function notAFolder(folder: string): Promise<FileAccessError> {
  const what = await stat(folder).then(
    (stats) => (stats.isFile() ? "a file" : "neither a file nor a folder"),
    () => "a symbolic link to nothing",
  );
  return new FileAccessError(
    folder,
    "write",
    "EEXIST",
    `it is ${what}, not a folder to write into; name a folder (a missing one is created), or move it away`,
  );
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

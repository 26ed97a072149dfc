/**
 * The files a missing path may have meant: `data/runs.arow` -> `data/runs.arrow`, and a misspelt
 * folder, `dat/runs.arrow` -> `data/runs.arrow`. Asked only once a read has failed with ENOENT
 * and its error's message is read (file-errors.ts), so a read that succeeds, or a caller that
 * only tests the error's code, lists nothing, and the listing may be synchronous; the folder is listed once (its parent too when the folder
 * itself is missing), and not a folder of over 10,000 names; a name too far from every entry gives none.
 */
import { type Dir, opendirSync, statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { closestNames } from "../../did-you-mean.js";

/** The paths close to `path`, written as `path` is (its folder part kept), or none. */
export function pathsNear(path: string): string[] {
  const name = basename(path);
  const folder = path.slice(0, path.length - name.length);
  const entries = listed(dirname(path));
  if (entries !== null) return closestNames(name, entries).map((entry) => folder + entry);
  return inNearFolders(path, name, folder);
}

/**
 * `name` in the folders close to `path`'s missing folder, where it is a file: the folder is the
 * slip, so the name must be there as given.
 */
function inNearFolders(path: string, name: string, folder: string): string[] {
  const folderPath = dirname(path);
  const folderName = basename(folderPath);
  // A missing folder with no name of its own ("/", ".") or a path of one name: no parent to look in.
  if (folderName === "" || folderName === "." || folderName === ".." || folder === "") return [];
  const trimmed = folder.replace(/[\\/]+$/, "");
  const parentPart = trimmed.slice(0, trimmed.length - folderName.length);
  const separator = folder.slice(trimmed.length);
  const siblings = listed(dirname(folderPath));
  if (siblings === null) return [];
  return closestNames(folderName, siblings)
    .map((sibling) => parentPart + sibling + separator + name)
    .filter(isFile);
}

/**
 * The most names a folder may hold to be looked in: listing a million takes seconds, which a read
 * that has already failed should not wait for, and a part of a folder's names (listed in no
 * order) could suggest a far name where a near one is there unlisted.
 */
const MAX_NAMES = 10_000;

/**
 * The names in `folder`, or `null` when it cannot be listed (missing, not a folder, no
 * permission) or holds more than {@link MAX_NAMES}.
 */
function listed(folder: string): string[] | null {
  let entries: Dir;
  try {
    entries = opendirSync(folder);
  } catch {
    return null;
  }
  const names: string[] = [];
  try {
    for (let entry = entries.readSync(); entry !== null; entry = entries.readSync())
      if (names.push(entry.name) > MAX_NAMES) return null;
    return names;
  } catch {
    return null;
  } finally {
    entries.closeSync();
  }
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

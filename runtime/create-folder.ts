/**
 * Creating the folder a tool writes into (Node only): `legolas generate`, `docs` and `init`
 * create their output folder and the folders above it that are missing.
 *
 * Node's recursive `mkdir` reports a failure to create a missing folder as `ENOENT` (it asks
 * whether the folder exists after its `mkdir` failed, and says that it does not), so a read-only
 * file system, a full disk or an exhausted quota read as "its folder does not exist; create it
 * first". The real cause is then asked of the first missing folder's own `mkdir`.
 */
import { lstat, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { asFileAccessError, systemCodeOf } from "./file-errors.js";

/** Creates `folder` and the missing folders above it; a failure is a `FileAccessError` naming `folder`. */
export async function createFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw asFileAccessError(systemCodeOf(error) === "ENOENT" ? await causeOf(error, folder) : error, folder, "write");
  }
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

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

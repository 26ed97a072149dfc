/**
 * Where the patch of `generate --check` applies from, and the command that applies it. git takes
 * a patch's paths from the root of the repository it runs in (outside one, from the working
 * folder) and refuses a path that climbs out of it (`a/../x`); run in a subfolder, it skips,
 * silently, the paths outside that subfolder. So the paths start at the root of the repository
 * that holds the output folder, and the advice runs git there, `git -C <root> apply`, unless a
 * plain `git apply` in the working folder takes them: the working folder is in that repository
 * and holds the output folder. An output folder in no repository takes its paths from the
 * working folder when it lies inside it, else from the output folder itself (or the nearest of
 * its parents that exists).
 */
import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { repositoryRoot } from "./git.js";
import { commandLine } from "./wording.js";

export interface PatchRoot {
  /** The output folder relative to the root, with `/` separators (`""` for the root itself). */
  readonly folder: string;
  /** The command, run in the working folder, that applies the patch given on its stdin. */
  readonly apply: string;
}

/** Where the patch of the output folder `out` (a path from the working folder) applies from. */
export function patchRoot(out: string): PatchRoot {
  const here = realpathSync(".");
  // git names a repository by its real path; the output folder may not exist yet, git -C needs one that does.
  const existing = nearestExistingFolder(resolve(out));
  const real = realpathSync(existing);
  const folder = join(real, relative(existing, resolve(out)));
  const root = repositoryRoot(existing) ?? (isInside(folder, here) ? here : real);
  const plain = root === (repositoryRoot() ?? here) && isInside(folder, here);
  const apply = plain ? ["git", "apply"] : ["git", "-C", root, "apply"];
  return { folder: relative(root, folder).split(sep).join(posix.sep), apply: commandLine(apply) };
}

function nearestExistingFolder(path: string): string {
  return existsSync(path) || dirname(path) === path ? path : nearestExistingFolder(dirname(path));
}

function isInside(path: string, folder: string): boolean {
  const from = relative(folder, path);
  return from !== ".." && !from.startsWith(`..${sep}`) && !isAbsolute(from);
}

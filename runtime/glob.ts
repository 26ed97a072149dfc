/**
 * Files named by a pattern, as a shell would expand it: the patterns `readTableBatches` takes (every
 * `.arrow` file below `runs/`, say) and the file arguments of `legolas validate`
 * (generator/cli/file-args.ts). Node 20 has no `fs.glob`
 * (it arrived in 22), and a shell expands unquoted patterns anyway, so this is the small subset a
 * quoted pattern needs:
 *
 * - `*` any characters within one path segment, `?` one character (neither matches a leading `.`);
 * - `**` as a whole segment: zero or more folders, links to folders included (as `*` follows them),
 *   each real folder walked once, so that a link back up ends the walk instead of looping; as the
 *   last segment, every file below (`runs/**` as `runs/**` + `/*`), as zsh, bash's globstar and
 *   Node 22's `fs.glob` expand it, where zero or more folders alone would name no file.
 *
 * Each pattern's matches are sorted. A folder that cannot be listed is returned as a path of its
 * own, so that its reader reports it instead of silently reading fewer files. The folders are
 * listed asynchronously: a server expanding a pattern over a large tree (or a network file
 * system) keeps answering meanwhile.
 */
import { readdir, realpath, stat } from "node:fs/promises";
import type { Dirent } from "node:fs";
import { join, sep } from "node:path";

/** Whether `arg` holds a wildcard. */
export function isPattern(arg: string): boolean {
  return /[*?]/.test(arg);
}

/** The files matching a pattern of `*`, `?` and `**` segments, sorted. */
export async function globFiles(pattern: string): Promise<string[]> {
  const segments = pattern.split(/[\\/]/);
  const absolute = segments[0] === "";
  const fixed: string[] = [];
  while (segments.length > 1 && !isPattern(segments[0]!)) fixed.push(segments.shift()!);
  const base = fixed.length === 0 ? "." : absolute && fixed.length === 1 ? sep : fixed.join(sep);
  const prefix = fixed.length === 0 ? "" : base === sep ? sep : base + sep;
  const out: string[] = [];
  await walk(base, prefix, segments, out, new Set());
  return [...new Set(out)].sort();
}

/**
 * `walked` holds each real folder a `**` has walked, with the segments left after it: a folder
 * reached again, through a link back up or a second link to it, holds no other match.
 */
async function walk(
  folder: string,
  shown: string,
  segments: readonly string[],
  out: string[],
  walked: Set<string>,
): Promise<void> {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  if (segment === "**") {
    const real = await realpath(folder).catch(() => folder);
    const key = `${segments.length}:${real}`;
    if (walked.has(key)) return;
    walked.add(key);
    await walk(folder, shown, rest.length === 0 ? ["*"] : rest, out, walked); // zero folders
    for (const entry of await entries(folder, shown, out)) {
      if (entry.name.startsWith(".") || !(await isFolderEntry(folder, entry))) continue;
      await walk(join(folder, entry.name), `${shown}${entry.name}${sep}`, segments, out, walked);
    }
    return;
  }
  const matcher = segmentMatcher(segment);
  for (const entry of await entries(folder, shown, out)) {
    if (!matcher(entry.name)) continue;
    const path = `${shown}${entry.name}`;
    const folderEntry = await isFolderEntry(folder, entry);
    // Anything else the name matches is meant, as a shell's expansion means it: a link whose
    // target is missing (a git-annex or DVC file not fetched) or a FIFO is reported by its
    // reader, not skipped, so that a folder of valid files and a missing one never passes.
    if (rest.length === 0) {
      if (!folderEntry) out.push(path);
    } else if (folderEntry) {
      await walk(join(folder, entry.name), `${path}${sep}`, rest, out, walked);
    }
  }
}

/** Whether an entry of `folder` is a folder, or a link to one. */
async function isFolderEntry(folder: string, entry: Dirent): Promise<boolean> {
  return entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(join(folder, entry.name))));
}

/** A test for one segment: `*` and `?` never match a leading dot, as in a shell. */
export function segmentMatcher(segment: string): (name: string) => boolean {
  if (!isPattern(segment)) return (name) => name === segment;
  const source = segment
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  // "s": a file name may hold a newline, and `*` and `?` must match it as any other character.
  const regex = new RegExp(`^${source}$`, "su");
  return (name) => regex.test(name) && !(name.startsWith(".") && !segment.startsWith("."));
}

/**
 * The entries of `folder`; none when it does not exist. A folder that exists but cannot be
 * listed (EACCES) is returned to the caller as a path of its own, so that the command reports
 * it as unreadable instead of silently checking fewer files.
 */
async function entries(folder: string, shown: string, out: string[]): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") out.push(shown === "" ? folder : shown.slice(0, -sep.length));
    return [];
  }
}

/** Whether `path` is a folder (or a link to one). */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

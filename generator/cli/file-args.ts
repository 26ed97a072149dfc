/**
 * File arguments of commands that take many tables (`legolas validate`): paths, URLs, folders and
 * glob patterns:
 *
 * - a pattern of `*`, `?` and `**` segments: the files it matches (the runtime's glob, runtime/glob.ts);
 * - a folder: every `*.arrow` file below it, recursively (hidden entries skipped);
 * - anything else is taken as a path or URL, so a missing file is reported by the command, per file.
 *
 * Results keep the order of the arguments; each pattern's matches are sorted; a file named again
 * (however it is spelled) is dropped.
 */
import { resolve } from "node:path";
import { globFiles, isFolder, isHttpUrl, isPattern } from "legolas-ts/internal/internal";

export interface ExpandedFiles {
  readonly files: string[];
  /** Patterns that matched no file (a usage error: probably a typo). */
  readonly unmatched: string[];
}

export async function expandFileArguments(args: readonly string[]): Promise<ExpandedFiles> {
  const files: string[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  // One file however it is spelled (`a.arrow`, `./a.arrow`, `data/../a.arrow`): read once, counted once.
  const add = (file: string) => {
    const key = isHttpUrl(file) ? file : resolve(file);
    if (!seen.has(key)) files.push(file), seen.add(key);
  };
  for (const arg of args) {
    // A URL's `?` starts its query (a presigned URL's signature), no pattern.
    if (isHttpUrl(arg)) add(arg);
    else if (isPattern(arg)) {
      const matches = await globFiles(arg);
      if (matches.length === 0) unmatched.push(arg);
      matches.forEach(add);
    } else if (await isFolder(arg)) {
      const matches = await arrowFilesBelow(arg);
      if (matches.length === 0) unmatched.push(arg);
      matches.forEach(add);
    } else {
      add(arg);
    }
  }
  return { files, unmatched };
}

function arrowFilesBelow(folder: string): Promise<string[]> {
  return globFiles(`${folder.replace(/[\\/]+$/, "")}/**/*.arrow`);
}

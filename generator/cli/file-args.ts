/**
 * File arguments of commands that take many tables (`legolas validate`): paths, URLs, folders and
 * glob patterns:
 *
 * - `-`: the table on stdin (stdin-table.ts), never a file or folder of that name, which is `./-`;
 * - a pattern of `*`, `?` and `**` segments: the files it matches (the runtime's glob, runtime/glob.ts);
 * - a folder: every `*.arrow` file below it, recursively (hidden entries skipped);
 * - anything else is taken as a path or URL, so a missing file is reported by the command, per file.
 *
 * Results keep the order of the arguments; each pattern's matches are sorted; a file named again
 * (however it is spelled, a link to it too) is dropped.
 */
import { fileKey, globFiles, isFolder, isHttpUrl, isPattern, namedNodeFile } from "legolas-ts/internal/internal";
import { extname, relative } from "node:path";
import { STDIN_ARGUMENT } from "./stdin-table.js";
import { counted } from "./wording.js";

export interface ExpandedFiles {
  readonly files: string[];
  /** Patterns that matched no file (a usage error: probably a typo). */
  readonly unmatched: string[];
}

export async function expandFileArguments(args: readonly string[]): Promise<ExpandedFiles> {
  const named: (readonly string[])[] = [];
  const unmatched: string[] = [];
  for (const arg of args) {
    // A URL's `?` starts its query (a presigned URL's signature), no pattern.
    if (arg === STDIN_ARGUMENT || isHttpUrl(arg)) named.push([arg]);
    else if (isPattern(arg)) {
      const matches = (await globFiles(arg)).map(notStdin);
      if (matches.length === 0) unmatched.push(arg);
      named.push(matches);
    } else if (await isFolder(arg)) {
      const matches = await arrowFilesBelow(arg);
      if (matches.length === 0) unmatched.push(arg);
      named.push(matches);
    } else {
      named.push([arg]);
    }
  }
  return { files: await onceEach(named.flat()), unmatched };
}

/**
 * `files` in order, each file once however it is named (`a.arrow`, `./a.arrow`, a link to it):
 * read once, counted once. Known as readTableBatches knows a listed file, by what the disk holds
 * under its name, so that the command and the library agree on what one file is.
 */
async function onceEach(files: readonly string[]): Promise<string[]> {
  // Asked of every file at once: one stat each, none waiting on another's.
  const keys = await Promise.all(
    files.map(async (file) => {
      // Not the file named `-`: a disk's key is a resolved path or a file number, never `-`.
      if (file === STDIN_ARGUMENT) return file;
      const namedFile = namedNodeFile(file);
      return namedFile === undefined ? file : fileKey(namedFile);
    }),
  );
  const seen = new Set<string>();
  return files.filter((_, index) => {
    if (seen.has(keys[index]!)) return false;
    seen.add(keys[index]!);
    return true;
  });
}

/** A pattern's match named `-` (a file in the working folder) spelt `./-`, as it is read: `-` is stdin. */
function notStdin(match: string): string {
  return match === STDIN_ARGUMENT ? `./${match}` : match;
}

function arrowFilesBelow(folder: string): Promise<string[]> {
  return globFiles(`${folder.replace(/[\\/]+$/, "")}/**/*.arrow`);
}

/**
 * Why `arg`, which matched no `.arrow` file, matched none: for a folder that holds other files
 * (`README.txt`, tables named `.feather` or `.arrows`), that a folder gives only its `*.arrow`
 * files, with the first few others, and a pattern for those that may be tables; `""` otherwise.
 */
export async function unmatchedReason(arg: string): Promise<string> {
  if (isPattern(arg) || !(await isFolder(arg))) return "";
  const folder = arg.replace(/[\\/]+$/, "");
  const others = (await globFiles(`${folder}/**`)).map((file) => relative(folder, file));
  if (others.length === 0) return "";
  const shown = others.slice(0, SHOWN_OTHERS).join(", ") + (others.length > SHOWN_OTHERS ? ", ..." : "");
  const extension = others.map((file) => extname(file).slice(1)).find((ext) => ext !== "" && !NOT_TABLES.has(ext));
  const pattern =
    extension === undefined
      ? ""
      : `, by path or by a quoted pattern such as ${JSON.stringify(`${folder}/**/*.${extension}`)}`;
  return ` (a folder gives the *.arrow files below it; it holds ${counted(others.length, "other file")}, ${shown}: name the tables among them${pattern})`;
}

const SHOWN_OTHERS = 3;

/** Extensions of the files that sit beside tables and are none: no pattern is advised for them. */
const NOT_TABLES: ReadonlySet<string> = new Set(["txt", "md", "json", "csv", "yaml", "yml", "log"]);
